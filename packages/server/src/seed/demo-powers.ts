import crypto from "node:crypto";
import { ACTION_TYPES, type ActionType } from "@zhifa/domain";
import type { Tx } from "../db/client.ts";
import { powerItemChanges, powerItems, type ChangeKind } from "../modules/powers/tables.ts";
import { discretionTiers } from "../modules/lists/defs/discretion-tiers.ts";
import type { DemoAgency } from "./demo-lists.ts";
import { DOMAIN_TEMPLATES, REVIEW_GOVERNMENT, SUB_ITEMS, TIER_CIRCUMSTANCES, type DomainTemplates } from "./demo-powers-data.ts";

/**
 * Demo power list (R-LIST-03) with a dated history, and discretion tiers (R-LIST-09):
 * the 2024 list (2024-01-01), items added 2024-07-01, cancelled 2025-01-01, adjusted and one
 * merge 2025-03-01, delegated city → county 2025-07-01 — so the list as of each date differs.
 * Deterministic (seeded generator); rows are written in batches.
 */

const TYPE_CODES: Record<ActionType, string> = { permit: "XK", penalty: "CF", coercion: "QZ", inspection: "JC", levy: "ZS", requisition: "ZY", fee: "SF", reward: "JL", confirmation: "QR" };
const PROCEDURE: Record<ActionType, string> = {
  permit: "申请、受理、审查、决定",
  penalty: "一般程序",
  coercion: "行政强制措施程序",
  inspection: "现场检查",
  levy: "征收程序",
  requisition: "紧急征用程序",
  fee: "收费程序",
  reward: "评审、公示、决定",
  confirmation: "申请、受理、审核、登簿",
};
const TIME_LIMIT: Partial<Record<ActionType, [days: number, working: boolean]>> = { permit: [20, true], penalty: [90, false], coercion: [30, false], confirmation: [30, true], reward: [30, true] };
const TIERS_BY_COUNT: Record<number, string[]> = { 2: ["一般", "严重"], 3: ["一般", "较重", "严重"], 4: ["轻微", "一般", "较重", "严重"] };

const D_LIST = "2024-01-01";
const D_ADDED = "2024-07-01";
const D_CANCELLED = "2025-01-01";
const D_ADJUSTED = "2025-03-01";
const D_DELEGATED = "2025-07-01";

/** mulberry32: a small seeded generator, so the demo is the same on every run. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yuan = (n: number) => (n >= 10000 && n % 10000 === 0 ? `${n / 10000}万元` : `${n}元`);
const nice = (x: number) => (x >= 10000 ? Math.round(x / 1000) * 1000 : x >= 1000 ? Math.round(x / 100) * 100 : Math.round(x / 10) * 10);

interface Spec {
  agency: DemoAgency;
  content: Record<string, unknown> & { itemCode: string; name: string; actionType: ActionType };
  fine?: [number, number];
  conduct?: string;
  /** Versions: [from, to, start change, end change], filled in by the history. */
  versions: { from: string; to: string | null; content: Record<string, unknown>; start: string; end: string | null }[];
}

function contentFor(agency: DemoAgency, t: DomainTemplates, type: ActionType, code: string, name: string, lawKey: string, article: string, summary: string) {
  const law = t.laws[lawKey] ?? lawKey;
  const [days, working] = TIME_LIMIT[type] ?? [null, true];
  const gov = REVIEW_GOVERNMENT[agency.regionCode] ?? "本级人民政府";
  return {
    itemCode: code,
    name,
    actionType: type,
    domain: agency.domain,
    basisLaw: law,
    basisArticle: article,
    basisText: `条文摘要：${law}${article}${summary}`,
    procedure: PROCEDURE[type],
    timeLimitDays: days,
    timeLimitWorkingDays: working,
    remedy: `对该行政行为不服的，可以自知道该行政行为之日起六十日内向${gov}申请行政复议，或者自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼`,
    supervision: `监督电话：0999-12345（示范市政务服务便民热线）；${agency.name}法制机构`,
    note: null as string | null,
  };
}

