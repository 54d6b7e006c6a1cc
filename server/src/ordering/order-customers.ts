import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import { oneInKeyOrder } from '../shared/in-key-order';
import { ERASED } from '../privacy/envelope';

export interface OrderCustomerView {
  id: string;
  name: string;
  email: string;
}

/** The accounts orders belong to, as the accounts projection keeps them (read-only here). */
export class OrderCustomers {
  constructor(private readonly db: Knex) {}

  /** Each account with one of the ids (undefined for unknown ones), in the order given, with one statement. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<(OrderCustomerView | undefined)[]> {
    const rows: { id: string; name: string; email: string | null }[] = await withTenant(this.db, tenantId, (trx) =>
      trx('users').select('id', 'name', 'email').where({ tenant_id: tenantId }).whereRaw('id = ANY(?::uuid[])', [[...ids]]),
    );
    // An erased account keeps its row (the order is still theirs) without its email.
    return oneInKeyOrder(ids, rows, (row) => row.id, (row) => ({ ...row, email: row.email ?? ERASED }));
  }
}
