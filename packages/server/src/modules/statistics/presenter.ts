/** What leaves the server about annual reports: staff views with abilities, and the public view. */
import { annualReportDeadline, annualReportLate } from "@zhifa/domain";
import type { Actor } from "../../core/policy.ts";
import { statisticsPolicy } from "./policy.ts";
import { reportPayload, type ReportRow, type ReportWithAgency } from "./service.ts";

export const REPORT_STATUS_LABELS: Record<string, string> = { none: "未生成", draft: "草稿（未发布）", published: "已发布", superseded: "已被更正（旧版本）" };

/** 版次 and 更正 of a report, for staff and public views. */
function edition(r: ReportRow, correctedBy: string | null) {
  return { edition: r.edition, supersedes: r.supersedes, correctionReason: r.correctionReason, correctedBy, supersededAt: r.supersededAt?.toISOString() ?? null };
}

export function presentListItem(actor: Actor, r: { agencyId: string; agencyName: string; agencyPath: string; year: number; deadline: string; late: boolean; report: ReportRow | null; correctionDraft: ReportRow | null }) {
  const own = { agencyId: r.agencyId, agencyPath: r.agencyPath };
  const status = r.report?.status ?? "none";
  return {
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    deadline: r.deadline,
    late: r.late,
    status: status as "none" | "draft" | "published",
    statusLabel: r.correctionDraft ? `${REPORT_STATUS_LABELS[status]}（更正草稿待发布）` : (REPORT_STATUS_LABELS[status] ?? status),
    reportId: r.report?.id ?? null,
    generatedAt: r.report?.generatedAt.toISOString() ?? null,
    publishedOn: r.report?.publishedOn ?? null,
    edition: r.report?.edition ?? 1,
    correctionDraftId: r.correctionDraft?.id ?? null,
    can: statisticsPolicy.abilities(actor, own),
  };
}

export function presentReport(actor: Actor, r: ReportWithAgency, names: Map<string, string>, today: string, correctedBy: string | null) {
  return {
    id: r.id,
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    status: r.status,
    statusLabel: REPORT_STATUS_LABELS[r.status] ?? r.status,
    deadline: annualReportDeadline(r.year),
    // a correction keeps the year's timeliness, decided at the first publication
    // (a correction's draft: the year's report is already out; its timeliness is the published edition's)
    late: r.publishedOn ? r.late === true : r.supersedes ? false : annualReportLate(r.year, null, today),
    note: r.note,
    figures: r.figures,
    generatedAt: r.generatedAt.toISOString(),
    generatedByName: r.generatedBy ? (names.get(r.generatedBy) ?? null) : null,
    publishedOn: r.publishedOn,
    publishedByName: r.publishedBy ? (names.get(r.publishedBy) ?? null) : null,
    sha256: r.sha256,
    ledgerEntryId: r.ledgerEntryId,
    version: r.version,
    ...edition(r, correctedBy),
    can: statisticsPolicy.abilities(actor, { agencyId: r.agencyId, agencyPath: r.agencyPath }),
  };
}

/** The ledger entry a publication wrote, as anyone needs it to check the published content. */
export type PublicLedgerEntry = { body: string; salt: string; commitment: string; leafIndex: number | null } | null;

/** The public view: the published payload (its hash is in the ledger, with the entry to check it) and when it was published. */
export function presentPublicReport(r: ReportWithAgency, ledger: PublicLedgerEntry, correctedBy: string | null) {
  return {
    status: r.status as "published" | "superseded",
    ...edition(r, correctedBy),
    payload: reportPayload(r) as unknown as Record<string, unknown>,
    ledger,
    id: r.id,
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    publishedOn: r.publishedOn,
    late: r.late === true,
    note: r.note,
    figures: r.figures,
    sha256: r.sha256,
    ledgerEntryId: r.ledgerEntryId,
  };
}
