import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { RedactionHit } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { cases } from "../cases/tables.ts";

/**
 * The fields of a decision's publication (R-PUB-03, R-PUB-04). The same shape holds the
 * unredacted original (private) and the redacted text the public sees.
 */
export interface PublicationFields {
  /** 当事人 (a person's name is masked in the public text) */
  partyName: string;
  /** 身份证号 / 统一社会信用代码 */
  partyIdNo: string;
  /** 案由 / 事项 */
  title: string;
  /** 违法事实 / 主要事实 */
  facts: string;
  /** 处理结果, e.g. 罚款人民币5000.00元 */
  conclusion: string;
  /** 依据 */
  basis: string;
  /** 决定书全文 (general-procedure penalties, R-PUB-04) */
  fullText: string;
}

export const PUBLICATION_FIELD_KEYS = ["partyName", "partyIdNo", "title", "facts", "conclusion", "basis", "fullText"] as const satisfies readonly (keyof PublicationFields)[];
export type PublicationFieldKey = (typeof PUBLICATION_FIELD_KEYS)[number];

/** A redaction hit and the field it was found in (staff only: `original` is personal data). */
export type PublicationHit = RedactionHit & { field: PublicationFieldKey };

/** PostgreSQL tsvector, written by the service from the redacted text only (`to_tsvector('simple', …)`). */
const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => "tsvector",
});

/**
 * 行政执法决定公示 (R-PUB-03…R-PUB-09, R-PUB-12): one row per decision to publish, from a case
 * (drafted when the case's decision is issued) or pushed by another system (R-PUB-09).
 * `original` is private; `redacted` is what the public sees once published; nothing is public
 * before a publicity reviewer publishes it (R-PUB-06). `search` is built from the redacted
 * text only, so no personal data is ever in the index.
 */
export const publications = pgTable(
  "publications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    caseId: uuid("case_id").references(() => cases.id),
    /** case | external */
    source: text("source").notNull(),
    /** The pushing system's Idempotency-Key (R-PUB-09); unique per agency. */
    externalKey: text("external_key"),
    /** SHA-256 of the canonical pushed body: the same key with another body is a conflict. */
    externalHash: text("external_hash"),
    actionType: text("action_type").notNull(),
    /** 文书号 (or the case number) */
    documentNumber: text("document_number").notNull(),
    decisionDate: date("decision_date", { mode: "string" }).notNull(),
    /** 案由 / 事项 as published (the redacted title). */
    title: text("title").notNull(),
    /** person | org */
    partyType: text("party_type").notNull(),
    original: jsonb("original").$type<PublicationFields>().notNull(),
    redacted: jsonb("redacted").$type<PublicationFields>().notNull(),
    hits: jsonb("hits").$type<PublicationHit[]>().notNull().default(sql`'[]'::jsonb`),
    /** Names that must be masked wherever they appear (the party if a person, …): private. */
    personNames: text("person_names").array().notNull().default(sql`'{}'::text[]`),
    /** Known personal values of the party (ID number, phone, a person's name and address): never public. Private. */
    secrets: text("secrets").array().notNull().default(sql`'{}'::text[]`),
    /** Names that stay (the agency, the officers, an organisation party). */
    keep: text("keep").array().notNull().default(sql`'{}'::text[]`),
    /** draft | published | withheld | withdrawn */
    status: text("status").notNull().default("draft"),
    /** The party is a minor (from the ID number or stated): never published (R-PUB-05). */
    partyIsMinor: boolean("party_is_minor").notNull().default(false),
    /** R-PUB-05 reason: proposed on a draft, the reason of a withheld one. */
    exclusion: text("exclusion"),
    exclusionNote: text("exclusion_note"),
    /** Publication deadline (7 working days for permits and penalties, 20 otherwise, R-PUB-03). */
    deadline: date("deadline", { mode: "string" }).notNull(),
    /** The day the draft's light turns "due soon". */
    soon: date("soon", { mode: "string" }).notNull(),
    /** false when the deadline depends on a year whose holiday notice is not loaded. */
    deadlineConfirmed: boolean("deadline_confirmed").notNull().default(true),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedOn: date("published_on", { mode: "string" }),
    /** Published after its deadline (R-PUB-12). */
    late: boolean("late"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** Withdrawal (R-PUB-07): 撤销 / 确认违法 / 确认无效 / 复议变更 / 诉讼变更. */
    rulingKind: text("ruling_kind"),
    rulingDate: date("ruling_date", { mode: "string" }),
    withdrawalDeadline: date("withdrawal_deadline", { mode: "string" }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnOn: date("withdrawn_on", { mode: "string" }),
    withdrawalLate: boolean("withdrawal_late"),
    /** The public notice kept after withdrawal: "该信息已于…撤回，原因…". */
    withdrawalNotice: text("withdrawal_notice"),
    /** Public versions so far (0 while never published; each correction adds one, R-PUB-08). */
    publicVersion: integer("public_version").notNull().default(0),
    /** SHA-256 (hex) of the canonical public fields of the current public version. */
    publicSha256: text("public_sha256"),
    /** Ledger entry of the current public version. */
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }),
    search: tsvector("search"),
    /** Optimistic locking: every change bumps it. */
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("publications_case_uq").on(t.caseId).where(sql`${t.caseId} is not null`),
    uniqueIndex("publications_external_key_uq").on(t.agencyId, t.externalKey).where(sql`${t.externalKey} is not null`),
    // the public search's order (newest decision, then latest published, then id): a page is read
    // straight off the index, stopping at the 21st match, with or without the agency filter
    index("publications_status_agency_order_idx").on(t.status, t.agencyId, t.decisionDate.desc(), t.publishedAt.desc(), t.id),
    index("publications_status_order_idx").on(t.status, t.decisionDate.desc(), t.publishedAt.desc(), t.id),
    index("publications_agency_deadline_idx").on(t.agencyId, t.status, t.deadline),
    index("publications_search_idx").using("gin", t.search),
    check("publications_source_ck", sql`${t.source} in ('case','external')`),
    check("publications_status_ck", sql`${t.status} in ('draft','published','withheld','withdrawn')`),
    check("publications_party_type_ck", sql`${t.partyType} in ('person','org')`),
    check("publications_exclusion_ck", sql`${t.exclusion} is null or ${t.exclusion} in ('minor','state_secret','commercial_secret','personal_privacy','hinders_enforcement')`),
    check("publications_ruling_ck", sql`${t.rulingKind} is null or ${t.rulingKind} in ('revoked','illegal','invalid','review_changed','litigation_changed')`),
  ],
);

