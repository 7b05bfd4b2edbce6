import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Role } from "@zhifa/domain";
import { setupTestApp } from "../../test/harness.ts";
import { anonymous, buildMatrix, powerItemContent, type Relation } from "../../test/factories.ts";
import { mutate, systemContext } from "../db/audit.ts";
import { officers } from "../modules/lists/defs/officers.ts";

/**
 * The policy matrix (R-GEN-03), continued: the routes outside the generic lists — power list,
 * officers' qualification checks, the major-decision evaluation, the reviewer ratio report,
 * the calendar and the deployment settings — × every role × own / parent / other agency.
 * (`policy-matrix.test.ts` covers the lists, agencies and users.)
 */
const { app, database } = await setupTestApp();
const db = database.db;

const { cases, target, clients } = await buildMatrix(app, db);

const readList = (role: Role, rel: Relation) => rel === "own" || ((role === "supervisor" || role === "admin") && rel === "parent");
const maintain = (role: Role, rel: Relation) => (role === "admin" && rel !== "other") || (role === "agency_head" && rel === "own");
/** Deployment-wide administration: an administrator of a root agency (parent and other are roots). */
const rootAdmin = (role: Role, rel: Relation) => role === "admin" && rel !== "own";
const denied = (status: number) => status === 403 || status === 404;
const expectAllowed = (allowed: boolean, status: number, what: string, ok = [200]) => expect(allowed ? ok.includes(status) : denied(status), `${what} → ${status}`).toBe(true);

const item = (itemCode: string) => powerItemContent(itemCode);
const headAdmin = clients.get("admin/own")!;
expect((await headAdmin.post("/api/powers/changes", { kind: "add", agencyId: target.id, effectiveDate: "2026-01-01", reason: "矩阵", item: item("PM-0") })).statusCode).toBe(201);

let n = 0;
const officerId = await mutate(db, systemContext("test", "matrix"), async (tx) => {
  const [row] = await tx
    .insert(officers)
    .values({ agencyId: target.id, name: "矩阵执法员", gender: "male", certNumber: "PM-CERT-1", categories: ["penalty"], regionCodes: ["990100"], validFrom: "2025-01-01", validTo: "2030-12-31" })
    .returning({ id: officers.id });
  return row!.id;
});

