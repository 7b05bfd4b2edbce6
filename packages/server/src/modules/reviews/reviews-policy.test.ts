import { describe, expect, it } from "vitest";
import { emptyChecklist, type Role } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildCase, buildMatrix, buildUser, type Relation } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { legalReviews } from "./tables.ts";

/**
 * Who may read, accept, decide and list legal reviews (R-REV, R-GEN-03) × every role × own /
 * parent / other agency. The round is waiting for acceptance; the matrix's legal reviewer of
 * the agency did not handle the case, so they may accept it.
 */
const { app, database } = await setupTestApp();
const db = database.db;
const { cases, target, clients } = await buildMatrix(app, db);
const theCase = await buildCase(app, db, target);
const submitter = await buildUser(db, target, ["officer"]);
const reviewId = await mutate(db, systemContext("test", "test.review"), async (tx) => {
  const [row] = await tx
    .insert(legalReviews)
    .values({ caseId: theCase.id, agencyId: target.id, round: 1, state: "pending", submittedBy: submitter.id, submittedAt: new Date(), submission: { facts: "事实", lawApplied: "依据", discretion: "裁量", evidenceCollection: "取证", hearing: "", draftDecision: "代拟稿", recordIds: [], evidenceIds: [], otherMaterials: "" }, decision: null, decisionKey: "none", checklist: emptyChecklist() })
    .returning({ id: legalReviews.id });
  return row!.id;
});

const mayRead = (role: Role, rel: Relation) => (role === "supervisor" && rel !== "other") || (rel === "own" && ["officer", "unit_lead", "legal_reviewer", "agency_head"].includes(role));
const hasQueue = (role: Role) => ["legal_reviewer", "agency_head", "supervisor"].includes(role);

describe("policy matrix: legal reviews (R-REV, R-GEN-03)", () => {
  it.each(cases)("%s in the %s agency", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const read = (await c.get(`/api/reviews/${reviewId}`)).statusCode;
    expect(read, `read → ${read}`).toBe(mayRead(role, rel) ? 200 : 404);
    // only the agency's legal unit accepts
    const accept = await c.post(`/api/reviews/${reviewId}/accept`, {});
    const mayAccept = role === "legal_reviewer" && rel === "own";
    expect(accept.statusCode, `accept → ${accept.body}`).toBe(mayAccept ? 200 : mayRead(role, rel) ? 403 : 404);
    // only the agency head settles disputes (the round is not disputed: a state refusal, after the policy)
    const resolve = await c.post(`/api/reviews/${reviewId}/dispute/decide`, { uphold: true, reason: "矩阵" });
    expect(resolve.statusCode, `resolve → ${resolve.body}`).toBe(role === "agency_head" && rel === "own" ? 409 : mayRead(role, rel) ? 403 : 404);
    const list = await c.get("/api/reviews");
    expect(list.statusCode).toBe(hasQueue(role) ? 200 : 403);
    if (list.statusCode === 200) expect(list.json().items.some((x: { id: string }) => x.id === reviewId)).toBe(mayRead(role, rel));
  });

  it("unauthenticated callers get 401", async () => {
    const anon = anonymous(app);
    expect((await anon.get(`/api/reviews/${reviewId}`)).statusCode).toBe(401);
    expect((await anon.get("/api/reviews")).statusCode).toBe(401);
  });
});
