import type { Knex } from 'knex';
import { ERASED } from './envelope';

/** What an erased person was known by, read before their key went. */
export interface ErasedIdentity {
  tenantId: string;
  customerId: string;
  /** Normalized; undefined when it was already unreadable (a repeated erasure). */
  email: string | undefined;
  name: string | undefined;
}

/** As a string appears inside JSON text (quotes and backslashes escaped), for replacing in `jsonb::text`. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * Removes an erased person's name and email from the operational tables that are not rebuilt from
 * events and so cannot learn of the erasure from the log: the mailbox and outbox of notifications
 * (rows of the person's orders, or naming their address), the stored answers of idempotent
 * mutations (theirs, or naming them: a retry of one runs again) and the sign-in throttle (rows of
 * their address). Read models learn of it from CustomerErased instead.
 */
export async function scrubOperationalTables(db: Knex, person: ErasedIdentity): Promise<void> {
  const texts = [person.email, person.name].filter((text): text is string => !!text && text !== ERASED);
  await db.transaction(async (trx) => {
    // Rows of their orders, of their account (a password reset has no order), or naming their address.
    const ofPerson = (table: 'notifications' | 'notification_outbox') =>
      trx(table)
        .where({ tenant_id: person.tenantId })
        .where((where) => {
          where.whereRaw('order_id IN (SELECT id FROM orders WHERE tenant_id = ? AND customer_id = ?)', [person.tenantId, person.customerId]);
          where.orWhereRaw("data->>'userId' = ?", [person.customerId]);
          if (person.email) where.orWhereRaw('strpos(lower(data::text), ?) > 0', [inJson(person.email)]);
          if (person.email && table === 'notifications') where.orWhereRaw('lower(recipient) = ?', [person.email]);
        });
    const replaced = (column: string, json: boolean) =>
      texts.reduce((sql, text) => trx.raw(`replace((?)::text, ?, ?)`, [sql, json ? inJson(text) : text, ERASED]), trx.raw(json ? `${column}::text` : column) as Knex.Raw);
    if (texts.length > 0) {
      await ofPerson('notifications').update({
        recipient: replaced('recipient', false),
        subject: replaced('subject', false),
        body: replaced('body', false),
        data: trx.raw('(?)::jsonb', [replaced('data', true)]),
      });
      await ofPerson('notification_outbox').update({ data: trx.raw('(?)::jsonb', [replaced('data', true)]) });
    }
    // Stored answers of retried mutations: the person's own, and any other that names them.
    await trx('idempotency_keys')
      .where({ tenant_id: person.tenantId })
      .where((where) => {
        where.where('caller', `user:${person.customerId}`);
        for (const text of texts) where.orWhereRaw('strpos(lower(response::text), lower(?)) > 0', [inJson(text)]);
      })
      .delete();
    if (person.email) await trx('sign_in_throttle').where({ tenant_id: person.tenantId }).whereRaw('strpos(lower(key), ?) > 0', [person.email]).delete();
  });
}
