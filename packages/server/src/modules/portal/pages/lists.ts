/**
 * The other public lists (R-PUB-01, R-LIST-04 … R-LIST-09): 裁量基准, 重大执法决定法制审核目录清单,
 * 随机抽查事项清单, 音像记录事项清单, 行政执法服务指南 — read through the lists service, shown with
 * the fields declared public here; with ?date= as it stood at the end of that day (Beijing time),
 * rebuilt from the audit trail (`lists/history.ts`).
 */
import { max } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import type { FieldDef, ListDefinition } from "../../lists/definition.ts";
import { listRows, type ListRow } from "../../lists/service.ts";
import { listRowsAsOf } from "../../lists/history.ts";
import { discretionTierList } from "../../lists/defs/discretion-tiers.ts";
import { majorCatalogList } from "../../lists/defs/major-catalog.ts";
import { randomInspectionList } from "../../lists/defs/random-inspection.ts";
import { avRecordsList } from "../../lists/defs/av-records.ts";
import { serviceGuidesList } from "../../lists/defs/service-guides.ts";
import { href, html, type SafeHtml } from "../html.ts";
import { renderPage } from "../layout.ts";
import { agencySelect, amount, beijingTime, facts, note, pager } from "../components.ts";
import { PUBLIC_READER, allAgencies } from "../data.ts";
import { notFound } from "../params.ts";
import { shanghaiDayEnd } from "@zhifa/domain";

export interface PublicList {
  def: ListDefinition;
  /** What the list is for, one sentence. */
  intro: string;
  /** The card's heading. */
  heading(row: ListRow): string;
  /** Public fields shown on every card. */
  fields: string[];
  /** Public fields shown under "详细内容" (long texts). */
  more?: string[];
  /** Shown instead of an empty array (e.g. 不限). */
  emptyAs?: Record<string, string>;
  /** Values shown only when true, as this text. */
  flagsAs?: Record<string, string>;
  /** Fixed filters (e.g. only catalog entries in force). */
  filters?: Record<string, string>;
  /** Link from the card to the power items (by 事项编码). */
  itemCodeKey?: string;
}

export const PUBLIC_LISTS: Record<string, PublicList> = {
  "discretion-tiers": {
    def: discretionTierList,
    intro: "行政处罚等事项的裁量阶次：不同违法情节对应的处罚种类和幅度。",
    heading: (r) => `事项编码 ${String(r.itemCode)} · 第 ${String(r.tierOrder)} 阶次`,
    fields: ["circumstance", "measure", "minAmount", "maxAmount", "otherMeasure"],
    more: ["basis"],
    itemCodeKey: "itemCode",
  },
  "major-catalog": {
    def: majorCatalogList,
    intro: "作出属于本目录的行政执法决定前，须经法制审核；未经审核或审核未通过的，不得作出决定。",
    heading: (r) => String(r.name),
    fields: ["actionTypes", "agencyLevels", "domains", "minAmount", "penaltyKinds", "hearingHeld", "flags"],
    more: ["note"],
    emptyAs: { actionTypes: "不限", agencyLevels: "不限", domains: "不限" },
    flagsAs: { hearingHeld: "仅适用于经过听证程序的决定" },
    filters: { active: "true" },
  },
  "random-inspection": {
    def: randomInspectionList,
    intro: "“双随机、一公开”抽查的事项、依据、对象、比例、方式和频次。",
    heading: (r) => String(r.matter),
    fields: ["code", "targetType", "ratioPercent", "method", "frequency", "domain"],
    more: ["basis", "note"],
  },
  "av-records": {
    def: avRecordsList,
    intro: "哪些执法环节应当进行音像记录，哪些应当全过程音像记录。",
    heading: (r) => String(r.activity),
    fields: ["actionTypes", "requirement", "mandatoryReason"],
    more: ["basis", "note"],
  },
  "service-guides": {
    def: serviceGuidesList,
    intro: "办理事项的依据、条件、材料、流程、时限、收费、地点和咨询电话。",
    heading: (r) => String(r.matterName),
    fields: ["acceptingBody", "decidingBody", "timeLimit", "fees", "officeHours", "address", "phone", "itemCode"],
    more: ["basis", "conditions", "materials", "process", "supervision", "remedy"],
    itemCodeKey: "itemCode",
  },
};

/** A field's value as the public reads it (option labels, 是/否, grouped amounts). */
function fieldValue(spec: PublicList, f: FieldDef, value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  const label = (v: unknown) => f.options?.find((o) => o.value === v)?.label ?? String(v);
  switch (f.type) {
    case "enum":
      return label(value);
    case "enumArray":
    case "textArray": {
      const list = Array.isArray(value) ? value : [];
      if (list.length === 0) return spec.emptyAs?.[f.key] ?? null;
      return list.map((v) => (f.type === "enumArray" ? label(v) : String(v))).join("、");
    }
    case "bool":
      if (spec.flagsAs?.[f.key]) return value === true ? spec.flagsAs[f.key]! : null;
      return value === true ? "是" : "否";
    case "number":
      return typeof value === "number" ? amount(value) : String(value);
    case "int":
      return f.key === "ratioPercent" ? `${String(value)}%` : String(value);
    default:
      return String(value);
  }
}

