/**
 * Reading the stored tree (R-REC-02): hashes by band from ledger_leaves (band 0) and
 * ledger_nodes (band k = level 4k: every fourth level, so any complete subtree is at most 8
 * stored hashes away, and the C2SP tiles' levels 8, 16, … are among them), hashes of complete
 * subtrees, and the proofs built from them. Complete subtrees never change once their leaves
 * are committed, so their hashes are cached.
 */
import { sql } from "drizzle-orm";
import { completeSubtrees, consistencyRanges, foldSubtrees, inclusionRanges, subtreeFromStored, subtreeSource, type Subtree } from "@zhifa/domain";
import { rows, type Db, type Tx } from "../../db/client.ts";
import { sha256 } from "./keys.ts";

export type Queryable = Db | Tx;

export { rows };

/** Stored levels are multiples of STRIDE; a band holds 2^STRIDE hashes per group. */
export const STRIDE = 4;
export const BAND_WIDTH = 2 ** STRIDE;

export const bytes = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The stored tree disagrees with itself (a gap, a missing hash): tampering or corruption. */
export class LedgerCorrupt extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerCorrupt";
  }
}

/** Hashes stored in band t (level STRIDE·t) for indices [from, to): leaf hashes at t = 0. */
export async function storedHashes(q: Queryable, ranges: readonly { tileLevel: number; from: number; to: number }[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (ranges.length === 0) return out;
  // One statement of one shape whatever the ranges: leaves by index, nodes by (level, index).
  const leaves: number[] = [];
  const levels: number[] = [];
  const nodes: number[] = [];
  for (const r of ranges) {
    for (let i = r.from; i < r.to; i++) {
      if (r.tileLevel === 0) leaves.push(i);
      else {
        levels.push(r.tileLevel * STRIDE);
        nodes.push(i);
      }
    }
  }
  const result = await rows<{ t: number; idx: number | string; hash: Uint8Array }>(
    q,
    sql`select 0 as t, idx, hash from ledger_leaves where idx = any(${`{${leaves.join(",")}}`}::bigint[])
        union all
        select n.level / ${STRIDE} as t, n.idx, n.hash from ledger_nodes n
          join unnest(${`{${levels.join(",")}}`}::smallint[], ${`{${nodes.join(",")}}`}::bigint[]) as w(level, idx) on n.level = w.level and n.idx = w.idx`,
  );
  for (const r of result) out.set(`${Number(r.t)}:${Number(r.idx)}`, r.hash);
  return out;
}

/** Hashes of complete subtrees, read from tiles (and cached once committed). */
export class TreeReader {
  private readonly cache = new Map<string, Uint8Array>();
  constructor(private readonly maxCached = 200_000) {}

  /** `q` inside a transaction that wrote leaves: pass cache=false (the writes may roll back). */
  async subtrees(q: Queryable, list: readonly Subtree[], cache = true): Promise<Uint8Array[]> {
    const key = (s: Subtree) => `${s.level}:${s.index}`;
    const missing = list.filter((s) => !this.cache.has(key(s)));
    const ranges = new Map<string, { tileLevel: number; from: number; to: number }>();
    for (const s of missing) {
      const src = subtreeSource(s, STRIDE);
      // one range per group: subtrees in the same group of a band share one read
      const k = `${src.tileLevel}:${Math.floor(src.from / BAND_WIDTH)}`;
      const r = ranges.get(k);
      if (!r) ranges.set(k, { tileLevel: src.tileLevel, from: src.from, to: src.from + src.count });
      else {
        r.from = Math.min(r.from, src.from);
        r.to = Math.max(r.to, src.from + src.count);
      }
    }
    const stored = await storedHashes(q, [...ranges.values()]);
    const computed = new Map<string, Uint8Array>();
    for (const s of missing) {
      const src = subtreeSource(s, STRIDE);
      const hashes: Uint8Array[] = [];
      for (let i = src.from; i < src.from + src.count; i++) {
        const h = stored.get(`${src.tileLevel}:${i}`);
        if (!h) throw new LedgerCorrupt(`账本缺少树高 ${src.tileLevel * STRIDE} 的第 ${i} 个哈希`);
        hashes.push(h);
      }
      const h = subtreeFromStored(sha256, hashes);
      computed.set(key(s), h);
      // cache the shared upper part of the tree: a random leaf's own small subtrees are rarely
      // asked for again, and holding them would only feed the garbage collector
      if (cache && s.level >= STRIDE) this.remember(key(s), h);
    }
    return list.map((s) => this.cache.get(key(s)) ?? computed.get(key(s))!);
  }

  private remember(k: string, h: Uint8Array): void {
    if (this.cache.size >= this.maxCached) {
      // drop the oldest quarter (Map keeps insertion order)
      let n = this.maxCached / 4;
      for (const old of this.cache.keys()) {
        this.cache.delete(old);
        if (--n <= 0) break;
      }
    }
    this.cache.set(k, h);
  }

  /** MTH of each leaf range (ranges of the RFC's recursion). */
  async rangeHashes(q: Queryable, ranges: readonly (readonly [number, number])[], cache = true): Promise<Uint8Array[]> {
    const decomposed = ranges.map(([a, b]) => completeSubtrees(a, b));
    const flat = await this.subtrees(q, decomposed.flat(), cache);
    let at = 0;
    return decomposed.map((subs) => {
      const part = flat.slice(at, at + subs.length);
      at += subs.length;
      return foldSubtrees(sha256, part);
    });
  }

  async root(q: Queryable, size: number, cache = true): Promise<Uint8Array> {
    return (await this.rangeHashes(q, [[0, size]], cache))[0]!;
  }

  inclusionProof(q: Queryable, index: number, size: number): Promise<Uint8Array[]> {
    return this.rangeHashes(q, inclusionRanges(index, size));
  }

  consistencyProof(q: Queryable, size1: number, size2: number): Promise<Uint8Array[]> {
    return this.rangeHashes(q, consistencyRanges(size1, size2));
  }
}
