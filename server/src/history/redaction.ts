/** Fields the audit trail never shows: payment tokens and anything named like a secret. */
const SECRET_KEY = /token|secret|password/i;

export const REDACTED = '[redacted]';

/** A copy of event data with secret-looking fields masked, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, SECRET_KEY.test(key) && field !== null ? REDACTED : redact(field)]));
}
