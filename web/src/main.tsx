import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { SessionApolloProvider } from './auth/SessionApolloProvider';
import { followSessionEnds } from './auth/session-navigation';
import './styles.css';

followSessionEnds();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionApolloProvider>
      <App />
    </SessionApolloProvider>
  </StrictMode>,
);
