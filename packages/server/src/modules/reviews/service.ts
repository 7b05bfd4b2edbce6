/**
 * 重大执法决定法制审核 (R-REV-01…11): submission by the case unit, acceptance or return by the
 * legal unit, the ten-point review, the opinion, extensions and disputes decided by the agency
 * head, and the decision gate's hook. Every step is an event of the review and an entry of the
 * case's ledger chain, committed together (R-REV-10).
 */
import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import {
  DEFAULT_REVIEW_LIMITS,
  LIVE_REVIEW_STATES,
  REVIEW_OUTCOME_LABELS,
  REVIEW_STATE_LABELS,
  addCalendarDays,
  decisionKey,
  emptyChecklist,
  extensionRefusal,
  formatYuan,
  normalizeChecklist,
  opinionProblems,
  reviewDueDates,
  reviewGate,
  reviewNextState,
  reviewStats,
  reviewTransitionRefusal,
  reviewerConflict,
  stageOf,
  todayInShanghai,
  type ActionType,
  type ChecklistItem,
  type ReviewAction,
  type ReviewLimits,
  type ReviewOutcome,
  type ReviewRefusal,
  type ReviewState,
  type WorkflowDefinition,
  dateInShanghai,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors } from "../../core/errors.ts";
import { has, type Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { evidenceFiles } from "../evidence/tables.ts";
import { legalReviewers } from "../lists/defs/legal-reviewers.ts";
import { loadCalendar } from "../calendar/service.ts";
import { getSetting } from "../catalog/settings.ts";
import { evaluateMajor } from "../catalog/service.ts";
import { caseApprovals, caseRecords, cases, caseStages } from "../cases/tables.ts";
import { caseChain, getCase, legalReview, teamOf, type CaseRow, type CaseWithAgency } from "../cases/service.ts";
import { definitionOf } from "../cases/workflows.ts";
import { legalReviewEvents, legalReviews, reviewPhrases, type ReviewSubmission } from "./tables.ts";
import type { ReviewResource } from "./policy.ts";
import { isUuid } from "../../core/schemas.ts";

export type ReviewRow = typeof legalReviews.$inferSelect;
export type ReviewWithCase = ReviewRow & { caseNumber: string; caseTitle: string; partyName: string; actionType: string; caseStage: string; caseStatus: string; agencyPath: string; agencyName: string };

export const REVIEW_LIMITS_SETTING = "review.limits";


function refusal(r: ReviewRefusal, status = 409): AppError {
  return new AppError(r.code, status, r.message, [{ rule: r.rule }]);
}

/** The deployment's review limits (R-REV-07: 3 + 2 working days unless configured). */
export async function reviewLimits(db: Db | Tx): Promise<ReviewLimits> {
  const v = (await getSetting(db, REVIEW_LIMITS_SETTING)) as Partial<ReviewLimits> | undefined;
  const pick = (k: keyof ReviewLimits) => (typeof v?.[k] === "number" && Number.isInteger(v[k]) && v[k] >= 0 && v[k] <= 60 ? v[k] : DEFAULT_REVIEW_LIMITS[k]);
  return { opinionDays: Math.max(1, pick("opinionDays")), extensionDays: pick("extensionDays"), completionDays: Math.max(1, pick("completionDays")) };
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

const withCase = {
  r: legalReviews,
  caseNumber: cases.number,
  caseTitle: cases.title,
  partyName: cases.partyName,
  actionType: cases.actionType,
  caseStage: cases.stage,
  caseStatus: cases.status,
  agencyPath: agencies.path,
  agencyName: agencies.name,
};
type WithCaseRow = { r: ReviewRow; caseNumber: string; caseTitle: string; partyName: string; actionType: string; caseStage: string; caseStatus: string; agencyPath: string; agencyName: string };
const flatten = (x: WithCaseRow): ReviewWithCase => ({ ...x.r, caseNumber: x.caseNumber, caseTitle: x.caseTitle, partyName: x.partyName, actionType: x.actionType, caseStage: x.caseStage, caseStatus: x.caseStatus, agencyPath: x.agencyPath, agencyName: x.agencyName });

export async function getReview(db: Db | Tx, id: string): Promise<ReviewWithCase | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select(withCase).from(legalReviews).innerJoin(cases, eq(cases.id, legalReviews.caseId)).innerJoin(agencies, eq(agencies.id, legalReviews.agencyId)).where(eq(legalReviews.id, id));
  return row ? flatten(row) : null;
}

/** The review as its policy sees it. */
export async function reviewResource(db: Db | Tx, r: { caseId: string; agencyId: string; agencyPath: string; assigneeId: string | null }): Promise<ReviewResource> {
  const team = await teamOf(db, r.caseId);
  return { agencyId: r.agencyId, agencyPath: r.agencyPath, teamUserIds: team.map((t) => t.userId).filter((x): x is string => !!x), assigneeId: r.assigneeId };
}

/** All rounds of a case, newest first. */
export async function caseRounds(db: Db | Tx, caseId: string): Promise<ReviewWithCase[]> {
  const rows = await db.select(withCase).from(legalReviews).innerJoin(cases, eq(cases.id, legalReviews.caseId)).innerJoin(agencies, eq(agencies.id, legalReviews.agencyId)).where(eq(legalReviews.caseId, caseId)).orderBy(desc(legalReviews.round));
  return rows.map(flatten);
}

export async function reviewEvents(db: Db | Tx, reviewId: string) {
  return db.select().from(legalReviewEvents).where(eq(legalReviewEvents.reviewId, reviewId)).orderBy(asc(legalReviewEvents.at));
}

/** Who handled or approved the case: they may not review it. */
async function involvedUsers(db: Db | Tx, caseId: string) {
  const [team, completers, approvers] = await Promise.all([
    teamOf(db, caseId),
    db.selectDistinct({ id: caseStages.completedBy }).from(caseStages).where(eq(caseStages.caseId, caseId)),
    db.selectDistinct({ id: caseApprovals.decidedBy }).from(caseApprovals).where(eq(caseApprovals.caseId, caseId)),
  ]);
  const ids = (rows: { id: string | null }[]) => rows.map((r) => r.id).filter((x): x is string => !!x);
  return { team: team.map((t) => t.userId).filter((x): x is string => !!x), stageCompleters: ids(completers), approvers: ids(approvers) };
}

/** A legal reviewer of the agency who may review this case (active, the right role, no conflict). */
async function checkAssignee(db: Db | Tx, r: { caseId: string; agencyId: string }, userId: string): Promise<{ id: string; displayName: string }> {
  const [u] = isUuid(userId) ? await db.select({ id: users.id, displayName: users.displayName, roles: users.roles, agencyId: users.agencyId, active: users.active }).from(users).where(eq(users.id, userId)) : [];
  if (!u || !u.active || u.agencyId !== r.agencyId || !u.roles.includes("legal_reviewer")) {
    throw errors.validation([{ field: "assigneeId", message: "审核人员须为本机关在职的法制审核人员" }]);
  }
  const conflict = reviewerConflict(u.id, await involvedUsers(db, r.caseId));
  if (conflict) throw refusal(conflict);
  return u;
}

// ---------------------------------------------------------------------------------------
// The gate's hook (R-REV-02)
// ---------------------------------------------------------------------------------------

/** The latest round that was not withdrawn decides the gate. */
export async function gateStatus(db: Db | Tx, c: Pick<CaseRow, "id" | "decision">) {
  const [latest] = await db
    .select({ state: legalReviews.state, decisionKey: legalReviews.decisionKey })
    .from(legalReviews)
    .where(and(eq(legalReviews.caseId, c.id), ne(legalReviews.state, "withdrawn")))
    .orderBy(desc(legalReviews.round))
    .limit(1);
  return reviewGate(latest ?? null, decisionKey(c.decision));
}

legalReview.hook = { status: gateStatus };

// ---------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------

interface Step {
  kind: string;
  summary: string;
  data?: Record<string, unknown>;
}

/** Writes the event and the ledger entry of a step, in the caller's transaction. */
async function record(tx: Tx, ledger: Ledger, actor: Actor, r: { id: string; caseId: string; round: number }, step: Step): Promise<void> {
  const at = new Date();
  const data = { reviewId: r.id, caseId: r.caseId, round: r.round, summary: step.summary, by: actor.displayName, at: at.toISOString(), ...(step.data ?? {}) };
  const entry = await ledger.append(tx, { kind: `review.${step.kind}`, actor: `user:${actor.id}`, chain: caseChain(r.caseId), data });
  await tx.insert(legalReviewEvents).values({ reviewId: r.id, caseId: r.caseId, kind: step.kind, actorId: actor.id, actorName: actor.displayName, at, summary: step.summary, data: step.data ?? {}, ledgerEntryId: entry.id });
}

/** Locks the round and checks that `action` is possible in its state. */
async function lockFor(tx: Tx, r: ReviewRow, action: ReviewAction, expectedVersion?: number): Promise<ReviewRow> {
  const [locked] = await tx.select().from(legalReviews).where(eq(legalReviews.id, r.id)).for("update");
  if (!locked) throw errors.notFound("法制审核");
  if (expectedVersion !== undefined && locked.version !== expectedVersion) throw errors.staleVersion();
  const bad = reviewTransitionRefusal(locked.state, action);
  if (bad) throw refusal(bad);
  return locked;
}

async function update(tx: Tx, id: string, patch: Partial<ReviewRow>): Promise<ReviewRow> {
  const [row] = await tx
    .update(legalReviews)
    .set({ ...patch, updatedAt: new Date(), version: sql`${legalReviews.version} + 1` })
    .where(eq(legalReviews.id, id))
    .returning();
  return row!;
}

const trimmed = (s: string | null | undefined) => (s ?? "").trim();

/** The stage at which a case may go to legal review: its decision gate, or the stage just before it. */
function atReviewableStage(def: WorkflowDefinition, stageKey: string): boolean {
  const stage = stageOf(def, stageKey);
  if (!stage) return false;
  if (stage.majorGate) return true;
  return stage.next.some((k) => stageOf(def, k)?.majorGate);
}

/** Checks a submission's content and that linked records and files belong to the case. */
async function checkSubmission(db: Db | Tx, caseId: string, s: ReviewSubmission): Promise<ReviewSubmission> {
  const out: ReviewSubmission = {
    facts: trimmed(s.facts),
    lawApplied: trimmed(s.lawApplied),
    discretion: trimmed(s.discretion),
    evidenceCollection: trimmed(s.evidenceCollection),
    hearing: trimmed(s.hearing),
    draftDecision: trimmed(s.draftDecision),
    recordIds: [...new Set(s.recordIds)],
    evidenceIds: [...new Set(s.evidenceIds)],
    otherMaterials: trimmed(s.otherMaterials),
  };
  const problems: { field: string; message: string }[] = [];
  if (!out.facts) problems.push({ field: "facts", message: "请填写案件事实" });
  if (!out.lawApplied) problems.push({ field: "lawApplied", message: "请填写适用的法律依据" });
  if (!out.discretion) problems.push({ field: "discretion", message: "请说明裁量基准的运用情况" });
  if (!out.evidenceCollection) problems.push({ field: "evidenceCollection", message: "请说明调查取证情况" });
  if (!out.draftDecision) problems.push({ field: "draftDecision", message: "请提供决定书代拟稿" });
  const badIds = (ids: string[]) => ids.some((id) => !isUuid(id));
  if (badIds(out.recordIds)) problems.push({ field: "recordIds", message: "关联的案件记录不存在" });
  if (badIds(out.evidenceIds)) problems.push({ field: "evidenceIds", message: "关联的证据文件不存在" });
  if (problems.length) throw errors.validation(problems);
  if (out.recordIds.length) {
    const found = await db.select({ id: caseRecords.id }).from(caseRecords).where(and(eq(caseRecords.caseId, caseId), inArray(caseRecords.id, out.recordIds)));
    if (found.length !== out.recordIds.length) throw errors.validation([{ field: "recordIds", message: "关联的案件记录不属于本案" }]);
  }
  if (out.evidenceIds.length) {
    const found = await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(and(eq(evidenceFiles.caseId, caseId), inArray(evidenceFiles.id, out.evidenceIds)));
    if (found.length !== out.evidenceIds.length) throw errors.validation([{ field: "evidenceIds", message: "关联的证据文件不属于本案" }]);
  }
  return out;
}

/** Why the decision is major, as the catalog says now (R-REV-01). */
export async function majorReasons(db: Db | Tx, c: CaseWithAgency, def: WorkflowDefinition): Promise<{ major: boolean; because: string[] }> {
  const hearingHeld = (await db.select({ id: caseStages.id }).from(caseStages).where(and(eq(caseStages.caseId, c.id), eq(caseStages.stage, "hearing"))).limit(1)).length > 0;
  const e = await evaluateMajor(db, c.agencyId, {
    actionType: c.actionType as ActionType,
    procedure: def.procedure,
    amount: c.decision?.amountFen != null ? c.decision.amountFen / 100 : undefined,
    measures: c.decision?.measures ?? [],
    hearingHeld,
    flags: c.majorFlags,
  });
  return { major: e.major, because: e.matched.map((m) => m.name) };
}

/**
 * What the case unit starts from (R-REV-03): the 情况说明 prefilled from the case (its
 * investigation report, decision draft and discretion), the 决定书代拟稿 generated from the
 * case, and the records and files that may be linked as evidence.
 */
export async function submissionDraft(db: Db | Tx, c: CaseWithAgency) {
  const def = await definitionOf(db, c.workflowId);
  const [records, files, major] = await Promise.all([
    db.select({ id: caseRecords.id, kind: caseRecords.kind, title: caseRecords.title, body: caseRecords.body, supersedes: caseRecords.supersedes, actedAt: caseRecords.actedAt }).from(caseRecords).where(eq(caseRecords.caseId, c.id)).orderBy(asc(caseRecords.actedAt)),
    db.select({ id: evidenceFiles.id, name: evidenceFiles.filename, category: evidenceFiles.category, capturedAt: evidenceFiles.capturedAt }).from(evidenceFiles).where(eq(evidenceFiles.caseId, c.id)).orderBy(asc(evidenceFiles.capturedAt)),
    majorReasons(db, c, def),
  ]);
  const superseded = new Set(records.map((r) => r.supersedes).filter(Boolean));
  const current = records.filter((r) => !superseded.has(r.id));
  const report = [...current].reverse().find((r) => r.kind === "case_report");
  const hearing = current.filter((r) => r.kind === "hearing_report" || r.kind === "appraisal");
  const d = c.decision;
  const amount = d?.amountFen != null ? `罚款人民币${formatYuan(d.amountFen)}元` : "";
  const measures = [...(d?.measures ?? []).filter((m) => m !== "罚款"), amount].filter(Boolean).join("、");
  const draft: ReviewSubmission = {
    facts: report?.body ?? `当事人${c.partyName}${c.title}一案。`,
    lawApplied: "",
    discretion: d ? [d.tierLabel ? `适用裁量阶次：${d.tierLabel}。` : "", d.discretionReason, d.outsideTierReason ? `超出裁量范围的理由：${d.outsideTierReason}` : ""].filter(Boolean).join("\n") : "",
    evidenceCollection: current.filter((r) => ["site_inspection", "inquiry", "appraisal", "other"].includes(r.kind)).map((r) => `${r.title}（${dateInShanghai(r.actedAt)}）`).join("；"),
    hearing: hearing.map((r) => `${r.title}：${r.body}`).join("\n"),
    draftDecision: [
      `${c.agencyName}`,
      `行政处罚决定书（代拟稿）`,
      `${c.number}`,
      `当事人：${c.partyName}`,
      report?.body ? (/^\s*经查/.test(report.body) ? report.body.trim() : `经查，${report.body.trim()}`) : `经查，当事人${c.title}。`,
      measures ? `根据有关规定，决定给予当事人以下处理：${measures}。` : "",
      "当事人如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
    ]
      .filter(Boolean)
      .join("\n"),
    recordIds: current.map((r) => r.id),
    evidenceIds: files.map((f) => f.id),
    otherMaterials: "",
  };
  return { draft, major, records: current.map((r) => ({ id: r.id, kind: r.kind, title: r.title, actedAt: r.actedAt })), files, atReviewableStage: atReviewableStage(def, c.stage), hasDecision: !!d };
}

/** 提交法制审核 (R-REV-03). */
export async function submit(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: ReviewSubmission): Promise<ReviewRow> {
  if (c.status !== "open") throw new AppError("case_not_open", 409, "案件不在办理中，不能提交法制审核");
  const def = await definitionOf(db, c.workflowId);
  if (!atReviewableStage(def, c.stage)) throw new AppError("review_not_at_decision", 409, `案件处于“${stageOf(def, c.stage)?.name ?? c.stage}”环节，调查终结、拟作出决定时才能提交法制审核`);
  if (!c.decision) throw new AppError("review_decision_missing", 409, "请先填写拟决定内容（处罚种类、金额、裁量说明），再提交法制审核");
  const submission = await checkSubmission(db, c.id, input);
  const major = await majorReasons(db, c, def);
  const today = todayInShanghai(new Date());
  return mutate(db, ctx, async (tx) => {
    await tx.execute(sql`select id from cases where id = ${c.id} for update`);
    const rounds = await tx.select().from(legalReviews).where(eq(legalReviews.caseId, c.id)).orderBy(desc(legalReviews.round));
    const live = rounds.find((r) => LIVE_REVIEW_STATES.includes(r.state));
    if (live) {
      // a returned submission not completed in time lapses: the unit submits anew (R-REV-04)
      if (live.state === "returned" && live.completeBy && today > live.completeBy) {
        await update(tx, live.id, { state: "withdrawn" });
        await record(tx, ledger, actor, live, { kind: "lapsed", summary: `逾期（${live.completeBy}）未补充材料，本轮审核终止` });
      } else throw new AppError("review_already_live", 409, `本案第 ${live.round} 轮法制审核尚未完成（${REVIEW_STATE_LABELS[live.state]}），不能重复提交`);
    }
    const round = (rounds[0]?.round ?? 0) + 1;
    const [row] = await tx
      .insert(legalReviews)
      .values({
        caseId: c.id,
        agencyId: c.agencyId,
        round,
        state: "pending",
        submittedBy: actor.id,
        submittedAt: new Date(),
        submission,
        decision: c.decision,
        decisionKey: decisionKey(c.decision),
        majorBecause: major.because,
        checklist: emptyChecklist(),
      })
      .returning();
    const previous = rounds.find((r) => r.state !== "withdrawn");
    await record(tx, ledger, actor, row!, {
      kind: "submitted",
      summary: round > 1 && previous?.state === "corrected" ? `按纠正意见处理后重新提交法制审核（第 ${round} 轮）` : `提交法制审核（第 ${round} 轮）`,
      data: { submission, decision: c.decision, majorBecause: major.because, major: major.major },
    });
    return row!;
  });
}

/** 受理 (R-REV-04): the clock starts; the reviewer is the acceptor unless another is named. */
export async function accept(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { assigneeId?: string }): Promise<ReviewRow> {
  const assignee = await checkAssignee(db, r, input.assigneeId ?? actor.id);
  const cal = await loadCalendar(db);
  const limits = await reviewLimits(db);
  const today = todayInShanghai(new Date());
  const { due, soon } = reviewDueDates(cal, today, limits, 0, today);
  return mutate(db, ctx, async (tx) => {
    await lockFor(tx, r, "accept");
    const row = await update(tx, r.id, { state: "in_review", assigneeId: assignee.id, acceptedAt: new Date(), acceptedOn: today, due, soon });
    await record(tx, ledger, actor, r, { kind: "accepted", summary: `受理，审核人员：${assignee.displayName}，审核期限至 ${due}`, data: { assigneeId: assignee.id, due } });
    return row;
  });
}

/** 退回补充材料 (R-REV-04): written reasons and a date to complete by. */
export async function returnForCompletion(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { reason: string; completeBy?: string }): Promise<ReviewRow> {
  const reason = trimmed(input.reason);
  if (!reason) throw errors.validation([{ field: "reason", message: "请写明退回理由和需要补充的材料" }]);
  const today = todayInShanghai(new Date());
  const completeBy = input.completeBy ?? (await loadCalendar(db)).addWorkingDays(today, (await reviewLimits(db)).completionDays).date;
  if (completeBy < today || completeBy > addCalendarDays(today, 90)) throw errors.validation([{ field: "completeBy", message: "补充期限须在今天到 90 日之内" }]);
  return mutate(db, ctx, async (tx) => {
    await lockFor(tx, r, "return");
    const row = await update(tx, r.id, { state: "returned", returnReason: reason, completeBy });
    await record(tx, ledger, actor, r, { kind: "returned", summary: `材料不齐全，退回补充：${reason}（${completeBy} 前补充）`, data: { reason, completeBy } });
    return row;
  });
}

/** 补充材料 (R-REV-04): the unit completes the submission; it goes back to acceptance. */
export async function complete(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, c: CaseWithAgency, input: { submission: ReviewSubmission; note: string }): Promise<ReviewRow> {
  const today = todayInShanghai(new Date());
  if (r.state === "returned" && r.completeBy && today > r.completeBy) {
    throw new AppError("review_completion_overdue", 409, `补充材料的期限已于 ${r.completeBy} 届满，请重新提交法制审核`);
  }
  const submission = await checkSubmission(db, r.caseId, input.submission);
  return mutate(db, ctx, async (tx) => {
    await lockFor(tx, r, "complete");
    const row = await update(tx, r.id, { state: "pending", submission, decision: c.decision, decisionKey: decisionKey(c.decision) });
    await record(tx, ledger, actor, r, { kind: "completed", summary: `补充材料后重新提交${input.note.trim() ? `：${input.note.trim()}` : ""}`, data: { submission, note: input.note.trim() } });
    return row;
  });
}

export async function withdraw(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { reason: string }): Promise<ReviewRow> {
  const reason = trimmed(input.reason);
  if (!reason) throw errors.validation([{ field: "reason", message: "请说明撤回理由" }]);
  return mutate(db, ctx, async (tx) => {
    await lockFor(tx, r, "withdraw");
    const row = await update(tx, r.id, { state: "withdrawn" });
    await record(tx, ledger, actor, r, { kind: "withdrawn", summary: `撤回：${reason}`, data: { reason } });
    return row;
  });
}

/** 指定、变更审核人员. */
export async function assign(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { assigneeId: string; reason: string }): Promise<ReviewRow> {
  const assignee = await checkAssignee(db, r, input.assigneeId);
  return mutate(db, ctx, async (tx) => {
    await lockFor(tx, r, "assign");
    const row = await update(tx, r.id, { assigneeId: assignee.id });
    await record(tx, ledger, actor, r, { kind: "assigned", summary: `审核人员变更为 ${assignee.displayName}${input.reason.trim() ? `：${input.reason.trim()}` : ""}`, data: { assigneeId: assignee.id, reason: input.reason.trim() } });
    return row;
  });
}

/** Saves the reviewer's working checklist (audited; the ledger gets it with the opinion). */
export async function saveChecklist(db: Db, ctx: AuditContext, r: ReviewRow, items: ChecklistItem[]): Promise<ReviewRow> {
  return mutate(db, ctx, async (tx) => {
    await lockFor(tx, r, "opinion");
    return update(tx, r.id, { checklist: normalizeChecklist(items) });
  });
}

/**
 * 调查询问 and 咨询法律顾问/公职律师 (R-REV-09, R-REV-11): recorded in the review. An adviser is
 * any active reviewer-registry entry qualified as 法律顾问 or 公职律师, of any agency.
 */
export async function addNote(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { kind: "inquiry" | "consultation"; text: string; adviserId?: string }): Promise<ReviewRow> {
  const text = trimmed(input.text);
  if (!text) throw errors.validation([{ field: "text", message: "请填写记录内容" }]);
  let adviser: { id: string; name: string; agencyName: string; qualification: string } | null = null;
  if (input.kind === "consultation") {
    const [a] = input.adviserId && isUuid(input.adviserId)
      ? await db
          .select({ id: legalReviewers.id, name: legalReviewers.name, agencyName: agencies.name, qualification: legalReviewers.qualification })
          .from(legalReviewers)
          .innerJoin(agencies, eq(agencies.id, legalReviewers.agencyId))
          .where(and(eq(legalReviewers.id, input.adviserId), eq(legalReviewers.active, true), inArray(legalReviewers.qualification, ["legal_adviser", "public_lawyer"])))
      : [];
    if (!a) throw errors.validation([{ field: "adviserId", message: "请选择在册的法律顾问或公职律师" }]);
    adviser = a;
  }
  return mutate(db, ctx, async (tx) => {
    const locked = await lockFor(tx, r, "opinion");
    const summary = adviser ? `咨询${adviser.qualification === "public_lawyer" ? "公职律师" : "法律顾问"}${adviser.name}（${adviser.agencyName}）：${text}` : `调查询问：${text}`;
    await record(tx, ledger, actor, locked, { kind: input.kind, summary, data: { text, adviser } });
    return locked;
  });
}

/** The reviewer opened the case materials (R-REV-09: that read is logged). */
export async function logMaterialsRead(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow): Promise<void> {
  await mutate(db, ctx, (tx) => record(tx, ledger, actor, r, { kind: "materials_read", summary: "查阅案卷材料" }));
}

/** 申请延长审核期限 (R-REV-07): once per round, before the limit expires; the head decides. */
export async function requestExtension(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { reason: string }): Promise<ReviewRow> {
  const reason = trimmed(input.reason);
  if (!reason) throw errors.validation([{ field: "reason", message: "请说明延长审核期限的理由" }]);
  const today = todayInShanghai(new Date());
  return mutate(db, ctx, async (tx) => {
    const locked = await lockFor(tx, r, "extend");
    const bad = extensionRefusal({ state: locked.state, extensionRequested: !!locked.extension, due: locked.due, today });
    if (bad) throw refusal(bad);
    const extension = { reason, requestedBy: actor.id, requestedByName: actor.displayName, requestedAt: new Date().toISOString(), decision: null, decisionReason: null, decidedBy: null, decidedByName: null, decidedAt: null };
    const row = await update(tx, r.id, { extension });
    await record(tx, ledger, actor, r, { kind: "extension_requested", summary: `申请延长审核期限：${reason}`, data: { reason } });
    return row;
  });
}

export async function decideExtension(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { approve: boolean; reason: string }): Promise<ReviewRow> {
  const cal = await loadCalendar(db);
  const limits = await reviewLimits(db);
  const today = todayInShanghai(new Date());
  return mutate(db, ctx, async (tx) => {
    const [locked] = await tx.select().from(legalReviews).where(eq(legalReviews.id, r.id)).for("update");
    if (!locked?.extension || locked.extension.decision !== null) throw new AppError("review_extension_not_pending", 409, "没有待审批的延期申请");
    if (locked.state !== "in_review") throw refusal(reviewTransitionRefusal(locked.state, "extend")!);
    const extension = { ...locked.extension, decision: input.approve ? ("approved" as const) : ("refused" as const), decisionReason: input.reason.trim() || null, decidedBy: actor.id, decidedByName: actor.displayName, decidedAt: new Date().toISOString() };
    const patch: Partial<ReviewRow> = { extension };
    if (input.approve && locked.acceptedOn) {
      const d = reviewDueDates(cal, locked.acceptedOn, limits, limits.extensionDays, today);
      Object.assign(patch, { extensionDays: limits.extensionDays, due: d.due, soon: d.soon });
    }
    const row = await update(tx, r.id, patch);
    await record(tx, ledger, actor, r, {
      kind: "extension_decided",
      summary: input.approve ? `机关负责人批准延长审核期限 ${limits.extensionDays} 个工作日，至 ${row.due}` : `机关负责人不批准延长审核期限${input.reason.trim() ? `：${input.reason.trim()}` : ""}`,
      data: { approve: input.approve, reason: input.reason.trim(), due: row.due },
    });
    return row;
  });
}

export interface OpinionBody {
  outcome: ReviewOutcome;
  checklist: ChecklistItem[];
  opinion: string;
  correction?: string | null;
  transferTo?: string | null;
}

/**
 * 出具审核意见 (R-REV-05, R-REV-06, R-REV-10): the ten points answered, the opinion and its
 * document hash entered in the ledger; a 纠正 sends the case back for a new round.
 */
export async function giveOpinion(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: OpinionBody, documentOf: (row: ReviewRow) => Promise<{ sha256: string }>): Promise<ReviewRow> {
  const checklist = normalizeChecklist(input.checklist);
  const problems = opinionProblems({ ...input, checklist });
  const inconsistent = problems.find((p) => p.field === "outcome");
  if (inconsistent) throw new AppError("review_agree_with_problems", 409, inconsistent.message, [inconsistent]);
  if (problems.length) throw errors.validation(problems, "审核意见不完整，请检查后重试");
  const conflict = reviewerConflict(actor.id, await involvedUsers(db, r.caseId));
  if (conflict) throw refusal(conflict);
  const today = todayInShanghai(new Date());
  return mutate(db, ctx, async (tx) => {
    const locked = await lockFor(tx, r, "opinion");
    const late = !!locked.due && today > locked.due;
    const state = reviewNextState(locked.state, "opinion", { outcome: input.outcome });
    const row = await update(tx, r.id, {
      state,
      checklist,
      outcome: input.outcome,
      opinion: input.opinion.trim(),
      correction: input.outcome === "corrected" ? trimmed(input.correction) : null,
      transferTo: input.outcome === "transferred" ? trimmed(input.transferTo) : null,
      opinionAt: new Date(),
      opinionOn: today,
      opinionBy: actor.id,
      late,
    });
    const doc = await documentOf(row);
    const withDoc = await update(tx, r.id, { documentSha256: doc.sha256 });
    const problemsText = checklist.filter((i) => i.result === "problem").map((i) => i.note);
    await record(tx, ledger, actor, r, {
      kind: "opinion",
      summary: `出具审核意见：${REVIEW_OUTCOME_LABELS[input.outcome]}${late ? "（超过审核期限）" : ""}`,
      data: { outcome: input.outcome, opinion: row.opinion, correction: row.correction, transferTo: row.transferTo, checklist, problems: problemsText, late, documentSha256: doc.sha256 },
    });
    return withDoc;
  });
}

/** 对审核意见有异议 (R-REV-08): the unit contests; the agency head decides. */
export async function dispute(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { reason: string }): Promise<ReviewRow> {
  const reason = trimmed(input.reason);
  if (!reason) throw errors.validation([{ field: "reason", message: "请写明异议理由" }]);
  return mutate(db, ctx, async (tx) => {
    const locked = await lockFor(tx, r, "dispute");
    const d = { reason, by: actor.id, byName: actor.displayName, at: new Date().toISOString(), previous: locked.state, decision: null, decisionReason: null, decidedBy: null, decidedByName: null, decidedAt: null };
    const row = await update(tx, r.id, { state: "disputed", dispute: d });
    await record(tx, ledger, actor, r, { kind: "disputed", summary: `承办机构对“${REVIEW_STATE_LABELS[locked.state]}”意见有异议：${reason}`, data: { reason, previous: locked.state } });
    return row;
  });
}

export async function resolveDispute(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, r: ReviewRow, input: { uphold: boolean; reason: string }): Promise<ReviewRow> {
  const reason = trimmed(input.reason);
  if (!reason) throw errors.validation([{ field: "reason", message: "请写明决定理由" }]);
  return mutate(db, ctx, async (tx) => {
    const locked = await lockFor(tx, r, "resolve");
    const previous = locked.dispute?.previous ?? "corrected";
    const state = reviewNextState(locked.state, "resolve", { uphold: input.uphold, previous });
    const d = { ...locked.dispute!, decision: input.uphold ? ("upheld" as const) : ("overruled" as const), decisionReason: reason, decidedBy: actor.id, decidedByName: actor.displayName, decidedAt: new Date().toISOString() };
    const row = await update(tx, r.id, { state, dispute: d });
    await record(tx, ledger, actor, r, {
      kind: "dispute_resolved",
      summary: input.uphold ? `机关负责人决定维持审核意见：${reason}` : `机关负责人决定采纳承办机构意见：${reason}`,
      data: { uphold: input.uphold, reason, state },
    });
    return row;
  });
}

// ---------------------------------------------------------------------------------------
// Queue, workload, statistics
// ---------------------------------------------------------------------------------------

export interface QueueFilters {
  state?: ReviewState[];
  light?: "normal" | "due_soon" | "overdue";
  assignee?: string;
  q?: string;
  caseId?: string;
  needsHead?: boolean;
  agencyId?: string;
  page: number;
  pageSize: number;
}

/**
 * The review queue (R-REV, reviewer work): the actor's agency, or a supervisor's subtree.
 * Filtered views (a state, a light, the head's list) run by due date on the
 * (agency, state, due) index; the unfiltered view by submission time on (agency, submitted).
 * Cases and agencies are joined only for the rows of the page, except when searching.
 */
export async function listReviews(db: Db | Tx, actor: Actor, scope: { agencyId?: string; pathPrefix?: string }, f: QueueFilters, today: string) {
  const conds: SQL[] = [];
  if (scope.agencyId) conds.push(eq(legalReviews.agencyId, scope.agencyId));
  if (scope.pathPrefix) conds.push(sql`${legalReviews.agencyId} in (select id from agencies where path like ${scope.pathPrefix + "%"})`);
  if (f.agencyId) conds.push(eq(legalReviews.agencyId, f.agencyId));
  if (f.state?.length) conds.push(f.state.length === 1 ? eq(legalReviews.state, f.state[0]!) : inArray(legalReviews.state, f.state));
  if (f.caseId) conds.push(eq(legalReviews.caseId, f.caseId));
  if (f.assignee === "me") conds.push(eq(legalReviews.assigneeId, actor.id));
  else if (f.assignee === "none") conds.push(isNull(legalReviews.assigneeId));
  else if (f.assignee) conds.push(eq(legalReviews.assigneeId, f.assignee));
  if (f.q) {
    // a case number (what reviewers type most) is found through its unique index; other text by substring
    const [exact] = await db.select({ id: cases.id }).from(cases).where(eq(cases.number, f.q.trim()));
    if (exact) conds.push(eq(legalReviews.caseId, exact.id));
    else {
      const like = `%${f.q.replace(/[\\%_]/g, (m) => "\\" + m)}%`;
      const inScope = scope.agencyId ? sql`c.agency_id = ${scope.agencyId} and ` : sql``;
      conds.push(sql`${legalReviews.caseId} in (select c.id from cases c where ${inScope}(c.number ilike ${like} or c.party_name ilike ${like} or c.title ilike ${like}))`);
    }
  }
  const running = sql`${legalReviews.state} = 'in_review'`;
  if (f.light === "overdue") conds.push(sql`${running} and ${legalReviews.due} < ${today}`);
  else if (f.light === "due_soon") conds.push(sql`${running} and ${legalReviews.due} >= ${today} and ${legalReviews.soon} <= ${today}`);
  else if (f.light === "normal") conds.push(sql`${running} and ${legalReviews.soon} > ${today}`);
  if (f.needsHead) conds.push(sql`(${legalReviews.state} = 'disputed' or (${running} and (${legalReviews.due} < ${today} or (${legalReviews.extension} is not null and ${legalReviews.extension}->>'decision' is null))))`);
  const where = conds.length ? and(...conds) : undefined;
  const byDue = !!(f.state?.length || f.light || f.needsHead);
  const order = byDue ? [sql`${legalReviews.due} asc nulls last`, desc(legalReviews.submittedAt)] : [desc(legalReviews.submittedAt)];
  const [count, page] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(legalReviews).where(where),
    db
      .select({ id: legalReviews.id })
      .from(legalReviews)
      .where(where)
      .orderBy(...order)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
  ]);
  const ids = page.map((p) => p.id);
  const rows = ids.length
    ? await db
        .select({ ...withCase, assigneeName: users.displayName })
        .from(legalReviews)
        .innerJoin(cases, eq(cases.id, legalReviews.caseId))
        .innerJoin(agencies, eq(agencies.id, legalReviews.agencyId))
        .leftJoin(users, eq(users.id, legalReviews.assigneeId))
        .where(inArray(legalReviews.id, ids))
    : [];
  const byId = new Map(rows.map((x) => [x.r.id, { ...flatten(x), assigneeName: x.assigneeName }]));
  return { total: count[0]?.n ?? 0, rows: ids.map((id) => byId.get(id)!).filter(Boolean) };
}

