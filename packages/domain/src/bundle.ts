/**
 * The electronic case file (电子卷宗, R-REC-07): what an exported bundle holds and how anyone
 * checks it offline — the checkpoint's signatures against keys the verifier trusts, every
 * entry's commitment and inclusion proof, the case chain from its first entry without a gap,
 * and that every stored file the entries name is there (the caller hashes the files, which
 * may be large; this code compares). Pure: the server, the CLI and the browser share it.
 */
import { fromBase64, fromHex, toHex } from "./bytes.ts";
import { canonicalize } from "./jcs.ts";
import { chainProblem, entryCommitment, type LedgerEntryBody } from "./ledger-entry.ts";
import { leafHash, ProofError, verifyInclusion, verifyConsistency, type HashFn } from "./merkle.ts";
import { NoteError, openNote, parseCheckpoint, type Checkpoint, type NoteVerifier } from "./note.ts";

export const BUNDLE_FORMAT = "zhifa-case-file/1";

export interface BundleEntry {
  /** Path of this entry's file inside the bundle (for messages). */
  path: string;
  leafIndex: number;
  /** hex */
  salt: string;
  /** The canonical JSON entry, exactly as committed. */
  body: string;
  /** base64 hashes of the inclusion proof against the bundle's checkpoint. */
  proof: string[];
}

export interface BundleManifest {
  format: string;
  origin: string;
  chain: string;
  caseRef: string;
  agency: string;
  exportedAt: string;
  exportedBy: string;
  checkpoint: string;
  entries: { path: string; leafIndex: number }[];
  files: { path: string; sha256: string; size: number }[];
}

export interface Verdict {
  ok: boolean;
  /** The first thing that does not hold: Chinese and English. */
  problem: { zh: string; en: string; item: string } | null;
  checkpoint: Checkpoint | null;
  signedBy: string[];
  entries: number;
  files: number;
}

