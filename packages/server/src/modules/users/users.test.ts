import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildAgency, buildUnit, buildUser, loginAs } from "../../../test/factories.ts";

const { app, database } = await setupTestApp();
const db = database.db;

describe("user administration (R-GEN-03)", () => {
  it("an admin creates a user in a subordinate agency; the user must change the initial password", async () => {
    const top = await buildAgency(db);
    const below = await buildAgency(db, { parent: top });
    const unit = await buildUnit(db, below, "legal");
    const admin = await loginAs(app, await buildUser(db, top, ["admin"]));
    const res = await admin.post("/api/users", { agencyId: below.id, unitId: unit.id, username: `new${Date.now()}`, displayName: "新用户", roles: ["legal_reviewer"], password: "initial-pass-1" });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ agencyId: below.id, unitId: unit.id, roles: ["legal_reviewer"], mustChangePassword: true });
    const login = await anonymous(app).post("/api/auth/login", { username: created.username, password: "initial-pass-1" });
    expect(login.json().user.mustChangePassword).toBe(true);
  });

  it("refuses a username already taken, a weak password, and a unit of another agency", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const taken = await buildUser(db, agency);
    const base = { agencyId: agency.id, displayName: "某人", roles: ["officer"], password: "initial-pass-1" };
    expect((await admin.post("/api/users", { ...base, username: taken.username })).json().error.details).toEqual([{ field: "username", message: "用户名已被使用" }]);
    expect((await admin.post("/api/users", { ...base, username: "weakpw", password: "123" })).json().error.details[0].field).toBe("password");
    const foreignUnit = await buildUnit(db, await buildAgency(db));
    expect((await admin.post("/api/users", { ...base, username: "unitx", unitId: foreignUnit.id })).json().error.details[0].field).toBe("unitId");
    expect((await admin.post("/api/users", { ...base, username: "rolex", roles: ["emperor"] })).statusCode).toBe(400);
  });

  it("scopes the user list: admin sees the subtree, head the agency, an officer only themself", async () => {
    const top = await buildAgency(db);
    const below = await buildAgency(db, { parent: top });
    const beside = await buildAgency(db);
    const inBelow = await buildUser(db, below);
    const inBeside = await buildUser(db, beside);
    const admin = await loginAs(app, await buildUser(db, top, ["admin"]));
    const names = (await admin.get("/api/users?pageSize=200")).json().items.map((u: { username: string }) => u.username);
    expect(names).toContain(inBelow.username);
    expect(names).not.toContain(inBeside.username);
    const officer = await loginAs(app, await buildUser(db, below, ["officer"]));
    const own = (await officer.get("/api/users")).json();
    expect(own.total).toBe(1);
    expect((await officer.get(`/api/users/${inBelow.id}`)).statusCode).toBe(403);
  });

  it("deactivating a user ends their sessions; an admin cannot change their own account here", async () => {
    const agency = await buildAgency(db);
    const adminUser = await buildUser(db, agency, ["admin"]);
    const admin = await loginAs(app, adminUser);
    const target = await buildUser(db, agency);
    const targetClient = await loginAs(app, target);
    const current = (await admin.get(`/api/users/${target.id}`)).json();
    expect((await admin.patch(`/api/users/${target.id}`, { version: current.version, active: false })).statusCode).toBe(200);
    expect((await targetClient.get("/api/auth/me")).statusCode).toBe(401);
    const self = (await admin.get(`/api/users/${adminUser.id}`)).json();
    expect((await admin.patch(`/api/users/${adminUser.id}`, { version: self.version, roles: ["officer"] })).statusCode).toBe(403);
  });

  it("resets a password: old sessions end, the new one must be changed at login", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const target = await buildUser(db, agency);
    const targetClient = await loginAs(app, target);
    expect((await admin.post(`/api/users/${target.id}/reset-password`, { password: "reset-pass-99" })).statusCode).toBe(204);
    expect((await targetClient.get("/api/auth/me")).statusCode).toBe(401);
    const login = await anonymous(app).post("/api/auth/login", { username: target.username, password: "reset-pass-99" });
    expect(login.json().user.mustChangePassword).toBe(true);
  });
});
