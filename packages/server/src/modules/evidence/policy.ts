import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";

export interface EvidenceResource extends Owned {
  uploadedBy: string;
  sensitivity: string;
}

/**
 * Evidence (R-REC-08, R-REC-09): the agency's handlers upload; the same agency reads directly
 * and supervising authorities above read their subtree. Records marked privacy, commercial or
 * secret are read only by their uploader, the unit lead, the legal reviewer and the head of the
 * agency, and by supervisors above.
 */
export const evidencePolicy = new Policy<EvidenceResource, "upload" | "read">("evidence", {
  upload: (a, r) => has(a, "officer", "unit_lead", "agency_head") && inScope(a, r, "own"),
  read: (a, r) => {
    if (has(a, "supervisor") && inScope(a, r, "subtree")) return true;
    if (!inScope(a, r, "own")) return false;
    if (r.sensitivity === "none") return has(a, "officer", "unit_lead", "legal_reviewer", "agency_head");
    return a.id === r.uploadedBy || has(a, "unit_lead", "legal_reviewer", "agency_head");
  },
});

export const ownEvidence = (a: Actor): EvidenceResource => ({ agencyId: a.agencyId, agencyPath: a.agencyPath, uploadedBy: a.id, sensitivity: "none" });

abilitySources.set("evidence", (actor, own) => evidencePolicy.abilities(actor, { ...own, uploadedBy: actor.id, sensitivity: "none" }));
