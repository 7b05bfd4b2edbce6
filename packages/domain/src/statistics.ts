/**
 * 行政执法统计年报 (R-PUB-10): each agency publishes last year's enforcement data by 31 January;
 * 河北 also reports quarterly. Pure: the periods (Asia/Shanghai calendar dates), the deadline
 * rule, and the aggregation of plain facts (the server reads them) into the report's figures,
 * its tables (one per section: the web page, the portal and the XLSX all show these) and its
 * chart options (ECharts option objects: rendered as SVG on the server, as canvas in the browser).
 */
import { ACTION_TYPES, ACTION_TYPE_LABELS, type ActionType } from "./enums.ts";
import { CASE_SOURCES, CASE_SOURCE_LABELS, type CaseSource } from "./workflow.ts";
import { EXCLUSION_LABELS, EXCLUSION_REASONS, type ExclusionReason } from "./publicity.ts";
import { REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS, type ReviewOutcome } from "./review.ts";

// ---------------------------------------------------------------------------------------
// Periods and the deadline (R-PUB-10)
// ---------------------------------------------------------------------------------------

export type Quarter = 1 | 2 | 3 | 4;
export const QUARTERS: readonly Quarter[] = [1, 2, 3, 4];
/** The earliest year the platform reports on (earlier years are refused as out of range). */
export const MIN_STATISTICS_YEAR = 2000;

/** A reporting period: a calendar year or one of its quarters, both ends included. */
export interface StatisticsPeriod {
  year: number;
  quarter: Quarter | null;
  from: string;
  to: string;
  /** 2025年度 / 2025年第一季度 */
  label: string;
}

