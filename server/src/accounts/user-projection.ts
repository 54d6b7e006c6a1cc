import type { Projection } from '../projector/projection';
import { userEventTypes, type UserEvent } from './events';

/** Users as the API shows them. No password hash here: sign-in checks the user's stream. */
export const userProjection: Projection = {
  name: 'users',
  tables: ['users'],
  eventTypes: userEventTypes,
  async apply(recorded, { trx }) {
    const event = recorded as unknown as UserEvent & typeof recorded;
    switch (event.type) {
      case 'UserRegistered': {
        const { userId, email, name, role } = event.data;
        await trx('users').insert({ tenant_id: recorded.tenantId, id: userId, email, name, role, created_at: recorded.recordedAt });
        return;
      }
      case 'AccountRoleChanged':
        await trx('users').where({ tenant_id: recorded.tenantId, id: event.data.userId }).update({ role: event.data.role });
        return;
    }
  },
};
