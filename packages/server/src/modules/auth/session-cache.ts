import type { ChangeFeed } from "../../db/change-feed.ts";
import { NotifiedCache } from "../../db/notified-cache.ts";
import type { ResolvedSession } from "./service.ts";

/** Tables a resolved session is read from. */
const SOURCES = ["sessions", "users", "agencies"] as const;

/**
 * Per-process cache of resolved sessions (decision 003): a logout, password change,
 * deactivation or role change anywhere (any process) drops it as soon as the database's
 * notification arrives. Entries age out after `maxAgeMs` and never outlive the session.
 */
export class SessionCache {
  private readonly cache: NotifiedCache<ResolvedSession>;

  constructor(feed: ChangeFeed, maxAgeMs = 30_000, maxEntries = 10_000) {
    this.cache = new NotifiedCache(feed, maxAgeMs, maxEntries);
  }

  ticket(): number {
    return this.cache.ticket();
  }

  get(tokenHash: string, now = Date.now()): ResolvedSession | undefined {
    return this.cache.get(tokenHash, now);
  }

  set(tokenHash: string, session: ResolvedSession, ticket: number, now = Date.now()): void {
    this.cache.set(tokenHash, session, SOURCES, ticket, now, session.expiresAt.getTime());
  }
}
