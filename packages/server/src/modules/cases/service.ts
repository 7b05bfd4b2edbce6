/**
 * Case handling (R-CASE-01…07): opening a case with its number, the team, records,
 * completing stages through the gates, suspensions, approvals by the head, and the
 * backfill flags. Every change and its ledger entry (chain `case:<id>`) commit together.
 */
import crypto from "node:crypto";
import { and, asc, desc, eq, getTableName, inArray, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  ACTION_TYPE_LABELS,
  BACKFILL_FLAG_LABELS,
  DEFAULT_CASE_NUMBER_RULE,
  addCalendarDays,
  agencyAbbreviation,
  DOC_KIND_LABELS,
  backfillFlags,
  caseNumberSeries,
  computeDeadline,
  dueSoonDate,
  evaluateAdvance,
  finesAllowed,
  formatCaseNumber,
  isDocKind,
  mayAct,
  parseCaseNumberRule,
  stageOf,
  todayInShanghai,
  type ActionType,
  type CaseFacts,
  type CaseSource,
  type DocKind,
  type GateRefusal,
  type JsonValue,
  type StageLimit,
  type WorkflowDefinition,
  type WorkingCalendar,
  beijingTime,
} from "@zhifa/domain";
import { PgTransaction } from "drizzle-orm/pg-core";
import { rows, type Db, type Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { cachedRead } from "../../db/notified-cache.ts";
import { settings } from "../catalog/tables.ts";
import { AppError, errors } from "../../core/errors.ts";
import { inScope, type Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { agencies } from "../agencies/tables.ts";
import { users } from "../users/tables.ts";
import { officers } from "../lists/defs/officers.ts";
import { avRecordItems } from "../lists/defs/av-records.ts";
import { discretionTiers } from "../lists/defs/discretion-tiers.ts";
import { evidenceFiles } from "../evidence/tables.ts";
import { loadCalendar } from "../calendar/service.ts";
import { getSetting } from "../catalog/settings.ts";
import { evaluateMajor } from "../catalog/service.ts";
import { checkTeamFor, DEFAULT_QUALIFICATION_POLICY, getOfficers, loadQualifications } from "../officers/service.ts";
import { caseApprovals, caseFlags, caseNumberSeries as seriesTable, caseOfficers, caseRecords, cases, caseStages, caseSuspensions, officerInterests, type CaseDecision } from "./tables.ts";
import { currentWorkflow, definitionOf, workflowById } from "./workflows.ts";
import { caseResourceOf, interestPolicy, type CaseResource } from "./policy.ts";
import { isUuid } from "../../core/schemas.ts";

export type CaseRow = typeof cases.$inferSelect;
export type CaseWithAgency = CaseRow & { agencyPath: string; agencyName: string; agencyCode: string };

/** The ledger chain of a case: every entry about it, in order (R-REC-02). */
export const caseChain = (caseId: string): string => `case:${caseId}`;

export const CASE_NUMBER_RULE_SETTING = "caseNumber.rule";
export const BACKFILL_TOLERANCE_SETTING = "case.backfillToleranceHours";


function gateError(refusals: GateRefusal[]): AppError {
  const first = refusals[0]!;
  return new AppError(first.code, 409, refusals.map((r) => r.message).join("；"), refusals);
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

export async function getCase(db: Db | Tx, id: string): Promise<CaseWithAgency | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ c: cases, agencyPath: agencies.path, agencyName: agencies.name, agencyCode: agencies.code })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.id, id));
  return row ? { ...row.c, agencyPath: row.agencyPath, agencyName: row.agencyName, agencyCode: row.agencyCode } : null;
}

export async function getCaseByNumber(db: Db | Tx, number: string): Promise<CaseWithAgency | null> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
  return row ? getCase(db, row.id) : null;
}

/** Users (logins) of the officers currently on the case's team. */
export async function teamOf(db: Db | Tx, caseId: string): Promise<{ officerId: string; name: string; role: string; userId: string | null; certNumber: string }[]> {
  return db
    .select({ officerId: caseOfficers.officerId, name: officers.name, role: caseOfficers.role, userId: users.id, certNumber: officers.certNumber })
    .from(caseOfficers)
    .innerJoin(officers, eq(officers.id, caseOfficers.officerId))
    .leftJoin(users, eq(users.username, officers.username))
    .where(and(eq(caseOfficers.caseId, caseId), isNull(caseOfficers.removedAt)))
    .orderBy(asc(caseOfficers.assignedAt));
}

/** The case as its policy sees it: owning agency and the logins on its team. */
export async function caseResource(db: Db | Tx, c: { id: string; agencyId: string; agencyPath: string }): Promise<CaseResource> {
  return caseResourceOf(c, await teamOf(db, c.id));
}

// ---------------------------------------------------------------------------------------
// Case numbers (R-CASE-02)
// ---------------------------------------------------------------------------------------

/** Tables read by the per-process caches of this module (decision 003): a change to one drops what was read from it. */
const SETTINGS_TABLES = [getTableName(settings)];
const OFFICER_TABLES = [getTableName(officers), getTableName(agencies)];
const INTEREST_TABLES = [getTableName(officerInterests)];
const AV_LIST_TABLES = [getTableName(avRecordItems)];
const AGENCY_TABLES = [getTableName(agencies)];

export async function caseNumberRule(db: Db | Tx): Promise<string> {
  return cachedRead(db, "case.setting", CASE_NUMBER_RULE_SETTING, SETTINGS_TABLES, async () => {
    const v = await getSetting(db, CASE_NUMBER_RULE_SETTING);
    return typeof v === "string" && v ? v : DEFAULT_CASE_NUMBER_RULE;
  });
}

/**
 * Takes the next number of the series in the caller's transaction: the counter row stays
 * locked until commit and a rollback returns the number, so the series has no gaps and no
 * duplicates however many cases open at once.
 */
export async function allocateNumber(tx: Tx, template: string, parts: { agencyCode: string; agencyShort: string; actionType: ActionType; year: number }): Promise<{ number: string; series: string; seq: number }> {
  const rule = parseCaseNumberRule(template);
  const series = caseNumberSeries(rule, parts);
  const [row] = await tx
    .insert(seriesTable)
    .values({ series, last: 1 })
    .onConflictDoUpdate({ target: seriesTable.series, set: { last: sql`${seriesTable.last} + 1` } })
    .returning({ last: seriesTable.last });
  const seq = row!.last;
  return { number: formatCaseNumber(rule, parts, seq), series, seq };
}

// ---------------------------------------------------------------------------------------
// Deadlines (R-CASE-07)
// ---------------------------------------------------------------------------------------

interface Dates {
  due: string | null;
  soon: string | null;
}

function limitDates(cal: WorkingCalendar, start: string, limit: StageLimit | undefined, suspensions: { from: string; to: string | null }[], today: string): Dates {
  if (!limit) return { due: null, soon: null };
  const d = computeDeadline(cal, { start, limit, suspensions, today });
  if (!d.due) return { due: null, soon: null };
  return { due: d.due, soon: dueSoonDate(cal, d.due, limit) };
}

