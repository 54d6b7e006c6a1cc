import type { Knex } from 'knex';
import type { EventDataCodec, StoredEvent } from '../eventstore/event-codec';
import type { NewEvent } from '../eventstore/types';
import { dataKeyId, type DataKey, type DataKeys } from './data-keys';
import { ERASED, isEnvelope, open, seal } from './envelope';
import type { PrivacyEvent } from './events';
import type { PersonalDataPolicy } from './personal-fields';

type Data = Record<string, unknown>;

const asData = (value: unknown): Data | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined);

/**
 * Encrypts the personal fields the policy names with the data key of the person they are about,
 * and opens them on every read: with the key, the value; without it (erased), `[erased]`. Fields
 * written in plaintext before encryption existed are shown as they are, unless their person was
 * erased: then they read `[erased]` too (the log itself cannot be changed).
 *
 * Events of other types pass untouched, so the hot paths pay one lookup per event.
 */
export class PersonalDataCodec implements EventDataCodec {
  constructor(
    private readonly keys: DataKeys,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async seal(tenantId: string, events: readonly NewEvent[]): Promise<unknown[]> {
    const stored: unknown[] = [];
    for (const event of events) {
      const personal = this.policy[event.type];
      const data = asData(event.data);
      const subjectId = personal && data ? personal.subject(data) : undefined;
      if (!personal || !data || !subjectId) {
        stored.push(event.data);
        continue;
      }
      const key = await this.keys.keyFor(tenantId, subjectId);
      stored.push(mapFields(data, personal.fields, (value) => (key.state === 'live' ? seal(key.key, tenantId, subjectId, value) : ERASED)));
    }
    return stored;
  }

  async open<E extends StoredEvent>(events: E[], trx?: Knex.Transaction): Promise<E[]> {
    this.noteErasures(events);
    const wanted: { tenantId: string; subjectId: string; sealed: boolean }[] = [];
    for (const event of events) {
      const personal = this.policy[event.type];
      const data = asData(event.data);
      if (!personal || !data) continue;
      for (const field of personal.fields) {
        const value = data[field];
        if (isEnvelope(value)) wanted.push({ tenantId: event.tenantId, subjectId: value.key, sealed: true });
        else if (value !== undefined && value !== null) {
          const subjectId = personal.subject(data);
          if (subjectId) wanted.push({ tenantId: event.tenantId, subjectId, sealed: false });
        }
      }
    }
    if (wanted.length === 0) return events;
    const keys = await this.keys.find(wanted, trx);
    return events.map((event) => {
      const personal = this.policy[event.type];
      const data = asData(event.data);
      if (!personal || !data) return event;
      const subjectId = personal.subject(data);
      return { ...event, data: mapFields(data, personal.fields, (value) => openField(event.tenantId, value, subjectId, keys)) };
    });
  }

  /** A CustomerErased read anywhere in this process ends its use of that key (other processes learn within KEY_CACHE_MS). */
  private noteErasures(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (event.type !== ('CustomerErased' satisfies PrivacyEvent['type'])) continue;
      const customerId = asData(event.data)?.customerId;
      if (typeof customerId === 'string') this.keys.forget(event.tenantId, customerId);
    }
  }
}

function openField(tenantId: string, value: unknown, subjectId: string | undefined, keys: Map<string, DataKey>): unknown {
  if (isEnvelope(value)) {
    const key = keys.get(dataKeyId(tenantId, value.key));
    return key?.state === 'live' ? open(key.key, tenantId, value) : ERASED;
  }
  // Plaintext from before encryption: readable until its person is erased.
  const key = subjectId ? keys.get(dataKeyId(tenantId, subjectId)) : undefined;
  return key?.state === 'erased' ? ERASED : value;
}

function mapFields(data: Data, fields: readonly string[], map: (value: unknown) => unknown): Data {
  const mapped = { ...data };
  for (const field of fields) {
    const value = data[field];
    if (value !== undefined && value !== null) mapped[field] = map(value);
  }
  return mapped;
}
