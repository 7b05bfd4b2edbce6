import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildCase, buildUser, loginAs } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { cases } from "../cases/tables.ts";

/** R-REC-07: a case that ended 30 days ago without an assembled case file is brought up. */
const { app, database } = await setupTestApp();
const db = database.db;

const endedDaysAgo = (id: string, days: number, status = "closed") =>
  mutate(db, systemContext("test", "test.close"), (tx) => tx.update(cases).set({ status, closedAt: new Date(Date.now() - days * 86400_000) }).where(eq(cases.id, id)));

describe("case files not assembled 30 days after the case ended (R-REC-07)", () => {
  it("lists them for the agency and supervisors above until the case file is exported", async () => {
    const parent = await buildAgency(db, { level: "city" });
    const agency = await buildAgency(db, { parent, level: "county" });
    const old = await buildCase(app, db, agency);
    const recent = await buildCase(app, db, agency);
    const archived = await buildCase(app, db, agency);
    await endedDaysAgo(old.id, 31);
    await endedDaysAgo(recent.id, 10);
    await endedDaysAgo(archived.id, 45, "archived");
    const lead = await loginAs(app, await buildUser(db, agency, ["unit_lead"]));
    const res = await lead.get("/api/case-files/missing");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((x: { number: string; daysSinceClosed: number }) => [x.number, x.daysSinceClosed])).toEqual([
      [archived.number, 45],
      [old.number, 31],
    ]);
    const sup = await loginAs(app, await buildUser(db, parent, ["supervisor"]));
    expect((await sup.get("/api/case-files/missing")).json().total).toBe(2);
    const elsewhere = await loginAs(app, await buildUser(db, await buildAgency(db), ["agency_head"]));
    expect((await elsewhere.get("/api/case-files/missing")).json().total).toBe(0);
    expect((await (await loginAs(app, await buildUser(db, agency, ["officer"]))).get("/api/case-files/missing")).statusCode).toBe(403);
    // assembling the case file clears the alert
    expect((await lead.get(`/api/case-files/export?caseRef=${encodeURIComponent(old.number)}`)).statusCode).toBe(200);
    expect((await lead.get("/api/case-files/missing")).json().items.map((x: { number: string }) => x.number)).toEqual([archived.number]);
  });
});
