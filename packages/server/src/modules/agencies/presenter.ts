import type { Actor } from "../../core/policy.ts";
import { agencyPolicy } from "./policy.ts";
import type { AgencyRow } from "./service.ts";

export function presentAgency(actor: Actor, row: AgencyRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    parentId: row.parentId,
    path: row.path,
    level: row.level,
    regionCode: row.regionCode,
    regionName: row.regionName,
    actionTypes: row.actionTypes,
    legalBasis: row.legalBasis,
    nature: row.nature,
    socialCreditCode: row.socialCreditCode,
    address: row.address,
    phone: row.phone,
    active: row.active,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    can: agencyPolicy.abilities(actor, { agencyId: row.id, agencyPath: row.path }),
  };
}
