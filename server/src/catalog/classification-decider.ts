import type { Decider } from '../commands/decider';
import type { ClassificationEvent } from './taxonomy-events';

/** A product's brand (at most one) and categories (any number, in the order they were added). */
export interface ClassificationState {
  brandId: string | null;
  categoryIds: string[];
}

/**
 * That the product, brand and category exist in the shop is checked before deciding (see
 * TaxonomyService): none of them can be deleted, so the check stays true.
 */
export type ClassificationCommand =
  | { type: 'SetProductBrand'; productId: string; brandId: string | null }
  | { type: 'AddProductCategory'; productId: string; categoryId: string }
  | { type: 'RemoveProductCategory'; productId: string; categoryId: string };

export const initialState = (): ClassificationState => ({ brandId: null, categoryIds: [] });

export function evolve(state: ClassificationState, event: ClassificationEvent): ClassificationState {
  switch (event.type) {
    case 'ProductBrandAssigned':
      return { ...state, brandId: event.data.brandId };
    case 'ProductBrandCleared':
      return { ...state, brandId: null };
    case 'ProductCategoryAdded':
      return { ...state, categoryIds: [...state.categoryIds, event.data.categoryId] };
    case 'ProductCategoryRemoved':
      return { ...state, categoryIds: state.categoryIds.filter((id) => id !== event.data.categoryId) };
  }
}

// Each command states the wanted outcome, so repeating it (a retried request) appends nothing.
export function decide(command: ClassificationCommand, state: ClassificationState): ClassificationEvent[] {
  const { productId } = command;
  switch (command.type) {
    case 'SetProductBrand': {
      if (command.brandId === state.brandId) return [];
      if (command.brandId === null) return [{ type: 'ProductBrandCleared', data: { productId, previousBrandId: state.brandId! } }];
      return [{ type: 'ProductBrandAssigned', data: { productId, brandId: command.brandId, previousBrandId: state.brandId } }];
    }
    case 'AddProductCategory':
      return state.categoryIds.includes(command.categoryId) ? [] : [{ type: 'ProductCategoryAdded', data: { productId, categoryId: command.categoryId } }];
    case 'RemoveProductCategory':
      return state.categoryIds.includes(command.categoryId) ? [{ type: 'ProductCategoryRemoved', data: { productId, categoryId: command.categoryId } }] : [];
  }
}

export const classificationDecider: Decider<ClassificationState, ClassificationCommand, ClassificationEvent> = { streamType: 'ProductClassification', initialState, evolve, decide };
