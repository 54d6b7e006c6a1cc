import type { Decider } from '../commands/decider';
import { CUSTOMER_PRIVACY_STREAM_TYPE, type PrivacyEvent } from './events';

export interface CustomerPrivacyState {
  erased: boolean;
}

export type PrivacyCommand = { type: 'EraseCustomer'; customerId: string };

/** A person is erased once: asking again records nothing (the erasure's other steps are repeated, see ErasureService). */
export const customerPrivacyDecider: Decider<CustomerPrivacyState, PrivacyCommand, PrivacyEvent> = {
  streamType: CUSTOMER_PRIVACY_STREAM_TYPE,
  initialState: () => ({ erased: false }),
  evolve(state, event) {
    switch (event.type) {
      case 'CustomerErased':
        return { ...state, erased: true };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'EraseCustomer':
        return state.erased ? [] : [{ type: 'CustomerErased', data: { customerId: command.customerId } }];
    }
  },
};
