import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";

/** A case as its policy sees it: the owning agency and the logins on its team. */
export interface CaseResource extends Owned {
  teamUserIds: readonly string[];
}

/** The policy's view of a case from its row and its current team. */
export function caseResourceOf(c: Owned, team: readonly { userId: string | null }[]): CaseResource {
  return { agencyId: c.agencyId, agencyPath: c.agencyPath, teamUserIds: team.map((t) => t.userId).filter((x): x is string => !!x) };
}

/**
 * Which cases a list shows (R-GEN-03): supervisors their subtree, the agency's handlers,
 * reviewers and head their own agency; null for anyone else.
 */
export function caseListScope(a: Actor): { pathPrefix: string } | { agencyId: string } | null {
  if (has(a, "supervisor")) return { pathPrefix: a.agencyPath };
  if (has(a, "officer", "unit_lead", "legal_reviewer", "agency_head")) return { agencyId: a.agencyId };
  return null;
}

/** 利害关系申报 (R-CASE-04): an officer declares their own interests; unit leads and the head any of their agency's officers. */
export const interestPolicy = new Policy<Owned & { officerUsername: string | null }, "declare">("officer-interest", {
  declare: (a, r) => inScope(a, r, "own") && (has(a, "unit_lead", "agency_head") || (has(a, "officer") && r.officerUsername === a.username)),
});

/**
 * Cases (R-CASE-01, R-GEN-03, R-REC-08):
 * - create: the agency's officers, unit leads and head;
 * - read: the agency's handlers, legal reviewers and head; supervisors above read their subtree;
 * - handle (records, files, team, stage work): officers on the case's team, and the agency's
 *   unit leads and head (which stage each may complete is the workflow's `actors`);
 * - approve (audio/video exceptions, avoidance requests): the agency head;
 * - suspend (中止计时): unit leads and the head;
 * - configure (numbering rule, workflow versions): an administrator at the root.
 */
export const casePolicy = new Policy<CaseResource, "create" | "read" | "handle" | "approve" | "suspend">("case", {
  create: (a, r) => has(a, "officer", "unit_lead", "agency_head") && inScope(a, r, "own"),
  read: (a, r) => (has(a, "officer", "unit_lead", "legal_reviewer", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  handle: (a, r) => inScope(a, r, "own") && (has(a, "unit_lead", "agency_head") || (has(a, "officer") && r.teamUserIds.includes(a.id))),
  approve: (a, r) => has(a, "agency_head") && inScope(a, r, "own"),
  suspend: (a, r) => has(a, "unit_lead", "agency_head") && inScope(a, r, "own"),
});

export const workflowPolicy = new Policy<null, "configure">("workflow", {
  configure: (a) => a.atRoot && has(a, "admin"),
});

/** The actor's abilities on a case of their own agency where they are on the team (for the menu). */
abilitySources.set("case", (actor: Actor, own: Owned) => casePolicy.abilities(actor, { ...own, teamUserIds: [actor.id] }));
abilitySources.set("workflow", (actor: Actor) => workflowPolicy.abilities(actor, null));
