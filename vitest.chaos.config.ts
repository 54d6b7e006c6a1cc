import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: crashes, outages and hostile clients against real servers and PostgreSQL
 * (test/chaos/*.chaos.ts, which the normal `npm test` include does not match). Files run one at a
 * time: each one loads the machine on purpose, and two at once would blur what each measures.
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
