import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { todayInShanghai, type ActionType } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildOfficer, buildUser, loginAs, type Client, type TestAgency, type TestUser } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { caseNumberSeries } from "./tables.ts";
import { discretionTiers } from "../lists/defs/discretion-tiers.ts";
import { allocateNumber, caseChain } from "./service.ts";

/**
 * Case handling through the HTTP API (R-CASE-01…07): numbering, the gates with their stable
 * ids, backfill flags, suspensions, approvals, workflow versions, and the ledger chain.
 */
const { app, database } = await setupTestApp();
const db = database.db;

interface Unit {
  agency: TestAgency;
  officer: TestUser;
  officer2: TestUser;
  lead: TestUser;
  head: TestUser;
  o1: { id: string; name: string };
  o2: { id: string; name: string };
  c: { officer: Client; officer2: Client; lead: Client; head: Client };
}

async function buildUnitOfWork(actionTypes?: ActionType[]): Promise<Unit> {
  const agency = await buildAgency(db, { actionTypes });
  const officer = await buildUser(db, agency, ["officer"]);
  const officer2 = await buildUser(db, agency, ["officer"]);
  const lead = await buildUser(db, agency, ["unit_lead"]);
  const head = await buildUser(db, agency, ["agency_head"]);
  const o1 = await buildOfficer(db, agency, { user: officer, name: "李执法" });
  const o2 = await buildOfficer(db, agency, { user: officer2, name: "王执法" });
  return {
    agency,
    officer,
    officer2,
    lead,
    head,
    o1,
    o2,
    c: { officer: await loginAs(app, officer), officer2: await loginAs(app, officer2), lead: await loginAs(app, lead), head: await loginAs(app, head) },
  };
}

const open = (u: Unit, extra: Record<string, unknown> = {}) =>
  u.c.officer.post("/api/cases", {
    workflowKey: "penalty.general",
    title: "销售过期食品",
    source: "complaint",
    party: { type: "org", name: "示范超市有限公司", idNo: "91330100MA2XXXXX1A", address: "幸福路 8 号" },
    officerIds: [u.o1.id, u.o2.id],
    ...extra,
  });

const record = (c: Client, id: string, kind: string, extra: Record<string, unknown> = {}) => c.post(`/api/cases/${id}/records`, { kind, body: `${kind} 的内容`, ...extra });
const advance = (c: Client, id: string, next?: string) => c.post(`/api/cases/${id}/advance`, next ? { next } : {});
const errorId = (res: { json(): unknown }) => (res.json() as { error: { id: string } }).error.id;
const refusalCodes = (res: { json(): unknown }) => ((res.json() as { error: { details: { code: string }[] } }).error.details ?? []).map((d) => d.code);

