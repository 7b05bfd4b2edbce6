/** Pieces the portal's pages share: paging, the agency picker, definition lists, labels. */
import { ACTION_TYPES, ACTION_TYPE_LABELS, AGENCY_LEVEL_LABELS, type ActionType, type AgencyLevel } from "@zhifa/domain";
import { href, html, join, type SafeHtml } from "./html.ts";
import type { PublicAgency } from "./data.ts";

export const actionTypeLabel = (t: string) => ACTION_TYPE_LABELS[t as ActionType] ?? t;
export const levelLabel = (l: string) => AGENCY_LEVEL_LABELS[l as AgencyLevel] ?? l;

export { beijingTime } from "@zhifa/domain";

/** Groups digits of an amount: 12345.5 → "12,345.5". */
export function amount(n: number): string {
  const [int, frac] = String(n).split(".");
  return (int ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
}

/** Region codes with their names where known: "东城区（990102）". */
export function regions(codes: readonly string[], names: Map<string, string>): string {
  if (codes.length === 0) return "未载明";
  return codes.map((c) => (names.has(c) ? `${names.get(c)}（${c}）` : c)).join("、");
}

/** A `<dl>` of label → value rows; rows with an empty value are left out. */
export function facts(rows: [string, unknown][], className = "facts"): SafeHtml {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0));
  return html`<dl class="${className}">${shown.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

/**
 * Page navigation: previous / next and "第 x / y 页，共 n 条". With `estimate` the total is the
 * planner's estimate ("约 n 条") or, `atLeast`, a lower bound ("超过 n 条"): next follows
 * `estimate.hasMore`, there is no last-page link, and `estimate.cap` says how far paging goes.
 */
export function pager(
  path: string,
  query: Record<string, string | number | undefined>,
  page: number,
  pageSize: number,
  total: number,
  estimate?: { hasMore: boolean; cap: number; atLeast?: boolean },
): SafeHtml {
  const link = (p: number, label: string, rel: string) => html`<a href="${href(path, { ...query, page: p })}" rel="${rel}">${label}</a>`;
  if (estimate) {
    const beyond = total > estimate.cap ? html`；只能查看前 ${estimate.cap} 条，请增加关键词或筛选条件缩小范围` : "";
    return html`<nav class="pager" aria-label="分页">
<p>第 ${page} 页，${estimate.atLeast ? "超过" : "约"} ${total} 条${beyond}</p>
<ul>
${page > 1 ? html`<li>${link(1, "首页", "first")}</li><li>${link(page - 1, "上一页", "prev")}</li>` : ""}
${estimate.hasMore ? html`<li>${link(page + 1, "下一页", "next")}</li>` : ""}
</ul>
</nav>`;
  }
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return html`<p class="muted">共 ${total} 条</p>`;
  return html`<nav class="pager" aria-label="分页">
<p>第 ${Math.min(page, pages)} / ${pages} 页，共 ${total} 条</p>
<ul>
${page > 1 ? html`<li>${link(1, "首页", "first")}</li><li>${link(page - 1, "上一页", "prev")}</li>` : ""}
${page < pages ? html`<li>${link(page + 1, "下一页", "next")}</li><li>${link(pages, "末页", "last")}</li>` : ""}
</ul>
</nav>`;
}

/** `<select name="agencyId">` of every agency, indented by tree depth; "" = all. */
export function agencySelect(list: readonly PublicAgency[], selected: string | undefined, id = "agencyId"): SafeHtml {
  const depth = (a: PublicAgency) => Math.max(0, a.path.split("/").filter(Boolean).length - 1);
  return html`<select id="${id}" name="agencyId">
<option value="">全部执法主体</option>
${list.map((a) => html`<option value="${a.id}"${a.id === selected ? html` selected` : ""}>${"\u3000".repeat(depth(a))}${a.name}</option>`)}
</select>`;
}

/** A notice box (role="note" keeps it out of the heading outline). */
export function note(content: SafeHtml | string, tone: "info" | "warn" = "info"): SafeHtml {
  return html`<div class="note note-${tone}" role="note">${content}</div>`;
}

/** `<select name="actionType">` of the nine action types with their Chinese labels (R-GEN-01); "" = all. */
export function actionTypeSelect(selected: string | undefined, id = "actionType"): SafeHtml {
  return html`<select id="${id}" name="actionType">
<option value="">全部执法类别</option>
${ACTION_TYPES.map((t) => html`<option value="${t}"${t === selected ? html` selected` : ""}>${ACTION_TYPE_LABELS[t]}</option>`)}
</select>`;
}

/** A feed or another representation of a page (R-PUB-11), announced in `<head>`. */
export interface Alternate {
  type: string;
  title: string;
  href: string;
}

/**
 * Adds `<link rel="alternate">` elements (feed autodiscovery) to a rendered page's `<head>`: the
 * layout emits exactly one `</head>`, before which they are inserted; every value is escaped.
 */
export function withAlternates(doc: string, links: readonly Alternate[]): string {
  if (links.length === 0) return doc;
  const tags = join(links.map((l) => html`<link rel="alternate" type="${l.type}" title="${l.title}" href="${l.href}">`), "\n").value;
  return doc.replace("</head>", () => `${tags}\n</head>`);
}
