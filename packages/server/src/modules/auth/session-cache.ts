import type { ChangeFeed } from "../../db/change-feed.ts";
import type { ResolvedSession } from "./service.ts";

/** Tables a resolved session is read from. */
const SOURCES = new Set(["sessions", "users", "agencies"]);

interface Entry {
  session: ResolvedSession;
  expiresAt: number;
  storedAt: number;
}

/**
 * Per-process cache of resolved sessions (decision 003). It is only used while the change feed
 * is live: a logout, password change, deactivation or role change anywhere (any process)
 * clears it as soon as the database's notification arrives. Entries also age out after
 * `maxAgeMs` and never outlive the session's own expiry.
 */
export class SessionCache {
  private entries = new Map<string, Entry>();
  /** Bumped on every invalidation: a lookup that started before one must not be stored. */
  private generation = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly maxAgeMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {
    feed.subscribe((table) => {
      if (table === null || SOURCES.has(table)) this.invalidate();
    });
  }

  private get live(): boolean {
    return this.feed.live;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** A ticket to pass to `set`, taken before the database lookup. */
  ticket(): number {
    return this.generation;
  }

  get(tokenHash: string, now = Date.now()): ResolvedSession | undefined {
    if (!this.live) return undefined;
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (now >= e.expiresAt || now - e.storedAt > this.maxAgeMs) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.session;
  }

  set(tokenHash: string, session: ResolvedSession, ticket: number, now = Date.now()): void {
    if (!this.live || ticket !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, { session, expiresAt: session.expiresAt.getTime(), storedAt: now });
  }

  get size(): number {
    return this.entries.size;
  }
}
