/**
 * Deadlines per stage and per case (R-CASE-07): a time limit counted in working days on the
 * official calendar (see calendar.ts) or in calendar days, with suspension periods that stop the
 * clock (中止计时 / 不计入期限的期间: 听证、鉴定、检测、检验、检疫、公告…). Pure: the caller passes
 * `today`; nothing here reads the clock.
 *
 * Counting rules:
 * - 期间开始之日不计算在内: counting begins the day after `start`.
 * - A day counts when it is not inside any suspension (both ends inclusive) and, for the unit
 *   "workingDays", when it is a working day of the calendar (调休 Saturdays/Sundays count, official
 *   holidays do not); for the unit "days", any day counts.
 * - `due` is the day on which the count reaches `amount` (amount 0: `due = start`, an empty period).
 * - Unit "days" only: when that day is not a working day, the period ends on the next working day
 *   (民法典 第二百零三条 第一款 "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日";
 *   民事诉讼法（2021 年修正）第八十五条 "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期",
 *   applied to administrative procedure as the general rule on periods). Short periods that a statute
 *   itself declares to be working days (e.g. 行政处罚法 第八十五条: "二日""三日""五日""七日" 是指工作日；
 *   行政强制法 第六十九条: 十日以内；行政许可法 第八十二条) must be configured with the unit
 *   "workingDays", for which this rule is moot.
 * - A suspension that begins after the period has already run out does not revive it.
 * - An open suspension (`to: null`) stops the clock from `from` up to the evaluation day (`completedOn`
 *   when given, else `today`); one that starts after the evaluation day has no effect yet.
 */
import type { WorkingCalendar } from "./calendar.ts";
import { addCalendarDays, assertIsoDate, isoDateOfDayNumber, isoDayNumber } from "./calendar.ts";

export type LimitUnit = "workingDays" | "days"; // 工作日 / 自然日

export interface TimeLimit {
  /** Integer ≥ 0. */
  amount: number;
  unit: LimitUnit;
}

/** Inclusive dates the clock is stopped; `to = null`: still suspended. */
export interface Suspension {
  from: string;
  to: string | null;
}

export type DeadlineLight = "normal" | "due_soon" | "overdue" | "suspended" | "done";

export interface DeadlineInput {
  /** The day the period starts; the start day itself is not counted (期间开始之日不计算在内). */
  start: string;
  limit: TimeLimit;
  suspensions?: readonly Suspension[];
  today: string;
  /** When the stage/case was completed: light "done" (and `late` says whether it was late). */
  completedOn?: string | null;
}

export interface Deadline {
  /** Last allowed day; null while an open suspension stops the clock. */
  due: string | null;
  light: DeadlineLight;
  /**
   * Units of the limit left after today, i.e. counting units in (today, due]: 0 = due today. Negative
   * when overdue: minus the counting units in (due, today], at least 1 (a matter is overdue by one unit
   * from the day after `due`, even when that day is a weekend). null when suspended or done.
   */
  remaining: number | null;
  /** Done after due, or (not done) today after due. */
  late: boolean;
  /** false when the calendar was consulted for a day of a year whose official notice is not loaded. */
  confirmed: boolean;
  /** Calendar days inside suspensions that fell in (start, due] (in (start, today] while suspended). */
  suspendedDays: number;
  /** Chinese label, e.g. "剩余 3 个工作日", "今日到期", "已超期 2 日", "中止计时", "已按期完成", "超期完成". */
  label: string;
}

/** due_soon when 0 ≤ remaining ≤ max(1, ceil(amount × DUE_SOON_FRACTION)). */
export const DUE_SOON_FRACTION = 1 / 5;
const DUE_SOON_DIVISOR = 5; // 1 / DUE_SOON_FRACTION, kept integral so that ceil(15 / 5) is exactly 3

/** Maximum number of counting steps (days outside suspensions) walked to find a due date. */
export const MAX_DEADLINE_WALK_DAYS = 3660;

const LIGHT_LABELS: Record<DeadlineLight, string> = {
  normal: "正常",
  due_soon: "即将到期",
  overdue: "已超期",
  suspended: "中止",
  done: "已完成",
};

/** 正常 / 即将到期 / 已超期 / 中止 / 已完成. */
export function lightLabel(light: DeadlineLight): string {
  return LIGHT_LABELS[light];
}

