import { BadUserInputError } from '../shared/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_FILTER_IDS = 50;

/**
 * The ids of a list filter (`products(brandIds: …)`). A malformed one is the caller's mistake
 * (BAD_USER_INPUT); a well-formed id of no brand simply matches nothing, as a search would. An
 * empty list, like none, does not filter.
 */
export function filterIds(field: string, ids: readonly string[] | null | undefined): string[] | undefined {
  if (!ids || ids.length === 0) return undefined;
  if (ids.length > MAX_FILTER_IDS) throw new BadUserInputError(`${field} takes at most ${MAX_FILTER_IDS} ids`, { field });
  const bad = ids.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new BadUserInputError(`${field}: "${bad}" is not an id`, { field });
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