describe("opening a case (R-CASE-02)", () => {
  it("gives the next number of the agency's series and starts the first stage", async () => {
    const u = await buildUnitOfWork();
    // null means none: a JSON body is not coerced (it once stored "" for it)
    const a = await open(u, { powerItemCode: null });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().powerItemCode).toBeNull();
    const b = await open(u);
    const year = todayInShanghai(new Date()).slice(0, 4);
    // test agencies share one abbreviation, hence one series: numbers follow each other
    const seq = (n: string) => Number(new RegExp(`罚〔${year}〕(\\d{5})号$`).exec(n)![1]);
    expect(seq(b.json().number)).toBe(seq(a.json().number) + 1);
    expect(a.json()).toMatchObject({ stage: "filing", stageName: "立案", status: "open", workflowName: "行政处罚（一般程序）" });
    expect(a.json().team.map((t: { name: string }) => t.name)).toEqual(["李执法", "王执法"]);
    expect(a.json().stageDeadline.label).toMatch(/剩余|今日/);
  });

  it("numbers stay unique and gap-free when many cases open at once, and a rolled-back opening returns its number", async () => {
    const u = await buildUnitOfWork();
    const results = await Promise.all(Array.from({ length: 12 }, () => open(u)));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const seqs = results.map((r) => Number(/(\d{5})号$/.exec(r.json().number)![1])).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => seqs[0]! + i));
    const parts = { agencyCode: u.agency.code, agencyShort: "测试", actionType: "penalty" as const, year: 2030 };
    await expect(
      mutate(db, systemContext("test", "rollback"), async (tx) => {
        await allocateNumber(tx, "{agency}-{type}-{year}-{seq:4}", parts);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const n = await mutate(db, systemContext("test", "alloc"), (tx) => allocateNumber(tx, "{agency}-{type}-{year}-{seq:4}", parts));
    expect(n.number).toBe(`${u.agency.code}-罚-2030-0001`);
    const [row] = await db.select().from(caseNumberSeries).where(eq(caseNumberSeries.series, n.series));
    expect(row!.last).toBe(1);
  });

  it("refuses an unqualified officer and one with a declared interest (R-LIST-11, R-CASE-04)", async () => {
    const u = await buildUnitOfWork();
    const expired = await buildOfficer(db, u.agency, { validTo: "2020-12-31", name: "过期证" });
    const res = await open(u, { officerIds: [u.o1.id, expired.id] });
    expect(res.statusCode).toBe(409);
    expect(errorId(res)).toBe("case_officer_unqualified");
    expect(res.json().error.message).toContain("过期证");
    const decl = await u.c.lead.post("/api/cases/interests", { officerId: u.o2.id, partyName: "示范超市有限公司", relation: "配偶任该公司股东" });
    expect(decl.statusCode, decl.body).toBe(204);
    const refused = await open(u);
    expect(errorId(refused)).toBe("case_officer_avoidance");
    expect(refused.json().error.message).toContain("王执法");
    // an officer cannot declare for someone else
    expect((await u.c.officer.post("/api/cases/interests", { officerId: u.o2.id, partyName: "甲", relation: "亲属" })).statusCode).toBe(403);
  });

  it("refuses an action type the agency has no power for, and validates input", async () => {
    const u = await buildUnitOfWork(["inspection"]);
    const res = await open(u);
    expect(errorId(res)).toBe("case_action_type_not_allowed");
    const bad = await u.c.officer.post("/api/cases", { workflowKey: "penalty.general", title: "", source: "x", party: { type: "org", name: "" }, officerIds: [] });
    expect(bad.statusCode).toBe(400);
    expect(errorId(bad)).toBe("validation_failed");
  });
});

