import { displayKeywords } from './keyword-index';

/**
 * The keywords the flow list shows, per draft revision: a list request reads the flows' small columns
 * only and parses just the drafts it has not seen at their current revision (none, between saves).
 * A key names the exact draft (id, revision, hash), so an entry is never stale; old ones are evicted
 * oldest first past `limit`.
 */
export class FlowKeywordCache {
  private readonly byRevision = new Map<string, string[]>();

  constructor(private readonly limit = 10_000) {}

  static key(flow: { id: string; revision: number; definitionHash: string }): string {
    return `${flow.id}\u0000${flow.revision}\u0000${flow.definitionHash}`;
  }

  get(key: string): string[] | undefined {
    return this.byRevision.get(key);
  }

  /** Stores the keywords of a draft definition under its key and returns them. */
  put(key: string, definition: unknown): string[] {
    const keywords = displayKeywords(definition);
    this.byRevision.delete(key);
    this.byRevision.set(key, keywords);
    for (const oldest of this.byRevision.keys()) {
      if (this.byRevision.size <= this.limit) break;
      this.byRevision.delete(oldest);
    }
    return keywords;
  }

  get size(): number {
    return this.byRevision.size;
  }
}
