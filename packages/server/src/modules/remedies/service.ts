/**
 * 行政复议、行政诉讼 against a case's decision: recorded by those who handle the case, with the
 * body (复议机关 / 人民法院), filing date and, once decided, the outcome (R-PUB-10 counts them; a
 * revoking ruling is also what starts a withdrawal, R-PUB-07). Each change has its ledger entry
 * in the case's chain.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { REMEDY_KIND_LABELS, REMEDY_OUTCOME_LABELS, todayInShanghai, type RemedyKind, type RemedyOutcome } from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors, type ValidationDetail } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { userNames } from "../users/service.ts";
import { caseChain, type CaseWithAgency } from "../cases/service.ts";
import { caseRemedies } from "./tables.ts";
import { rulingOfRemedy, withdrawForRuling } from "../publicity/service.ts";

/** Publications taken down because the recorded outcome revokes or changes the decision (R-PUB-07). */
export type Withdrawn = { id: string; documentNumber: string }[];

export type RemedyRow = typeof caseRemedies.$inferSelect;

export const remedyErrors = {
  notFound: () => errors.notFound("复议诉讼记录"),
  decided: () => new AppError("remedy_decided", 409, "该复议诉讼已记录结果，不能再修改"),
};

export interface RemedyInput {
  kind: RemedyKind;
  body: string;
  reference?: string;
  filedOn: string;
  decidedOn?: string | null;
  outcome?: RemedyOutcome | null;
  note?: string;
}

function check(input: { filedOn: string; decidedOn?: string | null; outcome?: string | null }, openedOn: string, today: string): void {
  const problems: ValidationDetail[] = [];
  if (input.filedOn > today) problems.push({ field: "filedOn", message: "申请（起诉）日期不能晚于今天" });
  if (input.filedOn < openedOn) problems.push({ field: "filedOn", message: "申请（起诉）日期不能早于立案日期" });
  if (!!input.decidedOn !== !!input.outcome) problems.push({ field: input.decidedOn ? "outcome" : "decidedOn", message: "结果和决定（裁判）日期应当同时填写" });
  if (input.decidedOn && input.decidedOn < input.filedOn) problems.push({ field: "decidedOn", message: "决定（裁判）日期不能早于申请（起诉）日期" });
  if (input.decidedOn && input.decidedOn > today) problems.push({ field: "decidedOn", message: "决定（裁判）日期不能晚于今天" });
  if (problems.length) throw errors.validation(problems);
}

export async function remediesOf(db: Db | Tx, caseId: string) {
  const rows = await db.select().from(caseRemedies).where(eq(caseRemedies.caseId, caseId)).orderBy(asc(caseRemedies.filedOn), asc(caseRemedies.createdAt));
  const names = await userNames(db, rows.map((r) => r.createdBy));
  return rows.map((r) => ({ ...r, createdByName: names.get(r.createdBy) ?? "" }));
}

export function presentRemedy(r: RemedyRow & { createdByName: string }) {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: REMEDY_KIND_LABELS[r.kind as RemedyKind] ?? r.kind,
    body: r.body,
    reference: r.reference,
    filedOn: r.filedOn,
    decidedOn: r.decidedOn,
    outcome: r.outcome,
    outcomeLabel: r.outcome ? (REMEDY_OUTCOME_LABELS[r.outcome as RemedyOutcome] ?? r.outcome) : null,
    note: r.note,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

/**
 * Records a 复议 or 诉讼 against the case's decision (pending, or already with its outcome); an
 * outcome that revokes, invalidates, confirms illegal or changes the decision takes its published
 * decision down in the same transaction (R-PUB-07).
 */
export async function recordRemedy(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: RemedyInput): Promise<{ id: string; withdrawn: Withdrawn }> {
  const today = todayInShanghai(new Date());
  check(input, c.openedOn, today);
  return mutate(db, ctx, async (tx) => {
    const data = { caseId: c.id, kind: input.kind, body: input.body.trim(), reference: (input.reference ?? "").trim(), filedOn: input.filedOn, decidedOn: input.decidedOn ?? null, outcome: input.outcome ?? null, note: (input.note ?? "").trim() };
    const entry = await ledger.append(tx, { kind: "case.remedy_recorded", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { ...data, by: actor.displayName } });
    const [row] = await tx
      .insert(caseRemedies)
      .values({ ...data, agencyId: c.agencyId, ledgerEntryId: entry.id, createdBy: actor.id })
      .returning({ id: caseRemedies.id });
    const ruling = rulingOfRemedy(data.kind, data.outcome);
    const withdrawn = ruling && data.decidedOn ? await withdrawForRuling(tx, ledger, actor, c.id, { kind: ruling, date: data.decidedOn, remedyId: row!.id }) : [];
    return { id: row!.id, withdrawn };
  });
}

/** Records the outcome of a pending remedy (or corrects its details while pending); see `recordRemedy` for R-PUB-07. */
export async function updateRemedy(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, id: string, input: Partial<RemedyInput> & { expectedVersion?: number }): Promise<Withdrawn> {
  const today = todayInShanghai(new Date());
  return mutate(db, ctx, async (tx) => {
    const [row] = await tx.select().from(caseRemedies).where(and(eq(caseRemedies.id, id), eq(caseRemedies.caseId, c.id))).for("update");
    if (!row) throw remedyErrors.notFound();
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) throw errors.staleVersion();
    if (row.outcome) throw remedyErrors.decided();
    const next = {
      kind: input.kind ?? row.kind,
      body: (input.body ?? row.body).trim(),
      reference: (input.reference ?? row.reference).trim(),
      filedOn: input.filedOn ?? row.filedOn,
      decidedOn: input.decidedOn === undefined ? row.decidedOn : input.decidedOn,
      outcome: input.outcome === undefined ? row.outcome : input.outcome,
      note: (input.note ?? row.note).trim(),
    };
    check(next, c.openedOn, today);
    await ledger.append(tx, { kind: "case.remedy_updated", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, remedyId: row.id, ...next, by: actor.displayName } });
    await tx.update(caseRemedies).set({ ...next, updatedAt: new Date(), version: sql`${caseRemedies.version} + 1` }).where(eq(caseRemedies.id, row.id));
    const ruling = rulingOfRemedy(next.kind as RemedyKind, next.outcome as RemedyOutcome | null);
    return ruling && next.decidedOn ? withdrawForRuling(tx, ledger, actor, c.id, { kind: ruling, date: next.decidedOn, remedyId: row.id }) : [];
  });
}
