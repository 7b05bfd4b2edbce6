import { sql } from "drizzle-orm";
import { check, date, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One official entry of the working-day calendar (R-CASE-07): a holiday (放假) or an adjusted working
 * day (调休上班). Ordinary weekdays and weekends are not stored. The days of a year are replaced as a
 * whole when its State Council notice is (re)loaded.
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    /** ISO date YYYY-MM-DD (Asia/Shanghai calendar date). */
    date: date("date", { mode: "string" }).primaryKey(),
    /** "holiday" 放假 | "workday" 调休上班 */
    kind: text("kind").notNull(),
    /** Festival the entry belongs to, e.g. 春节. */
    name: text("name").notNull(),
    /** Where it came from: "chinese-days" or the notice number (文号). */
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("calendar_days_kind_ck", sql`${t.kind} in ('holiday','workday')`)],
);

/**
 * Years whose State Council notice (国务院办公厅关于部分节假日安排的通知) is loaded: the calendar's
 * `knownYears`. Deadlines reaching into any other year are "unconfirmed".
 */
export const calendarYears = pgTable(
  "calendar_years",
  {
    year: integer("year").primaryKey(),
    /** 文号 of the notice, e.g. 国办发明电〔2025〕7号; null when unknown (bulk-loaded history). */
    noticeNo: text("notice_no"),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
    note: text("note").notNull().default(""),
  },
  (t) => [check("calendar_years_year_ck", sql`${t.year} between 1900 and 2200`)],
);
