import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { canonicalize, entryCommitment, fromBase64, fromHex, leafHash, parseCheckpoint, quarterOf, todayInShanghai, toBase64, toHex, verifyInclusion } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildUser, loginAs } from "../../../test/factories.ts";
import { buildPublicityUnit, decidedPenalty, ok, penaltyAtDecision, penaltyDecision, type PublicityUnit } from "../../../test/publicity.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { cases, caseStages } from "../cases/tables.ts";
import { publications } from "../publicity/tables.ts";
import { statisticsReports } from "./tables.ts";
import { payloadSha256, reportPayload, statisticsChain } from "./service.ts";

const { app, database } = await setupTestApp();
const db = database.db;
const today = todayInShanghai(new Date());
const thisYear = Number(today.slice(0, 4));
const lastYear = thisYear - 1;

const errorId = (res: { json(): unknown }) => (res.json() as { error: { id: string } }).error.id;
const system = systemContext("test", "test.statistics_dates");

/** A publicity unit with a legal reviewer and a major-decision rule (fines ≥ 50,000 yuan). */
async function buildUnit() {
  const u = await buildPublicityUnit(app, db);
  const legal = await loginAs(app, await buildUser(db, u.agency, ["legal_reviewer"]));
  const admin = await loginAs(app, await buildUser(db, u.agency, ["admin"]));
  const rule = await admin.post("/api/lists/major-catalog", { agencyId: u.agency.id, name: "较大数额罚款", actionTypes: ["penalty"], minAmount: 50000, active: true });
  expect(rule.statusCode, rule.body).toBe(201);
  return { ...u, legal };
}

const allOk = () => ["subject", "qualification", "competence", "facts", "evidence", "law", "discretion", "procedure", "documents", "crime"].map((key) => ({ key, result: "ok", note: "" }));
const decision = (amountFen: number) => penaltyDecision(["罚款"], amountFen, "情节较重，按第三阶次裁量");

/** A major penalty: reviewed twice (纠正, then 同意) and decided with a 60,000 yuan fine. */
async function reviewedPenalty(u: PublicityUnit & { legal: Awaited<ReturnType<typeof loginAs>> }): Promise<string> {
  const id = await penaltyAtDecision(u, { title: "销售过期食品", source: "inspection", party: { type: "org", name: "示范超市有限公司" }, decision: decision(8_000_000) });
  await ok(u.c.officer.post(`/api/cases/${id}/records`, { kind: "penalty_decision", body: "penalty_decision 的内容" }), 201);
  const submit = async () => {
    const info = (await u.c.officer.get(`/api/cases/${id}/review`)).json();
    return ok(u.c.officer.post(`/api/cases/${id}/reviews`, { ...info.draft, lawApplied: "《食品安全法》第一百二十四条" }), 201);
  };
  const r1 = await submit();
  await ok(u.legal.post(`/api/reviews/${r1.id}/accept`, {}));
  const list = allOk();
  list[6] = { key: "discretion", result: "problem", note: "裁量偏重" };
  await ok(u.legal.post(`/api/reviews/${r1.id}/opinion`, { outcome: "corrected", checklist: list, opinion: "裁量偏重", correction: "按第二阶次重新裁量" }));
  await ok(u.c.officer.put(`/api/cases/${id}/decision`, decision(6_000_000)));
  const r2 = await submit();
  await ok(u.legal.post(`/api/reviews/${r2.id}/accept`, {}));
  await ok(u.legal.post(`/api/reviews/${r2.id}/opinion`, { outcome: "agreed", checklist: allOk(), opinion: "同意" }));
  expect((await ok(u.c.head.post(`/api/cases/${id}/advance`, {}))).stage).toBe("service");
  return id;
}

const figuresOf = async (client: PublicityUnit["c"]["head"], q: string) => (await ok(client.get(`/api/statistics/figures?${q}`))).figures as Record<string, Record<string, unknown>>;

