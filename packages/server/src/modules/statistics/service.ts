/**
 * 行政执法统计年报 (R-PUB-10): the facts of a period read from the modules' tables (cases and
 * their decision stages, payments, legal reviews, publications and corrections, remedies), turned
 * into figures by the domain (`computeStatistics`); the annual report's lifecycle — a draft that
 * freezes the figures (regenerated while a draft), the 说明, publication with a ledger entry of
 * the canonical public payload's SHA-256 — and the public reads (published reports only).
 */
import { and, asc, desc, eq, gte, isNull, lte, sql, type SQL } from "drizzle-orm";
import {
  annualReportDeadline,
  annualReportLate,
  computeStatistics,
  LIVE_REVIEW_STATES,
  periodRefusal,
  redactText,
  REDACTION_KIND_LABELS,
  shanghaiDayEnd,
  shanghaiDayStart,
  todayInShanghai,
  yearEnded,
  yearPeriod,
  type StatisticsFacts,
  type StatisticsFigures,
  type StatisticsPeriod,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { agencies } from "../agencies/tables.ts";
import { cases, workflowDefinitions } from "../cases/tables.ts";
import { caseExecution } from "../execution/tables.ts";
import { legalReviews } from "../reviews/tables.ts";
import { publicationCorrections, publications, publicationVersions } from "../publicity/tables.ts";
import { caseRemedies } from "../remedies/tables.ts";
import { ledgerProofs } from "../ledger/public-entries.ts";
import { statisticsReports } from "./tables.ts";
import { isUuid } from "../../core/schemas.ts";
import { canonicalSha256 } from "../ledger/keys.ts";

export const statisticsErrors = {
  yearOutOfRange: (year: number) => new AppError("statistics_year_out_of_range", 400, `年度 ${year} 超出可统计的范围`),
  periodInFuture: () => new AppError("statistics_period_in_future", 400, "所选期间尚未开始，无法统计"),
  yearNotEnded: (year: number) => new AppError("statistics_year_not_ended", 409, `${year} 年度尚未结束，年度报告应在次年生成（可先查看季度或本年截至今日的数据）`),
  alreadyPublished: () => new AppError("statistics_already_published", 409, "该年度报告已经发布，不能再修改或重复发布；如数据有误，请在已发布的报告上选择“更正”"),
  notPublished: () => new AppError("statistics_not_published", 409, "只能更正已发布的年度报告：草稿可直接重新生成或修改说明"),
  superseded: () => new AppError("statistics_superseded", 409, "该版本已被更正，请在最新发布的版本上操作"),
  correctionPending: () => new AppError("statistics_correction_pending", 409, "该年度报告已有一份待发布的更正草稿，请先发布或修改该草稿"),
  unknownAgency: () => new AppError("statistics_unknown_agency", 404, "执法主体不存在或您无权查看"),
};

/** The ledger chain of an agency's annual reports. */
export const statisticsChain = (agencyId: string): string => `statistics:${agencyId}`;

export interface StatAgency {
  id: string;
  name: string;
  path: string;
}

export async function agencyFor(db: Db | Tx, id: string): Promise<StatAgency> {
  if (!isUuid(id)) throw statisticsErrors.unknownAgency();
  const [a] = await db.select({ id: agencies.id, name: agencies.name, path: agencies.path }).from(agencies).where(eq(agencies.id, id));
  if (!a) throw statisticsErrors.unknownAgency();
  return a;
}

/** Refuses periods out of range or not begun (stable error ids). */
export function checkPeriod(p: StatisticsPeriod, today: string): void {
  const refusal = periodRefusal(p, today);
  if (refusal === "out_of_range") throw statisticsErrors.yearOutOfRange(p.year);
  if (refusal === "future") throw statisticsErrors.periodInFuture();
}

// ---------------------------------------------------------------------------------------
// Facts (Asia/Shanghai dates: China has kept UTC+8 without daylight saving since 1991)
// ---------------------------------------------------------------------------------------

const shanghaiDate = (col: SQL | unknown) => sql<string | null>`to_char((${col} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
/** The instant a Shanghai calendar date starts. */

export async function readFacts(db: Db | Tx, agencyId: string, p: StatisticsPeriod): Promise<StatisticsFacts> {
  const from = shanghaiDayStart(p.from);
  const end = shanghaiDayEnd(p.to);
  // a case's decision: the first completion of a stage its workflow puts in phase "decision"
  const decidedOn = sql<string | null>`(select ${shanghaiDate(sql`min(cs.completed_at)`)} from case_stages cs
      where cs.case_id = ${cases.id} and cs.completed_at is not null
        and exists (select 1 from jsonb_array_elements(${workflowDefinitions.definition}->'stages') st where st->>'key' = cs.stage and st->>'phase' = 'decision'))`;
  const [caseRows, payments, reviews, pubs, versions, requests, remedies] = await Promise.all([
    db
      .select({
        actionType: cases.actionType,
        procedure: sql<string | null>`${workflowDefinitions.definition}->>'procedure'`,
        source: cases.source,
        openedOn: cases.openedOn,
        decidedOn,
        closedOn: shanghaiDate(cases.closedAt),
        status: cases.status,
        decision: cases.decision,
      })
      .from(cases)
      .innerJoin(workflowDefinitions, eq(workflowDefinitions.id, cases.workflowId))
      .where(and(eq(cases.agencyId, agencyId), lte(cases.openedOn, p.to), sql`(${cases.closedAt} is null or ${cases.closedAt} >= ${from.toISOString()}::timestamptz - interval '1 day')`)),
    db
      .select({ onDate: caseExecution.onDate, amountFen: caseExecution.amountFen })
      .from(caseExecution)
      .where(and(eq(caseExecution.agencyId, agencyId), eq(caseExecution.kind, "payment"), gte(caseExecution.onDate, p.from), lte(caseExecution.onDate, p.to))),
    db
      .select({ submittedOn: shanghaiDate(legalReviews.submittedAt), opinionOn: legalReviews.opinionOn, outcome: legalReviews.outcome, late: legalReviews.late, state: legalReviews.state })
      .from(legalReviews)
      .where(and(eq(legalReviews.agencyId, agencyId), sql`${legalReviews.submittedAt} < ${end.toISOString()}::timestamptz`, sql`(${legalReviews.opinionOn} is null or ${legalReviews.opinionOn} >= ${p.from})`)),
    db
      .select({
        decisionDate: publications.decisionDate,
        deadline: publications.deadline,
        status: publications.status,
        publishedOn: publications.publishedOn,
        late: publications.late,
        exclusion: publications.exclusion,
        withdrawnOn: publications.withdrawnOn,
        withdrawalLate: publications.withdrawalLate,
      })
      .from(publications)
      .where(and(eq(publications.agencyId, agencyId), gte(publications.decisionDate, p.from), lte(publications.decisionDate, p.to))),
    db
      .select({ on: shanghaiDate(publicationVersions.createdAt) })
      .from(publicationVersions)
      .innerJoin(publications, eq(publications.id, publicationVersions.publicationId))
      .where(and(eq(publications.agencyId, agencyId), eq(publicationVersions.kind, "correction"), isNull(publicationVersions.correctionId), sql`${publicationVersions.createdAt} >= ${from.toISOString()}::timestamptz`, sql`${publicationVersions.createdAt} < ${end.toISOString()}::timestamptz`)),
    db
      .select({ on: shanghaiDate(publicationCorrections.createdAt), status: publicationCorrections.status })
      .from(publicationCorrections)
      .where(and(eq(publicationCorrections.agencyId, agencyId), sql`${publicationCorrections.createdAt} >= ${from.toISOString()}::timestamptz`, sql`${publicationCorrections.createdAt} < ${end.toISOString()}::timestamptz`)),
    db
      .select({ kind: caseRemedies.kind, filedOn: caseRemedies.filedOn, decidedOn: caseRemedies.decidedOn, outcome: caseRemedies.outcome })
      .from(caseRemedies)
      .where(and(eq(caseRemedies.agencyId, agencyId), lte(caseRemedies.filedOn, p.to), sql`(${caseRemedies.decidedOn} is null or ${caseRemedies.decidedOn} >= ${p.from})`)),
  ]);
  return {
    cases: caseRows.map((c) => ({
      actionType: c.actionType,
      procedure: c.procedure,
      source: c.source,
      openedOn: c.openedOn,
      decidedOn: c.decidedOn,
      closedOn: c.closedOn,
      status: c.status,
      measures: c.decision?.measures ?? [],
      amountFen: c.decision?.amountFen ?? null,
    })),
    payments: payments.filter((x) => x.onDate).map((x) => ({ onDate: x.onDate!, amountFen: Number(x.amountFen ?? 0) })),
    reviews: reviews.filter((r) => r.submittedOn).map((r) => ({ submittedOn: r.submittedOn!, opinionOn: r.opinionOn, outcome: r.outcome, late: r.late, live: LIVE_REVIEW_STATES.includes(r.state) })),
    publications: pubs,
    corrections: [...versions.map((v) => ({ kind: "own" as const, on: v.on!, status: null })), ...requests.map((r) => ({ kind: "request" as const, on: r.on!, status: r.status }))],
    remedies,
  };
}

/** The figures of an agency for a period, computed now (nothing saved). */
export async function figuresFor(db: Db | Tx, agencyId: string, p: StatisticsPeriod, today: string): Promise<StatisticsFigures> {
  return computeStatistics(p, await readFacts(db, agencyId, p), today);
}

// ---------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------

export type ReportRow = typeof statisticsReports.$inferSelect;
export type ReportWithAgency = ReportRow & { agencyName: string; agencyPath: string };

const withAgency = { report: statisticsReports, agencyName: agencies.name, agencyPath: agencies.path };

export async function getReport(db: Db | Tx, id: string): Promise<ReportWithAgency | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select(withAgency).from(statisticsReports).innerJoin(agencies, eq(agencies.id, statisticsReports.agencyId)).where(eq(statisticsReports.id, id));
  return row ? { ...row.report, agencyName: row.agencyName, agencyPath: row.agencyPath } : null;
}


/**
 * R-PUB-10: the year's report of each agency in scope — none yet, draft, or published — with
 * its deadline (31 January of the following year) and whether it is late today.
 */
export async function listReports(db: Db, scope: { pathPrefix: string } | { agencyId: string }, year: number, today: string) {
  const where = "pathPrefix" in scope ? sql`${agencies.path} like ${scope.pathPrefix + "%"}` : eq(agencies.id, scope.agencyId);
  const rows = await db
    .select({ agencyId: agencies.id, agencyName: agencies.name, agencyPath: agencies.path, report: statisticsReports })
    .from(agencies)
    .leftJoin(statisticsReports, and(eq(statisticsReports.agencyId, agencies.id), eq(statisticsReports.year, year), sql`${statisticsReports.status} <> 'superseded'`))
    .where(and(where, eq(agencies.active, true)))
    .orderBy(asc(agencies.path), asc(agencies.name), asc(statisticsReports.edition))
    .limit(2000);
  // an agency's published edition, and a draft beside it when a correction is being prepared
  const byAgency = new Map<string, { row: (typeof rows)[number]; correctionDraft: ReportRow | null }>();
  for (const r of rows) {
    const seen = byAgency.get(r.agencyId);
    if (!seen) byAgency.set(r.agencyId, { row: r, correctionDraft: null });
    else if (r.report?.status === "draft") seen.correctionDraft = r.report;
  }
  return [...byAgency.values()].map(({ row: r, correctionDraft }) => ({
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    agencyPath: r.agencyPath,
    year,
    deadline: annualReportDeadline(year),
    report: r.report,
    correctionDraft,
    // the year's timeliness is its first publication's (a correction inherits it)
    late: r.report?.status === "published" ? r.report.late === true : annualReportLate(year, null, today),
  }));
}

/** Annual reports past their deadline and not published, or published late (the accountability report, R-PUB-12). */
export async function lateReports(db: Db | Tx, scope: { pathPrefix: string } | { agencyId: string }, today: string) {
  const scopeCondition = "pathPrefix" in scope ? sql`${agencies.path} like ${scope.pathPrefix + "%"}` : eq(agencies.id, scope.agencyId);
  // the year whose report is due: last year's after 31 January, the one before until then
  const year = Number(today.slice(0, 4)) - 1;
  const due = annualReportLate(year, null, today) ? year : year - 1;
  const rows = await db
    .select({ agencyId: agencies.id, agencyName: agencies.name, status: statisticsReports.status, publishedOn: statisticsReports.publishedOn, late: statisticsReports.late })
    .from(agencies)
    // the current edition: the published one, else the draft of a report never published
    .leftJoin(
      statisticsReports,
      and(
        eq(statisticsReports.agencyId, agencies.id),
        eq(statisticsReports.year, due),
        sql`(${statisticsReports.status} = 'published' or (${statisticsReports.status} = 'draft' and ${statisticsReports.edition} = 1))`,
      ),
    )
    .where(and(scopeCondition, eq(agencies.active, true), sql`(${statisticsReports.id} is null or ${statisticsReports.status} <> 'published' or ${statisticsReports.late} = true)`))
    .orderBy(asc(agencies.name))
    .limit(500);
  return rows.map((r) => ({ agencyId: r.agencyId, agencyName: r.agencyName, year: due, deadline: annualReportDeadline(due), status: r.status ?? "none", publishedOn: r.publishedOn }));
}

/** Serialises what creates or regenerates a draft of (agency, year): generation and correction. */
async function lockYear(tx: Tx, agencyId: string, year: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`statistics:${agencyId}:${year}`}))`);
}

