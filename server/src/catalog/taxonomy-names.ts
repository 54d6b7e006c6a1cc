import { BadUserInputError } from '../shared/errors';
import { text } from '../shared/validation';

export const MAX_TAXONOMY_NAME = 100;

/** A brand or category name: trimmed, 1-100 characters, storable (PostgreSQL text cannot hold NUL). */
export function taxonomyName(value: string): string {
  const name = text('name', value, { max: MAX_TAXONOMY_NAME });
  if (name.includes('\u0000')) throw new BadUserInputError('name must not contain NUL characters', { field: 'name' });
  return name;
}

/** Names compare without regard to case: "ACME" and "Acme" would be the same brand to a shopper. */
export const sameName = (a: string, b: string) => a.toLocaleLowerCase('en') === b.toLocaleLowerCase('en');
