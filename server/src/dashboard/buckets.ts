export const MINUTE_MS = 60_000;

/**
 * The minute an event falls in, from its recorded time: never the clock at projection time, so a
 * rebuild puts every event in the bucket the live projection put it in.
 */
export const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
