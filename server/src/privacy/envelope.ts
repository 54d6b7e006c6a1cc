import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What readers see where personal data was, once its key is gone. */
export const ERASED = '[erased]';

/**
 * One encrypted field of an event, as stored: AES-256-GCM of the field's JSON under the data key
 * of the person `key` names, with a random 12-byte IV and the authentication tag. The shop and the
 * person are bound in as associated data, so an envelope copied into another person's or shop's
 * event does not open.
 */
export interface Envelope {
  enc: 'v1';
  key: string;
  iv: string;
  tag: string;
  data: string;
}

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Envelope>;
  return candidate.enc === 'v1' && typeof candidate.key === 'string' && typeof candidate.data === 'string';
}

const associatedData = (tenantId: string, subjectId: string) => Buffer.from(`${tenantId}\u0000${subjectId}`, 'utf8');

export function seal(dataKey: Buffer, tenantId: string, subjectId: string, value: unknown): Envelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(associatedData(tenantId, subjectId));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { enc: 'v1', key: subjectId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** The field's value; throws when the envelope was tampered with or belongs to another key. */
export function open(dataKey: Buffer, tenantId: string, envelope: Envelope): unknown {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(associatedData(tenantId, envelope.key));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}
