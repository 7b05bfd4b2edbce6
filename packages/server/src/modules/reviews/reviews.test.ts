import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, asc, eq, like } from "drizzle-orm";
import { addCalendarDays, todayInShanghai, type Role } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildOfficer, buildUser, loginAs, type Client, type TestAgency, type TestUser } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { caseChain } from "../cases/service.ts";
import { legalReviews } from "./tables.ts";

/**
 * Legal review of major decisions through the HTTP API (R-REV-01…11): every transition allowed
 * and refused, time limits, disputes, the decision gate, and a ledger entry for every step.
 */
const { app, database } = await setupTestApp();
const db = database.db;

interface Unit {
  agency: TestAgency;
  officer: TestUser;
  reviewer: TestUser;
  reviewer2: TestUser;
  head: TestUser;
  officerIds: string[];
  c: { officer: Client; lead: Client; head: Client; reviewer: Client; reviewer2: Client; admin: Client };
}

async function buildUnit(): Promise<Unit> {
  const agency = await buildAgency(db);
  const officer = await buildUser(db, agency, ["officer"]);
  const officer2 = await buildUser(db, agency, ["officer"]);
  const lead = await buildUser(db, agency, ["unit_lead"]);
  const head = await buildUser(db, agency, ["agency_head"]);
  const reviewer = await buildUser(db, agency, ["legal_reviewer"]);
  const reviewer2 = await buildUser(db, agency, ["legal_reviewer"]);
  const admin = await buildUser(db, agency, ["admin"]);
  const o1 = await buildOfficer(db, agency, { user: officer, name: "李执法" });
  const o2 = await buildOfficer(db, agency, { user: officer2, name: "王执法" });
  const c = {
    officer: await loginAs(app, officer),
    lead: await loginAs(app, lead),
    head: await loginAs(app, head),
    reviewer: await loginAs(app, reviewer),
    reviewer2: await loginAs(app, reviewer2),
    admin: await loginAs(app, admin),
  };
  const rule = await c.admin.post("/api/lists/major-catalog", { agencyId: agency.id, name: "较大数额罚款", actionTypes: ["penalty"], minAmount: 50000, active: true });
  expect(rule.statusCode, rule.body).toBe(201);
  return { agency, officer, reviewer, reviewer2, head, officerIds: [o1.id, o2.id], c };
}

const errorId = (res: { json(): unknown }) => (res.json() as { error: { id: string } }).error.id;
const refusalCodes = (res: { json(): unknown }) => ((res.json() as { error: { details: { code: string }[] } }).error.details ?? []).map((d) => d.code);
const decision = (amountFen: number) => ({ measures: ["罚款"], amountFen, tierId: null, discretionReason: "情节较重，按第三阶次裁量", outsideTierReason: null, majorFlags: [] });

/** A general-procedure penalty case brought to its decision stage with a major fine drafted. */
async function caseAtDecision(u: Unit): Promise<string> {
  const opened = await u.c.officer.post("/api/cases", { workflowKey: "penalty.general", title: "销售过期食品", source: "complaint", party: { type: "org", name: "示范超市有限公司" }, officerIds: u.officerIds });
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().id as string;
  const rec = (kind: string, body = `${kind} 的内容`) => u.c.officer.post(`/api/cases/${id}/records`, { kind, body });
  await rec("filing_approval");
  expect((await u.c.lead.post(`/api/cases/${id}/advance`, {})).statusCode).toBe(200);
  await rec("inquiry");
  await rec("case_report", "当事人于 2026 年 10 月销售超过保质期的食品 120 件，货值 8000 元。");
  expect((await u.c.officer.post(`/api/cases/${id}/advance`, {})).statusCode).toBe(200);
  await rec("penalty_notice");
  expect((await u.c.officer.post(`/api/cases/${id}/advance`, { next: "review" })).statusCode).toBe(200);
  expect((await u.c.lead.post(`/api/cases/${id}/advance`, {})).json().stage).toBe("decision");
  expect((await u.c.officer.put(`/api/cases/${id}/decision`, decision(8_000_000))).statusCode).toBe(200);
  await rec("penalty_decision");
  return id;
}

