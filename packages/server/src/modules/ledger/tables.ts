import { sql } from "drizzle-orm";
import { bigint, bigserial, customType, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** PostgreSQL bytea as bytes (Buffer from node-postgres, Uint8Array from PGlite). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** PostgreSQL xid8: a 64-bit transaction id (never wraps), as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});

/**
 * 账本条目: every committed entry, private (R-REC-02). Append-only: triggers refuse UPDATE,
 * DELETE and TRUNCATE. `body` is the canonical JSON (RFC 8785) and the commitment is
 * SHA-256(salt || body); only the commitment is public (as a leaf of the log).
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** e.g. "case:<uuid>"; null for deployment-level entries. */
    chain: text("chain"),
    seq: integer("seq"),
    kind: text("kind").notNull(),
    salt: bytea("salt").notNull(),
    body: text("body").notNull(),
    commitment: bytea("commitment").notNull().unique(),
    /**
     * The writing transaction: the sequencer integrates entries in (xid, id) order up to the
     * oldest transaction still running, so an entry committed late is never skipped and no
     * queue table is needed (decision 004).
     */
    xid: xid8("xid").notNull().default(sql`pg_current_xact_id()`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ledger_entries_chain_seq_uq").on(t.chain, t.seq).where(sql`${t.chain} is not null`),
    index("ledger_entries_xid_idx").on(t.xid, t.id),
  ],
);

/** 叶子: the log's leaves in order; `hash` = SHA-256(0x00 || commitment). Append-only. */
export const ledgerLeaves = pgTable(
  "ledger_leaves",
  {
    idx: bigint("idx", { mode: "number" }).primaryKey(),
    entryId: bigint("entry_id", { mode: "number" }).notNull().unique().references(() => ledgerEntries.id),
    hash: bytea("hash").notNull(),
  },
);

/**
 * Hashes of complete subtrees of 256^t leaves (level 8t, t ≥ 1): the content of the tiles
 * above level 0 (C2SP tlog-tiles). Append-only.
 */
export const ledgerNodes = pgTable(
  "ledger_nodes",
  {
    level: smallint("level").notNull(),
    idx: bigint("idx", { mode: "number" }).notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/** 检查点: every signed checkpoint (C2SP tlog-checkpoint as a signed note). Append-only. */
export const ledgerCheckpoints = pgTable(
  "ledger_checkpoints",
  {
    size: bigint("size", { mode: "number" }).primaryKey(),
    root: bytea("root").notNull(),
    note: text("note").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_checkpoints_created_idx").on(t.createdAt)],
);
