import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './console.css';
import { App, meQuery, preloadFlow, preloadPage } from './App';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
// The session check, the code of the page the address names and its data start together, before the
// first render; that render waits for the page's code, so it draws the page rather than a Suspense
// fallback (whose replacement React would hold back for its 300 ms reveal throttle).
void queryClient.prefetchQuery(meQuery);
// Opening a flow from the list: its request starts with the address change (or earlier, when the
// pointer goes down on its link), not after the editor's first render.
window.addEventListener('hashchange', () => preloadFlow(window.location.hash));
void preloadPage(window.location.hash, queryClient).then(() => createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
));
