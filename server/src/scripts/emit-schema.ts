import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { allResolvers } from '../app/contexts';
import { buildGraphQLSchema, printSortedSchema } from '../graphql/schema';
import { createChangePubSub } from '../graphql/pubsub';
import { roleAuthChecker } from '../auth/auth-checker';

/** Writes schema.graphql from the type-graphql code; `--check` fails when the committed file is stale. */
const file = path.resolve(process.cwd(), 'schema.graphql');
// A pub/sub is required to build subscription fields; it is never used here.
const sdl = printSortedSchema(await buildGraphQLSchema(allResolvers, { pubSub: createChangePubSub(), authChecker: roleAuthChecker }));
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== sdl) {
    console.error('schema.graphql is out of date: run `npm run schema:emit` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date');
} else {
  fs.writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}
