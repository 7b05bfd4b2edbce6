/**
 * 查阅、复制申请 (R-REC-08, R-REC-09): request (public, no login), the head's decision, and
 * reading with the requester's code within the approved time and scope. Every step is an entry
 * of the case's ledger chain; the requester's identity number and phone stay out of the ledger.
 */
import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { DOC_KIND_LABELS, addCalendarDays, isDocKind, todayInShanghai } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { agencies } from "../agencies/tables.ts";
import { caseRecords, cases } from "../cases/tables.ts";
import { evidenceFiles } from "../evidence/tables.ts";
import { caseChain, getCaseByNumber } from "../cases/service.ts";
import { accessRequests } from "./tables.ts";

export const RELATION_LABELS: Record<string, string> = { party: "当事人", agent: "当事人的代理人", interested: "利害关系人", public: "社会公众" };
export const MAX_ACCESS_DAYS = 30;

const hash = (code: string) => crypto.createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** 16 characters from an unambiguous alphabet: 80 bits. */
function newCode(): string {
  const bytes = crypto.randomBytes(16);
  return Array.from(bytes, (b) => ALPHABET[b % 32]).join("");
}

export interface AccessRequestInput {
  caseNumber: string;
  requester: { name: string; idNo: string; phone: string };
  relation: "party" | "agent" | "interested" | "public";
  purpose: string;
  scope: "read" | "copy";
  includeFiles: boolean;
}

export async function requestAccess(db: Db, ledger: Ledger, ctx: AuditContext, input: AccessRequestInput): Promise<{ id: string; code: string; caseNumber: string; agencyName: string }> {
  const c = await getCaseByNumber(db, input.caseNumber.trim());
  if (!c) throw new AppError("access_case_not_found", 404, "未找到该案号的案件，请核对决定书或通知书上的案号");
  const code = newCode();
  const id = await mutate(db, ctx, async (tx) => {
    const [row] = await tx
      .insert(accessRequests)
      .values({ caseId: c.id, agencyId: c.agencyId, requesterName: input.requester.name.trim(), requesterIdNo: input.requester.idNo.trim(), requesterPhone: input.requester.phone.trim(), relation: input.relation, purpose: input.purpose.trim(), scope: input.scope, includeFiles: input.includeFiles, codeHash: hash(code) })
      .returning({ id: accessRequests.id });
    await ledger.append(tx, { kind: "case.access_requested", actor: "public", chain: caseChain(c.id), data: { requestId: row!.id, requester: input.requester.name.trim(), relation: input.relation, scope: input.scope, includeFiles: input.includeFiles, purpose: input.purpose.trim() } });
    return row!.id;
  });
  return { id, code, caseNumber: c.number, agencyName: c.agencyName };
}

async function byCode(db: Db, code: string) {
  const [row] = await db
    .select({ r: accessRequests, caseNumber: cases.number, caseTitle: cases.title, agencyName: agencies.name })
    .from(accessRequests)
    .innerJoin(cases, eq(cases.id, accessRequests.caseId))
    .innerJoin(agencies, eq(agencies.id, accessRequests.agencyId))
    .where(eq(accessRequests.codeHash, hash(code)));
  if (!row) throw new AppError("access_code_invalid", 404, "查询码不正确");
  return row;
}

/** The request's state as its requester sees it. */
export async function lookup(db: Db, code: string, today: string) {
  const { r, caseNumber, agencyName } = await byCode(db, code);
  const expired = r.status === "approved" && !!r.validTo && today > r.validTo;
  return { status: expired ? "expired" : r.status, caseNumber, agencyName, scope: r.scope, includeFiles: r.includeFiles, validTo: r.validTo, decisionReason: r.decisionReason, createdAt: r.createdAt.toISOString() };
}