describe("gates (R-CASE-01, R-CASE-03, R-CASE-06, R-REC-05)", () => {
  it("a general-procedure case: role, documents and team gates, each with its id", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u, { officerIds: [u.o1.id] })).json().id as string;
    // filing: documents missing, and officers may not approve filing
    let res = await advance(u.c.officer, id);
    expect(res.statusCode).toBe(409);
    expect(refusalCodes(res)).toEqual(["stage_role", "documents_missing"]);
    expect(res.json().error.message).toContain("立案审批表");
    expect((await record(u.c.officer, id, "filing_approval")).statusCode).toBe(201);
    res = await advance(u.c.lead, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stage).toBe("investigation");
    // investigation: one officer is not enough (R-CASE-03)
    await record(u.c.officer, id, "site_inspection");
    await record(u.c.officer, id, "case_report");
    res = await advance(u.c.officer, id);
    expect(refusalCodes(res)).toEqual(["team_insufficient"]);
    expect(res.json().error.message).toContain("至少 2 名");
    const detail = await u.c.officer.get(`/api/cases/${id}`);
    expect(detail.json().nextActions[0]).toMatchObject({ next: "notice", allowed: false });
    expect((await u.c.lead.post(`/api/cases/${id}/team`, { add: [u.o2.id], remove: [] })).statusCode).toBe(200);
    res = await advance(u.c.officer, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stage).toBe("notice");
    // a next stage that is not allowed from here
    res = await advance(u.c.officer, id, "decision");
    expect(refusalCodes(res)).toContain("stage_next_invalid");
    // every refused attempt is on the case's chain
    const refused = await db.select().from(ledgerEntries).where(and(eq(ledgerEntries.chain, caseChain(id)), eq(ledgerEntries.kind, "case.gate_refused")));
    expect(refused.length).toBe(3);
  });

  it("a team member whose certificate lapsed no longer counts (R-LIST-11)", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u)).json().id as string;
    await record(u.c.officer, id, "filing_approval");
    await advance(u.c.lead, id);
    await record(u.c.officer, id, "inquiry");
    await record(u.c.officer, id, "case_report");
    await mutate(db, systemContext("test", "revoke"), (tx) => tx.execute(`update officers set cert_status = 'revoked' where id = '${u.o2.id}'`));
    const res = await advance(u.c.officer, id);
    expect(refusalCodes(res)).toEqual(["team_insufficient"]);
    expect(res.json().error.message).toContain("王执法");
  });

  it("full-process audio/video: refused without a file; an exception needs the head's approval (R-REC-05)", async () => {
    const u = await buildUnitOfWork();
    const created = await u.c.officer.post("/api/cases", { workflowKey: "coercion.seizure", title: "扣押涉嫌假冒商品", source: "inspection", party: { type: "person", name: "张三" }, officerIds: [u.o1.id, u.o2.id] });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    await record(u.c.officer, id, "filing_approval");
    expect((await advance(u.c.head, id)).json().stage).toBe("enforcement");
    await record(u.c.officer, id, "seizure_decision");
    await record(u.c.officer, id, "site_inspection");
    let res = await advance(u.c.officer, id);
    expect(refusalCodes(res)).toEqual(["av_missing"]);
    const req = await u.c.officer.post(`/api/cases/${id}/approvals`, { kind: "av_exception", reason: "执法记录仪故障，已用手机拍照" });
    expect(req.statusCode, req.body).toBe(201);
    res = await advance(u.c.officer, id);
    expect(refusalCodes(res)).toEqual(["av_exception_pending"]);
    const approvalId = req.json().approvals[0].id as string;
    expect((await u.c.officer.post(`/api/cases/${id}/approvals/${approvalId}/decide`, { decision: "approved", reason: "同意" })).statusCode).toBe(403);
    const ok = await u.c.head.post(`/api/cases/${id}/approvals/${approvalId}/decide`, { decision: "approved", reason: "情况属实，同意" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().flags.map((f: { kind: string }) => f.kind)).toEqual(["av_exception"]);
    res = await advance(u.c.officer, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stage).toBe("service");
  });

  it("the decision stage is closed while a major decision has no passing legal review (R-REV-02)", async () => {
    const u = await buildUnitOfWork();
    const admin = await loginAs(app, await buildUser(db, u.agency, ["admin"]));
    const rule = await admin.post("/api/lists/major-catalog", { agencyId: u.agency.id, name: "较大数额罚款", actionTypes: ["penalty"], minAmount: 50000, active: true });
    expect(rule.statusCode, rule.body).toBe(201);
    const id = (await open(u)).json().id as string;
    await record(u.c.officer, id, "filing_approval");
    await advance(u.c.lead, id);
    await record(u.c.officer, id, "inquiry");
    await record(u.c.officer, id, "case_report");
    await advance(u.c.officer, id);
    await record(u.c.officer, id, "penalty_notice");
    expect((await advance(u.c.officer, id, "review")).statusCode).toBe(200);
    expect((await advance(u.c.lead, id)).json().stage).toBe("decision");
    const d = await u.c.officer.put(`/api/cases/${id}/decision`, { measures: ["罚款"], amountFen: 8_000_000, tierId: null, discretionReason: "情节较重", outsideTierReason: null, majorFlags: [] });
    expect(d.statusCode, d.body).toBe(200);
    await record(u.c.officer, id, "penalty_decision");
    const res = await advance(u.c.head, id);
    expect(refusalCodes(res)).toEqual(["legal_review_required"]);
    expect(res.json().error.message).toContain("较大数额罚款");
    // a small fine is not major: the gate opens
    await u.c.officer.put(`/api/cases/${id}/decision`, { measures: ["罚款"], amountFen: 300_000, tierId: null, discretionReason: "情节一般", outsideTierReason: null, majorFlags: [] });
    expect((await advance(u.c.head, id)).json().stage).toBe("service");
  });
});

