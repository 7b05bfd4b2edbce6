/**
 * Evidence records (R-REC-01, R-REC-03, R-REC-04, R-REC-06): validating an upload's metadata,
 * storing a verified file's record with its ledger entry in one transaction, listing, and
 * logging every read in the ledger (R-REC-08).
 */
import { desc, eq } from "drizzle-orm";
import { isLateUpload, type MediaType } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { agencies } from "../agencies/tables.ts";
import { evidenceFiles } from "./tables.ts";
import { AppError } from "../../core/errors.ts";
import { caseChain, caseResource, getCaseByNumber, type CaseWithAgency } from "../cases/service.ts";
import { casePolicy } from "../cases/policy.ts";

export const SENSITIVITIES = ["none", "privacy", "commercial", "secret"] as const;

/** What the officer's device declares with an upload (tus Upload-Metadata). */
export interface EvidenceMeta {
  filename: string;
  sha256: string;
  caseRef: string;
  capturedAt: string;
  place: string;
  collector: string;
  proves: string;
  device: string;
  sensitivity: (typeof SENSITIVITIES)[number];
}

export class MetaError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const FIELD_LABELS: Record<string, string> = { filename: "文件名", sha256: "文件校验值（SHA-256）", caseRef: "案号", capturedAt: "采集时间", place: "采集地点", collector: "采集人", proves: "证明对象", device: "采集设备", sensitivity: "密级" };

/** Checks the declared metadata; throws MetaError naming the first bad field in Chinese. */
export function parseMeta(raw: Record<string, string | null | undefined>, now: Date): EvidenceMeta {
  const text = (key: string, max: number, required = true): string => {
    const v = (raw[key] ?? "").trim();
    if (required && !v) throw new MetaError(key, `请填写${FIELD_LABELS[key]}`);
    if (v.length > max) throw new MetaError(key, `${FIELD_LABELS[key]}不能超过 ${max} 个字`);
    return v;
  };
  const sha256 = text("sha256", 64).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new MetaError("sha256", "文件校验值应为 64 位十六进制的 SHA-256");
  const capturedAt = text("capturedAt", 40);
  const at = new Date(capturedAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(capturedAt) || Number.isNaN(at.getTime())) throw new MetaError("capturedAt", "采集时间格式无效，应为 ISO 8601 时间");
  if (at.getTime() > now.getTime() + 10 * 60 * 1000) throw new MetaError("capturedAt", "采集时间不能晚于现在");
  const sensitivity = (raw.sensitivity ?? "none") as EvidenceMeta["sensitivity"];
  if (!SENSITIVITIES.includes(sensitivity)) throw new MetaError("sensitivity", "密级应为 none、privacy、commercial 或 secret");
  return {
    filename: text("filename", 255),
    sha256,
    caseRef: text("caseRef", 100),
    capturedAt: at.toISOString(),
    place: text("place", 200),
    collector: text("collector", 100),
    proves: text("proves", 500),
    device: text("device", 100, false),
    sensitivity,
  };
}

/**
 * The case an upload is for (R-REC-01): it must exist, be still open to records, and the
 * uploader must be one of its handlers. Throws a TusError-compatible AppError otherwise.
 */
export async function caseForUpload(db: Db, actor: Actor, caseRef: string): Promise<CaseWithAgency> {
  const c = await getCaseByNumber(db, caseRef.trim());
  if (!c || !casePolicy.can(actor, "handle", await caseResource(db, c))) {
    throw new AppError("evidence_case_not_found", 404, `案号“${caseRef}”不存在，或您不是该案的承办人员`);
  }
  if (c.status === "archived" || c.status === "terminated") throw new AppError("evidence_case_closed", 409, "案件已归档或终止，不能再上传证据");
  return c;
}

export type EvidenceRow = typeof evidenceFiles.$inferSelect;

/** Stores the record of a verified file: the row and its ledger entry commit together. */
export async function storeEvidence(db: Db, ledger: Ledger, ctx: AuditContext, input: { actor: Actor; meta: EvidenceMeta; type: MediaType; size: number; caseId: string; stage: string }): Promise<EvidenceRow> {
  const uploadedAt = new Date();
  const late = isLateUpload(new Date(input.meta.capturedAt), uploadedAt);
  return mutate(db, ctx, async (tx) => {
    const id = crypto.randomUUID();
    const entry = await ledger.append(tx, {
      kind: "evidence.stored",
      actor: `user:${input.actor.id}`,
      chain: caseChain(input.caseId),
      data: {
        evidenceId: id,
        caseId: input.caseId,
        stage: input.stage,
        sha256: input.meta.sha256,
        size: input.size,
        mime: input.type.mime,
        filename: input.meta.filename,
        capturedAt: input.meta.capturedAt,
        place: input.meta.place,
        collector: input.meta.collector,
        proves: input.meta.proves,
        device: input.meta.device,
        sensitivity: input.meta.sensitivity,
        uploadedAt: uploadedAt.toISOString(),
        late,
      },
    });
    const [row] = await tx
      .insert(evidenceFiles)
      .values({
        id,
        agencyId: input.actor.agencyId,
        caseRef: input.meta.caseRef,
        caseId: input.caseId,
        stage: input.stage,
        category: input.type.category,
        mime: input.type.mime,
        filename: input.meta.filename,
        size: input.size,
        sha256: input.meta.sha256,
        capturedAt: new Date(input.meta.capturedAt),
        place: input.meta.place,
        collector: input.meta.collector,
        proves: input.meta.proves,
        device: input.meta.device,
        sensitivity: input.meta.sensitivity,
        uploadedBy: input.actor.id,
        uploadedAt,
        late,
        ledgerEntryId: entry.id,
      })
      .returning();
    return row!;
  });
}

export async function getEvidence(db: Db, id: string): Promise<(EvidenceRow & { agencyPath: string }) | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await db.select({ e: evidenceFiles, agencyPath: agencies.path }).from(evidenceFiles).innerJoin(agencies, eq(agencies.id, evidenceFiles.agencyId)).where(eq(evidenceFiles.id, id));
  return row ? { ...row.e, agencyPath: row.agencyPath } : null;
}

export async function listEvidence(db: Db, caseId: string): Promise<(EvidenceRow & { agencyPath: string })[]> {
  const found = await db
    .select({ e: evidenceFiles, agencyPath: agencies.path })
    .from(evidenceFiles)
    .innerJoin(agencies, eq(agencies.id, evidenceFiles.agencyId))
    .where(eq(evidenceFiles.caseId, caseId))
    .orderBy(desc(evidenceFiles.capturedAt));
  return found.map((r) => ({ ...r.e, agencyPath: r.agencyPath }));
}

/** R-REC-08: every read of a file is itself an entry of the case's chain. */
export async function logRead(ledger: Ledger, actor: Actor, row: EvidenceRow, range: string | null, requestId: string): Promise<void> {
  await ledger.record({
    kind: "evidence.read",
    actor: `user:${actor.id}`,
    // files stored before cases had ids were chained by agency and 案号
    chain: row.caseId ? caseChain(row.caseId) : `case:${row.agencyId}/${row.caseRef}`,
    data: { evidenceId: row.id, sha256: row.sha256, range: range ?? "all", requestId },
  });
}