/**
 * Generates the draft of (agency, year) from the data, or regenerates it while a draft (the 说明
 * is kept). Only for a year that has ended; a published report is never regenerated.
 */
export async function generate(db: Db, ctx: AuditContext, actor: Actor, agency: StatAgency, year: number): Promise<string> {
  const now = new Date();
  const today = todayInShanghai(now);
  const p = yearPeriod(year);
  checkPeriod(p, today);
  if (!yearEnded(year, today)) throw statisticsErrors.yearNotEnded(year);
  return mutate(db, ctx, async (tx) => {
    // one draft per agency and year: concurrent generations wait for each other here
    await lockYear(tx, agency.id, year);
    const current = await tx
      .select()
      .from(statisticsReports)
      .where(and(eq(statisticsReports.agencyId, agency.id), eq(statisticsReports.year, year), sql`${statisticsReports.status} <> 'superseded'`))
      .for("update");
    // a draft (the first edition, or a correction being prepared) is regenerated; a published one never
    const existing = current.find((r) => r.status === "draft") ?? current[0];
    if (existing?.status === "published") throw statisticsErrors.alreadyPublished();
    const figures = await figuresFor(tx, agency.id, p, today);
    if (existing) {
      await tx
        .update(statisticsReports)
        .set({ figures, generatedAt: now, generatedBy: actor.id, version: sql`${statisticsReports.version} + 1`, updatedAt: now })
        .where(eq(statisticsReports.id, existing.id));
      return existing.id;
    }
    const [row] = await tx.insert(statisticsReports).values({ agencyId: agency.id, year, figures, generatedAt: now, generatedBy: actor.id }).returning({ id: statisticsReports.id });
    return row!.id;
  });
}

