import type { Role } from '../auth/roles';
import type { CredentialEvent } from './password-events';
import type { AccountAccessEvent } from './account-access-events';

/**
 * A user of one shop. The password hash (scrypt, never the password) travels in the event: the
 * stream is the authority sign-in checks, and a rebuilt read model needs nothing else.
 */
export type UserEvent = { type: 'UserRegistered'; data: { userId: string; email: string; name: string; role: Role; passwordHash: string } } | AccountAccessEvent | CredentialEvent;

/**
 * Claims a normalized email for one user of a shop; its own stream, so two users can never share it.
 * Released when its user moves to another email: the stream's last event says who holds it now.
 */
export type UserEmailEvent = { type: 'UserEmailClaimed'; data: { email: string; userId: string } } | { type: 'UserEmailReleased'; data: { email: string; userId: string } };

/** A shop (tenant); its stream lives in its own tenant, so the slug is claimed by the stream itself. */
export type ShopEvent = { type: 'ShopCreated'; data: { shopId: string; name: string; ownerId: string | null } };

/** What the users read model follows (a role change shows in it; the other access events live in account_access). */
export const userEventTypes: readonly UserEvent['type'][] = ['UserRegistered', 'EmailChanged', 'AccountRoleChanged'];
export const shopEventTypes: readonly ShopEvent['type'][] = ['ShopCreated'];

export const USER_STREAM_TYPE = 'User';
export const USER_EMAIL_STREAM_TYPE = 'UserEmail';
export const SHOP_STREAM_TYPE = 'Shop';

export const userStreamId = (userId: string) => `user-${userId}`;
/** The keyed hash of a normalized email (privacy/email-lookup): a type of its own, so an address cannot name a claim stream by mistake. */
export type EmailLookupKey = string & { readonly emailLookupKey: true };
/** An email's claim stream, named by the keyed hash of the normalized address, never the address. */
export const userEmailStreamId = (emailKey: EmailLookupKey) => `user-email-${emailKey}`;
/** Where claims were made before they were named by a hash: the address itself (still read for those accounts). */
export const legacyUserEmailStreamId = (normalizedEmail: string) => `user-email-${normalizedEmail}`;
export const shopStreamId = (shopId: string) => `shop-${shopId}`;
