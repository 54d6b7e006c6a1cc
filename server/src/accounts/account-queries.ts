import type { Knex } from 'knex';
import type { Role } from '../auth/roles';
import { withTenant } from '../db/tenant-scope';
import { ERASED } from '../privacy/envelope';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The shop (tenant) the account belongs to. */
  shop: string;
  createdAt: Date;
}

export interface ShopView {
  slug: string;
  name: string;
  createdAt: Date;
}

interface UserRow {
  tenant_id: string;
  id: string;
  /** NULL once the account was erased. */
  email: string | null;
  name: string;
  role: Role;
  created_at: Date;
}

export class AccountQueries {
  constructor(private readonly db: Knex) {}

  async userById(tenantId: string, userId: string): Promise<UserView | undefined> {
    const row = await withTenant(this.db, tenantId, (trx) => trx<UserRow>('users').where({ tenant_id: tenantId, id: userId }).first());
    return row && { id: row.id, email: row.email ?? ERASED, name: row.name, role: row.role, shop: row.tenant_id, createdAt: row.created_at };
  }

  async shop(tenantId: string): Promise<ShopView | undefined> {
    const row = await withTenant(this.db, tenantId, (trx) => trx('shops').where({ tenant_id: tenantId }).first<{ slug: string; name: string; created_at: Date } | undefined>());
    return row && { slug: row.slug, name: row.name, createdAt: row.created_at };
  }
}