/** The items each agency holds, from its domain's templates and its action types (R-GEN-02). */
function buildSpecs(agencies: DemoAgency[], target: number): Spec[] {
  const perAgency = new Map<DemoAgency, Spec[]>();
  const seq = new Map<string, number>();
  const nextCode = (a: DemoAgency, t: DomainTemplates, type: ActionType) => {
    const prefix = `${a.regionCode}-${t.abbr}-${TYPE_CODES[type]}`;
    const n = (seq.get(prefix) ?? 0) + 1;
    seq.set(prefix, n);
    return `${prefix}-${String(n).padStart(3, "0")}`;
  };
  const penalty = (a: DemoAgency, t: DomainTemplates, [conduct, lawKey, article, min, max]: (typeof t.penalty)[number], suffix = ""): Spec => {
    const fineText = min > 0 ? `处${yuan(min)}以上${yuan(max)}以下罚款` : `给予警告，可以处${yuan(max)}以下罚款`;
    const content = contentFor(a, t, "penalty", nextCode(a, t, "penalty"), `对${conduct}的行政处罚${suffix}`, lawKey, article, `规定，${conduct}的，由有关主管部门责令改正，${fineText}；情节严重的，依法从重处罚。`);
    if (max <= 3000) content.procedure = "简易程序或者一般程序";
    return { agency: a, content, fine: [min, max], conduct, versions: [] };
  };
  for (const a of agencies) {
    const t = DOMAIN_TEMPLATES[a.domain];
    if (!t) continue;
    const specs: Spec[] = [];
    for (const type of ACTION_TYPES.filter((x) => a.actionTypes.includes(x))) {
      if (type === "penalty") for (const p of t.penalty) specs.push(penalty(a, t, p));
      else
        for (const [name, lawKey, article] of t.other[type] ?? []) {
          specs.push({ agency: a, content: contentFor(a, t, type, nextCode(a, t, type), name, lawKey, article, `规定了“${name}”的实施机关、条件和程序。`), versions: [] });
        }
    }
    perAgency.set(a, specs);
  }
  const base = [...perAgency.values()].reduce((n, s) => n + s.length, 0);
  if (target < base) {
    // fewer items asked for: the same share of each agency's list
    for (const [a, specs] of perAgency) perAgency.set(a, specs.slice(0, Math.max(1, Math.round((specs.length * target) / base))));
  } else {
    // more items asked for: sub-items (子项) of the penalty templates, round robin over agencies
    let total = base;
    const fillers = [...perAgency.keys()].some((a) => a.actionTypes.includes("penalty"));
    for (let round = 0; fillers && total < target; round++) {
      for (const a of perAgency.keys()) {
        const t = DOMAIN_TEMPLATES[a.domain]!;
        const subs = SUB_ITEMS[a.domain] ?? ["（其他）"];
        if (!a.actionTypes.includes("penalty") || total >= target) continue;
        const p = t.penalty[round % t.penalty.length]!;
        const sub = subs[Math.floor(round / t.penalty.length) % subs.length]! + (round >= t.penalty.length * subs.length ? `（${Math.floor(round / (t.penalty.length * subs.length)) + 1}）` : "");
        perAgency.get(a)!.push(penalty(a, t, p, sub));
        total++;
      }
    }
  }
  return [...perAgency.values()].flat();
}

interface ChangeRow {
  id: string;
  agencyId: string;
  kind: ChangeKind;
  effectiveDate: string;
  reason: string;
  documentNo: string;
  itemCodes: string[];
  resultItemCode: string | null;
  targetAgencyIds: string[];
  actor: string;
  actorName: string;
}

