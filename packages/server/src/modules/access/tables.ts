import { sql } from "drizzle-orm";
import { boolean, check, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { cases } from "../cases/tables.ts";

/**
 * 查阅、复制申请 (R-REC-08, R-REC-09): a party or member of the public asks to read or copy a
 * case's records; the agency head approves (limited in time and scope) or refuses with reasons.
 * The requester holds a secret code (only its hash is stored) to follow the request and, once
 * approved, to read.
 */
export const accessRequests = pgTable(
  "access_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    requesterName: text("requester_name").notNull(),
    /** 身份证号 / 统一社会信用代码 (personal data: shown to the deciding agency only). */
    requesterIdNo: text("requester_id_no").notNull(),
    requesterPhone: text("requester_phone").notNull(),
    /** party | agent | interested | public */
    relation: text("relation").notNull(),
    purpose: text("purpose").notNull(),
    /** read | copy */
    scope: text("scope").notNull(),
    includeFiles: boolean("include_files").notNull().default(false),
    codeHash: text("code_hash").notNull().unique(),
    /** pending | approved | refused */
    status: text("status").notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    validTo: date("valid_to", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("access_requests_agency_idx").on(t.agencyId, t.status, t.createdAt),
    check("access_requests_status_ck", sql`${t.status} in ('pending','approved','refused')`),
    check("access_requests_scope_ck", sql`${t.scope} in ('read','copy')`),
    check("access_requests_relation_ck", sql`${t.relation} in ('party','agent','interested','public')`),
  ],
);
