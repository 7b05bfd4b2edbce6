/**
 * Ledger entries (R-REC-02): what is committed to the log and how a case's entries chain.
 * A leaf of the public log is only the commitment SHA-256(salt || canonical entry), so the
 * public log reveals nothing about cases; the entry and its salt stay private.
 */
import { concatBytes, fromHex, utf8Encode } from "./bytes.ts";
import { canonicalize, type JsonValue } from "./jcs.ts";
import { equalBytes, type HashFn } from "./merkle.ts";

export const SALT_BYTES = 32;

export interface LedgerEntryBody {
  /** Format version. */
  v: 1;
  /** What happened, e.g. "case.opened", "record.added", "file.stored", "record.read". */
  kind: string;
  /** Server time of the append (ISO 8601, UTC). */
  at: string;
  /** "user:<uuid>" or "system:<name>". */
  actor: string;
  /** The chain this entry belongs to, e.g. "case:<uuid>"; absent for deployment-level entries. */
  chain?: string;
  /** 1-based position in the chain. */
  seq?: number;
  /** Commitment (hex) of the chain's previous entry; absent for seq 1. */
  prev?: string;
  /** Commitment (hex) of the entry this one corrects (R-REC-02: corrections are new entries). */
  corrects?: string;
  data: JsonValue;
}

export function canonicalEntry(body: LedgerEntryBody): string {
  return canonicalize(body);
}

/** The leaf data: SHA-256(salt || UTF-8 canonical JSON). */
export function entryCommitment(sha256: HashFn, salt: Uint8Array, canonical: string): Uint8Array {
  return sha256(concatBytes(salt, utf8Encode(canonical)));
}

export interface ChainedEntry {
  body: LedgerEntryBody;
  commitment: Uint8Array;
}

/**
 * Checks one chain's entries in order: seq 1, 2, 3… without gaps, each naming the commitment of
 * the one before. `after` continues a chain already checked up to that entry. Returns the first
 * problem in Chinese, or null.
 */
export function chainProblem(chain: string, entries: readonly ChainedEntry[], after?: { seq: number; commitment: Uint8Array }): string | null {
  for (let i = 0; i < entries.length; i++) {
    const { body } = entries[i]!;
    const expected = (after?.seq ?? 0) + i + 1;
    if (body.chain !== chain) return `第 ${expected} 条记录不属于链 ${chain}`;
    if (body.seq !== expected) return `链 ${chain} 第 ${expected} 条记录的序号为 ${String(body.seq)}：记录有缺失或顺序被改动`;
    const prevCommitment = i === 0 ? after?.commitment : entries[i - 1]!.commitment;
    if (!prevCommitment) {
      if (body.prev !== undefined) return `链 ${chain} 第 1 条记录不应指向前一条`;
    } else {
      const prev = body.prev === undefined ? null : fromHex(body.prev);
      if (!prev || !equalBytes(prev, prevCommitment)) return `链 ${chain} 第 ${expected} 条记录指向的前一条与实际不符：记录有缺失或被改动`;
    }
  }
  return null;
}