function card(spec: PublicList, row: ListRow): SafeHtml {
  const byKey = new Map(spec.def.fields.map((f) => [f.key, f]));
  const rows = (keys: string[]) => keys.map((k): [string, unknown] => [byKey.get(k)?.label ?? k, fieldValue(spec, byKey.get(k)!, row[k])]);
  const code = spec.itemCodeKey ? row[spec.itemCodeKey] : null;
  const more = spec.more ? rows(spec.more).filter(([, v]) => v !== null) : [];
  return html`<li><article class="card">
<h3>${spec.heading(row)}</h3>
<p class="meta">执法主体：<a href="/portal/agencies/${row.agencyId}">${row.agencyName}</a></p>
${facts(rows(spec.fields))}
${more.length > 0 ? html`<details><summary>查看详细内容</summary>${facts(more, "facts long")}</details>` : ""}
${typeof code === "string" && code ? html`<p><a href="${href("/portal/powers", { agencyId: row.agencyId, q: code })}">查看权责清单中的事项 ${code}</a></p>` : ""}
</article></li>`;
}

/** GET /portal/lists/:kind */
export async function listPage(db: Db, kind: string, q: { agencyId?: string; q?: string; page: number; date?: string }): Promise<string> {
  const spec = PUBLIC_LISTS[kind];
  if (!spec) throw notFound("清单不存在", "没有这个公示清单，请从下方链接选择。");
  const pageSize = 20;
  const [agencyList, [updated]] = await Promise.all([allAgencies(db), db.select({ at: max(spec.def.table.updatedAt) }).from(spec.def.table)]);
  const { items, total } = q.date
    ? await listRowsAsOf(db, spec.def, shanghaiDayEnd(q.date), { page: q.page, pageSize, agencyId: q.agencyId, q: q.q, filters: spec.filters }, new Map(agencyList.map((a) => [a.id, a])))
    : await listRows(db, spec.def, PUBLIC_READER, { page: q.page, pageSize, agencyId: q.agencyId, q: q.q, filters: spec.filters });
  const label = spec.def.label;
  const at = updated?.at instanceof Date ? beijingTime(updated.at) : null;
  const main = html`<h1>${label}</h1>
<p class="lead">${spec.intro}</p>
${note(
  q.date
    ? html`以下为 <strong>${q.date} 当日</strong>（北京时间当日结束时）的清单，由清单的修改记录还原（历史版本）。<a href="${href(`/portal/lists/${kind}`, { agencyId: q.agencyId, q: q.q })}">查看现行版本</a>`
    : html`以下为<strong>现行版本</strong>${at ? html`（最近更新：${at}）` : ""}。各执法主体修改清单后即时更新。`,
  q.date ? "warn" : "info",
)}
<form class="filters" method="get" action="/portal/lists/${kind}" role="search" aria-label="筛选${label}">
<div class="field"><label for="agencyId">执法主体</label>${agencySelect(agencyList, q.agencyId)}</div>
<div class="field"><label for="q">关键词</label><input id="q" name="q" type="search" maxlength="50" value="${q.q ?? ""}"></div>
<div class="field narrow"><label for="date">历史日期</label><input id="date" name="date" type="date" value="${q.date ?? ""}" aria-describedby="date-hint"><span class="hint" id="date-hint">留空为现行版本</span></div>
<div class="field actions"><button type="submit">查询</button></div>
</form>
<h2>查询结果</h2>
${items.length === 0 ? html`<p>没有符合条件的记录。</p>` : html`<ul class="cards">${items.map((r) => card(spec, r))}</ul>`}
${pager(`/portal/lists/${kind}`, { agencyId: q.agencyId, q: q.q, date: q.date }, q.page, pageSize, total)}
<h2>其他公示清单</h2>
${otherLists(kind)}`;
  return renderPage({ title: label, nav: "lists", crumbs: [{ label: "公示清单", href: "/portal/lists" }, { label }], main });
}

function otherLists(except?: string): SafeHtml {
  return html`<ul class="links">${Object.entries(PUBLIC_LISTS)
    .filter(([k]) => k !== except)
    .map(([k, s]) => html`<li><a href="/portal/lists/${k}">${s.def.label}</a></li>`)}</ul>`;
}

/** GET /portal/lists: every public list. */
export function listsIndexPage(): string {
  const main = html`<h1>公示清单</h1>
<p class="lead">行政执法事前公开的清单，由各执法主体维护并及时更新。</p>
<ul class="links big">
<li><a href="/portal/agencies">执法主体清单</a></li>
<li><a href="/portal/officers">执法人员清单</a></li>
<li><a href="/portal/powers">权责清单（执法事项清单）</a></li>
<li><a href="/portal/flowcharts">行政执法流程图</a></li>
${Object.entries(PUBLIC_LISTS).map(([k, s]) => html`<li><a href="/portal/lists/${k}">${s.def.label}</a></li>`)}
</ul>`;
  return renderPage({ title: "公示清单", nav: "lists", crumbs: [{ label: "公示清单" }], main });
}
