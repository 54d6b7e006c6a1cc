import { InMemoryCache, type StoreObject } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * Orders arrive from mutation answers and subscription pushes in no guaranteed order; an answer
 * about an older version must not overwrite a newer one already shown.
 */
function newestOrderVersion(existing: StoreObject | undefined, incoming: StoreObject, { readField, mergeObjects }: { readField: (field: string, from: StoreObject) => unknown; mergeObjects: <T extends StoreObject>(a: T, b: T) => T }) {
  if (!existing) return incoming;
  const before = readField('version', existing);
  const after = readField('version', incoming);
  if (typeof before === 'number' && typeof after === 'number' && after < before) return existing;
  return mergeObjects(existing, incoming);
}

/**
 * Order lines have no id of their own; matching them by variant keeps the fields that other
 * queries selected (the orders list reads fewer than the order panel).
 */
function mergeLinesByVariant(existing: StoreObject[] | undefined, incoming: StoreObject[], { mergeObjects }: { mergeObjects: <T extends StoreObject>(a: T, b: T) => T }) {
  return incoming.map((line) => {
    const previous = existing?.find((candidate) => candidate.variantId === line.variantId);
    return previous ? mergeObjects(previous, line) : line;
  });
}

export function createApolloCache() {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          products: relayStylePagination(['search']),
          orders: relayStylePagination(['status']),
        },
      },
      Order: {
        merge: newestOrderVersion,
        fields: { items: { merge: mergeLinesByVariant } },
      },
      OrderItem: { keyFields: false },
      Money: { keyFields: false },
    },
  });
}
