/** Days as the API counts them: UTC calendar days, written YYYY-MM-DD (what `<input type="date">` holds). */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

export const daysBefore = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000));

/** The instant a UTC day starts. */
export const startOfDay = (day: string) => `${day}T00:00:00.000Z`;

/** The instant after a UTC day ends: the exclusive upper bound that includes the whole day. */
export const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/** Every day from `from` to `to`, both included (none when `to` is before `from`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && days.length < 400; t += 86_400_000) days.push(utcDay(new Date(t)));
  return days;
}
