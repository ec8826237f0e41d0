import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './console.css';
import { App, preloadPage } from './App';
import { queryClient } from './boot';

// boot.ts (run before this script) has started the session check and the page's data; the code of
// the page the address names loads now, and the first render waits for it, so it draws the page
// rather than a Suspense fallback (whose replacement React would hold back for its 300 ms reveal
// throttle).
void preloadPage(window.location.hash).then(() => createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
));
