/**
 * Assembly of the electronic case file (电子卷宗, R-REC-07) by the platform: when a case is closed
 * (结案) or archived (归档) a job builds the same ZIP as an export, streams it into the
 * content-addressed store (hashing as it goes, never whole in memory) and records its hash in the
 * case's chain (`casefile.stored`) and in `case_files`, in one transaction.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import type { Ledger } from "../ledger/service.ts";
import { blobPath } from "../evidence/store.ts";
import { caseChain, caseEnded, getCase } from "../cases/service.ts";
import { enqueueJob } from "../jobs/service.ts";
import { buildCaseFile } from "./export.ts";
import { caseFiles } from "./tables.ts";

export const ASSEMBLE_JOB = "casefile.assemble";
export type AssemblyTrigger = "closed" | "archived" | "manual";

/** Who assembles: the platform on 结案/归档, or the user who asked for it (the ledger names them). */
export interface Assembler {
  actor: string;
  name: string;
}
const PLATFORM: Assembler = { actor: "system:casefile", name: "平台自动组卷" };

/** Enqueues an assembly of the case's file in the caller's transaction (one pending per case and trigger). */
export function enqueueAssembly(tx: Tx, caseId: string, trigger: AssemblyTrigger, by: Assembler = PLATFORM): Promise<void> {
  return enqueueJob(tx, ASSEMBLE_JOB, { caseId, trigger, by: { ...by } }, { dedupeKey: `casefile:${caseId}:${trigger}` });
}

// 结案 and 归档 trigger the assembly (issue "Case handling online"; R-REC-07)
caseEnded.hooks.push((tx, c, status) => enqueueAssembly(tx, c.id, status));

/** Streams `source` into the store under its SHA-256; returns the hash and size. */
export async function storeBlob(root: string, source: Readable): Promise<{ sha256: string; size: number }> {
  const tmpDir = path.join(root, "tmp");
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `casefile-${crypto.randomUUID()}`);
  const hash = crypto.createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, tap, fs.createWriteStream(tmp));
    const sha256 = hash.digest("hex");
    const target = blobPath(root, sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) await fs.promises.rm(tmp, { force: true });
    else await fs.promises.rename(tmp, target);
    return { sha256, size };
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Builds and stores the case file; returns what was stored (null: the case has no records). */
export async function assembleCaseFile(db: Db, ledger: Ledger, root: string, caseId: string, trigger: AssemblyTrigger, by: Assembler = PLATFORM) {
  const c = await getCase(db, caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  const built = await buildCaseFile(db, ledger, root, { by: { ...by, kind: "casefile.assembled", data: { trigger } }, caseId, agencyName: c.agencyName, caseRef: c.number });
  if (!built) return null;
  const stored = await storeBlob(root, built.zip.outputStream as unknown as Readable);
  return mutate(db, systemContext("casefile", "casefile.store"), async (tx) => {
    const entry = await ledger.append(tx, { kind: "casefile.stored", actor: by.actor, chain: caseChain(caseId), data: { caseId, caseRef: c.number, trigger, sha256: stored.sha256, size: stored.size, entries: built.entries, files: built.files } });
    const [row] = await tx.insert(caseFiles).values({ caseId, agencyId: c.agencyId, sha256: stored.sha256, size: stored.size, trigger, entries: built.entries, files: built.files, ledgerEntryId: entry.id }).returning();
    return row!;
  });
}

/** The case's assembled files, newest first. */
export function caseFilesOf(db: Db, caseId: string) {
  return db.select().from(caseFiles).where(eq(caseFiles.caseId, caseId)).orderBy(desc(caseFiles.assembledAt));
}