async function suspensionsOf(db: Db | Tx, caseId: string, stage?: string): Promise<{ from: string; to: string | null }[]> {
  const rows = await db
    .select({ from: caseSuspensions.fromDate, to: caseSuspensions.toDate })
    .from(caseSuspensions)
    .where(stage ? and(eq(caseSuspensions.caseId, caseId), eq(caseSuspensions.stage, stage)) : eq(caseSuspensions.caseId, caseId))
    .orderBy(asc(caseSuspensions.fromDate));
  return rows;
}

/** Recomputes the stored due dates of the case's current stage and of the case. */
async function refreshDeadlines(tx: Tx, c: CaseRow, def: WorkflowDefinition, today: string): Promise<Dates & { caseDue: string | null; caseSoon: string | null }> {
  const cal = await loadCalendar(tx);
  const stage = stageOf(def, c.stage);
  const stageDates = limitDates(cal, c.stageStartedOn, stage?.limit, await suspensionsOf(tx, c.id, c.stage), today);
  const ended = def.caseLimitEndsAt ? (await tx.select({ id: caseStages.id }).from(caseStages).where(and(eq(caseStages.caseId, c.id), eq(caseStages.stage, def.caseLimitEndsAt), sql`${caseStages.completedAt} is not null`)).limit(1)).length > 0 : false;
  const caseDates = ended ? { due: null, soon: null } : limitDates(cal, c.openedOn, def.caseLimit, await suspensionsOf(tx, c.id), today);
  return { due: stageDates.due, soon: stageDates.soon, caseDue: caseDates.due, caseSoon: caseDates.soon };
}

// ---------------------------------------------------------------------------------------
// Team: qualification and avoidance (R-LIST-11, R-CASE-03, R-CASE-04)
// ---------------------------------------------------------------------------------------

/** Officers who declared an interest in this party (matched by 证件号 when both have one, else by name). */
async function interestedOfficers(db: Db | Tx, officerIds: string[], party: { name: string; idNo: string }): Promise<Map<string, string>> {
  if (officerIds.length === 0) return new Map();
  const rows = await cachedRead(db, "case.interests", officerIds.join(","), INTEREST_TABLES, () => db.select().from(officerInterests).where(inArray(officerInterests.officerId, officerIds)));
  const out = new Map<string, string>();
  for (const r of rows) {
    const byId = r.partyIdNo && party.idNo ? r.partyIdNo.trim().toUpperCase() === party.idNo.trim().toUpperCase() : false;
    const byName = r.partyName.trim() === party.name.trim();
    if (byId || byName) out.set(r.officerId, r.relation);
  }
  return out;
}

/**
 * Checks officers about to be assigned: they exist in the case's agency, may act for the
 * action type and region today (R-LIST-11), and have declared no interest in the party
 * (R-CASE-04). Throws the first problem with a stable id.
 */
async function checkAssignable(db: Db | Tx, agencyId: string, officerIds: string[], actionType: ActionType, regionCode: string, party: { name: string; idNo: string }, today: string): Promise<void> {
  const found = await cachedRead(db, "case.officers", officerIds.join(","), OFFICER_TABLES, () => getOfficers(db, officerIds));
  for (const id of officerIds) {
    if (found.get(id)?.agencyId !== agencyId) throw new AppError("case_officer_unknown", 400, "所选执法人员不属于本执法主体", [{ field: "officerIds", message: "所选执法人员不属于本执法主体" }]);
  }
  for (const q of await loadQualifications(db, officerIds)) {
    const r = mayAct(q, actionType, regionCode, today, DEFAULT_QUALIFICATION_POLICY);
    if (!r.ok) throw new AppError("case_officer_unqualified", 409, `${q.name}不能承办此案：${r.reason}`, [{ field: "officerIds", message: r.reason, code: r.code, officerId: q.officerId }]);
  }
  const interested = await interestedOfficers(db, officerIds, party);
  for (const id of officerIds) {
    const relation = interested.get(id);
    if (relation) throw new AppError("case_officer_avoidance", 409, `${found.get(id)!.name}已申报与当事人存在利害关系（${relation}），应当回避，不能承办此案`, [{ field: "officerIds", message: relation, officerId: id }]);
  }
}

// ---------------------------------------------------------------------------------------
// Opening a case
// ---------------------------------------------------------------------------------------

export interface OpenCaseInput {
  workflowKey: string;
  title: string;
  source: CaseSource;
  sourceDetail?: string;
  party: { type: "person" | "org"; name: string; idNo?: string; address?: string; phone?: string };
  regionCode?: string;
  powerItemCode?: string | null;
  officerIds: string[];
  /** The day the lead was found (the filing clock starts here); default today. */
  openedOn?: string;
}

export async function openCase(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, input: OpenCaseInput): Promise<CaseRow> {
  const now = new Date();
  const today = todayInShanghai(now);
  const openedOn = input.openedOn ?? today;
  if (openedOn > today) throw errors.validation([{ field: "openedOn", message: "发现线索日期不能晚于今天" }]);
  // a lead older than a year is not a new case's filing clock (and keeps deadline walks bounded)
  if (openedOn < addCalendarDays(today, -366)) throw errors.validation([{ field: "openedOn", message: "发现线索日期不能早于一年前" }]);
  const wf = await currentWorkflow(db, input.workflowKey);
  const def = wf.definition;
  const agency = await cachedRead(db, "case.agency", actor.agencyId, AGENCY_TABLES, async () => (await db.select().from(agencies).where(eq(agencies.id, actor.agencyId)))[0] ?? null);
  if (!agency) throw errors.notFound("执法主体");
  if (!agency.actionTypes.includes(def.actionType)) throw new AppError("case_action_type_not_allowed", 409, `本执法主体没有${ACTION_TYPE_LABELS[def.actionType]}职权`);
  const regionCode = input.regionCode ?? agency.regionCode;
  const officerIds = [...new Set(input.officerIds)];
  if (officerIds.length === 0) throw errors.validation([{ field: "officerIds", message: "请至少指定一名承办人员" }]);
  const party = { name: input.party.name.trim(), idNo: (input.party.idNo ?? "").trim() };
  await checkAssignable(db, agency.id, officerIds, def.actionType, regionCode, party, today);
  const first = def.stages[0]!;
  const rule = await caseNumberRule(db);
  // A new case has no suspensions and no completed stage: its due dates need only the calendar,
  // so they are computed before the transaction, which then holds the series' counter row (locked
  // from allocateNumber to commit) for a few inserts only.
  const cal = await loadCalendar(db);
  const stageDates = limitDates(cal, openedOn, first.limit, [], today);
  const caseDates = limitDates(cal, openedOn, def.caseLimit, [], today);
  return mutate(db, ctx, async (tx) => {
    const num = await allocateNumber(tx, rule, { agencyCode: agency.code, agencyShort: agencyAbbreviation(agency.name), actionType: def.actionType, year: Number(today.slice(0, 4)) });
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(cases)
      .values({
        id,
        agencyId: agency.id,
        number: num.number,
        series: num.series,
        seq: num.seq,
        workflowId: wf.id,
        actionType: def.actionType,
        title: input.title.trim(),
        source: input.source,
        sourceDetail: input.sourceDetail?.trim() ?? "",
        partyType: input.party.type,
        partyName: party.name,
        partyIdNo: party.idNo,
        partyAddress: input.party.address?.trim() ?? "",
        partyPhone: input.party.phone?.trim() ?? "",
        regionCode,
        powerItemCode: input.powerItemCode?.trim() || null,
        stage: first.key,
        stageStartedOn: openedOn,
        stageDue: stageDates.due,
        stageSoon: stageDates.soon,
        caseDue: caseDates.due,
        caseSoon: caseDates.soon,
        openedOn,
        openedBy: actor.id,
      })
      .returning();
    await tx.insert(caseOfficers).values(officerIds.map((officerId, i) => ({ caseId: id, officerId, role: i === 0 ? "lead" : "member" })));
    await tx.insert(caseStages).values({ caseId: id, stage: first.key, startedAt: now, startedOn: openedOn, due: stageDates.due });
    await ledger.append(tx, {
      kind: "case.opened",
      actor: `user:${actor.id}`,
      chain: caseChain(id),
      data: {
        caseId: id,
        number: num.number,
        agencyId: agency.id,
        workflow: { key: def.key, version: def.version },
        title: row!.title,
        source: input.source,
        party: { type: input.party.type, name: party.name, idNo: party.idNo },
        regionCode,
        officerIds,
        openedOn,
        enteredAt: now.toISOString(),
      },
    });
    return row!;
  });
}

