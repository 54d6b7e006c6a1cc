/**
 * Vite names every file under assets/ after a hash of its content, so a URL there never changes
 * meaning and browsers may keep it for a year without asking again.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Pages and unhashed files (index.html, the favicon): kept, but revalidated (ETag) on every use, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';
