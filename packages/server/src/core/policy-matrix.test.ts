import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@zhifa/domain";
import { setupTestApp } from "../../test/harness.ts";
import { anonymous, buildAgency, buildUser, loginAs, type Client, type TestAgency } from "../../test/factories.ts";
import { mutate, systemContext } from "../db/audit.ts";
import { listDefinitions } from "../modules/lists/registry.ts";
import type { FieldDef, ListDefinition } from "../modules/lists/definition.ts";

/**
 * The policy matrix (R-GEN-03): every protected route × every role × where the caller sits
 * relative to the resource's agency — the same agency ("own"), an ancestor ("parent",
 * the subtree case) or an unrelated agency ("other") — and unauthenticated access.
 */
const { app, database } = await setupTestApp();
const db = database.db;

type Relation = "own" | "parent" | "other";
const RELATIONS: Relation[] = ["own", "parent", "other"];

interface Setup {
  target: TestAgency;
  clients: Map<string, Client>;
}

async function buildWorld(): Promise<Setup> {
  const parent = await buildAgency(db, { level: "city" });
  const target = await buildAgency(db, { parent, level: "county" });
  const other = await buildAgency(db, { level: "city" });
  const where: Record<Relation, TestAgency> = { own: target, parent, other };
  const clients = new Map<string, Client>();
  for (const role of ROLES) for (const rel of RELATIONS) clients.set(`${role}/${rel}`, await loginAs(app, await buildUser(db, where[rel], [role])));
  return { target, clients };
}

const world = await buildWorld();

/** A schema-valid value for a field (the generic policy check runs before cross-field checks). */
function sample(f: FieldDef, i: number): unknown {
  switch (f.type) {
    case "text":
      return f.pattern === "^\\d{6}$" ? "990102" : `M${i}X${Math.random().toString(36).slice(2, 8)}`;
    case "longtext":
      return "矩阵测试";
    case "int":
      return f.min ?? 1;
    case "number":
      return f.min ?? 1;
    case "date":
      return "2026-01-05";
    case "enum":
      return f.options![0]!.value;
    case "enumArray":
      return [f.options![0]!.value];
    case "textArray":
      return f.pattern === "^\\d{6}$" ? ["990102"] : ["矩阵"];
    case "bool":
      return true;
  }
}

function sampleRow(def: ListDefinition, i: number): Record<string, unknown> {
  return Object.fromEntries(def.fields.map((f) => [f.key, sample(f, i)]));
}

let counter = 0;
async function insertRow(def: ListDefinition, agencyId: string): Promise<string> {
  return mutate(db, systemContext("test", "matrix"), async (tx) => {
    const [row] = await tx.insert(def.table).values({ ...sampleRow(def, ++counter), agencyId } as never).returning({ id: def.table.id });
    return (row as { id: string }).id;
  });
}

const maintain = (role: Role, rel: Relation) => (role === "admin" && rel !== "other") || (role === "agency_head" && rel === "own");
const readList = (role: Role, rel: Relation) => rel === "own" || ((role === "supervisor" || role === "admin") && rel === "parent");
const denied = (status: number) => status === 403 || status === 404;

const cases: [Role, Relation][] = ROLES.flatMap((r) => RELATIONS.map((rel) => [r, rel] as [Role, Relation]));

