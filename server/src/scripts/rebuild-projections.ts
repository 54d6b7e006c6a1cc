import 'reflect-metadata';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config/config';
import { createLogger } from '../config/logger';
import { provideDatabase } from '../db/database';
import { createKnex } from '../db/knex';
import { migrateToLatest } from '../db/migrate';
import { EventStore } from '../eventstore/event-store';
import { rebuildProjection } from '../projector/rebuild';
import { allPersonalData, allProjections } from '../app/contexts';
import { usePersonalDataCodec } from '../privacy/module';
import { resolveDataKek } from '../privacy/key-encryption-key';

/** npm run projections:rebuild [name …] — replays the log into the named read tables (all when none is named). */
const names = process.argv.slice(2);
const unknown = names.filter((n) => !allProjections.some((p) => p.name === n));
if (unknown.length) {
  console.error(`Unknown projection(s): ${unknown.join(', ')}. Known: ${allProjections.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
const logger = createLogger('warn');
const database = await provideDatabase(config, logger);
const db = createKnex(database.url);
try {
  await migrateToLatest(db);
  const store = new EventStore(db);
  // Rebuilt read models get personal data as the live ones do: opened, or [erased].
  usePersonalDataCodec(store, db, resolveDataKek({ configured: config.dataKek, production: config.production, dataDir: config.dataDir }), allPersonalData);
  for (const projection of allProjections.filter((p) => names.length === 0 || names.includes(p.name))) {
    const bar = new cliProgress.SingleBar({ format: `${projection.name.padEnd(20)} [{bar}] {value}/{total} events` }, cliProgress.Presets.shades_classic);
    let started = false;
    const applied = await rebuildProjection(db, store, projection, ({ total, done }) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    });
    bar.stop();
    console.log(`${projection.name}: rebuilt from ${applied} events`);
  }
} finally {
  await db.destroy();
  await database.stop();
}
