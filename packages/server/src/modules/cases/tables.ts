import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { CaseDocData, DocModel, WorkflowDefinition } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { officers } from "../lists/defs/officers.ts";

/**
 * 执法流程定义 (R-CASE-01, R-LIST-08): one row per version of a workflow. A change is a new
 * version; cases keep the version they started on, so a change never breaks a running case.
 */
export const workflowDefinitions = pgTable(
  "workflow_definitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    actionType: text("action_type").notNull(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<WorkflowDefinition>().notNull(),
    /** The version new cases start on (one per key). */
    current: boolean("current").notNull().default(true),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("workflow_definitions_key_version_uq").on(t.key, t.version), uniqueIndex("workflow_definitions_current_uq").on(t.key).where(sql`${t.current}`)],
);

/** 案号流水: the last number given in each series (R-CASE-02); incremented in the opening transaction, so gap-free. */
export const caseNumberSeries = pgTable("case_number_series", {
  series: text("series").primaryKey(),
  last: integer("last").notNull(),
});

/** 案件. */
export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** 案号 (R-CASE-02): unique in the deployment, never reused. */
    number: text("number").notNull().unique(),
    series: text("series").notNull(),
    seq: integer("seq").notNull(),
    workflowId: uuid("workflow_id").notNull().references(() => workflowDefinitions.id),
    actionType: text("action_type").notNull(),
    /** 案由 */
    title: text("title").notNull(),
    /** lead | inspection | complaint | referral | other: 案件来源 */
    source: text("source").notNull(),
    sourceDetail: text("source_detail").notNull().default(""),
    /** person | org */
    partyType: text("party_type").notNull(),
    partyName: text("party_name").notNull(),
    /** 身份证号 / 统一社会信用代码 (personal data: shown under access control). */
    partyIdNo: text("party_id_no").notNull().default(""),
    partyAddress: text("party_address").notNull().default(""),
    partyPhone: text("party_phone").notNull().default(""),
    /** 行政区划代码 of the place of the act (R-LIST-11 region check). */
    regionCode: text("region_code").notNull(),
    /** 权力事项编码 of the power exercised, if chosen. */
    powerItemCode: text("power_item_code"),
    /** open | suspended | closed | archived | terminated */
    status: text("status").notNull().default("open"),
    stage: text("stage").notNull(),
    stageStartedOn: date("stage_started_on", { mode: "string" }).notNull(),
    /** Stage due date and the day it turns "due soon" (R-CASE-07); null without a limit or while suspended. */
    stageDue: date("stage_due", { mode: "string" }),
    stageSoon: date("stage_soon", { mode: "string" }),
    caseDue: date("case_due", { mode: "string" }),
    caseSoon: date("case_soon", { mode: "string" }),
    openedOn: date("opened_on", { mode: "string" }).notNull(),
    openedBy: uuid("opened_by").notNull().references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** The decision being prepared: measures, amount, discretion tier and reasons (R-CASE-06, R-LIST-09). */
    decision: jsonb("decision").$type<CaseDecision>(),
    /** R-REV-01 flags the handler marks (重大公共利益…). */
    majorFlags: text("major_flags").array().notNull().default(sql`'{}'::text[]`),
    flagCount: integer("flag_count").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("cases_series_seq_uq").on(t.series, t.seq),
    index("cases_agency_status_idx").on(t.agencyId, t.status, t.openedOn),
    index("cases_stage_due_idx").on(t.stageDue),
    check("cases_status_ck", sql`${t.status} in ('open','suspended','closed','archived','terminated')`),
    check("cases_party_type_ck", sql`${t.partyType} in ('person','org')`),
    check("cases_source_ck", sql`${t.source} in ('lead','inspection','complaint','referral','other')`),
  ],
);

export interface CaseDecision {
  /** 处罚种类/措施, e.g. ["罚款", "没收违法所得"] */
  measures: string[];
  /** 罚款金额 in fen */
  amountFen: number | null;
  /** 裁量基准 tier applied (R-LIST-09) */
  tierId: string | null;
  tierLabel: string | null;
  /** 裁量说明 */
  discretionReason: string;
  /** Why the amount is outside the tier's range (required then). */
  outsideTierReason: string | null;
}

