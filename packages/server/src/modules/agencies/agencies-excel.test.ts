import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client } from "../../../test/factories.ts";

// 执法主体 in Excel (R-LIST-01, R-DX-03): export of the caller's part of the tree, template,
// and all-or-nothing import that adds agencies below existing ones and updates existing ones.
const { app, database } = await setupTestApp();
const db = database.db;

const HEADER = ["上级主体编码", "主体编码", "主体名称", "层级", "行政区划代码", "行政区划名称", "执法类别", "主体性质", "执法依据", "统一社会信用代码", "地址", "电话"];

async function xlsx(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("执法主体");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(client: Client, buffer: Buffer, accept?: string) {
  const boundary = "----zhifa" + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="agencies.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    buffer,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({ method: "POST", url: "/api/agencies/import", payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...(accept ? { accept } : {}) } });
}

async function sheetRows(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return out;
}

async function setup() {
  const city = await buildAgency(db, { level: "city" });
  const county = await buildAgency(db, { parent: city, level: "county" });
  const admin = await loginAs(app, await buildUser(db, city, ["admin"]));
  return { city, county, admin };
}

describe("agencies in Excel (R-LIST-01, R-DX-03)", () => {
  it("exports the caller's agency and those below, parents first, and the export imports back unchanged", async () => {
    const { city, county, admin } = await setup();
    const res = await admin.get("/api/agencies/export");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((r) => r[1])).toEqual([city.code, county.code]);
    expect(rows[2]![0]).toBe(city.code); // the county's parent
    expect(rows[2]![3]).toBe("县级");
    const again = await upload(admin, res.rawPayload);
    expect(again.json()).toEqual({ created: 0, updated: 2 });
    // the web app's import dialog reads progress and the result as NDJSON
    const streamed = await upload(admin, res.rawPayload, "application/x-ndjson");
    const lines = streamed.body.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.some((l) => l.type === "progress")).toBe(true);
    expect(lines.at(-1)).toEqual({ type: "result", ok: true, created: 0, updated: 2 });
  });

  it("adds agencies below existing ones or below rows of the same file, in any order, and updates existing ones", async () => {
    const { city, county, admin } = await setup();
    const res = await upload(
      admin,
      await xlsx([
        HEADER,
        [`${county.code}`, `${county.code}-T1`, "示范镇综合执法队", "乡镇级", "990102", "东城区", "行政处罚、行政检查", "", "", "", "", ""],
        [city.code, `${county.code}-X`, "示范县新设局", "县级", "990103", "西城区", "行政许可", "法律法规授权组织", "《条例》", "", "", "0999-1"],
        [`${county.code}-X`, `${county.code}-X1`, "示范县新设局某镇所", "乡镇级", "990103", "西城区", "", "", "", "", "", ""],
        [city.code, county.code, "改名后的县局", "县级", county.regionCode, "测试区", "行政处罚", "", "", "", "", ""],
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 1 });
    const all = (await admin.get("/api/agencies")).json().items as { id: string; code: string; name: string; parentId: string | null; level: string; actionTypes: string[] }[];
    const byCode = new Map(all.map((a) => [a.code, a]));
    expect(byCode.get(county.code)).toMatchObject({ name: "改名后的县局", parentId: city.id, actionTypes: ["penalty"] });
    expect(byCode.get(`${county.code}-X1`)!.parentId).toBe(byCode.get(`${county.code}-X`)!.id);
    expect(byCode.get(`${county.code}-T1`)).toMatchObject({ parentId: county.id, level: "township", actionTypes: ["penalty", "inspection"] });
    // the new agencies are in the administrator's scope: they can be edited at once
    const x1 = (await admin.get(`/api/agencies/${byCode.get(`${county.code}-X1`)!.id}`)).json();
    expect((await admin.patch(`/api/agencies/${x1.id}`, { version: x1.version, phone: "0999-2" })).statusCode).toBe(200);
  });

  it("refuses the whole file naming every problem by row and column, and writes nothing", async () => {
    const { city, county, admin } = await setup();
    const stranger = await buildAgency(db, { level: "city" });
    const before = (await admin.get("/api/agencies")).json().items.length;
    const res = await upload(
      admin,
      await xlsx([
        HEADER,
        [city.code, `${county.code}-OK`, "一个没问题的新主体", "县级", "990102", "东城区", "", "", "", "", "", ""],
        [city.code, `${county.code}-OK`, "重复编码", "县级", "990102", "东城区", "", "", "", "", "", ""],
        ["NO-SUCH", `${county.code}-Y`, "上级不存在", "县级", "990102", "东城区", "", "", "", "", "", ""],
        [county.code, `${county.code}-Z`, "层级高于上级", "市级", "990102", "东城区", "", "", "", "", "", ""],
        [stranger.code, `${county.code}-W`, "他人辖区", "县级", "990102", "东城区", "", "", "", "", "", ""],
        [stranger.code, county.code, "移到别处", "县级", county.regionCode, "测试区", "", "", "", "", "", ""],
        [city.code, `${county.code}-V`, "坏数据", "某级", "9901", "东城区", "飞行", "", "", "ABC", "", ""],
      ]),
    );
    expect(res.statusCode).toBe(422);
    const { problems, report } = res.json().error.details;
    expect(typeof report).toBe("string");
    const at = (row: number) => problems.filter((p: { row: number }) => p.row === row).map((p: { column: string; message: string }) => `${p.column}:${p.message}`);
    expect(at(3)).toEqual(["主体编码:与第 2 行的主体编码重复"]);
    expect(at(4)[0]).toContain("上级主体编码:上级主体编码“NO-SUCH”不存在");
    expect(at(5)).toEqual(["层级:下级主体的层级不能高于上级主体"]);
    expect(at(6)).toEqual(["上级主体编码:无权在该主体下新增下级主体"]);
    expect(at(7)).toEqual(["上级主体编码:不能通过导入调整上级主体"]);
    expect(at(8).map((s: string) => s.split(":")[0]).sort()).toEqual(["层级", "执法类别", "统一社会信用代码", "行政区划代码"].sort());
    expect((await admin.get("/api/agencies")).json().items.length).toBe(before);
  });

  it("lets only administrators import; everyone may export the template", async () => {
    const { city } = await setup();
    const officer = await loginAs(app, await buildUser(db, city, ["officer", "agency_head"]));
    expect((await upload(officer, await xlsx([HEADER]))).statusCode).toBe(403);
    const template = await officer.get("/api/agencies/template");
    expect(template.statusCode).toBe(200);
    expect((await sheetRows(template.rawPayload))[0]).toEqual(["上级主体编码", "主体编码*", "主体名称*", "层级*", "行政区划代码*", "行政区划名称*", "执法类别", "主体性质", "执法依据", "统一社会信用代码", "地址", "电话"]);
  });
});
