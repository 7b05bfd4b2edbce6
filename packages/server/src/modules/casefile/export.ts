/**
 * Export of a case's electronic file (电子卷宗, R-REC-07) as one ZIP: the manifest, every entry
 * of the case's chain with its salt and its inclusion proof against one signed checkpoint, the
 * checkpoint, the log's public keys, every evidence file, and a Chinese index (目录.html).
 * Files are streamed from the BlobStore (local folder or S3) into the ZIP, one at a time, never
 * whole in memory.
 */
import { sql } from "drizzle-orm";
import yazl from "yazl";
import { BUNDLE_FORMAT, toBase64, toHex, type BundleEntry, type BundleManifest, type LedgerEntryBody } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import type { Ledger } from "../ledger/service.ts";
import { rows } from "../ledger/store.ts";
import { listEvidence } from "../evidence/service.ts";
import { caseChain } from "../cases/service.ts";
import { AppError } from "../../core/errors.ts";
import type { BlobStore } from "../evidence/blobs.ts";

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/heic": "heic", "video/mp4": "mp4", "video/quicktime": "mov", "video/3gpp": "3gp", "video/webm": "webm", "video/x-msvideo": "avi", "video/mp2t": "ts", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/wav": "wav", "audio/amr": "amr", "application/pdf": "pdf" };
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** Who assembles the file: a user exporting it, or the platform when the case is closed or archived. */
export interface CaseFileMaker {
  /** the ledger actor: "user:<id>" or "system:casefile" */
  actor: string;
  name: string;
  /** `casefile.exported` (a user's export) or `casefile.assembled` (on 结案 / 归档) */
  kind: "casefile.exported" | "casefile.assembled";
  data?: Record<string, string>;
}

export async function buildCaseFile(db: Db, ledger: Ledger, blobs: BlobStore, input: { by: CaseFileMaker; caseId: string; agencyName: string; caseRef: string }): Promise<{ zip: yazl.ZipFile; entries: number; files: number } | null> {
  const chain = caseChain(input.caseId);
  const [first] = await rows<{ id: number | string }>(db, sql`select id from ledger_entries where chain = ${chain} limit 1`);
  if (!first) return null;
  const evidence = await listEvidence(db, input.caseId);
  const files = new Map<string, { path: string; sha256: string; size: number; mime: string; filename: string }>();
  for (const e of evidence) if (!files.has(e.sha256)) files.set(e.sha256, { path: `files/${e.sha256}.${EXT[e.mime] ?? "bin"}`, sha256: e.sha256, size: e.size, mime: e.mime, filename: e.filename });
  // every file must be in the store before the export is logged and the ZIP starts: a missing
  // one would otherwise cut the download short after its first bytes
  for (const f of files.values()) {
    if (!(await blobs.has(f.sha256))) throw new AppError("casefile_blob_missing", 410, `证据文件“${f.filename}”不在文件存储中，无法形成电子卷宗，请联系系统管理员`);
  }
  // the export is itself a read of the record (R-REC-08), and is in the file it produces
  await ledger.record({ kind: input.by.kind, actor: input.by.actor, chain, data: { by: input.by.name, caseRef: input.caseRef, ...input.by.data } });
  const all = await rows<{ id: number | string; seq: number; salt: Uint8Array; body: string }>(db, sql`select id, seq, salt, body from ledger_entries where chain = ${chain} order by seq`);
  const leaves = await ledger.waitIntegrated(all.map((r) => Number(r.id)), 30_000);
  const cp = (await ledger.latestCheckpoint())!;
  const indexes = all.map((r) => leaves.get(Number(r.id))!);
  const proofs = await ledger.inclusionProofs(indexes, cp.size);
  const entries: BundleEntry[] = all.map((r, k) => ({ path: `entries/${String(r.seq).padStart(6, "0")}.json`, leafIndex: indexes[k]!, salt: toHex(r.salt), body: r.body, proof: proofs[k]!.map(toBase64) }));

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    origin: ledger.origin,
    chain,
    caseRef: input.caseRef,
    agency: input.agencyName,
    exportedAt: new Date().toISOString(),
    exportedBy: input.by.name,
    checkpoint: cp.note,
    entries: entries.map((e) => ({ path: e.path, leafIndex: e.leafIndex })),
    files: [...files.values()].map(({ path, sha256, size }) => ({ path, sha256, size })),
  };
  const zip = new yazl.ZipFile();
  // a store failure mid-way (a lost connection to the bucket) ends the ZIP stream with the error
  zip.on("error", (e: Error) => (zip.outputStream as unknown as { destroy(e: Error): void }).destroy(e));
  const mtime = new Date();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), "manifest.json", { mtime });
  zip.addBuffer(Buffer.from(cp.note), "checkpoint.txt", { mtime });
  zip.addBuffer(Buffer.from(ledger.options.signing.vkeys.join("\n") + "\n"), "keys.txt", { mtime });
  for (const e of entries) zip.addBuffer(Buffer.from(JSON.stringify(e, null, 2)), e.path, { mtime });
  for (const f of files.values()) {
    // opened only when its turn comes: one stream (one S3 connection) at a time
    zip.addReadStreamLazy(f.path, { mtime, compress: false, size: f.size }, (cb) => {
      blobs.read(f.sha256).then(
        (s) => cb(null, s.on("error", (e) => zip.emit("error", e))),
        (e: unknown) => cb(e, undefined as never),
      );
    });
  }
  zip.addBuffer(Buffer.from(indexHtml(manifest, entries, [...files.values()])), "目录.html", { mtime });
  zip.end();
  return { zip, entries: entries.length, files: files.size };
}

