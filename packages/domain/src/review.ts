/**
 * 重大执法决定法制审核 (R-REV): the rules of a review round, free of I/O so that the server,
 * the web app and the CLI share one copy.
 *
 * A case may go through several rounds. A round is submitted by the case unit (承办机构),
 * accepted or returned by the legal unit (法制机构), reviewed against the ten statutory
 * points and closed by an opinion. A 纠正 opinion sends the case back; the unit handles it and
 * submits a new round (history kept). The unit may contest an opinion; the agency head decides.
 */
import { computeDeadline, dueSoonDate, type DeadlineLight, type TimeLimit } from "./deadline.ts";
import type { WorkingCalendar } from "./calendar.ts";

// ---------------------------------------------------------------------------------------
// The ten review points (R-REV-05)
// ---------------------------------------------------------------------------------------

export const REVIEW_CHECKS = [
  { key: "subject", label: "执法主体合法" },
  { key: "qualification", label: "执法人员具备执法资格" },
  { key: "competence", label: "未超越法定权限" },
  { key: "facts", label: "事实清楚" },
  { key: "evidence", label: "证据合法充分" },
  { key: "law", label: "适用法律、法规、规章准确" },
  { key: "discretion", label: "裁量基准运用适当" },
  { key: "procedure", label: "程序合法" },
  { key: "documents", label: "执法文书完备规范" },
  { key: "crime", label: "不涉嫌犯罪，无需移送司法机关" },
] as const;
export type ReviewCheckKey = (typeof REVIEW_CHECKS)[number]["key"];
export const REVIEW_CHECK_KEYS: readonly ReviewCheckKey[] = REVIEW_CHECKS.map((c) => c.key);

/** 合格 / 存在问题. */
export type CheckResult = "ok" | "problem";
export interface ChecklistItem {
  key: ReviewCheckKey;
  result: CheckResult | null;
  note: string;
}

export const CHECK_RESULT_LABELS: Record<CheckResult, string> = { ok: "合格", problem: "存在问题" };

/** An empty checklist in statutory order. */
export function emptyChecklist(): ChecklistItem[] {
  return REVIEW_CHECK_KEYS.map((key) => ({ key, result: null, note: "" }));
}

/**
 * A checklist as saved: every statutory point once, in order; unknown keys dropped. Points
 * missing from the input stay unanswered.
 */
export function normalizeChecklist(items: readonly { key: string; result?: string | null; note?: string | null }[]): ChecklistItem[] {
  const byKey = new Map(items.map((i) => [i.key, i]));
  return REVIEW_CHECK_KEYS.map((key) => {
    const i = byKey.get(key);
    const result = i?.result === "ok" || i?.result === "problem" ? i.result : null;
    return { key, result, note: (i?.note ?? "").trim() };
  });
}

export function checkLabel(key: string): string {
  return REVIEW_CHECKS.find((c) => c.key === key)?.label ?? key;
}

// ---------------------------------------------------------------------------------------
// States and transitions (R-REV-03 … R-REV-08)
// ---------------------------------------------------------------------------------------

export const REVIEW_STATES = ["pending", "returned", "in_review", "agreed", "corrected", "transferred", "disputed", "overruled", "withdrawn"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  pending: "待受理",
  returned: "退回补充材料",
  in_review: "审核中",
  agreed: "同意",
  corrected: "纠正",
  transferred: "移送",
  disputed: "有分歧待负责人决定",
  overruled: "负责人决定采纳承办机构意见",
  withdrawn: "已撤回",
};

/** A round still being worked on: at most one per case. */
export const LIVE_REVIEW_STATES: readonly ReviewState[] = ["pending", "returned", "in_review", "disputed"];

/** The opinions a reviewer may give (R-REV-06). */
export const REVIEW_OUTCOMES = ["agreed", "corrected", "transferred"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = { agreed: "同意", corrected: "纠正", transferred: "移送" };

export type ReviewAction = "accept" | "return" | "complete" | "withdraw" | "assign" | "opinion" | "extend" | "dispute" | "resolve";

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  accept: "受理",
  return: "退回补充材料",
  complete: "补充材料后重新提交",
  withdraw: "撤回",
  assign: "指定审核人员",
  opinion: "出具审核意见",
  extend: "申请延长审核期限",
  dispute: "对审核意见提出异议",
  resolve: "负责人决定分歧",
};

/** From which states each action is possible. */
export const REVIEW_TRANSITIONS: Record<ReviewAction, readonly ReviewState[]> = {
  accept: ["pending"],
  return: ["pending"],
  complete: ["returned"],
  withdraw: ["pending", "returned", "in_review"],
  assign: ["pending", "in_review"],
  opinion: ["in_review"],
  extend: ["in_review"],
  dispute: ["corrected", "transferred"],
  resolve: ["disputed"],
};

