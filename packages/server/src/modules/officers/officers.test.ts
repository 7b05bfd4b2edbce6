import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client, type TestAgency } from "../../../test/factories.ts";

const { app, database } = await setupTestApp();
const db = database.db;

/** The act is dated 2026-06-01: last year's (2025) records count. */
const DAY = "2026-06-01";

const certNo = () => `99${crypto.randomInt(10 ** 9, 10 ** 10)}`;

const officer = (extra: Record<string, unknown> = {}) => ({
  name: "张建国",
  gender: "male",
  unitName: "执法一科",
  post: "科员",
  certNumber: certNo(),
  categories: ["penalty", "inspection"],
  regionCodes: ["990100"],
  validFrom: "2024-01-01",
  validTo: "2029-12-31",
  certStatus: "valid",
  issuer: "示范市人民政府",
  ...extra,
});

async function addOfficer(client: Client, agency: TestAgency, extra: Record<string, unknown> = {}, hours: number | null = 48) {
  const res = await client.post("/api/lists/officers", { agencyId: agency.id, ...officer(extra) });
  expect(res.statusCode, res.body).toBe(201);
  const row = res.json();
  if (hours !== null) {
    const rec = await client.post("/api/lists/officer-annual-records", { agencyId: agency.id, certNumber: row.certNumber, year: 2025, trainingHours: hours, annualCheck: "passed" });
    expect(rec.statusCode, rec.body).toBe(201);
  }
  return row as { id: string; certNumber: string; version: number };
}

async function setup() {
  const agency = await buildAgency(db);
  const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
  return { agency, admin };
}

