import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Background jobs (e.g. assembling a case file when a case is archived), kept in the database so
 * that any server process may run them and none is lost when a process stops: a job is enqueued
 * in the transaction that makes it necessary, and claimed with `for update skip locked`.
 * Operational state, not a record of the case: the facts a job produces go into the ledger.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** At most one pending or running job per key (e.g. one assembly per case at a time). */
    dedupeKey: text("dedupe_key"),
    /** pending | running | done | failed */
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    /** A running job whose lock expired (its process died) is taken up again. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    result: jsonb("result").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("jobs_ready_idx").on(t.state, t.runAfter),
    uniqueIndex("jobs_dedupe_uq").on(t.dedupeKey).where(sql`${t.state} in ('pending','running')`),
    check("jobs_state_ck", sql`${t.state} in ('pending','running','done','failed')`),
  ],
);
