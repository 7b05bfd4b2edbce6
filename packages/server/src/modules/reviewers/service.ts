import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { has, type Actor, type Owned } from "../../core/policy.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import { agencies } from "../agencies/tables.ts";
import { legalReviewers } from "../lists/defs/legal-reviewers.ts";
import { listPolicy } from "../lists/policy.ts";

/**
 * R-LIST-12: an agency's active legal reviewers should be at least this share of its active
 * officers (执法人员). Expressed in whole percent so the comparison stays in integers. Change it
 * here if a deployment's rule differs (e.g. a province requiring more).
 */
export const REVIEWER_RATIO_TARGET_PERCENT = 5;

export interface ReviewerRatioRow {
  agencyId: string;
  agencyName: string;
  level: string;
  officers: number;
  reviewers: number;
  /** reviewers / officers, null when the agency has no officers. */
  ratio: number | null;
  /** Reviewers needed to reach the target: ceil(officers × target). */
  required: number;
  below: boolean;
}

/**
 * Reviewer-to-officer ratio per agency in the actor's scope (R-LIST-12, R-GEN-03): the actor's
 * own agency; supervisors and administrators every agency of their subtree. `agencyId` narrows
 * the report to that agency (and, for supervisors/admins, its subtree); it must be readable.
 * Officers are the active rows of the officers list (table `officers`), reviewers the active
 * rows of the legal reviewers registry. An agency without officers is never below the target.
 */
export async function reviewerRatio(db: Db, actor: Actor, agencyId?: string): Promise<ReviewerRatioRow[]> {
  const root: Owned = agencyId ? await ownedAgency(db, agencyId) : { agencyId: actor.agencyId, agencyPath: actor.agencyPath };
  listPolicy.authorize(actor, "read", root);
  const scope: SQL = has(actor, "supervisor", "admin") ? sql`${agencies.path} like ${root.agencyPath + "%"}` : eq(agencies.id, actor.agencyId);
  // `officers` is the officers list's table (lists/defs/officers.ts): agency_id, active.
  // The outer column is spelt out: drizzle renders a column of a single-table select unqualified.
  const outer = sql`${sql.identifier("agencies")}.${sql.identifier("id")}`;
  const officers = sql<number>`(select count(*)::int from officers o where o.agency_id = ${outer} and o.active)`;
  const reviewers = sql<number>`(select count(*)::int from ${legalReviewers} r where r.agency_id = ${outer} and r.active)`;
  const rows = await db
    .select({ agencyId: agencies.id, agencyName: agencies.name, level: agencies.level, officers, reviewers })
    .from(agencies)
    .where(and(eq(agencies.active, true), scope))
    .orderBy(asc(agencies.path));
  return rows.map((r) => {
    const o = Number(r.officers);
    const n = Number(r.reviewers);
    return {
      ...r,
      officers: o,
      reviewers: n,
      ratio: o === 0 ? null : Math.round((n / o) * 10000) / 10000,
      required: Math.ceil((o * REVIEWER_RATIO_TARGET_PERCENT) / 100),
      below: n * 100 < o * REVIEWER_RATIO_TARGET_PERCENT,
    };
  });
}
