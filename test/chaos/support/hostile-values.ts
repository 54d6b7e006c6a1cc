import fc from 'fast-check';

/** What a field expects, so that a value of any other shape (or an ill-formed one of this shape) is hostile. */
export type Slot = 'Int' | 'SafeInt' | 'ID' | 'String' | 'Currency' | 'OrderStatus';

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

/** A string that is not well-formed Unicode or holds a NUL, wherever in it. */
export const illFormedString = fc
  .tuple(fc.string({ maxLength: 40, unit: 'grapheme' }), fc.constantFrom('\u0000', ...LONE_SURROGATES), fc.string({ maxLength: 40, unit: 'grapheme' }))
  .map(([before, bad, after]) => before + bad + after);

const beyondInt32 = fc.oneof(fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -(2 ** 31) - 1 }));
const beyondSafe = fc.oneof(fc.double({ min: 2 ** 53 + 2, max: 1e308, noNaN: true }), fc.double({ min: -1e308, max: -(2 ** 53) - 2, noNaN: true }));
const fraction = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n));
const notAScalar = fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
const numericText = fc.oneof(fc.integer().map(String), fc.constantFrom('1e9', '0x10', 'Infinity', 'NaN', ' 1', ''));

/** A value a field of `slot` must refuse. */
export function hostileFor(slot: Slot): fc.Arbitrary<unknown> {
  switch (slot) {
    case 'Int':
      return fc.oneof(beyondInt32, beyondSafe, fraction, numericText, notAScalar);
    case 'SafeInt':
      return fc.oneof(beyondSafe, fraction, numericText, notAScalar);
    case 'ID':
      return fc.oneof(illFormedString, fraction, notAScalar);
    case 'String':
      return fc.oneof(illFormedString, fc.integer(), fraction, notAScalar);
    case 'Currency':
      return fc.oneof(fc.constantFrom('eur', 'Eur', 'EURO', 'EU', 'XXXX', '€', '', ' EUR'), illFormedString, fc.integer(), notAScalar);
    case 'OrderStatus':
      return fc.oneof(fc.constantFrom('draft', 'Placed', 'NOPE', 'DRAFT ', ''), illFormedString, fc.integer(), notAScalar);
  }
}

/** `value` as a GraphQL literal written into the operation, for values that have one. */
export function literal(value: unknown, slot: Slot): string | undefined {
  if (typeof value === 'string') {
    // An enum slot reads a bare name; anything else a quoted string (JSON escapes are GraphQL's too).
    return slot === 'OrderStatus' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean' || value === null) return String(value);
  return undefined;
}
