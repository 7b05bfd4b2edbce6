import { describe, expect, it } from "vitest";
import type { Role } from "@zhifa/domain";
import { todayInShanghai } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildCase, buildMatrix, type Relation } from "../../../test/factories.ts";

/**
 * The statistics policy (R-PUB-10, R-GEN-03) × every role × own / parent / other agency: who reads
 * figures and reports, who prepares and publishes; and who records a case's remedies (those who
 * handle the case).
 */
const { app, database } = await setupTestApp();
const db = database.db;
const { cases, target, clients } = await buildMatrix(app, db);
const lastYear = Number(todayInShanghai(new Date()).slice(0, 4)) - 1;
const theCase = await buildCase(app, db, target);

const read = (role: Role, rel: Relation) => (["agency_head", "publicity_reviewer", "unit_lead"].includes(role) && rel === "own") || (role === "supervisor" && rel !== "other");
const prepare = (role: Role, rel: Relation) => ["agency_head", "publicity_reviewer"].includes(role) && rel === "own";
const denied = (status: number) => status === 403 || status === 404;

// a draft to read and publish
const draft = await clients.get("publicity_reviewer/own")!.post("/api/statistics/reports", { agencyId: target.id, year: lastYear });
expect(draft.statusCode, draft.body).toBe(200);
const reportId = draft.json().id as string;

describe("policy matrix: annual statistics (R-PUB-10, R-GEN-03)", () => {
  it.each(cases)("%s in the %s agency", async (role, rel) => {
    const c = clients.get(`${role}/${rel}`)!;
    const figures = await c.get(`/api/statistics/figures?agencyId=${target.id}&year=${lastYear}`);
    expect(read(role, rel) ? figures.statusCode === 200 : denied(figures.statusCode), `figures → ${figures.statusCode}`).toBe(true);
    const report = await c.get(`/api/statistics/reports/${reportId}`);
    expect(read(role, rel) ? report.statusCode === 200 : denied(report.statusCode), `report → ${report.statusCode}`).toBe(true);
    const list = await c.get(`/api/statistics/reports?year=${lastYear}`);
    if (list.statusCode === 200) expect(list.json().items.some((i: { agencyId: string }) => i.agencyId === target.id), "list shows the agency").toBe(read(role, rel));
    else expect(denied(list.statusCode)).toBe(true);
    // generate and publish: allowed ones get through or find it already published
    const gen = await c.post("/api/statistics/reports", { agencyId: target.id, year: lastYear });
    expect(prepare(role, rel) ? [200, 409].includes(gen.statusCode) : denied(gen.statusCode), `generate → ${gen.statusCode}`).toBe(true);
    const pub = await c.post(`/api/statistics/reports/${reportId}/publish`, {});
    expect(prepare(role, rel) ? [200, 409].includes(pub.statusCode) : denied(pub.statusCode), `publish → ${pub.statusCode}`).toBe(true);
    if (pub.statusCode === 409) expect(pub.json().error.id).toBe("statistics_already_published");
    // remedies of a case: those who handle it (unit leads and the head of the agency; officers on its team)
    const remedy = await c.post(`/api/cases/${theCase.id}/remedies`, { kind: "reconsideration", body: "示范市人民政府", filedOn: todayInShanghai(new Date()) });
    const handle = rel === "own" && (role === "unit_lead" || role === "agency_head");
    expect(handle ? remedy.statusCode === 201 : denied(remedy.statusCode), `remedy → ${remedy.statusCode}`).toBe(true);
  });

  it("anonymous callers get 401 on staff routes and see only published reports", async () => {
    const anon = anonymous(app);
    expect((await anon.get(`/api/statistics/figures?year=${lastYear}`)).statusCode).toBe(401);
    expect((await anon.get(`/api/cases/${theCase.id}/remedies`)).statusCode).toBe(401);
    const items = (await anon.get(`/api/public/statistics?agencyId=${target.id}`)).json().items as { id: string }[];
    expect(items.map((i) => i.id)).toEqual([reportId]);
  });
});
