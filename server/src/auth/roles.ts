import { registerEnumType } from 'type-graphql';

/** What an account may do in its shop. Each role includes everything of the ones before it. */
export enum Role {
  CUSTOMER = 'CUSTOMER',
  STAFF = 'STAFF',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, { name: 'Role', description: 'CUSTOMER: own orders; STAFF: the whole shop; ADMIN: also catalog and staff accounts.' });

const RANK: Record<Role, number> = { [Role.CUSTOMER]: 0, [Role.STAFF]: 1, [Role.ADMIN]: 2 };

/** True when `role` is `required` or above it (an ADMIN can do what STAFF can). */
export const hasRole = (role: Role, required: Role): boolean => RANK[role] >= RANK[required];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && value in RANK;