async function submission(u: Unit, caseId: string, over: Record<string, unknown> = {}) {
  const info = (await u.c.officer.get(`/api/cases/${caseId}/review`)).json();
  return { ...info.draft, lawApplied: "《食品安全法》第一百二十四条", ...over };
}

const allOk = () => ["subject", "qualification", "competence", "facts", "evidence", "law", "discretion", "procedure", "documents", "crime"].map((key) => ({ key, result: "ok", note: "" }));

async function chainKinds(caseId: string): Promise<string[]> {
  const rows = await db.select({ kind: ledgerEntries.kind }).from(ledgerEntries).where(and(eq(ledgerEntries.chain, caseChain(caseId)), like(ledgerEntries.kind, "review.%"))).orderBy(asc(ledgerEntries.seq));
  return rows.map((r) => r.kind);
}

async function setReview(id: string, patch: Partial<typeof legalReviews.$inferInsert>) {
  await mutate(db, systemContext("test", "test.review_dates"), (tx) => tx.update(legalReviews).set(patch).where(eq(legalReviews.id, id)));
}

describe("the flow, end to end (R-REV-02…R-REV-06, R-REV-10)", () => {
  it("submit, return as incomplete, complete, accept, correct, resubmit, agree, decide — every step on the ledger", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);

    const info = (await u.c.officer.get(`/api/cases/${id}/review`)).json();
    expect(info).toMatchObject({ major: true, because: ["较大数额罚款"], canSubmit: true, hasDecision: true });
    expect(info.draft.facts).toContain("超过保质期");
    expect(info.draft.draftDecision).toContain("罚款人民币");
    expect(refusalCodes(await u.c.head.post(`/api/cases/${id}/advance`, {}))).toEqual(["legal_review_required"]);

    // 1. submission (R-REV-03): the evidence is linked, not copied
    const sub = await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id, { lawApplied: "" }));
    expect(sub.statusCode).toBe(400);
    expect(sub.json().error.details.map((d: { field: string }) => d.field)).toEqual(["lawApplied"]);
    const s1 = await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id));
    expect(s1.statusCode, s1.body).toBe(201);
    const r1 = s1.json();
    expect(r1).toMatchObject({ round: 1, state: "pending", stateLabel: "待受理", majorBecause: ["较大数额罚款"] });
    expect(r1.submission.recordIds.length).toBeGreaterThanOrEqual(4);
    expect(errorId(await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id)))).toBe("review_already_live");
    // the gate now says "pending"
    expect(refusalCodes(await u.c.head.post(`/api/cases/${id}/advance`, {}))).toEqual(["legal_review_pending"]);

    // 2. returned as incomplete, with reasons and a completion date (R-REV-04)
    const ret = await u.c.reviewer.post(`/api/reviews/${r1.id}/return`, { reason: "缺少货值认定的证据材料" });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json()).toMatchObject({ state: "returned", returnReason: "缺少货值认定的证据材料" });
    expect(ret.json().completeBy > todayInShanghai(new Date())).toBe(true);
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r1.id}/accept`, {}))).toBe("review_state_invalid");
    const done = await u.c.officer.post(`/api/reviews/${r1.id}/complete`, { submission: await submission(u, id, { otherMaterials: "补充：进货票据 3 张" }), note: "已补充货值证据" });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: "pending", submission: { otherMaterials: "补充：进货票据 3 张" } });

    // 3. accepted: the clock starts (3 working days, R-REV-07)
    const acc = await u.c.reviewer.post(`/api/reviews/${r1.id}/accept`, {});
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ state: "in_review", assigneeId: u.reviewer.id, acceptedOn: todayInShanghai(new Date()) });
    expect(acc.json().due > todayInShanghai(new Date())).toBe(true);

    // 4. the reviewer reads the materials (logged), records an inquiry, saves the checklist
    const mat = await u.c.reviewer.get(`/api/reviews/${r1.id}/materials`);
    expect(mat.statusCode).toBe(200);
    expect(mat.json().records.filter((r: { linked: boolean }) => r.linked).length).toBeGreaterThanOrEqual(4);
    const note = await u.c.reviewer.post(`/api/reviews/${r1.id}/notes`, { kind: "inquiry", text: "电话询问当事人，确认货值" });
    expect(note.statusCode, note.body).toBe(200);
    const list = allOk();
    list[6] = { key: "discretion", result: "problem", note: "裁量阶次适用偏重" };
    expect((await u.c.reviewer.put(`/api/reviews/${r1.id}/checklist`, { checklist: list })).json().checklist[6]).toEqual({ key: "discretion", result: "problem", note: "裁量阶次适用偏重" });

    // 5. 纠正: 同意 is refused while a point has a problem (R-REV-05)
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r1.id}/opinion`, { outcome: "agreed", checklist: list, opinion: "同意" }))).toBe("review_agree_with_problems");
    const corr = await u.c.reviewer.post(`/api/reviews/${r1.id}/opinion`, { outcome: "corrected", checklist: list, opinion: "裁量偏重", correction: "按第二阶次重新裁量" });
    expect(corr.statusCode, corr.body).toBe(200);
    expect(corr.json()).toMatchObject({ state: "corrected", outcome: "corrected", correction: "按第二阶次重新裁量", late: false });
    expect(corr.json().documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(refusalCodes(await u.c.head.post(`/api/cases/${id}/advance`, {}))).toEqual(["legal_review_required"]);

    // 6. the unit handles the correction and resubmits: round 2, history kept
    expect((await u.c.officer.put(`/api/cases/${id}/decision`, decision(6_000_000))).statusCode).toBe(200);
    const s2 = await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id));
    expect(s2.statusCode, s2.body).toBe(201);
    const r2 = s2.json();
    expect(r2.round).toBe(2);
    expect(r2.rounds.map((x: { round: number; state: string }) => [x.round, x.state])).toEqual([[1, "corrected"]]);
    expect((await u.c.reviewer2.post(`/api/reviews/${r2.id}/accept`, {})).json().assigneeId).toBe(u.reviewer2.id);
    // only the assigned reviewer gives the opinion
    expect((await u.c.reviewer.post(`/api/reviews/${r2.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" })).statusCode).toBe(403);
    const agree = await u.c.reviewer2.post(`/api/reviews/${r2.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "事实清楚，证据充分，同意作出处罚决定" });
    expect(agree.statusCode, agree.body).toBe(200);
    expect(agree.json().state).toBe("agreed");

    // 7. the decision is made (R-REV-02)
    const decided = await u.c.head.post(`/api/cases/${id}/advance`, {});
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().stage).toBe("service");

    // every step is a ledger entry of the case's chain (R-REV-10)
    expect(await chainKinds(id)).toEqual([
      "review.submitted",
      "review.returned",
      "review.completed",
      "review.accepted",
      "review.materials_read",
      "review.inquiry",
      "review.opinion",
      "review.submitted",
      "review.accepted",
      "review.opinion",
    ]);
    const events = (await u.c.officer.get(`/api/reviews/${r1.id}`)).json().events as { kind: string; actorName: string; ledgerEntryId: number }[];
    expect(events.map((e) => e.kind)).toEqual(["submitted", "returned", "completed", "accepted", "materials_read", "inquiry", "opinion"]);
    expect(events.every((e) => e.ledgerEntryId > 0 && e.actorName)).toBe(true);
  });

  it("the opinion document (法制审核意见书) is the one whose hash is on the ledger", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {});
    const done = (await u.c.reviewer.post(`/api/reviews/${r.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" })).json();
    const docx = await u.c.officer.get(`/api/reviews/${r.id}/opinion.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers["content-type"]).toContain("wordprocessingml");
    const sha = crypto.createHash("sha256").update(docx.rawPayload).digest("hex");
    expect(sha).toBe(done.documentSha256);
    const [entry] = await db.select({ body: ledgerEntries.body }).from(ledgerEntries).where(and(eq(ledgerEntries.chain, caseChain(id)), eq(ledgerEntries.kind, "review.opinion")));
    expect(entry!.body).toContain(sha);
    // no document before an opinion
    const u2 = await buildUnit();
    const id2 = await caseAtDecision(u2);
    const pending = (await u2.c.officer.post(`/api/cases/${id2}/reviews`, await submission(u2, id2))).json();
    expect((await u2.c.officer.get(`/api/reviews/${pending.id}/opinion.docx`)).statusCode).toBe(404);
  });
});