describe("the figures come from the data (R-PUB-10)", () => {
  it("counts cases by type, penalties and fines, reviews, publication timeliness and remedies of the period", async () => {
    const u = await buildUnit();
    const other = await buildPublicityUnit(app, db);
    await decidedPenalty(other, { type: "org", name: "别处商店有限公司" }); // another agency: never counted here

    const p1 = await decidedPenalty(u, { type: "org", name: "示范市鲜果超市有限公司" });
    const p2 = await decidedPenalty(u, { type: "person", name: "张三丰", idNo: "110101198003150017", phone: "13812345678" });
    const p3 = await reviewedPenalty(u);
    await ok(u.c.officer.post("/api/cases", { workflowKey: "penalty.general", title: "无照经营", source: "complaint", party: { type: "org", name: "某公司" }, officerIds: u.officerIds }), 201);
    // p1's publication published on time; the others wait within their deadline
    const [pub1] = await db.select({ id: publications.id }).from(publications).where(eq(publications.caseId, p1));
    await ok(u.c.reviewer.post(`/api/publicity/${pub1!.id}/publish`, {}));
    await ok(u.c.officer.post(`/api/cases/${p1}/records`, { kind: "service_proof", body: "直接送达" }), 201);
    await ok(u.c.officer.post(`/api/cases/${p1}/advance`, {}));
    await ok(u.c.officer.post(`/api/cases/${p1}/execution/payments`, { amountFen: 500_000, paidOn: today, method: "银行转账", reference: "PAY-1" }), 201);

    // remedies: a reconsideration revoked, a lawsuit pending, another decided (dismissed)
    await ok(u.c.officer.post(`/api/cases/${p1}/remedies`, { kind: "reconsideration", body: "示范市人民政府", filedOn: today, decidedOn: today, outcome: "revoked" }), 201);
    await ok(u.c.officer.post(`/api/cases/${p2}/remedies`, { kind: "litigation", body: "示范市东城区人民法院", reference: "（2026）示0101行初1号", filedOn: today }), 201);
    const suit = (await ok(u.c.lead.post(`/api/cases/${p3}/remedies`, { kind: "litigation", body: "示范市东城区人民法院", filedOn: today }), 201)) as unknown as { items: { id: string }[] };
    const suitId = suit.items[0]!.id;
    await ok(u.c.lead.put(`/api/cases/${p3}/remedies/${suitId}`, { decidedOn: today, outcome: "dismissed" }));
    const again = await u.c.lead.put(`/api/cases/${p3}/remedies/${suitId}`, { note: "改" });
    expect(again.statusCode).toBe(409);
    expect(errorId(again)).toBe("remedy_decided");
    expect(errorId(await u.c.lead.put(`/api/cases/${p3}/remedies/${suitId}`.replace(suitId, "00000000-0000-4000-8000-000000000000"), { note: "x" }))).toBe("not_found");

    const f = await figuresOf(u.c.head, `year=${thisYear}&quarter=${quarterOf(today)}`);
    const penalty = (f.cases!.byType as { actionType: string }[]).find((r) => r.actionType === "penalty");
    expect(penalty).toMatchObject({ opened: 4, decided: 3, closed: 0, pending: 4 });
    expect(f.cases!.total).toEqual({ opened: 4, decided: 3, closed: 0, pending: 4 });
    expect(f.penalties).toMatchObject({ decided: 3, general: 3, simple: 0, withFine: 3, fineFen: 7_000_000, paidFen: 500_000, payments: 1 });
    expect(f.penalties!.byMeasure).toEqual([
      { key: "罚款", label: "罚款", count: 3 },
      { key: "警告", label: "警告", count: 2 },
    ]);
    expect(f.reviews).toMatchObject({ submitted: 2, opinions: 2, onTime: 2, late: 0, onTimeRate: 100, pending: 0 });
    expect((f.reviews!.byOutcome as { key: string; count: number }[]).map((o) => [o.key, o.count])).toEqual([
      ["agreed", 1],
      ["corrected", 1],
      ["transferred", 0],
    ]);
    expect(f.publicity).toMatchObject({ decisions: 3, publishedOnTime: 1, publishedLate: 0, overdue: 0, awaiting: 2, withheld: 0, timelinessRate: 100 });
    expect(f.remedies!.reconsideration).toMatchObject({ filed: 1, decided: 1, pending: 0, corrected: 1, correctionRate: 100 });
    expect(f.remedies!.litigation).toMatchObject({ filed: 2, decided: 1, pending: 1, corrected: 0, correctionRate: 0 });
    expect((f.cases!.bySource as { key: string; count: number }[]).find((s) => s.key === "inspection")!.count).toBe(1);

    // the whole year holds the same; the case page lists the remedies
    expect((await figuresOf(u.c.head, `year=${thisYear}`)).penalties).toMatchObject({ decided: 3, fineFen: 7_000_000 });
    const listed = await ok(u.c.officer.get(`/api/cases/${p2}/remedies`));
    expect(listed).toMatchObject({ can: { record: true }, items: [{ kind: "litigation", kindLabel: "行政诉讼", outcome: null, reference: "（2026）示0101行初1号" }] });
    // the live XLSX of the quarter
    const x = await u.c.head.get(`/api/statistics/figures/xlsx?year=${thisYear}&quarter=${quarterOf(today)}`);
    expect(x.statusCode).toBe(200);
    expect(x.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const pen = wb.getWorksheet("行政处罚")!;
    const values = new Map<string, unknown>();
    pen.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(values.get("罚款金额（元）")).toBe(70000);
    expect(values.get("作出处罚决定（件）")).toBe(3);
  });

  it("places events on their Asia/Shanghai day: a decision at 00:30 on 1 April is in the second quarter", async () => {
    const u = await buildUnit();
    const a = await decidedPenalty(u, { type: "org", name: "甲公司" });
    const b = await decidedPenalty(u, { type: "org", name: "乙公司" });
    const y = lastYear;
    const move = async (caseId: string, decidedAt: string) =>
      mutate(db, system, async (tx) => {
        await tx.update(cases).set({ openedOn: `${y}-03-01` }).where(eq(cases.id, caseId));
        await tx.update(caseStages).set({ completedAt: new Date(decidedAt) }).where(and(eq(caseStages.caseId, caseId), eq(caseStages.stage, "decision")));
      });
    await move(a, `${y}-03-31T15:59:59Z`); // 23:59:59 on 31 March in Beijing
    await move(b, `${y}-03-31T16:30:00Z`); // 00:30 on 1 April in Beijing
    const q1 = await figuresOf(u.c.head, `year=${y}&quarter=1`);
    const q2 = await figuresOf(u.c.head, `year=${y}&quarter=2`);
    expect(q1.penalties).toMatchObject({ decided: 1, fineFen: 500_000 });
    expect(q2.penalties).toMatchObject({ decided: 1, fineFen: 500_000 });
    expect(q1.cases!.total).toMatchObject({ opened: 2, decided: 1, pending: 2 });
    expect(q2.cases!.total).toMatchObject({ opened: 0, decided: 1, pending: 2 });
    expect((q1.period as unknown as { from: string; to: string })).toMatchObject({ from: `${y}-01-01`, to: `${y}-03-31` });
  });
});

describe("the annual report's lifecycle (R-PUB-10)", () => {
  it("generate, regenerate while a draft, edit the 说明, publish once with its ledger entry; officers cannot", async () => {
    const u = await buildUnit();
    const id0 = await decidedPenalty(u, { type: "org", name: "丙公司" });

    expect((await u.c.officer.post("/api/statistics/reports", { year: lastYear })).statusCode).toBe(403);
    expect(errorId(await u.c.officer.post("/api/statistics/reports", { year: lastYear }))).toBe("forbidden");
    const draft = await ok(u.c.reviewer.post("/api/statistics/reports", { year: lastYear }));
    expect(draft).toMatchObject({ status: "draft", year: lastYear, agencyId: u.agency.id, deadline: `${thisYear}-01-31`, can: { prepare: true, publish: true } });
    expect((draft.figures as { penalties: { decided: number } }).penalties.decided).toBe(0);

    // the case turns out to belong to last year: regenerating the draft picks it up
    await mutate(db, system, async (tx) => {
      await tx.update(cases).set({ openedOn: `${lastYear}-11-02` }).where(eq(cases.id, id0));
      await tx.update(caseStages).set({ completedAt: new Date(`${lastYear}-11-20T02:00:00Z`) }).where(and(eq(caseStages.caseId, id0), eq(caseStages.stage, "decision")));
    });
    const again = await ok(u.c.head.post("/api/statistics/reports", { year: lastYear }));
    expect(again.id).toBe(draft.id);
    expect(again.version).toBe((draft.version as number) + 1);
    expect((again.figures as { penalties: { decided: number; fineFen: number } }).penalties).toMatchObject({ decided: 1, fineFen: 500_000 });

    // the 说明 is public: personal data is refused
    const bad = await u.c.reviewer.put(`/api/statistics/reports/${draft.id}`, { note: "联系人电话 13812345678" });
    expect(bad.statusCode).toBe(400);
    expect(errorId(bad)).toBe("validation_failed");
    const noted = await ok(u.c.reviewer.put(`/api/statistics/reports/${draft.id}`, { note: "本年度数据来自本平台办理的案件。", expectedVersion: again.version }));
    expect(noted.note).toBe("本年度数据来自本平台办理的案件。");
    expect(errorId(await u.c.reviewer.put(`/api/statistics/reports/${draft.id}`, { note: "x", expectedVersion: again.version }))).toBe("stale_version");

    // officers cannot publish (nor read it); the head publishes
    expect((await u.c.officer.post(`/api/statistics/reports/${draft.id}/publish`, {})).statusCode).toBe(404);
    const published = await ok(u.c.head.post(`/api/statistics/reports/${draft.id}/publish`, {}));
    expect(published).toMatchObject({ status: "published", publishedOn: today, late: today > `${thisYear}-01-31` });
    const [row] = await db.select().from(statisticsReports).where(eq(statisticsReports.id, draft.id));
    const expected = payloadSha256(reportPayload({ ...row!, agencyName: u.agency.name }));
    expect(row!.sha256).toBe(expected);
    const [entry] = await db.select({ body: ledgerEntries.body, kind: ledgerEntries.kind }).from(ledgerEntries).where(eq(ledgerEntries.chain, statisticsChain(u.agency.id)));
    expect(entry!.kind).toBe("statistics.published");
    expect(JSON.parse(entry!.body).data).toMatchObject({ reportId: draft.id, sha256: expected, year: lastYear });

    // published is final: publish, regenerate, edit refused with their error id
    for (const res of [
      await u.c.head.post(`/api/statistics/reports/${draft.id}/publish`, {}),
      await u.c.reviewer.post("/api/statistics/reports", { year: lastYear }),
      await u.c.reviewer.put(`/api/statistics/reports/${draft.id}`, { note: "改" }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(errorId(res)).toBe("statistics_already_published");
    }

    // the XLSX of the published report, read back
    const x = await u.c.reviewer.get(`/api/statistics/reports/${draft.id}/xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["概况", "案件办理", "案件来源与状态", "行政处罚", "行政许可", "行政检查", "法制审核", "执法决定公示", "行政复议与行政诉讼"]);
    const summary = wb.getWorksheet("概况")!;
    expect(summary.getCell("B2").value).toBe(u.agency.name);
    expect(summary.getCell("B5").value).toBe("已发布");
    const cs = wb.getWorksheet("案件办理")!;
    expect(cs.getRow(1).values).toEqual([undefined, "执法类别", "立案（受理）", "作出决定", "办结", "期末在办"]);
    expect(cs.getRow(3).values).toEqual([undefined, "行政处罚", 1, 1, 0, 1]);
  });

  it("flags reports not published by 31 January of the following year", async () => {
    const u = await buildUnit();
    const two = lastYear - 1;
    const list = await ok(u.c.head.get(`/api/statistics/reports?year=${two}`));
    expect(list.items).toEqual([expect.objectContaining({ agencyId: u.agency.id, status: "none", late: true, deadline: `${lastYear}-01-31` })]);
    const r = await ok(u.c.reviewer.post("/api/statistics/reports", { year: two }));
    expect((await ok(u.c.head.get(`/api/statistics/reports?year=${two}`))).items).toEqual([expect.objectContaining({ status: "draft", late: true, reportId: r.id })]);
    const p = await ok(u.c.reviewer.post(`/api/statistics/reports/${r.id}/publish`, {}));
    expect(p).toMatchObject({ late: true });
    const [row] = await db.select({ late: statisticsReports.late }).from(statisticsReports).where(eq(statisticsReports.id, r.id));
    expect(row!.late).toBe(true);
    // the accountability report names the agency whose last report is missing or late (R-PUB-12)
    const overdue = await ok(u.c.head.get("/api/publicity/overdue"));
    expect((overdue.annualReports as { agencyId: string }[]).some((x) => x.agencyId === u.agency.id)).toBe(true);
  });

  it("corrects a published report (更正): a new edition with the data as it is now and a public reason; the old edition stays readable, superseded, and both check against the ledger", async () => {
    const u = await buildUnit();
    const first = await ok(u.c.reviewer.post("/api/statistics/reports", { year: lastYear }));
    await ok(u.c.reviewer.put(`/api/statistics/reports/${first.id}`, { note: "首次发布的说明。" }));
    await ok(u.c.head.post(`/api/statistics/reports/${first.id}/publish`, {}));
    const [firstRow] = await db.select().from(statisticsReports).where(eq(statisticsReports.id, first.id));
    // a case of last year was missed: it is found, the report is corrected
    const id0 = await decidedPenalty(u, { type: "org", name: "漏报公司" });
    await mutate(db, system, async (tx) => {
      await tx.update(cases).set({ openedOn: `${lastYear}-10-02` }).where(eq(cases.id, id0));
      await tx.update(caseStages).set({ completedAt: new Date(`${lastYear}-10-20T02:00:00Z`) }).where(and(eq(caseStages.caseId, id0), eq(caseStages.stage, "decision")));
    });
    // refusals: a reason is required and public (no personal data); officers may not; a draft is not corrected
    expect(errorId(await u.c.reviewer.post(`/api/statistics/reports/${first.id}/corrections`, { reason: "  " }))).toBe("validation_failed");
    expect(errorId(await u.c.reviewer.post(`/api/statistics/reports/${first.id}/corrections`, { reason: "经办人电话 13812345678" }))).toBe("validation_failed");
    expect((await u.c.officer.post(`/api/statistics/reports/${first.id}/corrections`, { reason: "漏报" })).statusCode).toBe(404);
    const corr = await ok(u.c.reviewer.post(`/api/statistics/reports/${first.id}/corrections`, { reason: "漏报 1 件行政处罚案件，予以更正。" }), 201);
    expect(corr).toMatchObject({ status: "draft", edition: 2, supersedes: first.id, correctionReason: "漏报 1 件行政处罚案件，予以更正。", note: "首次发布的说明。", late: false });
    expect((corr.figures as { penalties: { decided: number } }).penalties.decided).toBe(1);
    expect(errorId(await u.c.reviewer.post(`/api/statistics/reports/${first.id}/corrections`, { reason: "再次更正" }))).toBe("statistics_correction_pending");
    expect(errorId(await u.c.reviewer.post(`/api/statistics/reports/${corr.id}/corrections`, { reason: "草稿" }))).toBe("statistics_not_published");
    // meanwhile the first edition is still the public one; the staff list shows the correction pending
    const anon = anonymous(app);
    expect((await anon.get(`/api/public/statistics?agencyId=${u.agency.id}`)).json().items).toEqual([expect.objectContaining({ id: first.id, edition: 1 })]);
    expect((await ok(u.c.head.get(`/api/statistics/reports?year=${lastYear}`))).items).toEqual([expect.objectContaining({ reportId: first.id, status: "published", correctionDraftId: corr.id, statusLabel: "已发布（更正草稿待发布）" })]);
    // regenerating works on the correction's draft, never on the published edition
    expect((await ok(u.c.reviewer.post("/api/statistics/reports", { year: lastYear }))).id).toBe(corr.id);

    const published = await ok(u.c.head.post(`/api/statistics/reports/${corr.id}/publish`, {}));
    expect(published).toMatchObject({ status: "published", edition: 2, publishedOn: today, late: firstRow!.late === true });
    const old = await ok(u.c.head.get(`/api/statistics/reports/${first.id}`));
    expect(old).toMatchObject({ status: "superseded", statusLabel: "已被更正（旧版本）", correctedBy: corr.id });
    for (const res of [await u.c.head.post(`/api/statistics/reports/${first.id}/publish`, {}), await u.c.reviewer.post(`/api/statistics/reports/${first.id}/corrections`, { reason: "x" })]) expect(errorId(res)).toBe("statistics_superseded");
    // the ledger entry of the correction names what it corrects and why
    const entries = await db.select({ body: ledgerEntries.body }).from(ledgerEntries).where(eq(ledgerEntries.chain, statisticsChain(u.agency.id)));
    expect(entries.map((e) => JSON.parse(e.body).data)).toEqual([
      expect.objectContaining({ reportId: first.id }),
      expect.objectContaining({ reportId: corr.id, edition: 2, supersedes: first.id, correctionReason: "漏报 1 件行政处罚案件，予以更正。" }),
    ]);
    expect(JSON.parse(entries[0]!.body).data.edition).toBeUndefined();

    // the public: the list holds the current edition; the old one says it was corrected; both hashes hold
    expect((await anon.get(`/api/public/statistics?agencyId=${u.agency.id}`)).json().items).toEqual([expect.objectContaining({ id: corr.id, edition: 2 })]);
    const sha = (b: string) => crypto.createHash("sha256").update(b).digest("hex");
    for (const [id, status] of [[first.id, "superseded"], [corr.id, "published"]] as const) {
      const pub = (await anon.get(`/api/public/statistics/${id}`)).json() as { status: string; sha256: string; payload: unknown };
      expect(pub.status).toBe(status);
      expect(sha(canonicalize(pub.payload))).toBe(pub.sha256);
    }
    const oldPage = await anon.get(`/portal/statistics/${first.id}`);
    expect(oldPage.body).toContain("本报告已被更正");
    expect(oldPage.body).toContain(`href="/portal/statistics/${corr.id}"`);
    expect(oldPage.body).toContain("与账本记录一致");
    const newPage = await anon.get(`/portal/statistics/${corr.id}`);
    expect(newPage.body).toContain("更正说明（第 2 版）");
    expect(newPage.body).toContain("漏报 1 件行政处罚案件，予以更正。");
    expect(newPage.body).toContain(`href="/portal/statistics/${first.id}"`);
    expect(newPage.body).toContain("与账本记录一致");
  });

  it("answers bad input with stable error ids, never a 500", async () => {
    const u = await buildUnit();
    const cases: [Promise<{ statusCode: number; json(): unknown }>, number, string][] = [
      [u.c.reviewer.post("/api/statistics/reports", { year: thisYear }), 409, "statistics_year_not_ended"],
      [u.c.reviewer.post("/api/statistics/reports", { year: 1999 }), 400, "validation_failed"],
      [u.c.reviewer.post("/api/statistics/reports", { year: thisYear + 5 }), 400, "statistics_year_out_of_range"],
      [u.c.reviewer.post("/api/statistics/reports", { year: lastYear, agencyId: "00000000-0000-4000-8000-000000000000" }), 404, "statistics_unknown_agency"],
      [u.c.reviewer.post("/api/statistics/reports", { year: lastYear, agencyId: "abc" }), 400, "validation_failed"],
      [u.c.head.get(`/api/statistics/figures?year=${thisYear + 1}`), 400, "statistics_year_out_of_range"],
      [u.c.head.get(`/api/statistics/figures?year=${thisYear}&quarter=5`), 400, "validation_failed"],
      [u.c.head.get("/api/statistics/figures?year=abc"), 400, "validation_failed"],
      [u.c.head.get("/api/statistics/reports/00000000-0000-4000-8000-000000000000"), 404, "not_found"],
      [u.c.officer.get(`/api/statistics/figures?year=${lastYear}`), 403, "forbidden"],
    ];
    if (quarterOf(today) < 4) cases.push([u.c.head.get(`/api/statistics/figures?year=${thisYear}&quarter=${quarterOf(today) + 1}`), 400, "statistics_period_in_future"]);
    for (const [res, status, id] of cases) {
      const r = await res;
      expect(r.statusCode, JSON.stringify(r.json())).toBe(status);
      expect(errorId(r)).toBe(id);
    }
    // a supervisor above reads; another agency's staff do not see the agency
    const other = await buildPublicityUnit(app, db);
    expect(errorId(await other.c.head.get(`/api/statistics/figures?year=${lastYear}&agencyId=${u.agency.id}`))).toBe("statistics_unknown_agency");
  });
});

describe("the public side (R-PUB-10)", () => {
  it("lists and shows only published reports, as accessible HTML with SVG charts and XLSX, without personal data", async () => {
    const u = await buildUnit();
    const draftUnit = await buildPublicityUnit(app, db, { name: "草稿测试局" });
    await decidedPenalty(u, { type: "person", name: "欧阳晓明", idNo: "510104199002280037", phone: "18611112222" });
    const r = await ok(u.c.reviewer.post("/api/statistics/reports", { year: lastYear }));
    await ok(u.c.reviewer.put(`/api/statistics/reports/${r.id}`, { note: "第一段说明。\n第二段说明。" }));
    await ok(u.c.head.post(`/api/statistics/reports/${r.id}/publish`, {}));
    const d = await ok(draftUnit.c.reviewer.post("/api/statistics/reports", { year: lastYear }));
    const anon = anonymous(app);

    const list = await anon.get("/portal/statistics");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/portal/statistics/${r.id}`);
    expect(list.body).not.toContain(d.id);
    expect(list.body).not.toContain("草稿测试局" + lastYear);
    expect(list.body).toContain("<caption>");

    const page = await anon.get(`/portal/statistics/${r.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${u.agency.name}${lastYear}年度行政执法统计年报`);
    expect(page.body).toContain('<th scope="col">执法类别</th>');
    expect(page.body).toContain('<th scope="row">行政处罚</th>');
    expect(page.body.match(/<svg role="img" aria-label="[^"]+"/g)?.length).toBe(4);
    expect(page.body).toContain("<p>第二段说明。</p>");
    expect(page.body).not.toContain("<script");
    for (const secret of ["欧阳晓明", "510104199002280037", "18611112222"]) expect(page.body).not.toContain(secret);

    expect((await anon.get(`/portal/statistics/${d.id}`)).statusCode).toBe(404);
    expect((await anon.get("/portal/statistics/not-an-id")).statusCode).toBe(404);
    expect((await anon.get("/portal/statistics?year=20x5")).statusCode).toBe(400);
    const x = await anon.get(`/portal/statistics/${r.id}/report.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.getWorksheet("概况")!.getCell("B5").value).toBe("已发布");

    const api = await anon.get(`/api/public/statistics?agencyId=${u.agency.id}`);
    expect(api.json().items).toEqual([expect.objectContaining({ id: r.id, year: lastYear })]);
    expect((await anon.get(`/api/public/statistics/${d.id}`)).statusCode).toBe(404);
    const pub = await anon.get(`/api/public/statistics/${r.id}`);
    expect(pub.json()).toMatchObject({ id: r.id, note: "第一段说明。\n第二段说明。" });
    for (const secret of ["欧阳晓明", "510104199002280037", "18611112222"]) expect(pub.body).not.toContain(secret);
  });

  it("anyone checks a published report against the ledger: its content re-hashed, the entry's commitment, an inclusion proof under a signed checkpoint; a row changed behind the platform's back shows as not matching", async () => {
    const u = await buildUnit();
    const r = await ok(u.c.reviewer.post("/api/statistics/reports", { year: lastYear }));
    await ok(u.c.head.post(`/api/statistics/reports/${r.id}/publish`, {}));
    const [row] = await db.select().from(statisticsReports).where(eq(statisticsReports.id, r.id));
    await app.ledger.waitIntegrated([row!.ledgerEntryId!]);
    const anon = anonymous(app);
    const pub = (await anon.get(`/api/public/statistics/${r.id}`)).json() as { sha256: string; payload: unknown; ledger: { body: string; salt: string; commitment: string; leafIndex: number } };
    // the payload re-hashed (RFC 8785) is the hash in the ledger entry, whose commitment is SHA-256(salt ‖ body)
    const sha = (b: Uint8Array | string) => new Uint8Array(crypto.createHash("sha256").update(b).digest());
    expect(toHex(sha(canonicalize(pub.payload)))).toBe(pub.sha256);
    expect((JSON.parse(pub.ledger.body) as { data: { sha256: string } }).data.sha256).toBe(pub.sha256);
    expect(toHex(entryCommitment(sha, fromHex(pub.ledger.salt)!, pub.ledger.body))).toBe(pub.ledger.commitment);
    // the leaf is in the log under a signed checkpoint
    const proof = (await anon.get(`/api/ledger/proof/inclusion?index=${pub.ledger.leafIndex}`)).json() as { size: number; leafHash: string; proof: string[]; checkpoint: string };
    expect(proof.leafHash).toBe(toBase64(leafHash(sha, fromHex(pub.ledger.commitment)!)));
    const cp = parseCheckpoint(proof.checkpoint.split("\n\n")[0]! + "\n");
    expect(() => verifyInclusion(sha, pub.ledger.leafIndex, proof.size, fromBase64(proof.leafHash)!, proof.proof.map((h) => fromBase64(h)!), cp.root)).not.toThrow();
    // the page says so, with the same hash and the links to check it
    const page = await anon.get(`/portal/statistics/${r.id}`);
    expect(/id="payload-sha256">([0-9a-f]{64})</.exec(page.body)?.[1]).toBe(pub.sha256);
    expect(page.body).toContain("与账本记录一致");
    for (const link of [`/api/public/statistics/${r.id}`, `/api/ledger/leaf/${pub.ledger.commitment}`, `/api/ledger/proof/inclusion?index=${pub.ledger.leafIndex}`]) expect(page.body).toContain(`href="${link}"`);
    // the published row altered in the database: the page no longer matches the ledger
    await mutate(db, systemContext("test", "test.tamper"), (tx) => tx.update(statisticsReports).set({ note: "篡改后的说明" }).where(eq(statisticsReports.id, r.id)));
    const altered = await anon.get(`/portal/statistics/${r.id}`);
    expect(altered.body).toContain("与账本记录不一致");
    expect(/id="payload-sha256">([0-9a-f]{64})</.exec(altered.body)?.[1]).not.toBe(pub.sha256);
  });
});
