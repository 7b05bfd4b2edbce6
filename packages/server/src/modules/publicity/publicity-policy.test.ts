import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { todayInShanghai, type Role } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildCase, buildMatrix, buildUser, loginAs, type Relation } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { getCase } from "../cases/service.ts";
import { definitionOf } from "../cases/workflows.ts";
import { draftFromCase } from "./service.ts";
import { publications } from "./tables.ts";

/**
 * Who may read, review, publish, withdraw and list publications (R-PUB-06, R-PUB-12, R-GEN-03)
 * × every role × own / parent / other agency. The draft comes from a case of the target agency
 * whose team the matrix's officers are not on; a team officer is checked on their own.
 */
const { app, database } = await setupTestApp();
const db = database.db;
const { cases, target, clients } = await buildMatrix(app, db);
const teamOfficer = await buildUser(db, target, ["officer"]);
const theCase = await buildCase(app, db, target, { handlers: [teamOfficer], partyName: "示范矩阵有限公司" });
const c = (await getCase(db, theCase.id))!;
const def = await definitionOf(db, c.workflowId);
await mutate(db, systemContext("test", "test.publicity_draft"), (tx) => draftFromCase(tx, app.ledger, c, { on: todayInShanghai(new Date()), stage: "decision", def }));
const [draft] = await db.select({ id: publications.id }).from(publications).where(eq(publications.caseId, c.id));
const id = draft!.id;

const mayRead = (role: Role, rel: Relation) => (role === "supervisor" && rel !== "other") || (rel === "own" && ["publicity_reviewer", "unit_lead", "agency_head"].includes(role));
const reviews = (role: Role, rel: Relation) => role === "publicity_reviewer" && rel === "own";
const withdraws = (role: Role, rel: Relation) => rel === "own" && (role === "publicity_reviewer" || role === "agency_head");
const hasQueue = (role: Role) => ["publicity_reviewer", "unit_lead", "agency_head", "officer", "supervisor"].includes(role);
const hasReport = (role: Role) => ["agency_head", "supervisor"].includes(role);

describe("policy matrix: publications (R-PUB-06, R-PUB-12, R-GEN-03)", () => {
  it.each(cases)("%s in the %s agency", async (role, rel) => {
    const client = clients.get(`${role}/${rel}`)!;
    const read = await client.get(`/api/publicity/${id}`);
    expect(read.statusCode, `read → ${read.body}`).toBe(mayRead(role, rel) ? 200 : 404);
    if (read.statusCode === 200) expect(read.json().can).toMatchObject({ edit: reviews(role, rel), publish: reviews(role, rel), withhold: reviews(role, rel), withdraw: false });
    // only the agency's publicity reviewers edit (a no-op title edit keeps the draft as it is)
    const edit = await client.put(`/api/publicity/${id}`, { redacted: { title: "测试案件" } });
    expect(edit.statusCode, `edit → ${edit.body}`).toBe(reviews(role, rel) ? 200 : mayRead(role, rel) ? 403 : 404);
    // withdrawing a draft: the policy first, then the state (409 for those who may withdraw)
    const withdraw = await client.post(`/api/publicity/${id}/withdraw`, { rulingKind: "revoked", rulingDate: todayInShanghai(new Date()), note: "" });
    expect(withdraw.statusCode, `withdraw → ${withdraw.body}`).toBe(withdraws(role, rel) ? 409 : mayRead(role, rel) ? 403 : 404);
    const publishOther = await client.post(`/api/publicity/00000000-0000-4000-8000-000000000000/publish`, {});
    expect(publishOther.statusCode).toBe(404);
    const list = await client.get("/api/publicity");
    expect(list.statusCode).toBe(hasQueue(role) ? 200 : 403);
    if (list.statusCode === 200) expect(list.json().items.some((x: { id: string }) => x.id === id)).toBe(mayRead(role, rel));
    const report = await client.get("/api/publicity/overdue");
    expect(report.statusCode).toBe(hasReport(role) ? 200 : 403);
    const corrections = await client.get("/api/publicity/corrections");
    expect(corrections.statusCode).toBe(["publicity_reviewer", "agency_head", "supervisor"].includes(role) ? 200 : 403);
  });

  it("an officer on the case's team sees its draft, and only that, but does not review it", async () => {
    const oc = await loginAs(app, teamOfficer);
    expect((await oc.get(`/api/publicity/${id}`)).json()).toMatchObject({ id, can: { edit: false, publish: false } });
    expect((await oc.get("/api/publicity")).json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await oc.post(`/api/publicity/${id}/publish`, {})).statusCode).toBe(403);
  });

  it("unauthenticated callers get 401 on staff routes; the public routes answer without a session", async () => {
    const anon = anonymous(app);
    expect((await anon.get(`/api/publicity/${id}`)).statusCode).toBe(401);
    expect((await anon.get("/api/publicity")).statusCode).toBe(401);
    expect((await anon.post("/api/publicity/decisions", {})).statusCode).toBe(401);
    expect((await anon.get("/api/public/decisions")).statusCode).toBe(200);
    // a draft does not exist publicly
    expect((await anon.get(`/api/public/decisions/${id}`)).statusCode).toBe(404);
  });

  it("the public routes are rate-limited per address", async () => {
    const anon = anonymous(app);
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await anon.get("/api/public/corrections/AAAAAAAAAAAAAAAA")).statusCode);
    expect(codes[0]).toBe(404);
    expect(codes).toContain(429);
  });
});
