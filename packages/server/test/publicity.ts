/**
 * Test data for the publication of decisions (publicity and portal tests): an enforcement unit
 * with its officers, unit lead, head and publicity reviewer, and a general-procedure penalty case
 * taken through its decision, whose draft publication the case's hook makes.
 */
import { expect } from "vitest";
import type { App } from "../src/core/types.ts";
import type { Db } from "../src/db/client.ts";
import { buildAgency, buildOfficer, buildUser, loginAs, type Client, type TestAgency, type TestUser } from "./factories.ts";

export interface PublicityUnit {
  agency: TestAgency;
  officerIds: string[];
  officer: TestUser;
  reviewerUser: TestUser;
  /** officer and lead handle cases; `other` is an officer of the agency outside the case team */
  c: { officer: Client; lead: Client; head: Client; reviewer: Client; other: Client };
}

export async function buildPublicityUnit(app: App, db: Db, options: { parent?: TestAgency; name?: string } = {}): Promise<PublicityUnit> {
  const agency = await buildAgency(db, { ...(options.parent ? { parent: options.parent } : {}), ...(options.name ? { name: options.name } : {}) });
  const officer = await buildUser(db, agency, ["officer"]);
  const officer2 = await buildUser(db, agency, ["officer"]);
  const o1 = await buildOfficer(db, agency, { user: officer, name: "李执法" });
  const o2 = await buildOfficer(db, agency, { user: officer2, name: "王执法" });
  const reviewerUser = await buildUser(db, agency, ["publicity_reviewer"]);
  return {
    agency,
    officer,
    reviewerUser,
    officerIds: [o1.id, o2.id],
    c: {
      officer: await loginAs(app, officer),
      lead: await loginAs(app, await buildUser(db, agency, ["unit_lead"])),
      head: await loginAs(app, await buildUser(db, agency, ["agency_head"])),
      reviewer: await loginAs(app, reviewerUser),
      other: await loginAs(app, await buildUser(db, agency, ["officer"])),
    },
  };
}

/** Expects the status and returns the JSON body. */
export async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body.slice(0, 600)).toBe(status);
  return r.json() as Record<string, unknown> & { id: string };
}

/**
 * A general-procedure penalty case taken through its decision, with a generated 行政处罚决定书 whose
 * facts name the party (and its phone; its address too with `addressInFacts`).
 */
/** The content of a case's penalty decision (PUT /api/cases/:id/decision). */
export const penaltyDecision = (measures: string[], amountFen: number, discretionReason: string) => ({ measures, amountFen, tierId: null, discretionReason, outsideTierReason: null, majorFlags: [] });

/**
 * A general-procedure penalty case opened by the unit's officers and taken to its decision stage
 * (立案 approved, investigated, 告知 given, reviewed by the unit lead) with `decision` recorded.
 */
export async function penaltyAtDecision(u: PublicityUnit, o: { title: string; source: string; party: Record<string, unknown>; decision: ReturnType<typeof penaltyDecision> }): Promise<string> {
  const { id } = await ok(u.c.officer.post("/api/cases", { workflowKey: "penalty.general", title: o.title, source: o.source, party: o.party, officerIds: u.officerIds }), 201);
  const rec = (kind: string) => ok(u.c.officer.post(`/api/cases/${id}/records`, { kind, body: `${kind} 的内容` }), 201);
  await rec("filing_approval");
  await ok(u.c.lead.post(`/api/cases/${id}/advance`, {}));
  await rec("inquiry");
  await rec("case_report");
  await ok(u.c.officer.post(`/api/cases/${id}/advance`, {}));
  await rec("penalty_notice");
  await ok(u.c.officer.post(`/api/cases/${id}/advance`, { next: "review" }));
  await ok(u.c.lead.post(`/api/cases/${id}/advance`, {}));
  await ok(u.c.officer.put(`/api/cases/${id}/decision`, o.decision));
  return id;
}

export async function decidedPenalty(u: PublicityUnit, party: Record<string, unknown>, title = "销售过期食品", options: { addressInFacts?: boolean } = {}): Promise<string> {
  const id = await penaltyAtDecision(u, { title, source: "complaint", party, decision: penaltyDecision(["警告", "罚款"], 500_000, "初次违法，按从轻阶次裁量") });
  const phone = typeof party.phone === "string" ? `，联系电话${party.phone}` : "";
  const address = options.addressInFacts && typeof party.address === "string" ? `，住所${party.address}` : "";
  await ok(
    u.c.officer.post(`/api/cases/${id}/documents`, {
      kind: "penalty_decision",
      texts: {
        facts: `经查，当事人${String(party.name)}${phone}${address}，于2026年10月在其经营场所${title}，货值金额800元。`,
        evidence: "现场检查笔录、询问笔录、进货票据",
        violated: "《中华人民共和国食品安全法》第三十四条第（十）项",
        basis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
      },
    }),
    201,
  );
  expect((await ok(u.c.head.post(`/api/cases/${id}/advance`, {}))).stage).toBe("service");
  return id;
}
