import { createHash } from 'node:crypto';
import type { HttpClient } from '../support/graphql-client';

/** The GraphQL operations and helpers of the session tests. */
export const SESSION_FIELDS = 'token expiresAt refreshToken refreshTokenExpiresAt user { id email role shop }';

export interface Session {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; email: string; role: string; shop: string };
}

export const SIGN_IN = `mutation($shop: String!, $email: String!, $password: String!) { signIn(shop: $shop, email: $email, password: $password) { ${SESSION_FIELDS} } }`;
export const REFRESH = `mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_FIELDS} } }`;
export const SIGN_OUT = 'mutation($refreshToken: String) { signOut(refreshToken: $refreshToken) }';
export const SIGN_OUT_EVERYWHERE = 'mutation { signOutEverywhere }';
export const CREATE_STAFF = `mutation($email: String!, $role: Role!) { createStaffAccount(email: $email, password: "staff passphrase", name: "Staff", role: $role) { id } }`;
export const DISABLE = 'mutation($id: ID!) { disableAccount(userId: $id) { id disabled } }';
export const ENABLE = 'mutation($id: ID!) { enableAccount(userId: $id) { id disabled } }';
export const CHANGE_ROLE = 'mutation($id: ID!, $role: Role!) { changeAccountRole(userId: $id, role: $role) { id role } }';
export const ME = '{ me { id role } }';
export const STAFF_PASSWORD = 'staff passphrase';

export async function signIn(anonymous: HttpClient, email: string, password = STAFF_PASSWORD): Promise<Session> {
  return (await anonymous.data<{ signIn: Session }>(SIGN_IN, { shop: 'demo', email, password })).signIn;
}

export async function refresh(anonymous: HttpClient, refreshToken: string): Promise<Session> {
  return (await anonymous.data<{ refreshSession: Session }>(REFRESH, { refreshToken })).refreshSession;
}

/** A new STAFF (or ADMIN) account of the demo shop, made by `admin`; returns its id and email. */
export async function createStaff(admin: HttpClient, email: string, role: 'STAFF' | 'ADMIN' = 'STAFF'): Promise<{ id: string; email: string }> {
  const { createStaffAccount } = await admin.data<{ createStaffAccount: { id: string } }>(CREATE_STAFF, { email, role });
  return { id: createStaffAccount.id, email };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest();