function assertLimit(limit: TimeLimit): void {
  if (limit === null || typeof limit !== "object") throw new RangeError("Invalid time limit: expected { amount, unit }");
  if (limit.unit !== "workingDays" && limit.unit !== "days") {
    throw new RangeError(`Invalid time limit unit "${String(limit.unit)}": expected "workingDays" or "days"`);
  }
  if (!Number.isSafeInteger(limit.amount) || limit.amount < 0) {
    throw new RangeError(`Invalid time limit amount ${String(limit.amount)}: expected an integer ≥ 0`);
  }
}

/** The number of units at or below which a running deadline is "due_soon": max(1, ceil(amount / 5)). */
export function dueSoonThreshold(limit: TimeLimit): number {
  assertLimit(limit);
  return Math.max(1, Math.ceil(limit.amount / DUE_SOON_DIVISOR));
}

// ---------------------------------------------------------------------------------------
// Day numbers: the calendar's own arithmetic (days since 1970-01-01).
const toDay = isoDayNumber;
const fromDay = isoDateOfDayNumber;

/** Calendar days from `from` to `to` (negative when `to` is before `from`); 0 for the same day. */
export function calendarDaysBetween(from: string, to: string): number {
  assertIsoDate(from, "from date");
  assertIsoDate(to, "to date");
  return toDay(to) - toDay(from);
}

/** Closed interval [from, to] of day numbers. */
type Span = readonly [number, number];

/** Sorted, merged (overlapping or adjacent spans joined) suspension spans, open ones ending at `evalDay`. */
function suspensionSpans(suspensions: readonly Suspension[], evalDay: number): { spans: Span[]; openFrom: number | null } {
  const raw: [number, number][] = [];
  let openFrom: number | null = null;
  suspensions.forEach((s, i) => {
    assertIsoDate(s.from, `suspensions[${i}].from`);
    const from = toDay(s.from);
    let to: number;
    if (s.to === null) {
      if (from > evalDay) return; // not in effect yet
      openFrom = openFrom === null ? from : Math.min(openFrom, from);
      to = evalDay;
    } else {
      assertIsoDate(s.to, `suspensions[${i}].to`);
      to = toDay(s.to);
      if (to < from) throw new RangeError(`Invalid suspension ${s.from}–${s.to}: it ends before it starts`);
    }
    raw.push([from, to]);
  });
  raw.sort((a, b) => a[0] - b[0]);
  const spans: [number, number][] = [];
  for (const span of raw) {
    const last = spans.at(-1);
    if (last && span[0] <= last[1] + 1) last[1] = Math.max(last[1], span[1]);
    else spans.push([span[0], span[1]]);
  }
  return { spans, openFrom };
}

/** The span containing `day`, if any. */
function spanAt(spans: readonly Span[], day: number): Span | undefined {
  return spans.find(([from, to]) => from <= day && day <= to);
}

/** Suspended calendar days in (low, high]. */
function suspendedIn(spans: readonly Span[], low: number, high: number): number {
  let total = 0;
  for (const [from, to] of spans) {
    const a = Math.max(from, low + 1);
    const b = Math.min(to, high);
    if (b >= a) total += b - a + 1;
  }
  return total;
}

interface Walk {
  due: number;
  /** Earliest day whose working-day status was read from a year the calendar does not know. */
  firstUnknown: number | null;
}

function walkToDue(cal: WorkingCalendar, start: number, limit: TimeLimit, spans: readonly Span[]): Walk {
  let firstUnknown: number | null = null;
  const isWorking = (day: number): boolean => {
    const date = fromDay(day);
    if (firstUnknown === null && !cal.isKnownYear(Number(date.slice(0, 4)))) firstUnknown = day;
    return cal.isWorkingDay(date);
  };
  let steps = 0;
  const step = (day: number): number => {
    let next = day + 1;
    const span = spanAt(spans, next);
    if (span) next = span[1] + 1; // suspended days are skipped (merged spans are never adjacent)
    steps += 1;
    if (steps > MAX_DEADLINE_WALK_DAYS) {
      throw new RangeError(`Deadline too far: more than ${MAX_DEADLINE_WALK_DAYS} counting days after ${fromDay(start)}`);
    }
    return next;
  };

  let day = start;
  let counted = 0;
  while (counted < limit.amount) {
    day = step(day);
    if (limit.unit === "days" || isWorking(day)) counted += 1;
  }
  if (limit.unit === "days" && limit.amount > 0) {
    // 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日 (see the module comment).
    while (!isWorking(day)) day = step(day);
  }
  return { due: day, firstUnknown };
}