const QUARTER_NAMES: Record<Quarter, string> = { 1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度" };
const pad = (n: number) => String(n).padStart(2, "0");
const QUARTER_END: Record<Quarter, string> = { 1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31" };

export function yearPeriod(year: number): StatisticsPeriod {
  return { year, quarter: null, from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年度` };
}

export function quarterPeriod(year: number, quarter: Quarter): StatisticsPeriod {
  return { year, quarter, from: `${year}-${pad((quarter - 1) * 3 + 1)}-01`, to: `${year}-${QUARTER_END[quarter]}`, label: `${year}年${QUARTER_NAMES[quarter]}` };
}

export function periodOf(year: number, quarter?: Quarter | null): StatisticsPeriod {
  return quarter ? quarterPeriod(year, quarter) : yearPeriod(year);
}

/** The quarter a date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): Quarter {
  return (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter;
}

export const inPeriod = (date: string | null | undefined, p: Pick<StatisticsPeriod, "from" | "to">): boolean => !!date && date >= p.from && date <= p.to;

/** R-PUB-10: the annual report of `year` is published by 31 January of the following year. */
export function annualReportDeadline(year: number): string {
  return `${year + 1}-01-31`;
}

/**
 * Whether the annual report of `year` is late on `today`: published after its deadline, or not
 * published and the deadline has passed. A calendar date, not moved by holidays.
 */
export function annualReportLate(year: number, publishedOn: string | null, today: string): boolean {
  const deadline = annualReportDeadline(year);
  return publishedOn ? publishedOn > deadline : today > deadline;
}

/** Why figures for this period cannot be given (a message in Chinese), or null. */
export function periodRefusal(p: StatisticsPeriod, today: string): "out_of_range" | "future" | null {
  if (!Number.isInteger(p.year) || p.year < MIN_STATISTICS_YEAR || p.year > Number(today.slice(0, 4))) return "out_of_range";
  if (p.from > today) return "future";
  return null;
}

/** An annual report is made only for a year that has ended. */
export const yearEnded = (year: number, today: string): boolean => `${year}-12-31` < today;

// ---------------------------------------------------------------------------------------
// The facts the server reads (one object per row; dates are Asia/Shanghai calendar dates)
// ---------------------------------------------------------------------------------------

export interface CaseFact {
  actionType: string;
  /** general | simple | null (the workflow's procedure) */
  procedure: string | null;
  source: string;
  openedOn: string;
  /** The day the decision stage was completed (the decision issued). */
  decidedOn: string | null;
  /** 结案 (closed or archived). */
  closedOn: string | null;
  status: string;
  measures: readonly string[];
  amountFen: number | null;
}

export interface PaymentFact {
  onDate: string;
  amountFen: number;
}

export interface ReviewFact {
  submittedOn: string;
  opinionOn: string | null;
  outcome: string | null;
  late: boolean | null;
  /** Still open today (待受理、退回补充、审核中、有分歧); a withdrawn round without an opinion is not. */
  live: boolean;
}

export interface PublicationFact {
  decisionDate: string;
  deadline: string;
  status: string;
  publishedOn: string | null;
  late: boolean | null;
  exclusion: string | null;
  withdrawnOn: string | null;
  withdrawalLate: boolean | null;
}

export interface CorrectionFact {
  /** own: the agency corrected on its own (a new version); request: someone asked for it */
  kind: "own" | "request";
  on: string;
  /** request: pending | accepted | rejected */
  status: string | null;
}

export const REMEDY_KINDS = ["reconsideration", "litigation"] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export const REMEDY_KIND_LABELS: Record<RemedyKind, string> = { reconsideration: "行政复议", litigation: "行政诉讼" };

/**
 * 复议、诉讼结果 (行政复议法 第六十三条至第六十九条; 行政诉讼法 第六十九条至第七十八条).
 * `corrected` outcomes count as the decision corrected (被纠错).
 */
export const REMEDY_OUTCOMES = ["upheld", "dismissed", "revoked", "changed", "illegal", "invalid", "ordered", "withdrawn", "mediated", "other"] as const;
export type RemedyOutcome = (typeof REMEDY_OUTCOMES)[number];
export const REMEDY_OUTCOME_LABELS: Record<RemedyOutcome, string> = {
  upheld: "维持",
  dismissed: "驳回",
  revoked: "撤销",
  changed: "变更",
  illegal: "确认违法",
  invalid: "确认无效",
  ordered: "责令履行",
  withdrawn: "撤回（终止、撤诉）",
  mediated: "调解（和解）",
  other: "其他",
};
export const CORRECTED_REMEDY_OUTCOMES: readonly RemedyOutcome[] = ["revoked", "changed", "illegal", "invalid", "ordered"];
export const isRemedyKind = (v: unknown): v is RemedyKind => typeof v === "string" && (REMEDY_KINDS as readonly string[]).includes(v);
export const isRemedyOutcome = (v: unknown): v is RemedyOutcome => typeof v === "string" && (REMEDY_OUTCOMES as readonly string[]).includes(v);

export interface RemedyFact {
  kind: string;
  filedOn: string;
  decidedOn: string | null;
  outcome: string | null;
}

export interface StatisticsFacts {
  cases: readonly CaseFact[];
  payments: readonly PaymentFact[];
  reviews: readonly ReviewFact[];
  publications: readonly PublicationFact[];
  corrections: readonly CorrectionFact[];
  remedies: readonly RemedyFact[];
}

// ---------------------------------------------------------------------------------------
// The figures (frozen as JSON in a report)
// ---------------------------------------------------------------------------------------

export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface ActionTypeRow {
  actionType: ActionType;
  label: string;
  /** 立案（受理）in the period */
  opened: number;
  /** decisions issued in the period */
  decided: number;
  /** 结案 in the period */
  closed: number;
  /** still being handled at the end of the period */
  pending: number;
}

export interface RemedyFigures {
  filed: number;
  decided: number;
  /** filed by the end of the period and not decided by then */
  pending: number;
  byOutcome: Count[];
  /** decided with a correcting outcome (撤销、变更、确认违法、确认无效、责令履行) */
  corrected: number;
  /** corrected / decided, in percent (one decimal), null without decisions */
  correctionRate: number | null;
}

export interface StatisticsFigures {
  period: StatisticsPeriod;
  /** The day the figures were computed: states (pending, overdue) are as of then. */
  asOf: string;
  cases: {
    byType: ActionTypeRow[];
    total: Omit<ActionTypeRow, "actionType" | "label">;
    bySource: Count[];
    /** state today of the cases opened in the period */
    byStatus: Count[];
  };
  penalties: {
    decided: number;
    general: number;
    simple: number;
    withFine: number;
    /** sum of the fines decided, in fen */
    fineFen: number;
    byMeasure: Count[];
    /** fines paid in the period (缴款记录), in fen */
    paidFen: number;
    payments: number;
  };
  permits: { applications: number; decided: number; byMeasure: Count[] };
  inspections: { opened: number; completed: number; casesFromInspections: number };
  reviews: {
    submitted: number;
    opinions: number;
    byOutcome: Count[];
    onTime: number;
    late: number;
    /** on time / opinions given, percent */
    onTimeRate: number | null;
    /** submitted by the end of the period without an opinion then */
    pending: number;
  };
  publicity: {
    /** decisions of the period to publish (R-PUB-03) */
    decisions: number;
    publishedOnTime: number;
    publishedLate: number;
    /** not published, deadline passed (as of `asOf`) */
    overdue: number;
    /** not published, deadline not yet passed */
    awaiting: number;
    withheld: number;
    byExclusion: Count[];
    withdrawn: number;
    withdrawnLate: number;
    /** on time / (published + overdue), percent */
    timelinessRate: number | null;
    corrections: number;
    correctionRequests: number;
    correctionRequestsAccepted: number;
    correctionRequestsRejected: number;
    correctionRequestsPending: number;
  };
  remedies: Record<RemedyKind, RemedyFigures>;
}

/** n / d in percent with one decimal; null when d is 0. */
export function percent(n: number, d: number): number | null {
  if (d <= 0) return null;
  return Math.round((n / d) * 1000) / 10;
}

const counts = <K extends string>(keys: readonly K[], labels: Record<K, string>, values: readonly (string | null)[]): Count[] => {
  const out = keys.map((k) => ({ key: k as string, label: labels[k], count: 0 }));
  for (const v of values) {
    const row = out.find((o) => o.key === v);
    if (row) row.count += 1;
  }
  return out;
};

/** Free-text labels (measures) counted, most frequent first, then by label. */
const tally = (values: readonly string[]): Count[] => {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].map(([k, n]) => ({ key: k, label: k, count: n })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, "zh-CN"));
};

const CASE_STATUS_LABELS: Record<string, string> = { open: "在办", suspended: "中止计时", closed: "已结案", archived: "已归档", terminated: "已终止" };
const CASE_STATUSES = ["open", "suspended", "closed", "archived", "terminated"] as const;

function remedyFigures(p: StatisticsPeriod, list: readonly RemedyFact[]): RemedyFigures {
  const decided = list.filter((r) => inPeriod(r.decidedOn, p));
  const corrected = decided.filter((r) => CORRECTED_REMEDY_OUTCOMES.includes(r.outcome as RemedyOutcome)).length;
  return {
    filed: list.filter((r) => inPeriod(r.filedOn, p)).length,
    decided: decided.length,
    pending: list.filter((r) => r.filedOn <= p.to && (!r.decidedOn || r.decidedOn > p.to)).length,
    byOutcome: counts(REMEDY_OUTCOMES, REMEDY_OUTCOME_LABELS, decided.map((r) => r.outcome)),
    corrected,
    correctionRate: percent(corrected, decided.length),
  };
}

/**
 * The figures of a period from the facts (R-PUB-10). Cases count where their event falls
 * (opened, decided, closed in the period); penalties and permits are the decisions issued in
 * the period; reviews count opinions given in the period; publicity counts the decisions of the
 * period by what became of their publication (as of `asOf`); remedies count filings and rulings
 * in the period.
 */
export function computeStatistics(p: StatisticsPeriod, f: StatisticsFacts, asOf: string): StatisticsFigures {
  const byType: ActionTypeRow[] = ACTION_TYPES.map((t) => {
    const of = f.cases.filter((c) => c.actionType === t);
    return {
      actionType: t,
      label: ACTION_TYPE_LABELS[t],
      opened: of.filter((c) => inPeriod(c.openedOn, p)).length,
      decided: of.filter((c) => inPeriod(c.decidedOn, p)).length,
      closed: of.filter((c) => inPeriod(c.closedOn, p)).length,
      pending: of.filter((c) => c.openedOn <= p.to && (!c.closedOn || c.closedOn > p.to) && c.status !== "terminated").length,
    };
  });
  const sum = (k: "opened" | "decided" | "closed" | "pending") => byType.reduce((s, r) => s + r[k], 0);
  const opened = f.cases.filter((c) => inPeriod(c.openedOn, p));
  const penalties = f.cases.filter((c) => c.actionType === "penalty" && inPeriod(c.decidedOn, p));
  const fined = penalties.filter((c) => (c.amountFen ?? 0) > 0);
  const permits = f.cases.filter((c) => c.actionType === "permit");
  const inspections = f.cases.filter((c) => c.actionType === "inspection");
  const payments = f.payments.filter((x) => inPeriod(x.onDate, p));

  const opinions = f.reviews.filter((r) => inPeriod(r.opinionOn, p) && r.outcome);
  const reviewLate = opinions.filter((r) => r.late === true).length;

  const pubs = f.publications.filter((x) => inPeriod(x.decisionDate, p));
  const everPublished = pubs.filter((x) => x.status === "published" || x.status === "withdrawn");
  const onTime = everPublished.filter((x) => x.late !== true).length;
  const late = everPublished.length - onTime;
  const drafts = pubs.filter((x) => x.status === "draft");
  const overdue = drafts.filter((x) => x.deadline < asOf).length;
  const withheld = pubs.filter((x) => x.status === "withheld");
  const requests = f.corrections.filter((c) => c.kind === "request" && inPeriod(c.on, p));

  return {
    period: p,
    asOf,
    cases: {
      byType,
      total: { opened: sum("opened"), decided: sum("decided"), closed: sum("closed"), pending: sum("pending") },
      bySource: counts(CASE_SOURCES, CASE_SOURCE_LABELS as Record<CaseSource, string>, opened.map((c) => c.source)),
      byStatus: counts(CASE_STATUSES, CASE_STATUS_LABELS as Record<(typeof CASE_STATUSES)[number], string>, opened.map((c) => c.status)),
    },
    penalties: {
      decided: penalties.length,
      general: penalties.filter((c) => c.procedure === "general").length,
      simple: penalties.filter((c) => c.procedure === "simple").length,
      withFine: fined.length,
      fineFen: fined.reduce((s, c) => s + (c.amountFen ?? 0), 0),
      byMeasure: tally(penalties.flatMap((c) => [...new Set(c.measures.map((m) => m.trim()).filter(Boolean))])),
      paidFen: payments.reduce((s, x) => s + x.amountFen, 0),
      payments: payments.length,
    },
    permits: {
      applications: permits.filter((c) => inPeriod(c.openedOn, p)).length,
      decided: permits.filter((c) => inPeriod(c.decidedOn, p)).length,
      byMeasure: tally(permits.filter((c) => inPeriod(c.decidedOn, p)).flatMap((c) => [...new Set(c.measures.map((m) => m.trim()).filter(Boolean))])),
    },
    inspections: {
      opened: inspections.filter((c) => inPeriod(c.openedOn, p)).length,
      completed: inspections.filter((c) => inPeriod(c.decidedOn, p)).length,
      casesFromInspections: opened.filter((c) => c.source === "inspection" && c.actionType !== "inspection").length,
    },
    reviews: {
      submitted: f.reviews.filter((r) => inPeriod(r.submittedOn, p)).length,
      opinions: opinions.length,
      byOutcome: counts(REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS as Record<ReviewOutcome, string>, opinions.map((r) => r.outcome)),
      onTime: opinions.length - reviewLate,
      late: reviewLate,
      onTimeRate: percent(opinions.length - reviewLate, opinions.length),
      pending: f.reviews.filter((r) => r.submittedOn <= p.to && (r.opinionOn ? r.opinionOn > p.to : r.live)).length,
    },
    publicity: {
      decisions: pubs.length,
      publishedOnTime: onTime,
      publishedLate: late,
      overdue,
      awaiting: drafts.length - overdue,
      withheld: withheld.length,
      byExclusion: counts(EXCLUSION_REASONS, EXCLUSION_LABELS as Record<ExclusionReason, string>, withheld.map((x) => x.exclusion)),
      withdrawn: pubs.filter((x) => x.status === "withdrawn").length,
      withdrawnLate: pubs.filter((x) => x.withdrawalLate === true).length,
      timelinessRate: percent(onTime, everPublished.length + overdue),
      corrections: f.corrections.filter((c) => c.kind === "own" && inPeriod(c.on, p)).length,
      correctionRequests: requests.length,
      correctionRequestsAccepted: requests.filter((c) => c.status === "accepted").length,
      correctionRequestsRejected: requests.filter((c) => c.status === "rejected").length,
      correctionRequestsPending: requests.filter((c) => c.status === "pending").length,
    },
    remedies: {
      reconsideration: remedyFigures(
        p,
        f.remedies.filter((r) => r.kind === "reconsideration"),
      ),
      litigation: remedyFigures(
        p,
        f.remedies.filter((r) => r.kind === "litigation"),
      ),
    },
  };
}

// ---------------------------------------------------------------------------------------
// Tables: the same sections on the staff page, the portal and in the XLSX
// ---------------------------------------------------------------------------------------

export type Cell = string | number | null;

export interface StatisticsTable {
  key: string;
  /** Section title, also the XLSX sheet name (at most 31 characters). */
  title: string;
  columns: string[];
  rows: Cell[][];
  /** What the figures mean (shown under the table). */
  note?: string;
}

/** 12345678 fen → 123456.78 (yuan, two decimals as a number). */
export const yuan = (fen: number): number => Math.round(fen) / 100;
const rate = (r: number | null): Cell => (r === null ? "—" : `${r}%`);

export function statisticsTables(s: StatisticsFigures): StatisticsTable[] {
  const t = s.cases.total;
  const pub = s.publicity;
  const rem = s.remedies;
  return [
    {
      key: "cases",
      title: "案件办理",
      columns: ["执法类别", "立案（受理）", "作出决定", "办结", "期末在办"],
      rows: [...s.cases.byType.map((r) => [r.label, r.opened, r.decided, r.closed, r.pending]), ["合计", t.opened, t.decided, t.closed, t.pending]],
      note: "立案、作出决定、办结按发生日期计入本期；期末在办为期末尚未办结的案件。",
    },
    {
      key: "case-sources",
      title: "案件来源与状态",
      columns: ["类别", "项目", "件数"],
      rows: [...s.cases.bySource.map((c) => ["案件来源", c.label, c.count]), ...s.cases.byStatus.map((c) => [`当前状态（截至${s.asOf}）`, c.label, c.count])],
    },
    {
      key: "penalties",
      title: "行政处罚",
      columns: ["项目", "数值"],
      rows: [
        ["作出处罚决定（件）", s.penalties.decided],
        ["其中：普通程序（件）", s.penalties.general],
        ["其中：简易程序（件）", s.penalties.simple],
        ["处以罚款（件）", s.penalties.withFine],
        ["罚款金额（元）", yuan(s.penalties.fineFen)],
        ["本期缴款（笔）", s.penalties.payments],
        ["本期缴款金额（元）", yuan(s.penalties.paidFen)],
        ...s.penalties.byMeasure.map((m): Cell[] => [`处罚种类：${m.label}（件）`, m.count]),
      ],
    },
    {
      key: "permits",
      title: "行政许可",
      columns: ["项目", "数值"],
      rows: [["受理申请（件）", s.permits.applications], ["作出许可决定（件）", s.permits.decided], ...s.permits.byMeasure.map((m): Cell[] => [`决定内容：${m.label}（件）`, m.count])],
    },
    {
      key: "inspections",
      title: "行政检查",
      columns: ["项目", "数值"],
      rows: [
        ["开展行政检查（次）", s.inspections.opened],
        ["完成检查并作出处理（次）", s.inspections.completed],
        ["检查发现问题立案（件）", s.inspections.casesFromInspections],
      ],
    },
    {
      key: "reviews",
      title: "法制审核",
      columns: ["项目", "数值"],
      rows: [
        ["提交法制审核（件次）", s.reviews.submitted],
        ["出具审核意见（件次）", s.reviews.opinions],
        ...s.reviews.byOutcome.map((o): Cell[] => [`审核意见：${o.label}`, o.count]),
        ["按时出具意见", s.reviews.onTime],
        ["超期出具意见", s.reviews.late],
        ["按时率", rate(s.reviews.onTimeRate)],
        ["期末待审核", s.reviews.pending],
      ],
    },
    {
      key: "publicity",
      title: "执法决定公示",
      columns: ["项目", "数值"],
      rows: [
        ["本期作出的应公示决定（件）", pub.decisions],
        ["按时公示", pub.publishedOnTime],
        ["超期公示", pub.publishedLate],
        [`超期未公示（截至${s.asOf}）`, pub.overdue],
        ["尚在公示期限内", pub.awaiting],
        ["依法不予公示", pub.withheld],
        ...pub.byExclusion.filter((x) => x.count > 0).map((x): Cell[] => [`不予公示：${x.label}`, x.count]),
        ["已撤回", pub.withdrawn],
        ["其中超期撤回", pub.withdrawnLate],
        ["公示及时率", rate(pub.timelinessRate)],
        ["主动更正（次）", pub.corrections],
        ["收到更正申请（件）", pub.correctionRequests],
        ["予以更正", pub.correctionRequestsAccepted],
        ["不予更正", pub.correctionRequestsRejected],
        ["待处理", pub.correctionRequestsPending],
      ],
      note: "公示及时率 = 按时公示 ÷（已公示 + 超期未公示）；许可、处罚决定 7 个工作日内、其他决定 20 个工作日内公示。",
    },
    {
      key: "remedies",
      title: "行政复议与行政诉讼",
      columns: ["项目", REMEDY_KIND_LABELS.reconsideration, REMEDY_KIND_LABELS.litigation],
      rows: [
        ["本期收到（件）", rem.reconsideration.filed, rem.litigation.filed],
        ["本期审结（件）", rem.reconsideration.decided, rem.litigation.decided],
        ...REMEDY_OUTCOMES.map((o, i): Cell[] => [`结果：${REMEDY_OUTCOME_LABELS[o]}`, rem.reconsideration.byOutcome[i]!.count, rem.litigation.byOutcome[i]!.count]),
        ["被纠错（件）", rem.reconsideration.corrected, rem.litigation.corrected],
        ["被纠错率", rate(rem.reconsideration.correctionRate), rate(rem.litigation.correctionRate)],
        ["期末未审结（件）", rem.reconsideration.pending, rem.litigation.pending],
      ],
      note: "被纠错：撤销、变更、确认违法、确认无效、责令履行；被纠错率 = 被纠错 ÷ 审结。",
    },
  ];
}

// ---------------------------------------------------------------------------------------
// Charts: ECharts options (no library here: plain objects)
// ---------------------------------------------------------------------------------------

export interface StatisticsChart {
  key: string;
  title: string;
  /** A sentence for screen readers (aria-label): the chart's data in words. */
  description: string;
  option: Record<string, unknown>;
}

const COLORS = ["#1f5fa8", "#3b8c5a", "#d48a1b", "#b5483b", "#6b5ca5", "#2a8c8c", "#8c6b2a", "#5a6b7c", "#a54a7c", "#7c7c7c"];
const words = (items: readonly { label: string; count: number }[]) => items.map((i) => `${i.label}${i.count}`).join("，");

function bars(title: string, categories: string[], series: { name: string; data: number[] }[]): Record<string, unknown> {
  return {
    animation: false,
    color: COLORS,
    title: { text: title, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 56, containLabel: true },
    xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: series.map((s) => ({ type: "bar", name: s.name, data: s.data, label: { show: true, position: "top" } })),
  };
}

function pie(title: string, items: readonly { label: string; count: number }[]): Record<string, unknown> {
  const data = items.filter((i) => i.count > 0).map((i) => ({ name: i.label, value: i.count }));
  return {
    animation: false,
    color: COLORS,
    title: { text: title, left: "center", textStyle: { fontSize: 14 }, ...(data.length === 0 ? { subtext: "本期无数据" } : {}) },
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "60%"], center: ["50%", "50%"], data, label: { formatter: "{b}：{c}" } }],
  };
}

export function statisticsCharts(s: StatisticsFigures): StatisticsChart[] {
  const used = s.cases.byType.filter((r) => r.opened + r.decided + r.closed + r.pending > 0);
  const types = used.length > 0 ? used : s.cases.byType.filter((r) => ["permit", "penalty", "coercion", "inspection"].includes(r.actionType));
  const pub = s.publicity;
  const timeliness = [
    { label: "按时公示", count: pub.publishedOnTime },
    { label: "超期公示", count: pub.publishedLate },
    { label: "超期未公示", count: pub.overdue },
    { label: "期限内待公示", count: pub.awaiting },
    { label: "依法不予公示", count: pub.withheld },
  ];
  const remedy = (k: RemedyKind) => s.remedies[k].byOutcome.map((o) => o.count);
  const shownOutcomes = REMEDY_OUTCOMES.filter((_, i) => s.remedies.reconsideration.byOutcome[i]!.count + s.remedies.litigation.byOutcome[i]!.count > 0);
  const outcomeIdx = shownOutcomes.map((o) => REMEDY_OUTCOMES.indexOf(o));
  return [
    {
      key: "cases",
      title: "各类执法行为办理情况",
      description: `各类执法行为办理情况：${types.map((r) => `${r.label}立案${r.opened}件、作出决定${r.decided}件`).join("；")}`,
      option: bars(
        "各类执法行为办理情况",
        types.map((r) => r.label),
        [
          { name: "立案（受理）", data: types.map((r) => r.opened) },
          { name: "作出决定", data: types.map((r) => r.decided) },
          { name: "办结", data: types.map((r) => r.closed) },
        ],
      ),
    },
    {
      key: "reviews",
      title: "法制审核意见",
      description: `法制审核意见：${words(s.reviews.byOutcome)}；按时率${s.reviews.onTimeRate ?? "—"}%`,
      option: pie("法制审核意见", s.reviews.byOutcome),
    },
    {
      key: "publicity",
      title: "执法决定公示时效",
      description: `执法决定公示时效：${words(timeliness)}`,
      option: pie("执法决定公示时效", timeliness),
    },
    {
      key: "remedies",
      title: "行政复议与行政诉讼结果",
      description: `行政复议审结${s.remedies.reconsideration.decided}件，行政诉讼审结${s.remedies.litigation.decided}件${shownOutcomes.length ? "：" + shownOutcomes.map((o, i) => `${REMEDY_OUTCOME_LABELS[o]}复议${remedy("reconsideration")[outcomeIdx[i]!]}件、诉讼${remedy("litigation")[outcomeIdx[i]!]}件`).join("；") : ""}`,
      option: bars(
        shownOutcomes.length ? "行政复议与行政诉讼结果" : "行政复议与行政诉讼结果（本期无审结）",
        shownOutcomes.map((o) => REMEDY_OUTCOME_LABELS[o]),
        [
          { name: REMEDY_KIND_LABELS.reconsideration, data: outcomeIdx.map((i) => remedy("reconsideration")[i]!) },
          { name: REMEDY_KIND_LABELS.litigation, data: outcomeIdx.map((i) => remedy("litigation")[i]!) },
        ],
      ),
    },
  ];
}

/** A valid YYYY or YYYY-Qn? Used by the portal's query strings. */
export function parseYear(v: string): number | null {
  return /^\d{4}$/.test(v) ? Number(v) : null;
}
