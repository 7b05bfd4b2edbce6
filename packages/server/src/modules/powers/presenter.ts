import { ACTION_TYPE_LABELS, type ActionType } from "@zhifa/domain";
import type { Actor } from "../../core/policy.ts";
import { powerItemList } from "../lists/defs/power-items.ts";
import { CHANGE_KIND_LABELS, type ChangeKind } from "./tables.ts";
import type { ChangeRow, VersionRow } from "./service.ts";
import { powerPolicy } from "./policy.ts";

/** One version of a power item as it leaves the server, with what the actor may do on it. */
export function presentVersion(actor: Actor, row: VersionRow) {
  const owner = { agencyId: row.agencyId, agencyPath: row.agencyPath };
  const open = row.effectiveTo === null;
  const fields: Record<string, unknown> = {};
  for (const f of powerItemList.fields) fields[f.key] = (row as Record<string, unknown>)[f.key] ?? null;
  return {
    ...fields,
    id: row.id,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    version: row.version,
    actionTypeLabel: ACTION_TYPE_LABELS[row.actionType as ActionType] ?? row.actionType,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    changeKind: row.changeKind,
    changeKindLabel: CHANGE_KIND_LABELS[row.changeKind as ChangeKind] ?? row.changeKind,
    // a dated change or a correction applies to the open version only
    can: { change: open && powerPolicy.can(actor, "change", owner), correct: open && powerPolicy.can(actor, "correct", owner) },
  };
}

export function presentChange(row: ChangeRow) {
  return {
    id: row.id,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    kind: row.kind,
    kindLabel: CHANGE_KIND_LABELS[row.kind as ChangeKind] ?? row.kind,
    effectiveDate: row.effectiveDate,
    reason: row.reason,
    documentNo: row.documentNo,
    itemCodes: row.itemCodes,
    resultItemCode: row.resultItemCode,
    targetAgencies: row.targetAgencies,
    actorName: row.actorName,
    createdAt: row.createdAt.toISOString(),
  };
}
