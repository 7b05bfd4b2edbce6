import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { cases } from "../cases/tables.ts";

/**
 * 证据文件: an audio/video/photo/document record stored content-addressed (R-REC-01, R-REC-03,
 * R-REC-06). The file's SHA-256 and this metadata enter the ledger in the same transaction.
 * Append-only: a correction is a new record (R-REC-02).
 */
export const evidenceFiles = pgTable(
  "evidence_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** 案号 as the officer's device declared it. */
    caseRef: text("case_ref").notNull(),
    /** The case it belongs to (R-REC-01); null only for files stored before case handling existed. */
    caseId: uuid("case_id").references(() => cases.id),
    /** The stage of the case it was recorded in (R-REC-01, R-REC-05). */
    stage: text("stage"),
    /** photo | audio | video | document (from the content) */
    category: text("category").notNull(),
    mime: text("mime").notNull(),
    /** The name on the officer's device; shown, never used as a path. */
    filename: text("filename").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    capturedAt: timestamp("captured_at", { withTimezone: true }).notNull(),
    /** 采集地点 */
    place: text("place").notNull(),
    /** 采集人 */
    collector: text("collector").notNull(),
    /** 证明对象 */
    proves: text("proves").notNull(),
    device: text("device").notNull().default(""),
    /** none | privacy | commercial | secret (R-REC-09) */
    sensitivity: text("sensitivity").notNull().default("none"),
    uploadedBy: uuid("uploaded_by").notNull().references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
    /** Stored more than 24 h after capture (R-REC-04). */
    late: boolean("late").notNull(),
    /** The ledger entry that holds this record's hash and metadata. */
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).notNull(),
  },
  (t) => [
    index("evidence_files_case_idx").on(t.agencyId, t.caseRef, t.capturedAt),
    index("evidence_files_sha_idx").on(t.sha256),
    index("evidence_files_case_id_idx").on(t.caseId, t.stage),
    check("evidence_files_category_ck", sql`${t.category} in ('photo','audio','video','document')`),
    check("evidence_files_sensitivity_ck", sql`${t.sensitivity} in ('none','privacy','commercial','secret')`),
    check("evidence_files_sha_ck", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
