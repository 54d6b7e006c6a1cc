import type { PersonalDataPolicy } from '../privacy/personal-fields';

const ofUser = (data: Record<string, unknown>) => (typeof data.userId === 'string' ? data.userId : undefined);

/**
 * The personal fields of the accounts' events, encrypted with their user's data key (see
 * server/src/privacy). An event type that carries a name, an email or an address must be listed here.
 */
export const accountsPersonalData: PersonalDataPolicy = {
  UserRegistered: { subject: ofUser, fields: ['email', 'name'] },
  UserEmailClaimed: { subject: ofUser, fields: ['email'] },
  UserEmailReleased: { subject: ofUser, fields: ['email'] },
  EmailChanged: { subject: ofUser, fields: ['email', 'previousEmail'] },
};
