/**
 * Assembly of the electronic case file (电子卷宗, R-REC-07) by the platform: when a case is closed
 * (结案) or archived (归档) a job builds the same ZIP as an export, streams it into the
 * content-addressed store (the BlobStore: local folder or S3, decision 010) (hashing as it goes, never whole in memory) and records its hash in the
 * case's chain (`casefile.stored`) and in `case_files`, in one transaction.
 */
import path from "node:path";
import type { Readable } from "node:stream";
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import type { Ledger } from "../ledger/service.ts";
import { storeStream, type BlobStore } from "../evidence/blobs.ts";
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

/** Builds and stores the case file; returns what was stored (null: the case has no records). */
export async function assembleCaseFile(db: Db, ledger: Ledger, blobs: BlobStore, tmpDir: string, caseId: string, trigger: AssemblyTrigger, by: Assembler = PLATFORM) {
  const c = await getCase(db, caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  const built = await buildCaseFile(db, ledger, blobs, { by: { ...by, kind: "casefile.assembled", data: { trigger } }, caseId, agencyName: c.agencyName, caseRef: c.number });
  if (!built) return null;
  // hashed into a local temporary file, then into the store under its SHA-256
  const stored = await storeStream(blobs, path.join(tmpDir, "tmp"), built.zip.outputStream as unknown as Readable);
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
