/**
 * `fn(object, key)` computed once per object identity and key. Store selectors run on every store
 * change (a click that selects a step, too); on a 1,000-step flow a selector that walks the whole
 * definition each time costs a frame. The definition is immutable, so its identity is its version.
 */
export function memoByIdentity<O extends object, K, R>(fn: (o: O, k: K) => R): (o: O, k: K) => R {
  const cache = new WeakMap<O, Map<K, R>>();
  return (o, k) => {
    let byKey = cache.get(o);
    if (!byKey) cache.set(o, (byKey = new Map()));
    if (byKey.has(k)) return byKey.get(k) as R;
    const r = fn(o, k);
    byKey.set(k, r);
    return r;
  };
}
