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
  canonicalEntry, completeSubtrees, entryCommitment, equalBytes, formatCheckpoint, leafHash, openNote, parseCheckpoint, rootOf, signNote, subtreeSource, toHex,
  SALT_BYTES, TILE_HEIGHT, TILE_WIDTH, foldSubtrees, subtreeFromStored, type JsonValue, type LedgerEntryBody,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { onCommit } from "../../db/change-feed.ts";
import { sha256, type LedgerSigning } from "./keys.ts";
import { bytes, LedgerCorrupt, rows, storedHashes, TreeReader, type Queryable } from "./store.ts";

/** Advisory lock key of the sequencer ("zhifa-ledger"). */
const SEQUENCER_LOCK = 0x7a6c6467;

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
   * lock, so its sequence number and link to the previous entry are exact.
   */
  async append(tx: Tx, input: AppendInput): Promise<Appended> {
    let seq: number | null = null;
    let prev: string | undefined;
    if (input.chain) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"zhifa-chain:" + input.chain}, 0))`);
      const [last] = await rows<{ seq: number; commitment: Uint8Array }>(tx, sql`select seq, commitment from ledger_entries where chain = ${input.chain} order by seq desc limit 1`);
      seq = last ? Number(last.seq) + 1 : 1;
      prev = last ? toHex(last.commitment) : undefined;
    }
    const body: LedgerEntryBody = {
      v: 1,
      kind: input.kind,
      at: new Date().toISOString(),
      actor: input.actor,
      ...(input.chain ? { chain: input.chain, seq: seq! } : {}),
      ...(prev ? { prev } : {}),
      ...(input.corrects ? { corrects: input.corrects } : {}),
      data: input.data,
    };
    const canonical = canonicalEntry(body);
    const salt = crypto.randomBytes(SALT_BYTES);
    const commitment = entryCommitment(sha256, salt, canonical);
    const [row] = await rows<{ id: number | string }>(
      tx,
      sql`with e as (
            insert into ledger_entries (chain, seq, kind, salt, body, commitment)
            values (${input.chain ?? null}, ${seq}, ${input.kind}, ${salt}, ${canonical}, ${bytes(commitment)})
            returning id, commitment)
          insert into ledger_pending (entry_id, commitment) select id, commitment from e returning entry_id as id`,
    );
    this.dirty = true;
    return { id: Number(row!.id), commitment, seq, body };
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
  }

  /** Asks the sequencer to integrate soon (entries were committed). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce().finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.timer = setTimeout(() => this.kick(), this.options.batchDelayMs ?? 5);
        }
      });
    }, 0);
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
   * One integration: takes up to `batchSize` pending entries in commit-queue order, appends
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
      const taken = await rows<{ entry_id: number | string; commitment: Uint8Array }>(
        tx,
        sql`delete from ledger_pending where entry_id in (select entry_id from ledger_pending order by entry_id limit ${batchSize}) returning entry_id, commitment`,
      );
      if (taken.length === 0) return { integrated: 0, size, ids: [] };
      taken.sort((a, b) => Number(a.entry_id) - Number(b.entry_id));
      const leaves = taken.map((t) => leafHash(sha256, t.commitment));
      const newSize = size + leaves.length;

      // The right edge of the tree: the partial tile at each level, as stored.
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
        if (edge.hashes.length === TILE_WIDTH) {
          const full = rootOf(sha256, edge.hashes);
          const idx = edge.base / TILE_WIDTH;
          nodes.push({ level: (t + 1) * TILE_HEIGHT, idx, hash: full });
          edge.base += TILE_WIDTH;
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

  /** Partial tiles at every level for growing from `size` to `newSize`. */
  private async loadEdges(q: Queryable, size: number, newSize: number): Promise<Edge[]> {
    const edges: Edge[] = [];
    const ranges: { tileLevel: number; from: number; to: number }[] = [];
    for (let t = 0; TILE_WIDTH ** t <= Math.max(newSize, 1); t++) {
      const count = Math.floor(size / TILE_WIDTH ** t); // hashes existing at this tile level
      const base = count - (count % TILE_WIDTH);
      edges.push({ base, hashes: [] });
      if (count > base) ranges.push({ tileLevel: t, from: base, to: count });
    }
    edges.push({ base: 0, hashes: [] }); // room for one more level
    const stored = await storedHashes(q, ranges);
    for (const r of ranges) {
      for (let i = r.from; i < r.to; i++) {
        const h = stored.get(`${r.tileLevel}:${i}`);
        if (!h) throw new LedgerCorrupt(`账本缺少第 ${r.tileLevel} 层第 ${i} 个哈希`);
        edges[r.tileLevel]!.hashes.push(h);
      }
    }
    return edges;
  }

  async latestCheckpoint(q: Queryable = this.db): Promise<StoredCheckpoint | null> {
    const [row] = await rows<{ size: number | string; root: Uint8Array; note: string; created_at: Date | string }>(q, sql`select size, root, note, created_at from ledger_checkpoints order by size desc limit 1`);
    return row ? { size: Number(row.size), root: row.root, note: row.note, createdAt: new Date(row.created_at) } : null;
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
    const stored = await storedHashes(this.db, [{ tileLevel: level, from, to: from + width }]);
    if (stored.size !== width) return null;
    const out = Buffer.alloc(width * 32);
    for (let i = 0; i < width; i++) out.set(stored.get(`${level}:${from + i}`)!, i * 32);
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

  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return this.reader.consistencyProof(this.db, size1, size2);
  }

  leafHash(index: number): Promise<Uint8Array> {
    return this.reader.subtrees(this.db, [{ level: 0, index }]).then((r) => r[0]!);
  }
}

interface Edge {
  /** Index (at this tile level) of the first hash of the partial tile. */
  base: number;
  hashes: Uint8Array[];
}

/** Root of the tree of `size` from the partial tiles at each level. */
function edgeRoot(edges: readonly Edge[], size: number): Uint8Array {
  const hashes = completeSubtrees(0, size).map((s) => {
    const src = subtreeSource(s);
    const edge = edges[src.tileLevel]!;
    const part = edge.hashes.slice(src.from - edge.base, src.from - edge.base + src.count);
    if (part.length !== src.count) throw new LedgerCorrupt(`账本右边缘缺少哈希（第 ${src.tileLevel} 层）`);
    return subtreeFromStored(sha256, part);
  });
  return foldSubtrees(sha256, hashes);
}
