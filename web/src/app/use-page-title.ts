import { useEffect } from 'react';

const APP_NAME = 'Ordercast';

interface TitleEntry {
  title: string;
  /** A route's default, shown only while no page names itself. */
  fallback: boolean;
}

// Mounted titles, oldest first: React runs a child's effects before its parent's, so "last
// mounted" cannot tell the page from the shell around it; `fallback` does.
const entries: TitleEntry[] = [];

function apply() {
  const own = entries.filter((entry) => !entry.fallback);
  const chosen = own.at(-1) ?? entries.at(-1);
  document.title = chosen?.title ? `${chosen.title} · ${APP_NAME}` : APP_NAME;
}

/**
 * Names the page in the browser's tab, history and screen readers' announcements: "Catalog ·
 * Ordercast". A screen may call it with a more telling title than its route's default (the
 * shell sets that one with `fallback`); the title goes back to the default when it unmounts.
 */
export function usePageTitle(title: string, options: { fallback?: boolean } = {}) {
  const fallback = options.fallback ?? false;
  useEffect(() => {
    const entry: TitleEntry = { title, fallback };
    entries.push(entry);
    apply();
    return () => {
      entries.splice(entries.indexOf(entry), 1);
      apply();
    };
  }, [title, fallback]);
}