const messages = (res: { json(): { error: { details: { field: string; message: string }[] } } }) =>
  Object.fromEntries(res.json().error.details.map((d) => [d.field, d.message]));

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("执法人员");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function importFile(client: Client, agencyId: string, buffer: Buffer) {
  const boundary = `----zhifa${crypto.randomBytes(6).toString("hex")}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="officers.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    buffer,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({ method: "POST", url: `/api/lists/officers/import?agencyId=${agencyId}`, payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
}

describe("执法人员清单 (R-LIST-02)", () => {
  it("keeps officers with their certificate, searchable and filterable (R-LIST-02)", async () => {
    const { agency, admin } = await setup();
    const a = await addOfficer(admin, agency, { name: "李秀英", categories: ["permit"] }, null);
    await addOfficer(admin, agency, { name: "王伟", certStatus: "suspended" }, null);
    const list = (await admin.get(`/api/lists/officers?agencyId=${agency.id}`)).json();
    expect(list.total).toBe(2);
    expect((await admin.get(`/api/lists/officers?agencyId=${agency.id}&q=秀英`)).json().items.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect((await admin.get(`/api/lists/officers?agencyId=${agency.id}&q=${a.certNumber}`)).json().total).toBe(1);
    expect((await admin.get(`/api/lists/officers?agencyId=${agency.id}&categories=permit`)).json().total).toBe(1);
    expect((await admin.get(`/api/lists/officers?agencyId=${agency.id}&certStatus=suspended`)).json().items[0].name).toBe("王伟");
    const meta = (await admin.get("/api/lists")).json().items.find((l: { kind: string }) => l.kind === "officers");
    expect(meta.naturalKey).toEqual(["certNumber"]);
    expect(meta.fields.filter((f: { column: boolean }) => f.column).map((f: { key: string }) => f.key)).toEqual(["name", "unitName", "certNumber", "categories", "validTo", "certStatus"]);
  });

  it("refuses a certificate number already used by an officer of another agency (R-LIST-02)", async () => {
    const one = await setup();
    const two = await setup();
    const first = await addOfficer(one.admin, one.agency, {}, null);
    const dup = await two.admin.post("/api/lists/officers", { agencyId: two.agency.id, ...officer({ certNumber: first.certNumber }) });
    expect(dup.statusCode).toBe(400);
    expect(messages(dup).certNumber).toContain("执法证号已被其他执法人员使用");
    const second = await addOfficer(two.admin, two.agency, {}, null);
    const renumber = await two.admin.patch(`/api/lists/officers/${second.id}`, { version: second.version, certNumber: first.certNumber });
    expect(messages(renumber).certNumber).toContain("执法证号已被其他执法人员使用");
    // editing an officer without touching the number is not a clash with itself
    expect((await one.admin.patch(`/api/lists/officers/${first.id}`, { version: first.version, post: "副科长" })).statusCode).toBe(200);
  });

  it("refuses a certificate valid to a day before it is valid from (R-LIST-02)", async () => {
    const { agency, admin } = await setup();
    const res = await admin.post("/api/lists/officers", { agencyId: agency.id, ...officer({ validFrom: "2025-05-01", validTo: "2025-04-30" }) });
    expect(res.statusCode).toBe(400);
    expect(messages(res)).toEqual({ validTo: "证件有效期至不得早于有效期自" });
  });

  it("refuses a region that is not a 6-digit division code (R-LIST-02)", async () => {
    const { agency, admin } = await setup();
    const res = await admin.post("/api/lists/officers", { agencyId: agency.id, ...officer({ regionCodes: ["990100", "99010"] }) });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(messages(res))).toEqual(["regionCodes.1"]);
  });

  it("links a login only to a user of the same agency, and one login to one officer", async () => {
    const { agency, admin } = await setup();
    const other = await buildAgency(db);
    const outsider = await buildUser(db, other, ["officer"]);
    const res = await admin.post("/api/lists/officers", { agencyId: agency.id, ...officer({ username: outsider.username }) });
    expect(messages(res).username).toBe(`登录账号“${outsider.username}”不是本执法主体的用户`);
    expect(messages(await admin.post("/api/lists/officers", { agencyId: agency.id, ...officer({ username: "nobody-here" }) })).username).toContain("不是本执法主体的用户");
    const insider = await buildUser(db, agency, ["officer"]);
    expect((await admin.post("/api/lists/officers", { agencyId: agency.id, ...officer({ username: insider.username }) })).statusCode).toBe(201);
    const again = await admin.post("/api/lists/officers", { agencyId: agency.id, ...officer({ username: insider.username }) });
    expect(messages(again).username).toContain("已关联执法人员");
  });

  it("refuses a training record for a certificate number not on the agency's officer list (R-LIST-11)", async () => {
    const { agency, admin } = await setup();
    const other = await setup();
    const foreign = await addOfficer(other.admin, other.agency, {}, null);
    for (const certNumber of ["990000000001", foreign.certNumber]) {
      const res = await admin.post("/api/lists/officer-annual-records", { agencyId: agency.id, certNumber, year: 2025, trainingHours: 40, annualCheck: "passed" });
      expect(res.statusCode).toBe(400);
      expect(messages(res).certNumber).toContain("不是本执法主体执法人员的证号");
    }
    const mine = await addOfficer(admin, agency);
    const twice = await admin.post("/api/lists/officer-annual-records", { agencyId: agency.id, certNumber: mine.certNumber, year: 2025, trainingHours: 10, annualCheck: "pending" });
    expect(messages(twice).year).toContain("年度记录已存在");
    const bad = await admin.post("/api/lists/officer-annual-records", { agencyId: agency.id, certNumber: mine.certNumber, year: 1999, trainingHours: -1, annualCheck: "passed" });
    expect(Object.keys(messages(bad)).sort()).toEqual(["trainingHours", "year"]);
  });

  it("imports officers from Excel with categories written as Chinese labels separated by 、 (R-DX-03)", async () => {
    const { agency, admin } = await setup();
    const [c1, c2] = [certNo(), certNo()];
    const header = ["姓名", "性别", "所在科室/单位", "执法证号", "执法类别", "执法区域", "证件有效期自", "证件有效期至", "证件状态", "在岗"];
    const res = await importFile(
      admin,
      agency.id,
      await xlsx([header, ["赵敏", "女", "执法二科", c1, "行政处罚、行政检查", "990100、990102", "2024-03-01", "2029-02-28", "有效", "是"], ["钱进", "男", "法制科", c2, "行政许可", "990102", "2023/1/1", "2027/12/31", "暂扣", "否"]]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    const rows = (await admin.get(`/api/lists/officers?agencyId=${agency.id}`)).json().items;
    const zhao = rows.find((r: { certNumber: string }) => r.certNumber === c1);
    expect(zhao).toMatchObject({ name: "赵敏", gender: "female", categories: ["penalty", "inspection"], regionCodes: ["990100", "990102"], validTo: "2029-02-28", active: true });
    expect(rows.find((r: { certNumber: string }) => r.certNumber === c2)).toMatchObject({ certStatus: "suspended", validFrom: "2023-01-01", active: false });
    const bad = await importFile(admin, agency.id, await xlsx([header, ["孙丽", "女", "", certNo(), "行政处罚、罚款", "990100、9901", "2024-01-01", "2026-01-01", "有效", "是"]]));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.problems).toEqual([
      { row: 2, column: "执法类别", message: expect.stringContaining("“罚款”不是有效取值") },
      { row: 2, column: "执法区域", message: "执法区域应为 6 位行政区划代码" },
    ]);
  });
});

describe("执法资格 mayAct (R-LIST-11)", () => {
  async function mayAct(client: Client, id: string, actionType = "penalty", regionCode = "990102", date = DAY) {
    const res = await client.get(`/api/officers/${id}/may-act?actionType=${actionType}&regionCode=${regionCode}&date=${date}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it("answers each outcome with its stable code (R-LIST-11)", async () => {
    const { agency, admin } = await setup();
    const reader = await loginAs(app, await buildUser(db, agency, ["officer"]));
    const valid = await addOfficer(admin, agency);
    const ok = await mayAct(reader, valid.id);
    expect(ok).toMatchObject({ ok: true, certificate: { number: valid.certNumber, status: "valid" } });
    const expired = await addOfficer(admin, agency, { validTo: "2026-05-31" });
    expect(await mayAct(reader, expired.id)).toMatchObject({ ok: false, code: "certificate_expired" });
    expect((await mayAct(reader, valid.id, "permit")).code).toBe("category_not_covered");
    expect((await mayAct(reader, valid.id, "penalty", "980102")).code).toBe("region_not_covered");
    const suspended = await addOfficer(admin, agency, { certStatus: "suspended" });
    const s = await mayAct(reader, suspended.id);
    expect(s).toMatchObject({ ok: false, code: "certificate_suspended" });
    expect(s.reason).toContain("已被暂扣");
    const untrained = await addOfficer(admin, agency, {}, 32);
    expect(await mayAct(reader, untrained.id)).toMatchObject({ ok: false, code: "training_insufficient" });
    // no record at all for last year reads as 0 hours; an officer certified this year owes none
    expect((await mayAct(reader, (await addOfficer(admin, agency, {}, null)).id)).code).toBe("training_insufficient");
    expect((await mayAct(reader, (await addOfficer(admin, agency, { validFrom: "2026-01-10" }, null)).id)).ok).toBe(true);
    const retired = await addOfficer(admin, agency, { active: false });
    expect((await mayAct(reader, retired.id)).code).toBe("officer_inactive");
  });

  it("validates the question itself: bad action type, region or date is a 400, not a 500", async () => {
    const { agency, admin } = await setup();
    const o = await addOfficer(admin, agency);
    for (const q of ["actionType=fine&regionCode=990100", "actionType=penalty&regionCode=99", "actionType=penalty&regionCode=990100&date=2026-02-30", "regionCode=990100"]) {
      const res = await admin.get(`/api/officers/${o.id}/may-act?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.id).toBe("validation_failed");
    }
    expect((await admin.get(`/api/officers/${crypto.randomUUID()}/may-act?actionType=penalty&regionCode=990100`)).statusCode).toBe(404);
  });

  it("hides another agency's officer (R-GEN-03)", async () => {
    const mine = await setup();
    const theirs = await setup();
    const foreign = await addOfficer(theirs.admin, theirs.agency);
    const own = await addOfficer(mine.admin, mine.agency);
    const officerUser = await loginAs(app, await buildUser(db, mine.agency, ["officer"]));
    const res = await officerUser.get(`/api/officers/${foreign.id}/may-act?actionType=penalty&regionCode=990100&date=${DAY}`);
    expect(res.statusCode).toBe(404);
    const team = await officerUser.post("/api/officers/check-team", { officerIds: [own.id, foreign.id], actionType: "penalty", regionCode: "990100", date: DAY });
    expect(team.statusCode).toBe(404);
    expect((await officerUser.get(`/api/officers/qualification-report?agencyId=${theirs.agency.id}`)).statusCode).toBe(403);
  });
});

describe("调查取证至少两名执法人员 (R-CASE-03)", () => {
  it("needs two qualified officers, each qualified for the category and region (R-CASE-03)", async () => {
    const { agency, admin } = await setup();
    const [a, b] = [await addOfficer(admin, agency), await addOfficer(admin, agency)];
    const expired = await addOfficer(admin, agency, { validTo: "2025-12-31" });
    const check = async (officerIds: string[], actionType = "inspection") => {
      const res = await admin.post("/api/officers/check-team", { officerIds, actionType, regionCode: "990103", date: DAY });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const alone = await check([a.id]);
    expect(alone).toMatchObject({ ok: false, code: "team_too_small", qualified: [a.id] });
    expect((await check([a.id, a.id])).code).toBe("team_too_small");
    expect(await check([a.id, b.id])).toMatchObject({ ok: true, qualified: [a.id, b.id], problems: [] });
    const withExpired = await check([a.id, b.id, expired.id]);
    expect(withExpired).toMatchObject({ ok: false, code: "member_not_qualified", problems: [{ officerId: expired.id, code: "certificate_expired" }] });
    expect((await check([a.id, b.id], "levy")).problems.map((p: { code: string }) => p.code)).toEqual(["category_not_covered", "category_not_covered"]);
  });
});

describe("执法资格预警 (R-LIST-11)", () => {
  it("reports expiring and expired certificates and missing training for the agency's active officers", async () => {
    const { agency, admin } = await setup();
    const fine = await addOfficer(admin, agency);
    const expiring = await addOfficer(admin, agency, { validTo: "2026-08-01" });
    const expired = await addOfficer(admin, agency, { validTo: "2026-03-01" });
    const untrained = await addOfficer(admin, agency, {}, 12);
    await addOfficer(admin, agency, { active: false, validTo: "2025-01-01" });
    const res = await admin.get(`/api/officers/qualification-report?agencyId=${agency.id}&date=${DAY}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ agencyId: agency.id, asOf: DAY, year: 2025, officers: 4, policy: { minTrainingHours: 40, requireAnnualCheck: false } });
    const codes = Object.fromEntries(body.items.map((i: { officerId: string; issues: { code: string }[] }) => [i.officerId, i.issues.map((x) => x.code)]));
    expect(codes[fine.id]).toBeUndefined();
    expect(codes[expiring.id]).toEqual(["certificate_expiring"]);
    expect(codes[expired.id]).toEqual(["certificate_expired"]);
    expect(codes[untrained.id]).toEqual(["training_insufficient"]);
    expect(body.items).toHaveLength(3);
    expect(body.items[0].can.update).toBe(true);
    // the caller's own agency is the default
    expect((await admin.get(`/api/officers/qualification-report?date=${DAY}`)).json().items).toHaveLength(3);
  });
});
