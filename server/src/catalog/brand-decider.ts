import type { Decider } from '../commands/decider';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { BrandEvent } from './taxonomy-events';
import { sameName, taxonomyName } from './taxonomy-names';

/** Every brand of the shop, by id: its current name. */
export interface BrandsState {
  brands: Record<string, string>;
}

export type BrandCommand = { type: 'CreateBrand'; brandId: string; name: string } | { type: 'RenameBrand'; brandId: string; name: string };

export const initialState = (): BrandsState => ({ brands: {} });

export function evolve(state: BrandsState, event: BrandEvent): BrandsState {
  switch (event.type) {
    case 'BrandCreated':
    case 'BrandRenamed':
      return { brands: { ...state.brands, [event.data.brandId]: event.data.name } };
  }
}

/** Brand names are unique in a shop, case aside: a filter listing two "Acme"s would confuse. */
function nameFree(state: BrandsState, name: string, brandId: string) {
  const holder = Object.entries(state.brands).find(([id, other]) => id !== brandId && sameName(other, name));
  if (holder) throw new ConflictError(`A brand named "${holder[1]}" already exists`, { field: 'name', brandId: holder[0] });
}

export function decide(command: BrandCommand, state: BrandsState): BrandEvent[] {
  switch (command.type) {
    case 'CreateBrand': {
      if (state.brands[command.brandId] !== undefined) throw new ConflictError(`Brand ${command.brandId} already exists`);
      const name = taxonomyName(command.name);
      nameFree(state, name, command.brandId);
      return [{ type: 'BrandCreated', data: { brandId: command.brandId, name } }];
    }
    case 'RenameBrand': {
      const previousName = state.brands[command.brandId];
      if (previousName === undefined) throw new NotFoundError('Brand', command.brandId);
      const name = taxonomyName(command.name);
      if (name === previousName) return [];
      nameFree(state, name, command.brandId);
      return [{ type: 'BrandRenamed', data: { brandId: command.brandId, name, previousName } }];
    }
  }
}

export const brandDecider: Decider<BrandsState, BrandCommand, BrandEvent> = { streamType: 'Brands', initialState, evolve, decide };