describe("avoidance, discretion and bad input (R-CASE-04, R-LIST-09)", () => {
  it("a party's avoidance request: refused keeps the officer, approved removes them (R-CASE-04)", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u)).json().id as string;
    const ask = await u.c.officer.post(`/api/cases/${id}/approvals`, { kind: "avoidance", reason: "当事人称王执法系其亲属", officerId: u.o2.id });
    expect(ask.statusCode, ask.body).toBe(201);
    expect(errorId(await u.c.officer.post(`/api/cases/${id}/approvals`, { kind: "avoidance", reason: "再次申请", officerId: u.o2.id }))).toBe("approval_pending");
    const first = ask.json().approvals[0].id as string;
    const refused = await u.c.head.post(`/api/cases/${id}/approvals/${first}/decide`, { decision: "refused", reason: "经核实不存在亲属关系" });
    expect(refused.json().team.map((t: { name: string }) => t.name)).toEqual(["李执法", "王执法"]);
    expect(errorId(await u.c.head.post(`/api/cases/${id}/approvals/${first}/decide`, { decision: "approved", reason: "改变主意" }))).toBe("approval_decided");
    const again = await u.c.officer.post(`/api/cases/${id}/approvals`, { kind: "avoidance", reason: "补充证据", officerId: u.o2.id });
    const second = again.json().approvals[1].id as string;
    const approved = await u.c.head.post(`/api/cases/${id}/approvals/${second}/decide`, { decision: "approved", reason: "同意回避" });
    expect(approved.json().team.map((t: { name: string }) => t.name)).toEqual(["李执法"]);
    const kinds = (await db.select().from(ledgerEntries).where(eq(ledgerEntries.chain, caseChain(id)))).map((e) => e.kind);
    expect(kinds.filter((k) => k === "case.avoidance_decided").length).toBe(2);
  });

  it("a fine outside the chosen discretion tier needs a reason (R-LIST-09)", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u)).json().id as string;
    const [tier] = await mutate(db, systemContext("test", "tier"), (tx) =>
      tx.insert(discretionTiers).values({ agencyId: u.agency.id, itemCode: "330217001000", tierOrder: 1, circumstance: "初次违法，危害较小", measure: "罚款", minAmount: 1000, maxAmount: 5000 }).returning(),
    );
    const draft = (amountFen: number, outsideTierReason: string | null) => u.c.officer.put(`/api/cases/${id}/decision`, { measures: ["罚款"], amountFen, tierId: tier!.id, discretionReason: "初次违法", outsideTierReason, majorFlags: [] });
    const inside = await draft(300_000, null);
    expect(inside.statusCode, inside.body).toBe(200);
    expect(inside.json().decision.tierLabel).toContain("第1阶次");
    expect(errorId(await draft(800_000, null))).toBe("decision_outside_tier");
    expect((await draft(800_000, "当事人拒不改正，依法从重")).statusCode).toBe(200);
    expect(errorId(await u.c.officer.put(`/api/cases/${id}/decision`, { measures: ["罚款"], amountFen: 1, tierId: null, discretionReason: "  ", outsideTierReason: null, majorFlags: [] }))).toBe("validation_failed");
  });

  it("answers bad input with a clear error, never a 500", async () => {
    const u = await buildUnitOfWork();
    expect(errorId(await open(u, { title: "   " }))).toBe("validation_failed");
    const old = new Date(Date.now() - 800 * 86400_000).toISOString().slice(0, 10);
    const tooOld = await open(u, { openedOn: old });
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.json().error.details[0].message).toContain("一年前");
    expect((await u.c.officer.get(`/api/cases/not-a-uuid`)).statusCode).toBe(400);
    // an officer declares their own interest (R-CASE-04)
    expect((await u.c.officer.post(`/api/cases/interests`, { officerId: u.o1.id, partyName: "示范超市", relation: "本人曾在该公司任职" })).statusCode).toBe(204);
    const root = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, root, ["admin"]));
    const current = (await admin.get("/api/workflows/permit.general")).json().items[0];
    for (const broken of [{ ...current, name: 42 }, { ...current, stages: [1, 2] }, { ...current, caseLimit: "九十日" }]) {
      const res = await admin.post("/api/workflows/permit.general/versions", { definition: broken });
      expect(res.statusCode, res.body).toBe(400);
      expect(errorId(res)).toBe("workflow_invalid");
    }
  });
});

