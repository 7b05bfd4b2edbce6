/**
 * Demo legal reviews (issue "legal review"): penalty cases of 示范市市场监督管理局 brought to
 * their decision with a major fine, and review rounds in every state — pending acceptance,
 * returned, in review, corrected and resubmitted, passed (and decided), transferred, overdue,
 * disputed — made through the real service (events, ledger entries, opinion documents).
 */
import { eq } from "drizzle-orm";
import { addCalendarDays, todayInShanghai, type ReviewOutcome, type Role } from "@zhifa/domain";
import type { App } from "../core/types.ts";
import type { Actor } from "../core/policy.ts";
import { mutate, systemContext } from "../db/audit.ts";
import { agencies } from "../modules/agencies/tables.ts";
import { users } from "../modules/users/tables.ts";
import { officers } from "../modules/lists/defs/officers.ts";
import { addRecord, advance, getCase, openCase, setDecision } from "../modules/cases/service.ts";
import { currentWorkflow } from "../modules/cases/workflows.ts";
import { legalReviews } from "../modules/reviews/tables.ts";
import * as reviews from "../modules/reviews/service.ts";
import { opinionDocx } from "../modules/reviews/document.ts";
import { workStage } from "./demo-cases.ts";

type Scenario = "pending" | "returned" | "in_review" | "resubmitted" | "passed" | "transferred" | "overdue" | "disputed";
const SCENARIOS: Scenario[] = ["pending", "returned", "in_review", "resubmitted", "passed", "transferred", "overdue", "disputed"];

const CASES: { title: string; party: string; fine: number }[] = [
  { title: "销售假冒注册商标的白酒", party: "示范市醇香酒业有限公司", fine: 15_000_000 },
  { title: "生产不符合食品安全标准的食品", party: "示范市味源食品厂", fine: 20_000_000 },
  { title: "发布虚假违法广告", party: "示范市康健保健品有限公司", fine: 8_000_000 },
  { title: "销售不合格电器产品", party: "示范市明亮电器商行", fine: 6_000_000 },
  { title: "使用未经检定的计量器具", party: "示范市加油站管理有限公司", fine: 5_500_000 },
  { title: "无证经营药品", party: "示范市安康大药房有限公司", fine: 30_000_000 },
  { title: "销售过期食品", party: "示范市鲜果超市有限公司", fine: 7_000_000 },
  { title: "价格欺诈", party: "示范市星光电子商务有限公司", fine: 9_000_000 },
];

const okList = () => ["subject", "qualification", "competence", "facts", "evidence", "law", "discretion", "procedure", "documents", "crime"].map((key) => ({ key: key as never, result: "ok" as const, note: "" }));

