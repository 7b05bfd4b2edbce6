/**
 * 行政执法决定公示 (R-PUB-03…R-PUB-09, R-PUB-12): drafts made when a case's decision is issued
 * (or pushed by another system), redacted automatically; the publicity reviewer's edits, checked
 * again for personal data; publication with a ledger entry holding the hash of the public
 * fields; withholding (R-PUB-05), withdrawal after a ruling (R-PUB-07), corrections on the
 * agency's own initiative or at anyone's request (R-PUB-08); the public read API and the
 * accountability report (R-PUB-12). Every change and its ledger entry (chain
 * `publication:<id>`) commit together. The original (unredacted) fields never leave through
 * the public functions, error messages or the ledger.
 */
import crypto from "node:crypto";
import { and, asc, desc, eq, getTableColumns, inArray, or, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import {
  ACTION_TYPE_LABELS,
  EXCLUSION_LABELS,
  REDACTION_KIND_LABELS,
  addCalendarDays,
  chineseDate,
  decisionMeasureLines,
  documentPlainText,
  publicationDeadline,
  publicationExclusion,
  publicityLight,
  redactFields,
  redactText,
  stageOf,
  todayInShanghai,
  toHex,
  withdrawalDeadline,
  type ActionType,
  type DocKind,
  type ExclusionReason,
  type PublicityLight,
  type RedactionKind,
  type RemedyKind,
  type RemedyOutcome,
  type WorkflowDefinition,
  type WorkingCalendar,
} from "@zhifa/domain";
import { rows as rawRows, type Db, type Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors, type ValidationDetail } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { agencies } from "../agencies/tables.ts";
import { evidenceFiles } from "../evidence/tables.ts";
import { powerItems } from "../powers/tables.ts";
import { loadCalendar } from "../calendar/service.ts";
import { getSetting } from "../catalog/settings.ts";
import { caseDocuments, caseRecords, cases } from "../cases/tables.ts";
import { decisionIssued, teamOf, type CaseWithAgency } from "../cases/service.ts";
import { PUBLICATION_FIELD_KEYS, publicationCorrections, publications, publicationVersions, type PublicationFieldKey, type PublicationFields, type PublicationHit } from "./tables.ts";
import { queryTokens, searchQuery, searchVector } from "./search.ts";
import { lateReports } from "../statistics/service.ts";
import { caseRemedies } from "../remedies/tables.ts";
import { isUuid } from "../../core/schemas.ts";
import { canonicalSha256 } from "../ledger/keys.ts";
import { entryProofsWhere, ledgerProofs } from "../ledger/public-entries.ts";

export { ledgerProofs };

// ---------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------

export const PUBLICATION_STATUSES = ["draft", "published", "withheld", "withdrawn"] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export const STATUS_LABELS: Record<PublicationStatus, string> = { draft: "待审核", published: "已公示", withheld: "不予公示", withdrawn: "已撤回" };

/** R-PUB-07: rulings that take a published decision down. */
export const RULING_KINDS = ["revoked", "illegal", "invalid", "review_changed", "litigation_changed"] as const;
export type RulingKind = (typeof RULING_KINDS)[number];
export const RULING_KIND_LABELS: Record<RulingKind, string> = { revoked: "撤销", illegal: "确认违法", invalid: "确认无效", review_changed: "复议变更", litigation_changed: "诉讼变更" };
/** How the public notice names the ruling. */
const RULING_NOTICE: Record<RulingKind, string> = {
  revoked: "该行政执法决定已被依法撤销",
  illegal: "该行政执法决定已被确认违法",
  invalid: "该行政执法决定已被确认无效",
  review_changed: "该行政执法决定已被行政复议决定变更",
  litigation_changed: "该行政执法决定已被人民法院裁判变更",
};

export const CORRECTION_STATUSES = ["pending", "accepted", "rejected"] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_STATUS_LABELS: Record<CorrectionStatus, string> = { pending: "待处理", accepted: "已更正", rejected: "不予更正" };

export const FIELD_LABELS: Record<PublicationFieldKey, string> = { partyName: "当事人", partyIdNo: "证件号码", title: "案由（事项）", facts: "主要事实", conclusion: "处理结果", basis: "依据", fullText: "决定书全文" };

/** Working days the agency has to handle a correction request (R-PUB-08), unless configured. */
export const CORRECTION_DAYS_SETTING = "publicity.correctionDays";
export const DEFAULT_CORRECTION_DAYS = 15;

/** The ledger chain of a publication: drafted, edited, published, corrected, withdrawn. */
export const publicationChain = (id: string): string => `publication:${id}`;


export const publicityErrors = {
  notDraft: () => new AppError("publicity_not_draft", 409, "只有待审核的公示信息才能修改、发布或决定不予公示"),
  notPublished: () => new AppError("publicity_not_published", 409, "该信息不在公示中"),
  minor: () => new AppError("publicity_minor", 409, "当事人为未成年人，相关信息不予公示（R-PUB-05）"),
  ruledAgainst: (notice: string) => new AppError("publicity_decision_ruled_against", 409, `${notice}，不能公示；请决定不予公示，或待重新作出决定后公示新的决定（R-PUB-07）`),
  exclusionProposed: (reason: ExclusionReason) => new AppError("publicity_exclusion_proposed", 409, `该信息拟不予公示（${EXCLUSION_LABELS[reason]}）；确需公示的，请先撤销该建议并完成脱敏处理`),
  noChange: () => new AppError("publicity_no_change", 409, "更正后的内容与现有公示内容相同"),
  idempotencyConflict: () => new AppError("idempotency_conflict", 409, "该幂等键已用于内容不同的推送，请使用新的 Idempotency-Key"),
  withdrawn: (notice: string, details: unknown) => new AppError("publication_withdrawn", 410, notice, details),
  correctionDecided: () => new AppError("publicity_correction_decided", 409, "该更正申请已经处理"),
  codeInvalid: () => new AppError("publicity_code_invalid", 404, "查询码不正确"),
};

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/** Every column but the tsvector. */
const { search: _search, ...columns } = getTableColumns(publications);
export type PublicationRow = Omit<typeof publications.$inferSelect, "search">;
export type PublicationWithAgency = PublicationRow & { agencyName: string; agencyPath: string; caseNumber: string | null };

const withAgency = { ...columns, agencyName: agencies.name, agencyPath: agencies.path, caseNumber: cases.number };

export async function getPublication(db: Db | Tx, id: string): Promise<PublicationWithAgency | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select(withAgency).from(publications).innerJoin(agencies, eq(agencies.id, publications.agencyId)).leftJoin(cases, eq(cases.id, publications.caseId)).where(eq(publications.id, id));
  return row ?? null;
}

/** The publication as its policy sees it: the owning agency and, for a case's, the logins on the case's team. */
export async function publicationResource(db: Db | Tx, p: { caseId: string | null; agencyId: string; agencyPath: string }) {
  const team = p.caseId ? await teamOf(db, p.caseId) : [];
  return { agencyId: p.agencyId, agencyPath: p.agencyPath, teamUserIds: team.map((t) => t.userId).filter((x): x is string => !!x) };
}

export async function versionsOf(db: Db | Tx, publicationId: string) {
  return db.select().from(publicationVersions).where(eq(publicationVersions.publicationId, publicationId)).orderBy(asc(publicationVersions.version));
}

export async function correctionsOf(db: Db | Tx, publicationId: string) {
  return db.select().from(publicationCorrections).where(eq(publicationCorrections.publicationId, publicationId)).orderBy(desc(publicationCorrections.createdAt));
}


// ---------------------------------------------------------------------------------------
// Deadlines and lights (R-PUB-03, R-PUB-12)
// ---------------------------------------------------------------------------------------

