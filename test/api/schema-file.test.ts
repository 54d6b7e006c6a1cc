import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allResolvers } from '../../server/src/app/contexts';
import { createChangePubSub } from '../../server/src/graphql/pubsub';
import { buildGraphQLSchema, printSortedSchema } from '../../server/src/graphql/schema';
import { roleAuthChecker } from '../../server/src/auth/auth-checker';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:emit` when this fails)', async () => {
    const built = printSortedSchema(await buildGraphQLSchema(allResolvers, { pubSub: createChangePubSub(), authChecker: roleAuthChecker }));
    expect(fs.readFileSync('schema.graphql', 'utf8')).toBe(built);
  });
});