describe("refusals (R-REV-02, R-REV-04, conflict of interest)", () => {
  it("wrong role, wrong agency, own case, wrong state, wrong stage", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    // a reviewer does not submit; an officer does not accept
    expect((await u.c.reviewer.post(`/api/cases/${id}/reviews`, await submission(u, id))).statusCode).toBe(403);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    expect((await u.c.officer.post(`/api/reviews/${r.id}/accept`, {})).statusCode).toBe(403);
    expect((await u.c.head.post(`/api/reviews/${r.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" })).statusCode).toBe(403);
    // a reviewer of another agency does not even see it
    const other = await buildAgency(db);
    const outsider = await loginAs(app, await buildUser(db, other, ["legal_reviewer"]));
    expect((await outsider.get(`/api/reviews/${r.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/reviews/${r.id}/accept`, {})).statusCode).toBe(404);
    expect((await outsider.get(`/api/reviews`)).json().items.map((x: { id: string }) => x.id)).not.toContain(r.id);
    // a reviewer who handled the case must step aside
    const conflicted = await buildUser(db, u.agency, ["legal_reviewer", "officer"]);
    const officer = await buildOfficer(db, u.agency, { user: conflicted });
    expect((await u.c.officer.post(`/api/cases/${id}/team`, { add: [officer.id], remove: [] })).statusCode).toBe(200);
    const cc = await loginAs(app, conflicted);
    expect(errorId(await cc.post(`/api/reviews/${r.id}/accept`, {}))).toBe("review_conflict_of_interest");
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, { assigneeId: conflicted.id }))).toBe("review_conflict_of_interest");
    const detail = (await cc.get(`/api/reviews/${r.id}`)).json();
    expect(detail.abilities.accept).toBe(false);
    expect(detail.blocked.map((b: { code: string }) => b.code)).toContain("review_conflict_of_interest");
    // someone who is not a legal reviewer cannot be assigned
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, { assigneeId: u.officer.id }))).toBe("validation_failed");
    // wrong state: an opinion before acceptance
    expect((await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {})).statusCode).toBe(200);
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r.id}/return`, { reason: "x" }))).toBe("review_state_invalid");
    expect(errorId(await u.c.officer.post(`/api/reviews/${r.id}/dispute`, { reason: "不服" }))).toBe("review_state_invalid");
    // incomplete checklist
    const half = allOk().slice(0, 5);
    const bad = await u.c.reviewer.post(`/api/reviews/${r.id}/opinion`, { outcome: "agreed", checklist: half, opinion: "同意" });
    expect(errorId(bad)).toBe("validation_failed");
    expect(bad.json().error.details.length).toBe(5);
  });

  it("a case not yet at its decision, or without a decision draft, cannot be submitted", async () => {
    const u = await buildUnit();
    const opened = await u.c.officer.post("/api/cases", { workflowKey: "penalty.general", title: "无证经营", source: "lead", party: { type: "person", name: "张三" }, officerIds: u.officerIds });
    const id = opened.json().id as string;
    const body = { facts: "事实", lawApplied: "依据", discretion: "裁量", evidenceCollection: "取证", hearing: "", draftDecision: "代拟稿", recordIds: [], evidenceIds: [], otherMaterials: "" };
    expect(errorId(await u.c.officer.post(`/api/cases/${id}/reviews`, body))).toBe("review_not_at_decision");
    expect(errorId(await u.c.officer.post(`/api/cases/${id}/reviews`, { ...body, recordIds: ["not-a-uuid"] }))).toBe("validation_failed");
  });

  it("links must belong to the case", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const other = await caseAtDecision(u);
    const foreign = (await u.c.officer.get(`/api/cases/${other}/review`)).json().draft.recordIds as string[];
    const res = await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id, { recordIds: foreign }));
    expect(errorId(res)).toBe("validation_failed");
    expect(res.json().error.details[0].field).toBe("recordIds");
  });
});

