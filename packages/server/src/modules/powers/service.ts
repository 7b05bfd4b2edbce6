import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { getTableColumns } from "drizzle-orm";
import { has, type Actor, type Owned } from "../../core/policy.ts";
import { errors } from "../../core/errors.ts";
import type { Db, Tx } from "../../db/client.ts";
import { todayInShanghai, type ActionType } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { scopeCondition } from "../lists/service.ts";
import { discretionTiers } from "../lists/defs/discretion-tiers.ts";
import { powerItemChanges, powerItems, type ChangeKind } from "./tables.ts";
import { powerPolicy } from "./policy.ts";

export const today = () => todayInShanghai(new Date());

export type AgencyInfo = Owned & { name: string; level: string; actionTypes: ActionType[] };

export async function loadAgency(db: Db | Tx, id: string): Promise<AgencyInfo> {
  const [row] = await db
    .select({ agencyId: agencies.id, agencyPath: agencies.path, name: agencies.name, level: agencies.level, actionTypes: agencies.actionTypes })
    .from(agencies)
    .where(eq(agencies.id, id));
  if (!row) throw errors.notFound("执法主体");
  return { ...row, actionTypes: row.actionTypes as ActionType[] };
}

const versionSelection = {
  ...getTableColumns(powerItems),
  agencyName: agencies.name,
  agencyPath: agencies.path,
  changeKind: powerItemChanges.kind,
};
export type VersionRow = typeof powerItems.$inferSelect & { agencyName: string; agencyPath: string; changeKind: string };

/** Versions with their agency and the kind of the change that opened them. */
export function selectVersions(db: Db | Tx, where: SQL | undefined) {
  return db
    .select(versionSelection)
    .from(powerItems)
    .innerJoin(agencies, eq(agencies.id, powerItems.agencyId))
    .innerJoin(powerItemChanges, eq(powerItemChanges.id, powerItems.startChangeId))
    .where(where);
}

/** The versions valid on date d: effectiveFrom ≤ d < effectiveTo (R-LIST-03 "the list as of a date"). */
export function validOn(d: string): SQL {
  return and(lte(powerItems.effectiveFrom, d), or(isNull(powerItems.effectiveTo), gt(powerItems.effectiveTo, d)))!;
}

export interface PowerQuery {
  page: number;
  pageSize: number;
  asOf?: string;
  agencyId?: string;
  q?: string;
  actionType?: string;
  domain?: string;
}

const escapeLike = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The power list as of a date, in the actor's scope (R-LIST-03, R-GEN-03). */
export async function listPowers(db: Db, actor: Actor, q: PowerQuery) {
  const asOf = q.asOf ?? today();
  const conditions: (SQL | undefined)[] = [scopeCondition(actor), validOn(asOf)];
  if (q.agencyId) conditions.push(eq(powerItems.agencyId, q.agencyId));
  if (q.actionType) conditions.push(eq(powerItems.actionType, q.actionType));
  if (q.domain) conditions.push(eq(powerItems.domain, q.domain));
  if (q.q) {
    const term = escapeLike(q.q);
    conditions.push(or(ilike(powerItems.itemCode, term), ilike(powerItems.name, term), ilike(powerItems.basisLaw, term), ilike(powerItems.basisText, term)));
  }
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    selectVersions(db, where)
      .orderBy(asc(agencies.path), asc(powerItems.itemCode))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(powerItems).innerJoin(agencies, eq(agencies.id, powerItems.agencyId)).where(where),
  ]);
  return { items: items as VersionRow[], total: total?.n ?? 0, asOf };
}

export type ChangeRow = typeof powerItemChanges.$inferSelect & { agencyName: string; targetAgencies: { id: string; name: string }[] };

/** Change records with the names of their agencies. */
export async function loadChanges(db: Db | Tx, where: SQL | undefined, paging?: { limit: number; offset: number }): Promise<ChangeRow[]> {
  const query = db
    .select({ ...getTableColumns(powerItemChanges), agencyName: agencies.name })
    .from(powerItemChanges)
    .innerJoin(agencies, eq(agencies.id, powerItemChanges.agencyId))
    .where(where)
    .orderBy(desc(powerItemChanges.effectiveDate), desc(powerItemChanges.createdAt));
  const rows = paging ? await query.limit(paging.limit).offset(paging.offset) : await query;
  const targetIds = [...new Set(rows.flatMap((r) => r.targetAgencyIds))];
  const names = new Map<string, string>();
  if (targetIds.length) {
    for (const a of await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, targetIds))) names.set(a.id, a.name);
  }
  return rows.map((r) => ({ ...r, targetAgencies: r.targetAgencyIds.map((id) => ({ id, name: names.get(id) ?? "" })) }));
}

/** Changes the actor may read: made by an agency in scope, or delegating to one (R-GEN-03). */
function changeScope(actor: Actor): SQL {
  const targets = has(actor, "supervisor", "admin")
    ? sql`exists (select 1 from ${agencies} t where t.id = any(${powerItemChanges.targetAgencyIds}) and t.path like ${actor.agencyPath + "%"})`
    : sql`${actor.agencyId}::uuid = any(${powerItemChanges.targetAgencyIds})`;
  return or(scopeCondition(actor), targets)!;
}

