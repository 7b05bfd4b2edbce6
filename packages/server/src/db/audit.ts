import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client.ts";
import { committed } from "./change-feed.ts";

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

/**
 * The one way to change data: runs `fn` in a transaction whose audit context is set, so the
 * `zhifa_audit` trigger records every row it changes. Without it the database refuses writes.
 */
export async function mutate<T>(db: Db, ctx: AuditContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('zhifa.actor', ${ctx.actor}, true), set_config('zhifa.actor_name', ${ctx.actorName}, true),
                 set_config('zhifa.ip', ${ctx.ip}, true), set_config('zhifa.request_id', ${ctx.requestId}, true),
                 set_config('zhifa.action', ${ctx.action}, true)`,
    );
    return fn(tx);
  });
  committed(db);
  return result;
}

export function systemContext(name: string, action: string): AuditContext {
  return { actor: `system:${name}`, actorName: name, ip: "", requestId: "", action };
}
