import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { StatisticsFigures } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";

/**
 * 行政执法统计年报 (R-PUB-10): one report per agency and year. A draft freezes the figures computed
 * from the data (regenerated while a draft); the 说明 is written by the agency; publication
 * fixes both, with a ledger entry holding the SHA-256 of the canonical public payload. Published
 * reports never change (a correction would be a new report year… decision 009).
 */
export const statisticsReports = pgTable(
  "statistics_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    year: integer("year").notNull(),
    /** draft | published */
    status: text("status").notNull().default("draft"),
    figures: jsonb("figures").$type<StatisticsFigures>().notNull(),
    /** 说明: the agency's explanatory text, public once published. */
    note: text("note").notNull().default(""),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull(),
    generatedBy: uuid("generated_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedOn: date("published_on", { mode: "string" }),
    publishedBy: uuid("published_by").references(() => users.id),
    /** Published after 31 January of the following year (R-PUB-10). */
    late: boolean("late"),
    /** SHA-256 (hex) of the canonical public payload (also in the ledger entry). */
    sha256: text("sha256"),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("statistics_reports_agency_year_uq").on(t.agencyId, t.year),
    index("statistics_reports_status_year_idx").on(t.status, t.year),
    check("statistics_reports_status_ck", sql`${t.status} in ('draft','published')`),
  ],
);