describe("policy matrix: lists", () => {
  for (const def of listDefinitions) {
    describe(def.label, () => {
      it.each(cases)(`%s in the %s agency: read, history, export (${def.rule})`, async (role, rel) => {
        const c = world.clients.get(`${role}/${rel}`)!;
        const id = await insertRow(def, world.target.id);
        const allowed = readList(role, rel);
        const one = await c.get(`/api/lists/${def.kind}/${id}`);
        expect(allowed ? one.statusCode === 200 : denied(one.statusCode), `GET one → ${one.statusCode}`).toBe(true);
        const list = (await c.get(`/api/lists/${def.kind}?agencyId=${world.target.id}&pageSize=200`)).json();
        expect(list.items.some((r: { id: string }) => r.id === id)).toBe(allowed);
        const history = await c.get(`/api/history/${def.tableName}/${id}`);
        expect(allowed ? history.statusCode === 200 : denied(history.statusCode), `history → ${history.statusCode}`).toBe(true);
      });

      it.each(cases)(`%s in the %s agency: create, update, delete, import (${def.rule})`, async (role, rel) => {
        const c = world.clients.get(`${role}/${rel}`)!;
        const allowed = maintain(role, rel);
        const created = await c.post(`/api/lists/${def.kind}`, { agencyId: world.target.id, ...sampleRow(def, ++counter) });
        expect(allowed ? !denied(created.statusCode) : created.statusCode === 403, `create → ${created.statusCode} ${created.body}`).toBe(true);
        const id = await insertRow(def, world.target.id);
        const updated = await c.patch(`/api/lists/${def.kind}/${id}`, { version: 1 });
        expect(allowed ? updated.statusCode === 200 : denied(updated.statusCode), `update → ${updated.statusCode}`).toBe(true);
        const deleted = await c.delete(`/api/lists/${def.kind}/${id}`);
        expect(allowed ? deleted.statusCode === 204 : denied(deleted.statusCode), `delete → ${deleted.statusCode}`).toBe(true);
        const imported = await c.request({ method: "POST", url: `/api/lists/${def.kind}/import?agencyId=${world.target.id}`, payload: "x", headers: { "content-type": "text/plain" } });
        // allowed callers get past the policy to the file check; the others are refused first
        expect(allowed ? imported.statusCode === 400 : imported.statusCode === 403, `import → ${imported.statusCode}`).toBe(true);
      });
    });
  }
});

describe("policy matrix: agencies and users", () => {
  it.each(cases)("%s in the %s agency", async (role, rel) => {
    const c = world.clients.get(`${role}/${rel}`)!;
    const t = world.target;
    const admin = role === "admin" && rel !== "other";
    expect((await c.get(`/api/agencies/${t.id}`)).statusCode).toBe(200); // the tree is public knowledge (R-LIST-01)
    const detail = (await c.get(`/api/agencies/${t.id}`)).json();
    const child = await c.post("/api/agencies", { parentId: t.id, code: `MX${++counter}${role.length}`, name: "矩阵测试下级局", level: "township", regionCode: "990102", regionName: "测试", actionTypes: ["penalty"] });
    expect(child.statusCode).toBe(admin ? 201 : 403);
    const patch = await c.patch(`/api/agencies/${t.id}`, { version: detail.version, phone: `0999-${counter}` });
    expect(patch.statusCode).toBe(admin ? 200 : 403);
    const unit = await c.post(`/api/agencies/${t.id}/units`, { name: `科${counter}`, kind: "case" });
    expect(unit.statusCode).toBe(admin || (role === "agency_head" && rel === "own") ? 201 : 403);

    const target = await buildUser(db, t, ["officer"]);
    const read = await c.get(`/api/users/${target.id}`);
    expect(read.statusCode).toBe(admin || (role === "agency_head" && rel === "own") ? 200 : 403);
    const create = await c.post("/api/users", { agencyId: t.id, username: `mx${counter}${role.length}${rel}`, displayName: "矩阵", roles: ["officer"], password: "matrix-pass-1" });
    expect(create.statusCode).toBe(admin ? 201 : 403);
    const update = await c.patch(`/api/users/${target.id}`, { version: 1, displayName: "改名" });
    expect(update.statusCode).toBe(admin ? 200 : 403);
    const reset = await c.post(`/api/users/${target.id}/reset-password`, { password: "matrix-pass-2" });
    expect(reset.statusCode).toBe(admin ? 204 : 403);
  });

  it("unauthenticated callers get 401 on every one of these routes", async () => {
    const anon = anonymous(app);
    const id = world.target.id;
    for (const [method, url] of [
      ["GET", "/api/agencies"],
      ["GET", `/api/agencies/${id}`],
      ["POST", "/api/agencies"],
      ["GET", "/api/users"],
      ["POST", "/api/users"],
      ...listDefinitions.flatMap((d) => [["GET", `/api/lists/${d.kind}`] as const, ["POST", `/api/lists/${d.kind}`] as const, ["GET", `/api/lists/${d.kind}/export`] as const]),
    ] as const) {
      const res = await anon.request({ method, url, payload: method === "POST" ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
