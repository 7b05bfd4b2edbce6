/**
 * Ledger entries as published next to what they certify (a decision's versions, a statistics
 * report): the canonical body, its salt, the commitment and the leaf, so anyone can recompute the
 * commitment and ask the log for an inclusion proof (R-REC-02, R-PUB-03, R-PUB-10).
 */
import { eq, inArray, type SQL } from "drizzle-orm";
import { toHex } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import { ledgerEntries, ledgerLeaves } from "./tables.ts";

export type PublicEntry = { kind: string; body: string; salt: string; commitment: string; leafIndex: number | null };

/** What anyone needs to check a published content against the ledger: the entry, its salt and leaf. */
export async function ledgerProofs(db: Db, entryIds: number[]): Promise<Map<number, PublicEntry>> {
  if (!entryIds.length) return new Map();
  return entryProofsWhere(db, inArray(ledgerEntries.id, entryIds));
}

export async function entryProofsWhere(db: Db, where: SQL): Promise<Map<number, PublicEntry>> {
  const rows = await db
    .select({ id: ledgerEntries.id, kind: ledgerEntries.kind, body: ledgerEntries.body, salt: ledgerEntries.salt, commitment: ledgerEntries.commitment, leafIndex: ledgerLeaves.idx })
    .from(ledgerEntries)
    .leftJoin(ledgerLeaves, eq(ledgerLeaves.entryId, ledgerEntries.id))
    .where(where);
  return new Map(rows.map((r) => [r.id, { kind: r.kind, body: r.body, salt: toHex(r.salt), commitment: toHex(r.commitment), leafIndex: r.leafIndex === null ? null : Number(r.leafIndex) }]));
}

/** The SHA-256 a published entry's data names (the hash of the content it certifies), or null. */
export function entrySha256(body: string | undefined): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { data?: { sha256?: unknown } };
    return typeof parsed.data?.sha256 === "string" ? parsed.data.sha256 : null;
  } catch {
    return null;
  }
}
