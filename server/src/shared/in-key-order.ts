/** For a batched read: each key's row (undefined for a key without one), in the order of `keys`. */
export function oneInKeyOrder<K, R, V>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, toValue: (row: R) => V): (V | undefined)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), toValue(row)]));
  return keys.map((key) => byKey.get(key));
}

/** For a batched read: each key's rows (empty for a key without any), in the order of `keys`, each list in the rows' order. */
export function allInKeyOrder<K, R, V>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, toValue: (row: R) => V): V[][] {
  const byKey = new Map(keys.map((key) => [key, [] as V[]]));
  for (const row of rows) byKey.get(keyOf(row))?.push(toValue(row));
  return keys.map((key) => byKey.get(key)!);
}
