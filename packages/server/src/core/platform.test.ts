import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import { setupTestApp } from "../../test/harness.ts";
import { anonymous } from "../../test/factories.ts";
import { redactUrl } from "./logging.ts";
import { loadConfig, ConfigError } from "../config.ts";

const { app } = await setupTestApp();
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the running platform", () => {
  it("answers /healthz and serves the OpenAPI document", async () => {
    expect((await app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const doc = (await app.inject("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/auth/login");
    expect((await app.inject("/api/docs/")).statusCode).toBe(200);
  });

  it("sends security headers", async () => {
    const res = await app.inject("/healthz");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-frame-options"]).toBeDefined();
  });

  it("answers unknown routes with a stable error id, and rate-limits them", async () => {
    const first = await app.inject({ url: "/api/no-such-thing", remoteAddress: "10.9.9.9" });
    expect(first.statusCode).toBe(404);
    expect(first.json().error.id).toBe("route_not_found");
    let last = first;
    for (let i = 0; i < 70; i++) last = await app.inject({ url: `/nope/${i}`, remoteAddress: "10.9.9.9" });
    expect(last.statusCode).toBe(429);
  });

  it("every API route except the declared public ones needs a session", async () => {
    const doc = (await app.inject("/api/openapi.json")).json() as { paths: Record<string, Record<string, unknown>> };
    const publicRoutes = new Set(["POST /api/auth/login", "GET /api/version", "GET /api/workflows/{key}/flowchart.svg", "POST /api/access-requests", "POST /api/access-requests/lookup", "POST /api/access-requests/read"]);
    const checked: string[] = [];
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${p}`;
        if (publicRoutes.has(key) || p.startsWith("/api/public") || p.startsWith("/api/ledger")) continue;
        const url = p.replace(/\{[^}]+\}/g, "00000000-0000-0000-0000-000000000000");
        const res = await anonymous(app).request({ method: method.toUpperCase() as "GET", url, payload: method === "get" ? undefined : {} });
        expect(res.statusCode, key).toBe(401);
        checked.push(key);
      }
    }
    expect(checked.length).toBeGreaterThan(15);
  });

  it("never logs query values (they may hold names or ID numbers)", () => {
    expect(redactUrl("/api/lists/officers?q=张三&idNumber=110101199003077777&page=1")).toBe("/api/lists/officers?q=*&idNumber=*&page=*");
  });

  it("keeps passwords and cookies out of the logs", async () => {
    const lines: string[] = [];
    const Fastify = (await import("fastify")).default;
    const { loggerOptions } = await import("./logging.ts");
    const opts = loggerOptions("info") as Record<string, unknown>;
    const probe = Fastify({ logger: { ...opts, stream: new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }) } as never });
    probe.post("/x", async (req) => {
      req.log.info({ body: req.body }, "body");
      return {};
    });
    await probe.inject({ method: "POST", url: "/x?name=李四", payload: { password: "secret-pass-1", username: "u" }, headers: { cookie: "zhifa_session=abc" } });
    const all = lines.join("\n");
    expect(all).not.toContain("secret-pass-1");
    expect(all).not.toContain("zhifa_session=abc");
    expect(all).not.toContain("李四");
    expect(all).toContain("reqId");
  });
});

describe("configuration is validated at boot", () => {
  it("names each bad value", () => {
    expect(() => loadConfig({ PORT: "http", COOKIE_SECURE: "maybe" })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: "http", COOKIE_SECURE: "maybe" });
    } catch (e) {
      expect(String(e)).toContain("PORT");
      expect(String(e)).toContain("COOKIE_SECURE");
    }
  });

  it("the server process exits non-zero on a bad value, saying which", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: serverDir, env: { ...process.env, PORT: "99999", DATA_DIR: "/tmp/zhifa-bad-config" }, encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("PORT=99999");
  });
});
