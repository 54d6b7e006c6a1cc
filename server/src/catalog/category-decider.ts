import type { Decider } from '../commands/decider';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { CategoryEvent } from './taxonomy-events';
import { sameName, taxonomyName } from './taxonomy-names';

export interface CategoryEntry {
  name: string;
  parentId: string | null;
}

/** Every category of the shop, by id. A parent is fixed at creation, so the tree can have no cycle. */
export interface CategoriesState {
  categories: Record<string, CategoryEntry>;
}

export type CategoryCommand =
  | { type: 'CreateCategory'; categoryId: string; name: string; parentId: string | null }
  | { type: 'RenameCategory'; categoryId: string; name: string };

export const initialState = (): CategoriesState => ({ categories: {} });

export function evolve(state: CategoriesState, event: CategoryEvent): CategoriesState {
  switch (event.type) {
    case 'CategoryCreated':
      return { categories: { ...state.categories, [event.data.categoryId]: { name: event.data.name, parentId: event.data.parentId } } };
    case 'CategoryRenamed': {
      const entry = state.categories[event.data.categoryId]!;
      return { categories: { ...state.categories, [event.data.categoryId]: { ...entry, name: event.data.name } } };
    }
  }
}

/** Names are unique among siblings, case aside: "Shirts" may sit under both "Men" and "Women". */
function nameFreeAmongSiblings(state: CategoriesState, name: string, parentId: string | null, categoryId: string) {
  const sibling = Object.entries(state.categories).find(([id, c]) => id !== categoryId && c.parentId === parentId && sameName(c.name, name));
  if (sibling) throw new ConflictError(`A category named "${sibling[1].name}" already exists ${parentId ? 'under this parent' : 'at the top level'}`, { field: 'name', categoryId: sibling[0] });
}

export function decide(command: CategoryCommand, state: CategoriesState): CategoryEvent[] {
  switch (command.type) {
    case 'CreateCategory': {
      if (state.categories[command.categoryId]) throw new ConflictError(`Category ${command.categoryId} already exists`);
      if (command.parentId !== null && !state.categories[command.parentId]) throw new NotFoundError('Category', command.parentId);
      const name = taxonomyName(command.name);
      nameFreeAmongSiblings(state, name, command.parentId, command.categoryId);
      return [{ type: 'CategoryCreated', data: { categoryId: command.categoryId, name, parentId: command.parentId } }];
    }
    case 'RenameCategory': {
      const entry = state.categories[command.categoryId];
      if (!entry) throw new NotFoundError('Category', command.categoryId);
      const name = taxonomyName(command.name);
      if (name === entry.name) return [];
      nameFreeAmongSiblings(state, name, entry.parentId, command.categoryId);
      return [{ type: 'CategoryRenamed', data: { categoryId: command.categoryId, name, previousName: entry.name } }];
    }
  }
}

export const categoryDecider: Decider<CategoriesState, CategoryCommand, CategoryEvent> = { streamType: 'Categories', initialState, evolve, decide };
