/**
 * 行政执法统计年报 on the public portal (R-PUB-10): the list of published annual reports, and a
 * report's page — its 说明, charts (inline SVG) and the same figures as tables with captions and
 * header scopes, the XLSX download and the SHA-256 recorded in the ledger. Counts only: no
 * personal data is in a report.
 */
import { statisticsTables, type StatisticsFigures, type StatisticsTable } from "@zhifa/domain";
import { href, html, raw, type SafeHtml } from "../portal/html.ts";
import { renderPage } from "../portal/layout.ts";
import { agencySelect, facts, note } from "../portal/components.ts";
import type { PublicAgency } from "../portal/data.ts";
import type { RenderedChart } from "./charts.ts";
import { entrySha256 } from "../ledger/public-entries.ts";

export const reportHref = (id: string) => `/portal/statistics/${encodeURIComponent(id)}`;
export const xlsxHref = (id: string) => `/portal/statistics/${encodeURIComponent(id)}/report.xlsx`;

const CRUMB = { label: "统计年报", href: "/portal/statistics" };

export function statisticsListPage(p: { items: { id: string; agencyName: string; year: number; publishedOn: string | null; late: boolean | null; edition: number }[]; agencies: PublicAgency[]; agencyId?: string }): string {
  const years = [...new Set(p.items.map((i) => i.year))];
  const main = html`<h1>行政执法统计年报</h1>
<p class="lead">各执法主体每年 1 月 31 日前公开上一年度的行政执法数据：各类执法行为的办理数量、行政处罚及罚款金额、行政许可、行政检查、法制审核、执法决定公示的及时情况、行政复议和行政诉讼结果。</p>
<form class="filters" method="get" action="/portal/statistics" role="search" aria-label="按执法主体查看统计年报">
<div class="field wide"><label for="agencyId">执法主体</label>${agencySelect(p.agencies, p.agencyId)}</div>
<div class="field actions"><button type="submit">查看</button></div>
</form>
${p.items.length === 0
    ? note("暂无已发布的统计年报。")
    : years.map((y) => {
        const rows = p.items.filter((i) => i.year === y);
        return html`<section aria-labelledby="y${y}">
<h2 id="y${y}">${y} 年度</h2>
<table class="stats-table">
<caption>${y} 年度已发布的统计年报（${rows.length} 份）</caption>
<thead><tr><th scope="col">执法主体</th><th scope="col">发布日期</th><th scope="col">下载</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr><th scope="row"><a href="${reportHref(r.id)}">${r.agencyName}${y}年度行政执法统计年报</a>${r.edition > 1 ? html`（第 ${r.edition} 版·更正）` : ""}</th><td>${r.publishedOn ?? ""}${r.late ? html`（逾期发布）` : ""}</td><td><a href="${xlsxHref(r.id)}" download>XLSX<span class="visually-hidden">：${r.agencyName}${y}年度</span></a></td></tr>`,
)}
</tbody>
</table>
</section>`;
      })}`;
  return renderPage({ title: "行政执法统计年报", nav: "statistics", crumbs: [{ label: "统计年报" }], main, description: "各执法主体的年度行政执法统计数据（R-PUB-10）" });
}

function table(t: StatisticsTable): SafeHtml {
  return html`<table class="stats-table" id="t-${t.key}">
<caption>${t.title}</caption>
<thead><tr>${t.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>
${t.rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c ?? ""}</th>` : html`<td class="num">${c ?? ""}</td>`))}</tr>`)}
</tbody>
</table>
${t.note ? html`<p class="muted">注：${t.note}</p>` : ""}`;
}

/** The published content's hash recomputed now, and the ledger entry its publication wrote. */
export interface ReportCheck {
  sha256: string;
  entry: { body: string; commitment: string; leafIndex: number | null } | null;
}

/** 核验: the report as shown against the ledger, with the links to check it independently. */
function verifySection(r: { id: string; sha256: string | null }, check: ReportCheck): SafeHtml {
  const recorded = entrySha256(check.entry?.body);
  const consistent = check.sha256 === r.sha256 && check.sha256 === recorded;
  const leafIndex = check.entry?.leafIndex ?? null;
  return html`<section aria-labelledby="verify-h" id="verify">
