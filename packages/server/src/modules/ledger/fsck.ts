/**
 * `ledger fsck` (R-REC-02): re-derives everything from the stored entries and leaves and names
 * the first thing that does not hold: an entry changed (commitment), a leaf changed, missing
 * or reordered, a tile hash changed, a checkpoint whose root the leaves no longer give or whose
 * signature fails, a case chain with a gap or a broken link, an entry neither in the tree nor
 * queued. Streams the log in pages, so memory stays flat.
 */
import { sql } from "drizzle-orm";
import {
  CanonicalError, canonicalize, chainProblem, CompactRange, emptyRoot, entryCommitment, equalBytes, leafHash, NoteError, openNote, parseCheckpoint,
  type LedgerEntryBody, type NoteVerifier,
} from "@zhifa/domain";
import { sha256 } from "./keys.ts";
import { rows, STRIDE, type Queryable } from "./store.ts";

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

  const [{ n: totalLeaves } = { n: 0 }] = await rows<{ n: number | string }>(db, sql`select coalesce(max(idx) + 1, 0) as n from ledger_leaves`);
  const total = Number(totalLeaves);

  // Checkpoints, in size order, a page at a time: each well-formed, signed by this log's keys,
  // about this log, and (when the stream of leaves reaches its size) with the leaves' root.
  type Cp = { size: number; root: Uint8Array; note: string };
  let cpPage: Cp[] = [];
  let cpAt = 0;
  let cpDone = false;
  let cpProblem: string | null = null;
  const peekCheckpoint = async (): Promise<Cp | undefined> => {
    if (cpAt < cpPage.length) return cpPage[cpAt];
    if (cpDone) return undefined;
    const after = cpPage.length ? cpPage[cpPage.length - 1]!.size : -1;
    cpPage = (await rows<{ size: number | string; root: Uint8Array; note: string }>(db, sql`select size, root, note from ledger_checkpoints where size > ${after} order by size limit ${PAGE}`)).map((c) => ({ size: Number(c.size), root: c.root, note: c.note }));
    cpAt = 0;
    if (cpPage.length < PAGE) cpDone = true;
    for (const c of cpPage) {
      try {
        const cp = parseCheckpoint(openNote(c.note, opts.verifiers).text);
        if (cp.origin !== opts.origin) cpProblem ??= `检查点（大小 ${c.size}）属于另一个账本：${cp.origin}`;
        else if (cp.size !== c.size || !equalBytes(cp.root, c.root)) cpProblem ??= `检查点（大小 ${c.size}）签名内容与存储的大小或根哈希不符`;
      } catch (e) {
        if (!(e instanceof NoteError)) throw e;
        cpProblem ??= `检查点（大小 ${c.size}）签名无效：${e.message}`;
      }
      if (cpProblem) break;
    }
    return cpPage[cpAt];
  };
  const [{ n: maxCheckpoint } = { n: null }] = await rows<{ n: number | string | null }>(db, sql`select max(size) as n from ledger_checkpoints`);
  if (maxCheckpoint !== null && Number(maxCheckpoint) > total) return fail(`最新检查点的大小为 ${maxCheckpoint}，账本只有 ${total} 个叶子：叶子被删除`);

  const tree = new CompactRange(sha256);
  for (let c = await peekCheckpoint(); c && c.size === 0; c = await peekCheckpoint()) {
    if (cpProblem) return fail(cpProblem);
    if (!equalBytes(c.root, emptyRoot(sha256))) return fail("大小为 0 的检查点的根哈希不是空树的根哈希");
    stats.checkpoints++;
    cpAt++;
  }
  for (let from = 0; ; from += PAGE) {
    const page = await rows<{ idx: number | string; hash: Uint8Array; entry_id: number | string; id: number | string | null; chain: string | null; seq: number | null; kind: string | null; salt: Uint8Array | null; body: string | null; commitment: Uint8Array | null }>(
      db,
      sql`select l.idx, l.hash, l.entry_id, e.id, e.chain, e.seq, e.kind, e.salt, e.body, e.commitment
            from ledger_leaves l left join ledger_entries e on e.id = l.entry_id
           where l.idx >= ${from} order by l.idx limit ${PAGE}`,
    );
    // complete subtrees at the stored levels (every STRIDE-th), checked against storage per page
    const completed: { level: number; index: number; hash: Uint8Array }[] = [];
    const onComplete = (s: { level: number; index: number }, hash: Uint8Array): void => {
      if (s.level > 0 && s.level % STRIDE === 0) completed.push({ ...s, hash });
    };
    for (const r of page) {
      const idx = Number(r.idx);
      if (idx !== tree.size) return fail(`叶子序号不连续：应为 ${tree.size}，实为 ${idx}（叶子被删除或移动）`);
      if (r.id === null || !r.salt || r.body === null || !r.commitment) return fail(`第 ${idx} 个叶子对应的条目（编号 ${r.entry_id}）不存在：条目被删除`);
      const entryProblem = checkEntry(r.body, r.salt, r.commitment, r.chain, r.seq, r.kind);
      if (entryProblem) return fail(`第 ${idx} 个叶子（条目 ${r.entry_id}）：${entryProblem}`);
      if (!equalBytes(leafHash(sha256, r.commitment), r.hash)) return fail(`第 ${idx} 个叶子的哈希与其条目的承诺值不符：叶子被改动或调换`);
      tree.append(r.hash, onComplete);
      for (let c = await peekCheckpoint(); c && c.size === tree.size; c = await peekCheckpoint()) {
        if (cpProblem) return fail(cpProblem);
        if (!equalBytes(tree.root(), c.root)) return fail(`由前 ${tree.size} 个叶子重算的根哈希与已签检查点不符：账本被改动`);
        stats.checkpoints++;
        cpAt++;
      }
    }
    const byLevel = new Map<number, typeof completed>();
    for (const c of completed) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c]);
    for (const [level, list] of byLevel) {
      const stored = await rows<{ idx: number | string; hash: Uint8Array }>(db, sql`select idx, hash from ledger_nodes where level = ${level} and idx >= ${list[0]!.index} and idx <= ${list[list.length - 1]!.index}`);
      const byIdx = new Map(stored.map((x) => [Number(x.idx), x.hash]));
      for (const c of list) {
        const h = byIdx.get(c.index);
        if (!h) return fail(`缺少树高 ${level} 的第 ${c.index} 个节点哈希`);
        if (!equalBytes(h, c.hash)) return fail(`树高 ${level} 的第 ${c.index} 个节点哈希与叶子重算的不符`);
      }
    }
    stats.leaves = tree.size;
    opts.onProgress?.(tree.size, total);
    if (page.length < PAGE) break;
  }
  const c = await peekCheckpoint();
  if (cpProblem) return fail(cpProblem);
  if (c) return fail(`检查点大小 ${c.size} 超出叶子数 ${tree.size}`);
  // no stored node hash beyond what the leaves give (they would be served as tiles)
  const counts = await rows<{ level: number; n: number | string }>(db, sql`select level, count(*) as n from ledger_nodes group by level order by level`);
  for (const { level, n } of counts) {
    const expected = Math.floor(tree.size / 2 ** level);
    if (Number(n) !== expected) return fail(`树高 ${level} 存有 ${n} 个节点哈希，叶子只给出 ${expected} 个`);
  }

  // Every entry up to the last integrated one, in the sequencer's (xid, id) order, is in the tree;
  // the ones after it are still to be integrated and must be intact too.
  const [mark] = await rows<{ xid: string; id: number | string }>(db, sql`select e.xid::text as xid, e.id from ledger_leaves l join ledger_entries e on e.id = l.entry_id order by l.idx desc limit 1`);
  if (mark) {
    const [lost] = await rows<{ id: number | string }>(
      db,
      sql`select e.id from ledger_entries e
           where (e.xid, e.id) <= (${mark.xid}::xid8, ${Number(mark.id)}) and not exists (select 1 from ledger_leaves l where l.entry_id = e.id)
           order by e.xid, e.id limit 1`,
    );
    if (lost) return fail(`条目 ${lost.id} 早于最后入账的条目写入，却不在账本树中：叶子被删除`);
  }
  const [{ n: entryCount } = { n: 0 }] = await rows<{ n: number | string }>(db, sql`select count(*) as n from ledger_entries`);
  stats.entries = Number(entryCount);
  for (let after: { xid: string; id: number } | null = mark ? { xid: mark.xid, id: Number(mark.id) } : null; ; ) {
    type PendingRow = { id: number | string; xid: string; chain: string | null; seq: number | null; kind: string; salt: Uint8Array; body: string; commitment: Uint8Array };
    const a: { xid: string; id: number } | null = after;
    const pending: PendingRow[] = await rows<PendingRow>(
      db,
      a
        ? sql`select id, xid::text as xid, chain, seq, kind, salt, body, commitment from ledger_entries where (xid, id) > (${a.xid}::xid8, ${a.id}) order by xid, id limit ${PAGE}`
        : sql`select id, xid::text as xid, chain, seq, kind, salt, body, commitment from ledger_entries order by xid, id limit ${PAGE}`,
    );
    for (const r of pending) {
      const entryProblem = checkEntry(r.body, r.salt, r.commitment, r.chain, r.seq, r.kind);
      if (entryProblem) return fail(`待入账条目 ${r.id}：${entryProblem}`);
      after = { xid: r.xid, id: Number(r.id) };
    }
    if (pending.length < PAGE) break;
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
