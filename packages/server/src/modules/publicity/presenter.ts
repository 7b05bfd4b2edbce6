/**
 * What leaves the server about publications. Staff views carry the original beside the redacted
 * text, the redaction hits and the actor's abilities; public views carry only redacted fields
 * of published decisions and what is needed to check them against the ledger.
 */
import { EXCLUSION_LABELS, PUBLICITY_LIGHT_LABELS, type ExclusionReason, type WorkingCalendar } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/policy.ts";
import { publicationPolicy, type PublicationResource } from "./policy.ts";
import {
  CORRECTION_STATUS_LABELS,
  RULING_KIND_LABELS,
  STATUS_LABELS,
  actionTypeLabel,
  correctionsOf,
  exclusionLabel,
  ledgerProofs,
  lightOf,
  payloadSha256,
  problemsOf,
  publicPayload,
  versionsOf,
  type CorrectionStatus,
  type PublicationStatus,
  type PublicationWithAgency,
  type PublishedItem,
  type RulingKind,
} from "./service.ts";
import { userNames } from "../users/service.ts";

const statusLabel = (s: string) => STATUS_LABELS[s as PublicationStatus] ?? s;

export function presentSummary(p: PublicationWithAgency, today: string, cal: WorkingCalendar) {
  const light = lightOf(p, today, cal);
  return {
    id: p.id,
    agencyId: p.agencyId,
    agencyName: p.agencyName,
    caseId: p.caseId,
    caseNumber: p.caseNumber,
    source: p.source,
    actionType: p.actionType,
    actionTypeLabel: actionTypeLabel(p.actionType),
    documentNumber: p.documentNumber,
    decisionDate: p.decisionDate,
    title: p.title,
    partyType: p.partyType,
    partyName: p.redacted.partyName,
    status: p.status,
    statusLabel: statusLabel(p.status),
    exclusion: p.exclusion,
    exclusionLabel: exclusionLabel(p.exclusion),
    deadline: p.deadline,
    deadlineConfirmed: p.deadlineConfirmed,
    light,
    lightLabel: light ? PUBLICITY_LIGHT_LABELS[light] : p.status === "published" || p.status === "withdrawn" ? (p.late ? "超期公示" : "按期公示") : "",
    late: p.late,
    publishedOn: p.publishedOn,
    withdrawnOn: p.withdrawnOn,
    withdrawalLate: p.withdrawalLate,
    publicVersion: p.publicVersion,
  };
}

/** What the actor may do now, and why the rest of their actions are not possible. */
export function abilities(p: PublicationWithAgency, res: PublicationResource, actor: Actor, problems: number) {
  const pol = publicationPolicy.abilities(actor, res);
  const draft = p.status === "draft";
  const blocked: { action: string; code: string; message: string }[] = [];
  if (pol.publish && draft) {
    if (p.partyIsMinor) blocked.push({ action: "publish", code: "publicity_minor", message: "当事人为未成年人，相关信息不予公示" });
    else if (p.exclusion) blocked.push({ action: "publish", code: "publicity_exclusion_proposed", message: `拟不予公示（${EXCLUSION_LABELS[p.exclusion as ExclusionReason] ?? p.exclusion}）` });
    if (problems > 0) blocked.push({ action: "publish", code: "validation_failed", message: `公示内容仍有 ${problems} 处个人信息未处理` });
  }
  return {
    can: {
      edit: pol.review && draft,
      publish: pol.publish && draft && blocked.length === 0,
      withhold: pol.review && draft,
      withdraw: pol.withdraw && p.status === "published",
      correct: pol.correct && p.status === "published",
      decideCorrections: pol.correct,
    },
    blocked,
  };
}

