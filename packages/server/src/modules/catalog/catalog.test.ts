import { describe, expect, it } from "vitest";
import { GENERAL_PROCEDURE_PENALTY_RULE_ID } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client } from "../../../test/factories.ts";

const { app, database } = await setupTestApp();
const db = database.db;

type Detail = { field: string; message: string };
type Match = { ruleId: string; name: string; because: string[]; agencyId: string | null; agencyName: string | null };

const fieldsOf = (body: { error: { details: Detail[] } }) => Object.fromEntries(body.error.details.map((d) => [d.field, d.message]));

async function addRule(client: Client, agencyId: string, rule: Record<string, unknown>) {
  const res = await client.post("/api/lists/major-catalog", { agencyId, ...rule });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

async function evaluate(client: Client, agencyId: string, draft: Record<string, unknown>) {
  const res = await client.post("/api/major/evaluate", { agencyId, draft });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { major: boolean; matched: Match[] };
}

const putScope = (client: Client, on: boolean) => client.request({ method: "PUT", url: "/api/settings/major-scope", payload: { allGeneralProcedurePenalties: on } });

describe("重大执法决定法制审核目录 (R-LIST-06)", () => {
  it("refuses a rule that constrains nothing: it would make every decision major (R-LIST-06)", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const empty = await admin.post("/api/lists/major-catalog", { agencyId: agency.id, name: "所有决定" });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty.json()).actionTypes).toContain("未设置任何限定条件");
    const everyType = await admin.post("/api/lists/major-catalog", {
      agencyId: agency.id,
      name: "全部类别",
      actionTypes: ["permit", "penalty", "coercion", "inspection", "levy", "requisition", "fee", "reward", "confirmation"],
    });
    expect(everyType.statusCode).toBe(400);
    const ok = await admin.post("/api/lists/major-catalog", { agencyId: agency.id, name: "吊销许可证件", actionTypes: ["penalty"], penaltyKinds: ["吊销许可证件"] });
    expect(ok.statusCode).toBe(201);
    // an edit that removes the last condition is refused the same way
    const emptied = await admin.patch(`/api/lists/major-catalog/${ok.json().id}`, { version: 1, actionTypes: [], penaltyKinds: [] });
    expect(emptied.statusCode).toBe(400);
    expect(fieldsOf(emptied.json()).actionTypes).toContain("未设置任何限定条件");
  });

  it("refuses a negative amount threshold and unknown flags with field messages (R-LIST-06)", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const res = await admin.post("/api/lists/major-catalog", { agencyId: agency.id, name: "较大数额罚款", actionTypes: ["penalty"], minAmount: -1, flags: ["alien"] });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(fieldsOf(res.json())).sort()).toEqual(["flags.0", "minAmount"]);
  });

  it("applies an ancestor agency's rules to the agencies below it, not beside or above (R-REV-01)", async () => {
    const city = await buildAgency(db, { level: "city", name: "测试市司法局" });
    const county = await buildAgency(db, { parent: city, level: "county" });
    const town = await buildAgency(db, { parent: county, level: "township" });
    const elsewhere = await buildAgency(db, { level: "city" });
    const admin = await loginAs(app, await buildUser(db, city, ["admin"]));
    await addRule(admin, city.id, { name: "县级较大数额罚款", actionTypes: ["penalty"], agencyLevels: ["county"], minAmount: 10000 });
    await addRule(admin, county.id, { name: "县局：责令停产停业", actionTypes: ["penalty"], penaltyKinds: ["责令停产停业"] });

    const countyOfficer = await loginAs(app, await buildUser(db, county, ["officer"]));
    const big = await evaluate(countyOfficer, county.id, { actionType: "penalty", amount: 10000 });
    expect(big.major).toBe(true);
    expect(big.matched).toHaveLength(1);
    expect(big.matched[0]).toMatchObject({ name: "县级较大数额罚款", agencyId: city.id, agencyName: "测试市司法局" });
    expect(big.matched[0]!.because.join("；")).toContain("10000 元 ≥ 10000 元");
    expect((await evaluate(countyOfficer, county.id, { actionType: "penalty", amount: 9999.99 })).major).toBe(false);
    // both the city's and the county's own rules, root first
    const both = await evaluate(countyOfficer, county.id, { actionType: "penalty", amount: 20000, measures: ["责令停产停业"] });
    expect(both.matched.map((m) => m.name)).toEqual(["县级较大数额罚款", "县局：责令停产停业"]);

    // the level is the deciding agency's own: the township is not county level
    const townOfficer = await loginAs(app, await buildUser(db, town, ["officer"]));
    const atTown = await evaluate(townOfficer, town.id, { actionType: "penalty", agencyLevel: "county", amount: 50000, measures: ["责令停产停业"] });
    expect(atTown.matched.map((m) => m.name)).toEqual(["县局：责令停产停业"]);
    // a child's rule does not reach its parent, a rule elsewhere reaches nobody here
    const cityOfficer = await loginAs(app, await buildUser(db, city, ["officer"]));
    expect((await evaluate(cityOfficer, city.id, { actionType: "penalty", measures: ["责令停产停业"] })).major).toBe(false);
    const adminElsewhere = await loginAs(app, await buildUser(db, elsewhere, ["admin"]));
    await addRule(adminElsewhere, elsewhere.id, { name: "别处：涉及重大公共利益", flags: ["major_public_interest"] });
    expect((await evaluate(countyOfficer, county.id, { actionType: "permit", flags: ["major_public_interest"] })).major).toBe(false);
  });

  it("ignores inactive rules (R-LIST-06)", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const rule = await addRule(admin, agency.id, { name: "经过听证的处罚", actionTypes: ["penalty"], hearingHeld: true });
    const draft = { actionType: "penalty", hearingHeld: true, procedure: "simple" };
    expect((await evaluate(admin, agency.id, draft)).major).toBe(true);
    const off = await admin.patch(`/api/lists/major-catalog/${rule.id}`, { version: rule.version, active: false });
    expect(off.statusCode).toBe(200);
    expect(await evaluate(admin, agency.id, draft)).toEqual({ major: false, matched: [] });
  });

  it("lets only a root administrator widen review to every general-procedure penalty (R-REV-01)", async () => {
    const root = await buildAgency(db);
    const child = await buildAgency(db, { parent: root });
    const rootAdmin = await loginAs(app, await buildUser(db, root, ["admin"]));
    const childAdmin = await loginAs(app, await buildUser(db, child, ["admin"]));
    const officer = await loginAs(app, await buildUser(db, child, ["officer"]));

    expect((await officer.get("/api/settings/major-scope")).json()).toEqual({ allGeneralProcedurePenalties: false, can: { read: true, update: false } });
    const refused = await putScope(childAdmin, true);
    expect(refused.statusCode).toBe(403);
    expect((await putScope(officer, true)).statusCode).toBe(403);
    const penalty = { actionType: "penalty", amount: 200 };
    expect((await evaluate(officer, child.id, penalty)).major).toBe(false);

    const on = await putScope(rootAdmin, true);
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toEqual({ allGeneralProcedurePenalties: true, can: { read: true, update: true } });
    const widened = await evaluate(officer, child.id, penalty);
    expect(widened.major).toBe(true);
    expect(widened.matched).toEqual([expect.objectContaining({ ruleId: GENERAL_PROCEDURE_PENALTY_RULE_ID, agencyId: null })]);
    expect((await evaluate(officer, child.id, { ...penalty, procedure: "simple" })).major).toBe(false);
    expect((await evaluate(officer, child.id, { actionType: "permit" })).major).toBe(false);

    expect((await putScope(rootAdmin, false)).statusCode).toBe(200);
    expect((await evaluate(officer, child.id, penalty)).major).toBe(false);
    expect((await rootAdmin.get("/api/auth/me")).json().abilities.settings).toEqual({ read: true, update: true });
  });

  it("evaluates only for agencies whose lists the actor may read, and refuses bad drafts (R-GEN-03)", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const officerB = await loginAs(app, await buildUser(db, b, ["officer"]));
    const res = await officerB.post("/api/major/evaluate", { agencyId: a.id, draft: { actionType: "penalty" } });
    expect(res.statusCode).toBe(403);
    const bad = await officerB.post("/api/major/evaluate", { agencyId: b.id, draft: { actionType: "alien", amount: -5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.id).toBe("validation_failed");
    const missing = await officerB.post("/api/major/evaluate", { agencyId: "00000000-0000-4000-8000-000000000000", draft: { actionType: "penalty" } });
    expect(missing.statusCode).toBe(404);
  });
});

