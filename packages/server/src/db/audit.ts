import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client.ts";
import { committed, writtenTables } from "./change-feed.ts";

/** Who is acting, from where, and what they are doing: written into every audit row. */
export interface AuditContext {
  /** "user:<uuid>" or "system:<name>" */
  actor: string;
  actorName: string;
  ip: string;
  requestId: string;
  /** Domain name of the action, e.g. "officer.create". */
  action: string;
}

/** What drizzle's transaction session exposes to us: every statement of the transaction passes here. */
interface TxSession {
  prepareQuery(query: { sql: string }, ...rest: unknown[]): unknown;
}

/**
 * Records the tables each statement of the transaction writes (from its text), so the commit
 * drops only the caches fed by those tables (decision 003). `null` once a statement may write
 * tables it does not name. Every query of a drizzle transaction (builders, relational queries,
 * `execute`, savepoints) is prepared by the transaction's own session.
 */
function trackWrites(tx: Tx): { tables: Set<string> | null } {
  const written: { tables: Set<string> | null } = { tables: new Set() };
  const session = (tx as unknown as { session?: TxSession }).session;
  if (!session || typeof session.prepareQuery !== "function") {
    written.tables = null;
    return written;
  }
  const prepare = session.prepareQuery;
  session.prepareQuery = function (query, ...rest) {
    if (written.tables) {
      const tables = writtenTables(query.sql);
      if (tables === null) written.tables = null;
      else for (const t of tables) written.tables.add(t);
    }
    return prepare.call(this, query, ...rest);
  };
  return written;
}

/**
 * The one way to change data: runs `fn` in a transaction whose audit context is set, so the
 * `zhifa_audit` trigger records every row it changes. Without it the database refuses writes.
 * After the commit, this process's caches fed by the tables written are dropped at once.
 */
export async function mutate<T>(db: Db, ctx: AuditContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let written: { tables: Set<string> | null } = { tables: null };
  const result = await db.transaction(async (tx) => {
    written = trackWrites(tx);
    await tx.execute(
      sql`select set_config('zhifa.actor', ${ctx.actor}, true), set_config('zhifa.actor_name', ${ctx.actorName}, true),
                 set_config('zhifa.ip', ${ctx.ip}, true), set_config('zhifa.request_id', ${ctx.requestId}, true),
                 set_config('zhifa.action', ${ctx.action}, true)`,
    );
    return fn(tx);
  });
  committed(db, written.tables);
  return result;
}

export function systemContext(name: string, action: string): AuditContext {
  return { actor: `system:${name}`, actorName: name, ip: "", requestId: "", action };
}