/**
 * The 说明 is public once published: identity numbers, phones, bank cards, plates and e-mails are
 * refused (names and addresses are left to the reviewer: the heuristics would flag ordinary text).
 */
const NOTE_REFUSED = new Set(["id_number", "phone", "bank_card", "plate", "email"]);
function checkNote(note: string, field: "note" | "reason" = "note"): void {
  const what = field === "note" ? "说明" : "更正说明";
  const hits = redactText(note, { personNames: [], keep: [] }).hits.filter((h) => NOTE_REFUSED.has(h.kind));
  if (hits.length) {
    throw errors.validation(
      hits.map((h) => ({ field, message: `${what}第 ${h.start + 1} 个字起含有${REDACTION_KIND_LABELS[h.kind]}，${what}将随报告公开，请删除` })),
      `${what}将随报告公开，不能含有个人信息`,
    );
  }
}

/**
 * 更正: a published report found wrong gets a new edition — a draft with the figures computed
 * from the data now and the 说明 carried over, saying why (public). The published edition stays
 * public until the correction is published, then stays readable as superseded.
 */
export async function correct(db: Db, ctx: AuditContext, actor: Actor, report: ReportRow, input: { reason: string }): Promise<string> {
  const reason = input.reason.trim();
  if (!reason) throw errors.validation([{ field: "reason", message: "请说明更正的原因" }]);
  checkNote(reason, "reason");
  const now = new Date();
  const today = todayInShanghai(now);
  return mutate(db, ctx, async (tx) => {
    await lockYear(tx, report.agencyId, report.year);
    const [row] = await tx.select().from(statisticsReports).where(eq(statisticsReports.id, report.id)).for("update");
    if (!row) throw errors.notFound("统计年报");
    if (row.status === "superseded") throw statisticsErrors.superseded();
    if (row.status !== "published") throw statisticsErrors.notPublished();
    const [draft] = await tx
      .select({ id: statisticsReports.id })
      .from(statisticsReports)
      .where(and(eq(statisticsReports.agencyId, row.agencyId), eq(statisticsReports.year, row.year), eq(statisticsReports.status, "draft")));
    if (draft) throw statisticsErrors.correctionPending();
    const figures = await figuresFor(tx, row.agencyId, yearPeriod(row.year), today);
    const [created] = await tx
      .insert(statisticsReports)
      .values({ agencyId: row.agencyId, year: row.year, figures, note: row.note, generatedAt: now, generatedBy: actor.id, edition: row.edition + 1, supersedes: row.id, correctionReason: reason })
      .returning({ id: statisticsReports.id });
    return created!.id;
  });
}

