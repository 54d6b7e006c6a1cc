import { createHash, randomUUID } from 'node:crypto';
import { NotFoundError } from './errors';

export const newId = (): string => randomUUID();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not even well-formed cannot exist, so it is reported as not found rather than crashing a query. */
export function requireUuid(what: string, id: string): string {
  if (!uuidPattern.test(id)) throw new NotFoundError(what, id);
  return id.toLowerCase();
}

/**
 * A UUID (version 5 layout) derived from another id and a purpose, so a step retried after a
 * crash addresses the same payment or reservation instead of creating a second one.
 */
export function derivedId(base: string, purpose: string): string {
  const hash = createHash('sha1').update(`${base}/${purpose}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
