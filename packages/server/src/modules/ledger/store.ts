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
/** Hashes read from the stored bands, by (band, index). */
export class StoredHashes {
  private readonly map = new Map<number, Uint8Array>();
  /** [band, index, hash] of each hash read */
  readonly entries: [number, number, Uint8Array][] = [];
  add(t: number, i: number, h: Uint8Array): void {
    this.map.set(t * 2 ** 42 + i, h);
    this.entries.push([t, i, h]);
  }
  get(t: number, i: number): Uint8Array | undefined {
    return this.map.get(t * 2 ** 42 + i);
  }
  get size(): number {
    return this.map.size;
  }
}

export async function storedHashes(q: Queryable, ranges: readonly { tileLevel: number; from: number; to: number }[]): Promise<StoredHashes> {
  const out = new StoredHashes();
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
  for (const r of result) out.add(Number(r.t), Number(r.idx), r.hash);
  return out;
}

/** Hashes of complete subtrees, read from tiles (and cached once committed). */
/**
 * Hashes of complete subtrees kept in one preallocated slab, by number: a proof's new entries
 * add no objects for the garbage collector to copy (the young-generation pauses it caused were the
 * slow 1 % of proofs). Slots are reused round the ring, oldest first.
 */
class SubtreeCache {
  private readonly slab: Uint8Array;
  private readonly slotKeys: Float64Array;
  private readonly slots = new Map<number, number>();
  private next = 0;

  constructor(readonly capacity: number) {
    this.slab = new Uint8Array(capacity * 32);
    this.slotKeys = new Float64Array(capacity).fill(-1);
  }

  /** level < 64; exact for any index below 2^47. */
  static key(s: Subtree): number {
    return s.index * 64 + s.level;
  }

  /** A copy (the slot may be reused later). */
  get(key: number): Uint8Array | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.slab.slice(slot * 32, slot * 32 + 32);
  }

  set(key: number, hash: Uint8Array): void {
    if (hash.length !== 32 || this.slots.has(key)) return;
    const slot = this.next;
    this.next = (this.next + 1) % this.capacity;
    const old = this.slotKeys[slot]!;
    if (old >= 0) this.slots.delete(old);
    this.slotKeys[slot] = key;
    this.slab.set(hash, slot * 32);
    this.slots.set(key, slot);
  }
}

export class TreeReader {
  private readonly cache: SubtreeCache;
  constructor(maxCached = 200_000) {
    this.cache = new SubtreeCache(maxCached);
  }

  /** `q` inside a transaction that wrote leaves: pass cache=false (the writes may roll back). */
  async subtrees(q: Queryable, list: readonly Subtree[], cache = true): Promise<Uint8Array[]> {
    const key = SubtreeCache.key;
    // what the cache holds is taken now: a concurrent read may reuse its slots meanwhile
    const found = new Map<number, Uint8Array>();
    const missing = list.filter((s) => {
      const h = this.cache.get(key(s));
      if (h) found.set(key(s), h);
      return !h;
    });
    // stored hashes above the leaves are cached too (a stored node at level 4k is the subtree of
    // that level): with them in memory a proof reads only its leaf's band from the database
    const band = (tileLevel: number, i: number): number => key({ level: tileLevel * STRIDE, index: i });
    const held = new Map<number, Uint8Array>();
    const ranges = new Map<string, { tileLevel: number; from: number; to: number }>();
    for (const s of missing) {
      const src = subtreeSource(s, STRIDE);
      if (src.tileLevel > 0) {
        let all = true;
        for (let i = src.from; i < src.from + src.count && all; i++) {
          const h = held.get(band(src.tileLevel, i)) ?? this.cache.get(band(src.tileLevel, i));
          if (h) held.set(band(src.tileLevel, i), h);
          else all = false;
        }
        if (all) continue;
      }
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
    if (cache) for (const [t, i, h] of stored.entries) if (t > 0) this.cache.set(band(t, i), h);
    const computed = new Map<number, Uint8Array>();
    for (const s of missing) {
      const src = subtreeSource(s, STRIDE);
      const hashes: Uint8Array[] = [];
      for (let i = src.from; i < src.from + src.count; i++) {
        const h = stored.get(src.tileLevel, i) ?? (src.tileLevel > 0 ? held.get(band(src.tileLevel, i)) : undefined);
        if (!h) throw new LedgerCorrupt(`账本缺少树高 ${src.tileLevel * STRIDE} 的第 ${i} 个哈希`);
        hashes.push(h);
      }
      const h = subtreeFromStored(sha256, hashes);
      computed.set(key(s), h);
      // cache the shared upper part of the tree: a random leaf's own small subtrees are rarely
      // asked for again, and holding them would only fill the cache
      if (cache && s.level >= STRIDE) this.cache.set(key(s), h);
    }
    return list.map((s) => found.get(key(s)) ?? computed.get(key(s))!);
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

  /**
   * Inclusion proofs of many leaves against one size (a case file's entries): the hashes of up to
   * 256 proofs read in one statement, not one statement per proof.
   */
  async inclusionProofs(q: Queryable, indexes: readonly number[], size: number): Promise<Uint8Array[][]> {
    const out: Uint8Array[][] = [];
    for (let at = 0; at < indexes.length; at += 256) {
      const part = indexes.slice(at, at + 256).map((i) => inclusionRanges(i, size));
      const hashes = await this.rangeHashes(q, part.flat());
      let k = 0;
      for (const ranges of part) {
        out.push(hashes.slice(k, k + ranges.length));
        k += ranges.length;
      }
    }
    return out;
  }

  consistencyProof(q: Queryable, size1: number, size2: number): Promise<Uint8Array[]> {
    return this.rangeHashes(q, consistencyRanges(size1, size2));
  }
}
