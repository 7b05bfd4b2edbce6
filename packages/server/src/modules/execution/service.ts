/**
 * 执行 of a fine (行政处罚法 第六十六条、第六十七条、第七十二条; 行政强制法 第五十三条、第五十四条):
 * payments (each also a 缴款记录 of the case, so the execution stage's document gate sees it),
 * deferral and instalment requests decided by the agency head, 催告, and the application to the
 * court within its window. Every row and its ledger entry commit together.
 */
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import {
  EXECUTION_STATE_LABELS,
  executionStatus,
  formatYuan,
  todayInShanghai,
  validateInstalments,
  type Instalment,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { users } from "../users/tables.ts";
import { loadCalendar } from "../calendar/service.ts";
import { caseStages } from "../cases/tables.ts";
import { addRecord, caseChain, type CaseWithAgency } from "../cases/service.ts";
import { caseExecution } from "./tables.ts";

const KIND_LABELS: Record<string, string> = { payment: "缴纳罚款", deferral: "暂缓缴纳申请", instalments: "分期缴纳申请", demand: "催告", enforcement: "申请人民法院强制执行" };

/** The day the decision was served: the 送达 stage's completion. */
async function servedOn(db: Db | Tx, caseId: string): Promise<string | null> {
  const [row] = await db
    .select({ at: caseStages.completedAt })
    .from(caseStages)
    .where(and(eq(caseStages.caseId, caseId), eq(caseStages.stage, "service"), isNotNull(caseStages.completedAt)))
    .orderBy(desc(caseStages.completedAt))
    .limit(1);
  return row?.at ? todayInShanghai(row.at) : null;
}

export async function executionOf(db: Db | Tx, c: CaseWithAgency, today = todayInShanghai(new Date())) {
  const [events, served, cal] = await Promise.all([
    db.select({ e: caseExecution, byName: users.displayName }).from(caseExecution).innerJoin(users, eq(users.id, caseExecution.createdBy)).where(eq(caseExecution.caseId, c.id)).orderBy(asc(caseExecution.createdAt)),
    servedOn(db, c.id),
    loadCalendar(db),
  ]);
  const approved = (kind: string) => events.filter((x) => x.e.kind === kind && x.e.status === "approved").at(-1)?.e ?? null;
  const fineFen = c.decision?.amountFen ?? 0;
  const status = executionStatus({
    fineFen,
    servedOn: served,
    payments: events.filter((x) => x.e.kind === "payment").map((x) => ({ paidOn: x.e.onDate!, amountFen: x.e.amountFen ?? 0 })),
    deferredTo: approved("deferral")?.onDate ?? null,
    instalments: approved("instalments")?.plan ?? null,
    today,
    cal,
  });
  return {
    fineFen,
    servedOn: served,
    status,
    stateLabel: EXECUTION_STATE_LABELS[status.state],
    pendingRequest: events.some((x) => (x.e.kind === "deferral" || x.e.kind === "instalments") && x.e.status === "pending"),
    // the earliest 催告 served: ten days after it the court may be asked (第五十四条)
    demandedOn: events.filter((x) => x.e.kind === "demand").map((x) => x.e.onDate!).sort()[0] ?? null,
    events: events.map((x) => ({ ...x.e, kindLabel: KIND_LABELS[x.e.kind] ?? x.e.kind, byName: x.byName })),
  };
}

const open = (c: CaseWithAgency) => {
  if (c.status !== "open") throw new AppError("case_not_open", 409, "案件不在办理中，不能记录执行情况");
};

async function insertEvent(tx: Tx, ledger: Ledger, actor: Actor, c: CaseWithAgency, values: Omit<typeof caseExecution.$inferInsert, "caseId" | "agencyId" | "createdBy" | "ledgerEntryId">, ledgerEntryId?: number) {
  let entryId = ledgerEntryId;
  if (entryId === undefined) {
    const entry = await ledger.append(tx, { kind: `case.execution_${values.kind}`, actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, ...values, plan: values.plan ?? null, by: actor.displayName } as never });
    entryId = entry.id;
  }
  const [row] = await tx.insert(caseExecution).values({ ...values, caseId: c.id, agencyId: c.agencyId, createdBy: actor.id, ledgerEntryId: entryId }).returning();
  return row!;
}