async function lockDraft(tx: Tx, id: string, expectedVersion?: number): Promise<ReportRow> {
  const [row] = await tx.select().from(statisticsReports).where(eq(statisticsReports.id, id)).for("update");
  if (!row) throw errors.notFound("统计年报");
  if (row.status === "superseded") throw statisticsErrors.superseded();
  if (row.status === "published") throw statisticsErrors.alreadyPublished();
  if (expectedVersion !== undefined && row.version !== expectedVersion) throw errors.staleVersion();
  return row;
}

export async function editNote(db: Db, ctx: AuditContext, report: ReportRow, input: { note: string; expectedVersion?: number }): Promise<void> {
  const note = input.note.trim();
  checkNote(note);
  await mutate(db, ctx, async (tx) => {
    const row = await lockDraft(tx, report.id, input.expectedVersion);
    await tx.update(statisticsReports).set({ note, version: row.version + 1, updatedAt: new Date() }).where(eq(statisticsReports.id, row.id));
  });
}

/** What the public sees of a published report; its SHA-256 is in the ledger. */
export interface ReportPayload {
  reportId: string;
  agencyId: string;
  agencyName: string;
  year: number;
  note: string;
  figures: StatisticsFigures;
  /** A correction only (a first edition's payload has none of these): 版次, the edition corrected, 更正说明. */
  edition?: number;
  supersedes?: string;
  correctionReason?: string;
}

