import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config';
import { parseDataKek, resolveDataKek } from '../../server/src/privacy/key-encryption-key';

describe('DATA_KEK', () => {
  it('is read from the configuration as 32 bytes of base64, and anything else is refused', () => {
    const key = randomBytes(32).toString('base64');
    expect(loadConfig({ DATA_KEK: key }).dataKek).toBe(key);
    expect(resolveDataKek({ configured: key, production: true, dataDir: '/nonexistent' })).toEqual(Buffer.from(key, 'base64'));
    expect(() => parseDataKek(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseDataKek('not base64 at all')).toThrow(/32 bytes/);
  });

  it('is required in production and generated once under the data directory in development', () => {
    expect(() => resolveDataKek({ configured: undefined, production: true, dataDir: '/nonexistent' })).toThrow(/DATA_KEK must be set in production/);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-kek-'));
    try {
      const first = resolveDataKek({ configured: undefined, production: false, dataDir });
      expect(first).toHaveLength(32);
      expect(resolveDataKek({ configured: undefined, production: false, dataDir })).toEqual(first);
      expect(fs.statSync(path.join(dataDir, 'data-kek')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
