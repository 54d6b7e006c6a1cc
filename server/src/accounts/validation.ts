import { BadUserInputError } from '../shared/errors';

export const MIN_PASSWORD_LENGTH = 8;
/** scrypt takes any length, but a megabyte "password" is only there to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;
export const SHOP_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

// Deliberately loose: one @, something before it, a dotted domain after it, no spaces. Whether
// the address really receives mail only a confirmation message can tell.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails compare case-insensitively and without surrounding spaces. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function requireEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > 254 || !EMAIL_PATTERN.test(normalized)) throw new BadUserInputError('The email address is not valid', { field: 'email' });
  return normalized;
}

export function requirePassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadUserInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  if (password.length > MAX_PASSWORD_LENGTH) throw new BadUserInputError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`, { field: 'password' });
  return password;
}

export function requireName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 200) throw new BadUserInputError(`The ${field} must have 1 to 200 characters`, { field });
  return trimmed;
}

export function requireShopSlug(slug: string): string {
  if (!SHOP_SLUG_PATTERN.test(slug)) {
    throw new BadUserInputError('The shop slug must be 2 to 40 lowercase letters, digits or dashes, starting with a letter or digit', { field: 'slug' });
  }
  return slug;
}
