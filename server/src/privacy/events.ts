/**
 * A person's personal data was erased (crypto-shredded): their data key is deleted, so every
 * encrypted field of their events reads as `[erased]` from now on, and read models drop what they
 * kept of them. Its own stream per person, so it is appended once.
 */
export type PrivacyEvent = { type: 'CustomerErased'; data: { customerId: string } };

export const privacyEventTypes: readonly PrivacyEvent['type'][] = ['CustomerErased'];

export const CUSTOMER_PRIVACY_STREAM_TYPE = 'CustomerPrivacy';
export const customerPrivacyStreamId = (customerId: string) => `customer-privacy-${customerId}`;
