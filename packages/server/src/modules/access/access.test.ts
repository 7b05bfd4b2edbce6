import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildAgency, buildCase, buildUser, loginAs } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { caseChain } from "../cases/service.ts";
import { accessRequests } from "./tables.ts";

/** 查阅、复制申请 (R-REC-08, R-REC-09): request without login, the head's decision, time-limited reading. */
const { app, database } = await setupTestApp();
const db = database.db;

const ask = (caseNumber: string, over: Record<string, unknown> = {}) =>
  anonymous(app).post("/api/access-requests", { caseNumber, requester: { name: "王某某", idNo: "110101199003077777", phone: "13800000000" }, relation: "party", purpose: "准备申请行政复议", scope: "copy", includeFiles: true, ...over });

describe("access to a case's records (R-REC-08)", () => {
  it("a party asks with the case number, the head approves for a limited time, the party reads with the code; every step is on the ledger", async () => {
    const agency = await buildAgency(db);
    const officer = await buildUser(db, agency, ["officer"]);
    const c = await buildCase(app, db, agency, { handlers: [officer] });
    const oc = await loginAs(app, officer);
    expect((await oc.post(`/api/cases/${c.id}/records`, { kind: "filing_approval", body: "立案审批表：拟立案调查" })).statusCode).toBe(201);

    expect((await ask("不存在的案号")).json().error.id).toBe("access_case_not_found");
    expect((await ask(c.number, { requester: { name: "", idNo: "x", phone: "1" } })).statusCode).toBe(400);
    const res = await ask(c.number);
    expect(res.statusCode, res.body).toBe(201);
    const { id, code } = res.json() as { id: string; code: string };
    expect(code).toMatch(/^[A-Z2-9]{16}$/);
    // only a hash of the code is kept
    const [stored] = await db.select().from(accessRequests).where(eq(accessRequests.id, id));
    expect(stored!.codeHash).not.toContain(code);

    const anon = anonymous(app);
    expect((await anon.post("/api/access-requests/lookup", { code })).json()).toMatchObject({ status: "pending", caseNumber: c.number });
    expect((await anon.post("/api/access-requests/lookup", { code: "AAAAAAAAAAAAAAAA" })).json().error.id).toBe("access_code_invalid");
    expect((await anon.post("/api/access-requests/read", { code })).json().error.id).toBe("access_not_approved");

    // the unit lead sees it; only the head decides
    const lead = await loginAs(app, await buildUser(db, agency, ["unit_lead"]));
    const head = await loginAs(app, await buildUser(db, agency, ["agency_head"]));
    const list = (await lead.get("/api/access-requests?status=pending")).json();
    expect(list.items.map((x: { id: string; relationLabel: string }) => [x.id, x.relationLabel])).toEqual([[id, "当事人"]]);
    expect((await lead.post(`/api/access-requests/${id}/decide`, { approve: true, reason: "" })).statusCode).toBe(403);
    expect((await oc.get("/api/access-requests")).statusCode).toBe(403);
    const other = await loginAs(app, await buildUser(db, await buildAgency(db), ["agency_head"]));
    expect((await other.post(`/api/access-requests/${id}/decide`, { approve: true, reason: "" })).statusCode).toBe(404);
    const ok = await head.post(`/api/access-requests/${id}/decide`, { approve: true, reason: "同意查阅", days: 5, scope: "read", includeFiles: false });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: "approved", scope: "read", includeFiles: false });
    expect((await head.post(`/api/access-requests/${id}/decide`, { approve: false, reason: "改变主意" })).json().error.id).toBe("access_decided");

    const read = await anon.post("/api/access-requests/read", { code: code.toLowerCase() });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().records.map((r: { title: string; body: string }) => r.body)).toContain("立案审批表：拟立案调查");
    expect(read.json().files).toEqual([]);

    // after the approved period, nothing more
    await mutate(db, systemContext("test", "test.expire"), (tx) => tx.update(accessRequests).set({ validTo: "2020-01-01" }).where(eq(accessRequests.id, id)));
    expect((await anon.post("/api/access-requests/read", { code })).json().error.id).toBe("access_expired");
    expect((await anon.post("/api/access-requests/lookup", { code })).json().status).toBe("expired");

    const kinds = await db.select({ kind: ledgerEntries.kind, body: ledgerEntries.body }).from(ledgerEntries).where(and(eq(ledgerEntries.chain, caseChain(c.id)), like(ledgerEntries.kind, "case.access_%")));
    expect(kinds.map((k) => k.kind)).toEqual(["case.access_requested", "case.access_decided", "case.access_read"]);
    // the requester's identity number and phone stay out of the ledger
    expect(kinds.some((k) => k.body.includes("110101199003077777") || k.body.includes("13800000000"))).toBe(false);
  });

  it("a refusal needs reasons", async () => {
    const agency = await buildAgency(db);
    const c = await buildCase(app, db, agency);
    const { id, code } = (await ask(c.number, { relation: "public" })).json() as { id: string; code: string };
    const head = await loginAs(app, await buildUser(db, agency, ["agency_head"]));
    expect((await head.post(`/api/access-requests/${id}/decide`, { approve: false, reason: " " })).statusCode).toBe(400);
    expect((await head.post(`/api/access-requests/${id}/decide`, { approve: false, reason: "涉及第三人商业秘密" })).json().status).toBe("refused");
    expect((await anonymous(app).post("/api/access-requests/lookup", { code })).json()).toMatchObject({ status: "refused", decisionReason: "涉及第三人商业秘密" });
  });

  it("unauthenticated requests are rate-limited per address", async () => {
    const agency = await buildAgency(db);
    const c = await buildCase(app, db, agency);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await ask(c.number)).statusCode);
    expect(codes).toContain(429);
  });
});
