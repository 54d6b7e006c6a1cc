import { createHmac, hkdfSync } from 'node:crypto';
import type { EmailLookupKey } from '../accounts/events';

/**
 * A keyed hash (HMAC-SHA256) of a normalised email: what names an email's claim stream, so the
 * log can keep emails unique per shop and find an account by email without holding the address.
 * Keyed from DATA_KEK (HKDF), so it cannot be computed, and an address cannot be confirmed, without it.
 */
export function emailLookupKey(kek: Buffer): (normalizedEmail: string) => EmailLookupKey {
  const key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), 'ordercast email lookup v1', 32));
  return (normalizedEmail) => createHmac('sha256', key).update(normalizedEmail, 'utf8').digest('base64url') as EmailLookupKey;
}
