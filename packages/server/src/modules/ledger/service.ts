/**
 * The ledger (R-REC-02, R-REC-10): one append-only Merkle log per deployment. Modules append
 * entries inside their own transaction (`ledger.append(tx, …)`), so a change and its entry
 * commit together. A sequencer in every server process integrates committed entries in
 * batches under a PostgreSQL advisory lock, so any number of processes keep one linear log,
 * and signs a checkpoint for each new size only after checking that the stored tree still
 * matches the last signed one.
 */
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import {
  canonicalEntry, completeSubtrees, emptyRoot, entryCommitment, equalBytes, formatCheckpoint, leafHash, openNote, parseCheckpoint, rootOf, signNote, subtreeSource, toHex,
  SALT_BYTES, TILE_HEIGHT, TILE_WIDTH, foldSubtrees, subtreeFromStored, type JsonValue, type LedgerEntryBody,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { onCommit } from "../../db/change-feed.ts";
import { sha256, type LedgerSigning } from "./keys.ts";
import { BAND_WIDTH, bytes, LedgerCorrupt, rows, storedHashes, STRIDE, TreeReader, type Queryable } from "./store.ts";

/** Advisory lock key of the sequencer ("zhifa-ledger"). */
const SEQUENCER_LOCK = 0x7a6c6467;
/**
 * Pause before integrating again while entries keep coming: fewer, larger batches (one signed
 * checkpoint each) for a little latency.
 */
const DEFAULT_BATCH_DELAY_MS = 100;
/** Group commits of `record()` in flight at once per process. */
const MAX_FLUSHES = 2;

interface ChainHead {
  seq: number;
  commitment: Uint8Array;
}

/** The entry's body, salt and commitment, following the chain's head. */
function prepareEntry(input: AppendInput, last: ChainHead | undefined): { body: LedgerEntryBody; canonical: string; salt: Buffer; commitment: Uint8Array; seq: number | null } {
  const seq = input.chain ? (last ? Number(last.seq) + 1 : 1) : null;
  const body: LedgerEntryBody = {
    v: 1,
    kind: input.kind,
    at: new Date().toISOString(),
    actor: input.actor,
    ...(input.chain ? { chain: input.chain, seq: seq! } : {}),
    ...(last ? { prev: toHex(last.commitment) } : {}),
    ...(input.corrects ? { corrects: input.corrects } : {}),
    data: input.data,
  };
  const canonical = canonicalEntry(body);
  const salt = crypto.randomBytes(SALT_BYTES);
  return { body, canonical, salt, commitment: entryCommitment(sha256, salt, canonical), seq };
}

/** A PostgreSQL array literal (one text parameter): strings quoted, null as NULL. */
function pgArray(values: readonly (string | number | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}

export interface AppendInput {
  kind: string;
  actor: string;
  chain?: string;
  /** Commitment (hex) of the entry this one corrects. */
  corrects?: string;
  data: JsonValue;
}

export interface Appended {
  id: number;
  commitment: Uint8Array;
  seq: number | null;
  body: LedgerEntryBody;
}

export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  note: string;
  createdAt: Date;
}

export interface LedgerOptions {
  signing: LedgerSigning;
  /** Most entries per integration (one transaction, one checkpoint). */
  batchSize?: number;
  /** Pause between integrations while entries keep coming (batching), ms. */
  batchDelayMs?: number;
  /** Poll for entries left by other (or crashed) processes, ms. */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

export class Ledger {
  readonly reader = new TreeReader();
  readonly events = new EventEmitter();
  private dirty = false;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private stopCommit: (() => void) | null = null;
  private stopped = true;
  /** The last checkpoint this process verified (skip re-verifying its signature). */
  private trusted: { size: number; note: string } | null = null;

  constructor(
    readonly db: Db,
    readonly options: LedgerOptions,
  ) {
    this.events.setMaxListeners(0);
  }

  get origin(): string {
    return this.options.signing.origin;
  }

  /**
   * Appends an entry in the caller's transaction. A chained entry (a case's) takes the chain's
   * lock, so its sequence number and link to the previous entry are exact, and must be given a
   * transaction; an unchained entry may also be appended on its own (one statement).
   */
  async append(tx: Tx | Db, input: AppendInput): Promise<Appended> {
    let last: ChainHead | undefined;
    if (input.chain) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"zhifa-chain:" + input.chain}, 0))`);
      [last] = await rows<ChainHead>(tx, sql`select seq, commitment from ledger_entries where chain = ${input.chain} order by seq desc limit 1`);
    }
    const entry = prepareEntry(input, last);
    const [row] = await rows<{ id: number | string }>(
      tx,
      sql`insert into ledger_entries (chain, seq, kind, salt, body, commitment)
          values (${input.chain ?? null}, ${entry.seq}, ${input.kind}, ${entry.salt}, ${entry.canonical}, ${bytes(entry.commitment)}) returning id`,
    );
    this.dirty = true;
    return { id: Number(row!.id), commitment: entry.commitment, seq: entry.seq, body: entry.body };
  }

  /**
   * Records an entry on its own (not part of a caller's change), e.g. a logged read (R-REC-08).
   * Concurrent records are written together, one transaction for many (group commit); the
   * promise resolves once the entry is committed.
   */
  record(input: AppendInput): Promise<Appended> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.flushing < MAX_FLUSHES) void this.flush();
    });
  }

  private readonly queue: { input: AppendInput; resolve: (a: Appended) => void; reject: (e: unknown) => void }[] = [];
  private flushing = 0;

  private async flush(): Promise<void> {
    this.flushing++;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, 1000);
        try {
          const chains = [...new Set(batch.map((b) => b.input.chain).filter((c): c is string => !!c))].sort();
          // unchained records need no lock: one statement, no transaction round trips
          const run = <T>(fn: (q: Tx | Db) => Promise<T>): Promise<T> => (chains.length ? this.db.transaction(fn) : fn(this.db));
          const done = await run(async (tx) => {
            const heads = new Map<string, ChainHead>();
            for (const chain of chains) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"zhifa-chain:" + chain}, 0))`);
            if (chains.length) {
              const found = await rows<ChainHead & { chain: string }>(
                tx,
                sql`select distinct on (chain) chain, seq, commitment from ledger_entries where chain = any(${pgArray(chains)}::text[]) order by chain, seq desc`,
              );
              for (const f of found) heads.set(f.chain, f);
            }
            const entries = batch.map((b) => {
              const e = prepareEntry(b.input, b.input.chain ? heads.get(b.input.chain) : undefined);
              if (b.input.chain) heads.set(b.input.chain, { seq: e.seq!, commitment: e.commitment });
              return e;
            });
            const ids = await rows<{ id: number | string; c: string }>(
              tx,
              sql`insert into ledger_entries (chain, seq, kind, salt, body, commitment)
                  select u.chain, u.seq, u.kind, decode(u.salt, 'hex'), u.body, decode(u.c, 'hex')
                    from unnest(${pgArray(batch.map((b) => b.input.chain ?? null))}::text[], ${pgArray(entries.map((e) => e.seq))}::int[],
                                ${pgArray(batch.map((b) => b.input.kind))}::text[], ${pgArray(entries.map((e) => toHex(e.salt)))}::text[],
                                ${pgArray(entries.map((e) => e.canonical))}::text[], ${pgArray(entries.map((e) => toHex(e.commitment)))}::text[])
                         with ordinality as u(chain, seq, kind, salt, body, c, n)
                   order by u.n
                  returning id, encode(commitment, 'hex') as c`,
            );
            const idOf = new Map(ids.map((r) => [r.c, Number(r.id)]));
            return entries.map((e) => ({ id: idOf.get(toHex(e.commitment))!, commitment: e.commitment, seq: e.seq, body: e.body }));
          });
          this.dirty = true;
          this.kick();
          done.forEach((a, i) => batch[i]!.resolve(a));
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      }
    } finally {
      this.flushing--;
    }
  }

  /** Starts the sequencer of this process. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopCommit = onCommit(this.db, () => {
      if (this.dirty) this.kick();
    });
    this.poller = setInterval(() => this.kick(), this.options.pollMs ?? 1000);
    this.poller.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopCommit?.();
    if (this.poller) clearInterval(this.poller);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    // a graceful stop integrates what this process appended last (a crash leaves it queued
    // for the next sequencer, which is also fine)
    if (this.dirty) {
      this.dirty = false;
      await this.integrate().catch((e: unknown) => this.options.onError?.(e));
    }
  }

  /** Asks the sequencer to integrate soon (entries were committed). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce().finally(() => {
        this.running = null;
        if (this.again && !this.stopped && !this.timer) {
          this.again = false;
          this.schedule(this.options.batchDelayMs ?? DEFAULT_BATCH_DELAY_MS);
        }
      });
    }, delayMs);
  }

  private async runOnce(): Promise<void> {
    try {
      this.dirty = false;
      for (;;) {
        const r = await this.integrate();
        if (r.busy) {
          // another process holds the sequencer: try again shortly
          this.again = true;
          return;
        }
        if (r.integrated < (this.options.batchSize ?? 5000)) return;
      }
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  /**
   * One integration: takes up to `batchSize` committed entries in (xid, id) order, appends
   * their leaves, stores newly completed tile hashes, and signs the new checkpoint, all in one
   * transaction under the sequencer lock. Refuses (and signs nothing) if the stored tree does
   * not reproduce the last signed checkpoint.
   */
  async integrate(): Promise<{ integrated: number; size: number; busy?: boolean }> {
    const batchSize = this.options.batchSize ?? 5000;
    const result = await this.db.transaction(async (tx) => {
      const [lock] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as ok`);
      if (!lock?.ok) return { integrated: 0, size: -1, busy: true, ids: [] as number[] };
      const [leafCount] = await rows<{ n: number | string }>(tx, sql`select coalesce(max(idx) + 1, 0) as n from ledger_leaves`);
      const size = Number(leafCount!.n);
      const last = await this.latestCheckpoint(tx);
      if ((last?.size ?? 0) !== size) throw new LedgerCorrupt(`账本叶子数 ${size} 与最新检查点的大小 ${last?.size ?? 0} 不一致`);
      // Entries after the last integrated one in (xid, id) order, written by transactions older
      // than the oldest one still running: nothing can commit into that range any more, so an
      // entry whose transaction commits late is taken later, never skipped (decision 004).
      const [mark] = await rows<{ xid: string; id: number | string }>(tx, sql`select e.xid::text as xid, e.id from ledger_leaves l join ledger_entries e on e.id = l.entry_id order by l.idx desc limit 1`);
      const taken = await rows<{ entry_id: number | string; commitment: Uint8Array }>(
        tx,
        mark
          ? sql`select e.id as entry_id, e.commitment from ledger_entries e
                 where (e.xid, e.id) > (${mark.xid}::xid8, ${Number(mark.id)}) and e.xid < pg_snapshot_xmin(pg_current_snapshot())
                 order by e.xid, e.id limit ${batchSize}`
          : sql`select e.id as entry_id, e.commitment from ledger_entries e
                 where e.xid < pg_snapshot_xmin(pg_current_snapshot())
                 order by e.xid, e.id limit ${batchSize}`,
      );
      if (taken.length === 0) {
        if (last) return { integrated: 0, size, ids: [] };
        // a new log: sign the empty tree, so the checkpoint endpoint always has an answer
        const note = signNote(formatCheckpoint({ origin: this.origin, size: 0, root: emptyRoot(sha256), extensions: [] }), this.options.signing.signers);
        await tx.execute(sql`insert into ledger_checkpoints (size, root, note) values (0, ${bytes(emptyRoot(sha256))}, ${note})`);
        return { integrated: 0, size: 0, ids: [], note };
      }
      const leaves = taken.map((t) => leafHash(sha256, t.commitment));
      const newSize = size + leaves.length;

      // The right edge of the tree: the partial group of each band, as stored.
      const edges = await this.loadEdges(tx, size, newSize);
      if (last) {
        // The stored edge must reproduce the signed root before anything is added to it.
        if (!equalBytes(edgeRoot(edges, size), last.root)) throw new LedgerCorrupt(`存储的账本树不再得出大小 ${size} 的已签检查点根哈希，拒绝签发新的检查点`);
        await this.checkTrusted(last);
      }
      const nodes: { level: number; idx: number; hash: Uint8Array }[] = [];
      const push = (t: number, hash: Uint8Array): void => {
        const edge = edges[t]!;
        edge.hashes.push(hash);
        if (edge.hashes.length === BAND_WIDTH) {
          const full = rootOf(sha256, edge.hashes);
          const idx = edge.base / BAND_WIDTH;
          nodes.push({ level: (t + 1) * STRIDE, idx, hash: full });
          edge.base += BAND_WIDTH;
          edge.hashes = [];
          push(t + 1, full);
        }
      };
      for (const l of leaves) push(0, l);
      const root = edgeRoot(edges, newSize);

      const idxs = taken.map((_, i) => size + i);
      await tx.execute(sql`insert into ledger_leaves (idx, entry_id, hash)
        select u.idx, u.entry_id, decode(u.h, 'hex')
          from unnest(${`{${idxs.join(",")}}`}::bigint[], ${`{${taken.map((t) => Number(t.entry_id)).join(",")}}`}::bigint[],
                      ${`{${leaves.map((l) => toHex(l)).join(",")}}`}::text[]) as u(idx, entry_id, h)`);
      if (nodes.length) {
        await tx.execute(sql`insert into ledger_nodes (level, idx, hash)
          select u.level, u.idx, decode(u.h, 'hex') from unnest(${`{${nodes.map((n) => n.level).join(",")}}`}::smallint[], ${`{${nodes.map((n) => n.idx).join(",")}}`}::bigint[],
                               ${`{${nodes.map((n) => toHex(n.hash)).join(",")}}`}::text[]) as u(level, idx, h)`);
      }
      const note = signNote(formatCheckpoint({ origin: this.origin, size: newSize, root, extensions: [] }), this.options.signing.signers);
      await tx.execute(sql`insert into ledger_checkpoints (size, root, note) values (${newSize}, ${bytes(root)}, ${note})`);
      return { integrated: taken.length, size: newSize, ids: taken.map((t) => Number(t.entry_id)), note };
    });
    if ("note" in result && result.note) this.trusted = { size: result.size, note: result.note };
    if (result.integrated > 0) this.events.emit("integrated", { size: result.size, ids: result.ids });
    return { integrated: result.integrated, size: result.size, ...(result.busy ? { busy: true } : {}) };
  }

  /** The previous checkpoint must carry this log's own valid signatures (same keys everywhere). */
  private async checkTrusted(last: StoredCheckpoint): Promise<void> {
    if (this.trusted && this.trusted.size === last.size && this.trusted.note === last.note) return;
    try {
      openNote(last.note, this.options.signing.verifiers);
    } catch (e) {
      throw new LedgerCorrupt(`最新检查点（大小 ${last.size}）不能用本进程的公钥验证：${(e as Error).message}。各服务器进程须使用同一套账本密钥`);
    }
    const cp = parseCheckpoint(openNote(last.note, this.options.signing.verifiers).text);
    if (cp.size !== last.size || !equalBytes(cp.root, last.root) || cp.origin !== this.origin) throw new LedgerCorrupt(`检查点（大小 ${last.size}）的签名内容与存储不符`);
    this.trusted = { size: last.size, note: last.note };
  }

  /** The partial group at every band for growing from `size` to `newSize`. */
  private async loadEdges(q: Queryable, size: number, newSize: number): Promise<Edge[]> {
    const edges: Edge[] = [];
    const ranges: { tileLevel: number; from: number; to: number }[] = [];
    for (let t = 0; BAND_WIDTH ** t <= Math.max(newSize, 1); t++) {
      const count = Math.floor(size / BAND_WIDTH ** t); // hashes existing in this band
      const base = count - (count % BAND_WIDTH);
      edges.push({ base, hashes: [] });
      if (count > base) ranges.push({ tileLevel: t, from: base, to: count });
    }
    edges.push({ base: 0, hashes: [] }); // room for one more level
    const stored = await storedHashes(q, ranges);
    for (const r of ranges) {
      for (let i = r.from; i < r.to; i++) {
        const h = stored.get(r.tileLevel, i);
        if (!h) throw new LedgerCorrupt(`账本缺少树高 ${r.tileLevel * STRIDE} 的第 ${i} 个哈希`);
        edges[r.tileLevel]!.hashes.push(h);
      }
    }
    return edges;
  }

  async latestCheckpoint(q: Queryable = this.db): Promise<StoredCheckpoint | null> {
    const [row] = await rows<{ size: number | string; root: Uint8Array; note: string; created_at: Date | string }>(q, sql`select size, root, note, created_at from ledger_checkpoints order by size desc limit 1`);
    return row ? { size: Number(row.size), root: row.root, note: row.note, createdAt: new Date(row.created_at) } : null;
  }

  /** Signed checkpoints, largest first, of size below `before` (keyset paging); `limit` at most. */
  async checkpoints(before: number | null, limit: number): Promise<StoredCheckpoint[]> {
    const found = await rows<{ size: number | string; root: Uint8Array; note: string; created_at: Date | string }>(
      this.db,
      sql`select size, root, note, created_at from ledger_checkpoints ${before === null ? sql`` : sql`where size < ${before}`} order by size desc limit ${limit}`,
    );
    return found.map((row) => ({ size: Number(row.size), root: row.root, note: row.note, createdAt: new Date(row.created_at) }));
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | null> {
    const [row] = await rows<{ size: number | string; root: Uint8Array; note: string; created_at: Date | string }>(this.db, sql`select size, root, note, created_at from ledger_checkpoints where size = ${size}`);
    return row ? { size: Number(row.size), root: row.root, note: row.note, createdAt: new Date(row.created_at) } : null;
  }

  /** Leaf index of each integrated entry (absent while pending). */
  async leafIndexes(entryIds: readonly number[]): Promise<Map<number, number>> {
    if (entryIds.length === 0) return new Map();
    const found = await rows<{ entry_id: number | string; idx: number | string }>(this.db, sql`select entry_id, idx from ledger_leaves where entry_id = any(${`{${entryIds.join(",")}}`}::bigint[])`);
    return new Map(found.map((r) => [Number(r.entry_id), Number(r.idx)]));
  }

  /** Resolves when all these entries are integrated (or rejects after `timeoutMs`). */
  async waitIntegrated(entryIds: readonly number[], timeoutMs = 10_000): Promise<Map<number, number>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.leafIndexes(entryIds);
      if (found.size === entryIds.length) return found;
      if (Date.now() > deadline) throw new Error(`ledger entries not integrated within ${timeoutMs} ms`);
      this.kick();
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, 50);
        function done(): void {
          clearTimeout(t);
          resolve();
        }
        this.events.once("integrated", done);
      });
    }
  }

  /** Tile bytes (C2SP tlog-tiles) for a tree of at least the needed size, or null if absent. */
  async tile(level: number, index: number, width: number): Promise<Uint8Array | null> {
    const from = index * TILE_WIDTH;
    // tile level t holds the hashes at tree level 8t: band 8t / STRIDE
    const band = (level * TILE_HEIGHT) / STRIDE;
    const stored = await storedHashes(this.db, [{ tileLevel: band, from, to: from + width }]);
    if (stored.size !== width) return null;
    const out = Buffer.alloc(width * 32);
    for (let i = 0; i < width; i++) out.set(stored.get(band, from + i)!, i * 32);
    return out;
  }

  /** Entry bundle: the leaves' data (the 32-byte commitments), uint16 length-prefixed. */
  async entryBundle(index: number, width: number): Promise<Uint8Array | null> {
    const from = index * TILE_WIDTH;
    const found = await rows<{ idx: number | string; commitment: Uint8Array }>(
      this.db,
      sql`select l.idx, e.commitment from ledger_leaves l join ledger_entries e on e.id = l.entry_id where l.idx >= ${from} and l.idx < ${from + width} order by l.idx`,
    );
    if (found.length !== width) return null;
    const out = Buffer.alloc(width * 34);
    found.forEach((r, i) => {
      out.writeUInt16BE(32, i * 34);
      out.set(r.commitment, i * 34 + 2);
    });
    return out;
  }

  inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.reader.inclusionProof(this.db, index, size);
  }

  /** Inclusion proofs of many leaves against one size, read together. */
  inclusionProofs(indexes: readonly number[], size: number): Promise<Uint8Array[][]> {
    return this.reader.inclusionProofs(this.db, indexes, size);
  }

  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return this.reader.consistencyProof(this.db, size1, size2);
  }

  leafHash(index: number): Promise<Uint8Array> {
    return this.reader.subtrees(this.db, [{ level: 0, index }]).then((r) => r[0]!);
  }
}

interface Edge {
  /** Index (within this band) of the first hash of the partial group. */
  base: number;
  hashes: Uint8Array[];
}

/** Root of the tree of `size` from the partial tiles at each level. */
function edgeRoot(edges: readonly Edge[], size: number): Uint8Array {
  const hashes = completeSubtrees(0, size).map((s) => {
    const src = subtreeSource(s, STRIDE);
    const edge = edges[src.tileLevel]!;
    const part = edge.hashes.slice(src.from - edge.base, src.from - edge.base + src.count);
    if (part.length !== src.count) throw new LedgerCorrupt(`账本右边缘缺少哈希（树高 ${src.tileLevel * STRIDE}）`);
    return subtreeFromStored(sha256, part);
  });
  return foldSubtrees(sha256, hashes);
}
