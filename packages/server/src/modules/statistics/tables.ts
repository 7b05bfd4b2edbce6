import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { StatisticsFigures } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";

/**
 * 行政执法统计年报 (R-PUB-10): one report per agency and year. A draft freezes the figures computed
 * from the data (regenerated while a draft); the 说明 is written by the agency; publication
 * fixes both, with a ledger entry holding the SHA-256 of the canonical public payload. Published
 * reports never change: a correction (更正) is a new edition that supersedes the published one,
 * which stays readable (decision 009).
 */
export const statisticsReports = pgTable(
  "statistics_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    year: integer("year").notNull(),
    /** draft | published | superseded (a later edition corrects it) */
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
    /** 版次: 1, then one more for each correction (更正) of the year's published report. */
    edition: integer("edition").notNull().default(1),
    /** The published edition this one corrects (null for the first). */
    supersedes: uuid("supersedes").references((): AnyPgColumn => statisticsReports.id),
    /** 更正说明: why the published report was corrected; public with the new edition. */
    correctionReason: text("correction_reason").notNull().default(""),
    /** When a correction of this edition was published (status superseded from then on). */
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("statistics_reports_agency_year_edition_uq").on(t.agencyId, t.year, t.edition),
    // at most one draft and one published (current) edition per agency and year
    uniqueIndex("statistics_reports_one_draft_uq").on(t.agencyId, t.year).where(sql`status = 'draft'`),
    uniqueIndex("statistics_reports_one_published_uq").on(t.agencyId, t.year).where(sql`status = 'published'`),
    index("statistics_reports_status_year_idx").on(t.status, t.year),
    check("statistics_reports_status_ck", sql`${t.status} in ('draft','published','superseded')`),
  ],
);
