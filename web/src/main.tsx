import '@ant-design/v5-patch-for-react-19';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { keepOwnToken } from './api/sessionToken';
import { App } from './App';
import './i18n';

// Framed by another site's page, the embedded toolbar gets no cookie: it keeps its own token.
if (window.location.pathname.startsWith('/embed/')) keepOwnToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
