import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the web app: `npm run codegen` after changing an operation or the schema. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      // Components read the fields they select directly; masking would add ceremony without a payoff here.
      presetConfig: { fragmentMasking: false },
      config: {
        // Only what the operations use, so unrelated schema additions leave the generated files alone.
        onlyOperationTypes: true,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', LocalDate: 'string', SafeInt: 'number' },
      },
    },
  },
};

export default config;