/** The first day the draft's light is not "normal" (the list filters on it in SQL). */
function soonDate(cal: WorkingCalendar, from: string, deadline: string): string {
  for (let d = from, i = 0; d <= deadline && i < 400; d = addCalendarDays(d, 1), i++) if (publicityLight(d, deadline, cal, false) !== "normal") return d;
  return deadline;
}

/** The light of a publication today: only a draft runs against its deadline. */
export function lightOf(p: Pick<PublicationRow, "status" | "deadline">, today: string, cal: WorkingCalendar): PublicityLight | null {
  return p.status === "draft" ? publicityLight(today, p.deadline, cal, false) : null;
}

// ---------------------------------------------------------------------------------------
// Redaction and the personal-data check
// ---------------------------------------------------------------------------------------

interface RedactionInputs {
  personNames: readonly string[];
  keep: readonly string[];
  secrets: readonly string[];
  /** An organisation's registered address (住所：…) is public registration data: kept for an organisation party. */
  partyType: string;
}

/** An address short enough to be a district name alone (东城区) is not a usable secret. */
const longEnough = (address: string) => (address.trim().length >= 8 ? address.trim() : "");
const clean = (list: readonly (string | null | undefined)[]) => [...new Set(list.map((x) => (x ?? "").trim()).filter((x) => x.length >= 2))];

function redactAll(original: PublicationFields, r: RedactionInputs): { redacted: PublicationFields; hits: PublicationHit[] } {
  const input: Record<PublicationFieldKey, string> = { ...original };
  const { fields, hits } = redactFields(input, { personNames: r.personNames, keep: r.keep, keepOrganisationAddresses: r.partyType === "org" });
  return { redacted: pickFields(fields), hits: hits.map((h) => ({ ...h, field: h.field })) };
}