export async function presentDetail(db: Db, p: PublicationWithAgency, res: PublicationResource, actor: Actor, today: string, cal: WorkingCalendar) {
  const [versions, corrections] = await Promise.all([versionsOf(db, p.id), correctionsOf(db, p.id)]);
  const names = await userNames(db, [p.reviewedBy, ...versions.map((v) => v.createdBy), ...corrections.map((c) => c.handledBy)]);
  const problems = problemsOf(p);
  const ab = abilities(p, res, actor, problems.length);
  return {
    ...presentSummary(p, today, cal),
    original: p.original,
    redacted: p.redacted,
    hits: p.hits.map((h) => ({ field: h.field, kind: h.kind, start: h.start, end: h.end, original: h.original, replacement: h.replacement, note: h.note ?? null })),
    problems,
    keep: p.keep,
    partyIsMinor: p.partyIsMinor,
    exclusionNote: p.exclusionNote,
    reviewedByName: p.reviewedBy ? (names.get(p.reviewedBy) ?? null) : null,
    reviewedAt: p.reviewedAt?.toISOString() ?? null,
    rulingKind: p.rulingKind,
    rulingKindLabel: p.rulingKind ? RULING_KIND_LABELS[p.rulingKind as RulingKind] : null,
    rulingDate: p.rulingDate,
    withdrawalDeadline: p.withdrawalDeadline,
    withdrawalNotice: p.withdrawalNotice,
    publicSha256: p.publicSha256,
    ledgerEntryId: p.ledgerEntryId,
    versions: versions.map((v) => ({ version: v.version, kind: v.kind, note: v.note, sha256: v.sha256, ledgerEntryId: v.ledgerEntryId, createdAt: v.createdAt.toISOString(), createdByName: v.createdBy ? (names.get(v.createdBy) ?? null) : null, fields: v.fields })),
    corrections: corrections.map((c) => presentCorrection(c, p, names)),
    version: p.version,
    ...ab,
  };
}

type CorrectionRow = Awaited<ReturnType<typeof correctionsOf>>[number];

export function presentCorrection(c: CorrectionRow, p: { title: string; documentNumber: string; agencyName: string }, names: Map<string, string>) {
  return {
    id: c.id,
    publicationId: c.publicationId,
    publicationTitle: p.title,
    documentNumber: p.documentNumber,
    agencyName: p.agencyName,
    problem: c.problem,
    requested: c.requested,
    evidence: c.evidence,
    contactName: c.contactName,
    contact: c.contact,
    status: c.status,
    statusLabel: CORRECTION_STATUS_LABELS[c.status as CorrectionStatus] ?? c.status,
    due: c.due,
    reason: c.reason,
    versionId: c.versionId,
    handledByName: c.handledBy ? (names.get(c.handledBy) ?? null) : null,
    handledAt: c.handledAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------------------

/** A list item of the public search: redacted fields only (no full text). */
export function presentPublicItem(r: PublishedItem) {
  return {
    id: r.id,
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    actionType: r.actionType,
    actionTypeLabel: actionTypeLabel(r.actionType),
    documentNumber: r.documentNumber,
    decisionDate: r.decisionDate,
    title: r.title,
    partyType: r.partyType,
    partyName: r.redacted.partyName,
    conclusion: r.redacted.conclusion,
    publishedOn: r.publishedOn ?? "",
    version: r.publicVersion,
    corrected: r.publicVersion > 1,
  };
}

/**
 * A published decision: the redacted fields, every public version, and for each the hashed
 * payload with its ledger entry (body, salt, commitment, leaf index) so anyone can check it:
 * SHA-256(JCS(payload)) = sha256 = the entry's data.sha256; SHA-256(salt ‖ body) = commitment;
 * the leaf index's inclusion proof (/api/ledger/proof/inclusion) against a signed checkpoint.
 */
export async function presentPublicDetail(db: Db, p: PublicationWithAgency) {
  const versions = await versionsOf(db, p.id);
  const proofs = await ledgerProofs(db, versions.map((v) => v.ledgerEntryId));
  return {
    ...presentPublicItem({ ...p, publishedOn: p.publishedOn }),
    fields: p.redacted,
    sha256: p.publicSha256 ?? "",
    versions: versions.map((v) => {
      const payload = publicPayload(p, v.version, v.fields);
      const proof = proofs.get(v.ledgerEntryId);
      return {
        version: v.version,
        kind: v.kind,
        note: v.note,
        publishedAt: v.createdAt.toISOString(),
        fields: v.fields,
        sha256: v.sha256,
        payload,
        // recomputed here too: a stored hash that no longer matches its payload shows at once
        payloadMatches: payloadSha256(payload) === v.sha256,
        ledger: proof ? { entryId: v.ledgerEntryId, kind: proof.kind, body: proof.body, salt: proof.salt, commitment: proof.commitment, leafIndex: proof.leafIndex } : null,
      };
    }),
  };
}