export async function seedDemoPowers(tx: Tx, agencies: DemoAgency[], options: { powerItems?: number } = {}): Promise<void> {
  const rand = generator(20240101);
  const specs = buildSpecs(agencies, options.powerItems ?? 500);
  const changes: ChangeRow[] = [];
  let docNo = 10;
  const change = (agency: DemoAgency, kind: ChangeKind, date: string, reason: string, codes: string[], extra: Partial<ChangeRow> = {}): ChangeRow => {
    const row: ChangeRow = {
      id: crypto.randomUUID(),
      agencyId: agency.id,
      kind,
      effectiveDate: date,
      reason,
      documentNo: `示政办发〔${Number(date.slice(0, 4)) - 1}〕${docNo++}号`,
      itemCodes: codes,
      resultItemCode: null,
      targetAgencyIds: [],
      actor: "system:seed",
      actorName: "示范数据",
      ...extra,
    };
    changes.push(row);
    return row;
  };
  const open = (s: Spec) => s.versions.at(-1)!;
  const close = (s: Spec, date: string, id: string) => {
    open(s).to = date;
    open(s).end = id;
  };
  const byAgency = (a: DemoAgency) => specs.filter((s) => s.agency === a);

  // special items: the merge (市场监管, city) and the delegation (司法行政, city → counties)
  const scjg = agencies.find((a) => a.domain === "市场监管" && a.level === "city");
  const mergeSources = scjg ? byAgency(scjg).filter((s) => /进货查验记录制度|出厂检验记录制度/.test(s.conduct ?? "") && !s.content.name.includes("（")) : [];
  const cityJustice = agencies.find((a) => a.domain === "司法行政" && a.level === "city");
  const counties = cityJustice ? agencies.filter((a) => a.domain === "司法行政" && a.level === "county" && a.path.startsWith(cityJustice.path)) : [];
  const delegated = cityJustice && counties.length ? byAgency(cityJustice).filter((s) => /法律援助经济困难|基层法律服务所/.test(s.content.name)) : [];
  const special = new Set([...mergeSources, ...delegated]);

  // 2024-01-01 the published list; 2024-07-01 additions
  for (const a of agencies) {
    const mine = byAgency(a);
    if (!mine.length) continue;
    const late = mine.filter((s) => !special.has(s) && rand() < 0.06);
    const initial = mine.filter((s) => !late.includes(s));
    const c0 = change(a, "add", D_LIST, "公布本单位权力清单（2024年版）", initial.map((s) => s.content.itemCode));
    for (const s of initial) s.versions.push({ from: D_LIST, to: null, content: s.content, start: c0.id, end: null });
    if (late.length) {
      const c1 = change(a, "add", D_ADDED, "依据新修订的法律法规新增执法事项", late.map((s) => s.content.itemCode));
      for (const s of late) s.versions.push({ from: D_ADDED, to: null, content: s.content, start: c1.id, end: null });
    }
  }

  // 2025-01-01 cancellations: the abolished 排污费, and a few whose basis was repealed
  for (const a of agencies) {
    const gone = byAgency(a).filter((s) => !special.has(s) && (s.content.name === "排污费征收" || rand() < 0.015));
    if (!gone.length) continue;
    const reason = gone.some((s) => s.content.name === "排污费征收") ? "排污费已由环境保护税替代，依据《中华人民共和国环境保护税法》停征，事项取消" : "设定依据已修改或者废止，事项取消";
    const c = change(a, "cancel", D_CANCELLED, reason, gone.map((s) => s.content.itemCode));
    for (const s of gone) close(s, D_CANCELLED, c.id);
  }

  // 2025-03-01 adjustments (时限压缩, 依据细化) and the merge
  for (const a of agencies) {
    const adjusted = byAgency(a).filter((s) => !special.has(s) && open(s).to === null && rand() < 0.1);
    if (!adjusted.length) continue;
    const c = change(a, "adjust", D_ADJUSTED, "落实优化营商环境要求，压缩办理时限、细化设定依据条款", adjusted.map((s) => s.content.itemCode));
    for (const s of adjusted) {
      const prev = open(s).content;
      const next =
        s.content.actionType === "permit"
          ? { ...prev, timeLimitDays: 10, note: "承诺办理时限由20个工作日压缩至10个工作日" }
          : s.content.actionType === "penalty"
            ? { ...prev, basisArticle: `${String(prev.basisArticle)}第一款` }
            : { ...prev, supervision: `${String(prev.supervision)}；网上投诉：示范市行政执法监督平台` };
      close(s, D_ADJUSTED, c.id);
      s.versions.push({ from: D_ADJUSTED, to: null, content: next, start: c.id, end: null });
    }
  }
  if (scjg && mergeSources.length >= 2) {
    const t = DOMAIN_TEMPLATES[scjg.domain]!;
    const first = mergeSources[0]!;
    const code = `${scjg.regionCode}-${t.abbr}-CF-M01`;
    const c = change(scjg, "merge", D_ADJUSTED, "同一设定依据下的相近事项合并", mergeSources.map((s) => s.content.itemCode), { resultItemCode: code });
    for (const s of mergeSources) close(s, D_ADJUSTED, c.id);
    const conduct = "未按规定建立并遵守进货查验记录、出厂检验记录制度";
    const content = { ...first.content, itemCode: code, name: `对${conduct}的行政处罚`, basisText: `条文摘要：${String(first.content.basisLaw)}第一百二十六条规定，${conduct}的，由有关主管部门责令改正，给予警告；拒不改正的，处5000元以上5万元以下罚款。` };
    specs.push({ agency: scjg, content: content as Spec["content"], fine: first.fine, conduct, versions: [{ from: D_ADJUSTED, to: null, content, start: c.id, end: null }] });
  }

  // 2025-07-01 下放: city 司法局 → the county 司法局s
  if (cityJustice && delegated.length) {
    const c = change(cityJustice, "delegate", D_DELEGATED, "推进执法重心下移，将基层高频事项下放区县实施", delegated.map((s) => s.content.itemCode), { targetAgencyIds: counties.map((x) => x.id) });
    for (const s of delegated) {
      close(s, D_DELEGATED, c.id);
      for (const county of counties) specs.push({ agency: county, content: s.content, versions: [{ from: D_DELEGATED, to: null, content: s.content, start: c.id, end: null }] });
    }
  }

  for (let i = 0; i < changes.length; i += 500) await tx.insert(powerItemChanges).values(changes.slice(i, i + 500));
  const versions = specs.flatMap((s) =>
    s.versions.map((v) => ({ ...(v.content as Record<string, unknown>), agencyId: s.agency.id, effectiveFrom: v.from, effectiveTo: v.to, startChangeId: v.start, endChangeId: v.end })),
  );
  for (let i = 0; i < versions.length; i += 500) await tx.insert(powerItems).values(versions.slice(i, i + 500) as never);

  // 裁量基准: 2–4 tiers per penalty item still held, with increasing ranges (R-LIST-09)
  const tiers: (typeof discretionTiers.$inferInsert)[] = [];
  for (const s of specs) {
    if (!s.fine || open(s).to !== null) continue;
    const [min, max] = s.fine;
    const current = open(s).content;
    const names = TIERS_BY_COUNT[2 + Math.floor(rand() * 3)]!;
    const bounds = names.map((_, k) => nice(min + ((max - min) * (k + 1)) / names.length));
    names.forEach((tier, k) => {
      const lo = k === 0 ? min : bounds[k - 1]!;
      const severe = tier === "严重";
      tiers.push({
        agencyId: s.agency.id,
        itemCode: s.content.itemCode,
        tierOrder: k + 1,
        circumstance: `${tier}：${TIER_CIRCUMSTANCES[tier]}`,
        measure: lo === 0 && k === 0 ? "警告" : tier === "轻微" ? "警告、罚款" : "罚款",
        minAmount: lo,
        maxAmount: Math.max(lo, bounds[k]!),
        otherMeasure: severe ? "没收违法所得；情节严重的，责令停产停业或者吊销许可证件" : tier === "较重" ? "没收违法所得" : null,
        basis: `${String(current.basisLaw)}${String(current.basisArticle)}；《示范省${s.agency.domain}行政处罚裁量基准》`,
      });
    });
  }
  for (let i = 0; i < tiers.length; i += 500) await tx.insert(discretionTiers).values(tiers.slice(i, i + 500));
}
