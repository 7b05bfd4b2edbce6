/**
 * Demo publicity (issue "publication of decisions"): the demo cases that passed their decision
 * already have draft publications (drafted by the case workflow's hook); here the demo
 * publicity reviewer 钱公示 publishes about two thirds of them, withholds those that must not be
 * published, withdraws one after a ruling, corrects one at a member of the public's request and
 * leaves another request pending; another system pushes three decisions, two of them decided
 * weeks ago and still unpublished (the overdue report, R-PUB-12). All through the real service.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { addCalendarDays, todayInShanghai, type ExclusionReason, type Role } from "@zhifa/domain";
import type { App } from "../core/types.ts";
import type { Actor } from "../core/policy.ts";
import { systemContext } from "../db/audit.ts";
import { agencies } from "../modules/agencies/tables.ts";
import { users } from "../modules/users/tables.ts";
import { publications } from "../modules/publicity/tables.ts";
import * as publicity from "../modules/publicity/service.ts";

export interface DemoPublicity {
  published: number;
  withheld: number;
  drafts: number;
  pushed: number;
}

const PUSHED: { key: string; daysAgo: number; input: publicity.PushInput }[] = [
  {
    key: "demo-push-0001",
    daysAgo: 30,
    input: {
      actionType: "penalty",
      documentNumber: "示市监罚〔2026〕外001号",
      decisionDate: "",
      title: "销售过期食品",
      party: { type: "org", name: "示范市惠万家超市有限公司", idNo: "91990100MA0000001X" },
      conclusion: "警告；罚款人民币3000.00元",
      basis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
      facts: "当事人在经营场所销售超过保质期的乳制品 12 盒。",
    },
  },
  {
    key: "demo-push-0002",
    daysAgo: 25,
    input: {
      actionType: "permit",
      documentNumber: "示市监许〔2026〕外002号",
      decisionDate: "",
      title: "食品经营许可",
      party: { type: "org", name: "示范市福满楼餐饮管理有限公司", idNo: "91990100MA0000002Y" },
      conclusion: "准予许可",
      basis: "《中华人民共和国行政许可法》第三十八条；《食品经营许可和备案管理办法》",
    },
  },
  {
    key: "demo-push-0003",
    daysAgo: 4,
    input: {
      actionType: "inspection",
      documentNumber: "示市监检〔2026〕外003号",
      decisionDate: "",
      title: "特种设备安全检查",
      party: { type: "org", name: "示范市安达电梯工程有限公司" },
      conclusion: "检查未发现违法行为",
      basis: "《中华人民共和国特种设备安全法》第五十七条",
    },
  },
];

export async function seedDemoPublicity(app: App, options: { agencyCode?: string } = {}): Promise<DemoPublicity> {
  const db = app.db;
  const out: DemoPublicity = { published: 0, withheld: 0, drafts: 0, pushed: 0 };
  const [agency] = await db.select().from(agencies).where(eq(agencies.code, options.agencyCode ?? "SJ9901"));
  if (!agency) return out;
  const logins = await db.select().from(users).where(eq(users.agencyId, agency.id));
  const actorOf = (username: string): Actor | null => {
    const u = logins.find((l) => l.username === username);
    return u ? { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles as Role[], agencyId: agency.id, agencyPath: agency.path, atRoot: false } : null;
  };
  const reviewer = actorOf("gongshi");
  if (!reviewer) return out;
  const ctx = (action: string) => ({ ...systemContext("seed", action), actor: `user:${reviewer.id}` });
  const today = todayInShanghai(new Date());

  // the case drafts, in a fixed order: publish two in three, withhold what may not be published
  const drafts = await db.select({ id: publications.id }).from(publications).where(and(eq(publications.agencyId, agency.id), eq(publications.status, "draft"))).orderBy(asc(publications.documentNumber));
  const published: string[] = [];
  for (const [i, d] of drafts.entries()) {
    const p = (await publicity.getPublication(db, d.id))!;
    if (p.partyIsMinor || p.exclusion) {
      await publicity.withhold(db, app.ledger, ctx("seed.publicity_withhold"), reviewer, p, { reason: (p.exclusion ?? "minor") as ExclusionReason, note: "经审核，依法不予公开（演示数据）" });
      out.withheld += 1;
      continue;
    }
    // personal data the automatic redaction could not settle stays for the reviewer to edit
    if (i % 3 === 2 || publicity.problemsOf(p).length > 0) continue;
    await publicity.publish(db, app.ledger, ctx("seed.publicity_publish"), reviewer, p, {});
    published.push(p.id);
  }
  out.published = published.length;

  // a member of the public asks for corrections: one accepted (a new version), one pending
  if (published.length >= 2) {
    const first = (await publicity.getPublication(db, published[0]!))!;
    const req1 = await publicity.requestCorrection(db, app.ledger, systemContext("seed", "seed.publicity_correction"), first.id, {
      problem: "处理结果中的罚款金额书写不规范",
      requested: "请按决定书原文更正罚款金额的写法",
      evidence: "行政处罚决定书复印件一份",
      contactName: "赵先生",
      contact: "0999-5550100",
    });
    const corrected = `${first.redacted.conclusion}（已按决定书原文核对）`;
    await publicity.decideCorrection(db, app.ledger, ctx("seed.publicity_correction_decide"), reviewer, first, req1.id, { accept: true, reason: "经核实，予以更正", redacted: { conclusion: corrected }, note: "更正处理结果的表述" });
    await publicity.requestCorrection(db, app.ledger, systemContext("seed", "seed.publicity_correction"), published[1]!, {
      problem: "公示的案由与决定书不一致",
      requested: "请核对案由",
      evidence: "决定书照片一张（现场提交）",
      contactName: "钱女士",
      contact: "0999-5550101",
    });
  }
  // one decision was revoked on administrative review: withdrawn the next day (R-PUB-07)
  if (published.length >= 3) {
    const last = (await publicity.getPublication(db, published[published.length - 1]!))!;
    await publicity.withdraw(db, app.ledger, ctx("seed.publicity_withdraw"), reviewer, last, { rulingKind: "revoked", rulingDate: last.decisionDate, note: "" });
  }

  // decisions pushed by another system (R-PUB-09); the older ones are overdue (R-PUB-12)
  for (const spec of PUSHED) {
    const input = { ...spec.input, decisionDate: addCalendarDays(today, -spec.daysAgo) };
    await publicity.pushDecision(db, app.ledger, ctx("seed.publicity_push"), reviewer, { id: agency.id, name: agency.name }, spec.key, input);
    out.pushed += 1;
  }
  const [left] = await db.select({ n: count() }).from(publications).where(and(eq(publications.agencyId, agency.id), eq(publications.status, "draft")));
  out.drafts = left?.n ?? 0;
  return out;
}
