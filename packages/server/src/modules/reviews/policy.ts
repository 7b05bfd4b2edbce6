import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";

/** A review round as its policy sees it: the case's agency, its team, and the assigned reviewer. */
export interface ReviewResource extends Owned {
  teamUserIds: readonly string[];
  assigneeId: string | null;
}

/**
 * 法制审核 (R-REV, R-REV-10 attribution):
 * - read: whoever reads the case (its agency's handlers, reviewers and head; supervisors above);
 * - submit (submit, complete, withdraw, contest an opinion): the case unit — officers on the
 *   case's team, the agency's unit leads and head;
 * - review (accept, return, assign): the agency's legal reviewers (法制机构);
 * - opine (checklist, inquiries, consultations, extension request, opinion): the assigned
 *   reviewer only;
 * - decide (extensions, disputes, reassignment): the agency head (R-REV-07, R-REV-08).
 * Conflicts of interest (a reviewer who handled or approved the case) are checked in the
 * service, against the case's history.
 */
export const reviewPolicy = new Policy<ReviewResource, "read" | "submit" | "review" | "opine" | "decide">("review", {
  read: (a, r) => (has(a, "officer", "unit_lead", "legal_reviewer", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  submit: (a, r) => inScope(a, r, "own") && (has(a, "unit_lead", "agency_head") || (has(a, "officer") && r.teamUserIds.includes(a.id))),
  review: (a, r) => has(a, "legal_reviewer") && inScope(a, r, "own"),
  opine: (a, r) => has(a, "legal_reviewer") && inScope(a, r, "own") && r.assigneeId === a.id,
  decide: (a, r) => has(a, "agency_head") && inScope(a, r, "own"),
});

/** The queue: the legal unit, the head and supervisors; canned phrases: the legal unit. */
export const reviewQueuePolicy = new Policy<Owned, "queue" | "phrases">("review-queue", {
  queue: (a, r) => (has(a, "legal_reviewer", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  phrases: (a, r) => has(a, "legal_reviewer") && inScope(a, r, "own"),
});

/** Which reviews a queue shows: supervisors their subtree, the legal unit and head their agency. */
export function reviewListScope(a: Actor): { pathPrefix: string } | { agencyId: string } | null {
  if (has(a, "supervisor")) return { pathPrefix: a.agencyPath };
  if (has(a, "legal_reviewer", "agency_head")) return { agencyId: a.agencyId };
  return null;
}

abilitySources.set("review", (actor: Actor, own: Owned) => reviewQueuePolicy.abilities(actor, own));