/** Each legal reviewer of the agency: rounds in review, overdue, opinions in the last 30 days. */
export async function workload(db: Db | Tx, agencyId: string, today: string) {
  const since = addCalendarDays(today, -30);
  const rows = await db
    .select({
      userId: users.id,
      name: users.displayName,
      inReview: sql<number>`count(${legalReviews.id}) filter (where ${legalReviews.state} = 'in_review')::int`,
      overdue: sql<number>`count(${legalReviews.id}) filter (where ${legalReviews.state} = 'in_review' and ${legalReviews.due} < ${today})::int`,
      decided30: sql<number>`count(${legalReviews.id}) filter (where ${legalReviews.opinionOn} >= ${since})::int`,
    })
    .from(users)
    .leftJoin(legalReviews, eq(legalReviews.assigneeId, users.id))
    .where(and(eq(users.agencyId, agencyId), eq(users.active, true), sql`'legal_reviewer' = any(${users.roles})`))
    .groupBy(users.id, users.displayName)
    .orderBy(asc(users.displayName));
  return rows;
}

/** Statistics of the rounds submitted in [from, to] (R-REV reviewer work). */
export async function statistics(db: Db | Tx, scope: { agencyId?: string; pathPrefix?: string }, from: string, to: string, today: string) {
  const conds: SQL[] = [sql`(${legalReviews.submittedAt} at time zone 'Asia/Shanghai')::date between ${from} and ${to}`];
  if (scope.agencyId) conds.push(eq(legalReviews.agencyId, scope.agencyId));
  if (scope.pathPrefix) conds.push(sql`${agencies.path} like ${scope.pathPrefix + "%"}`);
  const rows = await db
    .select({ state: legalReviews.state, outcome: legalReviews.outcome, acceptedOn: legalReviews.acceptedOn, opinionOn: legalReviews.opinionOn, due: legalReviews.due, late: legalReviews.late })
    .from(legalReviews)
    .innerJoin(agencies, eq(agencies.id, legalReviews.agencyId))
    .where(and(...conds));
  const cal = await loadCalendar(db);
  const stats = reviewStats(
    rows.map((r) => ({
      state: r.state,
      workingDays: r.acceptedOn && r.opinionOn ? cal.workingDaysBetween(r.acceptedOn, r.opinionOn).days : null,
      overdue: r.late === true || (r.state === "in_review" && !!r.due && today > r.due),
      everCorrected: r.outcome === "corrected",
      accepted: !!r.acceptedOn,
    })),
  );
  return stats;
}

