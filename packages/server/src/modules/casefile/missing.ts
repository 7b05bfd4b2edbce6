import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rows as query } from "../ledger/store.ts";

/** A case that ended this many days ago should have its electronic case file assembled (R-REC-07). */
export const CASE_FILE_DAYS = 30;

/**
 * Cases closed (结案) or archived at least CASE_FILE_DAYS days ago whose ledger chain has no
 * `casefile.exported` or `casefile.assembled` entry: nobody has assembled their electronic case file yet.
 */
export async function caseFilesMissing(db: Db, scope: { agencyId?: string; pathPrefix?: string }, now: Date, page: number, pageSize: number) {
  const cutoff = new Date(now.getTime() - CASE_FILE_DAYS * 86400_000);
  const where = sql`c.status in ('closed', 'archived') and c.closed_at <= ${cutoff}
    and ${scope.agencyId ? sql`c.agency_id = ${scope.agencyId}` : sql`a.path like ${(scope.pathPrefix ?? "") + "%"}`}
    and not exists (select 1 from ledger_entries e where e.chain = 'case:' || c.id::text and e.kind in ('casefile.exported', 'casefile.assembled'))`;
  const rows = await query<{ total: number; id: string; number: string; title: string; agency_name: string; status: string; closed_at: Date | string }>(db, sql`select count(*) over ()::int as total, c.id, c.number, c.title, a.name as agency_name, c.status, c.closed_at
    from cases c join agencies a on a.id = c.agency_id where ${where}
    order by c.closed_at asc limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => {
      const closedAt = new Date(r.closed_at);
      return { id: r.id, number: r.number, title: r.title, agencyName: r.agency_name, status: r.status, closedAt: closedAt.toISOString(), daysSinceClosed: Math.floor((now.getTime() - closedAt.getTime()) / 86400_000) };
    }),
  };
}
