/**
 * Demo cases (issue "case handling"): cases of 示范市市场监督管理局 across the built-in
 * workflows and stages, opened and worked through the real service (numbering, gates, ledger),
 * with a few problems a supervisor should see: backfilled records, records entered after their
 * stage closed, audio/video exceptions, suspended and overdue cases.
 */
import { and, count, eq } from "drizzle-orm";
import { ACTION_TYPE_LABELS, DOC_KIND_LABELS, addCalendarDays, mayAct, stageOf, todayInShanghai, type ActionType, type DocKind, type Role, type WorkflowDefinition } from "@zhifa/domain";
import type { App } from "../core/types.ts";
import type { Actor } from "../core/policy.ts";
import { systemContext } from "../db/audit.ts";
import { agencies } from "../modules/agencies/tables.ts";
import { users } from "../modules/users/tables.ts";
import { officers } from "../modules/lists/defs/officers.ts";
import { loadQualifications, DEFAULT_QUALIFICATION_POLICY } from "../modules/officers/service.ts";
import { cases } from "../modules/cases/tables.ts";
import { addRecord, advance, decideApproval, getCase, openCase, requestApproval, setDecision, suspend, type CaseWithAgency } from "../modules/cases/service.ts";
import { currentWorkflow } from "../modules/cases/workflows.ts";

/** Deterministic pseudo-random numbers, so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PARTIES = ["示范市鲜果超市有限公司", "东城区老王副食店", "示范市康宁大药房连锁有限公司", "西城区味美餐饮店", "示范市星光电子商务有限公司", "示范市宏达建材有限公司", "东城区惠民便利店", "示范市安心母婴用品店", "示范市金盾眼镜有限公司", "西城区好邻居超市"];
/**
 * Individuals (fictional; ID numbers with valid GB 11643 check characters): their names, ID
 * numbers, phones and home addresses are what publication must never show (R-PUB-05).
 */
const PEOPLE: { name: string; idNo: string; phone: string; address: string }[] = [
  { name: "张建国", idNo: "110101198003150017", phone: "13812345678", address: "示范市东城区幸福路8号3栋502室" },
  { name: "李秀英", idNo: "440305199107220021", phone: "13998765432", address: "示范市西城区和平街道建设巷12号" },
  { name: "王海涛", idNo: "32010219851130003X", phone: "15087654321", address: "示范市东城区朝阳小区5单元301室" },
  { name: "欧阳晓明", idNo: "510104199002280037", phone: "18611112222", address: "示范市西城区光明路66号2单元1101室" },
];
const TITLES: Record<string, string[]> = {
  penalty: ["销售过期食品", "未按规定明码标价", "经营无中文标签的预包装食品", "虚假宣传", "无照经营", "销售不合格电器产品", "使用未经检定的计量器具"],
  inspection: ["食品经营日常监督检查", "双随机抽查", "特种设备安全检查", "药品零售企业检查"],
  coercion: ["扣押涉嫌假冒注册商标商品", "查封无证生产场所", "扣押涉嫌不合格产品"],
  permit: ["食品经营许可申请", "药品经营许可变更"],
};

const WORKFLOWS: { key: string; weight: number }[] = [
  { key: "penalty.general", weight: 45 },
  { key: "penalty.simple", weight: 20 },
  { key: "inspection.general", weight: 20 },
  { key: "coercion.seizure", weight: 10 },
  { key: "permit.general", weight: 5 },
];

export async function hasCases(app: App): Promise<boolean> {
  const [row] = await app.db.select({ n: count() }).from(cases);
  return (row?.n ?? 0) > 0;
}

