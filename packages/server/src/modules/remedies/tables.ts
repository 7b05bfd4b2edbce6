import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { cases } from "../cases/tables.ts";

/**
 * 行政复议、行政诉讼 (R-PUB-10 figures; R-PUB-07 rulings): a remedy sought against a case's
 * decision, where it was filed, and its outcome once decided.
 */
export const caseRemedies = pgTable(
  "case_remedies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** reconsideration (行政复议) | litigation (行政诉讼) */
    kind: text("kind").notNull(),
    /** 复议机关 / 人民法院 */
    body: text("body").notNull(),
    /** 复议、诉讼案号 */
    reference: text("reference").notNull().default(""),
    filedOn: date("filed_on", { mode: "string" }).notNull(),
    decidedOn: date("decided_on", { mode: "string" }),
    /** upheld | dismissed | revoked | changed | illegal | invalid | ordered | withdrawn | mediated | other; null while pending */
    outcome: text("outcome"),
    note: text("note").notNull().default(""),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("case_remedies_case_idx").on(t.caseId),
    index("case_remedies_agency_idx").on(t.agencyId, t.filedOn),
    check("case_remedies_kind_ck", sql`${t.kind} in ('reconsideration','litigation')`),
    check("case_remedies_outcome_ck", sql`${t.outcome} is null or ${t.outcome} in ('upheld','dismissed','revoked','changed','illegal','invalid','ordered','withdrawn','mediated','other')`),
    check("case_remedies_decided_ck", sql`(${t.outcome} is null) = (${t.decidedOn} is null)`),
  ],
);
