import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
// Monaco's editor, JSON and GraphQL workers bundled by Vite: nothing is loaded from a CDN.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { DEFAULT_QUERY } from './default-query';
import { createOrdercastFetcher } from './fetcher';
import { initialHeaders } from './initial-headers';
import './graphiql.css';

const headers = initialHeaders();
const fetcher = createOrdercastFetcher();
// A link may carry an operation to open: /graphql?query=…&variables=… (GraphiQL's classic URL).
const params = new URLSearchParams(window.location.search);

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={DEFAULT_QUERY}
      initialQuery={params.get('query') ?? undefined}
      initialVariables={params.get('variables') ?? undefined}
      initialHeaders={headers}
      defaultHeaders={headers}
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