/** Each public version of a publication as published (R-PUB-08), with its ledger entry. */
export const publicationVersions = pgTable(
  "publication_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    publicationId: uuid("publication_id").notNull().references(() => publications.id),
    version: integer("version").notNull(),
    /** publish | correction */
    kind: text("kind").notNull(),
    fields: jsonb("fields").$type<PublicationFields>().notNull(),
    /** What was corrected (public), empty for the first version. */
    note: text("note").notNull().default(""),
    /** The correction request it answers, if any. */
    correctionId: uuid("correction_id"),
    sha256: text("sha256").notNull(),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("publication_versions_uq").on(t.publicationId, t.version), check("publication_versions_kind_ck", sql`${t.kind} in ('publish','correction')`)],
);

/**
 * 更正申请 (R-PUB-08): anyone may ask for a published decision to be corrected, with evidence;
 * the agency accepts (a new public version) or rejects with reasons before `due`. The applicant
 * follows it with a secret code (only its hash is stored); the contact stays private.
 */
export const publicationCorrections = pgTable(
  "publication_corrections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    publicationId: uuid("publication_id").notNull().references(() => publications.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** 错误内容 */
    problem: text("problem").notNull(),
    /** 更正请求 */
    requested: text("requested").notNull(),
    /** 证据说明 */
    evidence: text("evidence").notNull(),
    contactName: text("contact_name").notNull(),
    /** 联系方式 (phone or e-mail) */
    contact: text("contact").notNull(),
    codeHash: text("code_hash").notNull().unique(),
    /** pending | accepted | rejected */
    status: text("status").notNull().default("pending"),
    due: date("due", { mode: "string" }).notNull(),
    /** Rejection reason, or the agency's note on acceptance. */
    reason: text("reason"),
    /** The public version that answers an accepted request. */
    versionId: uuid("version_id").references(() => publicationVersions.id),
    handledBy: uuid("handled_by").references(() => users.id),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("publication_corrections_agency_idx").on(t.agencyId, t.status, t.createdAt),
    index("publication_corrections_publication_idx").on(t.publicationId),
    check("publication_corrections_status_ck", sql`${t.status} in ('pending','accepted','rejected')`),
  ],
);
