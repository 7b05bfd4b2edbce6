/**
 * Execution of a fine (行政处罚的执行): the payment period, 加处罚款 and instalments. Money is in fen
 * (integer 分) so that no floating-point rounding ever reaches an amount. Pure: the caller passes the
 * dates.
 *
 * - 行政处罚法 第六十七条 第三款: 当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款 — 15 calendar days
 *   (第八十五条 makes only "二日""三日""五日""七日" working days); the day of service is not counted.
 * - 行政处罚法 第七十二条 第一款 第（一）项 (and 行政强制法 第四十五条): 到期不缴纳罚款的，每日按罚款数额
 *   的百分之三加处罚款，加处罚款的数额不得超出罚款的数额.
 * - 行政处罚法 第六十六条 第二款: 确有经济困难的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳.
 */
import type { WorkingCalendar } from "./calendar.ts";
import { addCalendarDays, assertIsoDate, isIsoDate } from "./calendar.ts";
import { calendarDaysBetween, computeDeadline } from "./deadline.ts";

/** 加处罚款 per day, in percent of the fine (第七十二条: 百分之三). */
export const LATE_FEE_PERCENT_PER_DAY = 3;
/** Payment period after service of the decision, in calendar days (第六十七条: 十五日). */
export const PAYMENT_PERIOD_DAYS = 15;

export interface LateFeeInput {
  /** The fine (罚款数额), in fen. */
  principalFen: number;
  /** Last day of the payment period (the fee accrues from the next day). */
  dueDate: string;
  /** The day the fee is computed for (inclusive). */
  asOf: string;
  /**
   * Principal already paid, in fen. Kept simple: the fee base is the principal still unpaid as of
   * `asOf` over the whole overdue period, and the cap is that unpaid principal too (the lower, party-
   * favourable reading of "不得超出罚款的数额" for a partly paid fine).
   */
  paidFen?: number;
}

export interface LateFee {
  /** Calendar days after `dueDate` up to `asOf` inclusive; 0 when `asOf` ≤ `dueDate`. */
  days: number;
  /** 加处罚款, in fen. */
  feeFen: number;
  /** true when 3 % × days exceeds 100 % and the fee was limited to the base (第七十二条). */
  capped: boolean;
  /** The unpaid principal the fee was computed on, in fen. */
  baseFen: number;
}

