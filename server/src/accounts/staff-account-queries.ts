import type { Knex } from 'knex';
import { Role } from '../auth/roles';
import { withTenant } from '../db/tenant-scope';
import type { UserView } from './account-queries';

/** The shop's staff and admin accounts, for the admin's staff screen; customers are not listed. */
export class StaffAccountQueries {
  constructor(private readonly db: Knex) {}

  /** Oldest first, so the shop's first admin leads. */
  async list(tenantId: string): Promise<UserView[]> {
    const rows: { tenant_id: string; id: string; email: string; name: string; role: Role; created_at: Date }[] = await withTenant(this.db, tenantId, (trx) =>
      trx('users').where({ tenant_id: tenantId }).whereIn('role', [Role.STAFF, Role.ADMIN]).orderBy([{ column: 'created_at' }, { column: 'email' }]),
    );
    return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, role: row.role, shop: row.tenant_id, createdAt: row.created_at }));
  }
}