// ---------------------------------------------------------------------------------------
// Records (R-REC-01, R-CASE-05, R-CASE-06)
// ---------------------------------------------------------------------------------------

export interface RecordInput {
  kind: DocKind;
  title?: string;
  body: string;
  /** When the act happened; default now. */
  actedAt?: string;
  /** The stage it belongs to; default the current stage. */
  stage?: string;
  supersedes?: string | null;
}

async function backfillTolerance(db: Db | Tx): Promise<number> {
  return cachedRead(db, "case.setting", BACKFILL_TOLERANCE_SETTING, SETTINGS_TABLES, async () => {
    const v = await getSetting(db, BACKFILL_TOLERANCE_SETTING);
    return typeof v === "number" && v > 0 ? v : 24;
  });
}

/**
 * What a caller adds to a record (a generated document, R-CASE-06): more data for the record's ledger
 * entry (e.g. the document's hash), and its own rows written in the same transaction.
 */
export interface RecordExtra {
  ledgerData?: Record<string, JsonValue>;
  within?: (tx: Tx, record: typeof caseRecords.$inferSelect) => Promise<void>;
}

export async function addRecord(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: RecordInput, extra: RecordExtra = {}, known?: Pick<CaseView, "stages" | "records">): Promise<typeof caseRecords.$inferSelect> {
  if (c.status === "archived" || c.status === "terminated") throw new AppError("case_not_open", 409, "案件已归档或终止，不能再添加记录");
  if (!isDocKind(input.kind)) throw errors.validation([{ field: "kind", message: "记录类型无效" }]);
  const def = await definitionOf(db, c.workflowId);
  const stage = input.stage ?? c.stage;
  if (!stageOf(def, stage)) throw errors.validation([{ field: "stage", message: "所属环节不在本案流程中" }]);
  const enteredAt = new Date();
  const actedAt = input.actedAt ? new Date(input.actedAt) : enteredAt;
  if (Number.isNaN(actedAt.getTime())) throw errors.validation([{ field: "actedAt", message: "办理时间格式无效" }]);
  if (actedAt.getTime() > enteredAt.getTime() + 10 * 60_000) throw errors.validation([{ field: "actedAt", message: "办理时间不能晚于现在" }]);
  const stageRuns = known
    ? known.stages.filter((s) => s.stage === stage).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    : await db.select().from(caseStages).where(and(eq(caseStages.caseId, c.id), eq(caseStages.stage, stage))).orderBy(desc(caseStages.startedAt));
  if (stageRuns.length === 0) throw new AppError("case_stage_not_reached", 409, "案件尚未进入该环节，不能为其添加记录");
  if (input.supersedes) {
    const supersedes = input.supersedes;
    const [old] = known
      ? known.records.filter((r) => r.id === supersedes)
      : await db.select({ id: caseRecords.id }).from(caseRecords).where(and(eq(caseRecords.id, supersedes), eq(caseRecords.caseId, c.id)));
    if (!old) throw errors.validation([{ field: "supersedes", message: "被更正的记录不属于本案" }]);
  }
  const completedAt = stageRuns[0]!.completedAt;
  const flags = backfillFlags({ actedAt, enteredAt, toleranceHours: await backfillTolerance(db), stageCompletedAt: completedAt });
  return mutate(db, ctx, async (tx) => {
    const id = crypto.randomUUID();
    const title = input.title?.trim() || DOC_KIND_LABELS[input.kind];
    const entry = await ledger.append(tx, {
      kind: "case.record",
      actor: `user:${actor.id}`,
      chain: caseChain(c.id),
      data: { ...extra.ledgerData, caseId: c.id, recordId: id, stage, kind: input.kind, title, body: input.body, actedAt: actedAt.toISOString(), enteredAt: enteredAt.toISOString(), flags, supersedes: input.supersedes ?? null, by: actor.displayName },
    });
    const [row] = await tx
      .insert(caseRecords)
      .values({ id, caseId: c.id, stage, kind: input.kind, title, body: input.body, actedAt, enteredAt, createdBy: actor.id, supersedes: input.supersedes ?? null, flags, ledgerEntryId: entry.id })
      .returning();
    for (const f of flags) await raiseFlag(tx, c, f, stage, `${title}：${BACKFILL_FLAG_LABELS[f]}（办理时间 ${beijingTime(actedAt)}，录入时间 ${beijingTime(enteredAt)}）`, id);
    if (extra.within) await extra.within(tx, row!);
    await touch(tx, c.id);
    return row!;
  });
}

async function raiseFlag(tx: Tx, c: { id: string; agencyId: string }, kind: string, stage: string, detail: string, recordId: string | null = null): Promise<void> {
  await tx.insert(caseFlags).values({ caseId: c.id, agencyId: c.agencyId, kind, stage, detail, recordId });
  await tx.update(cases).set({ flagCount: sql`${cases.flagCount} + 1` }).where(eq(cases.id, c.id));
}

async function touch(tx: Tx, caseId: string): Promise<void> {
  await tx.update(cases).set({ updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, caseId));
}

// ---------------------------------------------------------------------------------------
// Facts and gates
// ---------------------------------------------------------------------------------------

/** Kinds of the case's current records (a superseded record no longer counts). */
async function documentKinds(db: Db | Tx, caseId: string): Promise<Set<DocKind>> {
  return kindsInForce(await db.select({ id: caseRecords.id, kind: caseRecords.kind, supersedes: caseRecords.supersedes }).from(caseRecords).where(eq(caseRecords.caseId, caseId)));
}

