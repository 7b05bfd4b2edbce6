import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";

/** A case as its policy sees it: the owning agency and the logins on its team. */
export interface CaseResource extends Owned {
  teamUserIds: readonly string[];
}

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
