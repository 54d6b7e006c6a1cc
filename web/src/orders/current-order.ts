import { useCallback, useSyncExternalStore } from 'react';

/** The order the shopper is filling, kept across reloads (and shared by the tabs of one browser). */
const STORAGE_KEY = 'ordercast.currentOrderId';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the order lasts as long as the page
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The current order's id outside React (null when there is none). */
export const currentOrderId = read;

export function setCurrentOrderId(orderId: string | null) {
  try {
    if (orderId) window.localStorage.setItem(STORAGE_KEY, orderId);
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // ignored: see read()
  }
  listeners.forEach((listener) => listener());
}

export function useCurrentOrderId(): [string | null, (orderId: string | null) => void] {
  const orderId = useSyncExternalStore(subscribe, read);
  return [orderId, useCallback(setCurrentOrderId, [])];
}
