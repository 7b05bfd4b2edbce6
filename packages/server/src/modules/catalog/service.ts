import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { isMajor, type AgencyLevel, type DecisionDraft, type MajorMatch } from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { errors } from "../../core/errors.ts";
import { agencies } from "../agencies/tables.ts";
import { majorCatalogRules, toCatalogRule } from "../lists/defs/major-catalog.ts";
import { getMajorScope } from "./settings.ts";

/** A draft as callers give it: the deciding agency's level is taken from the agency itself. */
export type DraftInput = Omit<DecisionDraft, "agencyLevel"> & { agencyLevel?: AgencyLevel };

export interface MajorEvaluation {
  major: boolean;
  /** Each match with the agency whose catalog holds the rule (null for the deployment scope). */
  matched: (MajorMatch & { agencyId: string | null; agencyName: string | null })[];
}

/** Ids of an agency's materialised path "/root/…/self/", root first. */
function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/**
 * Is a decision of `agencyId` major (R-REV-01)? Evaluates the active catalog rules
 * (R-LIST-06) of the agency and of every agency above it — a city justice bureau's catalog
 * covers the county agencies under it — plus the deployment's widened scope (河北).
 * Rules are taken root first, then by name; the draft's agency level is the agency's own.
 * The decision stage (R-REV-02) calls this to decide whether legal review is required.
 */
export async function evaluateMajor(db: Db | Tx, agencyId: string, draft: DraftInput): Promise<MajorEvaluation> {
  const [agency] = await db.select({ path: agencies.path, level: agencies.level }).from(agencies).where(eq(agencies.id, agencyId));
  if (!agency) throw errors.notFound("执法主体");
  const ancestors = pathIds(agency.path);
  const rows = await db
    .select({ rule: majorCatalogRules, agencyName: agencies.name })
    .from(majorCatalogRules)
    .innerJoin(agencies, eq(agencies.id, majorCatalogRules.agencyId))
    .where(and(inArray(majorCatalogRules.agencyId, ancestors), eq(majorCatalogRules.active, true)))
    .orderBy(asc(sql`length(${agencies.path})`), asc(majorCatalogRules.name), asc(majorCatalogRules.id));
  const owner = new Map(rows.map((r) => [r.rule.id, { agencyId: r.rule.agencyId, agencyName: r.agencyName }]));
  const result = isMajor(
    { ...draft, agencyLevel: agency.level as AgencyLevel },
    rows.map((r) => toCatalogRule(r.rule)),
    await getMajorScope(db),
  );
  return {
    major: result.major,
    matched: result.matched.map((m) => ({ ...m, agencyId: owner.get(m.ruleId)?.agencyId ?? null, agencyName: owner.get(m.ruleId)?.agencyName ?? null })),
  };
}
