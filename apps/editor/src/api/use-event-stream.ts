import { useEffect, useRef } from 'react';

/**
 * Listens to a server-sent event stream: `handlers[type]` gets each event's parsed data. The
 * browser reconnects by itself; `url` null opens nothing. Handlers may change between renders
 * without reopening the stream.
 */
export function useEventStream(url: string | null, handlers: Record<string, (data: unknown) => void>): void {
  const current = useRef(handlers);
  current.current = handlers;
  const types = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    if (url === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(url, { withCredentials: true });
    const listeners = types.split(',').filter(Boolean).map((type) => {
      const listener = (e: MessageEvent<string>) => {
        try {
          current.current[type]?.(JSON.parse(e.data));
        } catch {
          // a malformed event is skipped; the next one still arrives
        }
      };
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
    };
  }, [url, types]);
}