<h2 id="verify-h">核验：年报内容是否被改动</h2>
<p>年报发布时，平台计算公开内容（RFC 8785 规范化 JSON）的 SHA-256 摘要，写入防篡改的执法记录账本。任何人都可以重新计算摘要，并请账本出具包含证明。</p>
<section class="status ${consistent ? "tone-valid" : "tone-withdrawn"}" aria-labelledby="verify-word">
<p class="status-label">本页所示年报内容</p>
<p class="status-word small" id="verify-word"><span aria-hidden="true">${consistent ? "✓ " : "✕ "}</span>${consistent ? "与账本记录一致" : "与账本记录不一致"}</p>
</section>
${facts([
  ["公开内容的 SHA-256（现算）", html`<code class="hash" id="payload-sha256">${check.sha256}</code>`],
  ["账本记录的摘要", recorded ? html`<code class="hash" id="ledger-sha256">${recorded}</code>` : "（未找到账本条目）"],
  ["账本条目承诺值", check.entry ? html`<code class="hash" id="ledger-commitment">${check.entry.commitment}</code>` : null],
  ["账本叶子序号", check.entry ? (leafIndex === null ? "正在写入账本，请稍后刷新本页" : html`<span id="leaf-index">${leafIndex}</span>`) : null],
])}
<ul class="links">
<li><a href="/api/public/statistics/${r.id}" id="public-json">公开数据（JSON：公开内容 payload 及账本条目、盐）</a></li>
${check.entry ? html`<li><a href="/api/ledger/leaf/${check.entry.commitment}" id="leaf-json">按承诺值查询账本叶子（JSON）</a></li>` : ""}
${leafIndex !== null ? html`<li><a href="${href("/api/ledger/proof/inclusion", { index: leafIndex })}" id="proof-json">包含证明：该叶子在最新签名检查点的账本中（JSON）</a></li>` : ""}
<li><a href="/api/ledger/checkpoint">最新签名检查点</a></li>
<li><a href="/ledger">账本验证页面：在浏览器中验证检查点签名和账本只增不改</a></li>
</ul>
</section>`;
}

/** A superseded edition says where the current one is; a correction says what it corrects and why. */
function editionNotice(r: { status: string; edition: number; supersedes: string | null; correctionReason: string; correctedBy: { id: string; publishedOn: string | null } | null }): SafeHtml {
  const superseded = r.status === "superseded" && r.correctedBy
    ? html`<section class="status tone-withdrawn" aria-labelledby="superseded-h" id="superseded"><p class="status-word small" id="superseded-h">本报告已被更正</p><p>本版本已于 ${r.correctedBy.publishedOn ?? ""} 被更正，数据以<a href="${reportHref(r.correctedBy.id)}">更正后的版本</a>为准。本页保留原版本，供查阅和核验。</p></section>`
    : "";
  const correction = r.supersedes
    ? html`<section class="panel" aria-labelledby="correction-h" id="correction"><h2 id="correction-h">更正说明（第 ${r.edition} 版）</h2>${r.correctionReason.split(/\n+/).map((para) => html`<p>${para}</p>`)}<p><a href="${reportHref(r.supersedes)}">查看更正前的版本</a></p></section>`
    : "";
  return html`${superseded}${correction}`;
}

export function statisticsReportPage(
  r: { id: string; agencyName: string; year: number; publishedOn: string | null; late: boolean; note: string; figures: StatisticsFigures; sha256: string | null; ledgerEntryId: number | null; status: string; edition: number; supersedes: string | null; correctionReason: string; correctedBy: { id: string; publishedOn: string | null } | null },
  charts: RenderedChart[],
  check: ReportCheck,
): string {
  const title = `${r.agencyName}${r.year}年度行政执法统计年报${r.edition > 1 ? `（第 ${r.edition} 版·更正）` : ""}`;
  const f = r.figures;
  const main = html`<h1>${title}</h1>
${editionNotice(r)}
${facts([
  ["执法主体", r.agencyName],
  ["统计期间", `${f.period.from} 至 ${f.period.to}`],
  ["发布日期", r.publishedOn ? `${r.publishedOn}${r.late ? "（逾期发布：应于次年 1 月 31 日前发布）" : ""}` : ""],
  ["数据统计日期", f.asOf],
  ["公开内容 SHA-256", r.sha256 ? html`<code class="hash">${r.sha256}</code>` : ""],
])}
<p><a href="${xlsxHref(r.id)}" download>下载本报告（XLSX 表格）</a></p>
${r.note ? html`<section aria-labelledby="note-h" class="panel"><h2 id="note-h">说明</h2>${r.note.split(/\n+/).map((para) => html`<p>${para}</p>`)}</section>` : ""}
<section aria-labelledby="charts-h">
<h2 id="charts-h">图表</h2>
<div class="stats-charts">
${charts.map((c) => html`<figure class="stats-chart"><div class="stats-svg">${raw(c.svg)}</div><figcaption>${c.title}：${c.description.replace(/^[^：]*：/, "")}</figcaption></figure>`)}
</div>
</section>
<section aria-labelledby="tables-h">
<h2 id="tables-h">统计数据</h2>
${statisticsTables(f).map(table)}
</section>
${verifySection(r, check)}`;
  return renderPage({ title, nav: "statistics", crumbs: [CRUMB, { label: `${r.agencyName}${r.year}年度` }], main, description: `${title}：执法行为、行政处罚、许可、检查、法制审核、公示、复议诉讼数据` });
}
