import { useEffect, useState } from 'react';

/** `value` after it stopped changing for `ms`; `initial` until then (defaults to `value` itself). */
export function useDebounced<T>(value: T, ms: number, initial: T = value): T {
  const [v, setV] = useState(initial);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
