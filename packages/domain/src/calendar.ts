// Working-day calendar (R-CASE-07): deadlines are counted in working days using the official
// Chinese holiday calendar published each year by the State Council (国务院办公厅关于部分节假日安排的通知),
// including adjusted working days (调休上班) that fall on weekends.
//
// The calendar is DATA: an administrator loads the notice of each year. This module is pure (no I/O,
// no dependencies, no reliance on the process time zone). Dates are ISO calendar dates `YYYY-MM-DD`
// understood as dates in Asia/Shanghai.
//
// Semantics:
// - A date is a working day when it is a weekday (Mon–Fri) that is not an official holiday, or when
//   it is an adjusted working day (kind "workday").
// - Dates of a year whose notice is not loaded (not in `knownYears`) fall back to the plain weekday
//   rule; every result that depended on such a date carries `confirmed: false`.

/** One entry of an official notice. */
export interface CalendarDay {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /**
   * "holiday": an official day off (放假), normally a weekday but rest days falling on weekends may be listed too;
   * "workday": an adjusted working day (调休上班) falling on a Saturday or Sunday.
   */
  kind: "holiday" | "workday";
  /** Name of the festival the entry belongs to, e.g. 春节, 国庆节. */
  name: string;
}

export type CalendarDayKind = CalendarDay["kind"];

export interface WorkingCalendarData {
  days: CalendarDay[];
  /** Years whose State Council notice is loaded; dates of other years are "unconfirmed". */
  knownYears: number[];
}

export interface WorkingDayResult {
  date: string;
  /** false when the computation depended on a date of a year that is not in `knownYears`. */
  confirmed: boolean;
}

export interface WorkingDayCount {
  days: number;
  /** false when the counted interval contains a date of a year that is not in `knownYears`. */
  confirmed: boolean;
}

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // UTC+8, no daylight saving time since 1991
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseIsoDate(value: unknown, label = "date"): CivilDate {
  if (typeof value !== "string") {
    throw new RangeError(`Invalid ${label}: expected an ISO date string "YYYY-MM-DD", got ${typeof value}`);
  }
  const m = ISO_DATE.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Invalid ${label} "${value}": expected an existing calendar date in the form YYYY-MM-DD`);
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatIsoDate({ year, month, day }: CivilDate): string {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Date out of range: year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** True when `value` is an existing calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError unless `value` is an existing calendar date written `YYYY-MM-DD`. */
export function assertIsoDate(value: unknown, label = "date"): asserts value is string {
  parseIsoDate(value, label);
}

/** Day of the week of an ISO date: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return weekdayOf(toDayNumber(parseIsoDate(date)));
}

/** Days since 1970-01-01 of an ISO date (for interval arithmetic); RangeError for a malformed date. */
export function isoDayNumber(date: string): number {
  return toDayNumber(parseIsoDate(date));
}

/** The ISO date of a day number (inverse of {@link isoDayNumber}). */
export function isoDateOfDayNumber(dayNumber: number): string {
  return formatIsoDate(fromDayNumber(dayNumber));
}

/** The ISO date `n` calendar days after `date` (`n` may be negative). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Invalid number of days ${String(n)}: expected an integer`);
  return formatIsoDate(fromDayNumber(toDayNumber(parseIsoDate(date)) + n));
}

/**
 * The calendar date in Asia/Shanghai (UTC+8, no daylight saving time) at instant `now`, as `YYYY-MM-DD`.
 * Pure arithmetic: independent of the process time zone and of Intl data.
 */
export function todayInShanghai(now: Date): string {
  const ms = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError("Invalid instant: expected a valid Date");
  return formatIsoDate(fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY)));
}

/**
 * The date (`YYYY-MM-DD`) in Asia/Shanghai of instant `at`: what a document signed, or a record
 * made, at that moment is dated. Not `at.toISOString().slice(0, 10)`, which is the UTC date and
 * a day early from 00:00 to 08:00 Beijing time.
 */
export function dateInShanghai(at: Date): string {
  return todayInShanghai(at);
}

