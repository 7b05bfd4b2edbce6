// The working-day calendar as data (R-CASE-07): the only place that reads and writes calendar_days and
// calendar_years. Other modules compute deadlines with `loadCalendar(db)`.
import { and, asc, eq, gte, inArray, lte, or, sql, getTableName } from "drizzle-orm";
import { WorkingCalendar, type CalendarDay } from "@zhifa/domain";
import { rows, type Db, type Tx } from "../../db/client.ts";
import { cachedRead } from "../../db/notified-cache.ts";
import { mutate, systemContext, type AuditContext } from "../../db/audit.ts";
import { errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { calendarDays, calendarYears } from "./tables.ts";
import { calendarDaysFromChineseDays } from "./chinese-days.ts";
import { calendarPolicy, CALENDAR } from "./policy.ts";
import { checkNotice, type NoticeEntry, type NoticeProblem } from "./notice.ts";

type Queryable = Db | Tx;

export interface StoredDay extends CalendarDay {
  source: string;
}

export interface CalendarYear {
  year: number;
  noticeNo: string | null;
  loadedAt: Date;
  note: string;
}

// ---------------------------------------------------------------------------------------------------
// Cache. Every call asks the database for a cheap version stamp (row counts and latest change times of
// both tables, one round trip over a few hundred rows) and rebuilds the calendar only when the stamp
// changed. So a notice loaded by another server process is seen by the next request of this one, with no
// TTL window. Calendars are kept by stamp, not by handle, so every transaction of the process shares them
// (a transaction handle is new each time); the stamp holds the microsecond change times, which no two
// different calendar contents share. Writes through this module also drop the entries at once.
// ---------------------------------------------------------------------------------------------------
const cache = new Map<string, WorkingCalendar>();
const CACHE_MAX = 8;

async function versionStamp(db: Queryable): Promise<string> {
  const [r] = await rows<{ yn: string; yat: string | null; dn: string; dat: string | null }>(
    db,
    sql`select (select count(*) from ${calendarYears})::text as yn, (select max(${calendarYears.loadedAt})::text from ${calendarYears}) as yat, (select count(*) from ${calendarDays})::text as dn, (select max(${calendarDays.updatedAt})::text from ${calendarDays}) as dat`,
  );
  return `${r?.yn ?? 0}|${r?.yat ?? ""}|${r?.dn ?? 0}|${r?.dat ?? ""}`;
}

/**
 * The working-day calendar of the loaded notices (cached per process; see above). While the change
 * feed of `db` is live the calendar is kept until a notification says one of its tables changed
 * (decision 003), so most calls need no round trip at all.
 */
export async function loadCalendar(db: Queryable): Promise<WorkingCalendar> {
  return cachedRead(db, "calendar", "", [getTableName(calendarDays), getTableName(calendarYears)], () => loadStampedCalendar(db));
}

async function loadStampedCalendar(db: Queryable): Promise<WorkingCalendar> {
  const stamp = await versionStamp(db);
  const hit = cache.get(stamp);
  if (hit) return hit;
  const [days, years] = await Promise.all([
    db.select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name }).from(calendarDays),
    db.select({ year: calendarYears.year }).from(calendarYears),
  ]);
  const calendar = new WorkingCalendar({ days: days as CalendarDay[], knownYears: years.map((y) => y.year) });
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(stamp, calendar);
  return calendar;
}

/** Drops the cached calendar of `db` (called after every write through this module). */
export function invalidateCalendar(_db: Queryable): void {
  cache.clear();
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------
const yearRange = (year: number) => {
  const y = String(year).padStart(4, "0");
  return and(gte(calendarDays.date, `${y}-01-01`), lte(calendarDays.date, `${y}-12-31`));
};

export async function daysOfYear(db: Queryable, year: number): Promise<StoredDay[]> {
  const rows = await db
    .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name, source: calendarDays.source })
    .from(calendarDays)
    .where(yearRange(year))
    .orderBy(asc(calendarDays.date));
  return rows as StoredDay[];
}

export async function listYears(db: Queryable): Promise<CalendarYear[]> {
  return db.select().from(calendarYears).orderBy(asc(calendarYears.year));
}

// ---------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------

/**
 * Replaces the days of `year` with `days`, in the caller's transaction, and records the year as known.
 * Writes only the differences, so the audit trail shows what the new notice changed.
 */
