import { describe, expect, it } from "vitest";
import type { Role } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildCase, buildMatrix, type Relation } from "../../../test/factories.ts";

/**
 * Who may read, handle and open cases (R-GEN-03, R-CASE-01) × every role × own / parent /
 * other agency. The case's team holds two officers who are not matrix users, so an officer of
 * the agency reads it but may not work on it.
 */
const { app, database } = await setupTestApp();
const db = database.db;
const { cases, target, clients } = await buildMatrix(app, db);
const theCase = await buildCase(app, db, target);

const mayRead = (role: Role, rel: Relation) => (role === "supervisor" && rel !== "other") || (rel === "own" && ["officer", "unit_lead", "legal_reviewer", "agency_head"].includes(role));
const mayHandle = (role: Role, rel: Relation) => rel === "own" && ["unit_lead", "agency_head"].includes(role);
const mayCreate = (role: Role) => ["officer", "unit_lead", "agency_head"].includes(role);

describe("policy matrix: cases (R-GEN-03)", () => {
  it.each(cases)("%s in the %s agency", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const read = (await c.get(`/api/cases/${theCase.id}`)).statusCode;
    expect(read, `read → ${read}`).toBe(mayRead(role, rel) ? 200 : 404);
    const rec = await c.post(`/api/cases/${theCase.id}/records`, { kind: "other", body: "矩阵" });
    expect(rec.statusCode, `record → ${rec.body}`).toBe(mayHandle(role, rel) ? 201 : mayRead(role, rel) ? 403 : 404);
    const list = await c.get(`/api/cases`);
    expect(list.statusCode).toBe(mayRead(role, "own") || role === "supervisor" ? 200 : 403);
    if (list.statusCode === 200) expect(list.json().items.some((x: { id: string }) => x.id === theCase.id)).toBe(mayRead(role, rel));
    // opening a case with the target agency's officers: only the target's own handlers succeed
    const open = await c.post("/api/cases", { workflowKey: "penalty.general", title: "矩阵案件", source: "other", party: { type: "person", name: "甲" }, officerIds: theCase.officerIds });
    expect(open.statusCode, `open → ${open.body}`).toBe(mayCreate(role) ? (rel === "own" ? 201 : 400) : 403);
  });

  it("unauthenticated callers get 401; the published flowchart is public", async () => {
    const anon = anonymous(app);
    expect((await anon.get(`/api/cases/${theCase.id}`)).statusCode).toBe(401);
    expect((await anon.get(`/api/cases`)).statusCode).toBe(401);
    expect((await anon.get(`/api/workflows`)).statusCode).toBe(401);
    expect((await anon.get(`/api/workflows/penalty.general/flowchart.svg`)).statusCode).toBe(200);
  });
});
