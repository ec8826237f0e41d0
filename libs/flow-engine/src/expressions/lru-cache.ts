/**
 * A bounded cache with near-LRU eviction at O(1) and no bookkeeping on hits: two generations,
 * entries read from the old one are promoted; when the young one fills, the old one is dropped.
 * Hits are the hot path of every run, so they must cost one Map lookup.
 */
export class LruCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(maxEntries: number) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Entries held (at most maxEntries). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