describe("records and backfilling (R-CASE-05, R-REC-02)", () => {
  it("flags an act entered days later and a record for a stage already closed; corrections supersede", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u)).json().id as string;
    const late = await record(u.c.officer, id, "filing_approval", { actedAt: new Date(Date.now() - 3 * 86400_000).toISOString() });
    expect(late.statusCode).toBe(201);
    expect(late.json().records[0].flags).toEqual(["backfilled"]);
    await advance(u.c.lead, id);
    const after = await record(u.c.officer, id, "other", { stage: "filing", body: "补充材料" });
    const r = after.json().records.find((x: { body: string }) => x.body === "补充材料");
    expect(r.flags).toEqual(["after_stage_closed"]);
    expect(after.json().flagCount).toBe(2);
    const fix = await record(u.c.officer, id, "filing_approval", { supersedes: late.json().records[0].id, stage: "filing", body: "更正后的审批表" });
    const recs = fix.json().records as { id: string; superseded: boolean; supersedes: string | null }[];
    expect(recs.find((x) => x.id === late.json().records[0].id)!.superseded).toBe(true);
    expect((await record(u.c.officer, id, "other", { actedAt: new Date(Date.now() + 86400_000).toISOString() })).statusCode).toBe(400);
    expect(errorId(await record(u.c.officer, id, "other", { stage: "decision" }))).toBe("case_stage_not_reached");
    // the chain holds every entry in order
    const chain = await db.select().from(ledgerEntries).where(eq(ledgerEntries.chain, caseChain(id))).orderBy(asc(ledgerEntries.seq));
    expect(chain.map((e) => e.kind)).toEqual(["case.opened", "case.record", "case.stage_completed", "case.record", "case.record"]);
    await expect(db.execute(`update case_records set body = 'x' where case_id = '${id}'`)).rejects.toThrow();
  });
});

describe("deadlines and suspension (R-CASE-07)", () => {
  it("a suspension stops the clock and the list filters by light", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u)).json().id as string;
    expect((await u.c.lead.post(`/api/cases/${id}/suspend`, { reason: "等待鉴定" })).json().error.id).toBe("stage_not_suspendable");
    await record(u.c.officer, id, "filing_approval");
    await advance(u.c.lead, id);
    expect((await u.c.officer.post(`/api/cases/${id}/suspend`, { reason: "等待鉴定" })).statusCode).toBe(403);
    const s = await u.c.lead.post(`/api/cases/${id}/suspend`, { reason: "产品送检，检验期间不计入办案期限" });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ status: "suspended", light: "suspended" });
    expect(s.json().caseDeadline.light).toBe("suspended");
    const list = await u.c.lead.get(`/api/cases?light=suspended`);
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(refusalCodes(await advance(u.c.officer, id))).toContain("case_suspended");
    const r = await u.c.lead.post(`/api/cases/${id}/resume`, {});
    expect(r.json()).toMatchObject({ status: "open" });
    expect(r.json().caseDue).not.toBeNull();
    expect((await u.c.lead.get(`/api/cases?light=suspended`)).json().total).toBe(0);
  });

  it("lists by stage, search and my cases", async () => {
    const u = await buildUnitOfWork();
    const a = (await open(u, { title: "无照经营", party: { type: "person", name: "赵六" } })).json();
    await open(u, { officerIds: [u.o2.id] });
    const mine = await u.c.officer.get(`/api/cases?mine=true`);
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await u.c.officer.get(`/api/cases?q=${encodeURIComponent("赵六")}`)).json().total).toBe(1);
    expect((await u.c.officer.get(`/api/cases?q=${encodeURIComponent(a.number)}`)).json().items[0].id).toBe(a.id);
    expect((await u.c.officer.get(`/api/cases?stage=filing`)).json().total).toBe(2);
  });
});

