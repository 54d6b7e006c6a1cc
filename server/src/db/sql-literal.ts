import pg from 'pg';

/** A literal for SQL sent without parameters (a message of several statements): text, or a whole number. */
export const literal = (value: string | number): string => {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
    return String(value);
  }
  return pg.escapeLiteral(value);
};
