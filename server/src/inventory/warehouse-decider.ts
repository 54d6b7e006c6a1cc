import type { Decider } from '../commands/decider';
import { BadUserInputError, ConflictError, NotFoundError } from '../shared/errors';
import { text } from '../shared/validation';
import type { WarehouseEvent } from './events';

export interface StorageLocation {
  code: string;
  name: string;
}

export interface WarehouseState {
  warehouseId: string | undefined;
  code: string;
  name: string;
  locations: StorageLocation[];
}

export type WarehouseCommand =
  | { type: 'CreateWarehouse'; warehouseId: string; code: string; name: string }
  | { type: 'AddStorageLocation'; warehouseId: string; code: string; name: string };

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

/** Codes are compared case-insensitively, so they are kept upper case. */
export function normalizeCode(field: string, code: string): string {
  const normalized = code.trim().toUpperCase();
  if (!CODE_PATTERN.test(normalized)) throw new BadUserInputError(`"${code}" is not a valid ${field}: use 1-32 letters, digits, ".", "_" or "-"`, { field });
  return normalized;
}

export const initialState = (): WarehouseState => ({ warehouseId: undefined, code: '', name: '', locations: [] });

export function evolve(state: WarehouseState, event: WarehouseEvent): WarehouseState {
  switch (event.type) {
    case 'WarehouseCreated':
      return { ...state, warehouseId: event.data.warehouseId, code: event.data.code, name: event.data.name };
    case 'StorageLocationAdded':
      return { ...state, locations: [...state.locations, { code: event.data.code, name: event.data.name }] };
  }
}

export const MAX_STORAGE_LOCATIONS = 1000;

export function decide(command: WarehouseCommand, state: WarehouseState): WarehouseEvent[] {
  switch (command.type) {
    case 'CreateWarehouse': {
      if (state.warehouseId) throw new ConflictError(`Warehouse ${command.warehouseId} already exists`);
      const code = normalizeCode('code', command.code);
      const name = text('name', command.name, { max: 200 });
      return [{ type: 'WarehouseCreated', data: { warehouseId: command.warehouseId, code, name } }];
    }
    case 'AddStorageLocation': {
      if (!state.warehouseId) throw new NotFoundError('Warehouse', command.warehouseId);
      const code = normalizeCode('code', command.code);
      const name = text('name', command.name, { max: 200 });
      if (state.locations.some((l) => l.code === code)) throw new ConflictError(`Storage location ${code} already exists in warehouse ${state.code}`, { locationCode: code });
      if (state.locations.length >= MAX_STORAGE_LOCATIONS) throw new BadUserInputError(`A warehouse holds at most ${MAX_STORAGE_LOCATIONS} storage locations`);
      return [{ type: 'StorageLocationAdded', data: { warehouseId: state.warehouseId, code, name } }];
    }
  }
}

export const warehouseDecider: Decider<WarehouseState, WarehouseCommand, WarehouseEvent> = { streamType: 'Warehouse', initialState, evolve, decide };
