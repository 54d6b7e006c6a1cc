import { useEffect } from 'react';

/** Names the browser tab after the back-office screen shown. */
export function useScreenTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} · Ordercast back office`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
