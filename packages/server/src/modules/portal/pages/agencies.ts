/**
 * 执法主体 on the portal (R-LIST-01, R-PUB-01): the agency tree, and each agency's public
 * information, officers, power items and lists.
 */
import type { TotalIs } from "../../publicity/service.ts";
import { AGENCY_LEVELS, UNIT_KIND_LABELS, type UnitKind } from "@zhifa/domain";
import type { VersionRow } from "../../powers/service.ts";
import { href, html, type SafeHtml } from "../html.ts";
import { renderPage } from "../layout.ts";
import { actionTypeLabel, facts, levelLabel, note, pager, withAlternates } from "../components.ts";
import type { PublicAgency, PublicOfficer } from "../data.ts";
import { officerCard } from "./officers.ts";
import { PUBLIC_LISTS } from "./lists.ts";
import { agencyFeeds, decisionLine, type PublishedRow } from "./decisions.ts";

function childrenOf(list: readonly PublicAgency[]): Map<string | null, PublicAgency[]> {
  const ids = new Set(list.map((a) => a.id));
  const out = new Map<string | null, PublicAgency[]>();
  for (const a of list) {
    const parent = a.parentId && ids.has(a.parentId) ? a.parentId : null;
    out.set(parent, [...(out.get(parent) ?? []), a]);
  }
  // siblings: higher level first, then by name
  for (const list of out.values()) list.sort((x, y) => AGENCY_LEVELS.indexOf(x.level) - AGENCY_LEVELS.indexOf(y.level) || x.name.localeCompare(y.name, "zh-CN"));
  return out;
}

function tree(children: Map<string | null, PublicAgency[]>, parent: string | null): SafeHtml {
  const items = children.get(parent) ?? [];
  if (items.length === 0) return html``;
  return html`<ul class="tree">${items.map(
    (a) => html`<li><a href="/portal/agencies/${a.id}">${a.name}</a> <span class="muted">${levelLabel(a.level)} · ${a.regionName}${a.active ? "" : " · 已停用"}</span>${tree(children, a.id)}</li>`,
  )}</ul>`;
}

/** GET /portal/agencies: the tree, province → township; with ?date= as it stood at the end of that day (Beijing time). */
export function agenciesPage(list: PublicAgency[], date?: string): string {
  const main = html`<h1>执法主体</h1>
<p class="lead">行政执法主体的名称、层级、区域、执法依据和联系方式，按上下级排列。</p>
${date
  ? note(html`以下为 <strong>${date} 当日</strong>（北京时间当日结束时）的执法主体，由修改记录还原（历史版本）；名称链接到现行信息。<a href="/portal/agencies">查看现行版本</a>`, "warn")
  : ""}
<form class="filters" method="get" action="/portal/agencies" aria-label="查看历史版本">
<div class="field narrow"><label for="date">历史日期</label><input id="date" name="date" type="date" value="${date ?? ""}" aria-describedby="date-hint"><span class="hint" id="date-hint">留空为现行版本</span></div>
<div class="field actions"><button type="submit">查询</button></div>
</form>
${list.length === 0 ? html`<p>${date ? "该日尚无执法主体。" : "尚未公布执法主体。"}</p>` : tree(childrenOf(list), null)}`;
  return renderPage({ title: "执法主体", nav: "agencies", crumbs: [{ label: "执法主体" }], main });
}

