/**
 * Reading the stored tree (R-REC-02): hashes at a tile level from ledger_leaves (level 0) and
 * ledger_nodes (levels 8, 16, …), hashes of complete subtrees, and the proofs built from them.
 * Complete subtrees never change once their leaves are committed, so their hashes are cached.
 */
import { sql, type SQL } from "drizzle-orm";
import { completeSubtrees, consistencyRanges, foldSubtrees, inclusionRanges, subtreeFromStored, subtreeSource, TILE_HEIGHT, type Subtree } from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { sha256 } from "./keys.ts";

export type Queryable = Db | Tx;

export async function rows<T>(q: Queryable, query: SQL): Promise<T[]> {
  return ((await q.execute(query)) as unknown as { rows: T[] }).rows;
}

export const bytes = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The stored tree disagrees with itself (a gap, a missing hash): tampering or corruption. */
export class LedgerCorrupt extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerCorrupt";
  }
}

/** Hashes stored at tile level t for indices [from, to): leaf hashes at t = 0. */
export async function storedHashes(q: Queryable, ranges: readonly { tileLevel: number; from: number; to: number }[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (ranges.length === 0) return out;
  const parts = ranges.map((r) =>
    r.tileLevel === 0
      ? sql`select 0 as t, idx, hash from ledger_leaves where idx >= ${r.from} and idx < ${r.to}`
      : sql`select ${r.tileLevel}::int as t, idx, hash from ledger_nodes where level = ${r.tileLevel * TILE_HEIGHT} and idx >= ${r.from} and idx < ${r.to}`,
  );
  const result = await rows<{ t: number | string; idx: number | string; hash: Uint8Array }>(q, sql.join(parts, sql` union all `));
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
      const src = subtreeSource(s);
      // one range per tile: subtrees in the same tile share one read
      const k = `${src.tileLevel}:${Math.floor(src.from / 256)}`;
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
      const src = subtreeSource(s);
      const hashes: Uint8Array[] = [];
      for (let i = src.from; i < src.from + src.count; i++) {
        const h = stored.get(`${src.tileLevel}:${i}`);
        if (!h) throw new LedgerCorrupt(`账本缺少第 ${src.tileLevel} 层第 ${i} 个哈希`);
        hashes.push(h);
      }
      const h = subtreeFromStored(sha256, hashes);
      computed.set(key(s), h);
      if (cache) this.remember(key(s), h);
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
