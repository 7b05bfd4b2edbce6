import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { setupTestApp } from "../../../test/harness.ts";
import { TEST_PASSWORD, anonymous, buildAgency, buildUser, loginAs } from "../../../test/factories.ts";
import { auditEvents } from "../audit/tables.ts";

const { app, database } = await setupTestApp({ LOGIN_MAX_FAILURES: 3, LOGIN_MAX_FAILURES_PER_IP: 8 });
const db = database.db;

describe("login and sessions (R-GEN-03)", () => {
  it("logs in with the right password and returns the user, agency and abilities", async () => {
    const agency = await buildAgency(db);
    const user = await buildUser(db, agency, ["admin"]);
    const client = await loginAs(app, user);
    const me = await client.get("/api/auth/me");
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.user.username).toBe(user.username);
    expect(body.agency.id).toBe(agency.id);
    expect(body.abilities.user.create).toBe(true);
    expect(body.abilities.agency.createChild).toBe(true);
  });

  it("refuses a wrong password with a stable error id", async () => {
    const user = await buildUser(db, await buildAgency(db));
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: "nope" }, remoteAddress: "10.0.0.1" });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.id).toBe("invalid_credentials");
    expect(res.json().error.message).toBe("用户名或密码错误");
  });

  it("locks the account after repeated failures, even with the right password", async () => {
    const user = await buildUser(db, await buildAgency(db));
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: "wrong" }, remoteAddress: `10.1.0.${i}` });
      expect(r.statusCode).toBe(401);
    }
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: TEST_PASSWORD }, remoteAddress: "10.1.0.9" });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.id).toBe("account_locked");
  });

  it("limits failures per IP across accounts", async () => {
    const agency = await buildAgency(db);
    for (let i = 0; i < 8; i++) {
      await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: `nobody${i}`, password: "x" }, remoteAddress: "10.2.0.1" });
    }
    const user = await buildUser(db, agency);
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: TEST_PASSWORD }, remoteAddress: "10.2.0.1" });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.id).toBe("too_many_attempts");
  });

  it("refuses a disabled account", async () => {
    const user = await buildUser(db, await buildAgency(db), ["officer"], { active: false });
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: TEST_PASSWORD }, remoteAddress: "10.3.0.1" });
    expect(res.json().error.id).toBe("account_disabled");
  });

  it("requires a session on every non-public route", async () => {
    const res = await anonymous(app).get("/api/auth/me");
    expect(res.statusCode).toBe(401);
    expect(res.json().error.id).toBe("unauthenticated");
    const users = await anonymous(app).get("/api/users");
    expect(users.statusCode).toBe(401);
  });

  it("refuses a state-changing request without the CSRF token", async () => {
    const user = await buildUser(db, await buildAgency(db));
    const client = await loginAs(app, user);
    const res = await client.request({ method: "POST", url: "/api/auth/logout", headers: { "x-csrf-token": "forged" } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.id).toBe("csrf_failed");
  });

  it("logs out: the session no longer works, and the logout is audited", async () => {
    const user = await buildUser(db, await buildAgency(db));
    const client = await loginAs(app, user);
    expect((await client.post("/api/auth/logout")).statusCode).toBe(204);
    const res = await client.get("/api/auth/me");
    expect(res.statusCode).toBe(401);
    expect(res.json().error.id).toBe("session_expired");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.actor, `user:${user.id}`));
    expect(events.map((e) => e.action)).toEqual(["auth.login", "auth.logout"]);
    // secrets never enter the audit trail
    expect(JSON.stringify(events)).not.toContain("token_hash");
  });

  it("changes the password: old one refused, weak one refused, new one works", async () => {
    const user = await buildUser(db, await buildAgency(db));
    const client = await loginAs(app, user);
    expect((await client.post("/api/auth/password", { oldPassword: "bad", newPassword: "abcdef123456" })).json().error.id).toBe("wrong_password");
    expect((await client.post("/api/auth/password", { oldPassword: TEST_PASSWORD, newPassword: "short1" })).json().error.id).toBe("weak_password");
    expect((await client.post("/api/auth/password", { oldPassword: TEST_PASSWORD, newPassword: "new-password-456" })).statusCode).toBe(204);
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: user.username, password: "new-password-456" }, remoteAddress: "10.4.0.1" });
    expect(res.statusCode).toBe(200);
  });

  it("answers a malformed body with validation_failed, not a 500", async () => {
    const res = await app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: "{not json" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe("validation_failed");
    const missing = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "x" } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ field: "password", message: "必填" }]);
  });
});