export async function seedDemoReviews(app: App, options: { agencyCode?: string } = {}): Promise<number> {
  const db = app.db;
  const [agency] = await db.select().from(agencies).where(eq(agencies.code, options.agencyCode ?? "SJ9901"));
  if (!agency) return 0;
  const logins = await db.select().from(users).where(eq(users.agencyId, agency.id));
  const actorOf = (username: string): Actor | null => {
    const u = logins.find((l) => l.username === username);
    return u ? { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles as Role[], agencyId: agency.id, agencyPath: agency.path, atRoot: false } : null;
  };
  const officer = actorOf("zhifa");
  const lead = actorOf("chengban");
  const head = actorOf("fuzeren");
  const reviewer = actorOf("fazhi");
  if (!officer || !lead || !head || !reviewer) return 0;
  const team = await db.select({ id: officers.id, username: officers.username }).from(officers).where(eq(officers.agencyId, agency.id));
  const zhifa = team.find((t) => t.username === "zhifa");
  const partner = team.find((t) => t.username !== "zhifa" && t.username !== "fazhi");
  if (!zhifa || !partner) return 0;
  const wf = (await currentWorkflow(db, "penalty.general")).definition;
  const ctx = (action: string, a: Actor) => ({ ...systemContext("seed", action), actor: `user:${a.id}` });
  const random = (() => {
    let s = 20261124;
    return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  })();
  const today = todayInShanghai(new Date());
  let made = 0;
  for (const [i, scenario] of SCENARIOS.entries()) {
    const spec = CASES[i]!;
    const row = await openCase(db, app.ledger, ctx("seed.case", officer), officer, {
      workflowKey: "penalty.general",
      title: spec.title,
      source: "complaint",
      sourceDetail: "演示数据（法制审核）",
      party: { type: "org", name: spec.party, address: "示范市东城区幸福路 8 号" },
      officerIds: [zhifa.id, partner.id],
      openedOn: addCalendarDays(today, -20 - i),
    });
    let c = (await getCase(db, row.id))!;
    // to the decision stage, through the real gates
    while (c.stage !== "decision") {
      if (!(await workStage(app, wf, c, { handler: officer, lead, head }, random, 1))) break;
      c = (await getCase(db, row.id))!;
    }
    if (c.stage !== "decision") continue;
    await setDecision(db, app.ledger, ctx("seed.decision", officer), officer, c, { measures: ["罚款"], amountFen: spec.fine, tierId: null, discretionReason: "违法数额较大，情节较重，按从重阶次裁量", outsideTierReason: null, majorFlags: [] });
    c = (await getCase(db, row.id))!;
    made += 1;
    const draft = (await reviews.submissionDraft(db, c)).draft;
    const submission = { ...draft, lawApplied: "《中华人民共和国产品质量法》《中华人民共和国行政处罚法》有关规定（演示）" };
    let r = await reviews.submit(db, app.ledger, ctx("seed.review", officer), officer, c, submission);
    // the document is made inside the opinion's transaction: no other query may run meanwhile
    const docOf = (withCase: reviews.ReviewWithCase) => async (row2: typeof r) => opinionDocx({ ...withCase, ...row2 }, { reviewer: reviewer.displayName, submitter: officer.displayName });
    const opine = async (outcome: ReviewOutcome, extra: { correction?: string; transferTo?: string; problem?: [number, string] } = {}) => {
      const list = okList();
      if (extra.problem) list[extra.problem[0]] = { ...list[extra.problem[0]]!, result: "problem" as never, note: extra.problem[1] };
      const text = outcome === "agreed" ? "事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意作出处罚决定。" : outcome === "corrected" ? "裁量阶次适用不当，须予纠正。" : "当事人涉嫌犯罪，应当移送司法机关。";
      const withCase = (await reviews.getReview(db, r.id))!;
      r = await reviews.giveOpinion(db, app.ledger, ctx("seed.review", reviewer), reviewer, r, { outcome, checklist: list, opinion: text, correction: extra.correction ?? null, transferTo: extra.transferTo ?? null }, docOf(withCase));
    };
    if (scenario === "pending") continue;
    if (scenario === "returned") {
      await reviews.returnForCompletion(db, app.ledger, ctx("seed.review", reviewer), reviewer, r, { reason: "缺少产品检验报告和货值认定材料，请补充" });
      continue;
    }
    r = await reviews.accept(db, app.ledger, ctx("seed.review", reviewer), reviewer, r, {});
    if (scenario === "in_review") {
      await reviews.requestExtension(db, app.ledger, ctx("seed.review", reviewer), reviewer, r, { reason: "案情复杂，需咨询法律顾问" });
      continue;
    }
    if (scenario === "overdue") {
      // accepted a week ago and not yet decided: shown as overdue to the head and the supervisor
      const accepted = addCalendarDays(today, -7);
      await mutate(db, systemContext("seed", "seed.review_overdue"), (tx) => tx.update(legalReviews).set({ acceptedOn: accepted, due: addCalendarDays(accepted, 3), soon: addCalendarDays(accepted, 3) }).where(eq(legalReviews.id, r.id)));
      continue;
    }
    if (scenario === "passed") {
      await opine("agreed");
      const decided = (await getCase(db, c.id))!;
      await addRecord(db, app.ledger, ctx("seed.record", officer), officer, decided, { kind: "penalty_decision", body: `行政处罚决定书\n案号：${decided.number}\n当事人：${decided.partyName}\n（演示数据）` });
      await advance(db, app.ledger, ctx("seed.advance", head), head, (await getCase(db, c.id))!, {});
      continue;
    }
    if (scenario === "transferred") {
      await opine("transferred", { transferTo: "示范市公安局", problem: [9, "涉案货值超过五万元，涉嫌生产、销售伪劣产品罪"] });
      continue;
    }
    await opine("corrected", { correction: "按《市场监管行政处罚裁量基准》第二阶次重新裁量", problem: [6, "裁量阶次适用偏重"] });
    if (scenario === "disputed") {
      await reviews.dispute(db, app.ledger, ctx("seed.review", lead), lead, r, { reason: "当事人多次违法，适用从重阶次并无不当" });
      continue;
    }
    // resubmitted: the unit handled the correction and submitted round 2
    await setDecision(db, app.ledger, ctx("seed.decision", officer), officer, c, { measures: ["罚款"], amountFen: Math.round(spec.fine * 0.7), tierId: null, discretionReason: "按审核意见重新裁量，适用第二阶次", outsideTierReason: null, majorFlags: [] });
    c = (await getCase(db, row.id))!;
    await reviews.submit(db, app.ledger, ctx("seed.review", officer), officer, c, { ...submission, discretion: "按审核意见重新裁量，适用第二阶次" });
  }
  return made;
}