/** 承办人员: officers assigned to a case (R-CASE-03, R-CASE-04). */
export const caseOfficers = pgTable(
  "case_officers",
  {
    caseId: uuid("case_id").notNull().references(() => cases.id),
    officerId: uuid("officer_id").notNull().references(() => officers.id),
    /** lead (主办) | member (协办) */
    role: text("role").notNull(),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    removedReason: text("removed_reason"),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.officerId] }), index("case_officers_officer_idx").on(t.officerId)],
);

/** A case's stages as they ran: start, completion, due date (R-CASE-01, R-CASE-07). */
export const caseStages = pgTable(
  "case_stages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    stage: text("stage").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    due: date("due", { mode: "string" }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    completedBy: uuid("completed_by").references(() => users.id),
    /** Completed after its due date. */
    late: boolean("late"),
  },
  (t) => [index("case_stages_case_idx").on(t.caseId, t.startedAt)],
);

/**
 * 笔录、文书 and other text records of a case (R-REC-01, R-CASE-06). Append-only: a
 * correction is a new record that names the one it supersedes (R-REC-02).
 */
export const caseRecords = pgTable(
  "case_records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    stage: text("stage").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** When the act happened, as the officer states it. */
    actedAt: timestamp("acted_at", { withTimezone: true }).notNull(),
    /** The server's time of entry (R-CASE-05). */
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    supersedes: uuid("supersedes"),
    /** backfilled | after_stage_closed (R-CASE-05) */
    flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).notNull(),
  },
  (t) => [index("case_records_case_idx").on(t.caseId, t.enteredAt)],
);

/**
 * 执法文书 generated from the templates (R-CASE-06): the inputs of each generated document (the case
 * data as it was, the officer's texts, the template version, the time) and the model built from them,
 * so the document is regenerated byte for byte; `sha256` is the DOCX's, also in the record's ledger
 * entry. One per record; append-only like the records.
 */
export const caseDocuments = pgTable(
  "case_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    recordId: uuid("record_id").notNull().unique().references(() => caseRecords.id),
    kind: text("kind").notNull(),
    templateVersion: integer("template_version").notNull(),
    texts: jsonb("texts").$type<Record<string, string>>().notNull(),
    data: jsonb("data").$type<CaseDocData>().notNull(),
    model: jsonb("model").$type<DocModel>().notNull(),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull(),
    sha256: text("sha256").notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
  },
  (t) => [index("case_documents_case_idx").on(t.caseId, t.generatedAt)],
);

/** 中止计时: periods that stop the clock (听证、检测、检验、鉴定…) (R-CASE-07). */
export const caseSuspensions = pgTable(
  "case_suspensions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    stage: text("stage").notNull(),
    reason: text("reason").notNull(),
    fromDate: date("from_date", { mode: "string" }).notNull(),
    toDate: date("to_date", { mode: "string" }),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    endedBy: uuid("ended_by").references(() => users.id),
  },
  (t) => [index("case_suspensions_case_idx").on(t.caseId)],
);

/**
 * Requests the agency head decides: an audio/video exception (R-REC-05) or a party's
 * avoidance request (R-CASE-04).
 */
export const caseApprovals = pgTable(
  "case_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    /** av_exception | avoidance */
    kind: text("kind").notNull(),
    stage: text("stage").notNull(),
    reason: text("reason").notNull(),
    /** avoidance: the officer concerned */
    officerId: uuid("officer_id").references(() => officers.id),
    requestedBy: uuid("requested_by").notNull().references(() => users.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    /** approved | refused | null while pending */
    decision: text("decision"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("case_approvals_case_idx").on(t.caseId), check("case_approvals_kind_ck", sql`${t.kind} in ('av_exception','avoidance')`)],
);

/** Problems for supervisors (R-CASE-05, R-REC-04): backfills, late entries, late uploads, exceptions. */
export const caseFlags = pgTable(
  "case_flags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    kind: text("kind").notNull(),
    stage: text("stage").notNull(),
    detail: text("detail").notNull(),
    recordId: uuid("record_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_flags_agency_idx").on(t.agencyId, t.createdAt), index("case_flags_case_idx").on(t.caseId)],
);

/** 利害关系申报: an officer's declared interest in a party (R-CASE-04). */
export const officerInterests = pgTable(
  "officer_interests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officerId: uuid("officer_id").notNull().references(() => officers.id),
    partyName: text("party_name").notNull(),
    partyIdNo: text("party_id_no").notNull().default(""),
    relation: text("relation").notNull(),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
    declaredBy: uuid("declared_by").notNull().references(() => users.id),
  },
  (t) => [index("officer_interests_officer_idx").on(t.officerId)],
);
