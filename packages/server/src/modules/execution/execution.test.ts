import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { addCalendarDays, addMonths, todayInShanghai } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildOfficer, buildUser, loginAs, type Client } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { caseStages } from "../cases/tables.ts";

/**
 * 执行 of a fine through the API (行政处罚法 第六十六条、第六十七条、第七十二条; 行政强制法
 * 第五十三条、第五十四条): payments, deferral and instalments approved by the head, 加处罚款,
 * 催告 and the court-enforcement window.
 */
const { app, database } = await setupTestApp();
const db = database.db;
const today = todayInShanghai(new Date());
const errorId = (res: { json(): unknown }) => (res.json() as { error: { id: string } }).error.id;

async function servedCase(fineFen: number): Promise<{ id: string; officer: Client; head: Client; lead: Client }> {
  const agency = await buildAgency(db);
  const u1 = await buildUser(db, agency, ["officer"]);
  const u2 = await buildUser(db, agency, ["officer"]);
  const o1 = await buildOfficer(db, agency, { user: u1 });
  const o2 = await buildOfficer(db, agency, { user: u2 });
  const officer = await loginAs(app, u1);
  const head = await loginAs(app, await buildUser(db, agency, ["agency_head"]));
  const lead = await loginAs(app, await buildUser(db, agency, ["unit_lead"]));
  const opened = await officer.post("/api/cases", { workflowKey: "penalty.simple", title: "占道经营", source: "inspection", party: { type: "org", name: "示范便利店" }, officerIds: [o1.id, o2.id] });
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().id as string;
  expect((await officer.put(`/api/cases/${id}/decision`, { measures: ["罚款"], amountFen: fineFen, tierId: null, discretionReason: "初次违法", outsideTierReason: null, majorFlags: [] })).statusCode).toBe(200);
  // before service there is nothing to pay yet
  expect(errorId(await officer.post(`/api/cases/${id}/execution/payments`, { amountFen: 100, paidOn: today, method: "银行缴款", reference: "" }))).toBe("execution_not_served");
  await officer.post(`/api/cases/${id}/records`, { kind: "simple_decision", body: "当场处罚决定书" });
  expect((await officer.post(`/api/cases/${id}/advance`, {})).statusCode).toBe(200);
  await officer.post(`/api/cases/${id}/records`, { kind: "service_proof", body: "当场交付，当事人签收" });
  expect((await officer.post(`/api/cases/${id}/advance`, {})).json().stage).toBe("execution");
  return { id, officer, head, lead };
}

/** Pretends the decision was served `days` days ago. */
const servedDaysAgo = (caseId: string, days: number) =>
  mutate(db, systemContext("test", "test.served"), (tx) => tx.update(caseStages).set({ completedAt: new Date(Date.now() - days * 86400_000) }).where(and(eq(caseStages.caseId, caseId), eq(caseStages.stage, "service"))));