/** The kinds of the records not superseded by a correction. */
function kindsInForce(rows: { id: string; kind: string; supersedes: string | null }[]): Set<DocKind> {
  const superseded = new Set(rows.map((r) => r.supersedes).filter(Boolean));
  return new Set(rows.filter((r) => !superseded.has(r.id)).map((r) => r.kind as DocKind));
}

/** The legal-review hook of the decision gate (R-REV-02); the legal-review module registers its own. */
export interface LegalReviewHook {
  status(db: Db | Tx, c: CaseRow): Promise<{ passed: boolean; pending: boolean; stale?: boolean }>;
}
export const legalReview: { hook: LegalReviewHook } = {
  hook: { status: async () => ({ passed: false, pending: false }) },
};

/**
 * Hooks run when a case's decision is issued (a stage of phase "decision" completes), inside the
 * same transaction: the publicity module drafts the decision's publication (R-PUB-03).
 */
export type DecisionIssuedHook = (tx: Tx, ledger: Ledger, c: CaseWithAgency, issued: { on: string; stage: string; def: WorkflowDefinition }) => Promise<void>;
export const decisionIssued: { hooks: DecisionIssuedHook[] } = { hooks: [] };

/**
 * Hooks run when a case is closed (结案) or archived (归档), inside the same transaction: the case-file
 * module enqueues the assembly of the electronic case file (R-REC-07).
 */
export type CaseEndedHook = (tx: Tx, c: CaseWithAgency, status: "closed" | "archived") => Promise<void>;
export const caseEnded: { hooks: CaseEndedHook[] } = { hooks: [] };

/** Does the agency's audio/video list (R-LIST-05) make this stage full-process? */
async function avMandatoryByList(db: Db | Tx, c: CaseWithAgency, stageName: string): Promise<boolean> {
  const ancestors = c.agencyPath.split("/").filter(Boolean);
  const rows = await cachedRead(db, "case.av-list", c.agencyPath, AV_LIST_TABLES, () =>
    db
      .select({ activity: avRecordItems.activity, actionTypes: avRecordItems.actionTypes })
      .from(avRecordItems)
      .where(and(inArray(avRecordItems.agencyId, ancestors), eq(avRecordItems.requirement, "full_process"))),
  );
  return rows.some((r) => (r.actionTypes.length === 0 || r.actionTypes.includes(c.actionType)) && (stageName.includes(r.activity) || r.activity.includes(stageName)));
}

/** What a caller already read of the case (the detail view): caseFacts then needs fewer queries. */
export interface KnownCaseData {
  team: Awaited<ReturnType<typeof teamOf>>;
  records: { id: string; kind: string; supersedes: string | null }[];
  stages: { stage: string }[];
  approvals: { kind: string; stage: string | null; decision: string | null; requestedAt: Date }[];
  evidence: { stage: string | null; category: string }[];
}

const AV_CATEGORIES = ["audio", "video"];

export async function caseFacts(db: Db | Tx, c: CaseWithAgency, def: WorkflowDefinition, today: string, known?: KnownCaseData): Promise<CaseFacts & { majorBecause: string[] }> {
  const stage = stageOf(def, c.stage);
  const documents = known ? kindsInForce(known.records) : await documentKinds(db, c.id);
  const facts: CaseFacts & { majorBecause: string[] } = { status: c.status as CaseFacts["status"], stage: c.stage, documents, avFiles: 0, majorBecause: [] };
  if (!stage) return facts;
  if (stage.minTeam) {
    // R-CASE-03: the same team check the officers module offers, on the day of the act
    const team = known?.team ?? (await teamOf(db, c.id));
    const names = new Map(team.map((t) => [t.officerId, t.name]));
    const check = await checkTeamFor(db, team.map((t) => t.officerId), c.actionType as ActionType, c.regionCode, today);
    facts.team = { qualified: check.qualified.length, problems: check.problems.map((p) => `${names.get(p.officerId) ?? ""}${p.reason}`) };
  }
  if (known) facts.avFiles = known.evidence.filter((e) => e.stage === c.stage && AV_CATEGORIES.includes(e.category)).length;
  else {
    const [av] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.caseId, c.id), eq(evidenceFiles.stage, c.stage), inArray(evidenceFiles.category, AV_CATEGORIES)));
    facts.avFiles = av?.n ?? 0;
  }
  facts.avMandatoryByList = await avMandatoryByList(db, c, stage.name);
  const [exception] = known
    ? known.approvals.filter((a) => a.kind === "av_exception" && a.stage === c.stage).sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())
    : await db
        .select({ decision: caseApprovals.decision })
        .from(caseApprovals)
        .where(and(eq(caseApprovals.caseId, c.id), eq(caseApprovals.kind, "av_exception"), eq(caseApprovals.stage, c.stage)))
        .orderBy(desc(caseApprovals.requestedAt))
        .limit(1);
  facts.avException = exception ? (exception.decision === "approved" ? "approved" : exception.decision === null ? "pending" : null) : null;
  if (stage.majorGate) {
    const decision = c.decision;
    const hearingHeld = known ? known.stages.some((s) => s.stage === "hearing") : (await db.select({ id: caseStages.id }).from(caseStages).where(and(eq(caseStages.caseId, c.id), eq(caseStages.stage, "hearing"))).limit(1)).length > 0;
    const evaluation = await evaluateMajor(db, c.agencyId, {
      actionType: c.actionType as ActionType,
      procedure: def.procedure,
      amount: decision?.amountFen != null ? decision.amountFen / 100 : undefined,
      measures: decision?.measures ?? [],
      hearingHeld,
      flags: c.majorFlags,
    });
    const status = evaluation.major ? await legalReview.hook.status(db, c) : { passed: false, pending: false };
    facts.majorBecause = evaluation.matched.map((m) => m.name);
    facts.review = { required: evaluation.major, passed: status.passed, pending: status.pending, stale: status.stale ?? false, because: facts.majorBecause };
  }
  return facts;
}

// ---------------------------------------------------------------------------------------
// Completing a stage
// ---------------------------------------------------------------------------------------

