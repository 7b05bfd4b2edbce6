import { sql } from "drizzle-orm";
import { bigint, check, date, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Instalment } from "@zhifa/domain";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { cases } from "../cases/tables.ts";

/**
 * 执行 (行政处罚法 第六十六条、第六十七条、第七十二条; 行政强制法 第五十三条、第五十四条): payments,
 * requests to defer or pay in instalments (decided by the agency head), 催告 and applications to
 * the court for enforcement. Each row has its ledger entry in the case's chain.
 */
export const caseExecution = pgTable(
  "case_execution",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => cases.id),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    /** payment | deferral | instalments | demand | enforcement */
    kind: text("kind").notNull(),
    /** payment: the amount paid, in fen */
    amountFen: bigint("amount_fen", { mode: "number" }),
    /** payment: paid on; deferral: the new last day; demand: served on; enforcement: applied on */
    onDate: date("on_date", { mode: "string" }),
    /** payment: 缴款方式 and 票据号; enforcement: the court */
    method: text("method"),
    reference: text("reference"),
    plan: jsonb("plan").$type<Instalment[] | null>(),
    reason: text("reason").notNull().default(""),
    /** recorded | pending | approved | refused */
    status: text("status").notNull(),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "number" }).notNull(),
  },
  (t) => [
    index("case_execution_case_idx").on(t.caseId, t.createdAt),
    check("case_execution_kind_ck", sql`${t.kind} in ('payment','deferral','instalments','demand','enforcement')`),
    check("case_execution_status_ck", sql`${t.status} in ('recorded','pending','approved','refused')`),
  ],
);