describe("time limits, extensions and lapses (R-REV-04, R-REV-07)", () => {
  it("one extension approved by the head adds 2 working days; a second is refused; none after the limit", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    const acc = (await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {})).json();
    const ask = await u.c.reviewer.post(`/api/reviews/${r.id}/extension`, { reason: "需要咨询法律顾问" });
    expect(ask.statusCode, ask.body).toBe(200);
    expect(ask.json().extensionPending).toBe(true);
    expect((await u.c.reviewer.post(`/api/reviews/${r.id}/extension/decide`, { approve: true, reason: "" })).statusCode).toBe(403);
    const counts = (await u.c.head.get("/api/reviews/counts")).json();
    expect(counts.extensions).toBe(1);
    expect((await u.c.head.get("/api/reviews?needsHead=true")).json().items.map((x: { id: string }) => x.id)).toEqual([r.id]);
    const ok = await u.c.head.post(`/api/reviews/${r.id}/extension/decide`, { approve: true, reason: "同意" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().due > acc.due).toBe(true);
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r.id}/extension`, { reason: "再延" }))).toBe("review_extension_used");

    // an overdue review: no extension any more, it shows as overdue, and a late opinion is marked late
    const u2 = await buildUnit();
    const id2 = await caseAtDecision(u2);
    const r2 = (await u2.c.officer.post(`/api/cases/${id2}/reviews`, await submission(u2, id2))).json();
    await u2.c.reviewer.post(`/api/reviews/${r2.id}/accept`, {});
    const past = addCalendarDays(todayInShanghai(new Date()), -1);
    await setReview(r2.id, { due: past, soon: addCalendarDays(past, -1) });
    expect(errorId(await u2.c.reviewer.post(`/api/reviews/${r2.id}/extension`, { reason: "来不及" }))).toBe("review_extension_late");
    const overdue = (await u2.c.head.get("/api/reviews?light=overdue")).json();
    expect(overdue.items.map((x: { id: string; light: string }) => [x.id, x.light])).toEqual([[r2.id, "overdue"]]);
    const late = (await u2.c.reviewer.post(`/api/reviews/${r2.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" })).json();
    expect(late.late).toBe(true);
    expect(late.lightLabel).toBe("超期出具");
  });

  it("a returned submission not completed in time lapses; the unit submits anew", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    await u.c.reviewer.post(`/api/reviews/${r.id}/return`, { reason: "缺少证据" });
    await setReview(r.id, { completeBy: addCalendarDays(todayInShanghai(new Date()), -1) });
    expect(errorId(await u.c.officer.post(`/api/reviews/${r.id}/complete`, { submission: await submission(u, id), note: "" }))).toBe("review_completion_overdue");
    const again = await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().round).toBe(2);
    expect((await u.c.officer.get(`/api/reviews/${r.id}`)).json().state).toBe("withdrawn");
    expect(await chainKinds(id)).toEqual(["review.submitted", "review.returned", "review.lapsed", "review.submitted"]);
  });
});

