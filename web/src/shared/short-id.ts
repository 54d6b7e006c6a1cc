/** Enough of a UUID for people to tell orders apart; the full id stays in links and titles. */
export const shortId = (id: string) => id.slice(0, 8);
