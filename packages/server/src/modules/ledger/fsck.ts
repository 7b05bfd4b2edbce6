/**
 * `ledger fsck` (R-REC-02): re-derives everything from the stored entries and leaves and names
 * the first thing that does not hold: an entry changed (commitment), a leaf changed, missing
 * or reordered, a tile hash changed, a checkpoint whose root the leaves no longer give or whose
 * signature fails, a case chain with a gap or a broken link, an entry neither in the tree nor
 * queued. Streams the log in pages, so memory stays flat.
 */
import { sql } from "drizzle-orm";
import {
  CanonicalError, canonicalize, chainProblem, CompactRange, entryCommitment, equalBytes, leafHash, NoteError, openNote, parseCheckpoint, TILE_HEIGHT,
  type LedgerEntryBody, type NoteVerifier,
} from "@zhifa/domain";
import { sha256 } from "./keys.ts";
import { rows, type Queryable } from "./store.ts";

export interface FsckResult {
  ok: boolean;
  /** The first problem, in Chinese, or null. */
  problem: string | null;
  leaves: number;
  entries: number;
  checkpoints: number;
  chains: number;
}

const PAGE = 5000;

export async function fsckLedger(db: Queryable, opts: { verifiers: readonly NoteVerifier[]; origin: string; onProgress?: (done: number, total: number) => void }): Promise<FsckResult> {
  const stats = { leaves: 0, entries: 0, checkpoints: 0, chains: 0 };
  const fail = (problem: string): FsckResult => ({ ok: false, problem, ...stats });

  // Stored tile hashes (levels 8, 16, …): N/256 rows, held to compare as the stream completes them.
  const nodeRows = await rows<{ level: number; idx: number | string; hash: Uint8Array }>(db, sql`select level, idx, hash from ledger_nodes`);
  const nodes = new Map(nodeRows.map((n) => [`${n.level}:${Number(n.idx)}`, n.hash]));
  const checkpoints = (await rows<{ size: number | string; root: Uint8Array; note: string }>(db, sql`select size, root, note from ledger_checkpoints order by size`)).map((c) => ({ size: Number(c.size), root: c.root, note: c.note }));
  const [{ n: totalLeaves } = { n: 0 }] = await rows<{ n: number | string }>(db, sql`select coalesce(max(idx) + 1, 0) as n from ledger_leaves`);
  const total = Number(totalLeaves);

  // Each checkpoint: well-formed, signed by this log's keys, about this log.
  for (const c of checkpoints) {
    try {
      const cp = parseCheckpoint(openNote(c.note, opts.verifiers).text);
      if (cp.origin !== opts.origin) return fail(`检查点（大小 ${c.size}）属于另一个账本：${cp.origin}`);
      if (cp.size !== c.size || !equalBytes(cp.root, c.root)) return fail(`检查点（大小 ${c.size}）签名内容与存储的大小或根哈希不符`);
    } catch (e) {
      if (e instanceof NoteError) return fail(`检查点（大小 ${c.size}）签名无效：${e.message}`);
      throw e;
    }
    stats.checkpoints++;
  }
  const lastCheckpoint = checkpoints[checkpoints.length - 1];
  if (lastCheckpoint && lastCheckpoint.size > total) return fail(`最新检查点的大小为 ${lastCheckpoint.size}，账本只有 ${total} 个叶子：叶子被删除`);

  const tree = new CompactRange(sha256);
  let nextCheckpoint = 0;
  while (checkpoints[nextCheckpoint]?.size === 0) nextCheckpoint++;
  let problem: string | null = null;
  const onComplete = (s: { level: number; index: number }, hash: Uint8Array): void => {
    if (problem || s.level === 0 || s.level % TILE_HEIGHT !== 0) return;
    const stored = nodes.get(`${s.level}:${s.index}`);
    if (!stored) problem = `缺少第 ${s.level / TILE_HEIGHT} 层瓦片的第 ${s.index} 个哈希`;
    else if (!equalBytes(stored, hash)) problem = `第 ${s.level / TILE_HEIGHT} 层瓦片的第 ${s.index} 个哈希与叶子重算的不符`;
  };
  for (let from = 0; ; from += PAGE) {
    const page = await rows<{ idx: number | string; hash: Uint8Array; entry_id: number | string; id: number | string | null; chain: string | null; seq: number | null; kind: string | null; salt: Uint8Array | null; body: string | null; commitment: Uint8Array | null }>(
      db,
      sql`select l.idx, l.hash, l.entry_id, e.id, e.chain, e.seq, e.kind, e.salt, e.body, e.commitment
            from ledger_leaves l left join ledger_entries e on e.id = l.entry_id
           where l.idx >= ${from} order by l.idx limit ${PAGE}`,
    );
    for (const r of page) {
      const idx = Number(r.idx);
      if (idx !== tree.size) return fail(`叶子序号不连续：应为 ${tree.size}，实为 ${idx}（叶子被删除或移动）`);
      if (r.id === null || !r.salt || r.body === null || !r.commitment) return fail(`第 ${idx} 个叶子对应的条目（编号 ${r.entry_id}）不存在：条目被删除`);
      const entryProblem = checkEntry(r.body, r.salt, r.commitment, r.chain, r.seq, r.kind);
      if (entryProblem) return fail(`第 ${idx} 个叶子（条目 ${r.entry_id}）：${entryProblem}`);
      if (!equalBytes(leafHash(sha256, r.commitment), r.hash)) return fail(`第 ${idx} 个叶子的哈希与其条目的承诺值不符：叶子被改动或调换`);
      tree.append(r.hash, onComplete);
      if (problem) return fail(problem);
      while (checkpoints[nextCheckpoint] && checkpoints[nextCheckpoint]!.size === tree.size) {
        if (!equalBytes(tree.root(), checkpoints[nextCheckpoint]!.root)) return fail(`由前 ${tree.size} 个叶子重算的根哈希与已签检查点不符：账本被改动`);
        nextCheckpoint++;
      }
    }
    stats.leaves = tree.size;
    opts.onProgress?.(tree.size, total);
    if (page.length < PAGE) break;
  }
  if (nextCheckpoint < checkpoints.length) return fail(`检查点大小 ${checkpoints[nextCheckpoint]!.size} 超出叶子数 ${tree.size}`);

  // Every entry is either in the tree or still queued, with the same commitment.
  const [lost] = await rows<{ id: number | string }>(
    db,
    sql`select e.id from ledger_entries e
         where not exists (select 1 from ledger_leaves l where l.entry_id = e.id)
           and not exists (select 1 from ledger_pending p where p.entry_id = e.id and p.commitment = e.commitment)
         order by e.id limit 1`,
  );
  if (lost) return fail(`条目 ${lost.id} 既不在账本树中也不在待入账队列中`);
  const [{ n: entryCount } = { n: 0 }] = await rows<{ n: number | string }>(db, sql`select count(*) as n from ledger_entries`);
  stats.entries = Number(entryCount);
  const pending = await rows<{ id: number | string; chain: string | null; seq: number | null; kind: string; salt: Uint8Array; body: string; commitment: Uint8Array }>(
    db,
    sql`select e.id, e.chain, e.seq, e.kind, e.salt, e.body, e.commitment from ledger_pending p join ledger_entries e on e.id = p.entry_id order by e.id`,
  );
  for (const r of pending) {
    const entryProblem = checkEntry(r.body, r.salt, r.commitment, r.chain, r.seq, r.kind);
    if (entryProblem) return fail(`待入账条目 ${r.id}：${entryProblem}`);
  }

  // Each chain: 1, 2, 3… each linked to the one before (keyset pages over (chain, seq)).
  let after: { chain: string; seq: number } | null = null;
  let last: { chain: string; seq: number; commitment: Uint8Array } | null = null;
  for (;;) {
    const a: { chain: string; seq: number } | null = after;
    type ChainRow = { chain: string; seq: number; body: string; commitment: Uint8Array };
    const page: ChainRow[] = await rows<ChainRow>(
      db,
      a
        ? sql`select chain, seq, body, commitment from ledger_entries where chain is not null and (chain, seq) > (${a.chain}, ${a.seq}) order by chain, seq limit ${PAGE}`
        : sql`select chain, seq, body, commitment from ledger_entries where chain is not null order by chain, seq limit ${PAGE}`,
    );
    for (const r of page) {
      const body = JSON.parse(r.body) as LedgerEntryBody;
      const previous = last && last.chain === r.chain ? last : null;
      if (!previous) stats.chains++;
      const problem = chainProblem(r.chain, [{ body, commitment: r.commitment }], previous ? { seq: previous.seq, commitment: previous.commitment } : undefined);
      if (problem) return fail(problem);
      last = { chain: r.chain, seq: Number(r.seq), commitment: r.commitment };
      after = { chain: r.chain, seq: Number(r.seq) };
    }
    if (page.length < PAGE) break;
  }
  return { ok: true, problem: null, ...stats };
}

/** One entry: canonical, its commitment recomputes, and its columns agree with its body. */
function checkEntry(body: string, salt: Uint8Array, commitment: Uint8Array, chain: string | null, seq: number | null, kind: string | null): string | null {
  let parsed: LedgerEntryBody;
  try {
    parsed = JSON.parse(body) as LedgerEntryBody;
    if (canonicalize(parsed) !== body) return "条目内容不是规范化 JSON：被改动";
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof CanonicalError) return "条目内容不是有效的 JSON：被改动";
    throw e;
  }
  if (!equalBytes(entryCommitment(sha256, salt, body), commitment)) return "条目内容或盐值与承诺值不符：被改动";
  if (parsed.v !== 1 || parsed.kind !== kind || (parsed.chain ?? null) !== chain || (parsed.seq ?? null) !== (seq === null ? null : Number(seq))) return "条目的类型、链或序号与存储列不符";
  return null;
}
