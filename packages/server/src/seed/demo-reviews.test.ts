import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { setupTestApp } from "../../test/harness.ts";
import { seedDemo } from "./demo.ts";
import { seedDemoReviews } from "./demo-reviews.ts";
import { legalReviews } from "../modules/reviews/tables.ts";
import { cases } from "../modules/cases/tables.ts";

const { app, database } = await setupTestApp();

describe("demo legal reviews", () => {
  it("puts review rounds in every state, through the real service", { timeout: 120_000 }, async () => {
    await seedDemo(database.db, { officersPerAgency: 4, powerItems: 5 });
    expect(await seedDemoReviews(app)).toBe(8);
    const rows = await database.db.select({ state: legalReviews.state, round: legalReviews.round, due: legalReviews.due, extension: legalReviews.extension, stage: cases.stage }).from(legalReviews).innerJoin(cases, eq(cases.id, legalReviews.caseId)).orderBy(asc(legalReviews.submittedAt));
    const states = rows.map((r) => r.state);
    for (const s of ["pending", "returned", "in_review", "agreed", "transferred", "disputed", "corrected"]) expect(states).toContain(s);
    expect(rows.some((r) => r.round === 2 && r.state === "pending")).toBe(true);
    expect(rows.some((r) => r.state === "in_review" && r.extension && r.extension.decision === null)).toBe(true);
    expect(rows.some((r) => r.state === "in_review" && r.due! < new Date().toISOString().slice(0, 10))).toBe(true);
    // the agreed case went on to its decision
    expect(rows.find((r) => r.state === "agreed")!.stage).toBe("service");
  });
});
