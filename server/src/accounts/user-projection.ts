import type { Projection } from '../projector/projection';
import { userEventTypes, type UserEvent } from './events';
import { ERASED } from '../privacy/envelope';
import { privacyEventTypes, type PrivacyEvent } from '../privacy/events';

/** An erased email is kept as NULL: '[erased]' twice would break the per-shop unique email. */
const storedEmail = (email: string) => (email === ERASED ? null : email);

/** Users as the API shows them. No password hash here: sign-in checks the user's stream. */
export const userProjection: Projection = {
  name: 'users',
  tables: ['users'],
  eventTypes: [...userEventTypes, ...privacyEventTypes],
  async apply(recorded, { trx }) {
    const event = recorded as unknown as (UserEvent | PrivacyEvent) & typeof recorded;
    switch (event.type) {
      case 'UserRegistered': {
        const { userId, email, name, role } = event.data;
        await trx('users').insert({ tenant_id: recorded.tenantId, id: userId, email: storedEmail(email), name, role, created_at: recorded.recordedAt });
        return;
      }
      case 'CustomerErased':
        await trx('users').where({ tenant_id: recorded.tenantId, id: event.data.customerId }).update({ email: null, name: ERASED });
        return;
      case 'EmailChanged':
        await trx('users').where({ tenant_id: recorded.tenantId, id: event.data.userId }).update({ email: storedEmail(event.data.email) });
        return;
      case 'AccountRoleChanged':
        await trx('users').where({ tenant_id: recorded.tenantId, id: event.data.userId }).update({ role: event.data.role });
        return;
    }
  },
};