const KIND: Record<string, string> = { "evidence.stored": "证据文件入库", "evidence.read": "查看证据文件", "casefile.exported": "导出电子卷宗", "casefile.assembled": "自动组卷", "casefile.stored": "电子卷宗归档保存", "casefile.downloaded": "下载电子卷宗" };

function indexHtml(m: BundleManifest, entries: BundleEntry[], files: { path: string; sha256: string; size: number }[]): string {
  const rowsHtml = entries
    .map((e) => {
      const b = JSON.parse(e.body) as LedgerEntryBody;
      const d = (b.data ?? {}) as Record<string, unknown>;
      const what = b.kind === "evidence.stored" ? `${esc(String(d.filename ?? ""))}（证明对象：${esc(String(d.proves ?? ""))}；采集：${esc(String(d.collector ?? ""))}，${esc(String(d.place ?? ""))}）${d.late ? "【超 24 小时上传】" : ""}` : "";
      return `<tr><td>${b.seq}</td><td>${esc(b.at)}</td><td>${esc(KIND[b.kind] ?? b.kind)}</td><td>${esc(b.actor)}</td><td>${what}</td><td>${e.leafIndex}</td></tr>`;
    })
    .join("\n");
  const filesHtml = files.map((f) => `<tr><td><a href="${esc(f.path)}">${esc(f.path)}</a></td><td>${f.size}</td><td><code>${f.sha256}</code></td></tr>`).join("\n");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>电子卷宗 ${esc(m.caseRef)}</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;font-size:14px}</style></head>
<body><h1>电子卷宗目录</h1>
<p>案号：${esc(m.caseRef)}&#12288;执法主体：${esc(m.agency)}<br>导出时间：${esc(m.exportedAt)}&#12288;导出人：${esc(m.exportedBy)}</p>
<p>本卷宗的每条记录都附有对账本检查点（checkpoint.txt，Ed25519 与 SM2 签名）的包含证明。可用 <code>npx zhifa verify 本文件.zip --key 公钥</code> 离线验证，或在平台“账本验证”页面核对。</p>
<h2>记录（${entries.length} 条）</h2><table><tr><th>序号</th><th>时间</th><th>事项</th><th>操作人</th><th>内容</th><th>账本叶子</th></tr>
${rowsHtml}</table>
<h2>证据文件（${files.length} 个）</h2><table><tr><th>文件</th><th>字节数</th><th>SHA-256</th></tr>
${filesHtml}</table></body></html>
`;
}