export function reportPayload(r: Pick<ReportWithAgency, "id" | "agencyId" | "agencyName" | "year" | "note" | "figures" | "edition" | "supersedes" | "correctionReason">): ReportPayload {
  const payload: ReportPayload = { reportId: r.id, agencyId: r.agencyId, agencyName: r.agencyName, year: r.year, note: r.note, figures: r.figures };
  return r.supersedes ? { ...payload, edition: r.edition, supersedes: r.supersedes, correctionReason: r.correctionReason } : payload;
}

export const payloadSha256 = (p: ReportPayload): string => canonicalSha256(p);

/** Publishes the draft as it stands (figures frozen at its last generation); late after 31 January. */
export async function publish(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, report: ReportWithAgency, input: { expectedVersion?: number }): Promise<void> {
  const now = new Date();
  const today = todayInShanghai(now);
  await mutate(db, ctx, async (tx) => {
    const row = await lockDraft(tx, report.id, input.expectedVersion);
    checkNote(row.note);
    let late = annualReportLate(row.year, today, today);
    if (row.supersedes) {
      // a correction: the edition it corrects steps down (still readable), and the year keeps the
      // timeliness of its first publication
      const [old] = await tx.select().from(statisticsReports).where(eq(statisticsReports.id, row.supersedes)).for("update");
      if (!old || old.status !== "published") throw statisticsErrors.superseded();
      late = old.late === true;
      await tx.update(statisticsReports).set({ status: "superseded", supersededAt: now, version: old.version + 1, updatedAt: now }).where(eq(statisticsReports.id, old.id));
    }
    const sha256 = payloadSha256(reportPayload({ ...row, agencyName: report.agencyName }));
    const entry = await ledger.append(tx, {
      kind: "statistics.published",
      actor: `user:${actor.id}`,
      chain: statisticsChain(row.agencyId),
      data: {
        reportId: row.id,
        agencyId: row.agencyId,
        year: row.year,
        sha256,
        deadline: annualReportDeadline(row.year),
        publishedOn: today,
        late,
        by: actor.displayName,
        ...(row.supersedes ? { edition: row.edition, supersedes: row.supersedes, correctionReason: row.correctionReason } : {}),
      },
    });
    await tx
      .update(statisticsReports)
      .set({ status: "published", publishedAt: now, publishedOn: today, publishedBy: actor.id, late, sha256, ledgerEntryId: entry.id, version: row.version + 1, updatedAt: now })
      .where(eq(statisticsReports.id, row.id));
  });
}

