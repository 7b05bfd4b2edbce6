import { and, asc, count, eq, getTableColumns, ilike, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors, type ValidationDetail } from "../../core/errors.ts";
import { has, type Actor, type Owned } from "../../core/policy.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import { agencies } from "../agencies/tables.ts";
import type { ListDefinition } from "./definition.ts";
import { validateRow } from "./fields.ts";
import { listPolicy } from "./policy.ts";

export interface ListQuery {
  page: number;
  pageSize: number;
  agencyId?: string;
  q?: string;
  /** Equality filters on enum/bool fields (enumArray: contains). */
  filters?: Record<string, string>;
}

export type ListRow = Record<string, unknown> & { id: string; agencyId: string; agencyName: string; agencyPath: string; version: number; updatedAt: Date };

function col(def: ListDefinition, key: string): PgColumn {
  const c = (getTableColumns(def.table) as Record<string, PgColumn>)[key];
  if (!c) throw new Error(`list ${def.kind}: no column ${key}`);
  return c;
}

function selection(def: ListDefinition) {
  const out: Record<string, PgColumn | SQL> = {
    id: def.table.id,
    agencyId: def.table.agencyId,
    agencyName: agencies.name,
    agencyPath: agencies.path,
    version: def.table.version,
    updatedAt: def.table.updatedAt,
  };
  for (const f of def.fields) out[f.key] = col(def, f.key);
  return out;
}

/** Rows the actor may read: own agency; supervisors and admins their subtree (R-GEN-03). */
export function scopeCondition(actor: Actor): SQL {
  return has(actor, "supervisor", "admin")
    ? sql`${agencies.path} like ${actor.agencyPath + "%"}`
    : sql`${agencies.id} = ${actor.agencyId}`;
}

export async function listRows(db: Db, def: ListDefinition, actor: Actor, q: ListQuery) {
  const conditions: (SQL | undefined)[] = [scopeCondition(actor)];
  if (q.agencyId) conditions.push(eq(def.table.agencyId, q.agencyId));
  if (q.q) {
    const term = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const searchable = def.fields.filter((f) => f.search);
    conditions.push(or(...searchable.map((f) => (f.type === "textArray" ? sql`array_to_string(${col(def, f.key)}, ' ') ilike ${term}` : ilike(col(def, f.key), term)))));
  }
  for (const [key, value] of Object.entries(q.filters ?? {})) {
    const f = def.fields.find((x) => x.key === key && x.filter);
    if (!f || value === "") continue;
    if (f.type === "enumArray") conditions.push(sql`${value} = any(${col(def, key)})`);
    else if (f.type === "bool") conditions.push(eq(col(def, key), value === "true"));
    else conditions.push(eq(col(def, key), value));
  }
  const where = and(...conditions);
  const order = def.orderBy ? col(def, def.orderBy) : def.table.createdAt;
  // One round trip: the page and the total (window count); a second only for an empty page.
  const rows = await db
    .select({ ...selection(def), __total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(def.table)
    .innerJoin(agencies, eq(agencies.id, def.table.agencyId))
    .where(where)
    .orderBy(asc(agencies.path), asc(order), asc(def.table.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  let total = (rows[0] as { __total?: number } | undefined)?.__total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    const [counted] = await db.select({ n: count() }).from(def.table).innerJoin(agencies, eq(agencies.id, def.table.agencyId)).where(where);
    total = counted?.n ?? 0;
  }
  const items = rows.map(({ __total: _t, ...r }) => r) as unknown as ListRow[];
  return { items, total };
}

export async function getRow(db: Db | Tx, def: ListDefinition, id: string): Promise<ListRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw errors.notFound(def.label);
  const [row] = await db.select(selection(def)).from(def.table).innerJoin(agencies, eq(agencies.id, def.table.agencyId)).where(eq(def.table.id, id));
  if (!row) throw errors.notFound(def.label);
  return row as ListRow;
}

export function owned(row: ListRow): Owned {
  return { agencyId: row.agencyId, agencyPath: row.agencyPath };
}

/** Normalises input: trims text, turns "" into null for optional fields. */
export function normalise(def: ListDefinition, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (!(f.key in input)) continue;
    let v = input[f.key];
    if (typeof v === "string" && f.type !== "longtext") v = v.trim();
    if (v === "" && !f.required) v = null;
    out[f.key] = v;
  }
  return out;
}

async function checkRow(tx: Tx, def: ListDefinition, row: Record<string, unknown>, mode: "create" | "update", agencyId: string, id?: string): Promise<ValidationDetail[]> {
  const problems = validateRow(def, row, mode);
  if (problems.length === 0 && def.validate) problems.push(...(await def.validate(row, { tx, agencyId, id })));
  return problems;
}

export async function createRow(db: Db, def: ListDefinition, actor: Actor, ctx: AuditContext, input: Record<string, unknown>): Promise<ListRow> {
  const agencyId = String(input.agencyId);
  listPolicy.authorize(actor, "create", await ownedAgency(db, agencyId));
  const values = normalise(def, input);
  const id = await mutate(db, ctx, async (tx) => {
    const problems = await checkRow(tx, def, values, "create", agencyId);
    if (problems.length) throw errors.validation(problems);
    const [row] = await tx.insert(def.table).values({ ...values, agencyId } as never).returning({ id: def.table.id });
    return (row as { id: string }).id;
  });
  return getRow(db, def, id);
}

export async function updateRow(db: Db, def: ListDefinition, actor: Actor, ctx: AuditContext, id: string, input: Record<string, unknown>): Promise<ListRow> {
  const current = await getRow(db, def, id);
  listPolicy.authorize(actor, "update", owned(current));
  const version = Number(input.version);
  const changes = normalise(def, input);
  await mutate(db, ctx, async (tx) => {
    const merged = { ...current, ...changes };
    const problems = await checkRow(tx, def, merged, "update", current.agencyId, id);
    if (problems.length) throw errors.validation(problems);
    const rows = await tx
      .update(def.table)
      .set({ ...changes, version: sql`${def.table.version} + 1`, updatedAt: new Date() } as never)
      .where(and(eq(def.table.id, id), eq(def.table.version, version)))
      .returning({ id: def.table.id });
    if (rows.length === 0) throw errors.staleVersion();
  });
  return getRow(db, def, id);
}

export async function deleteRow(db: Db, def: ListDefinition, actor: Actor, ctx: AuditContext, id: string): Promise<void> {
  const current = await getRow(db, def, id);
  listPolicy.authorize(actor, "delete", owned(current));
  await mutate(db, ctx, (tx) => tx.delete(def.table).where(eq(def.table.id, id)));
}

export { col, checkRow };