describe("disputes, transfers and stale reviews (R-REV-06, R-REV-08, R-REV-02)", () => {
  it("the unit contests a 纠正; the head decides for the unit and the decision can be made", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {});
    const list = allOk();
    list[3] = { key: "facts", result: "problem", note: "违法所得计算有误" };
    await u.c.reviewer.post(`/api/reviews/${r.id}/opinion`, { outcome: "corrected", checklist: list, opinion: "违法所得计算有误", correction: "重新计算" });
    expect((await u.c.reviewer.post(`/api/reviews/${r.id}/dispute`, { reason: "x" })).statusCode).toBe(403);
    const disp = await u.c.officer.post(`/api/reviews/${r.id}/dispute`, { reason: "违法所得已按票据计算，无误" });
    expect(disp.statusCode, disp.body).toBe(200);
    expect(disp.json().state).toBe("disputed");
    expect(refusalCodes(await u.c.head.post(`/api/cases/${id}/advance`, {}))).toEqual(["legal_review_pending"]);
    expect((await u.c.officer.post(`/api/reviews/${r.id}/dispute/decide`, { uphold: false, reason: "x" })).statusCode).toBe(403);
    const res = await u.c.head.post(`/api/reviews/${r.id}/dispute/decide`, { uphold: false, reason: "经核实票据，计算无误" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: "overruled", dispute: { decision: "overruled", decisionReason: "经核实票据，计算无误" } });
    expect((await u.c.head.post(`/api/cases/${id}/advance`, {})).json().stage).toBe("service");
    expect(await chainKinds(id)).toEqual(["review.submitted", "review.accepted", "review.opinion", "review.disputed", "review.dispute_resolved"]);
  });

  it("a head who upholds the opinion keeps the gate closed; 移送 needs the receiving organ", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {});
    const list = allOk();
    list[9] = { key: "crime", result: "problem", note: "货值超过五万元，涉嫌犯罪" };
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r.id}/opinion`, { outcome: "transferred", checklist: list, opinion: "涉嫌犯罪" }))).toBe("validation_failed");
    const t = await u.c.reviewer.post(`/api/reviews/${r.id}/opinion`, { outcome: "transferred", checklist: list, opinion: "涉嫌犯罪，应移送", transferTo: "示范市公安局" });
    expect(t.json()).toMatchObject({ state: "transferred", transferTo: "示范市公安局" });
    await u.c.officer.post(`/api/reviews/${r.id}/dispute`, { reason: "不构成犯罪" });
    const kept = await u.c.head.post(`/api/reviews/${r.id}/dispute/decide`, { uphold: true, reason: "同意审核意见，移送公安机关" });
    expect(kept.json().state).toBe("transferred");
    expect(refusalCodes(await u.c.head.post(`/api/cases/${id}/advance`, {}))).toEqual(["legal_review_required"]);
  });

  it("a decision draft changed after 同意 needs a new round (R-REV-02)", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {});
    await u.c.reviewer.post(`/api/reviews/${r.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" });
    await u.c.officer.put(`/api/cases/${id}/decision`, decision(9_000_000));
    const res = await u.c.head.post(`/api/cases/${id}/advance`, {});
    expect(refusalCodes(res)).toEqual(["legal_review_stale"]);
    const [refused] = await db.select({ body: ledgerEntries.body }).from(ledgerEntries).where(and(eq(ledgerEntries.chain, caseChain(id)), eq(ledgerEntries.kind, "case.gate_refused")));
    expect(refused!.body).toContain("legal_review_stale");
    // back to the reviewed draft: passes
    await u.c.officer.put(`/api/cases/${id}/decision`, decision(8_000_000));
    expect((await u.c.head.post(`/api/cases/${id}/advance`, {})).json().stage).toBe("service");
  });

  it("the widened scope (河北) sends every general-procedure penalty to review (R-REV-01)", async () => {
    const u = await buildUnit();
    const id = await caseAtDecision(u);
    await u.c.officer.put(`/api/cases/${id}/decision`, decision(100_000));
    expect((await u.c.officer.get(`/api/cases/${id}/review`)).json().major).toBe(false);
    const root = await loginAs(app, await buildUser(db, await rootAgency(), ["admin"]));
    const set = await root.put("/api/settings/major-scope", { allGeneralProcedurePenalties: true });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const info = (await u.c.officer.get(`/api/cases/${id}/review`)).json();
      expect(info.major).toBe(true);
      expect(refusalCodes(await u.c.head.post(`/api/cases/${id}/advance`, {}))).toEqual(["legal_review_required"]);
    } finally {
      await root.put("/api/settings/major-scope", { allGeneralProcedurePenalties: false });
    }
  });
});

