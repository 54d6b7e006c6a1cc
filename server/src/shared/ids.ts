import { randomUUID } from 'node:crypto';
import { NotFoundError } from './errors';

export const newId = (): string => randomUUID();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not even well-formed cannot exist, so it is reported as not found rather than crashing a query. */
export function requireUuid(what: string, id: string): string {
  if (!uuidPattern.test(id)) throw new NotFoundError(what, id);
  return id.toLowerCase();
}