/** 缴纳罚款: recorded with its date, method and receipt; also a 缴款记录 of the case. */
export async function recordPayment(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { amountFen: number; paidOn: string; method: string; reference: string }) {
  open(c);
  const today = todayInShanghai(new Date());
  const ex = await executionOf(db, c, today);
  if (ex.status.state === "no_fine") throw new AppError("execution_no_fine", 409, "本案拟决定没有罚款，无需记录缴款");
  if (ex.status.state === "not_served") throw new AppError("execution_not_served", 409, "处罚决定书送达后才能记录缴款");
  if (ex.status.state === "paid") throw new AppError("execution_paid", 409, "罚款已经缴清");
  const maxFen = ex.status.outstandingFen + (ex.status.lateFee?.feeFen ?? 0);
  const problems = [];
  if (input.amountFen > maxFen) problems.push({ field: "amountFen", message: `缴款金额超过应缴金额（罚款余额 ${formatYuan(ex.status.outstandingFen)} 元${ex.status.lateFee?.feeFen ? `，加处罚款 ${formatYuan(ex.status.lateFee.feeFen)} 元` : ""}）` });
  if (input.paidOn > today) problems.push({ field: "paidOn", message: "缴款日期不能晚于今天" });
  if (ex.servedOn && input.paidOn < ex.servedOn) problems.push({ field: "paidOn", message: `缴款日期不能早于决定书送达日（${ex.servedOn}）` });
  if (problems.length) throw errors.validation(problems);
  const principal = Math.min(input.amountFen, ex.status.outstandingFen);
  const body = `缴纳罚款 ${formatYuan(principal)} 元${input.amountFen > principal ? `，加处罚款 ${formatYuan(input.amountFen - principal)} 元` : ""}；缴款日期 ${input.paidOn}；方式：${input.method.trim()}；票据号：${input.reference.trim() || "—"}`;
  let eventId = "";
  await addRecord(
    db,
    ledger,
    ctx,
    actor,
    c,
    { kind: "payment_record", title: "缴款记录", body },
    {
      ledgerData: { execution: { kind: "payment", amountFen: input.amountFen, principalFen: principal, paidOn: input.paidOn, method: input.method.trim(), reference: input.reference.trim() } },
      within: async (tx, rec) => {
        // the fine part counts against the fine; any excess is 加处罚款
        const row = await insertEvent(tx, ledger, actor, c, { kind: "payment", amountFen: principal, onDate: input.paidOn, method: input.method.trim(), reference: input.reference.trim(), reason: input.amountFen > principal ? `含加处罚款 ${formatYuan(input.amountFen - principal)} 元` : "", status: "recorded" }, rec.ledgerEntryId);
        eventId = row.id;
      },
    },
  );
  return eventId;
}

/** 暂缓或者分期缴纳 (第六十六条): the party's request for economic hardship, decided by the head. */
export async function requestPlan(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { kind: "deferral" | "instalments"; reason: string; deferTo?: string; plan?: Instalment[] }) {
  open(c);
  const today = todayInShanghai(new Date());
  const ex = await executionOf(db, c, today);
  if (ex.status.state === "no_fine" || ex.status.state === "paid") throw new AppError("execution_nothing_due", 409, "没有待缴纳的罚款");
  if (ex.pendingRequest) throw new AppError("execution_request_pending", 409, "已有暂缓或分期缴纳申请等待机关负责人批准");
  if (!input.reason.trim()) throw errors.validation([{ field: "reason", message: "请说明当事人确有经济困难的情况" }]);
  if (input.kind === "deferral") {
    if (!input.deferTo || input.deferTo <= today) throw errors.validation([{ field: "deferTo", message: "暂缓缴纳的期限须晚于今天" }]);
  } else {
    const problems = validateInstalments(ex.status.outstandingFen, input.plan ?? []);
    if (problems.length) throw errors.validation(problems.map((message) => ({ field: "plan", message })), problems[0]);
  }
  return mutate(db, ctx, (tx) =>
    insertEvent(tx, ledger, actor, c, { kind: input.kind, onDate: input.kind === "deferral" ? input.deferTo! : null, plan: input.kind === "instalments" ? input.plan! : null, reason: input.reason.trim(), status: "pending" }),
  );
}

