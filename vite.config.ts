import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const page = (file: string) => fileURLToPath(new URL(`web/${file}`, import.meta.url));

// The web app lives in web/; `npm start` builds it into web/dist and the API server serves it.
// Two pages: the app (index.html) and the offline GraphiQL (graphiql.html, served at GET /graphql).
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: { main: page('index.html'), graphiql: page('graphiql.html') },
      onwarn(warning, warn) {
        // GraphiQL's sources carry React-compiler directives ("use no memo") that bundling drops, harmlessly.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
    // GraphiQL's Monaco editor is one ~2.8 MB chunk, loaded only by the GraphiQL page (the app's own stay far below).
    chunkSizeWarningLimit: 3000,
  },
  // GraphiQL's Monaco workers (graphiql/setup-workers/vite) import modules: ES workers, not IIFE.
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: {
      '/graphql': {
        target: 'http://localhost:4000',
        ws: true,
        // A browser opening /graphql on the dev server gets GraphiQL from source (as the API server does from the build).
        bypass: (req) => (req.method === 'GET' && req.headers.accept?.split(',')[0] === 'text/html' ? '/graphiql.html' : undefined),
      },
    },
  },
});
