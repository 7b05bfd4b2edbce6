/** What leaves the server about annual reports: staff views with abilities, and the public view. */
import { annualReportDeadline, annualReportLate } from "@zhifa/domain";
import type { Actor } from "../../core/policy.ts";
import { statisticsPolicy } from "./policy.ts";
import { reportPayload, type ReportRow, type ReportWithAgency } from "./service.ts";

export const REPORT_STATUS_LABELS: Record<string, string> = { none: "未生成", draft: "草稿（未发布）", published: "已发布" };

export function presentListItem(actor: Actor, r: { agencyId: string; agencyName: string; agencyPath: string; year: number; deadline: string; late: boolean; report: ReportRow | null }) {
  const own = { agencyId: r.agencyId, agencyPath: r.agencyPath };
  const status = r.report?.status ?? "none";
  return {
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    deadline: r.deadline,
    late: r.late,
    status: status as "none" | "draft" | "published",
    statusLabel: REPORT_STATUS_LABELS[status] ?? status,
    reportId: r.report?.id ?? null,
    generatedAt: r.report?.generatedAt.toISOString() ?? null,
    publishedOn: r.report?.publishedOn ?? null,
    can: statisticsPolicy.abilities(actor, own),
  };
}

export function presentReport(actor: Actor, r: ReportWithAgency, names: Map<string, string>, today: string) {
  return {
    id: r.id,
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    status: r.status,
    statusLabel: REPORT_STATUS_LABELS[r.status] ?? r.status,
    deadline: annualReportDeadline(r.year),
    late: annualReportLate(r.year, r.publishedOn, today),
    note: r.note,
    figures: r.figures,
    generatedAt: r.generatedAt.toISOString(),
    generatedByName: r.generatedBy ? (names.get(r.generatedBy) ?? null) : null,
    publishedOn: r.publishedOn,
    publishedByName: r.publishedBy ? (names.get(r.publishedBy) ?? null) : null,
    sha256: r.sha256,
    ledgerEntryId: r.ledgerEntryId,
    version: r.version,
    can: statisticsPolicy.abilities(actor, { agencyId: r.agencyId, agencyPath: r.agencyPath }),
  };
}

/** The ledger entry a publication wrote, as anyone needs it to check the published content. */
export type PublicLedgerEntry = { body: string; salt: string; commitment: string; leafIndex: number | null } | null;

/** The public view: the published payload (its hash is in the ledger, with the entry to check it) and when it was published. */
export function presentPublicReport(r: ReportWithAgency, ledger: PublicLedgerEntry) {
  return {
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
