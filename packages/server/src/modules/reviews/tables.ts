import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ChecklistItem, ReviewState } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { cases, type CaseDecision } from "../cases/tables.ts";

/** 送审材料 (R-REV-03): 情况说明, 决定书代拟稿, evidence (links to the case's records and files, not copies), other materials. */
export interface ReviewSubmission {
  /** 案件事实 */
  facts: string;
  /** 适用的法律依据 */
  lawApplied: string;
  /** 裁量基准运用情况及理由 */
  discretion: string;
  /** 调查取证情况 */
  evidenceCollection: string;
  /** 听证、评估、鉴定等情况 */
  hearing: string;
  /** 决定书代拟稿 */
  draftDecision: string;
  /** Linked case records (ids of case_records). */
  recordIds: string[];
  /** Linked evidence files (ids of evidence_files). */
  evidenceIds: string[];
  /** 其他材料 */
  otherMaterials: string;
}

/** 延期申请 (R-REV-07). */
export interface ReviewExtension {
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  /** approved | refused | null while pending */
  decision: "approved" | "refused" | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
}

/** 分歧 (R-REV-08): the unit contests an opinion; the agency head decides. */
export interface ReviewDispute {
  reason: string;
  by: string;
  byName: string;
  at: string;
  /** The opinion contested. */
  previous: ReviewState;
  /** upheld (the opinion stands) | overruled (the unit's view is adopted) | null while open */
  decision: "upheld" | "overruled" | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
}

/**
 * 法制审核: one row per round of a case's review (R-REV). At most one round per case is live
 * (待受理, 退回补充, 审核中, 有分歧); every step is also an event and a ledger entry.
 */
export const legalReviews = pgTable(
  "legal_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** 1, 2, …: a 纠正 opinion leads to a new round after handling. */
    round: integer("round").notNull(),
    state: text("state").$type<ReviewState>().notNull(),
    submittedBy: uuid("submitted_by").notNull().references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    submission: jsonb("submission").$type<ReviewSubmission>().notNull(),
    /** The decision draft reviewed (R-REV-02: a later change needs a new round). */
    decision: jsonb("decision").$type<CaseDecision | null>(),
    decisionKey: text("decision_key").notNull(),
    /** Why the decision is major (R-REV-01), as the catalog said at submission. */
    majorBecause: text("major_because").array().notNull().default(sql`'{}'::text[]`),
    /** 审核人员 */
    assigneeId: uuid("assignee_id").references(() => users.id),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedOn: date("accepted_on", { mode: "string" }),
    /** Opinion due (R-REV-07) and the first "due soon" day. */
    due: date("due", { mode: "string" }),
    soon: date("soon", { mode: "string" }),
    extensionDays: integer("extension_days").notNull().default(0),
    extension: jsonb("extension").$type<ReviewExtension | null>(),
    /** 退回: written reasons and the date by which the unit completes (R-REV-04). */
    returnReason: text("return_reason"),
    completeBy: date("complete_by", { mode: "string" }),
    checklist: jsonb("checklist").$type<ChecklistItem[]>().notNull(),
    /** agreed | corrected | transferred */
    outcome: text("outcome"),
    opinion: text("opinion"),
    correction: text("correction"),
    transferTo: text("transfer_to"),
    opinionAt: timestamp("opinion_at", { withTimezone: true }),
    opinionOn: date("opinion_on", { mode: "string" }),
    opinionBy: uuid("opinion_by").references(() => users.id),
    /** The opinion came after its due date. */
    late: boolean("late"),
    /** SHA-256 of the 法制审核意见书 as generated at the opinion (also in the ledger). */
    documentSha256: text("document_sha256"),
    dispute: jsonb("dispute").$type<ReviewDispute | null>(),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("legal_reviews_case_round_uq").on(t.caseId, t.round),
    uniqueIndex("legal_reviews_live_uq").on(t.caseId).where(sql`${t.state} in ('pending','returned','in_review','disputed')`),
    index("legal_reviews_queue_idx").on(t.agencyId, t.state, t.due),
    index("legal_reviews_assignee_idx").on(t.assigneeId, t.state),
    index("legal_reviews_submitted_idx").on(t.agencyId, t.submittedAt),
    check("legal_reviews_state_ck", sql`${t.state} in ('pending','returned','in_review','agreed','corrected','transferred','disputed','overruled','withdrawn')`),
    check("legal_reviews_outcome_ck", sql`${t.outcome} is null or ${t.outcome} in ('agreed','corrected','transferred')`),
  ],
);

/** Every step of a review, in order (append-only): who did what, when (R-REV-10). */
export const legalReviewEvents = pgTable(
  "legal_review_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reviewId: uuid("review_id").notNull().references(() => legalReviews.id),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id").notNull().references(() => users.id),
    actorName: text("actor_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Chinese summary shown in the history. */
    summary: text("summary").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }),
  },
  (t) => [index("legal_review_events_review_idx").on(t.reviewId, t.at)],
);

/** 常用审核意见: canned phrases a legal unit maintains. */
export const reviewPhrases = pgTable(
  "review_phrases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** general | agreed | corrected | transferred | return | a checklist key */
    category: text("category").notNull(),
    text: text("text").notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("review_phrases_agency_idx").on(t.agencyId, t.category)],
);
