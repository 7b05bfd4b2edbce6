import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/harness.ts";
import { anonymous } from "../../test/factories.ts";
import { seedDemo } from "./demo.ts";
import { seedDemoCases } from "./demo-cases.ts";
import { seedDemoPublicity } from "./demo-publicity.ts";
import { seedDemoStatistics } from "./demo-statistics.ts";
import { caseRemedies } from "../modules/remedies/tables.ts";

const { app, database } = await setupTestApp();

describe("demo statistics (R-PUB-10)", () => {
  it("leaves last year's report published on the portal and two remedies on demo cases", { timeout: 180_000 }, async () => {
    await seedDemo(database.db, { officersPerAgency: 4, powerItems: 5 });
    await seedDemoCases(app, { count: 40 });
    await seedDemoPublicity(app);
    const out = await seedDemoStatistics(app);
    expect(out.reportId).toBeTruthy();
    expect(out.remedies).toBeGreaterThan(0);
    expect((await database.db.select().from(caseRemedies)).length).toBe(out.remedies);
    const lastYear = new Date().getFullYear() - 1;
    const list = await anonymous(app).get("/portal/statistics");
    expect(list.body).toContain(`/portal/statistics/${out.reportId}`);
    expect(list.body).toContain(`示范市市场监督管理局${lastYear}年度行政执法统计年报`);
    expect((await anonymous(app).get(`/portal/statistics/${out.reportId}`)).statusCode).toBe(200);
  });
});