export interface ReviewRefusal {
  code: string;
  message: string;
  rule: string;
}

/** null when `action` is possible in `state`; else the refusal (stable id + Chinese message). */
export function reviewTransitionRefusal(state: ReviewState, action: ReviewAction): ReviewRefusal | null {
  if (REVIEW_TRANSITIONS[action].includes(state)) return null;
  return {
    code: "review_state_invalid",
    message: `审核处于“${REVIEW_STATE_LABELS[state]}”状态，不能${REVIEW_ACTION_LABELS[action]}`,
    rule: "R-REV-04",
  };
}

/** The state a successful action leads to (`outcome`/`uphold` where the action needs one). */
export function reviewNextState(state: ReviewState, action: ReviewAction, arg?: { outcome?: ReviewOutcome; uphold?: boolean; previous?: ReviewState }): ReviewState {
  switch (action) {
    case "accept":
      return "in_review";
    case "return":
      return "returned";
    case "complete":
      return "pending";
    case "withdraw":
      return "withdrawn";
    case "assign":
    case "extend":
      return state;
    case "opinion":
      if (!arg?.outcome) throw new RangeError("opinion needs an outcome");
      return arg.outcome;
    case "dispute":
      return "disputed";
    case "resolve":
      if (arg?.uphold === undefined || !arg.previous) throw new RangeError("resolve needs uphold and the disputed opinion");
      return arg.uphold ? arg.previous : "overruled";
  }
}

// ---------------------------------------------------------------------------------------
// Opinion validation (R-REV-05, R-REV-06)
// ---------------------------------------------------------------------------------------

