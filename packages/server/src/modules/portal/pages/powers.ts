/**
 * 权责清单 (R-PUB-01, R-LIST-03): the power items of a day — today or, with `?date=`, as the
 * list stood on a past date, read through the powers service (versions + change log) — with
 * their basis, procedure and time limit, and the 行政执法流程图 (R-LIST-08) rendered from the
 * same workflow definitions the platform enforces.
 */
import { addCalendarDays, DOC_KIND_LABELS, PHASE_LABELS, ROLE_LABELS, workflowSvg, type DocKind, type StageLimit } from "@zhifa/domain";
import type { Db } from "../../../db/client.ts";
import { currentWorkflows, type WorkflowRow } from "../../cases/workflows.ts";
import { listChanges, listPowers, today, type VersionRow } from "../../powers/service.ts";
import { CHANGE_KIND_LABELS, type ChangeKind } from "../../powers/tables.ts";
import { href, html, raw, type SafeHtml } from "../html.ts";
import { renderPage } from "../layout.ts";
import { actionTypeLabel, agencySelect, facts, note, pager } from "../components.ts";
import { PUBLIC_READER, allAgencies } from "../data.ts";
import { notFound } from "../params.ts";

function limitText(days: number | null, working: boolean): string | null {
  if (days === null || days === undefined) return null;
  return working ? `${days} 个工作日` : `${days} 日`;
}

function period(v: VersionRow): string {
  const kind = CHANGE_KIND_LABELS[v.changeKind as ChangeKind] ?? v.changeKind;
  const end = v.effectiveTo ? `，至 ${addCalendarDays(v.effectiveTo, -1)} 止` : "";
  return `${v.effectiveFrom} 起施行（${kind}）${end}`;
}

function itemCard(v: VersionRow, flows: WorkflowRow[]): SafeHtml {
  const basis = `${v.basisLaw}${v.basisArticle}`;
  return html`<li><article class="card">
<h3>${v.name}</h3>
<p class="meta">事项编码 ${v.itemCode} · ${actionTypeLabel(v.actionType)}${v.domain ? html` · ${v.domain}` : ""} · 执法主体：<a href="/portal/agencies/${v.agencyId}">${v.agencyName}</a></p>
${facts([
  ["设定依据", basis],
  ["办理程序", v.procedure],
  ["法定时限", limitText(v.timeLimitDays, v.timeLimitWorkingDays)],
  ["救济渠道", v.remedy],
  ["监督方式", v.supervision],
  ["本版本", period(v)],
  ["备注", v.note],
])}
${v.basisText ? html`<details><summary>查看依据条文</summary><p class="pre">${v.basisText}</p></details>` : ""}
<p class="links-inline">${flows.map((f) => html`<a href="/portal/flowcharts/${f.key}">流程图：${f.name}</a>`)}${
    v.actionType === "penalty" ? html`<a href="${href("/portal/lists/discretion-tiers", { agencyId: v.agencyId, q: v.itemCode })}">裁量基准</a>` : ""
  }</p>
</article></li>`;
}

/** GET /portal/powers?agencyId=&date=&q=&page= */
export async function powersPage(db: Db, q: { agencyId?: string; date?: string; q?: string; page: number }): Promise<string> {
  const pageSize = 20;
  const asOf = q.date ?? today();
  const [agencyList, list, flows, changes] = await Promise.all([
    allAgencies(db),
    listPowers(db, PUBLIC_READER, { page: q.page, pageSize, asOf, agencyId: q.agencyId, q: q.q }),
    currentWorkflows(db),
    listChanges(db, PUBLIC_READER, { page: 1, pageSize: 10, agencyId: q.agencyId, to: asOf }),
  ]);
  const byType = new Map<string, WorkflowRow[]>();
  for (const f of flows) byType.set(f.actionType, [...(byType.get(f.actionType) ?? []), f]);
  const agency = q.agencyId ? agencyList.find((a) => a.id === q.agencyId) : undefined;
  if (q.agencyId && !agency) throw notFound("执法主体不存在", "没有找到该执法主体，请从执法主体列表中选择。");
  const title = agency ? `${agency.name}权责清单` : "权责清单";
  const main = html`<h1>${title}</h1>
<p class="lead">执法事项的设定依据、办理程序、法定时限、救济渠道和监督方式。清单的每一次新增、调整、取消、下放、合并都注明日期，可查看任一日期的清单。</p>
${note(
  q.date
    ? html`以下为 <strong>${asOf}</strong> 当日有效的事项（历史版本）。<a href="${href("/portal/powers", { agencyId: q.agencyId, q: q.q })}">查看今天的清单</a>`
    : html`以下为今天（${asOf}）有效的事项（现行版本）。`,
  q.date ? "warn" : "info",
)}
<form class="filters" method="get" action="/portal/powers" role="search" aria-label="查询权责清单">
<div class="field"><label for="agencyId">执法主体</label>${agencySelect(agencyList, q.agencyId)}</div>
<div class="field"><label for="q">事项名称、编码或依据</label><input id="q" name="q" type="search" maxlength="50" value="${q.q ?? ""}"></div>
<div class="field"><label for="date">查看某日的清单（不填为今天）</label><input id="date" name="date" type="date" value="${q.date ?? ""}"></div>
<div class="field actions"><button type="submit">查询</button></div>
</form>
<h2>执法事项</h2>
${list.items.length === 0 ? html`<p>该日期没有符合条件的事项。</p>` : html`<ul class="cards">${list.items.map((v) => itemCard(v, byType.get(v.actionType) ?? []))}</ul>`}
${pager("/portal/powers", { agencyId: q.agencyId, q: q.q, date: q.date }, q.page, pageSize, list.total)}
<h2>清单变更记录</h2>
${changes.items.length === 0
    ? html`<p>${asOf} 之前没有变更记录。</p>`
    : html`<ol class="changes">${changes.items.map(
        (c) => html`<li><strong>${c.effectiveDate} ${CHANGE_KIND_LABELS[c.kind as ChangeKind] ?? c.kind}</strong> · <a href="/portal/agencies/${c.agencyId}">${c.agencyName}</a>${c.documentNo ? html` · ${c.documentNo}` : ""}<br>事项：${c.itemCodes.join("、")}${
          c.targetAgencies.length > 0 ? html`；下放至：${c.targetAgencies.map((t) => t.name).join("、")}` : ""
        }；理由：${c.reason}</li>`,
      )}</ol>`}
<p><a href="/portal/flowcharts">查看全部行政执法流程图</a></p>`;
  return renderPage({ title: q.date ? `${title}（${asOf}）` : title, nav: "powers", crumbs: [{ label: "权责清单" }], main });
}

