import { useEffect, useRef, type RefObject } from 'react';

/** How long a navigated-to page may take to render its heading (data still loading) before focus is left alone. */
const HEADING_WAIT_MS = 10_000;

function focusHeading(heading: HTMLElement) {
  // Focusable by script only: not a stop on the Tab key's way through the page.
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}

/**
 * After a client-side navigation, moves focus to the new page's main heading (its h1), so a
 * keyboard or screen-reader user starts reading the new page instead of staying on the link they
 * clicked. Not on the first load: the browser starts at the top of the document by itself. A page
 * whose heading waits for data gets focus once the heading appears.
 */
export function useFocusHeadingOnNavigation(pathname: string, main: RefObject<HTMLElement | null>) {
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    const container = main.current;
    if (!container) return;
    const heading = container.querySelector<HTMLElement>('h1');
    if (heading) {
      focusHeading(heading);
      return;
    }
    const observer = new MutationObserver(() => {
      const appeared = container.querySelector<HTMLElement>('h1');
      if (!appeared) return;
      stop();
      focusHeading(appeared);
    });
    const timer = setTimeout(() => stop(), HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
    };
    observer.observe(container, { childList: true, subtree: true });
    return stop;
  }, [pathname, main]);
}
