import type { HttpClient } from '../support/graphql-client';

/** GraphQL operations and helpers the account tests share. */
export const AUTH_FIELDS = 'token expiresAt user { id email name role shop }';

export const SIGN_UP = `mutation($shop: String!, $email: String!, $password: String!, $name: String!) {
  signUp(shop: $shop, email: $email, password: $password, name: $name) { ${AUTH_FIELDS} } }`;
export const SIGN_IN = `mutation($shop: String!, $email: String!, $password: String!) {
  signIn(shop: $shop, email: $email, password: $password) { ${AUTH_FIELDS} } }`;
export const CREATE_SHOP = `mutation($slug: String!, $name: String!, $owner: ShopOwnerInput!) {
  createShop(slug: $slug, name: $name, owner: $owner) { ${AUTH_FIELDS} } }`;
export const CREATE_STAFF = `mutation($email: String!, $password: String!, $name: String!, $role: Role!) {
  createStaffAccount(email: $email, password: $password, name: $name, role: $role) { id email name role shop } }`;
export const ME = '{ me { id email name role shop } }';

export interface AuthPayload {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string; shop: string };
}

export async function signUp(client: HttpClient, input: { shop?: string; email: string; password?: string; name?: string }): Promise<AuthPayload> {
  const { signUp: payload } = await client.data<{ signUp: AuthPayload }>(SIGN_UP, { shop: 'demo', password: 'correct horse battery', name: 'Some One', ...input });
  return payload;
}

export async function signIn(client: HttpClient, input: { shop?: string; email: string; password: string }): Promise<AuthPayload> {
  const { signIn: payload } = await client.data<{ signIn: AuthPayload }>(SIGN_IN, { shop: 'demo', ...input });
  return payload;
}
