import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";
import type { ListScope } from "./service.ts";

/** A publication as its policy sees it: the owning agency and the logins on its case's team. */
export interface PublicationResource extends Owned {
  teamUserIds: readonly string[];
}

/**
 * 行政执法决定公示 (R-PUB-03…R-PUB-09, R-GEN-03):
 * - read (original beside the redacted text): the agency's publicity reviewers, unit leads and
 *   head; officers only for their own cases; supervisors for their subtree;
 * - review (edit the public text, propose or withhold, R-PUB-05/06), publish (R-PUB-06) and
 *   correct (own corrections and correction requests, R-PUB-08): the agency's publicity
 *   reviewers only — who enforces publishes (谁执法谁公示), nothing is published unreviewed;
 * - withdraw after a ruling (R-PUB-07, 2 working days): the publicity reviewers or the head.
 * Supervisors never publish: they watch (the overdue report, R-PUB-12).
 */
export const publicationPolicy = new Policy<PublicationResource, "read" | "review" | "publish" | "withdraw" | "correct">("publication", {
  read: (a, r) =>
    (has(a, "publicity_reviewer", "unit_lead", "agency_head") && inScope(a, r, "own")) || (has(a, "officer") && inScope(a, r, "own") && r.teamUserIds.includes(a.id)) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  review: (a, r) => has(a, "publicity_reviewer") && inScope(a, r, "own"),
  publish: (a, r) => has(a, "publicity_reviewer") && inScope(a, r, "own"),
  withdraw: (a, r) => has(a, "publicity_reviewer", "agency_head") && inScope(a, r, "own"),
  correct: (a, r) => has(a, "publicity_reviewer") && inScope(a, r, "own"),
});

/**
 * The agency-level actions: the queue (anyone who may read some publication of the agency),
 * correction requests (reviewers, head; supervisors read), the accountability report (heads and
 * supervisors, R-PUB-12), and pushing decisions from another system (R-PUB-09: the agency's
 * publicity reviewers).
 */
export const publicityPolicy = new Policy<Owned, "queue" | "corrections" | "overdue" | "push">("publicity", {
  queue: (a, r) => (has(a, "publicity_reviewer", "unit_lead", "agency_head", "officer") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  corrections: (a, r) => (has(a, "publicity_reviewer", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  overdue: (a, r) => (has(a, "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  push: (a, r) => has(a, "publicity_reviewer") && inScope(a, r, "own"),
});

/** Which publications the actor's queue shows (null: none). */
export function queueScope(a: Actor): ListScope | null {
  if (has(a, "supervisor")) return { pathPrefix: a.agencyPath };
  if (has(a, "publicity_reviewer", "unit_lead", "agency_head")) return { agencyId: a.agencyId };
  if (has(a, "officer")) return { agencyId: a.agencyId, teamUserId: a.id };
  return null;
}

/** Which correction requests the actor sees. */
export function correctionScope(a: Actor): ListScope | null {
  if (has(a, "supervisor")) return { pathPrefix: a.agencyPath };
  if (has(a, "publicity_reviewer", "agency_head")) return { agencyId: a.agencyId };
  return null;
}

/** The accountability report's scope: heads their agency, supervisors their subtree. */
export function overdueScope(a: Actor): ListScope | null {
  if (has(a, "supervisor")) return { pathPrefix: a.agencyPath };
  if (has(a, "agency_head")) return { agencyId: a.agencyId };
  return null;
}

abilitySources.set("publicity", (actor: Actor, own: Owned) => publicityPolicy.abilities(actor, own));
