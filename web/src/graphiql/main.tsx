import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
// Monaco's editor, JSON and GraphQL workers bundled by Vite: nothing is loaded from a CDN.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createOrdercastFetcher } from './fetcher';
import { initialHeaders } from './initial-headers';
import './graphiql.css';

const headers = initialHeaders();
const fetcher = createOrdercastFetcher();

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} initialHeaders={headers} defaultHeaders={headers} defaultEditorToolsVisibility="headers" />
  </StrictMode>,
);
