import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client } from "../../../test/factories.ts";

const { app, database } = await setupTestApp();
const db = database.db;

const item = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  matter: "食品经营许可事项监督检查",
  basis: "《中华人民共和国食品安全法》第一百一十条",
  targetType: "enterprise",
  ratioPercent: 5,
  method: "onsite",
  frequency: "每年一次",
  ...extra,
});

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("清单");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(buffer: Buffer, filename = "list.xlsx") {
  const boundary = "----zhifa" + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, buffer, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

async function importFile(client: Client, agencyId: string, buffer: Buffer, accept?: string) {
  const m = multipart(buffer);
  return client.request({ method: "POST", url: `/api/lists/random-inspection/import?agencyId=${agencyId}`, payload: m.payload, headers: { ...m.headers, ...(accept ? { accept } : {}) } });
}

const HEADER = ["事项编码", "抽查事项", "抽查依据", "抽查对象", "抽查比例(%)", "抽查方式", "抽查频次"];

describe("generic lists (R-LIST-10, R-DX-03)", () => {
  it("creates, reads, updates with optimistic locking, and shows the history", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const created = await admin.post("/api/lists/random-inspection", { agencyId: agency.id, ...item("RI-001") });
    expect(created.statusCode).toBe(201);
    const row = created.json();
    expect(row.can.update).toBe(true);
    const updated = await admin.patch(`/api/lists/random-inspection/${row.id}`, { version: row.version, ratioPercent: 10 });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().ratioPercent).toBe(10);
    const stale = await admin.patch(`/api/lists/random-inspection/${row.id}`, { version: row.version, ratioPercent: 20 });
    expect(stale.json().error.id).toBe("stale_version");
    const history = (await admin.get(`/api/history/random_inspection_items/${row.id}`)).json().items;
    expect(history.map((h: { op: string }) => h.op)).toEqual(["INSERT", "UPDATE"]);
    expect(history[1].changed).toEqual(["ratio_percent"]);
  });

  it("answers invalid fields with Chinese messages per field", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const res = await admin.post("/api/lists/random-inspection", { agencyId: agency.id, ...item("bad code!", { ratioPercent: 300, targetType: "alien" }) });
    expect(res.statusCode).toBe(400);
    const fields = Object.fromEntries(res.json().error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(Object.keys(fields).sort()).toEqual(["code", "ratioPercent", "targetType"]);
    expect(fields.ratioPercent).toBe("不能大于 100");
  });

  it("explains a pattern error with the field's own message, in the API as in the form", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const res = await admin.post("/api/lists/officers", { agencyId: agency.id, name: "甲", gender: "male", certNumber: "证号 1", categories: ["penalty"], regionCodes: ["99"], validFrom: "2025-01-01", validTo: "2027-01-01" });
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details as { field: string; message: string }[];
    expect(details).toContainEqual({ field: "certNumber", message: "执法证号只能包含数字、字母和连字符" });
    expect(details.find((d) => d.field.startsWith("regionCodes"))?.message).toBe("应为 6 位数字的行政区划代码");
    const agencyRes = await admin.post("/api/agencies", { parentId: agency.id, code: "坏 编码", name: "某某局", level: "county", regionCode: "9901", regionName: "区", actionTypes: [] });
    const byField = Object.fromEntries((agencyRes.json().error.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
    expect(byField).toMatchObject({ code: "编码只能包含数字、字母、下划线和连字符", regionCode: "应为 6 位数字的行政区划代码" });
  });

  it("pages, searches and filters; a page past the end still reports the total", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    for (const [code, targetType] of [["PG-1", "enterprise"], ["PG-2", "enterprise"], ["PG-3", "product"]] as const) expect((await admin.post("/api/lists/random-inspection", { agencyId: agency.id, ...item(code, { targetType }) })).statusCode).toBe(201);
    const page = async (qs: string) => (await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}&${qs}`)).json();
    expect(await page("pageSize=2&page=2")).toMatchObject({ total: 3, items: [{ code: "PG-3" }] });
    expect(await page("pageSize=2&page=5")).toMatchObject({ total: 3, items: [] });
    expect(await page("pageSize=1&page=9&targetType=enterprise")).toMatchObject({ total: 2, items: [] });
    expect(await page("pageSize=1&page=9&q=PG-3")).toMatchObject({ total: 1, items: [] });
  });

  it("keeps agencies apart: an officer of another agency sees nothing and cannot write (R-GEN-03)", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const adminA = await loginAs(app, await buildUser(db, a, ["admin"]));
    const officerB = await loginAs(app, await buildUser(db, b, ["officer"]));
    const row = (await adminA.post("/api/lists/random-inspection", { agencyId: a.id, ...item("RI-9") })).json();
    expect((await officerB.get(`/api/lists/random-inspection/${row.id}`)).statusCode).toBe(404);
    expect((await officerB.get(`/api/lists/random-inspection?agencyId=${a.id}`)).json().total).toBe(0);
    expect((await officerB.post("/api/lists/random-inspection", { agencyId: a.id, ...item("RI-10") })).statusCode).toBe(403);
    expect((await officerB.get(`/api/history/random_inspection_items/${row.id}`)).statusCode).toBe(404);
  });

  it("a supervisor reads the subtree below it but not beside it", async () => {
    const top = await buildAgency(db);
    const child = await buildAgency(db, { parent: top });
    const other = await buildAgency(db);
    const adminTop = await loginAs(app, await buildUser(db, top, ["admin"]));
    await adminTop.post("/api/lists/random-inspection", { agencyId: child.id, ...item("RI-C") });
    const adminOther = await loginAs(app, await buildUser(db, other, ["admin"]));
    await adminOther.post("/api/lists/random-inspection", { agencyId: other.id, ...item("RI-O") });
    const sup = await loginAs(app, await buildUser(db, top, ["supervisor"]));
    const seen = (await sup.get("/api/lists/random-inspection?pageSize=200")).json().items.map((r: { code: string }) => r.code);
    expect(seen).toContain("RI-C");
    expect(seen).not.toContain("RI-O");
    expect((await sup.post("/api/lists/random-inspection", { agencyId: child.id, ...item("RI-X") })).statusCode).toBe(403);
  });

  it("imports a good file, then updates rows by their natural key on re-import", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const file = await xlsx([HEADER, ["A1", "事项一", "依据一", "企业", 5, "现场检查", "每年一次"], ["A2", "事项二", "依据二", "个体工商户", 3, "书面检查", "每半年一次"]]);
    const res = await importFile(admin, agency.id, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    const again = await importFile(admin, agency.id, await xlsx([HEADER, ["A1", "事项一（修订）", "依据一", "企业", 8, "现场检查", "每年一次"]]));
    expect(again.json()).toEqual({ created: 0, updated: 1 });
    const rows = (await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().items;
    expect(rows.find((r: { code: string }) => r.code === "A1").ratioPercent).toBe(8);
  });

  it("imports nothing when any row is bad, and reports every problem by row and column", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const file = await xlsx([
      HEADER,
      ["B1", "好的一行", "依据", "企业", 5, "现场检查", "每年一次"],
      ["B2", "", "依据", "企业", 5, "现场检查", "每年一次"], // missing required
      ["B3", "事项", "依据", "外星人", 5, "现场检查", "每年一次"], // bad enum
      ["B4", "事项", "依据", "企业", "很多", "现场检查", "每年一次"], // not a number
      ["B5", "事项", "依据", "企业", 500, "现场检查", "每年一次"], // out of range
      ["B1", "重复", "依据", "企业", 5, "现场检查", "每年一次"], // duplicate key
    ]);
    const res = await importFile(admin, agency.id, file);
    expect(res.statusCode).toBe(422);
    const body = res.json().error;
    expect(body.id).toBe("import_failed");
    expect(body.details.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [3, "抽查事项"],
      [4, "抽查对象"],
      [5, "抽查比例(%)"],
      [6, "抽查比例(%)"],
      [7, "事项编码"],
    ]);
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(Buffer.from(body.details.report, "base64") as never);
    expect(report.worksheets[0]!.getRow(2).getCell(3).value).toBe("必填");
    expect((await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().total).toBe(0);
  });

  it("streams progress and the result as NDJSON for the UI's progress bar", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const rows: (string | number)[][] = [HEADER];
    for (let i = 0; i < 1200; i++) rows.push([`N${i}`, `事项${i}`, "依据", "企业", 5, "现场检查", "每年一次"]);
    const res = await importFile(admin, agency.id, await xlsx(rows), "application/x-ndjson");
    const lines = res.body.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "progress").length).toBeGreaterThan(2);
    expect(lines.at(-1)).toEqual({ type: "result", ok: true, created: 1200, updated: 0 });
  });

  it("imports a 10,000-row file with progress; one bad row among them rejects the whole file (R-DX-03)", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const rows: (string | number)[][] = [HEADER];
    for (let i = 0; i < 10_000; i++) rows.push([`BIG-${i}`, `事项${i}`, "《中华人民共和国食品安全法》第一百一十条", "企业", 5, "现场检查", "每年一次"]);
    rows[9_000]![4] = 250; // ratio over 100 on sheet row 9,001
    const rejected = await importFile(admin, agency.id, await xlsx(rows), "application/x-ndjson");
    const last = JSON.parse(rejected.body.trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ type: "result", ok: false });
    expect(last.error.details.problems).toEqual([{ row: 9_001, column: "抽查比例(%)", message: "不能大于 100" }]);
    expect((await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().total).toBe(0);

    rows[9_000]![4] = 25;
    const res = await importFile(admin, agency.id, await xlsx(rows), "application/x-ndjson");
    const lines = res.body.trim().split("\n").map((l) => JSON.parse(l));
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toMatchObject({ total: 10_000 });
    expect(lines.at(-1)).toEqual({ type: "result", ok: true, created: 10_000, updated: 0 });
    expect((await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().total).toBe(10_000);
  }, 120_000);

  it.each([
    ["an empty file", Buffer.alloc(0), "文件为空"],
    ["a text file", Buffer.from("姓名,证号\n张三,1\n"), "文件不是 Excel（.xlsx）格式"],
    ["an old .xls", Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]), "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再导入"],
    ["a broken zip", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]), "无法读取该 Excel 文件，文件可能已损坏"],
  ])("refuses %s with a clear error", async (_name, buffer, message) => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const res = await importFile(admin, agency.id, buffer);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ id: "bad_file", message });
  });

  it("refuses a sheet without the required columns, and one with only a header", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const noCols = await importFile(admin, agency.id, await xlsx([["姓名", "电话"], ["张三", "1"]]));
    expect(noCols.json().error.message).toContain("表头缺少必填列");
    const headerOnly = await importFile(admin, agency.id, await xlsx([HEADER]));
    expect(headerOnly.json().error.id).toBe("bad_file");
  });

  it("exports what the import reads back (round trip), and serves a template", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    await admin.post("/api/lists/random-inspection", { agencyId: agency.id, ...item("R-1") });
    const exp = await admin.get(`/api/lists/random-inspection/export?agencyId=${agency.id}`);
    expect(exp.headers["content-type"]).toContain("spreadsheetml");
    const reimport = await importFile(admin, agency.id, exp.rawPayload);
    expect(reimport.json()).toEqual({ created: 0, updated: 1 });
    const tpl = await admin.get("/api/lists/random-inspection/template");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as never);
    expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe("事项编码*");
  });
});
