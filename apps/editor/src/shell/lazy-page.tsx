import { lazy, useState, type ComponentType } from 'react';

/**
 * A page whose code loads on first use. Once the code is in (preloaded for the address the app opens
 * on, or shown before), the page renders directly instead of through `React.lazy`: a lazy component
 * suspends at least once, and a Suspense fallback once committed holds back the content replacing it
 * for React's reveal throttle (300 ms), which was most of the console's page-load time.
 */
export interface LazyPage<P> {
  /** Starts loading the code (once; again after a failure). */
  preload: () => Promise<ComponentType<P>>;
  Page: ComponentType<P>;
}

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () => (pending ??= load().then(
    (component) => (loaded = component),
    (err: unknown) => { pending = null; throw err; },
  ));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Page(props: P) {
    // Chosen once per mount: switching from the lazy wrapper to the loaded component later would remount the page.
    const [Component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Component {...props} />;
  }
  return { preload, Page };
}