export interface ChangeQuery {
  page: number;
  pageSize: number;
  agencyId?: string;
  kind?: ChangeKind;
  from?: string;
  to?: string;
}

/** The change log (e.g. "取消 53 项、下放 21 项…") with counts of affected items per kind. */
export async function listChanges(db: Db, actor: Actor, q: ChangeQuery) {
  const conditions: (SQL | undefined)[] = [changeScope(actor)];
  if (q.agencyId) conditions.push(or(eq(powerItemChanges.agencyId, q.agencyId), sql`${q.agencyId}::uuid = any(${powerItemChanges.targetAgencyIds})`));
  if (q.from) conditions.push(gte(powerItemChanges.effectiveDate, q.from));
  if (q.to) conditions.push(lte(powerItemChanges.effectiveDate, q.to));
  const base = and(...conditions);
  const where = and(base, q.kind ? eq(powerItemChanges.kind, q.kind) : undefined);
  const [items, [total], perKind] = await Promise.all([
    loadChanges(db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    db.select({ n: count() }).from(powerItemChanges).innerJoin(agencies, eq(agencies.id, powerItemChanges.agencyId)).where(where),
    db
      .select({ kind: powerItemChanges.kind, items: sql<number>`coalesce(sum(cardinality(${powerItemChanges.itemCodes})), 0)::int` })
      .from(powerItemChanges)
      .innerJoin(agencies, eq(agencies.id, powerItemChanges.agencyId))
      .where(base)
      .groupBy(powerItemChanges.kind),
  ]);
  const summary: Record<string, number> = { add: 0, adjust: 0, cancel: 0, delegate: 0, merge: 0 };
  for (const r of perKind) summary[r.kind] = Number(r.items);
  return { items, total: total?.n ?? 0, summary };
}

/**
 * The whole dated history of an item (R-LIST-03): its versions in the agency and, across
 * delegations (下放), in the agencies it came from or went to — as far as the actor may read.
 */
export async function itemHistory(db: Db, actor: Actor, itemCode: string, agencyId: string) {
  const agency = await loadAgency(db, agencyId);
  if (!powerPolicy.can(actor, "read", agency)) throw errors.notFound("权力事项");
  const lineage = new Set([agencyId]);
  for (let i = 0; i < 10; i++) {
    const ids = [...lineage];
    const delegations = await db
      .select({ agencyId: powerItemChanges.agencyId, targets: powerItemChanges.targetAgencyIds })
      .from(powerItemChanges)
      .where(
        and(
          eq(powerItemChanges.kind, "delegate"),
          sql`${itemCode} = any(${powerItemChanges.itemCodes})`,
          or(inArray(powerItemChanges.agencyId, ids), sql`${powerItemChanges.targetAgencyIds} && array[${sql.join(
            ids.map((x) => sql`${x}`),
            sql`, `,
          )}]::uuid[]`),
        ),
      );
    const before = lineage.size;
    for (const d of delegations) [d.agencyId, ...d.targets].forEach((x) => lineage.add(x));
    if (lineage.size === before) break;
  }
  const versions = (await selectVersions(db, and(eq(powerItems.itemCode, itemCode), inArray(powerItems.agencyId, [...lineage]))).orderBy(asc(powerItems.effectiveFrom), asc(agencies.path))).filter(
    (v) => powerPolicy.can(actor, "read", { agencyId: v.agencyId, agencyPath: v.agencyPath }),
  ) as VersionRow[];
  if (versions.length === 0) throw errors.notFound("权力事项");
  const changeIds = [...new Set(versions.flatMap((v) => [v.startChangeId, ...(v.endChangeId ? [v.endChangeId] : [])]))];
  const changes = (await loadChanges(db, inArray(powerItemChanges.id, changeIds))).sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.createdAt.getTime() - b.createdAt.getTime());
  return { versions, changes };
}

/**
 * The discretion tiers (裁量基准, R-LIST-09) that apply to an item in an agency: its own, or
 * else those of the nearest ancestor agency that sets tiers for the same item code.
 */
export async function tiersOf(db: Db, actor: Actor, itemCode: string, agencyId: string) {
  const agency = await loadAgency(db, agencyId);
  if (!powerPolicy.can(actor, "read", agency)) throw errors.notFound("权力事项");
  const [item] = await selectVersions(db, and(eq(powerItems.agencyId, agencyId), eq(powerItems.itemCode, itemCode), validOn(today())));
  const chain = agency.agencyPath.split("/").filter(Boolean);
  const rows = await db
    .select({ ...getTableColumns(discretionTiers), agencyName: agencies.name })
    .from(discretionTiers)
    .innerJoin(agencies, eq(agencies.id, discretionTiers.agencyId))
    .where(and(eq(discretionTiers.itemCode, itemCode), inArray(discretionTiers.agencyId, chain)))
    .orderBy(asc(discretionTiers.tierOrder));
  const sourceId = [...chain].reverse().find((id) => rows.some((r) => r.agencyId === id));
  const tiers = rows.filter((r) => r.agencyId === sourceId);
  if (!item && tiers.length === 0) throw errors.notFound("权力事项");
  const source = tiers[0] ? { id: tiers[0].agencyId, name: tiers[0].agencyName } : null;
  return { item: (item as VersionRow | undefined) ?? null, source, tiers };
}
