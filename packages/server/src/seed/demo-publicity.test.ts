import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { setupTestApp } from "../../test/harness.ts";
import { anonymous } from "../../test/factories.ts";
import { seedDemo } from "./demo.ts";
import { seedDemoCases } from "./demo-cases.ts";
import { seedDemoPublicity } from "./demo-publicity.ts";
import { publicationCorrections, publications } from "../modules/publicity/tables.ts";

const { app, database } = await setupTestApp();
const db = database.db;

describe("demo publicity (R-PUB-03…R-PUB-12)", () => {
  it("decided demo cases have drafts; a share is published, one withdrawn, one corrected; pushed decisions are overdue", { timeout: 180_000 }, async () => {
    await seedDemo(db, { officersPerAgency: 4, powerItems: 5 });
    await seedDemoCases(app, { count: 40 });
    const drafted = await db.select({ id: publications.id }).from(publications);
    expect(drafted.length).toBeGreaterThan(3);
    const out = await seedDemoPublicity(app);
    expect(out.published).toBeGreaterThan(1);
    expect(out.pushed).toBe(3);
    const rows = await db.select({ status: publications.status, source: publications.source, deadline: publications.deadline, publicVersion: publications.publicVersion }).from(publications);
    const statuses = rows.map((r) => r.status);
    for (const s of ["draft", "published", "withdrawn"]) expect(statuses).toContain(s);
    expect(rows.some((r) => r.publicVersion === 2)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(rows.filter((r) => r.source === "external" && r.status === "draft" && r.deadline < today).length).toBe(2);
    const pending = await db.select().from(publicationCorrections).where(eq(publicationCorrections.status, "pending"));
    expect(pending).toHaveLength(1);
    // the portal shows them
    const res = await anonymous(app).get("/api/public/decisions?pageSize=50");
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(out.published - 1);
    // the summary counts what is left for the reviewer
    expect(out.drafts).toBe(rows.filter((r) => r.status === "draft").length);
  });
});
