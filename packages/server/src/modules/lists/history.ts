/**
 * A list as it stood at an instant (R-PUB-01: "each current, and each as it stood on a past
 * date"), rebuilt from the audit trail (decision 002): every write to a list's table recorded
 * the whole new row, so the latest audit event of each row before the instant is the row as it
 * was then — absent if that event deleted it or if there is none. Reads the trail of one table
 * (with an agency, only of the rows that ever belonged to it: a row since moved to another agency
 * is judged by its latest event); meant for the public's occasional look back, not a hot path.
 */
import { getTableColumns, sql } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { rows, type Db } from "../../db/client.ts";
import type { ListDefinition } from "./definition.ts";
import type { ListRow } from "./service.ts";

export interface HistoryQuery {
  agencyId?: string;
  /** Keyword: a substring of any searchable field, as the current list's search. */
  q?: string;
  /** Fixed filters (field key → value as text), as the current list's. */
  filters?: Record<string, string>;
  page: number;
  pageSize: number;
}

/** A column's JSON value (to_jsonb of the row) as the row reads it through drizzle. */
function fromJson(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.columnType === "PgTimestamp" && typeof value === "string") return new Date(value);
  if (column.columnType === "PgNumeric" && typeof value === "number") return String(value);
  return value;
}

/**
 * Every row of `table` as it stood at `at`, keyed as drizzle reads them (with `agencyId`, only
 * rows that ever belonged to that agency are read, judged by their latest event).
 */
export async function tableRowsAsOf<T extends PgTable>(db: Db, table: T, at: Date, agencyId?: string): Promise<T["$inferSelect"][]> {
  const name = getTableConfig(table).name;
  const events = await rows<{ op: string; new_row: Record<string, unknown> | null }>(
    db,
    sql`select distinct on (row_id) op, new_row from audit_events
         where table_name = ${name} and at < ${at.toISOString()}
           ${agencyId ? sql`and row_id in (select row_id from audit_events where agency_id = ${agencyId} and table_name = ${name} and at < ${at.toISOString()})` : sql``}
         order by row_id, id desc`,
  );
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  const out: T["$inferSelect"][] = [];
  for (const e of events) {
    if (e.op === "DELETE" || !e.new_row) continue;
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) row[key] = fromJson(column, e.new_row[column.name]);
    out.push(row as T["$inferSelect"]);
  }
  return out;
}

/** The rows of `def`'s list at `at`, with the current names of their agencies, paged. */
export async function listRowsAsOf(
  db: Db,
  def: ListDefinition,
  at: Date,
  q: HistoryQuery,
  agencies: ReadonlyMap<string, { name: string; path: string }>,
): Promise<{ items: ListRow[]; total: number }> {
  const found = (await tableRowsAsOf(db, def.table, at, q.agencyId)) as Record<string, unknown>[];
  const searchable = def.fields.filter((f) => f.search).map((f) => f.key);
  const term = q.q?.toLowerCase();
  const items: ListRow[] = [];
  for (const row of found) {
    const agency = agencies.get(String(row.agencyId));
    if (!agency) continue;
    if (q.agencyId && row.agencyId !== q.agencyId) continue;
    if (q.filters && Object.entries(q.filters).some(([k, v]) => (Array.isArray(row[k]) ? !(row[k] as unknown[]).map(String).includes(v) : String(row[k]) !== v))) continue;
    if (term && !searchable.some((k) => (Array.isArray(row[k]) ? (row[k] as unknown[]).join(" ") : String(row[k] ?? "")).toLowerCase().includes(term))) continue;
    items.push({ ...row, agencyName: agency.name, agencyPath: agency.path } as ListRow);
  }
  // the current list's order: agency (tree order), then the list's own order, then id
  const order = def.orderBy ?? "createdAt";
  const key = (r: ListRow) => {
    const v = r[order];
    return v instanceof Date ? v.toISOString() : typeof v === "number" ? v.toString().padStart(16, "0") : String(v ?? "");
  };
  items.sort((a, b) => a.agencyPath.localeCompare(b.agencyPath) || key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
  const start = (q.page - 1) * q.pageSize;
  return { items: items.slice(start, start + q.pageSize), total: items.length };
}