/** GET /portal/agencies/:id */
export function agencyPage(p: {
  agency: PublicAgency;
  parent: PublicAgency | null;
  children: PublicAgency[];
  units: { name: string; kind: string }[];
  officers: { items: PublicOfficer[]; total: number; page: number; pageSize: number };
  powers: { items: VersionRow[]; total: number; asOf: string };
  /** The latest published decisions (R-PUB-03) and how many there are. */
  decisions: { items: PublishedRow[]; total: number; totalIs: TotalIs };
  day: string;
  names: Map<string, string>;
}): string {
  const a = p.agency;
  const main = html`<h1>${a.name}</h1>
${a.active ? "" : note("该执法主体已停用，以下为停用前的公示信息。", "warn")}
<section aria-labelledby="info-h">
<h2 id="info-h">基本信息</h2>
${facts([
  ["主体性质", a.nature],
  ["层级", levelLabel(a.level)],
  ["区域", `${a.regionName}（${a.regionCode}）`],
  ["上级", p.parent ? html`<a href="/portal/agencies/${p.parent.id}">${p.parent.name}</a>` : null],
  ["执法类别", a.actionTypes.map(actionTypeLabel).join("、")],
  ["执法依据", a.legalBasis],
  ["统一社会信用代码", a.socialCreditCode],
  ["地址", a.address],
  ["联系电话", a.phone ? html`<a href="tel:${a.phone}">${a.phone}</a>` : null],
  ["内设机构", p.units.map((u) => `${u.name}（${UNIT_KIND_LABELS[u.kind as UnitKind] ?? u.kind}）`).join("、")],
])}
${p.children.length > 0 ? html`<h3>下级执法主体</h3><ul class="links">${p.children.map((c) => html`<li><a href="/portal/agencies/${c.id}">${c.name}</a></li>`)}</ul>` : ""}
</section>
<section aria-labelledby="lists-h">
<h2 id="lists-h">本主体的公示清单</h2>
<ul class="links inline">
<li><a href="${href("/portal/powers", { agencyId: a.id })}">权责清单</a></li>
<li><a href="${href("/portal/officers", { agencyId: a.id })}">执法人员</a></li>
${Object.entries(PUBLIC_LISTS).map(([k, s]) => html`<li><a href="${href(`/portal/lists/${k}`, { agencyId: a.id })}">${s.def.label}</a></li>`)}
<li><a href="${href("/portal/decisions", { agencyId: a.id })}">执法决定</a></li>
<li><a href="/portal/agencies/${a.id}/board">岗位信息公示牌（打印）</a></li>
</ul>
</section>
<section aria-labelledby="powers-h">
<h2 id="powers-h">权责事项（${p.powers.asOf} 有效，共 ${p.powers.total} 项）</h2>
${p.powers.items.length === 0
    ? html`<p>暂无现行有效的权责事项。</p>`
    : html`<ul class="plain">${p.powers.items.map(
        (v) => html`<li><a href="${href("/portal/powers", { agencyId: a.id, q: v.itemCode })}">${v.name}</a> <span class="muted">${v.itemCode} · ${actionTypeLabel(v.actionType)}</span></li>`,
      )}</ul>`}
${p.powers.total > p.powers.items.length ? html`<p><a href="${href("/portal/powers", { agencyId: a.id })}">查看全部 ${p.powers.total} 项权责事项</a></p>` : ""}
</section>
<section aria-labelledby="decisions-h">
<h2 id="decisions-h">最新公示的执法决定（${p.decisions.totalIs === "exact" ? "共" : p.decisions.totalIs === "at_least" ? "超过" : "约"} ${p.decisions.total} 件）</h2>
${p.decisions.items.length === 0 ? html`<p>暂无公示的执法决定。</p>` : html`<ul class="plain">${p.decisions.items.map(decisionLine)}</ul>`}
<ul class="links inline">
<li><a href="${href("/portal/decisions", { agencyId: a.id })}">查询本主体的全部执法决定</a></li>
${agencyFeeds(a).map((f) => html`<li><a href="${f.href}" type="${f.type}">${f.type.includes("rss") ? "RSS 订阅" : "Atom 订阅"}</a></li>`)}
</ul>
</section>
<section aria-labelledby="officers-h">
<h2 id="officers-h">执法人员（共 ${p.officers.total} 名）</h2>
<p class="muted">证件状态按 ${p.day}（北京时间）计算。</p>
${p.officers.items.length === 0 ? html`<p>暂无执法人员。</p>` : html`<ul class="cards grid">${p.officers.items.map((o) => officerCard(o, p.day, p.names, false))}</ul>`}
${pager(`/portal/agencies/${a.id}`, {}, p.officers.page, p.officers.pageSize, p.officers.total)}
</section>`;
  return withAlternates(renderPage({ title: a.name, nav: "agencies", crumbs: [{ label: "执法主体", href: "/portal/agencies" }, { label: a.name }], main }), agencyFeeds(a));
}
