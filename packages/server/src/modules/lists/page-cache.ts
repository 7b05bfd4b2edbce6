import type { ChangeFeed } from "../../db/change-feed.ts";

interface Entry<T> {
  value: T;
  table: string;
  storedAt: number;
}

/**
 * Per-process cache of list pages (decision 003), keyed by the query (list, scope, filters,
 * page), so every reader with the same scope shares an entry; `can` is computed per reader.
 * Used only while the change feed is live: a write to the list's table (or to agencies,
 * whose names the rows carry) by any process drops the table's pages when its notification
 * arrives, and a commit by this process drops everything at once.
 */
export class PageCache<T> {
  private entries = new Map<string, Entry<T>>();
  private generation = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly maxAgeMs = 60_000,
    private readonly maxEntries = 2_000,
  ) {
    feed.subscribe((table) => this.invalidate(table));
  }

  private invalidate(table: string | null): void {
    this.generation++;
    if (table === null || table === "agencies") {
      this.entries.clear();
      return;
    }
    for (const [key, e] of this.entries) if (e.table === table) this.entries.delete(key);
  }

  /** A ticket to pass to `set`, taken before the database read. */
  ticket(): number {
    return this.generation;
  }

  get(key: string, now = Date.now()): T | undefined {
    if (!this.feed.live) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now - e.storedAt > this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Stores a value read from `table`, unless something changed since `ticket` was taken. */
  set(key: string, table: string, value: T, ticket: number, now = Date.now()): void {
    if (!this.feed.live || ticket !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, table, storedAt: now });
  }

  get size(): number {
    return this.entries.size;
  }
}