describe("音像记录事项清单 and 行政执法服务指南 (R-LIST-05, R-LIST-07)", () => {
  it("requires a reason for a full-process audio/video item (R-REC-05)", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const item = { agencyId: agency.id, activity: "查封扣押", actionTypes: ["coercion"], requirement: "full_process" };
    const res = await admin.post("/api/lists/av-records", item);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res.json())).toHaveProperty("mandatoryReason");
    const ok = await admin.post("/api/lists/av-records", { ...item, mandatoryReason: "查封扣押财物" });
    expect(ok.statusCode).toBe(201);
    const listed = (await admin.get(`/api/lists/av-records?agencyId=${agency.id}&requirement=full_process`)).json();
    expect(listed.items.map((r: { activity: string }) => r.activity)).toEqual(["查封扣押"]);
  });

  it("keeps a service guide with every element the public needs (R-LIST-07)", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const guide = {
      agencyId: agency.id,
      matterName: "食品经营许可",
      itemCode: "XK-001",
      basis: "《中华人民共和国食品安全法》第三十五条",
      acceptingBody: "政务服务中心市场监管窗口",
      decidingBody: "测试市场监督管理局",
      conditions: "有与经营的食品品种、数量相适应的经营场所",
      materials: "食品经营许可申请书；营业执照复印件",
      process: "申请—受理—审查—决定—送达",
      timeLimit: "法定 20 个工作日，承诺 10 个工作日",
      fees: "不收费",
      supervision: "0999-12345",
      remedy: "对决定不服的，可在 60 日内申请行政复议或 6 个月内提起行政诉讼",
      officeHours: "工作日 9:00-12:00，13:30-17:30",
      address: "测试区人民路 1 号",
      phone: "0999-81234567",
    };
    expect((await admin.post("/api/lists/service-guides", guide)).statusCode).toBe(201);
    const missing = await admin.post("/api/lists/service-guides", { ...guide, matterName: "另一事项", remedy: "", itemCode: "不是编码" });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(fieldsOf(missing.json())).sort()).toEqual(["itemCode", "remedy"]);
  });
});