export async function advance(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { next?: string; note?: string; expectedVersion?: number }, known?: KnownCaseData): Promise<CaseRow> {
  const def = await definitionOf(db, c.workflowId);
  const now = new Date();
  const today = todayInShanghai(now);
  const stage = stageOf(def, c.stage);
  const next = input.next ?? stage?.next[0];
  const facts = await caseFacts(db, c, def, today, known);
  const refusals = evaluateAdvance(def, facts, { roles: actor.roles }, next);
  if (refusals.length) {
    // a refused attempt is itself on record (R-REV-02: attempts to decide without review are logged)
    await ledger.record({ kind: "case.gate_refused", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, stage: c.stage, next: next ?? null, refusals: refusals.map((r) => ({ code: r.code, rule: r.rule, message: r.message })), at: now.toISOString() } });
    throw gateError(refusals);
  }
  const nextStage = next ? stageOf(def, next)! : null;
  // the new due dates need the calendar: read before the transaction (cached per process)
  const cal = await loadCalendar(db);
  return mutate(db, ctx, async (tx) => {
    const [locked] = await tx.select().from(cases).where(eq(cases.id, c.id)).for("update");
    if (!locked || locked.stage !== c.stage || locked.status !== c.status || (input.expectedVersion !== undefined && locked.version !== input.expectedVersion)) throw errors.staleVersion();
    const [run] = await tx.select().from(caseStages).where(and(eq(caseStages.caseId, c.id), eq(caseStages.stage, c.stage), isNull(caseStages.completedAt))).orderBy(desc(caseStages.startedAt)).limit(1);
    const late = run?.due ? today > run.due : false;
    if (run) await tx.update(caseStages).set({ completedAt: now, completedBy: actor.id, late }).where(eq(caseStages.id, run.id));
    let status = locked.status;
    if (!nextStage) status = "archived";
    else if (nextStage.phase === "archive") status = "closed";
    // deadlines of the case in its new state (R-CASE-07): its suspensions, and whether the stage ending the case clock is done
    const moved = { stage: nextStage?.key ?? locked.stage, stageStartedOn: nextStage ? today : locked.stageStartedOn };
    const [clock] = await rows<{ ended: boolean; suspensions: unknown }>(
      tx,
      sql`select exists (select 1 from ${caseStages} where ${caseStages.caseId} = ${c.id} and ${caseStages.stage} = ${def.caseLimitEndsAt ?? null} and ${caseStages.completedAt} is not null) as ended,
                 coalesce((select json_agg(json_build_object('stage', ${caseSuspensions.stage}, 'from', ${caseSuspensions.fromDate}, 'to', ${caseSuspensions.toDate}) order by ${caseSuspensions.fromDate}) from ${caseSuspensions} where ${caseSuspensions.caseId} = ${c.id}), '[]') as suspensions`,
    );
    const suspensions = parsed<{ stage: string; from: string; to: string | null }[]>(clock!.suspensions);
    const stageDates = limitDates(cal, moved.stageStartedOn, stageOf(def, moved.stage)?.limit, suspensions.filter((x) => x.stage === moved.stage).map(({ from, to }) => ({ from, to })), today);
    const caseDates = clock!.ended ? { due: null, soon: null } : limitDates(cal, locked.openedOn, def.caseLimit, suspensions.map(({ from, to }) => ({ from, to })), today);
    const patch: Partial<CaseRow> = { status, updatedAt: now, version: locked.version + 1, stageDue: nextStage ? stageDates.due : null, stageSoon: nextStage ? stageDates.soon : null, caseDue: caseDates.due, caseSoon: caseDates.soon };
    if (nextStage) {
      patch.stage = nextStage.key;
      patch.stageStartedOn = today;
      await tx.insert(caseStages).values({ caseId: c.id, stage: nextStage.key, startedAt: now, startedOn: today, due: stageDates.due });
    }
    if (status === "closed") patch.closedAt = now;
    const [updated] = await tx.update(cases).set(patch).where(eq(cases.id, c.id)).returning();
    await ledger.append(tx, {
      kind: "case.stage_completed",
      actor: `user:${actor.id}`,
      chain: caseChain(c.id),
      data: { caseId: c.id, stage: c.stage, next: next ?? null, status, late, note: input.note ?? "", by: actor.displayName, at: now.toISOString(), review: facts.review ?? null },
    });
    if (stage?.phase === "decision") for (const hook of decisionIssued.hooks) await hook(tx, ledger, c, { on: today, stage: c.stage, def });
    if (status !== locked.status && (status === "closed" || status === "archived")) for (const hook of caseEnded.hooks) await hook(tx, c, status);
    return updated!;
  });
}

// ---------------------------------------------------------------------------------------
// Decision draft (R-CASE-06, R-LIST-09)
// ---------------------------------------------------------------------------------------

export async function setDecision(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { measures: string[]; amountFen: number | null; tierId: string | null; discretionReason: string; outsideTierReason: string | null; majorFlags: string[] }): Promise<CaseRow> {
  if (c.status !== "open") throw new AppError("case_not_open", 409, "案件不在办理中，不能修改拟决定内容");
  let tierLabel: string | null = null;
  if (input.tierId) {
    const ancestors = c.agencyPath.split("/").filter(Boolean);
    const [t] = isUuid(input.tierId)
      ? await db
          .select({ tierOrder: discretionTiers.tierOrder, circumstance: discretionTiers.circumstance, min: discretionTiers.minAmount, max: discretionTiers.maxAmount, itemCode: discretionTiers.itemCode })
          .from(discretionTiers)
          .where(and(eq(discretionTiers.id, input.tierId), inArray(discretionTiers.agencyId, ancestors)))
      : [];
    if (!t) throw errors.validation([{ field: "tierId", message: "所选裁量阶次不存在" }]);
    tierLabel = `${t.itemCode} 第${t.tierOrder}阶次：${t.circumstance}`.slice(0, 300);
    const yuan = input.amountFen != null ? input.amountFen / 100 : null;
    const outside = yuan != null && ((t.min != null && yuan < t.min) || (t.max != null && yuan > t.max));
    if (outside && !input.outsideTierReason?.trim()) {
      throw new AppError("decision_outside_tier", 409, `罚款金额超出所选裁量阶次的范围（${t.min ?? 0}–${t.max ?? "不限"} 元），须说明理由`, [{ field: "outsideTierReason", message: "请说明超出裁量范围的理由" }]);
    }
  }
  if (!input.discretionReason.trim()) throw errors.validation([{ field: "discretionReason", message: "请填写裁量说明" }]);
  // 罚款 only where the law has it: an amount here is printed as a fine on every document
  if (!finesAllowed(c.actionType as ActionType) && (input.measures.some((m) => m.trim() === "罚款") || (input.amountFen ?? 0) > 0)) {
    throw new AppError("decision_fine_not_allowed", 400, `${ACTION_TYPE_LABELS[c.actionType as ActionType] ?? "该类"}决定不能处以罚款：罚款是行政处罚的种类（《中华人民共和国行政处罚法》第九条）`, [
      { field: input.measures.some((m) => m.trim() === "罚款") ? "measures" : "amountFen", message: "本类执法行为的决定不能处以罚款" },
    ]);
  }
  // no amount is no fine (the body's null arrives as 0 through the validator's type coercion)
  const decision: CaseDecision = { measures: input.measures, amountFen: input.amountFen && input.amountFen > 0 ? input.amountFen : null, tierId: input.tierId, tierLabel, discretionReason: input.discretionReason.trim(), outsideTierReason: input.outsideTierReason?.trim() || null };
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx.update(cases).set({ decision, majorFlags: input.majorFlags, updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, c.id)).returning();
    await ledger.append(tx, { kind: "case.decision_drafted", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, ...decision, majorFlags: input.majorFlags } });
    return row!;
  });
}

// ---------------------------------------------------------------------------------------
// Team changes, interests (R-CASE-03, R-CASE-04)
// ---------------------------------------------------------------------------------------

