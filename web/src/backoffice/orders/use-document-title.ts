import { useEffect } from 'react';

/** Names the browser tab after the screen, putting the shop's name last. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} · Ordercast back office`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
