/**
 * Feeds of published decisions for the other channels (R-PUB-11): an agency's own website,
 * WeChat and other new media, and anyone's tools consume them. JSON and CSV take the portal
 * search's filters; RSS 2.0 and Atom 1.0 carry an agency's latest 50. All are read through the
 * publicity service's search, which returns published decisions only (a withdrawn one never
 * appears, R-PUB-07) and their redacted fields only (never the `original` column, R-PUB-05).
 */
import type { Db } from "../../db/client.ts";
import { searchPublished } from "../publicity/service.ts";
import { actionTypeLabel } from "./components.ts";
import { PORTAL_NAME } from "./layout.ts";
import { badRequest, type Query } from "./params.ts";
import type { DecisionFilters, PublishedRow } from "./pages/decisions.ts";
import { presentPublicItem } from "../publicity/presenter.ts";
import { shanghaiDayStart } from "@zhifa/domain";

/** How many decisions an agency's RSS / Atom feed carries. */
export const FEED_SIZE = 50;
/** The most rows one CSV download holds. */
export const CSV_MAX_ROWS = 10_000;
/** Rows read per query while building a CSV (the search returns whole redacted texts). */
const CSV_CHUNK = 500;
export const JSON_MAX_PAGE_SIZE = 100;

/** The absolute URL of a decision's page. */
export const decisionUrl = (base: string, id: string) => `${base}/portal/decisions/${id}`;

// ------------------------------------------------------------------ JSON

/** `?pageSize=` of the JSON feed (1 … 100); 20 when absent. */
export function pageSizeParam(query: Query): number {
  const v = query.pageSize;
  if (v === undefined || v === null || v === "") return 20;
  if (Array.isArray(v)) throw badRequest("参数“pageSize”只能出现一次");
  const s = String(v).trim();
  if (!/^\d{1,3}$/.test(s) || Number(s) < 1 || Number(s) > JSON_MAX_PAGE_SIZE) throw badRequest(`每页条数应为 1 至 ${JSON_MAX_PAGE_SIZE} 之间的整数`);
  return Number(s);
}

/** A decision's public fields as the JSON feed gives them (no full text: it is on the decision's page and in the public API). */
export function jsonItem(r: PublishedRow, base: string) {
  // the public API's list item, with the page's address and the basis
  return { ...presentPublicItem(r), url: decisionUrl(base, r.id), basis: r.redacted.basis };
}