async function writeYear(tx: Tx, year: number, days: CalendarDay[], source: string, meta: { noticeNo: string | null; note: string }): Promise<void> {
  const now = new Date();
  const current = new Map((await daysOfYear(tx, year)).map((d) => [d.date, d]));
  const inserts: (typeof calendarDays.$inferInsert)[] = [];
  for (const day of days) {
    const old = current.get(day.date);
    current.delete(day.date);
    if (!old) inserts.push({ ...day, source });
    else if (old.kind !== day.kind || old.name !== day.name || old.source !== source)
      await tx.update(calendarDays).set({ kind: day.kind, name: day.name, source, updatedAt: now }).where(eq(calendarDays.date, day.date));
  }
  if (current.size) await tx.delete(calendarDays).where(inArray(calendarDays.date, [...current.keys()]));
  for (let i = 0; i < inserts.length; i += 500) await tx.insert(calendarDays).values(inserts.slice(i, i + 500));
  await tx
    .insert(calendarYears)
    .values({ year, noticeNo: meta.noticeNo, note: meta.note, loadedAt: now })
    .onConflictDoUpdate({ target: calendarYears.year, set: { noticeNo: meta.noticeNo, note: meta.note, loadedAt: now } });
}

export class NoticeError extends Error {
  constructor(readonly problems: NoticeProblem[]) {
    super("invalid notice");
  }
}

/**
 * Loads `year`'s State Council notice (administrators at a root agency only), replacing that year's days
 * in one transaction. Invalid entries → `NoticeError` with every problem, nothing written.
 */
export async function replaceYear(
  db: Db,
  actor: Actor,
  ctx: AuditContext,
  year: number,
  notice: { noticeNo: string; note?: string; entries: NoticeEntry[] },
): Promise<void> {
  calendarPolicy.authorize(actor, "update", CALENDAR);
  const noticeNo = notice.noticeNo.trim();
  const { days, problems } = checkNotice(year, notice.entries);
  if (problems.length) throw new NoticeError(problems);
  if (noticeNo === "") throw errors.validation([{ field: "noticeNo", message: "请填写通知文号" }]);
  await mutate(db, ctx, (tx) => writeYear(tx, year, days, noticeNo, { noticeNo, note: notice.note?.trim() ?? "" }));
  invalidateCalendar(db);
}

let packageData: ReturnType<typeof calendarDaysFromChineseDays> | null = null;
/** The chinese-days package's notices (scanned once per process). */
const chineseDaysData = () => (packageData ??= calendarDaysFromChineseDays());

/** 文号 of recent notices, for the years the seed loads from chinese-days. */
const KNOWN_NOTICES: Record<number, string> = {
  2025: "国办发明电〔2024〕12号",
  2026: "国办发明电〔2025〕7号",
};

/**
 * Loads every year the chinese-days package knows and the table does not (years already loaded, e.g. by an
 * administrator, are never overwritten). Runs in the caller's transaction (the seed's). Idempotent and
 * safe when two processes start at once (conflicting inserts are skipped). `untilYear` (tests) stops at that
 * year, whatever later notices the installed package holds. Returns the years loaded.
 */
export async function seedCalendarFromChineseDays(tx: Tx, options: { untilYear?: number } = {}): Promise<number[]> {
  const data = chineseDaysData();
  const have = new Set((await tx.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year));
  const missing = data.knownYears.filter((y) => !have.has(y) && y <= (options.untilYear ?? Infinity));
  if (missing.length === 0) return [];
  const wanted = new Set(missing);
  // Stray days of a year that is not marked known would block the insert: they give way to the package.
  await tx.delete(calendarDays).where(or(...missing.map(yearRange)));
  const rows = data.days.filter((d) => wanted.has(Number(d.date.slice(0, 4)))).map((d) => ({ ...d, source: "chinese-days" }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(calendarDays).values(rows.slice(i, i + 500)).onConflictDoNothing();
  await tx
    .insert(calendarYears)
    .values(missing.map((year) => ({ year, noticeNo: KNOWN_NOTICES[year] ?? null, note: "据 chinese-days 数据包载入（国务院办公厅节假日安排通知）" })))
    .onConflictDoNothing();
  return missing;
}

/**
 * Makes sure the calendar holds the official notices: loads the years chinese-days knows that are missing
 * (all of them on a fresh database, seeded with demo data or not). Meant to run at every start, after the
 * migrations (main.ts and the CLI). Writes nothing when nothing is missing.
 */
export async function ensureCalendar(db: Db): Promise<number[]> {
  const have = new Set((await db.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year));
  if (chineseDaysData().knownYears.every((y) => have.has(y))) return [];
  const loaded = await mutate(db, systemContext("calendar", "calendar.seed"), (tx) => seedCalendarFromChineseDays(tx));
  invalidateCalendar(db);
  return loaded;
}