async function rootAgency(): Promise<TestAgency> {
  return buildAgency(db);
}

describe("the queue, workload, statistics and phrases", () => {
  it("filters by state, assignee and light; counts workload and statistics", async () => {
    const u = await buildUnit();
    const a = await caseAtDecision(u);
    const b = await caseAtDecision(u);
    const ra = (await u.c.officer.post(`/api/cases/${a}/reviews`, await submission(u, a))).json();
    const rb = (await u.c.officer.post(`/api/cases/${b}/reviews`, await submission(u, b))).json();
    await u.c.reviewer.post(`/api/reviews/${ra.id}/accept`, {});
    const pending = (await u.c.reviewer.get("/api/reviews?state=pending")).json();
    expect(pending.items.map((x: { id: string }) => x.id)).toEqual([rb.id]);
    const mine = (await u.c.reviewer.get("/api/reviews?assignee=me")).json();
    expect(mine.items.map((x: { id: string; light: string }) => [x.id, x.light])).toEqual([[ra.id, "normal"]]);
    expect((await u.c.reviewer.get("/api/reviews?state=nonsense")).statusCode).toBe(400);
    const q = (await u.c.reviewer.get(`/api/reviews?q=${encodeURIComponent(ra.caseNumber)}`)).json();
    expect(q.items.map((x: { id: string }) => x.id)).toEqual([ra.id]);
    await u.c.reviewer.post(`/api/reviews/${ra.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" });
    const load = (await u.c.head.get("/api/reviews/workload")).json() as { userId: string; decided30: number; inReview: number }[];
    expect(load.find((w) => w.userId === u.reviewer.id)).toMatchObject({ decided30: 1, inReview: 0 });
    const stats = (await u.c.head.get("/api/reviews/stats")).json();
    expect(stats).toMatchObject({ total: 2, decided: 1, averageDays: 0, correctedShare: 0, overdueShare: 0 });
    expect(stats.byState.pending).toBe(1);
    // officers have no queue
    expect((await u.c.officer.get("/api/reviews")).statusCode).toBe(403);
  });

  it("supervisors above see the queue of their subtree, not others'", async () => {
    const parent = await buildAgency(db, { level: "city" });
    const child = await buildAgency(db, { parent, level: "county" });
    const sup = await loginAs(app, await buildUser(db, parent, ["supervisor" as Role]));
    const elsewhere = await loginAs(app, await buildUser(db, await buildAgency(db), ["supervisor" as Role]));
    const u = await buildUnit();
    void child;
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    expect((await elsewhere.get(`/api/reviews/${r.id}`)).statusCode).toBe(404);
    expect((await sup.get("/api/reviews")).json().items.map((x: { id: string }) => x.id)).not.toContain(r.id);
  });

  it("canned phrases belong to the legal unit", async () => {
    const u = await buildUnit();
    const add = await u.c.reviewer.post("/api/reviews/phrases", { category: "agreed", text: "事实清楚，证据确凿，适用依据正确，程序合法，同意。" });
    expect(add.statusCode, add.body).toBe(201);
    expect((await u.c.reviewer2.get("/api/reviews/phrases")).json().items.map((p: { text: string }) => p.text)).toEqual(["事实清楚，证据确凿，适用依据正确，程序合法，同意。"]);
    expect((await u.c.officer.post("/api/reviews/phrases", { category: "agreed", text: "x" })).statusCode).toBe(403);
    expect((await u.c.reviewer.post("/api/reviews/phrases", { category: "agreed", text: "   " })).statusCode).toBe(400);
    const other = await buildUnit();
    expect((await other.c.reviewer.delete(`/api/reviews/phrases/${add.json().id}`)).statusCode).toBe(404);
    expect((await u.c.reviewer.delete(`/api/reviews/phrases/${add.json().id}`)).statusCode).toBe(204);
  });

  it("consultation with an adviser of another agency (R-REV-11)", async () => {
    const u = await buildUnit();
    const otherAgency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, otherAgency, ["admin"]));
    const adv = await admin.post("/api/lists/legal-reviewers", { agencyId: otherAgency.id, staffNo: "GZ001", name: "赵律师", unitName: "法制科", qualification: "public_lawyer", active: true });
    expect(adv.statusCode, adv.body).toBe(201);
    const id = await caseAtDecision(u);
    const r = (await u.c.officer.post(`/api/cases/${id}/reviews`, await submission(u, id))).json();
    await u.c.reviewer.post(`/api/reviews/${r.id}/accept`, {});
    const options = (await u.c.reviewer.get("/api/reviews/options")).json();
    expect(options.advisers.map((a: { id: string }) => a.id)).toContain(adv.json().id);
    expect(errorId(await u.c.reviewer.post(`/api/reviews/${r.id}/notes`, { kind: "consultation", text: "意见" }))).toBe("validation_failed");
    const res = await u.c.reviewer.post(`/api/reviews/${r.id}/notes`, { kind: "consultation", text: "赵律师认为裁量适当", adviserId: adv.json().id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().events.at(-1).summary).toContain("公职律师赵律师");
  });
});
