import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client, type TestAgency } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { officers } from "../lists/defs/officers.ts";

const { app, database } = await setupTestApp();
const db = database.db;

type RatioRow = { agencyId: string; officers: number; reviewers: number; ratio: number | null; required: number; below: boolean };

/** Officers straight into the officers list's table: this report only counts them. */
async function addOfficers(agency: TestAgency, n: number, active = true) {
  if (n === 0) return;
  await mutate(db, systemContext("test", "test.officers"), (tx) =>
    tx.insert(officers).values(
      Array.from({ length: n }, (_, i) => ({
        agencyId: agency.id,
        name: `执法员${i}`,
        gender: "male",
        certNumber: `T${crypto.randomBytes(6).toString("hex")}`,
        validFrom: "2024-01-01",
        validTo: "2030-12-31",
        active,
      })),
    ),
  );
}

let staff = 0;
async function addReviewer(client: Client, agency: TestAgency, extra: Record<string, unknown> = {}) {
  const res = await client.post("/api/lists/legal-reviewers", {
    agencyId: agency.id,
    staffNo: `R${++staff}`,
    name: "法制审核员",
    unitName: "法制科",
    qualification: "legal_profession",
    since: "2023-03-01",
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

async function report(client: Client, query = "") {
  const res = await client.get(`/api/reports/reviewer-ratio${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { target: number; belowCount: number; items: RatioRow[] };
  return { ...body, byId: new Map(body.items.map((r) => [r.agencyId, r])) };
}

describe("法制审核人员 ≥ 5% of officers (R-LIST-12)", () => {
  it("reports the agencies whose active reviewers are below 5% of their active officers (R-LIST-12)", async () => {
    const top = await buildAgency(db);
    const exact = await buildAgency(db, { parent: top });
    const short = await buildAgency(db, { parent: top });
    const empty = await buildAgency(db, { parent: top });
    const elsewhere = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, top, ["admin"]));

    await addOfficers(exact, 20);
    await addOfficers(exact, 3, false); // off duty: not counted
    await addReviewer(admin, exact);
    await addOfficers(short, 21);
    await addReviewer(admin, short);
    await addReviewer(admin, short, { active: false }); // off duty: not counted
    await addOfficers(elsewhere, 30);

    const sup = await loginAs(app, await buildUser(db, top, ["supervisor"]));
    const r = await report(sup);
    expect(r.target).toBe(0.05);
    expect(r.items.map((i) => i.agencyId).sort()).toEqual([top.id, exact.id, short.id, empty.id].sort());
    expect(r.byId.has(elsewhere.id)).toBe(false);
    expect(r.byId.get(exact.id)).toMatchObject({ officers: 20, reviewers: 1, ratio: 0.05, required: 1, below: false });
    expect(r.byId.get(short.id)).toMatchObject({ officers: 21, reviewers: 1, ratio: 0.0476, required: 2, below: true });
    expect(r.byId.get(empty.id)).toMatchObject({ officers: 0, reviewers: 0, ratio: null, required: 0, below: false });
    expect(r.belowCount).toBe(1);

    // reactivating the second reviewer lifts the agency above the target
    const list = (await admin.get(`/api/lists/legal-reviewers?agencyId=${short.id}&active=false`)).json().items as { id: string; version: number }[];
    expect(list).toHaveLength(1);
    expect((await admin.patch(`/api/lists/legal-reviewers/${list[0]!.id}`, { version: list[0]!.version, active: true })).statusCode).toBe(200);
    expect((await report(sup)).byId.get(short.id)).toMatchObject({ reviewers: 2, below: false });
  });

  it("limits the report to the actor's scope (R-GEN-03)", async () => {
    const top = await buildAgency(db);
    const a = await buildAgency(db, { parent: top });
    const b = await buildAgency(db, { parent: top });
    await addOfficers(a, 25);
    await addOfficers(b, 25);
    const officerA = await loginAs(app, await buildUser(db, a, ["officer"]));
    const own = await report(officerA);
    expect(own.items.map((i) => i.agencyId)).toEqual([a.id]);
    expect(own.items[0]).toMatchObject({ officers: 25, reviewers: 0, below: true });
    expect((await officerA.get(`/api/reports/reviewer-ratio?agencyId=${b.id}`)).statusCode).toBe(403);

    const sup = await loginAs(app, await buildUser(db, top, ["supervisor"]));
    expect((await report(sup, `?agencyId=${b.id}`)).items.map((i) => i.agencyId)).toEqual([b.id]);
    const supB = await loginAs(app, await buildUser(db, b, ["supervisor"]));
    expect((await supB.get(`/api/reports/reviewer-ratio?agencyId=${top.id}`)).statusCode).toBe(403);
    expect((await supB.get("/api/reports/reviewer-ratio?agencyId=not-a-uuid")).statusCode).toBe(400);
  });

  it("keeps the registry consistent: unique staff number, login of the agency's own user (R-LIST-12)", async () => {
    const agency = await buildAgency(db);
    const other = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const reviewerUser = await buildUser(db, agency, ["legal_reviewer"]);
    const outsider = await buildUser(db, other, ["legal_reviewer"]);
    await addReviewer(admin, agency, { staffNo: "FZ-01", username: reviewerUser.username, qualification: "public_lawyer", certificateNo: "GZLS-2023-001" });
    const dup = await admin.post("/api/lists/legal-reviewers", { agencyId: agency.id, staffNo: "FZ-01", name: "重复", unitName: "法制科", qualification: "other" });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details).toEqual([{ field: "staffNo", message: "本机关已有相同人员编号的法制审核人员" }]);
    const foreign = await admin.post("/api/lists/legal-reviewers", { agencyId: agency.id, staffNo: "FZ-02", name: "外单位", unitName: "法制科", qualification: "other", username: outsider.username });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].field).toBe("username");
    // the same staff number is fine in another agency
    const adminOther = await loginAs(app, await buildUser(db, other, ["admin"]));
    await addReviewer(adminOther, other, { staffNo: "FZ-01" });
  });
});
