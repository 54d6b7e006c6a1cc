import type { Projection } from '../projector/projection';
import { ACCOUNT_ACCESS_TOPIC, accountAccessEventTypes, type AccountAccessEvent } from './account-access-events';

/**
 * Each account's token version and whether it is disabled, which every request checks (through
 * a cache). The change it announces reaches every server process by NOTIFY at commit, and each
 * drops its cached entry for the account and closes the account's sockets whose tokens are dead.
 */
export const accountAccessProjection: Projection = {
  name: 'account-access',
  tables: ['account_access'],
  eventTypes: accountAccessEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as AccountAccessEvent & typeof recorded;
    const { userId, tokenVersion } = event.data;
    const row = { tenant_id: recorded.tenantId, user_id: userId, token_version: tokenVersion, updated_at: recorded.recordedAt };
    const disabled = event.type === 'AccountDisabled' ? { disabled: true } : event.type === 'AccountEnabled' ? { disabled: false } : {};
    await trx('account_access')
      .insert({ ...row, disabled: false, ...disabled })
      .onConflict(['tenant_id', 'user_id'])
      .merge(['token_version', 'updated_at', ...Object.keys(disabled)]);
    changed({ topic: ACCOUNT_ACCESS_TOPIC, id: userId, tenantId: recorded.tenantId });
  },
};