// ---------------------------------------------------------------------------------------
// Public (no login): published reports only
// ---------------------------------------------------------------------------------------

export async function publishedReports(db: Db, f: { agencyId?: string; year?: number } = {}) {
  const conds: SQL[] = [eq(statisticsReports.status, "published")];
  if (f.agencyId) conds.push(eq(statisticsReports.agencyId, f.agencyId));
  if (f.year) conds.push(eq(statisticsReports.year, f.year));
  return db
    .select({ id: statisticsReports.id, agencyId: statisticsReports.agencyId, agencyName: agencies.name, agencyPath: agencies.path, year: statisticsReports.year, publishedOn: statisticsReports.publishedOn, late: statisticsReports.late, edition: statisticsReports.edition })
    .from(statisticsReports)
    .innerJoin(agencies, eq(agencies.id, statisticsReports.agencyId))
    .where(and(...conds))
    .orderBy(desc(statisticsReports.year), asc(agencies.path))
    .limit(2000);
}

/** The ledger entry the report's publication wrote, with its salt and leaf (null before it exists). */
export async function publicLedgerEntry(db: Db, r: Pick<ReportWithAgency, "ledgerEntryId">): Promise<{ body: string; salt: string; commitment: string; leafIndex: number | null } | null> {
  if (!r.ledgerEntryId) return null;
  const found = (await ledgerProofs(db, [r.ledgerEntryId])).get(r.ledgerEntryId);
  return found ? { body: found.body, salt: found.salt, commitment: found.commitment, leafIndex: found.leafIndex } : null;
}

/** A published report, current or superseded by a correction (a draft does not exist publicly). */
export async function publicReport(db: Db, id: string): Promise<ReportWithAgency | null> {
  const r = await getReport(db, id);
  return r && (r.status === "published" || r.status === "superseded") ? r : null;
}

/** The published edition that corrected `id`, if any (a correction still in draft does not count). */
export async function correctedBy(db: Db | Tx, id: string): Promise<{ id: string; publishedOn: string | null } | null> {
  const [r] = await db
    .select({ id: statisticsReports.id, publishedOn: statisticsReports.publishedOn })
    .from(statisticsReports)
    .where(and(eq(statisticsReports.supersedes, id), sql`${statisticsReports.status} <> 'draft'`));
  return r ?? null;
}
