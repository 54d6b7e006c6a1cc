import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = path.resolve(__dirname, '../../server/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A quoted literal without interpolation as the second argument: a placeholder, never an id. */
const placeholder = /new NotFoundError\(\s*[^,()]+,\s*(['"])[^'"]*\1\s*\)|new NotFoundError\(\s*[^,()]+,\s*`[^`$]*`\s*\)/g;

describe('NOT_FOUND names the real id', () => {
  it('no NotFoundError is given a fixed string for its id (clients would read "Order requested was not found" with extensions.id "requested")', () => {
    const found = sources(SERVER).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(placeholder)].map((m) => `${path.relative(SERVER, file)}: ${m[0]}`));
    expect(found).toEqual([]);
  });

  it('the check finds such a placeholder', () => {
    expect("throw new NotFoundError('Order', 'requested');".match(placeholder)).toHaveLength(1);
    expect('throw new NotFoundError(`Reservation of ${sku}`, reservationId);'.match(placeholder)).toBeNull();
    expect("throw new NotFoundError('Parked event', `${follower}@${position}`);".match(placeholder)).toBeNull();
  });
});
