/**
 * A Map that forgets its oldest entry past a size limit. The validator runs on every editor autosave
 * with mostly unchanged expressions, and compiling one JSONata expression costs ~0.8 ms (jsonata binds
 * its whole function library per compile), so results are remembered by source text.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K, compute: (key: K) => V): V {
    if (this.map.has(key)) {
      const value = this.map.get(key) as V;
      // Re-insert so frequently used entries stay young (Map keeps insertion order).
      this.map.delete(key);
      this.map.set(key, value);
      return value;
    }
    const value = compute(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
