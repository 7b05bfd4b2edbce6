import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies } from "../agencies/tables.ts";
import { cases } from "../cases/tables.ts";

/**
 * 电子卷宗 assembled by the platform (R-REC-07): when a case is closed (结案) or archived (归档), or
 * on request, the whole case file (the same ZIP as an export) is built and kept in the
 * content-addressed store; its hash is in the case's ledger chain (`casefile.stored`).
 */
export const caseFiles = pgTable(
  "case_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    /** closed | archived | manual */
    trigger: text("trigger").notNull(),
    entries: integer("entries").notNull(),
    files: integer("files").notNull(),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).notNull(),
    assembledAt: timestamp("assembled_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_files_case_idx").on(t.caseId, t.assembledAt), check("case_files_trigger_ck", sql`${t.trigger} in ('closed','archived','manual')`)],
);