export class BundleProblem extends Error {
  constructor(
    readonly item: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${item}: ${zh} / ${en}`);
  }
}

/**
 * Verifies a bundle's manifest and entries; `fileHashes` maps each file path in the bundle to
 * the SHA-256 (hex) the caller computed from its bytes. Throws nothing: returns the verdict.
 */
export function verifyBundle(
  input: { manifest: BundleManifest; entries: BundleEntry[]; fileHashes: Map<string, string> },
  opts: { sha256: HashFn; verifiers: readonly NoteVerifier[]; later?: { note: string; proof: string[] } },
): Verdict {
  const stats = { checkpoint: null as Checkpoint | null, signedBy: [] as string[], entries: 0, files: 0 };
  try {
    const m = input.manifest;
    if (m.format !== BUNDLE_FORMAT) throw new BundleProblem("manifest.json", `不是本平台的电子卷宗（格式 ${String(m.format)}）`, `not a zhifa case file (format ${String(m.format)})`);
    let opened;
    try {
      opened = openNote(m.checkpoint, opts.verifiers);
    } catch (e) {
      if (e instanceof NoteError) throw new BundleProblem("checkpoint.txt", `检查点签名无效：${e.message}`, `checkpoint signature invalid (${e.code})`);
      throw e;
    }
    const cp = parseCheckpoint(opened.text);
    stats.checkpoint = cp;
    stats.signedBy = opened.verifiedBy.map((v) => v.algorithm);
    if (cp.origin !== m.origin) throw new BundleProblem("checkpoint.txt", `检查点属于另一个账本（${cp.origin}）`, `checkpoint is of another log (${cp.origin})`);

    // entries: commitment → leaf → inclusion in the signed tree
    const chained: { body: LedgerEntryBody; commitment: Uint8Array }[] = [];
    if (input.entries.length !== m.entries.length) throw new BundleProblem("manifest.json", `目录列出 ${m.entries.length} 条记录，卷宗里有 ${input.entries.length} 条`, `manifest lists ${m.entries.length} entries, bundle holds ${input.entries.length}`);
    for (const e of input.entries) {
      const salt = fromHex(e.salt);
      if (!salt) throw new BundleProblem(e.path, "盐值无效", "bad salt");
      let body: LedgerEntryBody;
      try {
        body = JSON.parse(e.body) as LedgerEntryBody;
      } catch {
        throw new BundleProblem(e.path, "记录内容不是有效的 JSON：被改动", "entry is not valid JSON: altered");
      }
      if (canonicalize(body) !== e.body) throw new BundleProblem(e.path, "记录内容不是规范化 JSON：被改动", "entry is not canonical JSON: altered");
      const commitment = entryCommitment(opts.sha256, salt, e.body);
      const proof = e.proof.map((p) => fromBase64(p));
      if (proof.some((p) => !p)) throw new BundleProblem(e.path, "包含证明中有无效的 Base64", "bad base64 in the inclusion proof");
      try {
        verifyInclusion(opts.sha256, e.leafIndex, cp.size, leafHash(opts.sha256, commitment), proof as Uint8Array[], cp.root);
      } catch (err) {
        if (err instanceof ProofError) throw new BundleProblem(e.path, `不在已签名的账本中（${err.message}）：记录被改动或伪造`, `not in the signed log (${err.code}): entry altered or forged`);
        throw err;
      }
      if (body.chain !== m.chain) throw new BundleProblem(e.path, `不属于本案（链 ${String(body.chain)}）`, `belongs to another chain (${String(body.chain)})`);
      chained.push({ body, commitment });
      stats.entries++;
    }
    chained.sort((a, b) => (a.body.seq ?? 0) - (b.body.seq ?? 0));
    const gap = chainProblem(m.chain, chained);
    if (gap) throw new BundleProblem("entries/", gap, "the case chain has a gap or a broken link: an entry was left out or altered");

    // files: every file an entry stored is present with its hash; no stray file
    const named = new Set<string>();
    for (const { body } of chained) {
      const sha = (body.data as { sha256?: unknown } | null)?.sha256;
      if (body.kind === "evidence.stored" && typeof sha === "string") named.add(sha);
    }
    const present = new Map(m.files.map((f) => [f.sha256, f]));
    for (const sha of named) {
      const f = present.get(sha);
      if (!f) throw new BundleProblem(`files/${sha}`, "记录中的证据文件不在卷宗里", "a stored evidence file named by an entry is missing");
      const actual = input.fileHashes.get(f.path);
      if (actual === undefined) throw new BundleProblem(f.path, "证据文件缺失", "evidence file missing");
      if (actual !== sha) throw new BundleProblem(f.path, "证据文件内容与记录的校验值不符：被改动", "evidence file does not match its recorded SHA-256: altered");
      stats.files++;
    }
    for (const f of m.files) if (!named.has(f.sha256)) throw new BundleProblem(f.path, "卷宗里有记录未提及的文件", "a file no entry names");

    // optionally: a later checkpoint (from the log, or kept by someone) extends this one
    if (opts.later) {
      let later: Checkpoint;
      try {
        later = parseCheckpoint(openNote(opts.later.note, opts.verifiers).text);
      } catch (e) {
        if (e instanceof NoteError) throw new BundleProblem("later checkpoint", `后来的检查点签名无效：${e.message}`, `later checkpoint signature invalid (${e.code})`);
        throw e;
      }
      const proof = opts.later.proof.map((p) => fromBase64(p));
      try {
        if (proof.some((p) => !p)) throw new ProofError("bad_hash", "证明中有无效的 Base64");
        if (later.size > cp.size || cp.size === 0) verifyConsistency(opts.sha256, cp.size, later.size, proof as Uint8Array[], cp.root, later.root);
        else if (later.size < cp.size) throw new ProofError("bad_size", "后来的检查点比卷宗的还小");
        else if (toHex(later.root) !== toHex(cp.root)) throw new ProofError("root_mismatch", "同样大小的两个检查点根哈希不同");
      } catch (err) {
        if (err instanceof ProofError) throw new BundleProblem("later checkpoint", `与卷宗的检查点不一致（${err.message}）：账本被改写`, `inconsistent with the bundle's checkpoint (${err.code}): the log was rewritten`);
        throw err;
      }
    }
    return { ok: true, problem: null, ...stats };
  } catch (e) {
    if (e instanceof BundleProblem) return { ok: false, problem: { zh: e.zh, en: e.en, item: e.item }, ...stats };
    throw e;
  }
}