/** A piece of personal data left in a public field: where, and what kind (never the text itself). */
export interface Leftover {
  field: PublicationFieldKey | "note";
  kind: RedactionKind | "known";
  start: number;
  end: number;
  message: string;
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/**
 * R-PUB-05, R-PUB-06: personal data left in text meant for the public — an original string the
 * redaction found, a known personal value of the party, or anything `redactText` still finds
 * that is not on the keep list. Messages name the kind and field, never the data.
 */
export function leftovers(text: string, field: Leftover["field"], r: RedactionInputs & { hits: readonly PublicationHit[] }): Leftover[] {
  const keep = new Set(r.keep);
  // what lies inside a kept name (an officer's, the agency's) is not the party's data
  const kept = r.keep.flatMap((k) => occurrences(text, k).map((at) => [at, at + k.length] as const));
  const inKept = (start: number, end: number) => kept.some(([a, b]) => a <= start && end <= b);
  const out: Leftover[] = [];
  const label = field === "note" ? "说明" : FIELD_LABELS[field];
  const seen = new Set<string>();
  const add = (kind: Leftover["kind"], start: number, end: number) => {
    const key = `${start}:${end}`;
    if (seen.has(key) || inKept(start, end)) return;
    seen.add(key);
    out.push({ field, kind, start, end, message: `“${label}”第 ${start + 1} 个字起仍含有未处理的${kind === "known" ? "当事人个人信息" : REDACTION_KIND_LABELS[kind]}，请脱敏后再保存` });
  };
  for (const h of r.hits) {
    if (keep.has(h.original) || h.original.trim().length < 2) continue;
    for (const at of occurrences(text, h.original)) add(h.kind, at, at + h.original.length);
  }
  for (const s of r.secrets) for (const at of occurrences(text, s)) add("known", at, at + s.length);
  for (const h of redactText(text, { personNames: r.personNames, keep: r.keep, keepOrganisationAddresses: r.partyType === "org" }).hits) {
    if (!keep.has(h.original)) add(h.kind, h.start, h.end);
  }
  return out.sort((a, b) => a.start - b.start);
}

function fieldLeftovers(fields: PublicationFields, p: Pick<PublicationRow, "personNames" | "keep" | "secrets" | "hits" | "partyType">): Leftover[] {
  return PUBLICATION_FIELD_KEYS.flatMap((k) => leftovers(fields[k], k, p));
}

/** The personal-data problems of the publication's current public text (shown to the reviewer). */
export function problemsOf(p: Pick<PublicationRow, "redacted" | "personNames" | "keep" | "secrets" | "hits" | "partyType">): Leftover[] {
  return fieldLeftovers(p.redacted, p);
}

function refuseLeftovers(found: Leftover[], prefix = "redacted"): void {
  if (!found.length) return;
  const details: (ValidationDetail & { kind: string; start: number; end: number })[] = found.map((l) => ({ field: l.field === "note" ? "note" : `${prefix}.${l.field}`, message: l.message, kind: l.kind, start: l.start, end: l.end }));
  throw errors.validation(details, "公示内容仍含有个人信息，请脱敏后再提交");
}

// ---------------------------------------------------------------------------------------
// The public fields and their hash (what anyone can check against the ledger)
// ---------------------------------------------------------------------------------------

export interface PublicPayload {
  publicationId: string;
  version: number;
  agencyId: string;
  agencyName: string;
  actionType: string;
  documentNumber: string;
  decisionDate: string;
  partyType: string;
  fields: PublicationFields;
}

export function publicPayload(p: Pick<PublicationWithAgency, "id" | "agencyId" | "agencyName" | "actionType" | "documentNumber" | "decisionDate" | "partyType">, version: number, fields: PublicationFields): PublicPayload {
  return { publicationId: p.id, version, agencyId: p.agencyId, agencyName: p.agencyName, actionType: p.actionType, documentNumber: p.documentNumber, decisionDate: p.decisionDate, partyType: p.partyType, fields: pickFields(fields) };
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of the payload. */
export function payloadSha256(payload: PublicPayload): string {
  return canonicalSha256(payload);
}

const pickFields = (f: Partial<PublicationFields>): PublicationFields => ({
  partyName: f.partyName ?? "",
  partyIdNo: f.partyIdNo ?? "",
  title: f.title ?? "",
  facts: f.facts ?? "",
  conclusion: f.conclusion ?? "",
  basis: f.basis ?? "",
  fullText: f.fullText ?? "",
});

// ---------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------

interface DraftInput {
  agencyId: string;
  agencyName: string;
  caseId: string | null;
  source: "case" | "external";
  externalKey?: string;
  externalHash?: string;
  actionType: ActionType;
  documentNumber: string;
  decisionDate: string;
  partyType: "person" | "org";
  partyIsMinor?: boolean;
  marks?: readonly ExclusionReason[];
  original: PublicationFields;
  personNames: string[];
  keep: string[];
  secrets: string[];
  createdBy: string | null;
  actor: string;
}

async function insertDraft(tx: Tx, ledger: Ledger, input: DraftInput): Promise<string> {
  const cal = await loadCalendar(tx);
  const due = publicationDeadline(cal, input.decisionDate, input.actionType);
  const minor = publicationExclusion({ partyType: input.partyType, partyIdNo: input.original.partyIdNo, decisionDate: input.decisionDate, partyIsMinor: input.partyIsMinor }) === "minor";
  const exclusion = publicationExclusion({ partyType: input.partyType, partyIdNo: input.original.partyIdNo, decisionDate: input.decisionDate, partyIsMinor: input.partyIsMinor, marks: input.marks });
  const r = { personNames: clean(input.personNames), keep: clean(input.keep), secrets: clean(input.secrets), partyType: input.partyType };
  const { redacted, hits } = redactAll(input.original, r);
  const id = crypto.randomUUID();
  await ledger.append(tx, {
    kind: "publicity.drafted",
    actor: input.actor,
    chain: publicationChain(id),
    data: { publicationId: id, source: input.source, caseId: input.caseId, agencyId: input.agencyId, actionType: input.actionType, documentNumber: input.documentNumber, decisionDate: input.decisionDate, deadline: due.date, exclusion, redactions: hits.length },
  });
  await tx.insert(publications).values({
    id,
    agencyId: input.agencyId,
    caseId: input.caseId,
    source: input.source,
    externalKey: input.externalKey ?? null,
    externalHash: input.externalHash ?? null,
    actionType: input.actionType,
    documentNumber: input.documentNumber,
    decisionDate: input.decisionDate,
    title: redacted.title,
    partyType: input.partyType,
    original: input.original,
    redacted,
    hits,
    personNames: r.personNames,
    secrets: r.secrets,
    keep: r.keep,
    partyIsMinor: minor,
    exclusion,
    deadline: due.date,
    soon: soonDate(cal, input.decisionDate, due.date),
    deadlineConfirmed: due.confirmed,
    search: searchVector(input.agencyName, input.documentNumber, redacted),
    createdBy: input.createdBy,
  });
  return id;
}

/** Decision documents a case's decision stage may hold, in order of preference. */
const DECISION_KINDS: DocKind[] = ["penalty_decision", "simple_decision", "permit_decision", "generic_decision", "inspection_result", "seizure_release"];

/**
 * R-PUB-03: the draft publication of a case whose decision was just issued, in the decision's
 * transaction. Fields from the case, its decision and the decision document (its full text for
 * general-procedure penalties, R-PUB-04); redacted automatically: the party's name if a person,
 * identity numbers, phones, addresses… — the agency's and officers' names stay.
 */
export async function draftFromCase(tx: Tx, ledger: Ledger, c: CaseWithAgency, issued: { on: string; stage: string; def: WorkflowDefinition }): Promise<void> {
  const [exists] = await tx.select({ id: publications.id }).from(publications).where(eq(publications.caseId, c.id));
  if (exists) return;
  const records = await tx.select({ id: caseRecords.id, kind: caseRecords.kind, title: caseRecords.title, body: caseRecords.body, stage: caseRecords.stage, supersedes: caseRecords.supersedes }).from(caseRecords).where(eq(caseRecords.caseId, c.id)).orderBy(desc(caseRecords.enteredAt));
  const superseded = new Set(records.map((r) => r.supersedes).filter(Boolean));
  const current = records.filter((r) => !superseded.has(r.id));
  const stageDocs = (stageOf(issued.def, issued.stage)?.documents ?? []).flat();
  const record =
    DECISION_KINDS.map((k) => current.find((r) => r.kind === k && r.stage === issued.stage)).find(Boolean) ??
    current.find((r) => r.stage === issued.stage && stageDocs.includes(r.kind as DocKind)) ??
    null;
  const [doc] = record ? await tx.select({ texts: caseDocuments.texts, model: caseDocuments.model }).from(caseDocuments).where(eq(caseDocuments.recordId, record.id)) : [];
  const texts = doc?.texts ?? {};
  let basis = (texts.basis ?? "").trim();
  if (!basis && c.powerItemCode) {
    const [item] = await tx
      .select({ law: powerItems.basisLaw, article: powerItems.basisArticle })
      .from(powerItems)
      .where(and(eq(powerItems.itemCode, c.powerItemCode), sql`${powerItems.effectiveFrom} <= ${issued.on}`, sql`(${powerItems.effectiveTo} is null or ${powerItems.effectiveTo} > ${issued.on})`))
      .limit(1);
    if (item) basis = `${item.law}${item.article}`;
  }
  const measures = decisionMeasureLines(c.decision);
  const conclusion = measures.length ? measures.join("；") : (record?.body ?? "").trim().slice(0, 2000);
  // R-PUB-04: the full text of general-procedure penalty decisions
  const fullText = issued.def.actionType === "penalty" && issued.def.procedure === "general" && record ? (doc ? documentPlainText(doc.model) : record.body) : "";
  const team = await teamOf(tx, c.id);
  // a decision whose files carry a state-secret mark is proposed for withholding (R-PUB-05)
  const [secret] = await tx.select({ id: evidenceFiles.id }).from(evidenceFiles).where(and(eq(evidenceFiles.caseId, c.id), eq(evidenceFiles.sensitivity, "secret"))).limit(1);
  const person = c.partyType === "person";
  await insertDraft(tx, ledger, {
    agencyId: c.agencyId,
    agencyName: c.agencyName,
    caseId: c.id,
    source: "case",
    actionType: c.actionType as ActionType,
    documentNumber: c.number,
    decisionDate: issued.on,
    partyType: person ? "person" : "org",
    marks: secret ? ["state_secret"] : [],
    original: { partyName: c.partyName, partyIdNo: c.partyIdNo, title: c.title, facts: (texts.facts ?? "").trim(), conclusion, basis, fullText },
    personNames: person ? [c.partyName] : [],
    keep: [c.agencyName, ...team.map((t) => t.name), ...(person ? [] : [c.partyName, c.partyIdNo])],
    secrets: [...(person ? [c.partyName, c.partyIdNo, longEnough(c.partyAddress)] : []), c.partyPhone],
    createdBy: null,
    actor: "system:publicity",
  });
}

decisionIssued.hooks.push(draftFromCase);

// ---------------------------------------------------------------------------------------
// External push (R-PUB-09)
// ---------------------------------------------------------------------------------------

export interface PushInput {
  agencyId?: string;
  actionType: ActionType;
  documentNumber: string;
  decisionDate: string;
  title: string;
  party: { type: "person" | "org"; name: string; idNo?: string; phone?: string; address?: string; isMinor?: boolean };
  facts?: string;
  conclusion: string;
  basis: string;
  fullText?: string;
  marks?: ExclusionReason[];
  personNames?: string[];
  keep?: string[];
}

/**
 * A decision pushed by another case system (谁执法谁公示, 自动推送): a draft like a case's, awaiting
 * review (R-PUB-06). The Idempotency-Key makes retries safe: the same key and body return the
 * same publication; the same key with another body is refused.
 */
export async function pushDecision(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, agency: { id: string; name: string }, key: string, input: PushInput): Promise<{ id: string; created: boolean }> {
  const today = todayInShanghai(new Date());
  if (input.decisionDate > today) throw errors.validation([{ field: "decisionDate", message: "决定日期不能晚于今天" }]);
  if (input.decisionDate < "2000-01-01") throw errors.validation([{ field: "decisionDate", message: "决定日期过早" }]);
  const hash = canonicalSha256({ ...input, agencyId: agency.id });
  const existing = async (tx: Db | Tx) => {
    const [row] = await tx.select({ id: publications.id, hash: publications.externalHash }).from(publications).where(and(eq(publications.agencyId, agency.id), eq(publications.externalKey, key)));
    return row ?? null;
  };
  const before = await existing(db);
  if (before) {
    if (before.hash !== hash) throw publicityErrors.idempotencyConflict();
    return { id: before.id, created: false };
  }
  const person = input.party.type === "person";
  const name = input.party.name.trim();
  const idNo = (input.party.idNo ?? "").trim();
  try {
    return await mutate(db, ctx, async (tx) => {
      const id = await insertDraft(tx, ledger, {
        agencyId: agency.id,
        agencyName: agency.name,
        caseId: null,
        source: "external",
        externalKey: key,
        externalHash: hash,
        actionType: input.actionType,
        documentNumber: input.documentNumber.trim(),
        decisionDate: input.decisionDate,
        partyType: input.party.type,
        partyIsMinor: input.party.isMinor,
        marks: input.marks ?? [],
        original: { partyName: name, partyIdNo: idNo, title: input.title.trim(), facts: (input.facts ?? "").trim(), conclusion: input.conclusion.trim(), basis: input.basis.trim(), fullText: (input.fullText ?? "").trim() },
        personNames: [...(person ? [name] : []), ...(input.personNames ?? [])],
        keep: [agency.name, ...(input.keep ?? []), ...(person ? [] : [name, idNo])],
        secrets: [...(person ? [name, idNo, longEnough(input.party.address ?? "")] : []), input.party.phone ?? ""],
        createdBy: actor.id,
        actor: `user:${actor.id}`,
      });
      return { id, created: true };
    });
  } catch (e) {
    // a concurrent push with the same key won the race: answer like a retry
    const pgCode = (e as { cause?: { code?: string }; code?: string }).cause?.code ?? (e as { code?: string }).code;
    if (pgCode !== "23505") throw e;
    const after = await existing(db);
    if (!after) throw e;
    if (after.hash !== hash) throw publicityErrors.idempotencyConflict();
    return { id: after.id, created: false };
  }
}

// ---------------------------------------------------------------------------------------
// Review (R-PUB-05, R-PUB-06)
// ---------------------------------------------------------------------------------------

async function lock(tx: Tx, id: string, expectedVersion?: number): Promise<PublicationRow> {
  const [row] = await tx.select(columns).from(publications).where(eq(publications.id, id)).for("update");
  if (!row) throw errors.notFound("公示信息");
  if (expectedVersion !== undefined && row.version !== expectedVersion) throw errors.staleVersion();
  return row;
}

const bump = { version: sql`${publications.version} + 1`, updatedAt: sql`now()` };

export interface EditInput {
  redacted?: Partial<PublicationFields>;
  keep?: string[];
  /** The proposed R-PUB-05 reason (null clears it; a minor's cannot be cleared). */
  exclusion?: ExclusionReason | null;
  exclusionNote?: string;
  expectedVersion?: number;
}

/** The reviewer edits the public text of a draft; refused while personal data is left in it. */
export async function editDraft(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, p: PublicationWithAgency, input: EditInput): Promise<void> {
  await mutate(db, ctx, async (tx) => {
    const row = await lock(tx, p.id, input.expectedVersion);
    if (row.status !== "draft") throw publicityErrors.notDraft();
    const keep = input.keep ? clean(input.keep) : row.keep;
    if (keep.some((k) => row.secrets.some((s) => s.includes(k) || k.includes(s)) || row.personNames.includes(k))) throw errors.validation([{ field: "keep", message: "当事人的姓名、证件号码、电话、住址不能列为保留内容" }]);
    const exclusion = input.exclusion === undefined ? (row.exclusion as ExclusionReason | null) : input.exclusion;
    if (row.partyIsMinor && exclusion !== "minor") throw publicityErrors.minor();
    const redacted = pickFields({ ...row.redacted, ...input.redacted });
    refuseLeftovers(fieldLeftovers(redacted, { ...row, keep }));
    const changed = PUBLICATION_FIELD_KEYS.filter((k) => redacted[k] !== row.redacted[k]);
    await ledger.append(tx, {
      kind: "publicity.edited",
      actor: `user:${actor.id}`,
      chain: publicationChain(row.id),
      data: { publicationId: row.id, changed, keep, exclusion, sha256: canonicalSha256(redacted), by: actor.displayName },
    });
    await tx
      .update(publications)
      .set({ redacted, title: redacted.title, keep, exclusion, exclusionNote: input.exclusionNote?.trim() ?? row.exclusionNote, search: searchVector(p.agencyName, row.documentNumber, redacted), ...bump })
      .where(eq(publications.id, row.id));
  });
}

/** R-PUB-06: a publicity reviewer publishes a draft; the ledger entry holds the hash of the public fields. */
export async function publish(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, p: PublicationWithAgency, input: { expectedVersion?: number }): Promise<void> {
  const now = new Date();
  const today = todayInShanghai(now);
  await mutate(db, ctx, async (tx) => {
    const row = await lock(tx, p.id, input.expectedVersion);
    if (row.status !== "draft") throw publicityErrors.notDraft();
    if (row.partyIsMinor) throw publicityErrors.minor();
    if (row.exclusion) throw publicityErrors.exclusionProposed(row.exclusion as ExclusionReason);
    refuseLeftovers(problemsOf(row));
    // R-PUB-07: a decision already revoked, confirmed illegal or invalid, or changed is never put up
    if (row.caseId) {
      const [ruled] = await tx
        .select({ kind: caseRemedies.kind, outcome: caseRemedies.outcome })
        .from(caseRemedies)
        .where(and(eq(caseRemedies.caseId, row.caseId), inArray(caseRemedies.outcome, [...WITHDRAWING_OUTCOMES])))
        .limit(1);
      if (ruled) throw publicityErrors.ruledAgainst(RULING_NOTICE[rulingOfRemedy(ruled.kind as RemedyKind, ruled.outcome as RemedyOutcome)!]);
    }
    const late = today > row.deadline;
    const payload = publicPayload({ ...row, agencyName: p.agencyName }, 1, row.redacted);
    const sha256 = payloadSha256(payload);
    const entry = await ledger.append(tx, {
      kind: "publicity.published",
      actor: `user:${actor.id}`,
      chain: publicationChain(row.id),
      data: { publicationId: row.id, version: 1, sha256, agencyId: row.agencyId, documentNumber: row.documentNumber, decisionDate: row.decisionDate, deadline: row.deadline, publishedOn: today, late },
    });
    await tx.insert(publicationVersions).values({ publicationId: row.id, version: 1, kind: "publish", fields: row.redacted, note: "", sha256, ledgerEntryId: entry.id, createdBy: actor.id });
    await tx
      .update(publications)
      .set({ status: "published", publishedAt: now, publishedOn: today, late, reviewedBy: actor.id, reviewedAt: now, publicVersion: 1, publicSha256: sha256, ledgerEntryId: entry.id, ...bump })
      .where(eq(publications.id, row.id));
  });
}

/** R-PUB-05: the reviewer decides not to publish, with the reason and an explanation. */
export async function withhold(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, p: PublicationWithAgency, input: { reason: ExclusionReason; note: string; expectedVersion?: number }): Promise<void> {
  const note = input.note.trim();
  if (!note) throw errors.validation([{ field: "note", message: "请说明不予公示的具体情况" }]);
  const now = new Date();
  await mutate(db, ctx, async (tx) => {
    const row = await lock(tx, p.id, input.expectedVersion);
    if (row.status !== "draft") throw publicityErrors.notDraft();
    await ledger.append(tx, { kind: "publicity.withheld", actor: `user:${actor.id}`, chain: publicationChain(row.id), data: { publicationId: row.id, reason: input.reason, note, by: actor.displayName } });
    await tx.update(publications).set({ status: "withheld", exclusion: input.reason, exclusionNote: note, reviewedBy: actor.id, reviewedAt: now, ...bump }).where(eq(publications.id, row.id));
  });
}

/**
 * R-PUB-07: a published decision revoked, confirmed illegal or invalid, or changed, is taken down
 * within 2 working days of the ruling; the public keeps only the notice. Late withdrawal is flagged.
 */
export async function withdraw(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, p: PublicationWithAgency, input: { rulingKind: RulingKind; rulingDate: string; note: string; expectedVersion?: number }): Promise<void> {
  const now = new Date();
  const today = todayInShanghai(now);
  const note = input.note.trim();
  if (input.rulingDate > today) throw errors.validation([{ field: "rulingDate", message: "收到裁决的日期不能晚于今天" }]);
  if (input.rulingDate < p.decisionDate) throw errors.validation([{ field: "rulingDate", message: "收到裁决的日期不能早于决定日期" }]);
  // the note is public: no personal data in it
  const left = leftovers(note, "note", { ...p, hits: p.hits });
  refuseLeftovers(left);
  const cal = await loadCalendar(db);
  await mutate(db, ctx, async (tx) => {
    const row = await lock(tx, p.id, input.expectedVersion);
    await withdrawRow(tx, ledger, `user:${actor.id}`, row, { ...input, note }, cal, now);
  });
}

/** Takes one published row down (in the caller's transaction): notice, ledger entry, deadline kept. */
async function withdrawRow(tx: Tx, ledger: Ledger, actorRef: string, row: PublicationRow, input: { rulingKind: RulingKind; rulingDate: string; note: string; data?: Record<string, unknown> }, cal: WorkingCalendar, now: Date): Promise<void> {
  if (row.status !== "published") throw publicityErrors.notPublished();
  const today = todayInShanghai(now);
  const due = withdrawalDeadline(cal, input.rulingDate);
  const late = today > due.date;
  const note = input.note;
  const notice = `该信息已于${chineseDate(today)}撤回。原因：${RULING_NOTICE[input.rulingKind]}（${chineseDate(input.rulingDate)}收到）${note ? `；${note.replace(/[。；;.]+$/, "")}` : ""}。`;
  await ledger.append(tx, {
    kind: "publicity.withdrawn",
    actor: actorRef,
    chain: publicationChain(row.id),
    data: { publicationId: row.id, rulingKind: input.rulingKind, rulingDate: input.rulingDate, withdrawalDeadline: due.date, withdrawnOn: today, late, notice, ...input.data },
  });
  await tx
    .update(publications)
    .set({ status: "withdrawn", rulingKind: input.rulingKind, rulingDate: input.rulingDate, withdrawalDeadline: due.date, withdrawnAt: now, withdrawnOn: today, withdrawalLate: late, withdrawalNotice: notice, ...bump })
    .where(eq(publications.id, row.id));
}

/**
 * The ruling a 复议 or 诉讼 outcome amounts to for the decision's publication (R-PUB-07): revoked,
 * confirmed illegal or invalid, or changed; null when the decision stands (upheld, dismissed…) or
 * the outcome does not touch it (责令履行, 撤回, 调解, 其他).
 */
export const WITHDRAWING_OUTCOMES: readonly RemedyOutcome[] = ["revoked", "illegal", "invalid", "changed"];

export function rulingOfRemedy(kind: RemedyKind, outcome: RemedyOutcome | null | undefined): RulingKind | null {
  switch (outcome) {
    case "revoked":
    case "illegal":
    case "invalid":
      return outcome;
    case "changed":
      return kind === "reconsideration" ? "review_changed" : "litigation_changed";
    default:
      return null;
  }
}

/**
 * R-PUB-07 without waiting for anyone: when a ruling that takes the decision down is recorded on
 * the case, its published decision is withdrawn in the same transaction, with the standard public
 * notice (late if the ruling is recorded after the 2-working-day limit: the accountability report
 * lists it). Returns what was taken down.
 */
export async function withdrawForRuling(tx: Tx, ledger: Ledger, actor: Actor, caseId: string, ruling: { kind: RulingKind; date: string; remedyId: string }): Promise<{ id: string; documentNumber: string }[]> {
  const rows = await tx.select().from(publications).where(and(eq(publications.caseId, caseId), eq(publications.status, "published"))).for("update");
  if (rows.length === 0) return [];
  const cal = await loadCalendar(tx);
  const now = new Date();
  for (const row of rows) {
    await withdrawRow(tx, ledger, `user:${actor.id}`, row, { rulingKind: ruling.kind, rulingDate: ruling.date < row.decisionDate ? row.decisionDate : ruling.date, note: "", data: { automatic: true, remedyId: ruling.remedyId } }, cal, now);
  }
  return rows.map((r) => ({ id: r.id, documentNumber: r.documentNumber }));
}

/** A new public version (R-PUB-08), in the caller's transaction; returns its id. */
async function newVersion(tx: Tx, ledger: Ledger, actor: Actor, row: PublicationRow, agencyName: string, input: { redacted: Partial<PublicationFields>; note: string; correctionId: string | null }): Promise<string> {
  if (row.status !== "published") throw publicityErrors.notPublished();
  const fields = pickFields({ ...row.redacted, ...input.redacted });
  if (PUBLICATION_FIELD_KEYS.every((k) => fields[k] === row.redacted[k])) throw publicityErrors.noChange();
  refuseLeftovers([...fieldLeftovers(fields, row), ...leftovers(input.note, "note", row)]);
  const version = row.publicVersion + 1;
  const payload = publicPayload({ ...row, agencyName }, version, fields);
  const sha256 = payloadSha256(payload);
  const [previous] = row.ledgerEntryId ? await tx.select({ commitment: ledgerEntries.commitment }).from(ledgerEntries).where(eq(ledgerEntries.id, row.ledgerEntryId)) : [];
  const entry = await ledger.append(tx, {
    kind: "publicity.corrected",
    actor: `user:${actor.id}`,
    chain: publicationChain(row.id),
    ...(previous ? { corrects: toHex(previous.commitment) } : {}),
    data: { publicationId: row.id, version, sha256, note: input.note, correctionId: input.correctionId, changed: PUBLICATION_FIELD_KEYS.filter((k) => fields[k] !== row.redacted[k]) },
  });
  const [v] = await tx.insert(publicationVersions).values({ publicationId: row.id, version, kind: "correction", fields, note: input.note, correctionId: input.correctionId, sha256, ledgerEntryId: entry.id, createdBy: actor.id }).returning({ id: publicationVersions.id });
  await tx
    .update(publications)
    .set({ redacted: fields, title: fields.title, publicVersion: version, publicSha256: sha256, ledgerEntryId: entry.id, search: searchVector(agencyName, row.documentNumber, fields), ...bump })
    .where(eq(publications.id, row.id));
  return v!.id;
}

/** R-PUB-08: the agency corrects a published decision on its own: a new public version. */
export async function correct(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, p: PublicationWithAgency, input: { redacted: Partial<PublicationFields>; note: string; expectedVersion?: number }): Promise<void> {
  const note = input.note.trim();
  if (!note) throw errors.validation([{ field: "note", message: "请说明更正的内容（将随更正版本公开）" }]);
  await mutate(db, ctx, async (tx) => {
    const row = await lock(tx, p.id, input.expectedVersion);
    await newVersion(tx, ledger, actor, row, p.agencyName, { redacted: input.redacted, note, correctionId: null });
  });
}

// ---------------------------------------------------------------------------------------
// Correction requests (R-PUB-08)
// ---------------------------------------------------------------------------------------

const codeHash = (code: string) => crypto.createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** 16 characters from an unambiguous alphabet: 80 bits. */
function newCode(): string {
  return Array.from(crypto.randomBytes(16), (b) => ALPHABET[b % 32]).join("");
}

export async function correctionDays(db: Db | Tx): Promise<number> {
  const v = await getSetting(db, CORRECTION_DAYS_SETTING);
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 60 ? v : DEFAULT_CORRECTION_DAYS;
}

export interface CorrectionRequestInput {
  problem: string;
  requested: string;
  evidence: string;
  contactName: string;
  contact: string;
}

/** Anyone asks for a published decision to be corrected; the code is returned once. */
export async function requestCorrection(db: Db, ledger: Ledger, ctx: AuditContext, publicationId: string, input: CorrectionRequestInput): Promise<{ id: string; code: string; due: string }> {
  const p = await publicPublication(db, publicationId);
  const cal = await loadCalendar(db);
  const due = cal.addWorkingDays(todayInShanghai(new Date()), await correctionDays(db)).date;
  const code = newCode();
  const id = await mutate(db, ctx, async (tx) => {
    const [row] = await tx
      .insert(publicationCorrections)
      .values({ publicationId: p.id, agencyId: p.agencyId, problem: input.problem.trim(), requested: input.requested.trim(), evidence: input.evidence.trim(), contactName: input.contactName.trim(), contact: input.contact.trim(), codeHash: codeHash(code), due })
      .returning({ id: publicationCorrections.id });
    // the applicant's contact stays out of the ledger
    await ledger.append(tx, { kind: "publicity.correction_requested", actor: "public", chain: publicationChain(p.id), data: { publicationId: p.id, correctionId: row!.id, problem: input.problem.trim(), requested: input.requested.trim(), due } });
    return row!.id;
  });
  return { id, code, due };
}

/** The request's state, as its applicant sees it with the code. */
export async function correctionByCode(db: Db, code: string) {
  const [row] = await db
    .select({ c: publicationCorrections, title: publications.title, documentNumber: publications.documentNumber, agencyName: agencies.name, version: publicationVersions.version })
    .from(publicationCorrections)
    .innerJoin(publications, eq(publications.id, publicationCorrections.publicationId))
    .innerJoin(agencies, eq(agencies.id, publicationCorrections.agencyId))
    .leftJoin(publicationVersions, eq(publicationVersions.id, publicationCorrections.versionId))
    .where(eq(publicationCorrections.codeHash, codeHash(code)));
  if (!row) throw publicityErrors.codeInvalid();
  const c = row.c;
  return {
    status: c.status,
    statusLabel: CORRECTION_STATUS_LABELS[c.status as CorrectionStatus] ?? c.status,
    publication: { id: c.publicationId, title: row.title, documentNumber: row.documentNumber, agencyName: row.agencyName },
    problem: c.problem,
    requested: c.requested,
    due: c.due,
    createdAt: c.createdAt.toISOString(),
    handledAt: c.handledAt?.toISOString() ?? null,
    reason: c.reason,
    version: row.version ?? null,
  };
}

export async function getCorrection(db: Db | Tx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(publicationCorrections).where(eq(publicationCorrections.id, id));
  return row ?? null;
}

export async function listCorrections(db: Db, scope: ListScope, f: { status?: CorrectionStatus; publicationId?: string; page: number; pageSize: number }) {
  const conds: SQL[] = [scopeCondition(scope)];
  if (f.status) conds.push(eq(publicationCorrections.status, f.status));
  if (f.publicationId) conds.push(eq(publicationCorrections.publicationId, f.publicationId));
  const where = and(...conds);
  const base = () => db.select().from(publicationCorrections).innerJoin(publications, eq(publications.id, publicationCorrections.publicationId)).innerJoin(agencies, eq(agencies.id, publicationCorrections.agencyId));
  const [[count], rows] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(publicationCorrections).innerJoin(publications, eq(publications.id, publicationCorrections.publicationId)).innerJoin(agencies, eq(agencies.id, publicationCorrections.agencyId)).where(where),
    base()
      .where(where)
      .orderBy(desc(publicationCorrections.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
  ]);
  return { total: count?.n ?? 0, rows: rows.map((r) => ({ c: r.publication_corrections, title: r.publications.title, documentNumber: r.publications.documentNumber, agencyName: r.agencies.name })) };
}

/** The agency accepts (publishing the correction as a new version) or rejects with reasons. */
export async function decideCorrection(
  db: Db,
  ledger: Ledger,
  ctx: AuditContext,
  actor: Actor,
  p: PublicationWithAgency,
  correctionId: string,
  input: { accept: boolean; reason: string; redacted?: Partial<PublicationFields>; note?: string; expectedVersion?: number },
): Promise<void> {
  const reason = input.reason.trim();
  if (!input.accept && !reason) throw errors.validation([{ field: "reason", message: "不予更正的，应当说明理由" }]);
  if (input.accept && (!input.redacted || Object.keys(input.redacted).length === 0)) throw errors.validation([{ field: "redacted", message: "请填写更正后的公示内容" }]);
  const now = new Date();
  await mutate(db, ctx, async (tx) => {
    const [c] = await tx.select().from(publicationCorrections).where(eq(publicationCorrections.id, correctionId)).for("update");
    if (!c || c.publicationId !== p.id) throw errors.notFound("更正申请");
    if (c.status !== "pending") throw publicityErrors.correctionDecided();
    let versionId: string | null = null;
    if (input.accept) {
      const row = await lock(tx, p.id, input.expectedVersion);
      const note = (input.note ?? "").trim() || "根据更正申请更正";
      versionId = await newVersion(tx, ledger, actor, row, p.agencyName, { redacted: input.redacted ?? {}, note, correctionId: c.id });
    }
    await ledger.append(tx, { kind: "publicity.correction_decided", actor: `user:${actor.id}`, chain: publicationChain(p.id), data: { publicationId: p.id, correctionId: c.id, accept: input.accept, reason, by: actor.displayName } });
    await tx
      .update(publicationCorrections)
      .set({ status: input.accept ? "accepted" : "rejected", reason: reason || null, versionId, handledBy: actor.id, handledAt: now })
      .where(eq(publicationCorrections.id, c.id));
  });
}

// ---------------------------------------------------------------------------------------
// Lists (staff) and the accountability report (R-PUB-12)
// ---------------------------------------------------------------------------------------

/** Which publications a list shows: a subtree (supervisors), an agency, or an officer's own cases. */
export type ListScope = { pathPrefix: string } | { agencyId: string } | { agencyId: string; teamUserId: string };

function scopeCondition(scope: ListScope): SQL {
  if ("pathPrefix" in scope) return sql`${agencies.path} like ${scope.pathPrefix + "%"}`;
  if ("teamUserId" in scope) {
    return and(
      eq(publications.agencyId, scope.agencyId),
      sql`exists (select 1 from case_officers co join officers o on o.id = co.officer_id join users u on u.username = o.username where co.case_id = ${publications.caseId} and co.removed_at is null and u.id = ${scope.teamUserId})`,
    )!;
  }
  return eq(publications.agencyId, scope.agencyId);
}

export interface QueueFilters {
  status?: PublicationStatus;
  light?: PublicityLight;
  agencyId?: string;
  actionType?: string;
  source?: "case" | "external";
  q?: string;
  page: number;
  pageSize: number;
}

export async function listQueue(db: Db, scope: ListScope, f: QueueFilters, today: string) {
  const conds: SQL[] = [scopeCondition(scope)];
  if (f.status) conds.push(eq(publications.status, f.status));
  if (f.agencyId) conds.push(eq(publications.agencyId, f.agencyId));
  if (f.actionType) conds.push(eq(publications.actionType, f.actionType));
  if (f.source) conds.push(eq(publications.source, f.source));
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[\\%_]/g, (m) => "\\" + m)}%`;
    conds.push(sql`(${publications.documentNumber} ilike ${like} or ${publications.title} ilike ${like} or ${publications.original}->>'partyName' ilike ${like} or ${publications.original}->>'title' ilike ${like})`);
  }
  // the same rule as publicityLight, on the stored dates: only drafts run against the clock
  if (f.light === "overdue") conds.push(sql`${publications.status} = 'draft' and ${publications.deadline} < ${today}`);
  else if (f.light === "due_soon") conds.push(sql`${publications.status} = 'draft' and ${publications.deadline} >= ${today} and ${publications.soon} <= ${today}`);
  else if (f.light === "normal") conds.push(sql`${publications.status} = 'draft' and ${publications.soon} > ${today}`);
  const where = and(...conds);
  const [[count], rows] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(publications).innerJoin(agencies, eq(agencies.id, publications.agencyId)).where(where),
    db
      .select(withAgency)
      .from(publications)
      .innerJoin(agencies, eq(agencies.id, publications.agencyId))
      .leftJoin(cases, eq(cases.id, publications.caseId))
      .where(where)
      .orderBy(sql`case when ${publications.status} = 'draft' then 0 else 1 end`, asc(publications.deadline), desc(publications.decisionDate), desc(publications.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
  ]);
  return { total: count?.n ?? 0, rows };
}

/**
 * R-PUB-12: drafts past their deadline and not published, publications made late, withdrawals
 * made late, and per agency the counts that show selective publishing (decisions withheld).
 */
export async function overdueReport(db: Db, scope: ListScope, range: { from?: string; to?: string }, today: string) {
  const inRange: SQL[] = [scopeCondition(scope)];
  if (range.from) inRange.push(sql`${publications.decisionDate} >= ${range.from}`);
  if (range.to) inRange.push(sql`${publications.decisionDate} <= ${range.to}`);
  const list = (cond: SQL, order: SQL[]) =>
    db
      .select(withAgency)
      .from(publications)
      .innerJoin(agencies, eq(agencies.id, publications.agencyId))
      .leftJoin(cases, eq(cases.id, publications.caseId))
      .where(and(...inRange, cond))
      .orderBy(...order)
      .limit(500);
  const [drafts, late, lateWithdrawals, byAgency, corrections, annualReports] = await Promise.all([
    list(sql`${publications.status} = 'draft' and ${publications.deadline} < ${today}`, [asc(publications.deadline)]),
    list(sql`${publications.late} = true`, [desc(publications.publishedOn)]),
    list(sql`${publications.withdrawalLate} = true`, [desc(publications.withdrawnOn)]),
    db
      .select({
        agencyId: agencies.id,
        agencyName: agencies.name,
        total: sql<number>`count(*)::int`,
        drafts: sql<number>`count(*) filter (where ${publications.status} = 'draft')::int`,
        overdueDrafts: sql<number>`count(*) filter (where ${publications.status} = 'draft' and ${publications.deadline} < ${today})::int`,
        published: sql<number>`count(*) filter (where ${publications.status} in ('published','withdrawn'))::int`,
        latePublished: sql<number>`count(*) filter (where ${publications.late} = true)::int`,
        withheld: sql<number>`count(*) filter (where ${publications.status} = 'withheld')::int`,
        withdrawn: sql<number>`count(*) filter (where ${publications.status} = 'withdrawn')::int`,
        lateWithdrawn: sql<number>`count(*) filter (where ${publications.withdrawalLate} = true)::int`,
      })
      .from(publications)
      .innerJoin(agencies, eq(agencies.id, publications.agencyId))
      .where(and(...inRange))
      .groupBy(agencies.id, agencies.name)
      .orderBy(asc(agencies.name)),
    // correction requests not handled within their time (R-PUB-08)
    db
      .select()
      .from(publicationCorrections)
      .innerJoin(publications, eq(publications.id, publicationCorrections.publicationId))
      .innerJoin(agencies, eq(agencies.id, publicationCorrections.agencyId))
      .where(and(scopeCondition(scope), eq(publicationCorrections.status, "pending"), sql`${publicationCorrections.due} < ${today}`))
      .orderBy(asc(publicationCorrections.due))
      .limit(500),
    // annual statistics reports missing or late (R-PUB-10)
    lateReports(db, "teamUserId" in scope ? { agencyId: scope.agencyId } : scope, today),
  ]);
  const overdueCorrections = corrections.map((r) => ({ c: r.publication_corrections, title: r.publications.title, documentNumber: r.publications.documentNumber, agencyName: r.agencies.name }));
  return { drafts, late, lateWithdrawals, byAgency, overdueCorrections, annualReports };
}

// ---------------------------------------------------------------------------------------
// The public side (no login): only published decisions, only redacted fields
// ---------------------------------------------------------------------------------------

/** A published decision, or 410 with the notice if withdrawn; anything else does not exist publicly. */
export async function publicPublication(db: Db, id: string): Promise<PublicationWithAgency> {
  const p = await getPublication(db, id);
  if (!p || (p.status !== "published" && p.status !== "withdrawn")) throw errors.notFound("公示信息");
  if (p.status === "withdrawn") {
    const notice = p.withdrawalNotice ?? "该信息已撤回";
    throw publicityErrors.withdrawn(notice, { notice, withdrawnOn: p.withdrawnOn, rulingKind: p.rulingKind, rulingKindLabel: p.rulingKind ? RULING_KIND_LABELS[p.rulingKind as RulingKind] : null, documentNumber: p.documentNumber, agencyName: p.agencyName });
  }
  return p;
}

export interface PublicFilters {
  q?: string;
  agencyId?: string;
  actionType?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/**
 * Paging stops here: a search matching more shows its first 10 000 (nobody pages that far —
 * they narrow the search), and a deep page cannot make the database skip millions of rows.
 */
export const SEARCH_RESULTS_CAP = 10_000;
/**
 * When the planner expects fewer matches than this, they are counted, up to this many (through
 * the GIN index, quick): "共 N 条", or "超过 1000 条" when the estimate was low. Above, the
 * estimate is shown ("约 N 条").
 */
export const SEARCH_COUNT_UP_TO = 1_000;

/** How the total of a search is known. */
export type TotalIs = "exact" | "at_least" | "estimate";

/** A published decision as the public search lists it. */
export interface PublishedItem {
  id: string;
  agencyId: string;
  agencyName: string;
  actionType: string;
  documentNumber: string;
  decisionDate: string;
  title: string;
  partyType: string;
  /** Only the fields a list shows: the full text and facts stay in the database. */
  redacted: Pick<PublicationFields, "partyName" | "conclusion" | "basis">;
  publishedOn: string | null;
  publicVersion: number;
}

/** How long an estimate is reused: "约 N 条" need not follow each publication (planning a full-text query costs milliseconds of the database). */
const ESTIMATE_TTL_MS = 60_000;
const ESTIMATES_KEPT = 1_000;
const estimates = new WeakMap<Db, Map<string, { n: number; until: number }>>();
const dialect = new PgDialect();

/** The planner's estimate of how many published decisions match (R-PUB-03: "约 N 条"), kept a minute per search. */
async function estimateMatches(db: Db, where: SQL | undefined): Promise<number> {
  const query = sql`explain (format json) select 1 from ${publications} where ${where}`;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const key = `${text}\u0000${JSON.stringify(params)}`;
  let kept = estimates.get(db);
  if (!kept) estimates.set(db, (kept = new Map()));
  const now = Date.now();
  const hit = kept.get(key);
  if (hit && hit.until > now) return hit.n;
  const [row] = await rawRows<{ "QUERY PLAN": unknown }>(db, query);
  const plan = typeof row?.["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row?.["QUERY PLAN"];
  const planned = (plan as { Plan?: { "Plan Rows"?: unknown } }[] | undefined)?.[0]?.Plan?.["Plan Rows"];
  const n = typeof planned === "number" && Number.isFinite(planned) ? Math.round(planned) : 0;
  kept.delete(key);
  kept.set(key, { n, until: now + ESTIMATE_TTL_MS });
  if (kept.size > ESTIMATES_KEPT) kept.delete(kept.keys().next().value!);
  return n;
}

/** The public search's order (exactly that of publications_status_order_idx, nulls last as drizzle declares it). */
const SEARCH_ORDER = [sql`${publications.decisionDate} desc nulls last`, sql`${publications.publishedAt} desc nulls last`, asc(publications.id)];

/** The page of a search as it is listed, in the search's order (`where` names the page's ids). */
function searchPage(db: Db, where: SQL | undefined, limit: number): Promise<PublishedItem[]> {
  return db
    .select({
      id: publications.id,
      agencyId: publications.agencyId,
      agencyName: agencies.name,
      actionType: publications.actionType,
      documentNumber: publications.documentNumber,
      decisionDate: publications.decisionDate,
      title: publications.title,
      partyType: publications.partyType,
      redacted: sql<PublishedItem["redacted"]>`jsonb_build_object('partyName', ${publications.redacted}->'partyName', 'conclusion', ${publications.redacted}->'conclusion', 'basis', ${publications.redacted}->'basis')`,
      publishedOn: publications.publishedOn,
      publicVersion: publications.publicVersion,
    })
    .from(publications)
    .innerJoin(agencies, eq(agencies.id, publications.agencyId))
    .where(where)
    .orderBy(...SEARCH_ORDER)
    .limit(limit);
}

/**
 * Several words are searched first among the newest SEARCH_WINDOW decisions under the filters
 * (see `searchPublished`): the planner takes the words as independent and the words of one
 * phrase (危险 化学品, 超限 运输) are not, so it expects a few hundred matches of what are tens of
 * thousands, and reads and sorts all of them for one page.
 */
export const SEARCH_WINDOW = 2_000;

export interface SearchLimits {
  cap: number;
  countUpTo: number;
  window?: number;
}

/**
 * R-PUB-03, R-PUB-11: published decisions, newest decision first, searched by jieba-segmented
 * words. The total (`totalIs`) is exact when the results end on this page or the planner expects
 * fewer than SEARCH_COUNT_UP_TO (then counted, up to that: else "at least"), otherwise it is an
 * estimate: counting a common word's matches among millions of decisions took seconds, a page of
 * them milliseconds. `hasMore`: a next page exists (within SEARCH_RESULTS_CAP).
 *
 * A search of several words walks the newest decisions under the filters in the index's order,
 * checking the words on each, until it has the page and one more: that is the page, and the total
 * is estimated from the share of matches in the walk. When the newest `window` decisions do not
 * hold them, the words are rare together and the planner's plan (the full-text index) is the
 * right one.
 */
export async function searchPublished(db: Db, f: PublicFilters, limits: SearchLimits = { cap: SEARCH_RESULTS_CAP, countUpTo: SEARCH_COUNT_UP_TO }): Promise<{ total: number; totalIs: TotalIs; hasMore: boolean; rows: PublishedItem[] }> {
  const { cap, countUpTo } = limits;
  const window = limits.window ?? SEARCH_WINDOW;
  const conds: SQL[] = [eq(publications.status, "published")];
  if (f.agencyId) conds.push(eq(publications.agencyId, f.agencyId));
  if (f.actionType) conds.push(eq(publications.actionType, f.actionType));
  if (f.from) conds.push(sql`${publications.decisionDate} >= ${f.from}`);
  if (f.to) conds.push(sql`${publications.decisionDate} <= ${f.to}`);
  const filters = and(...conds);
  const words = f.q ? queryTokens(f.q) : [];
  const query = searchQuery(words);
  const where = query ? and(filters, sql`${publications.search} @@ ${query}`) : filters;
  const offset = (f.page - 1) * f.pageSize;
  const size = Math.min(f.pageSize, cap - offset);
  if (offset >= cap) return { ...(await searchTotal(db, where, offset, countUpTo)), hasMore: false, rows: [] };

  // (a number among the words, as in a document number, is rare: the index finds it at once)
  if (query && words.length > 1 && !words.some((w) => /^\d+$/.test(w)) && offset + size < window) {
    const needed = offset + size + 1;
    const w = await walkNewest(db, filters, query, window, needed);
    if (w.ids.length >= needed) {
      const ids = w.ids.slice(offset, offset + size);
      const rows = await searchPage(db, inArray(publications.id, ids), size);
      const hasMore = offset + size < cap;
      // the share of matches in the decisions walked, of all decisions under the filters
      const estimate = Math.round((needed / w.walked) * (await estimateMatches(db, filters)));
      if (estimate >= countUpTo) return { total: Math.max(estimate, needed), totalIs: "estimate", hasMore, rows };
      return { ...(await countUp(db, where, needed, countUpTo)), hasMore, rows };
    }
  }

  // one more than the page: is there a next one? The ids first (their sort reads no stored text), then their rows, in one statement
  const ids = db.select({ id: publications.id }).from(publications).where(where).orderBy(...SEARCH_ORDER).limit(size + 1).offset(offset);
  const fetched = await searchPage(db, inArray(publications.id, ids), size + 1);
  const beyond = fetched.length > size;
  const page = beyond ? fetched.slice(0, size) : fetched;
  const hasMore = beyond && offset + size < cap;
  if (!beyond && (page.length > 0 || offset === 0)) return { total: offset + page.length, totalIs: "exact", hasMore: false, rows: page };
  return { ...(await searchTotal(db, where, offset + page.length + (beyond ? 1 : 0), countUpTo)), hasMore, rows: page };
}

/**
 * The first `needed` matches among the newest `window` decisions under the filters, in the
 * search's order, and how many decisions were read to find them (the walk stops there).
 */
async function walkNewest(db: Db, filters: SQL | undefined, query: SQL, window: number, needed: number): Promise<{ ids: string[]; walked: number }> {
  const found = await rawRows<{ id: string; n: number | string }>(
    db,
    sql`select id, n from (
          select ${publications.id} as id, ${publications.decisionDate} as d, ${publications.publishedAt} as p,
                 row_number() over (order by ${sql.join(SEARCH_ORDER, sql`, `)}) as n, ${publications.search} @@ ${query} as hit
            from ${publications} where ${filters}
           order by ${sql.join(SEARCH_ORDER, sql`, `)} limit ${window}) w
         where hit order by d desc nulls last, p desc nulls last, id limit ${needed}`,
  );
  return { ids: found.map((r) => r.id), walked: Number(found.at(-1)?.n ?? 0) };
}

/** The total of a search past its page: `seen` matches are known; counted when the planner expects few, else its estimate. */
async function searchTotal(db: Db, where: SQL | undefined, seen: number, countUpTo: number): Promise<{ total: number; totalIs: TotalIs }> {
  const estimate = await estimateMatches(db, where);
  if (estimate < countUpTo) return countUp(db, where, seen, countUpTo);
  return { total: Math.max(estimate, seen), totalIs: "estimate" };
}

/** Counts the matches up to `countUpTo`: exact, or "at least" beyond. */
async function countUp(db: Db, where: SQL | undefined, seen: number, countUpTo: number): Promise<{ total: number; totalIs: TotalIs }> {
  const matches = db.select({ one: sql`1`.as("one") }).from(publications).where(where).limit(countUpTo + 1).as("matches");
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(matches);
  const n = counted?.n ?? 0;
  return n <= countUpTo ? { total: n, totalIs: "exact" } : { total: Math.max(countUpTo, seen), totalIs: "at_least" };
}

/** `ledgerProofs` of every ledger entry of a publication: its versions' and its current one. */
export async function publicationProofs(db: Db, publicationId: string) {
  const versionEntries = db.select({ id: publicationVersions.ledgerEntryId }).from(publicationVersions).where(eq(publicationVersions.publicationId, publicationId));
  const currentEntry = db.select({ id: publications.ledgerEntryId }).from(publications).where(eq(publications.id, publicationId));
  return entryProofsWhere(db, or(inArray(ledgerEntries.id, versionEntries), inArray(ledgerEntries.id, currentEntry))!);
}

export const actionTypeLabel = (t: string) => ACTION_TYPE_LABELS[t as ActionType] ?? t;
export const exclusionLabel = (x: string | null) => (x ? (EXCLUSION_LABELS[x as ExclusionReason] ?? x) : null);