export async function changeTeam(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { add: string[]; remove: { officerId: string; reason: string }[] }): Promise<void> {
  if (c.status !== "open" && c.status !== "suspended") throw new AppError("case_not_open", 409, "案件已结案，不能调整承办人员");
  const today = todayInShanghai(new Date());
  const current = await teamOf(db, c.id);
  const add = [...new Set(input.add)].filter((id) => !current.some((t) => t.officerId === id));
  if (add.length) await checkAssignable(db, c.agencyId, add, c.actionType as ActionType, c.regionCode, { name: c.partyName, idNo: c.partyIdNo }, today);
  for (const r of input.remove) if (!current.some((t) => t.officerId === r.officerId)) throw errors.validation([{ field: "remove", message: "要撤换的人员不在承办名单中" }]);
  if (current.length + add.length - input.remove.length < 1) throw errors.validation([{ field: "remove", message: "案件至少需要一名承办人员" }]);
  await mutate(db, ctx, async (tx) => {
    const now = new Date();
    for (const r of input.remove) await tx.update(caseOfficers).set({ removedAt: now, removedReason: r.reason }).where(and(eq(caseOfficers.caseId, c.id), eq(caseOfficers.officerId, r.officerId)));
    for (const officerId of add) {
      await tx
        .insert(caseOfficers)
        .values({ caseId: c.id, officerId, role: "member" })
        .onConflictDoUpdate({ target: [caseOfficers.caseId, caseOfficers.officerId], set: { removedAt: null, removedReason: null, assignedAt: now } });
    }
    await touch(tx, c.id);
    await ledger.append(tx, { kind: "case.team_changed", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, added: add, removed: input.remove, at: now.toISOString() } });
  });
}

export async function declareInterest(db: Db, ctx: AuditContext, actor: Actor, input: { officerId: string; partyName: string; partyIdNo?: string; relation: string }): Promise<void> {
  const officer = (await getOfficers(db, [input.officerId])).get(input.officerId);
  if (!officer || !inScope(actor, officer, "own")) throw errors.notFound("执法人员");
  interestPolicy.authorize(actor, "declare", { agencyId: officer.agencyId, agencyPath: officer.agencyPath, officerUsername: officer.username });
  await mutate(db, ctx, (tx) => tx.insert(officerInterests).values({ officerId: input.officerId, partyName: input.partyName.trim(), partyIdNo: (input.partyIdNo ?? "").trim(), relation: input.relation.trim(), declaredBy: actor.id }));
}

// ---------------------------------------------------------------------------------------
// Suspensions (R-CASE-07)
// ---------------------------------------------------------------------------------------

export async function suspend(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { reason: string; from?: string }): Promise<CaseRow> {
  const def = await definitionOf(db, c.workflowId);
  const stage = stageOf(def, c.stage);
  if (c.status !== "open") throw new AppError(c.status === "suspended" ? "case_suspended" : "case_not_open", 409, c.status === "suspended" ? "案件已处于中止状态" : "案件不在办理中");
  if (!stage?.suspendable) throw new AppError("stage_not_suspendable", 409, `“${stage?.name ?? c.stage}”环节的期限不能中止计算`);
  const today = todayInShanghai(new Date());
  const from = input.from ?? today;
  if (from > today || from < c.stageStartedOn) throw errors.validation([{ field: "from", message: "中止日期应在本环节开始之后、不晚于今天" }]);
  return mutate(db, ctx, async (tx) => {
    await tx.insert(caseSuspensions).values({ caseId: c.id, stage: c.stage, reason: input.reason.trim(), fromDate: from, createdBy: actor.id });
    const [row] = await tx.update(cases).set({ status: "suspended", stageDue: null, stageSoon: null, caseDue: null, caseSoon: null, updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, c.id)).returning();
    await ledger.append(tx, { kind: "case.suspended", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, stage: c.stage, reason: input.reason.trim(), from } });
    return row!;
  });
}

export async function resume(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { to?: string }): Promise<CaseRow> {
  if (c.status !== "suspended") throw new AppError("case_not_suspended", 409, "案件未处于中止状态");
  const def = await definitionOf(db, c.workflowId);
  const today = todayInShanghai(new Date());
  const to = input.to ?? today;
  return mutate(db, ctx, async (tx) => {
    const [open] = await tx.select().from(caseSuspensions).where(and(eq(caseSuspensions.caseId, c.id), isNull(caseSuspensions.toDate))).for("update");
    if (!open) throw new AppError("case_not_suspended", 409, "案件未处于中止状态");
    if (to < open.fromDate || to > today) throw errors.validation([{ field: "to", message: "恢复日期应在中止日期之后、不晚于今天" }]);
    await tx.update(caseSuspensions).set({ toDate: to, endedBy: actor.id }).where(eq(caseSuspensions.id, open.id));
    const [row] = await tx.update(cases).set({ status: "open", updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, c.id)).returning();
    const dates = await refreshDeadlines(tx, row!, def, today);
    const [updated] = await tx.update(cases).set({ stageDue: dates.due, stageSoon: dates.soon, caseDue: dates.caseDue, caseSoon: dates.caseSoon }).where(eq(cases.id, c.id)).returning();
    await ledger.append(tx, { kind: "case.resumed", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, stage: c.stage, from: open.fromDate, to } });
    return updated!;
  });
}

// ---------------------------------------------------------------------------------------
// Approvals by the agency head: audio/video exception (R-REC-05), avoidance (R-CASE-04)
// ---------------------------------------------------------------------------------------

export async function requestApproval(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { kind: "av_exception" | "avoidance"; reason: string; officerId?: string }): Promise<typeof caseApprovals.$inferSelect> {
  if (c.status !== "open" && c.status !== "suspended") throw new AppError("case_not_open", 409, "案件不在办理中");
  if (input.kind === "avoidance") {
    const team = await teamOf(db, c.id);
    if (!input.officerId || !team.some((t) => t.officerId === input.officerId)) throw errors.validation([{ field: "officerId", message: "请选择申请回避的承办人员" }]);
  }
  const pending = await db.select({ id: caseApprovals.id }).from(caseApprovals).where(and(eq(caseApprovals.caseId, c.id), eq(caseApprovals.kind, input.kind), eq(caseApprovals.stage, c.stage), isNull(caseApprovals.decision), input.officerId ? eq(caseApprovals.officerId, input.officerId) : sql`true`));
  if (pending.length) throw new AppError("approval_pending", 409, "已有同类申请等待机关负责人审批");
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx.insert(caseApprovals).values({ caseId: c.id, kind: input.kind, stage: c.stage, reason: input.reason.trim(), officerId: input.officerId ?? null, requestedBy: actor.id }).returning();
    await ledger.append(tx, { kind: `case.${input.kind}_requested`, actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, approvalId: row!.id, stage: c.stage, reason: row!.reason, officerId: row!.officerId } });
    return row!;
  });
}

