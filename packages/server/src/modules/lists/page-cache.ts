import type { ChangeFeed } from "../../db/change-feed.ts";
import { NotifiedCache } from "../../db/notified-cache.ts";

/**
 * Per-process cache of list pages (decision 003), keyed by the query (list, scope, filters,
 * page), so every reader with the same scope shares an entry; `can` is computed per reader.
 * A write to the list's table, or to agencies (whose names the rows carry), drops the pages.
 */
export class PageCache<T> {
  private readonly cache: NotifiedCache<T>;

  constructor(feed: ChangeFeed, maxAgeMs = 60_000, maxEntries = 2_000) {
    this.cache = new NotifiedCache(feed, maxAgeMs, maxEntries);
  }

  ticket(): number {
    return this.cache.ticket();
  }

  get(key: string, now = Date.now()): T | undefined {
    return this.cache.get(key, now);
  }

  /** Stores a page read from `table`, unless something changed since `ticket` was taken. */
  set(key: string, table: string, value: T, ticket: number, now = Date.now()): void {
    this.cache.set(key, value, [table, "agencies"], ticket, now);
  }
}