/** The records an approved request may read, now; the read itself goes into the case's chain. */
export async function readWithCode(db: Db, ledger: Ledger, code: string, today: string) {
  const { r, caseNumber, caseTitle, agencyName } = await byCode(db, code);
  if (r.status !== "approved") throw new AppError("access_not_approved", 403, r.status === "pending" ? "申请尚在审批中" : "申请未获批准");
  if (!r.validTo || today > r.validTo) throw new AppError("access_expired", 403, `查阅期限已于 ${r.validTo} 届满`);
  const records = await db.select().from(caseRecords).where(eq(caseRecords.caseId, r.caseId)).orderBy(asc(caseRecords.actedAt));
  const superseded = new Set(records.map((x) => x.supersedes).filter(Boolean));
  // privacy- or secret-marked files are never shown outside the agency (R-REC-09)
  const files = r.includeFiles ? await db.select().from(evidenceFiles).where(and(eq(evidenceFiles.caseId, r.caseId), eq(evidenceFiles.sensitivity, "none"))).orderBy(asc(evidenceFiles.capturedAt)) : [];
  await ledger.record({ kind: "case.access_read", actor: `public:access:${r.id}`, chain: caseChain(r.caseId), data: { requestId: r.id, records: records.length - superseded.size, files: files.length } });
  return {
    caseNumber,
    caseTitle,
    agencyName,
    scope: r.scope,
    validTo: r.validTo,
    records: records.filter((x) => !superseded.has(x.id)).map((x) => ({ id: x.id, kind: x.kind, kindLabel: isDocKind(x.kind) ? DOC_KIND_LABELS[x.kind] : x.kind, title: x.title, body: x.body, actedAt: x.actedAt.toISOString() })),
    files: files.map((f) => ({ id: f.id, filename: f.filename, category: f.category, capturedAt: f.capturedAt.toISOString(), sha256: f.sha256, size: f.size })),
  };
}

export async function listRequests(db: Db, scope: { agencyId?: string; pathPrefix?: string }, status: string | undefined, page: number, pageSize: number) {
  const conds = [];
  if (scope.agencyId) conds.push(eq(accessRequests.agencyId, scope.agencyId));
  if (scope.pathPrefix) conds.push(sql`${agencies.path} like ${scope.pathPrefix + "%"}`);
  if (status) conds.push(inArray(accessRequests.status, [status]));
  const where = conds.length ? and(...conds) : undefined;
  const [[count], rows] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(accessRequests).innerJoin(agencies, eq(agencies.id, accessRequests.agencyId)).where(where),
    db
      .select({ r: accessRequests, caseNumber: cases.number, agencyName: agencies.name, agencyPath: agencies.path })
      .from(accessRequests)
      .innerJoin(cases, eq(cases.id, accessRequests.caseId))
      .innerJoin(agencies, eq(agencies.id, accessRequests.agencyId))
      .where(where)
      .orderBy(desc(accessRequests.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  ]);
  return { total: count?.n ?? 0, rows };
}

export async function getRequest(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select({ r: accessRequests, agencyPath: agencies.path }).from(accessRequests).innerJoin(agencies, eq(agencies.id, accessRequests.agencyId)).where(eq(accessRequests.id, id));
  return row ?? null;
}

/** 负责人审批: approve for `days` days (scope may be narrowed to reading), or refuse with reasons. */
export async function decide(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, id: string, input: { approve: boolean; reason: string; days?: number; scope?: "read" | "copy"; includeFiles?: boolean }) {
  const reason = input.reason.trim();
  if (!input.approve && !reason) throw errors.validation([{ field: "reason", message: "不予批准的，应当说明理由" }]);
  const days = input.days ?? 7;
  const today = todayInShanghai(new Date());
  return mutate(db, ctx, async (tx) => {
    const [r] = await tx.select().from(accessRequests).where(eq(accessRequests.id, id)).for("update");
    if (!r) throw errors.notFound("查阅申请");
    if (r.status !== "pending") throw new AppError("access_decided", 409, "该申请已经审批");
    // approval may narrow, never widen, what was asked for
    const scope = input.approve && input.scope === "read" ? "read" : r.scope;
    const includeFiles = input.approve ? r.includeFiles && (input.includeFiles ?? true) : false;
    const validTo = input.approve ? addCalendarDays(today, days) : null;
    const [row] = await tx
      .update(accessRequests)
      .set({ status: input.approve ? "approved" : "refused", decisionReason: reason || null, decidedBy: actor.id, decidedAt: new Date(), validTo, scope, includeFiles })
      .where(eq(accessRequests.id, id))
      .returning();
    await ledger.append(tx, { kind: "case.access_decided", actor: `user:${actor.id}`, chain: caseChain(r.caseId), data: { requestId: r.id, approve: input.approve, reason, validTo, scope, includeFiles, by: actor.displayName } });
    return row!;
  });
}