function assertFen(value: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Invalid ${label} ${String(value)}: expected an integer number of fen ≥ 0`);
  }
}

/**
 * 加处罚款 (第七十二条): per day 3 % of the unpaid fine, for each calendar day after `dueDate` up to
 * `asOf` inclusive, never more than the unpaid fine. The exact amount principal × 3 × days / 100 fen
 * is rounded half up to the fen (四舍五入到分) with integer arithmetic.
 */
export function lateFee(input: LateFeeInput): LateFee {
  assertFen(input.principalFen, "principal");
  const paid = input.paidFen ?? 0;
  assertFen(paid, "paid amount");
  if (paid > input.principalFen) throw new RangeError(`Paid amount ${paid} exceeds the principal ${input.principalFen}`);
  assertIsoDate(input.dueDate, "due date");
  assertIsoDate(input.asOf, "asOf");
  const base = input.principalFen - paid;
  const days = Math.max(0, calendarDaysBetween(input.dueDate, input.asOf));
  // 3 % × 34 days = 102 % > 100 %: from day 34 on the fee is the cap, so the product stays small.
  const capped = base > 0 && LATE_FEE_PERCENT_PER_DAY * days > 100;
  if (capped) return { days, feeFen: base, capped, baseFen: base };
  const exact = base * LATE_FEE_PERCENT_PER_DAY * days; // hundredths of a fen, ≤ 100 × base
  if (!Number.isSafeInteger(exact)) throw new RangeError(`Principal ${input.principalFen} fen is too large`);
  const remainder = exact % 100;
  const feeFen = (exact - remainder) / 100 + (remainder >= 50 ? 1 : 0);
  return { days, feeFen, capped: false, baseFen: base };
}

/**
 * Last day to pay a fine served on `servedOn`: 15 calendar days later, the day of service not counted
 * (第六十七条). With a calendar, a last day falling on a rest day or holiday moves to the next working
 * day (民法典 第二百零三条, see deadline.ts).
 */
export function paymentDueDate(servedOn: string, cal?: WorkingCalendar): string {
  assertIsoDate(servedOn, "service date");
  if (!cal) return addCalendarDays(servedOn, PAYMENT_PERIOD_DAYS);
  const { due } = computeDeadline(cal, { start: servedOn, limit: { amount: PAYMENT_PERIOD_DAYS, unit: "days" }, today: servedOn });
  return due as string; // never null: no suspension
}

/** One instalment (分期) of an approved payment plan. */
export interface Instalment {
  dueDate: string;
  amountFen: number;
}

/**
 * Problems of an instalment plan for `totalFen`, in Chinese; [] when it is acceptable: the plan is not
 * empty, each amount is a positive integer number of fen, each date is valid and strictly later than the
 * previous one, and the amounts add up to the total.
 */
export function validateInstalments(totalFen: number, plan: readonly Instalment[]): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(totalFen) || totalFen <= 0) problems.push("应缴总额必须为正整数（以分计）");
  if (plan.length === 0) {
    problems.push("分期计划不能为空");
    return problems;
  }
  let sum = 0;
  let sumValid = true;
  let previous: { n: number; date: string } | null = null;
  for (const [i, item] of plan.entries()) {
    const n = i + 1;
    if (!Number.isSafeInteger(item.amountFen) || item.amountFen <= 0) {
      problems.push(`第 ${n} 期金额必须为正数且精确到分`);
      sumValid = false;
    } else {
      sum += item.amountFen;
    }
    if (!isIsoDate(item.dueDate)) {
      problems.push(`第 ${n} 期缴款日期无效，应为 YYYY-MM-DD`);
      continue;
    }
    if (previous !== null && item.dueDate <= previous.date) {
      problems.push(`第 ${n} 期缴款日期（${item.dueDate}）必须晚于第 ${previous.n} 期（${previous.date}）`);
    }
    previous = { n, date: item.dueDate };
  }
  if (sumValid && Number.isSafeInteger(totalFen) && totalFen > 0 && sum !== totalFen) {
    problems.push(`各期金额合计 ${formatYuan(sum)} 元，与应缴总额 ${formatYuan(totalFen)} 元不一致`);
  }
  return problems;
}

/** An amount in fen as yuan with two decimals, e.g. 123450 → "1234.50", -5 → "-0.05". */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`Invalid amount ${String(fen)}: expected an integer number of fen`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${fen < 0 ? "-" : ""}${yuan}.${String(cents).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------
// Where a fine's execution stands, and when the court may be asked to enforce it
// ---------------------------------------------------------------------------------------

/** The same day `months` months later; the 29th–31st fall back to the month's last day. */
export function addMonths(date: string, months: number): string {
  assertIsoDate(date, "date");
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/**
 * 申请人民法院强制执行 (行政强制法 第五十三条): an agency without its own power of enforcement
 * applies within three months after the period for 复议 and 诉讼 ended without either — the
 * longer of the two being 诉讼: six months from the service of the decision (行政诉讼法
 * 第四十六条). So the window runs from the day after that six-month period to three months later.
 */
export function enforcementWindow(servedOn: string): { from: string; to: string } {
  const litigationEnds = addMonths(servedOn, 6);
  return { from: addCalendarDays(litigationEnds, 1), to: addMonths(litigationEnds, 3) };
}

export interface ExecutionFacts {
  fineFen: number;
  /** When the decision was served (送达); null before. */
  servedOn: string | null;
  payments: readonly { paidOn: string; amountFen: number }[];
  /** An approved 暂缓缴纳: the new last day. */
  deferredTo?: string | null;
  /** An approved 分期缴纳 plan. */
  instalments?: readonly Instalment[] | null;
  today: string;
  cal?: WorkingCalendar;
}

export type ExecutionState = "no_fine" | "not_served" | "within_period" | "overdue" | "paid";

export interface ExecutionStatus {
  state: ExecutionState;
  /** The last day to pay (the deferral, or the next unpaid instalment's date, or 15 days after service). */
  dueDate: string | null;
  paidFen: number;
  outstandingFen: number;
  /** 加处罚款 as of today, when overdue. */
  lateFee: LateFee | null;
  /** Instalments whose date passed with the plan's running total unpaid. */
  overdueInstalments: Instalment[];
  enforcement: { from: string; to: string } | null;
}

export const EXECUTION_STATE_LABELS: Record<ExecutionState, string> = {
  no_fine: "无罚款",
  not_served: "决定书尚未送达",
  within_period: "缴款期限内",
  overdue: "逾期未缴纳",
  paid: "已缴清",
};

/**
 * The execution of a fine from its facts (行政处罚法 第六十六条、第六十七条、第七十二条): what is
 * paid and outstanding, the last day (deferral, instalments or the 15-day period), and the
 * 加处罚款 once overdue (the fee of an instalment plan runs on the plan's unpaid part only).
 */
export function executionStatus(f: ExecutionFacts): ExecutionStatus {
  assertFen(f.fineFen, "fine");
  const paidFen = f.payments.reduce((s, p) => s + p.amountFen, 0);
  const outstandingFen = Math.max(0, f.fineFen - paidFen);
  const enforcement = f.servedOn ? enforcementWindow(f.servedOn) : null;
  const base = { paidFen, outstandingFen, lateFee: null, overdueInstalments: [] as Instalment[], enforcement };
  if (f.fineFen === 0) return { ...base, state: "no_fine", dueDate: null, enforcement: null };
  if (!f.servedOn) return { ...base, state: "not_served", dueDate: null };
  if (outstandingFen === 0) return { ...base, state: "paid", dueDate: null };
  let dueDate = f.deferredTo ?? paymentDueDate(f.servedOn, f.cal);
  let overdueInstalments: Instalment[] = [];
  if (f.instalments?.length) {
    // instalments are paid in order: those the running total does not cover yet
    let covered = paidFen;
    const unpaid: Instalment[] = [];
    for (const i of f.instalments) {
      if (covered >= i.amountFen) covered -= i.amountFen;
      else {
        unpaid.push(i);
        covered = 0;
      }
    }
    overdueInstalments = unpaid.filter((i) => i.dueDate < f.today);
    dueDate = unpaid[0]?.dueDate ?? dueDate;
  }
  if (f.today <= dueDate) return { ...base, state: "within_period", dueDate, overdueInstalments };
  const owedNow = f.instalments?.length ? overdueInstalments.reduce((s, i) => s + i.amountFen, 0) : outstandingFen;
  const fee = lateFee({ principalFen: owedNow, dueDate, asOf: f.today });
  return { ...base, state: "overdue", dueDate, lateFee: fee, overdueInstalments };
}
