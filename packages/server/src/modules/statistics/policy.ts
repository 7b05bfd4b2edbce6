import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";

/**
 * 行政执法统计年报 (R-PUB-10, R-GEN-03):
 * - read (figures of any period, drafts, XLSX): the agency's head, publicity reviewers and unit
 *   leads; supervisors for their subtree (they also see who is late);
 * - prepare (generate or regenerate the draft, write the 说明): the agency's publicity reviewers
 *   and head;
 * - publish: the agency's head or publicity reviewers — who enforces publishes (谁执法谁公示).
 * Officers and legal reviewers do neither; supervisors never publish for an agency.
 */
export const statisticsPolicy = new Policy<Owned, "read" | "prepare" | "publish">("statistics", {
  read: (a, r) => (has(a, "agency_head", "publicity_reviewer", "unit_lead") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  prepare: (a, r) => has(a, "publicity_reviewer", "agency_head") && inScope(a, r, "own"),
  publish: (a, r) => has(a, "publicity_reviewer", "agency_head") && inScope(a, r, "own"),
});

/** Which agencies' reports the actor's list shows (null: none). */
export function statisticsScope(a: Actor): { pathPrefix: string } | { agencyId: string } | null {
  if (has(a, "supervisor")) return { pathPrefix: a.agencyPath };
  if (has(a, "agency_head", "publicity_reviewer", "unit_lead")) return { agencyId: a.agencyId };
  return null;
}

abilitySources.set("statistics", (actor: Actor, own: Owned) => statisticsPolicy.abilities(actor, own));
