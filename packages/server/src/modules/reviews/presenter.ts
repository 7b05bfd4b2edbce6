import { eq, inArray } from "drizzle-orm";
import {
  REVIEW_STATE_LABELS,
  REVIEW_TRANSITIONS,
  extensionRefusal,
  lightLabel,
  reviewLight,
  reviewerConflict,
  type ReviewAction,
  type ReviewState,
} from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/policy.ts";
import { users } from "../users/tables.ts";
import { caseApprovals, caseStages } from "../cases/tables.ts";
import { reviewPolicy, type ReviewResource } from "./policy.ts";
import { caseRounds, reviewEvents, reviewResource, type ReviewWithCase } from "./service.ts";

export function presentSummary(r: ReviewWithCase & { assigneeName?: string | null }, today: string) {
  const light = reviewLight(r.state, r.due, r.soon, today);
  return {
    id: r.id,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    caseTitle: r.caseTitle,
    partyName: r.partyName,
    actionType: r.actionType,
    agencyName: r.agencyName,
    round: r.round,
    state: r.state,
    stateLabel: REVIEW_STATE_LABELS[r.state],
    submittedAt: r.submittedAt.toISOString(),
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName ?? null,
    acceptedOn: r.acceptedOn,
    due: r.due,
    completeBy: r.completeBy,
    light,
    lightLabel: light ? (light === "done" ? (r.late ? "超期出具" : "按期出具") : lightLabel(light)) : r.state === "returned" ? `待补充（${r.completeBy ?? ""}前）` : r.state === "disputed" ? "待负责人决定" : "",
    outcome: r.outcome,
    late: r.late,
    extensionPending: !!r.extension && r.extension.decision === null,
    majorBecause: r.majorBecause,
  };
}

/** What the actor may do on the round now, and why the rest of their actions are not possible. */
async function abilities(db: Db, r: ReviewWithCase, res: ReviewResource, actor: Actor, today: string) {
  const can = (action: ReviewAction) => REVIEW_TRANSITIONS[action].includes(r.state as ReviewState);
  const p = reviewPolicy.abilities(actor, res);
  const blocked: { action: string; code: string; message: string }[] = [];
  let conflict = null;
  if (p.review || p.opine) {
    const [completers, approvers] = await Promise.all([
      db.selectDistinct({ id: caseStages.completedBy }).from(caseStages).where(eq(caseStages.caseId, r.caseId)),
      db.selectDistinct({ id: caseApprovals.decidedBy }).from(caseApprovals).where(eq(caseApprovals.caseId, r.caseId)),
    ]);
    const ids = (rows: { id: string | null }[]) => rows.map((x) => x.id).filter((x): x is string => !!x);
    conflict = reviewerConflict(actor.id, { team: [...res.teamUserIds], stageCompleters: ids(completers), approvers: ids(approvers) });
    if (conflict && can("accept")) blocked.push({ action: "accept", code: conflict.code, message: conflict.message });
  }
  const completionOverdue = r.state === "returned" && !!r.completeBy && today > r.completeBy;
  if (p.submit && completionOverdue) blocked.push({ action: "complete", code: "review_completion_overdue", message: `补充材料的期限已于 ${r.completeBy} 届满，请重新提交法制审核` });
  const extension = extensionRefusal({ state: r.state, extensionRequested: !!r.extension, due: r.due, today });
  if (p.opine && can("extend") && extension) blocked.push({ action: "extend", code: extension.code, message: extension.message });
  return {
    abilities: {
      accept: p.review && can("accept") && !conflict,
      return: p.review && can("return"),
      assign: (p.review || p.decide) && can("assign"),
      complete: p.submit && can("complete") && !completionOverdue,
      withdraw: p.submit && can("withdraw"),
      opine: p.opine && can("opinion") && !conflict,
      extend: p.opine && can("extend") && !extension,
      decideExtension: p.decide && r.state === "in_review" && !!r.extension && r.extension.decision === null,
      dispute: p.submit && can("dispute"),
      resolve: p.decide && can("resolve"),
      materials: p.review || p.decide || p.submit,
      resubmit: p.submit && (r.state === "corrected" || r.state === "withdrawn" || completionOverdue),
    },
    blocked,
  };
}

export async function presentDetail(db: Db, r: ReviewWithCase, actor: Actor, today: string) {
  const res = await reviewResource(db, r);
  const [events, rounds, ab] = await Promise.all([reviewEvents(db, r.id), caseRounds(db, r.caseId), abilities(db, r, res, actor, today)]);
  const names = new Map((await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [r.submittedBy, r.assigneeId, r.opinionBy].filter((x): x is string => !!x)))).map((u) => [u.id, u.name]));
  return {
    ...presentSummary({ ...r, assigneeName: r.assigneeId ? (names.get(r.assigneeId) ?? null) : null }, today),
    caseStage: r.caseStage,
    caseStatus: r.caseStatus,
    submittedByName: names.get(r.submittedBy) ?? "",
    submission: r.submission,
    decision: r.decision,
    returnReason: r.returnReason,
    checklist: r.checklist,
    opinion: r.opinion,
    correction: r.correction,
    transferTo: r.transferTo,
    opinionAt: r.opinionAt?.toISOString() ?? null,
    opinionByName: r.opinionBy ? (names.get(r.opinionBy) ?? null) : null,
    documentSha256: r.documentSha256,
    extension: r.extension,
    dispute: r.dispute,
    version: r.version,
    events: events.map((e) => ({ id: e.id, kind: e.kind, actorName: e.actorName, at: e.at.toISOString(), summary: e.summary, ledgerEntryId: e.ledgerEntryId })),
    rounds: rounds.filter((x) => x.id !== r.id).map((x) => ({ id: x.id, round: x.round, state: x.state, stateLabel: REVIEW_STATE_LABELS[x.state], outcome: x.outcome, opinion: x.opinion, correction: x.correction })),
    abilities: ab.abilities,
    blocked: ab.blocked,
  };
}
