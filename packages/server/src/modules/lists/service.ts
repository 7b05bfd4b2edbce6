import crypto from "node:crypto";
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
import type { PageCache } from "./page-cache.ts";

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

interface PageShape {
  subtree: boolean;
  agencyId: boolean;
  q: boolean;
  filters: string[];
  /** The rows as JSON text built by the database (the API's list read) or as values. */
  json: boolean;
}

/**
 * Each row as the API's JSON object, built by the database from the field definitions (the
 * same definitions `rowSchema` declares): the list read then neither parses nor maps columns.
 * Dates come out as YYYY-MM-DD, timestamps as ISO 8601 UTC like Date.toJSON.
 */
function rowJson(def: ListDefinition): SQL {
  const pair = (key: string, value: SQL | PgColumn) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`list ${def.kind}: bad key ${key}`);
    return sql`${sql.raw(`'${key}'`)}, ${value}`;
  };
  const pairs = [
    pair("id", def.table.id),
    pair("agencyId", def.table.agencyId),
    pair("agencyName", agencies.name),
    pair("version", def.table.version),
    pair("updatedAt", sql`to_char(${def.table.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
    ...def.fields.map((f) => pair(f.key, col(def, f.key))),
  ];
  // json_build_object takes at most 100 arguments: longer rows are concatenated in chunks of 40
  const chunks: SQL[] = [];
  for (let i = 0; i < pairs.length; i += 40) chunks.push(sql`json_build_object(${sql.join(pairs.slice(i, i + 40), sql`, `)})::jsonb`);
  return chunks.length === 1 ? sql`json_build_object(${sql.join(pairs, sql`, `)})::text` : sql`(${sql.join(chunks, sql` || `)})::text`;
}

/** The conditions of one shape of request, with placeholders for the values. */
function shapeConditions(def: ListDefinition, shape: PageShape): SQL | undefined {
  const p = (name: string) => sql.placeholder(name);
  const conditions: (SQL | undefined)[] = [shape.subtree ? sql`${agencies.path} like ${p("scope")}` : eq(agencies.id, p("scope"))];
  if (shape.agencyId) conditions.push(eq(def.table.agencyId, p("agencyId")));
  if (shape.q) {
    const searchable = def.fields.filter((f) => f.search);
    conditions.push(or(...searchable.map((f) => (f.type === "textArray" ? sql`array_to_string(${col(def, f.key)}, ' ') ilike ${p("term")}` : ilike(col(def, f.key), p("term"))))));
  }
  for (const key of shape.filters) {
    const f = def.fields.find((x) => x.key === key)!;
    if (f.type === "enumArray") conditions.push(sql`${p(`f_${key}`)} = any(${col(def, key)})`);
    else conditions.push(eq(col(def, key), p(`f_${key}`)));
  }
  return and(...conditions);
}

/**
 * The page query for one shape of request (which conditions are present) and its count (for
 * a page past the end). List reads are the hottest path: each shape is built once per
 * database handle and runs as a prepared statement.
 */
function pageQuery(db: Db, def: ListDefinition, shape: PageShape) {
  const where = shapeConditions(def, shape);
  const order = def.orderBy ? col(def, def.orderBy) : def.table.createdAt;
  const name = `zhifa_list_${crypto.createHash("sha1").update(JSON.stringify([def.kind, shape])).digest("hex").slice(0, 24)}`;
  const columns = shape.json ? { json: rowJson(def), agencyId: def.table.agencyId, agencyPath: agencies.path } : selection(def);
  // One round trip: the page and the total (window count); a second only for an empty page.
  const page = db
    .select({ ...columns, __total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(def.table)
    .innerJoin(agencies, eq(agencies.id, def.table.agencyId))
    .where(where)
    .orderBy(asc(agencies.path), asc(order), asc(def.table.id))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare(name);
  const total = db.select({ n: count() }).from(def.table).innerJoin(agencies, eq(agencies.id, def.table.agencyId)).where(where).prepare(`${name}_n`);
  return { page, total };
}
/** An ILIKE pattern matching the text anywhere, with the pattern's own characters escaped. */
const likeTerm = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

const pageQueries = new WeakMap<Db, Map<string, ReturnType<typeof pageQuery>>>();

type Page = { rows: Record<string, unknown>[]; total: number };

async function runPage(db: Db, def: ListDefinition, actor: Actor, q: ListQuery, json: boolean, cache?: PageCache<Page>): Promise<Page> {
  const subtree = has(actor, "supervisor", "admin");
  const params: Record<string, unknown> = { scope: subtree ? actor.agencyPath + "%" : actor.agencyId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
  if (q.agencyId) params.agencyId = q.agencyId;
  if (q.q) params.term = likeTerm(q.q);
  const filters: string[] = [];
  for (const [key, value] of Object.entries(q.filters ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const f = def.fields.find((x) => x.key === key && x.filter);
    if (!f || value === "" || value === undefined) continue;
    filters.push(key);
    params[`f_${key}`] = f.type === "bool" ? value === "true" : value;
  }
  const shape: PageShape = { subtree, agencyId: Boolean(q.agencyId), q: Boolean(q.q), filters, json };
  const cacheKey = cache ? JSON.stringify([def.kind, shape, params]) : "";
  const cached = cache?.get(cacheKey);
  if (cached) return cached;
  const ticket = cache?.ticket() ?? 0;
  let queries = pageQueries.get(db);
  if (!queries) pageQueries.set(db, (queries = new Map()));
  const key = JSON.stringify([def.kind, shape]);
  let query = queries.get(key);
  if (!query) queries.set(key, (query = pageQuery(db, def, shape)));
  const rows = (await query.page.execute(params)) as (Record<string, unknown> & { __total?: number })[];
  let total = rows[0]?.__total ?? 0;
  if (rows.length === 0 && q.page > 1) total = (await query.total.execute(params))[0]?.n ?? 0;
  for (const r of rows) delete r.__total;
  cache?.set(cacheKey, def.tableName, { rows, total }, ticket);
  return { rows, total };
}

/** A page of rows the actor may read, as values (exports, services). */
export async function listRows(db: Db, def: ListDefinition, actor: Actor, q: ListQuery): Promise<{ items: ListRow[]; total: number }> {
  const { rows, total } = await runPage(db, def, actor, q, false);
  return { items: rows as ListRow[], total };
}

/** Cache of the list read route's pages (one per server). */
export type JsonPageCache = PageCache<Page>;

/**
 * A page of rows the actor may read, each as the API's JSON text (the list read route),
 * through the server's page cache. The rows are shared with other readers: do not modify.
 */
export async function listJsonRows(db: Db, def: ListDefinition, actor: Actor, q: ListQuery, cache?: JsonPageCache): Promise<{ items: { json: string; agencyId: string; agencyPath: string }[]; total: number }> {
  const { rows, total } = await runPage(db, def, actor, q, true, cache);
  return { items: rows as { json: string; agencyId: string; agencyPath: string }[], total };
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
