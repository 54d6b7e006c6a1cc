import type { Decider } from '../commands/decider';
import { ConflictError } from '../shared/errors';
import { SHOP_STREAM_TYPE, type ShopEvent } from './events';

export interface ShopState {
  shopId: string | undefined;
  name: string;
}

export type ShopCommand = { type: 'CreateShop'; shopId: string; name: string; ownerId: string | null };

export const shopDecider: Decider<ShopState, ShopCommand, ShopEvent> = {
  streamType: SHOP_STREAM_TYPE,
  initialState: () => ({ shopId: undefined, name: '' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ShopCreated':
        return { shopId: event.data.shopId, name: event.data.name };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateShop':
        if (state.shopId) throw new ConflictError(`The shop ${command.shopId} already exists`, { slug: command.shopId });
        return [{ type: 'ShopCreated', data: { shopId: command.shopId, name: command.name, ownerId: command.ownerId } }];
    }
  },
};