export interface OpinionInput {
  outcome: ReviewOutcome;
  checklist: readonly ChecklistItem[];
  /** 审核意见 (the opinion's text). */
  opinion: string;
  /** 纠正: what is wrong and what to do. */
  correction?: string | null;
  /** 移送: to whom (有权机关 / 司法机关). */
  transferTo?: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Problems with an opinion before it is given: every point answered; a point with a problem
 * says what it is; 同意 only when every point is 合格; 纠正 says what to correct; 移送 says to
 * whom and why (the crime point answered "存在问题" is itself a reason to transfer).
 */
export function opinionProblems(input: OpinionInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  const list = normalizeChecklist(input.checklist);
  for (const item of list) {
    if (!item.result) out.push({ field: `checklist.${item.key}`, message: `请对“${checkLabel(item.key)}”作出审核结论` });
    else if (item.result === "problem" && !item.note) out.push({ field: `checklist.${item.key}`, message: `“${checkLabel(item.key)}”存在问题，请写明具体问题` });
  }
  const problems = list.filter((i) => i.result === "problem");
  if (!input.opinion.trim()) out.push({ field: "opinion", message: "请填写审核意见" });
  if (input.outcome === "agreed" && problems.length > 0) {
    out.push({ field: "outcome", message: `审核要点中有 ${problems.length} 项存在问题，不能出具同意意见；请出具纠正或移送意见` });
  }
  if (input.outcome === "corrected" && !input.correction?.trim()) out.push({ field: "correction", message: "纠正意见须写明存在的问题和纠正要求" });
  if (input.outcome === "transferred" && !input.transferTo?.trim()) out.push({ field: "transferTo", message: "移送意见须写明移送的有权机关或者司法机关" });
  return out;
}

// ---------------------------------------------------------------------------------------
// Time limits (R-REV-04, R-REV-07)
// ---------------------------------------------------------------------------------------

export interface ReviewLimits {
  /** Written opinion within this many working days of acceptance (default 3). */
  opinionDays: number;
  /** At most this many more working days, once, with the head's approval (default 2). */
  extensionDays: number;
  /** Default time the unit gets to complete a returned submission (default 5 working days). */
  completionDays: number;
}

export const DEFAULT_REVIEW_LIMITS: ReviewLimits = { opinionDays: 3, extensionDays: 2, completionDays: 5 };

/** The opinion's limit after `extension` granted days. */
export function reviewLimit(limits: ReviewLimits, extension: number): TimeLimit {
  return { amount: limits.opinionDays + extension, unit: "workingDays" };
}

/** Due date and the first "due soon" day of a review accepted on `acceptedOn` (the start day is not counted). */
export function reviewDueDates(cal: WorkingCalendar, acceptedOn: string, limits: ReviewLimits, extension: number, today: string): { due: string; soon: string } {
  const limit = reviewLimit(limits, extension);
  const d = computeDeadline(cal, { start: acceptedOn, limit, today });
  const due = d.due ?? cal.addWorkingDays(acceptedOn, limit.amount).date;
  return { due, soon: dueSoonDate(cal, due, limit) };
}

/** The light of a review from its stored dates. */
export function reviewLight(state: ReviewState, due: string | null, soon: string | null, today: string): DeadlineLight | null {
  if (state !== "in_review" && state !== "pending") return state === "returned" || state === "disputed" ? null : "done";
  if (!due) return null;
  if (today > due) return "overdue";
  if (soon && today >= soon) return "due_soon";
  return "normal";
}

/**
 * May an extension be asked for? Once per round (R-REV-07), while the review is running and
 * not yet overdue: an overdue review is late, not extended afterwards.
 */
export function extensionRefusal(input: { state: ReviewState; extensionRequested: boolean; due: string | null; today: string }): ReviewRefusal | null {
  const t = reviewTransitionRefusal(input.state, "extend");
  if (t) return t;
  if (input.extensionRequested) return { code: "review_extension_used", message: "每轮审核只能申请一次延长期限", rule: "R-REV-07" };
  if (input.due && input.today > input.due) return { code: "review_extension_late", message: `审核期限已于 ${input.due} 届满，不能再申请延长`, rule: "R-REV-07" };
  return null;
}

// ---------------------------------------------------------------------------------------
// The gate (R-REV-02) and conflicts of interest
// ---------------------------------------------------------------------------------------

/** What the decision gate needs to know of a case's latest round. */
export interface GateRound {
  state: ReviewState;
  /** The decision draft reviewed, as submitted. */
  decisionKey: string;
}

/**
 * The latest round's meaning for the decision gate: passed only by 同意 (or the head's
 * decision for the unit in a dispute) on the very decision draft that is about to be made;
 * a draft changed after review needs a new round.
 */
export function reviewGate(latest: GateRound | null, currentDecisionKey: string): { passed: boolean; pending: boolean; stale: boolean } {
  if (!latest) return { passed: false, pending: false, stale: false };
  const live = LIVE_REVIEW_STATES.includes(latest.state);
  const positive = latest.state === "agreed" || latest.state === "overruled";
  const stale = positive && latest.decisionKey !== currentDecisionKey;
  return { passed: positive && !stale, pending: live, stale };
}

/** A stable key of a decision draft (measures, amount, tier): what the review said yes to. */
export function decisionKey(d: { measures?: readonly string[]; amountFen?: number | null; tierId?: string | null } | null | undefined): string {
  if (!d) return "none";
  const measures = [...(d.measures ?? [])].map((m) => m.trim()).sort();
  return JSON.stringify([measures, d.amountFen ?? null, d.tierId ?? null]);
}

/**
 * 回避: a reviewer may not review a case they handled (on its team, or completed a stage of)
 * or approved (decided one of its approvals).
 */
export function reviewerConflict(reviewerUserId: string, involved: { team: readonly string[]; stageCompleters: readonly string[]; approvers: readonly string[] }): ReviewRefusal | null {
  if (involved.team.includes(reviewerUserId) || involved.stageCompleters.includes(reviewerUserId)) {
    return { code: "review_conflict_of_interest", message: "审核人员承办或办理过本案，应当回避，不能审核本案", rule: "R-REV-05" };
  }
  if (involved.approvers.includes(reviewerUserId)) {
    return { code: "review_conflict_of_interest", message: "审核人员审批过本案事项，应当回避，不能审核本案", rule: "R-REV-05" };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Statistics (reviewer work)
// ---------------------------------------------------------------------------------------

export interface StatRound {
  state: ReviewState;
  /** Working days from acceptance to opinion; null when no opinion yet. */
  workingDays: number | null;
  /** Opinion after the due date, or no opinion and today after the due date. */
  overdue: boolean;
}

export interface ReviewStats {
  total: number;
  byState: Record<ReviewState, number>;
  /** Rounds with an opinion. */
  decided: number;
  averageDays: number | null;
  p90Days: number | null;
  /** Share of decided rounds whose opinion was 纠正 (including those later contested). */
  correctedShare: number | null;
  /** Share of accepted rounds that were (or are) overdue. */
  overdueShare: number | null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function reviewStats(rounds: readonly (StatRound & { everCorrected?: boolean; accepted?: boolean })[]): ReviewStats {
  const byState = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;
  const days: number[] = [];
  let corrected = 0;
  let overdue = 0;
  let accepted = 0;
  for (const r of rounds) {
    byState[r.state] += 1;
    if (r.workingDays !== null) {
      days.push(r.workingDays);
      if (r.everCorrected ?? r.state === "corrected") corrected += 1;
    }
    if (r.accepted ?? r.workingDays !== null) {
      accepted += 1;
      if (r.overdue) overdue += 1;
    }
  }
  days.sort((a, b) => a - b);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    total: rounds.length,
    byState,
    decided: days.length,
    averageDays: days.length ? round2(days.reduce((a, b) => a + b, 0) / days.length) : null,
    p90Days: percentile(days, 90),
    correctedShare: days.length ? round2(corrected / days.length) : null,
    overdueShare: accepted ? round2(overdue / accepted) : null,
  };
}
