import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, powerItemContent, type Client, type TestAgency } from "../../../test/factories.ts";

const { app, database } = await setupTestApp();
const db = database.db;

const content = powerItemContent;
const doc = { reason: "法律修订", documentNo: "示政发〔2024〕1号" };

async function setup() {
  const agency = await buildAgency(db);
  const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
  return { agency, admin };
}
const change = (c: Client, body: Record<string, unknown>) => c.post("/api/powers/changes", { ...doc, ...body });
const add = (c: Client, agency: TestAgency, code: string, effectiveDate: string, extra: Record<string, unknown> = {}) =>
  change(c, { kind: "add", agencyId: agency.id, effectiveDate, item: content(code, extra) });
async function asOf(c: Client, agency: TestAgency, date: string): Promise<{ itemCode: string; name: string; changeKind: string }[]> {
  const res = await c.get(`/api/powers?agencyId=${agency.id}&asOf=${date}&pageSize=200`);
  expect(res.statusCode).toBe(200);
  return res.json().items;
}
const codes = async (c: Client, agency: TestAgency, date: string) => (await asOf(c, agency, date)).map((i) => i.itemCode).sort();

describe("power list: dated changes and the list as of a date (R-LIST-03)", () => {
  it("adds an item from its effective date on", async () => {
    const { agency, admin } = await setup();
    const res = await add(admin, agency, "SJ-001", "2024-03-01");
    expect(res.statusCode).toBe(201);
    expect(res.json().change).toMatchObject({ kind: "add", kindLabel: "新增", documentNo: "示政发〔2024〕1号", itemCodes: ["SJ-001"] });
    expect(res.json().opened[0]).toMatchObject({ itemCode: "SJ-001", actionTypeLabel: "行政处罚", effectiveFrom: "2024-03-01", effectiveTo: null });
    expect(await codes(admin, agency, "2024-02-29")).toEqual([]);
    expect(await codes(admin, agency, "2024-03-01")).toEqual(["SJ-001"]);
    expect(await codes(admin, agency, "2030-01-01")).toEqual(["SJ-001"]);
  });

  it("refuses to add a code in use, an action type the agency may not exercise, and bad fields", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "SJ-001", "2024-03-01");
    const dup = await add(admin, agency, "SJ-001", "2024-05-01");
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain("事项编码“SJ-001”");
    const levy = await add(admin, agency, "SJ-002", "2024-05-01", { actionType: "levy" });
    expect(levy.statusCode).toBe(400);
    expect(levy.json().error.details).toEqual([{ field: "item.actionType", message: expect.stringContaining("行政征收") }]);
    const bad = await add(admin, agency, "坏 编码", "2024-05-01", { actionType: "magic", name: "" });
    expect(bad.statusCode).toBe(400);
    const fields = Object.fromEntries(bad.json().error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(fields["item.itemCode"]).toBe("只能包含字母、数字、点、下划线和连字符");
    expect(fields["item.actionType"]).toContain("应为以下之一：行政许可");
    expect(Object.keys(fields)).toContain("item.name");
    const unknownKind = await change(admin, { kind: "rename", agencyId: agency.id, effectiveDate: "2024-05-01" });
    expect(unknownKind.json().error.details[0].field).toBe("kind");
    const noReason = await change(admin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2024-05-01", itemCodes: ["SJ-001"], reason: "" });
    expect(noReason.json().error.details).toEqual([{ field: "reason", message: "不能为空" }]);
    const badDate = await change(admin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2024-02-30", itemCodes: ["SJ-001"] });
    expect(badDate.json().error.details).toEqual([{ field: "effectiveDate", message: "日期格式应为 YYYY-MM-DD" }]);
  });

  it("adjusts: the old content before the date, the new one from it", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "SJ-010", "2024-01-01");
    const res = await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: "2025-06-01", itemCode: "SJ-010", changes: { basisArticle: "第一百二十四条第一款", timeLimitDays: 60 } });
    expect(res.statusCode).toBe(201);
    expect(res.json().closed[0]).toMatchObject({ effectiveTo: "2025-06-01", basisArticle: "第一百二十四条" });
    expect(res.json().opened[0]).toMatchObject({ effectiveFrom: "2025-06-01", basisArticle: "第一百二十四条第一款", timeLimitDays: 60, changeKind: "adjust" });
    expect((await asOf(admin, agency, "2025-05-31"))[0]).toMatchObject({ basisArticle: "第一百二十四条" });
    expect((await asOf(admin, agency, "2025-06-01"))[0]).toMatchObject({ basisArticle: "第一百二十四条第一款" });
    // null clears a field: no time limit, not a limit of 0 days
    const cleared = await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: "2025-09-01", itemCode: "SJ-010", changes: { timeLimitDays: null, procedure: null } });
    expect(cleared.statusCode).toBe(201);
    expect(cleared.json().opened[0]).toMatchObject({ timeLimitDays: null, procedure: null });
  });

  it("refuses an adjustment dated on or before the current version's start, an identical one, and an unknown item", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "SJ-011", "2024-06-01");
    for (const date of ["2024-05-01", "2024-06-01"]) {
      const res = await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: date, itemCode: "SJ-011", changes: { name: "新名称" } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe(`生效日期 ${date} 须晚于事项“SJ-011”现行版本的生效日期 2024-06-01`);
    }
    const same = await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: "2025-01-01", itemCode: "SJ-011", changes: { basisArticle: "第一百二十四条" } });
    expect(same.json().error.message).toContain("与事项“SJ-011”现行版本相同");
    const unknown = await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: "2025-01-01", itemCode: "NOPE", changes: { name: "x" } });
    expect(unknown.json().error.message).toContain("没有事项“NOPE”");
    expect(await codes(admin, agency, "2026-01-01")).toEqual(["SJ-011"]);
  });

  it("cancels several items under one document; refuses to cancel again or before a later change", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "A", "2024-01-01");
    await add(admin, agency, "B", "2024-01-01");
    await add(admin, agency, "C", "2024-01-01");
    const res = await change(admin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2025-03-01", itemCodes: ["A", "B"] });
    expect(res.statusCode).toBe(201);
    expect(res.json().closed.map((v: { itemCode: string }) => v.itemCode).sort()).toEqual(["A", "B"]);
    expect(await codes(admin, agency, "2025-02-28")).toEqual(["A", "B", "C"]);
    expect(await codes(admin, agency, "2025-03-01")).toEqual(["C"]);
    const again = await change(admin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2025-04-01", itemCodes: ["A"] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("事项“A”已于 2025-03-01 取消，不能再取消");
    const earlier = await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: "2024-06-01", itemCode: "B", changes: { name: "x" } });
    expect(earlier.json().error.message).toBe("事项“B”已登记 2025-03-01 生效的取消，不能再登记更早生效的调整");
    // all or nothing: C is valid, A is not → nothing cancelled
    const mixed = await change(admin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2025-05-01", itemCodes: ["C", "A"] });
    expect(mixed.statusCode).toBe(409);
    expect(await codes(admin, agency, "2026-01-01")).toEqual(["C"]);
    // a cancelled code may be added again later
    expect((await add(admin, agency, "A", "2025-03-01")).statusCode).toBe(201);
  });

  it("delegates to a lower agency (下放): the city loses the item on the date, the county gains it", async () => {
    const city = await buildAgency(db);
    const county = await buildAgency(db, { parent: city });
    const admin = await loginAs(app, await buildUser(db, city, ["admin"]));
    await add(admin, city, "D-1", "2024-01-01");
    const res = await change(admin, { kind: "delegate", agencyId: city.id, effectiveDate: "2025-01-01", itemCodes: ["D-1"], toAgencyIds: [county.id] });
    expect(res.statusCode).toBe(201);
    expect(res.json().change.targetAgencies).toEqual([{ id: county.id, name: county.name }]);
    expect(await codes(admin, city, "2024-12-31")).toEqual(["D-1"]);
    expect(await codes(admin, county, "2024-12-31")).toEqual([]);
    expect(await codes(admin, city, "2025-01-01")).toEqual([]);
    const inCounty = await asOf(admin, county, "2025-01-01");
    expect(inCounty).toMatchObject([{ itemCode: "D-1", changeKind: "delegate", name: content("x").name }]);
  });

  it("refuses to delegate to an agency outside the subtree, or by an actor who cannot maintain the lower agency", async () => {
    const city = await buildAgency(db);
    const county = await buildAgency(db, { parent: city });
    const sibling = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, city, ["admin"]));
    const head = await loginAs(app, await buildUser(db, city, ["agency_head"]));
    await add(admin, city, "D-2", "2024-01-01");
    for (const target of [sibling, city]) {
      const res = await change(admin, { kind: "delegate", agencyId: city.id, effectiveDate: "2025-01-01", itemCodes: ["D-2"], toAgencyIds: [target.id] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0]).toEqual({ field: "toAgencyIds", message: `${target.name}不是${city.name}的下级执法主体，不能下放` });
    }
    // the agency head maintains the own list only, not the county's
    expect((await change(head, { kind: "delegate", agencyId: city.id, effectiveDate: "2025-01-01", itemCodes: ["D-2"], toAgencyIds: [county.id] })).statusCode).toBe(403);
    expect(await codes(admin, city, "2026-01-01")).toEqual(["D-2"]);
  });

  it("merges several items into a new one (合并)", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "M-1", "2024-01-01");
    await add(admin, agency, "M-2", "2024-01-01", { name: "对经营超过保质期食品的行政处罚" });
    const res = await change(admin, { kind: "merge", agencyId: agency.id, effectiveDate: "2025-07-01", itemCodes: ["M-1", "M-2"], item: content("M-9", { name: "对生产经营不符合安全标准或者超过保质期食品的行政处罚" }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().change).toMatchObject({ kind: "merge", itemCodes: ["M-1", "M-2"], resultItemCode: "M-9" });
    expect(await codes(admin, agency, "2025-06-30")).toEqual(["M-1", "M-2"]);
    expect(await codes(admin, agency, "2025-07-01")).toEqual(["M-9"]);
    const one = await change(admin, { kind: "merge", agencyId: agency.id, effectiveDate: "2025-08-01", itemCodes: ["M-9"], item: content("M-10") });
    expect(one.json().error.details[0]).toMatchObject({ field: "itemCodes", message: "至少需要 2 项" });
    const gone = await change(admin, { kind: "merge", agencyId: agency.id, effectiveDate: "2025-08-01", itemCodes: ["M-1", "M-9"], item: content("M-11") });
    expect(gone.json().error.message).toBe("事项“M-1”已于 2025-07-01 合并，不能再合并");
  });

  it("lists an item's whole dated history with the change records and who made them, across a delegation", async () => {
    const city = await buildAgency(db);
    const county = await buildAgency(db, { parent: city });
    const user = await buildUser(db, city, ["admin"]);
    const admin = await loginAs(app, user);
    await add(admin, city, "H-1", "2024-01-01");
    await change(admin, { kind: "adjust", agencyId: city.id, effectiveDate: "2024-07-01", itemCode: "H-1", changes: { timeLimitDays: 30 }, reason: "时限压缩", documentNo: "示政办〔2024〕9号" });
    await change(admin, { kind: "delegate", agencyId: city.id, effectiveDate: "2025-01-01", itemCodes: ["H-1"], toAgencyIds: [county.id] });
    const res = await admin.get(`/api/powers/H-1/versions?agencyId=${county.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.versions.map((v: { agencyId: string; effectiveFrom: string; effectiveTo: string | null }) => [v.agencyId, v.effectiveFrom, v.effectiveTo])).toEqual([
      [city.id, "2024-01-01", "2024-07-01"],
      [city.id, "2024-07-01", "2025-01-01"],
      [county.id, "2025-01-01", null],
    ]);
    expect(body.versions[1].startChange).toMatchObject({ kind: "adjust", reason: "时限压缩", documentNo: "示政办〔2024〕9号", actorName: `用户${user.username}` });
    expect(body.changes.map((c: { kind: string }) => c.kind)).toEqual(["add", "adjust", "delegate"]);
    // the county's own reader sees the county part only
    const countyOfficer = await loginAs(app, await buildUser(db, county, ["officer"]));
    const own = (await countyOfficer.get(`/api/powers/H-1/versions?agencyId=${county.id}`)).json();
    expect(own.versions).toHaveLength(1);
    expect(own.versions[0].startChange.agencyName).toBe(city.name);
    // the change log counts affected items per kind
    const log = (await admin.get(`/api/powers/changes?agencyId=${city.id}`)).json();
    expect(log.summary).toMatchObject({ add: 1, adjust: 1, delegate: 1, cancel: 0, merge: 0 });
    expect((await countyOfficer.get(`/api/powers/changes`)).json().items.map((c: { kind: string }) => c.kind)).toEqual(["delegate"]);
  });

  it("keeps agencies apart: another agency cannot change or read the list; an officer reads but cannot change (R-GEN-03)", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "S-1", "2024-01-01");
    const other = await buildAgency(db);
    const otherAdmin = await loginAs(app, await buildUser(db, other, ["admin"]));
    expect((await change(otherAdmin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2025-01-01", itemCodes: ["S-1"] })).statusCode).toBe(403);
    expect((await otherAdmin.get(`/api/powers?agencyId=${agency.id}`)).json().total).toBe(0);
    expect((await otherAdmin.get(`/api/powers/S-1/versions?agencyId=${agency.id}`)).statusCode).toBe(404);
    const officer = await loginAs(app, await buildUser(db, agency, ["officer"]));
    const seen = (await officer.get(`/api/powers?agencyId=${agency.id}`)).json().items;
    expect(seen).toMatchObject([{ itemCode: "S-1", can: { change: false, correct: false } }]);
    expect((await change(officer, { kind: "cancel", agencyId: agency.id, effectiveDate: "2025-01-01", itemCodes: ["S-1"] })).statusCode).toBe(403);
  });

  it("corrects a typo in the open version without a dated change; history cannot be corrected", async () => {
    const { agency, admin } = await setup();
    const first = (await add(admin, agency, "C-1", "2024-01-01", { name: "对生产经营不符合食品安全标准的食晶的行政处罚" })).json().opened[0];
    const fixed = await admin.patch(`/api/powers/versions/${first.id}`, { version: first.version, name: content("x").name, itemCode: "HACK" });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ itemCode: "C-1", name: content("x").name, effectiveFrom: "2024-01-01" });
    const trail = (await admin.get(`/api/history/power_items/${first.id}`)).json().items;
    expect(trail.at(-1)).toMatchObject({ action: "power.correct", changed: ["name"] });
    expect((await admin.get(`/api/powers/changes?agencyId=${agency.id}`)).json().total).toBe(1);
    await change(admin, { kind: "adjust", agencyId: agency.id, effectiveDate: "2025-01-01", itemCode: "C-1", changes: { timeLimitDays: 10 } });
    const old = await admin.patch(`/api/powers/versions/${first.id}`, { version: first.version + 2, name: "改历史" });
    expect(old.statusCode).toBe(409);
    expect(old.json().error.message).toContain("历史版本不能更正");
  });
});

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("清单");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
function importFile(c: Client, query: string, buffer: Buffer) {
  const boundary = "----zhifa" + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    buffer,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request({ method: "POST", url: `/api/powers/import?${query}`, payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
}
const HEADER = ["事项编码", "事项名称", "事项类别", "设定依据（法律法规名称）", "设定依据（条款）", "法定时限（天）"];

describe("power list: Excel import at an effective date (R-DX-03, R-LIST-03)", () => {
  it("adds new items, adjusts changed ones at the date, leaves identical ones, and refuses a date before the current version", async () => {
    const { agency, admin } = await setup();
    const first = await importFile(admin, `agencyId=${agency.id}&effectiveDate=2024-01-01&documentNo=${encodeURIComponent("示政发〔2024〕3号")}`, await xlsx([HEADER, ["X-1", "事项一", "行政处罚", "《中华人民共和国食品安全法》", "第一百二十二条", 90], ["X-2", "事项二", "行政检查", "《中华人民共和国食品安全法》", "第一百一十条", null]]));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ created: 2, updated: 0, unchanged: 0, effectiveDate: "2024-01-01" });
    const second = await importFile(admin, `agencyId=${agency.id}&effectiveDate=2025-01-01`, await xlsx([HEADER, ["X-1", "事项一（修订）", "行政处罚", "《中华人民共和国食品安全法》", "第一百二十二条", 60], ["X-2", "事项二", "行政检查", "《中华人民共和国食品安全法》", "第一百一十条", null]]));
    expect(second.json()).toEqual({ created: 0, updated: 1, unchanged: 1, effectiveDate: "2025-01-01" });
    expect((await asOf(admin, agency, "2024-12-31")).find((i) => i.itemCode === "X-1")!.name).toBe("事项一");
    expect((await asOf(admin, agency, "2025-01-01")).find((i) => i.itemCode === "X-1")!.name).toBe("事项一（修订）");
    const log = (await admin.get(`/api/powers/changes?agencyId=${agency.id}`)).json();
    expect(log.summary).toMatchObject({ add: 2, adjust: 1 });
    const early = await importFile(admin, `agencyId=${agency.id}&effectiveDate=2024-06-01`, await xlsx([HEADER, ["X-1", "事项一改", "行政处罚", "《中华人民共和国食品安全法》", "第一百二十二条", 60], ["X-3", "事项三", "行政征收", "某法", "第一条", null]]));
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details.problems).toEqual([
      { row: 2, column: "事项编码", message: "生效日期 2024-06-01 须晚于事项“X-1”现行版本的生效日期 2025-01-01" },
      { row: 3, column: "事项类别", message: expect.stringContaining("行政征收") },
    ]);
    expect(await codes(admin, agency, "2030-01-01")).toEqual(["X-1", "X-2"]);
  });

  it("exports the list as of a date in the import format (round trip leaves it unchanged)", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "E-1", "2024-01-01");
    const exp = await admin.get(`/api/powers/export?agencyId=${agency.id}&asOf=2024-02-01`);
    expect(exp.headers["content-type"]).toContain("spreadsheetml");
    const again = await importFile(admin, `agencyId=${agency.id}&effectiveDate=2025-01-01`, exp.rawPayload);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const officer = await loginAs(app, await buildUser(db, agency, ["officer"]));
    expect((await importFile(officer, `agencyId=${agency.id}`, exp.rawPayload)).statusCode).toBe(403);
  });
});

describe("discretion tiers (R-LIST-09)", () => {
  const tier = (itemCode: string, tierOrder: number, extra: Record<string, unknown> = {}) => ({ itemCode, tierOrder, circumstance: "首次违法且危害后果轻微", measure: "罚款", minAmount: 5000, maxAmount: 20000, basis: "示范省市场监管行政处罚裁量基准", ...extra });

  it("validates tiers: an item open today in the agency, min ≤ max, one tier per order", async () => {
    const { agency, admin } = await setup();
    await add(admin, agency, "T-1", "2024-01-01");
    expect((await admin.post("/api/lists/discretion-tiers", { agencyId: agency.id, ...tier("T-1", 1) })).statusCode).toBe(201);
    const bad = await admin.post("/api/lists/discretion-tiers", { agencyId: agency.id, ...tier("T-1", 2, { minAmount: 50000, maxAmount: 10000 }) });
    expect(bad.json().error.details).toEqual([{ field: "maxAmount", message: "最高罚款不能低于最低罚款" }]);
    const unknown = await admin.post("/api/lists/discretion-tiers", { agencyId: agency.id, ...tier("NOPE", 1) });
    expect(unknown.json().error.details).toEqual([{ field: "itemCode", message: "本主体权力清单中没有现行有效的事项“NOPE”" }]);
    const dup = await admin.post("/api/lists/discretion-tiers", { agencyId: agency.id, ...tier("T-1", 1) });
    expect(dup.json().error.details).toEqual([{ field: "tierOrder", message: "事项“T-1”已有第 1 阶裁量基准" }]);
    await change(admin, { kind: "cancel", agencyId: agency.id, effectiveDate: "2024-06-01", itemCodes: ["T-1"] });
    const cancelled = await admin.post("/api/lists/discretion-tiers", { agencyId: agency.id, ...tier("T-1", 3) });
    expect(cancelled.statusCode).toBe(400);
    // the tiers already set for the item stay editable
    const [first] = (await admin.get(`/api/lists/discretion-tiers?agencyId=${agency.id}`)).json().items;
    expect((await admin.patch(`/api/lists/discretion-tiers/${first.id}`, { version: first.version, maxAmount: 30000 })).statusCode).toBe(200);
  });

  it("serves an item's tiers in order; a county without its own tiers gets the city's", async () => {
    const city = await buildAgency(db);
    const county = await buildAgency(db, { parent: city });
    const admin = await loginAs(app, await buildUser(db, city, ["admin"]));
    await add(admin, city, "T-2", "2024-01-01");
    await add(admin, county, "T-2", "2024-01-01");
    for (const order of [3, 1, 2]) await admin.post("/api/lists/discretion-tiers", { agencyId: city.id, ...tier("T-2", order, { minAmount: order * 1000, maxAmount: order * 2000 }) });
    const own = (await admin.get(`/api/powers/T-2/tiers?agencyId=${city.id}`)).json();
    expect(own.tiers.map((t: { tierOrder: number }) => t.tierOrder)).toEqual([1, 2, 3]);
    expect(own.source).toEqual({ id: city.id, name: city.name });
    const countyOfficer = await loginAs(app, await buildUser(db, county, ["officer"]));
    const inherited = (await countyOfficer.get(`/api/powers/T-2/tiers?agencyId=${county.id}`)).json();
    expect(inherited).toMatchObject({ item: { itemCode: "T-2", agencyId: county.id }, source: { id: city.id }, tiers: [{ tierOrder: 1, minAmount: 1000, maxAmount: 2000 }, {}, {}] });
    expect((await countyOfficer.get(`/api/powers/NOPE/tiers?agencyId=${county.id}`)).statusCode).toBe(404);
  });
});
