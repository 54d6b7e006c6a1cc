/**
 * Where personal data sits in one event type: whose it is (the person whose data key encrypts it)
 * and which top-level fields of the data hold it. Contexts declare their own; the privacy codec
 * encrypts exactly these when events are written and opens them when they are read.
 */
export interface PersonalFields {
  /** The person the data is about (an account id); undefined leaves the event as it is. */
  subject(data: Record<string, unknown>): string | undefined;
  fields: readonly string[];
}

/** Personal fields by event type. */
export type PersonalDataPolicy = Readonly<Record<string, PersonalFields>>;