describe("execution of a fine", () => {
  it("records payments within the period; a paid fine lets the execution stage close (第六十七条)", async () => {
    const { id, officer } = await servedCase(200_000);
    const ex = (await officer.get(`/api/cases/${id}/execution`)).json();
    expect(ex).toMatchObject({ fineFen: 200_000, servedOn: today, stateLabel: "缴款期限内", status: { state: "within_period", outstandingFen: 200_000, dueDate: addCalendarDays(today, 15) } });
    const bad = await officer.post(`/api/cases/${id}/execution/payments`, { amountFen: 300_000, paidOn: addCalendarDays(today, 1), method: "银行缴款", reference: "" });
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(["amountFen", "paidOn"]);
    const part = await officer.post(`/api/cases/${id}/execution/payments`, { amountFen: 50_000, paidOn: today, method: "银行缴款", reference: "PJ001" });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json().status).toMatchObject({ paidFen: 50_000, outstandingFen: 150_000 });
    const rest = await officer.post(`/api/cases/${id}/execution/payments`, { amountFen: 150_000, paidOn: today, method: "银行缴款", reference: "PJ002" });
    expect(rest.json().status.state).toBe("paid");
    expect(errorId(await officer.post(`/api/cases/${id}/execution/payments`, { amountFen: 1, paidOn: today, method: "现金", reference: "" }))).toBe("execution_paid");
    // the payments are 缴款记录 of the case: the execution stage's document gate is met
    const moved = await officer.post(`/api/cases/${id}/advance`, {});
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().stage).toBe("closing");
  });

  it("overdue: 加处罚款 3 % a day, at most the fine (第七十二条); the payment may include it", async () => {
    const { id, officer } = await servedCase(100_000);
    await servedDaysAgo(id, 20);
    const ex = (await officer.get(`/api/cases/${id}/execution`)).json();
    expect(ex.status.state).toBe("overdue");
    expect(ex.status.lateFee.days).toBeGreaterThanOrEqual(4);
    expect(ex.status.lateFee.feeFen).toBe(ex.status.lateFee.days * 3_000);
    const total = 100_000 + ex.status.lateFee.feeFen;
    const paid = await officer.post(`/api/cases/${id}/execution/payments`, { amountFen: total, paidOn: today, method: "银行缴款", reference: "PJ9" });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json().status.state).toBe("paid");
    expect(paid.json().events[0].reason).toContain("加处罚款");
  });

  it("deferral and instalments need the head's approval (第六十六条)", async () => {
    const { id, officer, head, lead } = await servedCase(300_000);
    const plan = [
      { dueDate: addCalendarDays(today, 30), amountFen: 100_000 },
      { dueDate: addCalendarDays(today, 60), amountFen: 100_000 },
    ];
    const wrong = await officer.post(`/api/cases/${id}/execution/requests`, { kind: "instalments", reason: "经营困难", plan });
    expect(errorId(wrong)).toBe("validation_failed");
    expect(wrong.json().error.message).toContain("不一致");
    plan[1]!.amountFen = 200_000;
    const asked = await officer.post(`/api/cases/${id}/execution/requests`, { kind: "instalments", reason: "经营困难，提供了银行流水", plan });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(errorId(await officer.post(`/api/cases/${id}/execution/requests`, { kind: "deferral", reason: "再申请", deferTo: addCalendarDays(today, 10) }))).toBe("execution_request_pending");
    const eventId = asked.json().events.at(-1).id as string;
    expect((await lead.post(`/api/cases/${id}/execution/requests/${eventId}/decide`, { approve: true, reason: "" })).statusCode).toBe(403);
    const ok = await head.post(`/api/cases/${id}/execution/requests/${eventId}/decide`, { approve: true, reason: "同意分两期缴纳" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toMatchObject({ state: "within_period", dueDate: plan[0]!.dueDate });
    expect(errorId(await head.post(`/api/cases/${id}/execution/requests/${eventId}/decide`, { approve: false, reason: "x" }))).toBe("approval_decided");
  });

  it("court enforcement: only overdue, after a 催告, within the window after the six months for 诉讼 (行政强制法 第五十三条、第五十四条)", async () => {
    const { id, officer, head } = await servedCase(100_000);
    expect(errorId(await head.post(`/api/cases/${id}/execution/enforcement`, { court: "示范市东城区人民法院" }))).toBe("execution_not_overdue");
    await servedDaysAgo(id, 60);
    expect(errorId(await head.post(`/api/cases/${id}/execution/enforcement`, { court: "示范市东城区人民法院" }))).toBe("enforcement_too_early");
    await servedDaysAgo(id, 200);
    const served = addCalendarDays(today, -200);
    expect(served < addCalendarDays(addMonths(served, 6), 1)).toBe(true);
    expect(errorId(await head.post(`/api/cases/${id}/execution/enforcement`, { court: "示范市东城区人民法院" }))).toBe("enforcement_no_demand");
    expect((await officer.post(`/api/cases/${id}/execution/demand`, { servedOn: addCalendarDays(today, -3), reference: "催告书 001" })).statusCode).toBe(201);
    const recent = await head.post(`/api/cases/${id}/execution/enforcement`, { court: "示范市东城区人民法院" });
    expect(errorId(recent)).toBe("enforcement_demand_recent");
    expect((await officer.post(`/api/cases/${id}/execution/enforcement`, { court: "x" })).statusCode).toBe(403);
    await officer.post(`/api/cases/${id}/execution/demand`, { servedOn: addCalendarDays(today, -12), reference: "催告书 002" });
    await servedDaysAgo(id, 400);
    expect(errorId(await head.post(`/api/cases/${id}/execution/enforcement`, { court: "示范市东城区人民法院" }))).toBe("enforcement_too_late");
    await servedDaysAgo(id, 200);
    const applied = await head.post(`/api/cases/${id}/execution/enforcement`, { court: "示范市东城区人民法院" });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().events.at(-1)).toMatchObject({ kind: "enforcement", method: "示范市东城区人民法院" });
    expect(applied.json().events.at(-1).amountFen).toBe(200_000); // the fine and 加处罚款 up to the fine
  });
});