export async function decideApproval(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, approvalId: string, input: { decision: "approved" | "refused"; reason: string }): Promise<typeof caseApprovals.$inferSelect> {
  if (!isUuid(approvalId)) throw errors.notFound("审批申请");
  return mutate(db, ctx, async (tx) => {
    const [a] = await tx.select().from(caseApprovals).where(and(eq(caseApprovals.id, approvalId), eq(caseApprovals.caseId, c.id))).for("update");
    if (!a) throw errors.notFound("审批申请");
    if (a.decision) throw new AppError("approval_decided", 409, "该申请已经审批");
    const now = new Date();
    const [row] = await tx.update(caseApprovals).set({ decision: input.decision, decisionReason: input.reason.trim(), decidedBy: actor.id, decidedAt: now }).where(eq(caseApprovals.id, a.id)).returning();
    if (a.kind === "avoidance" && input.decision === "approved" && a.officerId) {
      await tx.update(caseOfficers).set({ removedAt: now, removedReason: `回避：${input.reason.trim()}` }).where(and(eq(caseOfficers.caseId, c.id), eq(caseOfficers.officerId, a.officerId)));
    }
    if (a.kind === "av_exception" && input.decision === "approved") await raiseFlag(tx, c, "av_exception", a.stage, `未全过程音像记录，经机关负责人批准：${a.reason}`);
    await touch(tx, c.id);
    await ledger.append(tx, { kind: `case.${a.kind}_decided`, actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, approvalId: a.id, decision: input.decision, reason: input.reason.trim(), at: now.toISOString() } });
    return row!;
  });
}

// ---------------------------------------------------------------------------------------
// Detail and list
// ---------------------------------------------------------------------------------------

/** Milliseconds since the epoch of a timestamp (truncated like the driver's own parsing), for JSON. */
const ms = (col: SQL | AnyColumn) => sql`floor(extract(epoch from ${col}) * 1000)`;
const date = (n: number | null): Date | null => (n == null ? null : new Date(n));

/** The JSON arrays of a case's team, stage runs, records, suspensions, approvals, flags and evidence, as SQL columns. */
function viewColumns(caseId: SQL | AnyColumn) {
  return {
    team: sql<string>`(select coalesce(json_agg(json_build_object('officerId', ${caseOfficers.officerId}, 'name', ${officers.name}, 'role', ${caseOfficers.role}, 'userId', ${users.id}, 'certNumber', ${officers.certNumber}) order by ${caseOfficers.assignedAt}), '[]')
        from ${caseOfficers} join ${officers} on ${officers.id} = ${caseOfficers.officerId} left join ${users} on ${users.username} = ${officers.username}
        where ${caseOfficers.caseId} = ${caseId} and ${caseOfficers.removedAt} is null)`,
    stages: sql<string>`(select coalesce(json_agg(json_build_object('id', ${caseStages.id}, 'caseId', ${caseStages.caseId}, 'stage', ${caseStages.stage}, 'startedAt', ${ms(caseStages.startedAt)}, 'startedOn', ${caseStages.startedOn},
        'due', ${caseStages.due}, 'completedAt', ${ms(caseStages.completedAt)}, 'completedBy', ${caseStages.completedBy}, 'late', ${caseStages.late}) order by ${caseStages.startedAt}), '[]') from ${caseStages} where ${caseStages.caseId} = ${caseId})`,
    records: sql<string>`(select coalesce(json_agg(json_build_object('id', ${caseRecords.id}, 'caseId', ${caseRecords.caseId}, 'stage', ${caseRecords.stage}, 'kind', ${caseRecords.kind}, 'title', ${caseRecords.title}, 'body', ${caseRecords.body},
        'actedAt', ${ms(caseRecords.actedAt)}, 'enteredAt', ${ms(caseRecords.enteredAt)}, 'createdBy', ${caseRecords.createdBy}, 'supersedes', ${caseRecords.supersedes}, 'flags', ${caseRecords.flags}, 'ledgerEntryId', ${caseRecords.ledgerEntryId},
        'byName', ${users.displayName}) order by ${caseRecords.enteredAt}), '[]') from ${caseRecords} join ${users} on ${users.id} = ${caseRecords.createdBy} where ${caseRecords.caseId} = ${caseId})`,
    suspensions: sql<string>`(select coalesce(json_agg(json_build_object('id', ${caseSuspensions.id}, 'caseId', ${caseSuspensions.caseId}, 'stage', ${caseSuspensions.stage}, 'reason', ${caseSuspensions.reason}, 'fromDate', ${caseSuspensions.fromDate},
        'toDate', ${caseSuspensions.toDate}, 'createdBy', ${caseSuspensions.createdBy}, 'endedBy', ${caseSuspensions.endedBy}) order by ${caseSuspensions.fromDate}), '[]') from ${caseSuspensions} where ${caseSuspensions.caseId} = ${caseId})`,
    approvals: sql<string>`(select coalesce(json_agg(json_build_object('id', ${caseApprovals.id}, 'caseId', ${caseApprovals.caseId}, 'kind', ${caseApprovals.kind}, 'stage', ${caseApprovals.stage}, 'reason', ${caseApprovals.reason}, 'officerId', ${caseApprovals.officerId},
        'requestedBy', ${caseApprovals.requestedBy}, 'requestedAt', ${ms(caseApprovals.requestedAt)}, 'decision', ${caseApprovals.decision}, 'decisionReason', ${caseApprovals.decisionReason}, 'decidedBy', ${caseApprovals.decidedBy},
        'decidedAt', ${ms(caseApprovals.decidedAt)}) order by ${caseApprovals.requestedAt}), '[]') from ${caseApprovals} where ${caseApprovals.caseId} = ${caseId})`,
    flags: sql<string>`(select coalesce(json_agg(json_build_object('id', ${caseFlags.id}, 'caseId', ${caseFlags.caseId}, 'agencyId', ${caseFlags.agencyId}, 'kind', ${caseFlags.kind}, 'stage', ${caseFlags.stage}, 'detail', ${caseFlags.detail},
        'recordId', ${caseFlags.recordId}, 'createdAt', ${ms(caseFlags.createdAt)}) order by ${caseFlags.createdAt}), '[]') from ${caseFlags} where ${caseFlags.caseId} = ${caseId})`,
    evidence: sql<string>`(select coalesce(json_agg(json_build_object('id', ${evidenceFiles.id}, 'stage', ${evidenceFiles.stage}, 'category', ${evidenceFiles.category}, 'filename', ${evidenceFiles.filename}, 'capturedAt', ${ms(evidenceFiles.capturedAt)},
        'proves', ${evidenceFiles.proves}, 'late', ${evidenceFiles.late}, 'sha256', ${evidenceFiles.sha256}) order by ${evidenceFiles.capturedAt}), '[]') from ${evidenceFiles} where ${evidenceFiles.caseId} = ${caseId})`,
  };
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? number : T[K] extends Date | null ? number | null : T[K] };
type StageRow = typeof caseStages.$inferSelect;
type RecordRow = typeof caseRecords.$inferSelect & { byName: string };
type ApprovalRow = typeof caseApprovals.$inferSelect;
type FlagRow = typeof caseFlags.$inferSelect;
type EvidenceRow = Pick<typeof evidenceFiles.$inferSelect, "id" | "stage" | "category" | "filename" | "capturedAt" | "proves" | "late" | "sha256">;
type TeamRow = Awaited<ReturnType<typeof teamOf>>[number];

