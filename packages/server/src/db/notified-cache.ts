import type { Db, Tx } from "./client.ts";
import { feedOf, type ChangeFeed } from "./change-feed.ts";

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
 * read from changes (in any process), and a read that started before a change to one of its
 * tables is not stored.
 */
export class NotifiedCache<V> {
  private entries = new Map<string, Entry<V>>();
  /** Bumped on every invalidation: a lookup that started before one of its tables changed must not be stored. */
  private generation = 0;
  /** The generation of the last change of each table, and of the last "anything changed". */
  private changedAt = new Map<string, number>();
  private allChangedAt = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
  ) {
    feed.subscribe((table) => this.invalidate(table));
  }

  private invalidate(table: string | null): void {
    const generation = ++this.generation;
    if (table === null) {
      this.allChangedAt = generation;
      this.changedAt.clear();
      this.entries.clear();
      return;
    }
    this.changedAt.set(table, generation);
    for (const [key, e] of this.entries) if (e.tables.includes(table)) this.entries.delete(key);
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

  /** Stores a value read from `tables`, unless one of them (or anything) changed since `ticket` was taken. */
  set(key: string, value: V, tables: readonly string[], ticket: number, now = Date.now(), expiresAt = Infinity): void {
    if (!this.feed.live || this.allChangedAt > ticket) return;
    for (const t of tables) if ((this.changedAt.get(t) ?? 0) > ticket) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, tables, storedAt: now, expiresAt });
  }
}

const shared = new WeakMap<ChangeFeed, Map<string, NotifiedCache<unknown>>>();

/**
 * Reads through a per-process cache kept by the change feed of `db` (decision 003): `load`'s
 * value is reused until one of `tables` changes (in any process) or `maxAgeMs` passes. Without a
 * live feed on `db` (a transaction handle, a process that does not listen) it simply loads, so
 * a transaction always reads the database itself. Values must be treated as read-only.
 */
export async function cachedRead<V>(db: Db | Tx, cache: string, key: string, tables: readonly string[], load: () => Promise<V>, options: { maxAgeMs?: number; maxEntries?: number } = {}): Promise<V> {
  const feed = feedOf(db);
  if (!feed?.live) return load();
  let caches = shared.get(feed);
  if (!caches) shared.set(feed, (caches = new Map()));
  let c = caches.get(cache) as NotifiedCache<V> | undefined;
  if (!c) caches.set(cache, (c = new NotifiedCache<V>(feed, options.maxAgeMs ?? 60_000, options.maxEntries ?? 1_000) as NotifiedCache<unknown> as NotifiedCache<V>));
  const hit = c.get(key);
  if (hit !== undefined) return hit;
  const ticket = c.ticket();
  const value = await load();
  c.set(key, value, tables, ticket);
  return value;
}
