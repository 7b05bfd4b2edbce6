/**
 * `zhifa blobs fsck` (R-REC-06): every file the records point at — evidence files and assembled
 * case files (电子卷宗) — is in the configured store with its recorded size; with `deep`, its
 * bytes still hash to the SHA-256 the ledger holds. A file deleted or damaged behind the
 * server's back is named with the records that need it, before anyone asks to play or export it.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client.ts";
import { BlobMissingError, type BlobStore } from "./blobs.ts";

export interface BlobProblem {
  sha256: string;
  /** missing: not in the store; size: stored with another size; damaged: the bytes have another hash */
  problem: "missing" | "size" | "damaged";
  expectedSize: number;
  actualSize: number | null;
  /** The records that point at the file, e.g. "证据 <id>（示市监罚〔2026〕00001号，现场.mp4）". */
  refs: string[];
}

interface Ref {
  sha256: string;
  size: number | string;
  label: string;
}

const PAGE = 500;

async function hashOf(blobs: BlobStore, sha256: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const chunk of await blobs.read(sha256)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Checks one stored file: null when it is as recorded. */
async function checkBlob(blobs: BlobStore, sha256: string, size: number, deep: boolean): Promise<Omit<BlobProblem, "refs"> | null> {
  const actual = await blobs.size(sha256);
  if (actual === null) return { sha256, problem: "missing", expectedSize: size, actualSize: null };
  if (actual !== size) return { sha256, problem: "size", expectedSize: size, actualSize: actual };
  if (deep) {
    try {
      if ((await hashOf(blobs, sha256)) !== sha256) return { sha256, problem: "damaged", expectedSize: size, actualSize: actual };
    } catch (e) {
      if (e instanceof BlobMissingError) return { sha256, problem: "missing", expectedSize: size, actualSize: null };
      throw e;
    }
  }
  return null;
}

/**
 * Walks the records in pages (keyset on the file's hash, so a file shared by several records is
 * checked once per page run) and reports each problem with every record it hurts.
 */
export async function fsckBlobs(db: Db, blobs: BlobStore, options: { deep?: boolean; onFile?: (sha256: string, problem: BlobProblem | null) => void } = {}): Promise<{ files: number; records: number; problems: BlobProblem[] }> {
  const problems: BlobProblem[] = [];
  let files = 0;
  let records = 0;
  const sources = [
    (after: string) =>
      rows<Ref>(
        db,
        sql`select e.sha256, e.size, '证据 ' || e.id || '（' || coalesce(c.number, e.case_ref) || '，' || e.filename || '）' as label
              from evidence_files e left join cases c on c.id = e.case_id
             where e.sha256 > ${after} order by e.sha256 limit ${PAGE}`,
      ),
    (after: string) =>
      rows<Ref>(
        db,
        sql`select f.sha256, f.size, '电子卷宗 ' || f.id || '（' || c.number || '）' as label
              from case_files f join cases c on c.id = f.case_id
             where f.sha256 > ${after} order by f.sha256 limit ${PAGE}`,
      ),
  ];
  for (const page of sources) {
    let after = "";
    for (;;) {
      const refs = await page(after);
      if (refs.length === 0) break;
      // the page ends inside a run of one hash: take the rest of that run with the next page
      const complete = refs.length === PAGE ? refs.filter((r) => r.sha256 !== refs.at(-1)!.sha256) : refs;
      const batch = complete.length ? complete : refs;
      const byHash = new Map<string, Ref[]>();
      for (const r of batch) byHash.set(r.sha256, [...(byHash.get(r.sha256) ?? []), r]);
      for (const [sha256, group] of byHash) {
        files += 1;
        records += group.length;
        const found = await checkBlob(blobs, sha256, Number(group[0]!.size), options.deep ?? false);
        const problem = found ? { ...found, refs: group.map((g) => g.label) } : null;
        if (problem) problems.push(problem);
        options.onFile?.(sha256, problem);
      }
      after = batch.at(-1)!.sha256;
      if (refs.length < PAGE) break;
    }
  }
  return { files, records, problems };
}