/** A case with everything its detail view, its policy and its gates need, read in one statement. */
export interface CaseView {
  c: CaseWithAgency;
  team: TeamRow[];
  stages: StageRow[];
  records: RecordRow[];
  suspensions: (typeof caseSuspensions.$inferSelect)[];
  approvals: ApprovalRow[];
  flags: FlagRow[];
  evidence: EvidenceRow[];
}

/** The statement of `caseView`, built and prepared once per handle: every case request runs it once or twice. */
function caseViewSelect(db: Db | Tx) {
  return db
    .select({ c: cases, agencyPath: agencies.path, agencyName: agencies.name, agencyCode: agencies.code, ...viewColumns(cases.id) })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .$dynamic();
}
const caseViewQueries = new WeakMap<Db, ReturnType<ReturnType<ReturnType<typeof caseViewSelect>["where"]>["prepare"]>>();
let caseViewSeq = 0;

/** Parses a column that PostgreSQL sent as JSON (the drivers parse json values already; text is parsed here). */
const parsed = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

/**
 * The case with its agency, team, stage runs, records, suspensions, approvals, flags and evidence
 * (each in the order the detail view shows them), in one round trip; null if there is no such case.
 */
export async function caseView(db: Db | Tx, id: string): Promise<CaseView | null> {
  if (!isUuid(id)) return null;
  let row;
  if (db instanceof PgTransaction) {
    // a transaction (rare here) runs it unprepared: a statement prepared on its connection would outlive it
    [row] = await caseViewSelect(db).where(eq(cases.id, id));
  } else {
    let query = caseViewQueries.get(db);
    if (!query) caseViewQueries.set(db, (query = caseViewSelect(db).where(eq(cases.id, sql.placeholder("id"))).prepare(`zhifa_case_view_${++caseViewSeq}`)));
    [row] = await query.execute({ id });
  }
  if (!row) return null;
  return {
    c: { ...row.c, agencyPath: row.agencyPath, agencyName: row.agencyName, agencyCode: row.agencyCode },
    team: parsed<TeamRow[]>(row.team),
    stages: parsed<Json<StageRow>[]>(row.stages).map((s) => ({ ...s, startedAt: date(s.startedAt)!, completedAt: date(s.completedAt) })),
    records: parsed<Json<RecordRow>[]>(row.records).map((r) => ({ ...r, actedAt: date(r.actedAt)!, enteredAt: date(r.enteredAt)! })),
    suspensions: parsed(row.suspensions),
    approvals: parsed<Json<ApprovalRow>[]>(row.approvals).map((a) => ({ ...a, requestedAt: date(a.requestedAt)!, decidedAt: date(a.decidedAt) })),
    flags: parsed<Json<FlagRow>[]>(row.flags).map((f) => ({ ...f, createdAt: date(f.createdAt)! })),
    evidence: parsed<Json<EvidenceRow>[]>(row.evidence).map((e) => ({ ...e, capturedAt: date(e.capturedAt)! })),
  };
}

/** The detail of a case: its workflow version and what `caseView` reads (read again unless given). */
export async function caseDetail(db: Db | Tx, c: CaseWithAgency, view?: CaseView) {
  const [wf, v] = await Promise.all([workflowById(db, c.workflowId), view ?? caseView(db, c.id)]);
  if (!v) throw errors.notFound("案件");
  return { workflow: wf, team: v.team, stages: v.stages, records: v.records, suspensions: v.suspensions, approvals: v.approvals, flags: v.flags, evidence: v.evidence };
}

export interface CaseListFilters {
  q?: string;
  stage?: string;
  status?: string;
  actionType?: string;
  light?: "normal" | "due_soon" | "overdue" | "suspended";
  officerId?: string;
  flagged?: boolean;
  agencyId?: string;
  page: number;
  pageSize: number;
}

/** Cases the actor may read (own agency, or the subtree for supervisors), filtered. */
export async function listCases(db: Db | Tx, scope: { agencyId?: string; pathPrefix?: string }, f: CaseListFilters, today: string) {
  const conds = [];
  if (scope.agencyId) conds.push(eq(cases.agencyId, scope.agencyId));
  if (scope.pathPrefix) conds.push(sql`${agencies.path} like ${scope.pathPrefix + "%"}`);
  if (f.agencyId) conds.push(eq(cases.agencyId, f.agencyId));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => "\\" + m)}%`;
    conds.push(sql`(${cases.number} ilike ${like} or ${cases.partyName} ilike ${like} or ${cases.title} ilike ${like})`);
  }
  if (f.stage) conds.push(eq(cases.stage, f.stage));
  if (f.status) conds.push(eq(cases.status, f.status));
  if (f.actionType) conds.push(eq(cases.actionType, f.actionType));
  if (f.flagged) conds.push(sql`${cases.flagCount} > 0`);
  if (f.officerId && isUuid(f.officerId)) conds.push(sql`exists (select 1 from case_officers o where o.case_id = ${cases.id} and o.officer_id = ${f.officerId} and o.removed_at is null)`);
  const overdue = sql`(${cases.stageDue} < ${today} or ${cases.caseDue} < ${today})`;
  const soon = sql`(${cases.stageSoon} <= ${today} or ${cases.caseSoon} <= ${today})`;
  if (f.light === "suspended") conds.push(eq(cases.status, "suspended"));
  else if (f.light === "overdue") conds.push(and(eq(cases.status, "open"), overdue)!);
  else if (f.light === "due_soon") conds.push(and(eq(cases.status, "open"), sql`not ${overdue}`, soon)!);
  else if (f.light === "normal") conds.push(and(eq(cases.status, "open"), sql`not coalesce(${overdue}, false)`, sql`not coalesce(${soon}, false)`)!);
  const where = conds.length ? and(...conds) : undefined;
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).innerJoin(agencies, eq(agencies.id, cases.agencyId)).where(where);
  const rows = await db
    .select({ c: cases, agencyName: agencies.name, agencyPath: agencies.path, lead: sql<string | null>`(select o.name from case_officers co join officers o on o.id = co.officer_id where co.case_id = ${cases.id} and co.removed_at is null order by co.assigned_at limit 1)` })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(where)
    .orderBy(desc(cases.openedOn), desc(cases.seq))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { total: count?.n ?? 0, rows };
}

/** The traffic light of a case from its stored dates (the list filter uses the same rule in SQL). */
export function caseLight(c: Pick<CaseRow, "status" | "stageDue" | "stageSoon" | "caseDue" | "caseSoon">, today: string): "normal" | "due_soon" | "overdue" | "suspended" | "done" {
  if (c.status === "suspended") return "suspended";
  if (c.status !== "open") return "done";
  if ((c.stageDue && c.stageDue < today) || (c.caseDue && c.caseDue < today)) return "overdue";
  if ((c.stageSoon && c.stageSoon <= today) || (c.caseSoon && c.caseSoon <= today)) return "due_soon";
  return "normal";
}