export async function decidePlan(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, eventId: string, input: { approve: boolean; reason: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) throw errors.notFound("申请");
  return mutate(db, ctx, async (tx) => {
    const [e] = await tx.select().from(caseExecution).where(and(eq(caseExecution.id, eventId), eq(caseExecution.caseId, c.id))).for("update");
    if (!e || (e.kind !== "deferral" && e.kind !== "instalments")) throw errors.notFound("申请");
    if (e.status !== "pending") throw new AppError("approval_decided", 409, "该申请已经审批");
    const [row] = await tx.update(caseExecution).set({ status: input.approve ? "approved" : "refused", decisionReason: input.reason.trim() || null, decidedBy: actor.id, decidedAt: new Date() }).where(eq(caseExecution.id, e.id)).returning();
    await ledger.append(tx, { kind: "case.execution_decided", actor: `user:${actor.id}`, chain: caseChain(c.id), data: { caseId: c.id, eventId: e.id, kind: e.kind, approve: input.approve, reason: input.reason.trim(), by: actor.displayName } });
    return row!;
  });
}

/** 催告 (行政强制法 第五十四条): the written demand that must precede an application to the court. */
export async function recordDemand(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { servedOn: string; reference: string }) {
  open(c);
  const today = todayInShanghai(new Date());
  const ex = await executionOf(db, c, today);
  if (ex.status.state !== "overdue") throw new AppError("execution_not_overdue", 409, "当事人未逾期不履行，无需催告");
  if (input.servedOn > today) throw errors.validation([{ field: "servedOn", message: "催告书送达日期不能晚于今天" }]);
  return mutate(db, ctx, (tx) => insertEvent(tx, ledger, actor, c, { kind: "demand", onDate: input.servedOn, reference: input.reference.trim(), status: "recorded" }));
}

/**
 * 申请人民法院强制执行 (行政强制法 第五十三条、第五十四条): the fine is overdue, a 催告 was served
 * ten days before, and the application falls in its window (after the 诉讼 period, within three months).
 */
export async function applyForEnforcement(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: { court: string; appliedOn?: string }) {
  open(c);
  const today = todayInShanghai(new Date());
  const on = input.appliedOn ?? today;
  const ex = await executionOf(db, c, today);
  if (ex.status.state !== "overdue") throw new AppError("execution_not_overdue", 409, "当事人未逾期不履行，不能申请强制执行");
  const w = ex.status.enforcement!;
  if (on < w.from) throw new AppError("enforcement_too_early", 409, `申请期限自 ${w.from} 开始：当事人提起行政诉讼的期限（决定书送达后六个月）届满前不能申请人民法院强制执行（《行政强制法》第五十三条）`);
  if (on > w.to) throw new AppError("enforcement_too_late", 409, `申请期限已于 ${w.to} 届满（《行政强制法》第五十三条：期限届满之日起三个月内）`);
  if (!ex.demandedOn) throw new AppError("enforcement_no_demand", 409, "申请人民法院强制执行前，应当催告当事人履行义务（《行政强制法》第五十四条）");
  const tenDays = new Date(Date.parse(`${ex.demandedOn}T00:00:00Z`) + 10 * 86400_000).toISOString().slice(0, 10);
  if (on < tenDays) throw new AppError("enforcement_demand_recent", 409, `催告书送达十日后当事人仍未履行的，方可申请（最早 ${tenDays}）`);
  return mutate(db, ctx, (tx) => insertEvent(tx, ledger, actor, c, { kind: "enforcement", onDate: on, method: input.court.trim(), amountFen: ex.status.outstandingFen + (ex.status.lateFee?.feeFen ?? 0), status: "recorded" }));
}
