import { and, asc, eq, sql } from "drizzle-orm";
import { AGENCY_LEVELS, agencyPath } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import { agencies, units } from "./tables.ts";
import { agencyPolicy } from "./policy.ts";
import type { AgencyCreate, AgencyUpdate } from "./schemas.ts";
import crypto from "node:crypto";

export type AgencyRow = typeof agencies.$inferSelect;

export async function listAgencies(db: Db): Promise<AgencyRow[]> {
  return db.select().from(agencies).orderBy(asc(agencies.path));
}

export async function getAgency(db: Db, id: string): Promise<AgencyRow> {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  if (!row) throw errors.notFound("执法主体");
  return row;
}

export async function listUnits(db: Db, agencyId: string) {
  return db.select({ id: units.id, agencyId: units.agencyId, name: units.name, kind: units.kind }).from(units).where(eq(units.agencyId, agencyId)).orderBy(asc(units.name));
}

/**
 * Creates an agency under a parent (R-GEN-02). A child is at the parent's level or below: a
 * city justice bureau is the parent of the city's other agencies and of the county bureaus.
 */
export async function createAgency(db: Db, actor: Actor, ctx: AuditContext, input: AgencyCreate): Promise<AgencyRow> {
  const parent = await ownedAgency(db, input.parentId);
  agencyPolicy.authorize(actor, "createChild", parent);
  const problem = childLevelProblem(parent.level, input.level);
  if (problem) throw errors.validation([{ field: "level", message: problem }]);
  const id = crypto.randomUUID();
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx
      .insert(agencies)
      .values({ ...input, id, parentId: parent.agencyId, path: agencyPath(parent.agencyPath, id) })
      .returning();
    return row!;
  });
}

/** A child is at its parent's level or below (R-GEN-02); the Chinese reason otherwise. */
export function childLevelProblem(parentLevel: string, level: string): string | null {
  return AGENCY_LEVELS.indexOf(level as never) < AGENCY_LEVELS.indexOf(parentLevel as never) ? "下级主体的层级不能高于上级主体" : null;
}

/** Optimistic concurrency: the caller sends the version it edited; a stale one is refused. */
export async function updateAgency(db: Db, actor: Actor, ctx: AuditContext, id: string, input: AgencyUpdate): Promise<AgencyRow> {
  const current = await getAgency(db, id);
  agencyPolicy.authorize(actor, "update", { agencyId: current.id, agencyPath: current.path });
  const { version, ...changes } = input;
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx
      .update(agencies)
      .set({ ...changes, version: sql`${agencies.version} + 1`, updatedAt: new Date() })
      .where(and(eq(agencies.id, id), eq(agencies.version, version)))
      .returning();
    if (!row) throw errors.staleVersion();
    return row;
  });
}

export async function createUnit(db: Db, actor: Actor, ctx: AuditContext, agencyId: string, input: { name: string; kind: string }) {
  const owner = await ownedAgency(db, agencyId);
  agencyPolicy.authorize(actor, "manageUnits", owner);
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx.insert(units).values({ agencyId, name: input.name, kind: input.kind }).returning();
    return row!;
  });
}

export async function updateUnit(db: Db, actor: Actor, ctx: AuditContext, unitId: string, input: { name: string; kind: string }) {
  const [unit] = await db.select().from(units).where(eq(units.id, unitId));
  if (!unit) throw errors.notFound("内设机构");
  agencyPolicy.authorize(actor, "manageUnits", await ownedAgency(db, unit.agencyId));
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx.update(units).set({ name: input.name, kind: input.kind, updatedAt: new Date() }).where(eq(units.id, unitId)).returning();
    return row!;
  });
}
