import type { ChangeFeed } from "./change-feed.ts";

interface Entry<V> {
  value: V;
  /** Tables the value was read from: a change to any of them drops it. */
  tables: readonly string[];
  storedAt: number;
  expiresAt: number;
}

/**
 * A per-process cache of values read from the database, kept exact by the change feed
 * (decision 003): used only while the feed is live, an entry is dropped when a table it was
 * read from changes (in any process), and a read that started before a change is not stored.
 */
export class NotifiedCache<V> {
  private entries = new Map<string, Entry<V>>();
  /** Bumped on every invalidation: a lookup that started before one must not be stored. */
  private generation = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
  ) {
    feed.subscribe((table) => this.invalidate(table));
  }

  private invalidate(table: string | null): void {
    this.generation++;
    if (table === null) this.entries.clear();
    else for (const [key, e] of this.entries) if (e.tables.includes(table)) this.entries.delete(key);
  }

  /** A ticket to pass to `set`, taken before the database read. */
  ticket(): number {
    return this.generation;
  }

  get(key: string, now = Date.now()): V | undefined {
    if (!this.feed.live) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now >= e.expiresAt || now - e.storedAt > this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Stores a value read from `tables`, unless something changed since `ticket` was taken. */
  set(key: string, value: V, tables: readonly string[], ticket: number, now = Date.now(), expiresAt = Infinity): void {
    if (!this.feed.live || ticket !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, tables, storedAt: now, expiresAt });
  }
}