/** An instant as Beijing time (UTC+8), `YYYY-MM-DD HH:mm:ss`. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** The instant day `date` (`YYYY-MM-DD`) begins in Asia/Shanghai: the inverse of `todayInShanghai`. */
export function shanghaiDayStart(date: string): Date {
  return new Date(toDayNumber(parseIsoDate(date)) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/** The instant day `date` ends in Asia/Shanghai (the next day's start): "as it stood on that day". */
export function shanghaiDayEnd(date: string): Date {
  // not through the next day's ISO date: 9999-12-31 has an end, 10000-01-01 has no ISO form
  return new Date((toDayNumber(parseIsoDate(date)) + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * Working-day calendar built from the loaded official notices.
 *
 * - `addWorkingDays(start, n)`: `start` is not counted; counting begins the next day and the result is
 *   the n-th working day after `start`. `n = 0` returns `start` unchanged (even if it is not a working day).
 * - `workingDaysBetween(from, to)`: number of working days in the half-open interval (from, to]
 *   (from exclusive, to inclusive). When `to < from` the result is negative: minus the number of working
 *   days in (to, from], so `workingDaysBetween(a, b) === -workingDaysBetween(b, a)`.
 *   Round trip: `workingDaysBetween(s, addWorkingDays(s, n).date) === n`.
 * - `confirmed` is false when any date of the examined interval ((start, result] or (from, to]) belongs to
 *   a year not in `knownYears`. An empty interval (n = 0, from = to) is confirmed.
 */
export class WorkingCalendar {
  readonly knownYears: readonly number[];
  private readonly known: ReadonlySet<number>;
  private readonly entries: ReadonlyMap<string, CalendarDay>;

  constructor(data: WorkingCalendarData) {
    const years = new Set<number>();
    for (const year of data.knownYears) {
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
        throw new RangeError(`Invalid known year ${String(year)}: expected an integer between ${MIN_YEAR} and ${MAX_YEAR}`);
      }
      years.add(year);
    }
    const entries = new Map<string, CalendarDay>();
    for (const day of data.days) {
      const civil = parseIsoDate(day.date, "calendar day");
      if (day.kind !== "holiday" && day.kind !== "workday") {
        throw new RangeError(`Invalid calendar day kind "${String(day.kind)}" for ${day.date}: expected "holiday" or "workday"`);
      }
      if (day.kind === "workday") {
        const wd = weekdayOf(toDayNumber(civil));
        if (wd !== 0 && wd !== 6) {
          throw new RangeError(`Invalid adjusted working day ${day.date}: it is not a Saturday or Sunday`);
        }
      }
      const previous = entries.get(day.date);
      if (previous && previous.kind !== day.kind) {
        throw new RangeError(`Conflicting calendar entries for ${day.date}: both "${previous.kind}" and "${day.kind}"`);
      }
      entries.set(day.date, { date: day.date, kind: day.kind, name: day.name });
    }
    this.known = years;
    this.knownYears = Object.freeze([...years].sort((a, b) => a - b));
    this.entries = entries;
  }

  /** Whether the official notice of `year` is loaded. */
  isKnownYear(year: number): boolean {
    return this.known.has(year);
  }

  /** The official entry (holiday or adjusted working day) for `date`, if any. */
  dayInfo(date: string): CalendarDay | undefined {
    parseIsoDate(date);
    const entry = this.entries.get(date);
    return entry ? { ...entry } : undefined;
  }

  /** Weekday and not an official holiday, or an adjusted working day (调休上班). */
  isWorkingDay(date: string): boolean {
    const dayNumber = toDayNumber(parseIsoDate(date));
    return this.isWorkingDayNumber(dayNumber);
  }

  /** The first working day strictly after `date` (same as `addWorkingDays(date, 1)`). */
  nextWorkingDay(date: string): WorkingDayResult {
    return this.addWorkingDays(date, 1);
  }

  /** The n-th working day after `start` (`start` itself not counted); `n = 0` returns `start`. */
  addWorkingDays(start: string, n: number): WorkingDayResult {
    const startNumber = toDayNumber(parseIsoDate(start, "start date"));
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`Invalid number of working days ${String(n)}: expected an integer ≥ 0`);
    }
    let current = startNumber;
    let remaining = n;
    while (remaining > 0) {
      current += 1;
      if (fromDayNumber(current).year > MAX_YEAR) {
        throw new RangeError(`Date out of range: ${n} working days after ${start} is after year ${MAX_YEAR}`);
      }
      if (this.isWorkingDayNumber(current)) remaining -= 1;
    }
    return { date: formatIsoDate(fromDayNumber(current)), confirmed: this.intervalConfirmed(startNumber, current) };
  }

  /** Working days in (from, to]; negative (minus the count in (to, from]) when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): WorkingDayCount {
    const a = toDayNumber(parseIsoDate(from, "from date"));
    const b = toDayNumber(parseIsoDate(to, "to date"));
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    let count = 0;
    for (let d = low + 1; d <= high; d += 1) {
      if (this.isWorkingDayNumber(d)) count += 1;
    }
    return { days: b < a && count > 0 ? -count : count, confirmed: this.intervalConfirmed(low, high) };
  }

  /**
   * Warning for administrators that a notice is missing: from 1 October, if next year's notice is not
   * loaded, returns next year. Also returns the current year whenever the current year's notice itself is
   * missing (the more urgent case). Otherwise null.
   */
  missingNextYearWarning(today: string): { year: number } | null {
    const { year, month } = parseIsoDate(today, "today");
    if (!this.known.has(year)) return { year };
    if (month >= 10 && !this.known.has(year + 1)) return { year: year + 1 };
    return null;
  }

  private isWorkingDayNumber(dayNumber: number): boolean {
    const entry = this.entries.get(formatIsoDate(fromDayNumber(dayNumber)));
    if (entry) return entry.kind === "workday";
    const wd = weekdayOf(dayNumber);
    return wd !== 0 && wd !== 6;
  }

  /** Whether every date of (low, high] lies in a known year (an empty interval is confirmed). */
  private intervalConfirmed(low: number, high: number): boolean {
    if (high <= low) return true;
    const first = fromDayNumber(low + 1).year;
    const last = fromDayNumber(high).year;
    for (let y = first; y <= last; y += 1) {
      if (!this.known.has(y)) return false;
    }
    return true;
  }
}