function limit(l: StageLimit | undefined): string | null {
  if (!l) return null;
  return `${l.amount} ${l.unit === "workingDays" ? "个工作日" : "日"}（${l.basis}）`;
}

/** GET /portal/flowcharts: the current flowchart of every action type. */
export async function flowchartsPage(db: Db): Promise<string> {
  const flows = await currentWorkflows(db);
  const main = html`<h1>行政执法流程图</h1>
<p class="lead">各类行政执法行为的办理流程。流程图由平台实际执行的流程定义生成，与网上办案的环节、时限一致。</p>
<ul class="links big">${flows.map((f) => html`<li><a href="/portal/flowcharts/${f.key}">${f.name}</a> <span class="muted">${actionTypeLabel(f.actionType)} · 第 ${f.version} 版</span></li>`)}</ul>`;
  return renderPage({ title: "行政执法流程图", nav: "powers", crumbs: [{ label: "权责清单", href: "/portal/powers" }, { label: "行政执法流程图" }], main });
}

/** GET /portal/flowcharts/:key: the SVG (same function as the API's flowchart.svg) and its text. */
export async function flowchartPage(db: Db, key: string): Promise<string> {
  const flow = (await currentWorkflows(db)).find((f) => f.key === key);
  if (!flow) throw notFound("流程图不存在", "没有这个执法流程，请从流程图列表中选择。");
  const def = flow.definition;
  // the platform's own SVG (its text is escaped by workflowSvg); drop the XML declaration to inline it
  const svg = workflowSvg(def, { title: false }).replace(/^<\?xml[^>]*\?>\s*/, "");
  const docs = (d: DocKind | DocKind[]) => (Array.isArray(d) ? d.map((x) => DOC_KIND_LABELS[x] ?? x).join("或") : (DOC_KIND_LABELS[d] ?? d));
  const main = html`<h1>${def.name}流程图</h1>
<p class="lead">${actionTypeLabel(def.actionType)} · 第 ${flow.version} 版${def.caseLimit ? html` · 办理期限：${limit(def.caseLimit)}` : ""}</p>
<figure class="flowchart">${raw(svg)}<figcaption>${def.name}流程图（第 ${flow.version} 版）。<a href="/api/workflows/${flow.key}/flowchart.svg">下载 SVG 图片</a></figcaption></figure>
<h2>办理环节</h2>
<ol class="stages">${def.stages.map(
    (s) => html`<li><h3>${s.name}</h3>${facts([
      ["阶段", PHASE_LABELS[s.phase] ?? s.phase],
      ["负责人员", s.actors.map((r) => ROLE_LABELS[r] ?? r).join("、")],
      ["应有文书", (s.documents ?? []).map(docs).join("；")],
      ["环节时限", limit(s.limit)],
      ["人员要求", s.minTeam ? `不少于 ${s.minTeam} 名具备执法资格的执法人员` : null],
      ["音像记录", s.av === "mandatory" ? "全过程音像记录" : s.av === "expected" ? "应当音像记录" : null],
      ["法制审核", s.majorGate ? "属于重大执法决定的，须经法制审核后方可作出决定" : null],
      ["说明", s.hint],
    ])}</li>`,
  )}</ol>`;
  return renderPage({ title: `${def.name}流程图`, nav: "powers", crumbs: [{ label: "权责清单", href: "/portal/powers" }, { label: "行政执法流程图", href: "/portal/flowcharts" }, { label: def.name }], main });
}
