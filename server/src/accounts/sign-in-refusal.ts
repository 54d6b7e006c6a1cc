import { UnauthenticatedError } from '../shared/errors';

/**
 * The one answer to a sign-in that does not succeed, whatever the reason: unknown shop or email,
 * wrong password, or too many failures. Telling them apart would tell an attacker what to try next.
 */
export const signInRefused = () => new UnauthenticatedError('The shop, email or password is not right');