describe("who may see and act (R-GEN-03)", () => {
  it("another agency sees nothing; an officer off the team reads but does not handle; supervisors above read", async () => {
    const u = await buildUnitOfWork();
    const id = (await open(u, { officerIds: [u.o1.id] })).json().id as string;
    const other = await buildUnitOfWork();
    expect((await other.c.head.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await u.c.officer2.get(`/api/cases/${id}`)).statusCode).toBe(200);
    expect((await record(u.c.officer2, id, "other")).statusCode).toBe(403);
    const parent = await buildAgency(db);
    const child = await buildAgency(db, { parent });
    const sup = await loginAs(app, await buildUser(db, parent, ["supervisor"]));
    const childOfficer = await buildUser(db, child, ["officer"]);
    const co = await buildOfficer(db, child, { user: childOfficer });
    const childClient = await loginAs(app, childOfficer);
    const cid = (await childClient.post("/api/cases", { workflowKey: "inspection.general", title: "日常检查", source: "inspection", party: { type: "org", name: "某厂" }, officerIds: [co.id] })).json().id;
    const seen = await sup.get(`/api/cases/${cid}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().can.handle).toBe(false);
    expect((await sup.get(`/api/cases`)).json().items.map((c: { id: string }) => c.id)).toContain(cid);
    expect((await sup.post(`/api/cases/${cid}/records`, { kind: "other", body: "x" })).statusCode).toBe(403);
  });
});

describe("workflow versions (R-CASE-01)", () => {
  it("a new version applies to new cases; running cases keep theirs; an invalid definition is refused", async () => {
    const u = await buildUnitOfWork();
    const running = (await open(u, { workflowKey: "inspection.general" })).json();
    const root = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, root, ["admin"]));
    const current = (await admin.get("/api/workflows/inspection.general")).json().items[0];
    const bad = await admin.post("/api/workflows/inspection.general/versions", { definition: { ...current, stages: current.stages.map((s: { next: string[] }) => ({ ...s, next: ["nowhere"] })) } });
    expect(errorId(bad)).toBe("workflow_invalid");
    const changed = { ...current, stages: current.stages.map((s: { key: string; name: string }) => (s.key === "preparation" ? { ...s, name: "检查准备（已调整）" } : s)) };
    expect((await u.c.officer.post("/api/workflows/inspection.general/versions", { definition: changed })).statusCode).toBe(403);
    const saved = await admin.post("/api/workflows/inspection.general/versions", { definition: changed });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().version).toBe(current.version + 1);
    expect((await u.c.officer.get(`/api/cases/${running.id}`)).json().stageName).toBe("检查准备");
    const fresh = (await open(u, { workflowKey: "inspection.general" })).json();
    expect(fresh.stageName).toBe("检查准备（已调整）");
    // the published flowchart is drawn from the definition in force, and older versions stay published (R-LIST-08)
    const svg = await app.inject({ method: "GET", url: "/api/workflows/inspection.general/flowchart.svg" });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers["content-type"]).toContain("image/svg+xml");
    expect(svg.body).toContain("检查准备（已调整）");
    const old = await app.inject({ method: "GET", url: `/api/workflows/inspection.general/flowchart.svg?version=${current.version}` });
    expect(old.body).not.toContain("已调整");
    expect((await app.inject({ method: "GET", url: "/api/workflows/nope/flowchart.svg" })).statusCode).toBe(404);
  });
});
