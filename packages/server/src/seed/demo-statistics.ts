/**
 * Demo statistics (R-PUB-10): two remedies on demo cases — the decision whose publication was
 * withdrawn was revoked on 行政复议, another is before a court — and last year's annual report of
 * 示范市市场监督管理局, generated from the data, explained and published by its head, so the
 * portal's 统计年报 page shows one. (The demo cases are all of this year: last year's figures are
 * what the platform holds for it; this year's show in the staff page's live figures.)
 */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { todayInShanghai, type Role } from "@zhifa/domain";
import type { App } from "../core/types.ts";
import type { Actor } from "../core/policy.ts";
import { systemContext } from "../db/audit.ts";
import { agencies } from "../modules/agencies/tables.ts";
import { users } from "../modules/users/tables.ts";
import { publications } from "../modules/publicity/tables.ts";
import { getCase } from "../modules/cases/service.ts";
import { recordRemedy } from "../modules/remedies/service.ts";
import { editNote, generate, getReport, publish } from "../modules/statistics/service.ts";

export async function seedDemoStatistics(app: App, options: { agencyCode?: string } = {}): Promise<{ reportId: string | null; remedies: number }> {
  const db = app.db;
  const [agency] = await db.select().from(agencies).where(eq(agencies.code, options.agencyCode ?? "SJ9901"));
  if (!agency) return { reportId: null, remedies: 0 };
  const logins = await db.select().from(users).where(eq(users.agencyId, agency.id));
  const u = logins.find((l) => l.username === "fuzeren");
  if (!u) return { reportId: null, remedies: 0 };
  const head: Actor = { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles as Role[], agencyId: agency.id, agencyPath: agency.path, atRoot: false };
  const ctx = (action: string) => ({ ...systemContext("seed", action), actor: `user:${head.id}` });
  const today = todayInShanghai(new Date());

  let remedies = 0;
  const decided = await db
    .select({ caseId: publications.caseId, status: publications.status, decisionDate: publications.decisionDate })
    .from(publications)
    .where(and(eq(publications.agencyId, agency.id), isNotNull(publications.caseId)))
    .orderBy(asc(publications.documentNumber));
  const withdrawn = decided.find((p) => p.status === "withdrawn");
  const other = decided.find((p) => p.status === "published");
  if (withdrawn?.caseId) {
    const c = (await getCase(db, withdrawn.caseId))!;
    await recordRemedy(db, app.ledger, ctx("seed.remedy"), head, c, { kind: "reconsideration", body: "示范市人民政府", reference: "示府复〔演示〕1号", filedOn: withdrawn.decisionDate, decidedOn: today, outcome: "revoked", note: "演示数据" });
    remedies += 1;
  }
  if (other?.caseId) {
    const c = (await getCase(db, other.caseId))!;
    await recordRemedy(db, app.ledger, ctx("seed.remedy"), head, c, { kind: "litigation", body: "示范市东城区人民法院", reference: "（演示）示0101行初1号", filedOn: today, note: "演示数据" });
    remedies += 1;
  }

  const year = Number(today.slice(0, 4)) - 1;
  const id = await generate(db, ctx("seed.statistics_generate"), head, { id: agency.id, name: agency.name, path: agency.path }, year);
  const draft = (await getReport(db, id))!;
  await editNote(db, ctx("seed.statistics_note"), draft, { note: `本报告数据由行政执法三项制度平台根据${agency.name}在平台办理的案件、法制审核、执法决定公示及行政复议、行政诉讼记录自动统计。平台启用前办理的事项未纳入统计。` });
  await publish(db, app.ledger, ctx("seed.statistics_publish"), head, (await getReport(db, id))!, {});
  return { reportId: id, remedies };
}