describe("policy matrix: modules beyond the generic lists (R-GEN-03)", () => {
  it.each(cases)("%s in the %s agency: power list (R-LIST-03, R-LIST-09)", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const read = readList(role, rel);
    const list = await c.get(`/api/powers?agencyId=${target.id}&asOf=2026-06-01`);
    if (read) expect(list.json().items.map((i: { itemCode: string }) => i.itemCode)).toContain("PM-0");
    else expect(list.statusCode === 200 ? list.json().items.length === 0 : denied(list.statusCode), `list → ${list.statusCode}`).toBe(true);
    expectAllowed(read, (await c.get(`/api/powers/PM-0/versions?agencyId=${target.id}`)).statusCode, "versions");
    expectAllowed(read, (await c.get(`/api/powers/PM-0/tiers?agencyId=${target.id}`)).statusCode, "tiers");
    // the export holds what the caller may read: the item for readers, nothing for the others
    const exported = await c.request({ method: "GET", url: `/api/powers/export?agencyId=${target.id}` });
    if (exported.statusCode === 200) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.rawPayload as never);
      const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
      expect(cells.includes("PM-0"), "export holds the item").toBe(read);
    } else expect(read || !denied(exported.statusCode), `export → ${exported.statusCode}`).toBe(false);
    const changes = await c.get(`/api/powers/changes?agencyId=${target.id}`);
    if (read) expect(changes.json().items.length).toBeGreaterThan(0);
    else expect(changes.statusCode === 200 ? changes.json().items.length === 0 : denied(changes.statusCode)).toBe(true);

    const allowed = maintain(role, rel);
    const add = await c.post("/api/powers/changes", { kind: "add", agencyId: target.id, effectiveDate: "2026-02-01", reason: "矩阵", item: item(`PM-${++n}`) });
    expectAllowed(allowed, add.statusCode, "change", [201]);
    const imported = await c.request({ method: "POST", url: `/api/powers/import?agencyId=${target.id}`, payload: "x", headers: { "content-type": "text/plain" } });
    expect(allowed ? imported.statusCode === 400 : imported.statusCode === 403, `import → ${imported.statusCode}`).toBe(true);
  });

  it.each(cases)("%s in the %s agency: officers' qualification (R-LIST-11)", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const read = readList(role, rel);
    expectAllowed(read, (await c.get(`/api/officers/${officerId}/may-act?actionType=penalty&regionCode=990100&date=2026-06-01`)).statusCode, "may-act");
    expectAllowed(read, (await c.post("/api/officers/check-team", { officerIds: [officerId], actionType: "penalty", regionCode: "990100", date: "2026-06-01" })).statusCode, "check-team");
    expectAllowed(read, (await c.get(`/api/officers/qualification-report?agencyId=${target.id}`)).statusCode, "qualification report");
  });

  it.each(cases)("%s in the %s agency: major-decision evaluation and reviewer ratio (R-REV-01, R-LIST-12)", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const read = readList(role, rel);
    expectAllowed(read, (await c.post("/api/major/evaluate", { agencyId: target.id, draft: { actionType: "penalty" } })).statusCode, "evaluate");
    expectAllowed(read, (await c.get(`/api/reports/reviewer-ratio?agencyId=${target.id}`)).statusCode, "reviewer ratio");
  });

  it.each(cases)("%s in the %s agency: calendar and deployment settings (R-CASE-07, R-REV-01)", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    expect((await c.get("/api/calendar?year=2026")).statusCode).toBe(200);
    expect((await c.get("/api/calendar/compute?start=2026-01-05&days=3")).statusCode).toBe(200);
    expect((await c.get("/api/settings/major-scope")).statusCode).toBe(200);
    const root = rootAdmin(role, rel);
    const put = await c.request({ method: "PUT", url: "/api/calendar/years/2033", payload: { noticeNo: `矩阵〔2032〕${++n}号`, holidays: [{ name: "元旦", from: "2033-01-01", to: "2033-01-03" }], workdays: [] } });
    expect(put.statusCode, `calendar → ${put.statusCode} ${put.body}`).toBe(root ? 200 : 403);
    const scope = await c.request({ method: "PUT", url: "/api/settings/major-scope", payload: { allGeneralProcedurePenalties: false } });
    expect(scope.statusCode, `settings → ${scope.statusCode}`).toBe(root ? 200 : 403);
  });

  it("unauthenticated callers get 401 on every one of these routes", async () => {
    const anon = anonymous(app);
    for (const [method, url] of [
      ["GET", `/api/powers?agencyId=${target.id}`],
      ["GET", "/api/powers/changes"],
      ["POST", "/api/powers/changes"],
      ["GET", "/api/powers/PM-0/versions"],
      ["GET", "/api/powers/PM-0/tiers"],
      ["GET", "/api/powers/export"],
      ["POST", `/api/powers/import?agencyId=${target.id}`],
      ["GET", `/api/officers/${officerId}/may-act?actionType=penalty&regionCode=990100`],
      ["POST", "/api/officers/check-team"],
      ["GET", "/api/officers/qualification-report"],
      ["POST", "/api/major/evaluate"],
      ["GET", "/api/reports/reviewer-ratio"],
      ["GET", "/api/calendar?year=2026"],
      ["PUT", "/api/calendar/years/2033"],
      ["GET", "/api/settings/major-scope"],
      ["PUT", "/api/settings/major-scope"],
      ["GET", "/api/agencies/export"],
      ["GET", "/api/agencies/template"],
      ["POST", "/api/agencies/import"],
    ] as const) {
      const res = await anon.request({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
