import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The audit trail. Rows are written only by the `zhifa_audit` trigger attached to every
 * domain table (migration 0001), inside the transaction of the change itself; a write without
 * an audit context is refused by the database. Rows can never be updated or deleted.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** "user:<uuid>" or "system:<name>" */
    actor: text("actor").notNull(),
    actorName: text("actor_name").notNull().default(""),
    ip: text("ip").notNull().default(""),
    requestId: text("request_id").notNull().default(""),
    /** What the actor did, in domain words (e.g. "officer.create"). */
    action: text("action").notNull().default(""),
    tableName: text("table_name").notNull(),
    rowId: text("row_id"),
    op: text("op").notNull(),
    agencyId: uuid("agency_id"),
    oldRow: jsonb("old_row"),
    newRow: jsonb("new_row"),
    changed: text("changed").array(),
  },
  (t) => [index("audit_events_row_idx").on(t.tableName, t.rowId), index("audit_events_agency_idx").on(t.agencyId, t.at)],
);
