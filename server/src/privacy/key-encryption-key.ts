import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The key-encryption key: wraps every person's data key (and keys the email lookup hash). 32 bytes,
 * base64 in DATA_KEK. Losing it loses every personal field of the log; changing it needs the keys
 * re-wrapped, which nothing does yet.
 */
export function parseDataKek(value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`DATA_KEK must be 32 bytes in base64 (it decodes to ${key.length})`);
  return key;
}

/**
 * For tests and embedding only (startApp without a key outside production): a fixed, public key,
 * so a restarted test server still reads what it wrote. Never protects anything.
 */
export const DEVELOPMENT_DATA_KEK = Buffer.alloc(32, 'ordercast-development-data-kek!!');

/**
 * DATA_KEK when set. Otherwise, in development only, a random key generated once and kept under the
 * data directory (as JWT_SECRET is); production refuses to start without one.
 */
export function resolveDataKek(options: { configured: string | undefined; production: boolean; dataDir: string }): Buffer {
  if (options.configured) return parseDataKek(options.configured);
  if (options.production) throw new Error('DATA_KEK must be set in production (32 bytes, base64)');
  const file = path.join(options.dataDir, 'data-kek');
  if (fs.existsSync(file)) return parseDataKek(fs.readFileSync(file, 'utf8').trim());
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return parseDataKek(key);
}