/** Counting units in (low, high] (low ≤ high), suspended days excluded. */
function countUnits(cal: WorkingCalendar, unit: LimitUnit, spans: readonly Span[], low: number, high: number): { count: number; confirmed: boolean } {
  if (high <= low) return { count: 0, confirmed: true };
  if (unit === "days") return { count: high - low - suspendedIn(spans, low, high), confirmed: true };
  const all = cal.workingDaysBetween(fromDay(low), fromDay(high));
  let suspendedWorking = 0;
  for (const [from, to] of spans) {
    for (let d = Math.max(from, low + 1); d <= Math.min(to, high); d += 1) {
      if (cal.isWorkingDay(fromDay(d))) suspendedWorking += 1;
    }
  }
  return { count: all.days - suspendedWorking, confirmed: all.confirmed };
}

function unitWord(unit: LimitUnit): string {
  return unit === "workingDays" ? "个工作日" : "日";
}

/**
 * The state of a deadline on `today` (R-CASE-07). Throws RangeError on invalid dates, an invalid
 * limit (amount not an integer ≥ 0), a suspension ending before it starts, or a due date more than
 * {@link MAX_DEADLINE_WALK_DAYS} counting days away.
 */
export function computeDeadline(cal: WorkingCalendar, input: DeadlineInput): Deadline {
  assertLimit(input.limit);
  assertIsoDate(input.start, "start");
  assertIsoDate(input.today, "today");
  const completedOn = input.completedOn ?? null;
  if (completedOn !== null) assertIsoDate(completedOn, "completedOn");
  const { limit } = input;
  const start = toDay(input.start);
  const today = toDay(input.today);
  const evalDay = completedOn !== null ? toDay(completedOn) : today;
  const { spans, openFrom } = suspensionSpans(input.suspensions ?? [], evalDay);
  const walk = walkToDue(cal, start, limit, spans);

  if (completedOn !== null) {
    const late = evalDay > walk.due;
    return {
      due: fromDay(walk.due),
      light: "done",
      remaining: null,
      late,
      confirmed: walk.firstUnknown === null || walk.firstUnknown > walk.due,
      suspendedDays: suspendedIn(spans, start, walk.due),
      label: late ? "超期完成" : "已按期完成",
    };
  }

  // An open suspension in effect stops the clock — unless the period had run out before it began.
  if (openFrom !== null && walk.due > openFrom) {
    return {
      due: null,
      light: "suspended",
      remaining: null,
      late: false,
      confirmed: walk.firstUnknown === null || walk.firstUnknown > today,
      suspendedDays: suspendedIn(spans, start, today),
      label: "中止计时",
    };
  }

  const due = walk.due;
  const base = {
    due: fromDay(due),
    suspendedDays: suspendedIn(spans, start, due),
  };
  const walkConfirmed = walk.firstUnknown === null || walk.firstUnknown > due;
  if (today > due) {
    const over = countUnits(cal, limit.unit, spans, due, today);
    const remaining = -Math.max(1, over.count);
    return {
      ...base,
      light: "overdue",
      remaining,
      late: true,
      confirmed: walkConfirmed && over.confirmed,
      label: `已超期 ${-remaining} ${unitWord(limit.unit)}`,
    };
  }
  const left = countUnits(cal, limit.unit, spans, Math.max(today, start), due);
  const remaining = left.count;
  return {
    ...base,
    light: remaining <= dueSoonThreshold(limit) ? "due_soon" : "normal",
    remaining,
    late: false,
    confirmed: walkConfirmed && left.confirmed,
    label: remaining === 0 ? "今日到期" : `剩余 ${remaining} ${unitWord(limit.unit)}`,
  };
}

/**
 * The first day on which a running deadline shows "due_soon" (remaining ≤ threshold), for
 * storing beside the due date so that lists filter by light in SQL. Suspensions are not
 * considered: whoever ends a suspension stores new dates.
 */
export function dueSoonDate(cal: WorkingCalendar, due: string, limit: TimeLimit): string {
  const k = dueSoonThreshold(limit);
  let t = due;
  let remaining = 0;
  for (let i = 0; i < MAX_DEADLINE_WALK_DAYS; i += 1) {
    const add = limit.unit === "days" || cal.isWorkingDay(t) ? 1 : 0;
    if (remaining + add > k) return t;
    remaining += add;
    t = addCalendarDays(t, -1);
  }
  return t;
}
