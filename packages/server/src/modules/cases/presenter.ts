/** What leaves the server about a case, with the actor's abilities (`can`). */
import {
  CASE_SOURCE_LABELS,
  DOC_KIND_LABELS,
  type CaseSource,
  avRequirement,
  computeDeadline,
  evaluateAdvance,
  missingDocuments,
  stageOf,
  todayInShanghai,
  type DocKind,
  type StageLimit,
  type WorkflowDefinition,
  type WorkingCalendar,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import type { Actor } from "../../core/policy.ts";
import { loadCalendar } from "../calendar/service.ts";
import { casePolicy, caseResourceOf } from "./policy.ts";
import { caseDetail, caseFacts, caseLight, type CaseRow, type CaseView, type CaseWithAgency } from "./service.ts";
import type { WorkflowRow } from "./workflows.ts";


export function presentWorkflow(w: WorkflowRow) {
  const d = w.definition;
  return {
    id: w.id,
    key: w.key,
    version: w.version,
    name: w.name,
    actionType: w.actionType,
    ...(d.procedure ? { procedure: d.procedure } : {}),
    current: w.current,
    ...(d.caseLimit ? { caseLimit: d.caseLimit } : {}),
    stages: d.stages.map((s) => ({ ...s, actors: [...s.actors], documents: (s.documents ?? []).map((x) => (Array.isArray(x) ? [...x] : [x])) })),
    createdAt: w.createdAt.toISOString(),
  };
}

/** Masks a 身份证号/信用代码 for readers outside the handling unit (R-REC-09). */
export function maskId(id: string): string {
  if (id.length <= 6) return id ? "*".repeat(id.length) : "";
  return `${id.slice(0, 3)}${"*".repeat(id.length - 7)}${id.slice(-4)}`;
}

export function presentSummary(row: { c: CaseRow; agencyName: string; lead: string | null }, workflows: Map<string, WorkflowDefinition>, today: string) {
  const c = row.c;
  const def = workflows.get(c.workflowId);
  return {
    id: c.id,
    number: c.number,
    agencyId: c.agencyId,
    agencyName: row.agencyName,
    actionType: c.actionType,
    title: c.title,
    partyName: c.partyName,
    status: c.status,
    stage: c.stage,
    stageName: (def && stageOf(def, c.stage)?.name) ?? c.stage,
    workflowName: def?.name ?? "",
    stageDue: c.stageDue,
    caseDue: c.caseDue,
    light: caseLight(c, today),
    lead: row.lead,
    flagCount: c.flagCount,
    openedOn: c.openedOn,
  };
}

function deadline(cal: WorkingCalendar, start: string, limit: StageLimit | undefined, suspensions: { from: string; to: string | null }[], today: string, completedOn: string | null) {
  if (!limit) return null;
  const d = computeDeadline(cal, { start, limit, suspensions, today, completedOn });
  return { due: d.due, light: d.light, label: d.label, basis: limit.basis, confirmed: d.confirmed };
}

/** The detail of a case; `view`: what the caller already read of it (else read here). */
export async function presentDetail(db: Db | Tx, c: CaseWithAgency, actor: Actor, view?: CaseView) {
  const today = todayInShanghai(new Date());
  const [detail, cal] = await Promise.all([caseDetail(db, c, view), loadCalendar(db)]);
  const def: WorkflowDefinition = detail.workflow.definition;
  const can = casePolicy.abilities(actor, caseResourceOf(c, detail.team));
  const stage = stageOf(def, c.stage);
  const facts = await caseFacts(db, c, def, today, detail);
  const active = c.status === "open" || c.status === "suspended";
  const nextActions =
    stage && (active || c.status === "closed")
      ? (stage.next.length ? stage.next : [null]).map((next) => {
          const refusals = can.handle ? evaluateAdvance(def, facts, { roles: actor.roles }, next ?? undefined) : [{ code: "forbidden", message: "您不是本案的承办人员", rule: "R-GEN-03" }];
          return { next, name: next ? `办结“${stage.name}”，进入“${stageOf(def, next)?.name ?? next}”` : `办结“${stage.name}”，归档`, allowed: refusals.length === 0, refusals };
        })
      : [];
  const superseded = new Set(detail.records.map((r) => r.supersedes).filter(Boolean));
  const stageSusp = detail.suspensions.filter((s) => s.stage === c.stage).map((s) => ({ from: s.fromDate, to: s.toDate }));
  const allSusp = detail.suspensions.map((s) => ({ from: s.fromDate, to: s.toDate }));
  const caseEnd = def.caseLimitEndsAt ? detail.stages.find((s) => s.stage === def.caseLimitEndsAt && s.completedAt) : undefined;
  const showId = can.handle || actor.roles.includes("legal_reviewer");
  return {
    ...presentSummary({ c, agencyName: c.agencyName, lead: detail.team[0]?.name ?? null }, new Map([[c.workflowId, def]]), today),
    sourceLabel: CASE_SOURCE_LABELS[c.source as CaseSource] ?? c.source,
    sourceDetail: c.sourceDetail,
    partyType: c.partyType,
    partyIdNo: showId ? c.partyIdNo : maskId(c.partyIdNo),
    partyAddress: c.partyAddress,
    partyPhone: showId ? c.partyPhone : maskId(c.partyPhone),
    regionCode: c.regionCode,
    powerItemCode: c.powerItemCode,
    version: c.version,
    decision: c.decision ?? null,
    majorFlags: c.majorFlags,
    workflow: presentWorkflow(detail.workflow),
    stageDeadline: active ? deadline(cal, c.stageStartedOn, stage?.limit, stageSusp, today, null) : null,
    caseDeadline: deadline(cal, c.openedOn, def.caseLimit, allSusp, today, caseEnd?.completedAt ? todayInShanghai(caseEnd.completedAt) : null),
    team: detail.team.map((t) => ({ officerId: t.officerId, name: t.name, role: t.role, certNumber: t.certNumber, isMe: t.userId === actor.id })),
    stages: detail.stages.map((s) => ({ stage: s.stage, name: stageOf(def, s.stage)?.name ?? s.stage, startedAt: s.startedAt.toISOString(), due: s.due, completedAt: s.completedAt?.toISOString() ?? null, late: s.late })),
    records: detail.records.map((r) => ({
      id: r.id,
      stage: r.stage,
      kind: r.kind,
      kindLabel: DOC_KIND_LABELS[r.kind as DocKind] ?? r.kind,
      title: r.title,
      body: r.body,
      actedAt: r.actedAt.toISOString(),
      enteredAt: r.enteredAt.toISOString(),
      byName: r.byName,
      flags: r.flags,
      supersedes: r.supersedes,
      superseded: superseded.has(r.id),
      ledgerEntryId: r.ledgerEntryId,
    })),
    evidence: detail.evidence.map((e) => ({ id: e.id, stage: e.stage, category: e.category, filename: e.filename, capturedAt: e.capturedAt.toISOString(), proves: e.proves, late: e.late, sha256: e.sha256 })),
    suspensions: detail.suspensions.map((s) => ({ id: s.id, stage: s.stage, reason: s.reason, from: s.fromDate, to: s.toDate })),
    approvals: detail.approvals.map((a) => ({
      id: a.id,
      kind: a.kind,
      stage: a.stage,
      reason: a.reason,
      officerId: a.officerId,
      requestedAt: a.requestedAt.toISOString(),
      decision: a.decision,
      decisionReason: a.decisionReason,
      decidedAt: a.decidedAt?.toISOString() ?? null,
    })),
    flags: detail.flags.map((f) => ({ id: f.id, kind: f.kind, stage: f.stage, detail: f.detail, createdAt: f.createdAt.toISOString() })),
    nextActions,
    requirements: {
      documentsMissing: stage ? missingDocuments(stage, facts.documents) : [],
      av: stage ? (avRequirement(stage, facts) ?? null) : null,
      minTeam: stage?.minTeam ?? 0,
      majorReview: facts.review ? { required: facts.review.required, passed: facts.review.passed, pending: facts.review.pending, because: facts.review.because ?? [] } : null,
    },
    can,
  };
}