/** Which rounds each filter of the queue would count, for the tabs. */
export async function queueCounts(db: Db | Tx, scope: { agencyId?: string; pathPrefix?: string }, actor: Actor, today: string) {
  const conds: SQL[] = [];
  if (scope.agencyId) conds.push(eq(legalReviews.agencyId, scope.agencyId));
  if (scope.pathPrefix) conds.push(sql`${agencies.path} like ${scope.pathPrefix + "%"}`);
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${legalReviews.state} = 'pending')::int`,
      returned: sql<number>`count(*) filter (where ${legalReviews.state} = 'returned')::int`,
      inReview: sql<number>`count(*) filter (where ${legalReviews.state} = 'in_review')::int`,
      mine: sql<number>`count(*) filter (where ${legalReviews.state} = 'in_review' and ${legalReviews.assigneeId} = ${actor.id})::int`,
      overdue: sql<number>`count(*) filter (where ${legalReviews.state} = 'in_review' and ${legalReviews.due} < ${today})::int`,
      disputed: sql<number>`count(*) filter (where ${legalReviews.state} = 'disputed')::int`,
      extensions: sql<number>`count(*) filter (where ${legalReviews.state} = 'in_review' and ${legalReviews.extension} is not null and ${legalReviews.extension}->>'decision' is null)::int`,
    })
    .from(legalReviews)
    .innerJoin(agencies, eq(agencies.id, legalReviews.agencyId))
    .where(conds.length ? and(...conds) : undefined);
  return row!;
}

// ---------------------------------------------------------------------------------------
// Canned phrases
// ---------------------------------------------------------------------------------------

export async function listPhrases(db: Db | Tx, agencyId: string) {
  return db.select().from(reviewPhrases).where(eq(reviewPhrases.agencyId, agencyId)).orderBy(asc(reviewPhrases.category), asc(reviewPhrases.createdAt));
}

export async function addPhrase(db: Db, ctx: AuditContext, actor: Actor, input: { category: string; text: string }) {
  const text = trimmed(input.text);
  if (!text) throw errors.validation([{ field: "text", message: "请填写常用语内容" }]);
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx.insert(reviewPhrases).values({ agencyId: actor.agencyId, category: input.category, text, createdBy: actor.id }).returning();
    return row!;
  });
}

export async function deletePhrase(db: Db, ctx: AuditContext, actor: Actor, id: string): Promise<void> {
  if (!isUuid(id)) throw errors.notFound("常用语");
  await mutate(db, ctx, async (tx) => {
    const [row] = await tx.delete(reviewPhrases).where(and(eq(reviewPhrases.id, id), eq(reviewPhrases.agencyId, actor.agencyId))).returning({ id: reviewPhrases.id });
    if (!row) throw errors.notFound("常用语");
  });
}

/** Reviewers of the agency a reviewer may hand a case to, and advisers of any agency. */
export async function reviewerOptions(db: Db | Tx, agencyId: string) {
  const [reviewers, advisers] = await Promise.all([
    db.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.agencyId, agencyId), eq(users.active, true), sql`'legal_reviewer' = any(${users.roles})`)).orderBy(asc(users.displayName)),
    db
      .select({ id: legalReviewers.id, name: legalReviewers.name, agencyName: agencies.name, qualification: legalReviewers.qualification })
      .from(legalReviewers)
      .innerJoin(agencies, eq(agencies.id, legalReviewers.agencyId))
      .where(and(eq(legalReviewers.active, true), inArray(legalReviewers.qualification, ["legal_adviser", "public_lawyer"])))
      .orderBy(asc(agencies.path), asc(legalReviewers.name))
      .limit(200),
  ]);
  return { reviewers, advisers };
}

/** For abilities: is the actor one of the agency's heads (decides extensions, disputes). */
export const isHeadOf = (actor: Actor, agencyId: string) => has(actor, "agency_head") && actor.agencyId === agencyId;

export { getCase };