/** GET /portal/decisions.json: a page of the search, with the totals. */
export async function decisionsJson(db: Db, f: DecisionFilters, page: number, pageSize: number, base: string) {
  const { total, totalIs, hasMore, rows } = await searchPublished(db, { ...f, page, pageSize });
  return { items: rows.map((r) => jsonItem(r, base)), total, totalIs, hasMore, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

// ------------------------------------------------------------------ CSV

export const CSV_HEADER = ["执法主体", "执法类别", "文书号", "决定日期", "案由（事项）", "当事人", "处理结果", "依据", "公示日期", "公示版本", "详情链接"];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A cell that a spreadsheet would read as a formula (= + - @ at the start) is prefixed with an
 * apostrophe so opening the file never runs anything.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * GET /portal/decisions.csv: the whole search (at most 10 000 rows, newest decision first),
 * UTF-8 with a byte-order mark so Excel reads the Chinese text correctly, CRLF line ends.
 */
export async function decisionsCsv(
  db: Db,
  f: DecisionFilters,
  base: string,
  limits: { maxRows: number; chunk: number } = { maxRows: CSV_MAX_ROWS, chunk: CSV_CHUNK },
): Promise<{ body: string; total: number; rows: number }> {
  const lines = [CSV_HEADER.map(csvCell).join(",")];
  let total = 0;
  for (let page = 1; lines.length - 1 < limits.maxRows; page++) {
    const found = await searchPublished(db, { ...f, page, pageSize: limits.chunk });
    total = found.total;
    for (const r of found.rows.slice(0, limits.maxRows - (lines.length - 1))) {
      lines.push(
        [r.agencyName, actionTypeLabel(r.actionType), r.documentNumber, r.decisionDate, r.title, r.redacted.partyName, r.redacted.conclusion, r.redacted.basis, r.publishedOn ?? "", r.publicVersion, decisionUrl(base, r.id)]
          .map(csvCell)
          .join(","),
      );
    }
    if (!found.hasMore) break;
  }
  return { body: `\uFEFF${lines.join("\r\n")}\r\n`, total, rows: lines.length - 1 };
}

// ------------------------------------------------------------------ XML (RSS 2.0, Atom 1.0)

/** Characters XML 1.0 does not allow (controls other than tab and line ends, lone surrogates, U+FFFE/FFFF): dropped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text for XML element content or a quoted attribute value. */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** A day (Beijing) as an instant: midnight UTC+8. */
/** RFC 822 date (RSS): "Tue, 09 Jun 2026 16:00:00 GMT". */
const rfc822 = (at: Date) => at.toUTCString();
/** RFC 3339 date (Atom), in Beijing time. */
const rfc3339 = (day: string) => `${day}T00:00:00+08:00`;

/** The newest publication day of the rows (what "updated" means for the feed), or null. */
function newestDay(rows: readonly PublishedRow[]): string | null {
  let newest: string | null = null;
  for (const r of rows) if (r.publishedOn && (!newest || r.publishedOn > newest)) newest = r.publishedOn;
  return newest;
}

/** An entry's title: 案由 and the action type, "（已更正）" once corrected. */
const entryTitle = (r: PublishedRow) => `${r.title.trim() || "执法决定"}（${actionTypeLabel(r.actionType)}${r.publicVersion > 1 ? "，已更正" : ""}）`;

/** An entry's plain-text summary: the public fields of the list (R-PUB-03). */
const entrySummary = (r: PublishedRow) =>
  [
    `执法主体：${r.agencyName}`,
    `当事人：${r.redacted.partyName}`,
    `执法类别：${actionTypeLabel(r.actionType)}`,
    `处理结果：${r.redacted.conclusion}`,
    `依据：${r.redacted.basis}`,
    `决定日期：${r.decisionDate}`,
    `文书号：${r.documentNumber}`,
  ].join("；");

export interface FeedAgency {
  id: string;
  name: string;
}

const agencySite = (base: string, agency: FeedAgency) => `${base}/portal/decisions?agencyId=${agency.id}`;

/** GET /portal/agencies/:id/decisions.rss: RSS 2.0 of the agency's latest decisions. */
export function rssFeed(agency: FeedAgency, rows: readonly PublishedRow[], base: string, now: Date): string {
  const x = xmlEscape;
  const self = `${base}/portal/agencies/${agency.id}/decisions.rss`;
  const newest = newestDay(rows);
  const items = rows.map((r) => {
    const url = decisionUrl(base, r.id);
    return `<item>
<title>${x(entryTitle(r))}</title>
<link>${x(url)}</link>
<guid isPermaLink="true">${x(url)}</guid>
${r.publishedOn ? `<pubDate>${rfc822(shanghaiDayStart(r.publishedOn))}</pubDate>\n` : ""}<category>${x(actionTypeLabel(r.actionType))}</category>
<description>${x(entrySummary(r))}</description>
</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${x(`${agency.name}：行政执法决定公示`)}</title>
<link>${x(agencySite(base, agency))}</link>
<description>${x(`${agency.name}最新公示的行政执法决定（${PORTAL_NAME}），最多 ${FEED_SIZE} 件`)}</description>
<language>zh-cn</language>
<generator>${x(PORTAL_NAME)}</generator>
<lastBuildDate>${rfc822(newest ? shanghaiDayStart(newest) : now)}</lastBuildDate>
<atom:link href="${x(self)}" rel="self" type="application/rss+xml"/>
${items.join("\n")}
</channel>
</rss>
`;
}

/** GET /portal/agencies/:id/decisions.atom: Atom 1.0 (RFC 4287) of the agency's latest decisions. */
export function atomFeed(agency: FeedAgency, rows: readonly PublishedRow[], base: string, now: Date): string {
  const x = xmlEscape;
  const self = `${base}/portal/agencies/${agency.id}/decisions.atom`;
  const newest = newestDay(rows);
  const entries = rows.map((r) => {
    const url = decisionUrl(base, r.id);
    const day = r.publishedOn ?? r.decisionDate;
    return `<entry>
<id>urn:uuid:${x(r.id)}</id>
<title type="text">${x(entryTitle(r))}</title>
<link rel="alternate" type="text/html" href="${x(url)}"/>
<published>${rfc3339(day)}</published>
<updated>${rfc3339(day)}</updated>
<category term="${x(r.actionType)}" label="${x(actionTypeLabel(r.actionType))}"/>
<summary type="text">${x(entrySummary(r))}</summary>
</entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<id>urn:uuid:${x(agency.id)}</id>
<title type="text">${x(`${agency.name}：行政执法决定公示`)}</title>
<subtitle type="text">${x(`${agency.name}最新公示的行政执法决定（${PORTAL_NAME}），最多 ${FEED_SIZE} 件`)}</subtitle>
<link rel="self" type="application/atom+xml" href="${x(self)}"/>
<link rel="alternate" type="text/html" href="${x(agencySite(base, agency))}"/>
<updated>${newest ? rfc3339(newest) : now.toISOString().replace(/\.\d{3}Z$/, "Z")}</updated>
<author><name>${x(agency.name)}</name></author>
<generator>${x(PORTAL_NAME)}</generator>
${entries.join("\n")}
</feed>
`;
}

/** The agency's latest published decisions for its feeds. */
export async function latestOfAgency(db: Db, agencyId: string, size = FEED_SIZE): Promise<PublishedRow[]> {
  return (await searchPublished(db, { agencyId, page: 1, pageSize: size })).rows;
}
