import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs } from "../../../test/factories.ts";

const { app, database } = await setupTestApp();
const db = database.db;

const child = (parentId: string, code: string) => ({
  parentId,
  code,
  name: `示范县测试局${code}`,
  level: "county",
  regionCode: "990102",
  regionName: "东城区",
  actionTypes: ["penalty", "inspection"],
});

describe("agency tree (R-GEN-02, R-LIST-01)", () => {
  it("an admin adds an agency below their own, with its path in the tree", async () => {
    const top = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, top, ["admin"]));
    const res = await admin.post("/api/agencies", child(top.id, `C${Date.now()}`));
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.path).toBe(`${top.path}${created.id}/`);
    const list = (await admin.get("/api/agencies")).json().items;
    expect(list.some((a: { id: string }) => a.id === created.id)).toBe(true);
  });

  it("refuses a child at a higher level than its parent", async () => {
    const top = await buildAgency(db, { level: "county" });
    const admin = await loginAs(app, await buildUser(db, top, ["admin"]));
    const res = await admin.post("/api/agencies", { ...child(top.id, "HX1"), level: "city" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({ field: "level", message: "下级主体的层级不能高于上级主体" });
  });

  it("refuses to add under an agency outside the admin's subtree, and refuses non-admins (R-GEN-03)", async () => {
    const mine = await buildAgency(db);
    const other = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, mine, ["admin"]));
    expect((await admin.post("/api/agencies", child(other.id, "X9"))).statusCode).toBe(403);
    const head = await loginAs(app, await buildUser(db, mine, ["agency_head"]));
    expect((await head.post("/api/agencies", child(mine.id, "X10"))).statusCode).toBe(403);
  });

  it("updates with optimistic locking and keeps the history", async () => {
    const top = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, top, ["admin"]));
    const detail = (await admin.get(`/api/agencies/${top.id}`)).json();
    const res = await admin.patch(`/api/agencies/${top.id}`, { version: detail.version, phone: "0999-12345678" });
    expect(res.statusCode).toBe(200);
    expect((await admin.patch(`/api/agencies/${top.id}`, { version: detail.version, phone: "1" })).json().error.id).toBe("stale_version");
    const history = (await admin.get(`/api/history/agencies/${top.id}`)).json().items;
    expect(history.at(-1).changed).toEqual(["phone"]);
  });

  it("the head of an agency manages its units (科室), including the legal unit", async () => {
    const agency = await buildAgency(db);
    const head = await loginAs(app, await buildUser(db, agency, ["agency_head"]));
    const res = await head.post(`/api/agencies/${agency.id}/units`, { name: "法制科", kind: "legal" });
    expect(res.statusCode).toBe(201);
    const detail = (await head.get(`/api/agencies/${agency.id}`)).json();
    expect(detail.units.map((u: { kind: string }) => u.kind)).toEqual(["legal"]);
    expect(detail.can.manageUnits).toBe(true);
    expect(detail.can.update).toBe(false);
    const otherHead = await loginAs(app, await buildUser(db, await buildAgency(db), ["agency_head"]));
    expect((await otherHead.post(`/api/agencies/${agency.id}/units`, { name: "执法科", kind: "case" })).statusCode).toBe(403);
  });

  it("answers an unknown or malformed id without a 500", async () => {
    const admin = await loginAs(app, await buildUser(db, await buildAgency(db), ["admin"]));
    expect((await admin.get("/api/agencies/00000000-0000-0000-0000-000000000000")).json().error.id).toBe("not_found");
    expect((await admin.get("/api/agencies/not-a-uuid")).json().error.id).toBe("validation_failed");
  });
});