export async function seedDemoCases(app: App, options: { count?: number; agencyCode?: string } = {}): Promise<number> {
  const db = app.db;
  const total = options.count ?? 200;
  const [agency] = await db.select().from(agencies).where(eq(agencies.code, options.agencyCode ?? "SJ9901"));
  if (!agency) return 0;
  const logins = await db.select().from(users).where(eq(users.agencyId, agency.id));
  const actorOf = (username: string): Actor => {
    const u = logins.find((l) => l.username === username)!;
    return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles as Role[], agencyId: agency.id, agencyPath: agency.path, atRoot: false };
  };
  const officer = actorOf("zhifa");
  const lead = actorOf("chengban");
  const head = actorOf("fuzeren");
  const today = todayInShanghai(new Date());
  // qualified officers of the agency for each action type, the demo logins first
  const rows = await db.select({ id: officers.id, username: officers.username }).from(officers).where(and(eq(officers.agencyId, agency.id), eq(officers.active, true)));
  const quals = new Map((await loadQualifications(db, rows.map((r) => r.id))).map((q) => [q.officerId, q]));
  const qualifiedFor = (type: string) =>
    rows
      .filter((r) => mayAct(quals.get(r.id)!, type as never, agency.regionCode, today, DEFAULT_QUALIFICATION_POLICY).ok)
      .sort((a, b) => Number(b.username === "zhifa") - Number(a.username === "zhifa") || Number(b.username === "chengban") - Number(a.username === "chengban"));
  const zhifaOfficer = rows.find((r) => r.username === "zhifa")?.id;
  const random = rng(20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const ctx = (action: string) => ({ ...systemContext("seed", action), actor: `user:${officer.id}` });
  let made = 0;
  for (let i = 0; i < total; i += 1) {
    const r = random() * 100;
    let acc = 0;
    const key = WORKFLOWS.find((w) => (acc += w.weight) > r)?.key ?? "penalty.general";
    const wf = (await currentWorkflow(db, key)).definition;
    const team = qualifiedFor(wf.actionType);
    if (team.length < 2) continue;
    // the demo officer 李执法 handles about half the cases
    const withZhifa = i % 2 === 0 && zhifaOfficer && team.some((t) => t.id === zhifaOfficer);
    const others = team.filter((t) => t.id !== zhifaOfficer);
    const members = withZhifa ? [zhifaOfficer!, pick(others).id] : [others[i % others.length]!.id, others[(i + 1) % others.length]!.id];
    if (members[0] === members[1]) continue;
    const openedOn = addCalendarDays(today, -Math.floor(random() * (key === "penalty.general" ? 40 : 10)));
    const opener = withZhifa ? officer : lead;
    const row = await openCase(db, app.ledger, ctx("seed.case"), opener, {
      workflowKey: key,
      title: pick(TITLES[wf.actionType] ?? ["执法事项"]),
      source: pick(["lead", "inspection", "complaint", "referral"] as const),
      sourceDetail: "演示数据",
      party: random() < 0.8 ? { type: "org", name: pick(PARTIES), address: "示范市东城区幸福路 8 号" } : { type: "person", ...pick(PEOPLE) },
      officerIds: members,
      openedOn,
    });
    made += 1;
    // how far this case has gone: from just opened to archived
    const target = Math.floor(random() * (wf.stages.length + 1));
    let c = (await getCase(db, row.id))!;
    const handler = withZhifa ? officer : lead;
    for (let s = 0; s < target; s += 1) {
      const ok = await workStage(app, wf, c, { handler, lead, head }, random, i);
      if (!ok) break;
      c = (await getCase(db, row.id))!;
      if (c.status === "archived") break;
    }
    c = (await getCase(db, row.id))!;
    const stage = stageOf(wf, c.stage);
    if (c.status === "open" && stage?.suspendable && random() < 0.3) {
      await suspend(db, app.ledger, ctx("seed.suspend"), lead, c, { reason: "产品送检，检验期间不计入办案期限" });
    }
  }
  return made;
}

/** What a demo decision of each kind of action (other than a penalty) says. */
const DEMO_DECISIONS: Partial<Record<ActionType, string>> = {
  permit: "准予行政许可",
  coercion: "解除扣押，退还涉案物品",
  levy: "依法征收",
  requisition: "依法征用并给予补偿",
  fee: "依法收取费用",
  reward: "给予行政奖励",
  confirmation: "予以确认",
};

/** Writes the stage's documents and completes it; false when a gate stops the demo case there. */
export async function workStage(app: App, wf: WorkflowDefinition, c: CaseWithAgency, who: { handler: Actor; lead: Actor; head: Actor }, random: () => number, i: number): Promise<boolean> {
  const db = app.db;
  const stage = stageOf(wf, c.stage)!;
  const ctx = (action: string, a: Actor) => ({ ...systemContext("seed", action), actor: `user:${a.id}` });
  for (const d of stage.documents ?? []) {
    const kind: DocKind = Array.isArray(d) ? d[0]! : d;
    // a few records arrive days after the act: flagged as backfilled (R-CASE-05)
    const backfilled = i % 17 === 3 && kind !== "filing_approval";
    await addRecord(db, app.ledger, ctx("seed.record", who.handler), who.handler, c, {
      kind,
      body: demoBody(kind, c),
      ...(backfilled ? { actedAt: new Date(Date.now() - 4 * 86400_000).toISOString() } : {}),
    });
  }
  if (stage.av === "mandatory") {
    // no camera footage in the demo: an exception approved by the head (R-REC-05)
    const a = await requestApproval(db, app.ledger, ctx("seed.av", who.handler), who.handler, c, { kind: "av_exception", reason: "执法记录仪电量耗尽，现场以照片和笔录记录" });
    if (i % 5 === 0) return false; // left pending for the head to decide
    await decideApproval(db, app.ledger, ctx("seed.av", who.head), who.head, c, a.id, { decision: "approved", reason: "情况属实，同意" });
  }
  if (stage.majorGate) {
    const big = i % 9 === 0;
    // a fine only where the law has one (行政处罚); other actions decide what they decide
    const fined = wf.actionType === "penalty";
    await setDecision(db, app.ledger, ctx("seed.decision", who.handler), who.handler, c, {
      measures: fined ? ["罚款"] : [DEMO_DECISIONS[wf.actionType] ?? `作出${ACTION_TYPE_LABELS[wf.actionType]}决定`],
      amountFen: fined ? (big ? 12_000_000 : Math.round(500 + random() * 20000) * 100) : null,
      tierId: null,
      discretionReason: fined ? (big ? "违法所得数额较大，情节严重，按从重阶次裁量" : "初次违法，危害后果较轻，按从轻阶次裁量") : "经审查，符合法定条件和标准",
      outsideTierReason: null,
      majorFlags: [],
    });
  }
  const actor = stage.actors.includes("officer") ? who.handler : stage.actors.includes("unit_lead") ? who.lead : who.head;
  const next = stage.next.length > 1 && random() < 0.25 ? stage.next[1] : stage.next[0];
  try {
    await advance(db, app.ledger, ctx("seed.advance", actor), actor, c, next ? { next } : {});
    return true;
  } catch {
    return false; // e.g. a major decision waiting for legal review
  }
}

function demoBody(kind: DocKind, c: CaseWithAgency): string {
  const label = DOC_KIND_LABELS[kind];
  return `${label}\n案号：${c.number}\n当事人：${c.partyName}\n案由：${c.title}\n（演示数据）`;
}
