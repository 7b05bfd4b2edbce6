/**
 * 执法决定 on the portal, 事后 (R-PUB-03, R-PUB-04, R-PUB-07, R-PUB-08): the search of published
 * decisions, one decision with its full text, its versions and how to check it against the
 * ledger, the correction request (a plain form, no JavaScript) and following a request with its
 * code. Everything is read through the publicity service's public functions, which return
 * published decisions and their redacted fields only: the `original` column never reaches a page.
 */
import { ACTION_TYPES, ACTION_TYPE_LABELS, chineseDate, todayInShanghai, type ActionType } from "@zhifa/domain";
import type { Db } from "../../../db/client.ts";
import type { AuditContext } from "../../../db/audit.ts";
import { AppError } from "../../../core/errors.ts";
import type { Ledger } from "../../ledger/service.ts";
import {
  CORRECTION_STATUS_LABELS,
  correctionByCode,
  correctionDays,
  publicationProofs,
  payloadSha256,
  publicPayload,
  publicPublication,
  requestCorrection,
  searchPublished,
  SEARCH_RESULTS_CAP,
  versionsOf,
  type CorrectionStatus,
  type PublicationWithAgency,
} from "../../publicity/service.ts";
import type { PublicationFields } from "../../publicity/tables.ts";
import { href, html, type SafeHtml } from "../html.ts";
import { entrySha256 } from "../../ledger/public-entries.ts";
import { renderPage } from "../layout.ts";
import { actionTypeLabel, actionTypeSelect, agencySelect, beijingTime, facts, note, pager, withAlternates, type Alternate } from "../components.ts";
import { allAgencies, type PublicAgency } from "../data.ts";
import { agencyParam, badRequest, dateParam, isUuid, notFound, searchParam, type Query } from "../params.ts";

export const DECISIONS_PER_PAGE = 20;

/** One row of the public search (published decisions only, redacted fields). */
export type PublishedRow = Awaited<ReturnType<typeof searchPublished>>["rows"][number];

/** A page answer with its status (a withdrawn decision is a 410 page, not an error). */
export interface PageAnswer {
  status: number;
  body: string;
  /** Shows something that changes without a notified write (a ledger leaf still being sequenced). */
  provisional?: boolean;
}

// ------------------------------------------------------------------ filters (R-PUB-03, R-PUB-11)

export interface DecisionFilters {
  q?: string;
  agencyId?: string;
  actionType?: ActionType;
  from?: string;
  to?: string;
}

const LABEL_TO_TYPE = new Map<string, ActionType>(ACTION_TYPES.map((t) => [ACTION_TYPE_LABELS[t], t]));

/** `?actionType=` as a code (penalty) or its Chinese label (行政处罚); undefined when absent. */
function actionTypeParam(query: Query): ActionType | undefined {
  const v = query.actionType;
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw badRequest("参数“actionType”只能出现一次");
  const s = String(v).trim();
  if (s === "") return undefined;
  if ((ACTION_TYPES as readonly string[]).includes(s)) return s as ActionType;
  const byLabel = LABEL_TO_TYPE.get(s);
  if (byLabel) return byLabel;
  throw badRequest("执法类别参数无效，请从列表中选择执法类别");
}

/** The search's filters from the query string; bad values → 400 page (never a 500). */
export function decisionFilters(query: Query): DecisionFilters {
  const from = dateParam(query, "from");
  const to = dateParam(query, "to");
  if (from && to && from > to) throw badRequest(`起始日期 ${from} 晚于截止日期 ${to}，请重新选择决定日期的范围`);
  return { q: searchParam(query), agencyId: agencyParam(query), actionType: actionTypeParam(query), from, to };
}

/** The filters as query-string values, in a fixed order (links keep them). */
export const filterQuery = (f: DecisionFilters) => ({ q: f.q, agencyId: f.agencyId, actionType: f.actionType, from: f.from, to: f.to });

export const unknownAgency = () => notFound("执法主体不存在", "没有找到该执法主体，请从执法主体列表中选择。");

// ------------------------------------------------------------------ pieces

/** The feeds of an agency (R-PUB-11), for `<link rel="alternate">` and the pages' links. */
export function agencyFeeds(agency: { id: string; name: string }): Alternate[] {
  return [
    { type: "application/rss+xml", title: `${agency.name}执法决定（RSS）`, href: `/portal/agencies/${agency.id}/decisions.rss` },
    { type: "application/atom+xml", title: `${agency.name}执法决定（Atom）`, href: `/portal/agencies/${agency.id}/decisions.atom` },
  ];
}

/** The search's own data (JSON, CSV) with the same filters. */
function searchFeeds(f: DecisionFilters): Alternate[] {
  const q = filterQuery(f);
  return [
    { type: "application/json", title: "执法决定查询结果（JSON）", href: href("/portal/decisions.json", q) },
    { type: "text/csv", title: "执法决定查询结果（CSV）", href: href("/portal/decisions.csv", q) },
  ];
}

const orUnstated = (text: string) => (text.trim() ? text : "（未载明）");

/** One decision in a list (R-PUB-03): agency, party (redacted), type, conclusion, basis, date, number. */
export function decisionCard(r: PublishedRow): SafeHtml {
  return html`<li><article class="card decision">
<h3><a href="/portal/decisions/${r.id}">${orUnstated(r.title)}</a>${r.publicVersion > 1 ? html` <span class="badge-status tone-expired">已更正</span>` : ""}</h3>
${facts([
  ["执法主体", html`<a href="/portal/agencies/${r.agencyId}">${r.agencyName}</a>`],
  ["当事人", r.redacted.partyName],
  ["执法类别", actionTypeLabel(r.actionType)],
  ["处理结果", r.redacted.conclusion],
  ["依据", r.redacted.basis],
  ["决定日期", r.decisionDate],
  ["文书号", r.documentNumber],
])}
</article></li>`;
}

/** One decision in a short list (the agency's page): the title, then number, type, date and party. */
export function decisionLine(r: PublishedRow): SafeHtml {
  return html`<li><a href="/portal/decisions/${r.id}">${orUnstated(r.title)}</a> <span class="muted">${r.documentNumber} · ${actionTypeLabel(r.actionType)} · ${r.decisionDate} · 当事人：${r.redacted.partyName}</span></li>`;
}

/** The links to the feeds of a search (and of its agency, if one is chosen). */
function feedLinks(f: DecisionFilters, agency: PublicAgency | undefined): SafeHtml {
  const q = filterQuery(f);
  return html`<ul class="links">
<li><a href="${href("/portal/decisions.csv", q)}">下载查询结果（CSV 表格，可用 Excel 打开，最多 10000 条）</a></li>
<li><a href="${href("/portal/decisions.json", q)}">查询结果数据接口（JSON，分页）</a></li>
${agency
    ? html`<li><a href="/portal/agencies/${agency.id}/decisions.rss">订阅${agency.name}的执法决定（RSS）</a></li>
<li><a href="/portal/agencies/${agency.id}/decisions.atom">订阅${agency.name}的执法决定（Atom）</a></li>`
    : html`<li class="muted">选择执法主体后，可订阅该主体最新公示的执法决定（RSS / Atom）。</li>`}
</ul>`;
}

// ------------------------------------------------------------------ GET /portal/decisions

/** GET /portal/decisions?q=&agencyId=&actionType=&from=&to=&page= (R-PUB-03). */
export async function decisionsPage(db: Db, f: DecisionFilters, page: number): Promise<string> {
  const [agencies, found] = await Promise.all([allAgencies(db), searchPublished(db, { ...f, page, pageSize: DECISIONS_PER_PAGE })]);
  const agency = f.agencyId ? agencies.find((a) => a.id === f.agencyId) : undefined;
  if (f.agencyId && !agency) throw unknownAgency();
  const filtered = Boolean(f.q || f.agencyId || f.actionType || f.from || f.to);
  const main = html`<h1>执法决定</h1>
<p class="lead">行政执法机关作出的执法决定信息：执法主体、当事人、执法类别、处理结果和依据。行政许可、行政处罚决定自作出之日起 7 个工作日内公开，其他决定 20 个工作日内公开；当事人是自然人的，姓名、证件号码、电话、住址等个人信息已作处理。</p>
<form class="filters" method="get" action="/portal/decisions" role="search" aria-label="查询执法决定">
<div class="field wide"><label for="q">关键词</label><span class="hint" id="q-hint">案由、处理结果、依据或文书号中的词语</span><input id="q" name="q" type="search" maxlength="50" value="${f.q ?? ""}" autocomplete="off" aria-describedby="q-hint"></div>
<div class="field"><label for="agencyId">执法主体</label>${agencySelect(agencies, f.agencyId)}</div>
<div class="field"><label for="actionType">执法类别</label>${actionTypeSelect(f.actionType)}</div>
<div class="field narrow"><label for="from">决定日期自</label><input id="from" name="from" type="date" value="${f.from ?? ""}"></div>
<div class="field narrow"><label for="to">决定日期至</label><input id="to" name="to" type="date" value="${f.to ?? ""}"></div>
<div class="field actions"><button type="submit">查询</button></div>
</form>
<h2>${filtered ? "查询结果" : "最新公示的执法决定"}</h2>
${agency ? html`<p class="muted">执法主体：<a href="/portal/agencies/${agency.id}">${agency.name}</a></p>` : ""}
${found.rows.length === 0
    ? html`<p id="no-results">没有找到符合条件的执法决定。请减少关键词、改用其他词语，或放宽执法主体、执法类别和日期范围后再查询。</p>`
    : html`<ul class="cards">${found.rows.map(decisionCard)}</ul>`}
${pager("/portal/decisions", filterQuery(f), page, DECISIONS_PER_PAGE, found.total, found.totalIs === "exact" ? undefined : { hasMore: found.hasMore, cap: SEARCH_RESULTS_CAP, atLeast: found.totalIs === "at_least" })}
<section aria-labelledby="feeds-h">
<h2 id="feeds-h">下载与订阅</h2>
<p>执法主体的网站、政务新媒体等可以通过以下数据接口同步公示内容。</p>
${feedLinks(f, agency)}
</section>`;
  const doc = renderPage({ title: f.q ? `执法决定查询：${f.q}` : "执法决定", nav: "decisions", crumbs: [{ label: "执法决定" }], main });
  return withAlternates(doc, [...searchFeeds(f), ...(agency ? agencyFeeds(agency) : [])]);
}

// ------------------------------------------------------------------ GET /portal/decisions/:id

interface WithdrawnDetails {
  notice: string;
  withdrawnOn: string | null;
  rulingKindLabel: string | null;
  documentNumber: string;
  agencyName: string;
}

const missingDecision = () => notFound("执法决定不存在", "没有找到该执法决定：它可能尚未公示，或者地址有误。请在执法决定查询页面查找。");

/** The published decision, or the withdrawal notice of a withdrawn one (R-PUB-07); otherwise 404. */
async function loadPublished(db: Db, id: string): Promise<{ p: PublicationWithAgency } | { withdrawn: WithdrawnDetails }> {
  if (!isUuid(id)) throw missingDecision();
  try {
    return { p: await publicPublication(db, id) };
  } catch (e) {
    if (e instanceof AppError && e.id === "publication_withdrawn") return { withdrawn: e.details as WithdrawnDetails };
    if (e instanceof AppError && e.statusCode === 404) throw missingDecision();
    throw e;
  }
}

/** 410: the decision was withdrawn; only the notice stays public (R-PUB-07). */
function withdrawnPage(w: WithdrawnDetails): PageAnswer {
  const main = html`<h1>该执法决定已撤回</h1>
<section class="status tone-withdrawn" aria-labelledby="status-word">
<p class="status-label">${w.agencyName} · ${w.documentNumber}</p>
<p class="status-word" id="status-word"><span aria-hidden="true">✕ </span>已撤回</p>
<p class="status-detail" id="withdrawal-notice">${w.notice}</p>
</section>
${facts([
  ["执法主体", w.agencyName],
  ["文书号", w.documentNumber],
  ["撤回原因", w.rulingKindLabel],
  ["撤回日期", w.withdrawnOn],
])}
<p>执法决定被依法撤销、确认违法、确认无效或者变更的，执法主体应当撤回原公示内容，只保留撤回说明。</p>
<p><a href="/portal/decisions">返回执法决定查询</a></p>`;
  return { status: 410, body: renderPage({ title: "该执法决定已撤回", nav: "decisions", crumbs: [{ label: "执法决定", href: "/portal/decisions" }, { label: "已撤回" }], main }) };
}

/** The public fields of a version, labelled (the party's ID number only as published, i.e. redacted). */
function fieldFacts(f: PublicationFields): SafeHtml {
  return facts(
    [
      ["当事人", f.partyName],
      ["证件号码", f.partyIdNo],
      ["案由（事项）", f.title],
      ["主要事实", f.facts],
      ["处理结果", f.conclusion],
      ["依据", f.basis],
    ],
    "facts long",
  );
}

export interface CorrectionValues {
  problem: string;
  requested: string;
  evidence: string;
  contactName: string;
  contact: string;
}
export type CorrectionErrors = Partial<Record<keyof CorrectionValues, string>>;

const EMPTY_CORRECTION: CorrectionValues = { problem: "", requested: "", evidence: "", contactName: "", contact: "" };

/** GET /portal/decisions/:id: the decision, its full text, versions, the check, the correction form. */
export async function decisionPage(db: Db, id: string): Promise<PageAnswer> {
  if (!isUuid(id)) throw missingDecision();
  // in parallel: the publication, its versions, their ledger entries, the correction period
  const [found, versions, proofs, days] = await Promise.all([loadPublished(db, id), versionsOf(db, id), publicationProofs(db, id), correctionDays(db)]);
  if ("withdrawn" in found) return withdrawnPage(found.withdrawn);
  const p = found.p;
  const f = p.redacted;
  const label = actionTypeLabel(p.actionType);

  // 核验: the hash of the canonical public payload, recomputed now, against what was recorded
  const sha256 = payloadSha256(publicPayload(p, p.publicVersion, f));
  const entry = p.ledgerEntryId ? proofs.get(p.ledgerEntryId) : undefined;
  const recorded = entrySha256(entry?.body);
  const consistent = sha256 === p.publicSha256 && sha256 === recorded;

  const versionItems = [...versions].reverse().map((v) => {
    const proof = proofs.get(v.ledgerEntryId);
    const matches = payloadSha256(publicPayload(p, v.version, v.fields)) === v.sha256 && entrySha256(proof?.body) === v.sha256;
    const current = v.version === p.publicVersion;
    return html`<li>
<h3>第 ${v.version} 版 · ${v.kind === "publish" ? "首次公示" : "更正"}${current ? html` <span class="badge-status tone-valid">现行版本</span>` : ""}</h3>
${facts([
  ["发布时间", `${beijingTime(v.createdAt)}（北京时间）`],
  ["更正说明", v.note],
  ["公示内容 SHA-256", html`<code class="hash">${v.sha256}</code>`],
  ["账本承诺值", proof ? html`<code class="hash">${proof.commitment}</code>` : null],
  ["核对", matches ? "公示内容与账本记录一致" : "不一致：该版本的公示内容与账本记录不符"],
])}
${current ? "" : html`<details><summary>查看第 ${v.version} 版的公示内容</summary>${fieldFacts(v.fields)}</details>`}
</li>`;
  });

  const leafIndex = entry?.leafIndex ?? null;
  const main = html`<h1>${orUnstated(p.title)}</h1>
<p class="lead">${p.agencyName}作出的${label}决定 · ${p.documentNumber}</p>
${p.publicVersion > 1 ? note(html`本决定的公示内容已更正，现为第 ${p.publicVersion} 版；历次版本见下方<a href="#versions-h">“公示版本”</a>。`, "warn") : ""}
<section aria-labelledby="info-h">
<h2 id="info-h">决定信息</h2>
${facts(
  [
    ["执法主体", html`<a href="/portal/agencies/${p.agencyId}">${p.agencyName}</a>`],
    ["当事人", f.partyName],
    ["证件号码", f.partyIdNo],
    ["执法类别", label],
    ["文书号", p.documentNumber],
    ["案由（事项）", f.title],
    ["主要事实", f.facts],
    ["处理结果", f.conclusion],
    ["依据", f.basis],
    ["决定日期", p.decisionDate],
    ["公示日期", p.publishedOn],
    ["当前版本", `第 ${p.publicVersion} 版`],
  ],
  "facts long",
)}
</section>
${f.fullText.trim()
    ? html`<section aria-labelledby="fulltext-h">
<h2 id="fulltext-h">决定书全文</h2>
<p class="muted">行政处罚决定书全文依法公开，涉及个人隐私等的内容已作处理。</p>
<div class="fulltext" id="fulltext">${f.fullText}</div>
</section>`
    : ""}
<section aria-labelledby="versions-h">
<h2 id="versions-h">公示版本</h2>
<p>公示内容更正时发布新版本，原版本保留可查；每个版本的内容摘要都写入了执法记录账本。</p>
<ol class="versions">${versionItems}</ol>
</section>
<section aria-labelledby="verify-h" id="verify">
<h2 id="verify-h">核验：公示内容是否被改动</h2>
<p>本决定公示（及每次更正）时，平台计算公示内容的 SHA-256 摘要，写入防篡改的执法记录账本。任何人都可以重新计算摘要并与账本核对：内容哪怕改动一个字，摘要就完全不同。</p>
<section class="status ${consistent ? "tone-valid" : "tone-withdrawn"}" aria-labelledby="verify-word">
<p class="status-label">第 ${p.publicVersion} 版公示内容</p>
<p class="status-word small" id="verify-word"><span aria-hidden="true">${consistent ? "✓ " : "✕ "}</span>${consistent ? "与账本记录一致" : "与账本记录不一致"}</p>
</section>
${facts([
  ["公示内容的 SHA-256", html`<code class="hash" id="payload-sha256">${sha256}</code>`],
  ["账本记录的摘要", recorded ? html`<code class="hash" id="ledger-sha256">${recorded}</code>` : "（未找到账本条目）"],
  ["账本条目承诺值", entry ? html`<code class="hash" id="ledger-commitment">${entry.commitment}</code>` : null],
  ["账本叶子序号", entry ? (leafIndex === null ? "正在写入账本，请稍后刷新本页" : html`<span id="leaf-index">${leafIndex}</span>`) : null],
])}
<ul class="links">
<li><a href="/api/public/decisions/${p.id}" id="public-json">公示数据（JSON：各版本的公示内容 payload 和账本条目）</a></li>
${entry ? html`<li><a href="/api/ledger/leaf/${entry.commitment}" id="leaf-json">按承诺值查询账本叶子（JSON）</a></li>` : ""}
${leafIndex !== null ? html`<li><a href="${href("/api/ledger/proof/inclusion", { index: leafIndex })}" id="proof-json">包含证明：该叶子在最新签名检查点的账本中（JSON）</a></li>` : ""}
<li><a href="/api/ledger/checkpoint">最新签名检查点</a></li>
<li><a href="/ledger">账本验证页面：在浏览器中验证检查点签名和账本只增不改</a></li>
</ul>
<h3 class="spaced">如何自行核验</h3>
<ol class="steps">
<li>打开“公示数据（JSON）”，找到第 ${p.publicVersion} 版（versions 中 version 为 ${p.publicVersion} 的一项）的 payload，即公示内容；</li>
<li>按 RFC 8785 规则将 payload 规范化为 JSON 文本，计算其 UTF-8 字节的 SHA-256，结果应与上面的“公示内容的 SHA-256”相同；</li>
<li>同一项的 ledger.body 是账本条目正文，其中 data.sha256 应为同一摘要；以 ledger.salt（十六进制）拼接条目正文计算 SHA-256，应等于承诺值；</li>
<li>用“包含证明”核对该承诺值是账本第 ${leafIndex ?? "N"} 个叶子，并包含在签名检查点的根哈希中；再到“账本验证页面”核对检查点的签名，并用以后的检查点确认账本只增未改。</li>
</ol>
</section>
<section aria-labelledby="correction-h" id="correction">
<h2 id="correction-h">申请更正</h2>
${correctionIntro(days)}
${correctionForm(p.id, EMPTY_CORRECTION, {})}
<p>已经提交过申请的，可以凭查询码<a href="/portal/corrections">查询处理情况</a>。</p>
</section>
<p><a href="/portal/decisions">返回执法决定查询</a></p>`;
  const doc = renderPage({
    title: `${orUnstated(p.title)}（${p.documentNumber}）`,
    description: `${p.agencyName}作出的${label}决定 ${p.documentNumber}：${f.conclusion}`.slice(0, 200),
    nav: "decisions",
    crumbs: [{ label: "执法决定", href: "/portal/decisions" }, { label: p.documentNumber }],
    main,
  });
  return {
    status: 200,
    body: withAlternates(doc, [{ type: "application/json", title: "公示数据（JSON）", href: `/api/public/decisions/${p.id}` }, ...agencyFeeds({ id: p.agencyId, name: p.agencyName })]),
    provisional: !!entry && leafIndex === null,
  };
}

// ------------------------------------------------------------------ the correction request (R-PUB-08)

const CORRECTION_FIELDS: { key: keyof CorrectionValues; label: string; hint: string; max: number; rows?: number; autocomplete: string }[] = [
  { key: "problem", label: "错误内容", hint: "公示信息中哪一处不准确，例如：处理结果中的罚款金额。", max: 2000, rows: 3, autocomplete: "off" },
  { key: "requested", label: "请求更正为", hint: "您认为正确的内容。", max: 2000, rows: 3, autocomplete: "off" },
  { key: "evidence", label: "证据材料说明", hint: "能够证明的材料名称及提交方式，例如：行政处罚决定书原件照片、缴款凭证。", max: 4000, rows: 4, autocomplete: "off" },
  { key: "contactName", label: "联系人", hint: "不公开。", max: 50, autocomplete: "name" },
  { key: "contact", label: "联系电话或电子邮箱", hint: "仅供执法主体核实情况时联系您，不公开。", max: 100, autocomplete: "tel" },
];

function correctionIntro(days: number): SafeHtml {
  return html`<p>认为公示信息不准确的，任何人都可以提出更正申请，并说明证据。执法主体应当在 ${days} 个工作日内核实处理：予以更正的，发布更正后的新版本；不予更正的，说明理由。提交后您会得到一个查询码，凭码查看处理结果。</p>`;
}

/** The correction form: labelled fields, hints and errors tied to them by `aria-describedby`. */
export function correctionForm(id: string, values: CorrectionValues, errors: CorrectionErrors): SafeHtml {
  const failed = CORRECTION_FIELDS.filter((x) => errors[x.key]);
  return html`<form class="stack" method="post" action="/portal/decisions/${id}/correction">
${failed.length > 0
    ? html`<div class="error-summary" id="error-summary" role="alert">
<p><strong>提交的内容有误，请修改后重新提交：</strong></p>
<ul>${failed.map((x) => html`<li><a href="#c-${x.key}">${x.label}：${errors[x.key]}</a></li>`)}</ul>
</div>`
    : ""}
${CORRECTION_FIELDS.map((x) => {
  const error = errors[x.key];
  const attrs = html` id="c-${x.key}" name="${x.key}" maxlength="${x.max}" required autocomplete="${x.autocomplete}" aria-describedby="c-${x.key}-hint${error ? html` c-${x.key}-error` : ""}"${error ? html` aria-invalid="true"` : ""}`;
  return html`<div class="form-field${error ? " has-error" : ""}">
<label for="c-${x.key}">${x.label}<span class="required">（必填）</span></label>
<span class="hint" id="c-${x.key}-hint">${x.hint}</span>
${x.rows ? html`<textarea${attrs} rows="${x.rows}">${values[x.key]}</textarea>` : html`<input${attrs} type="text" value="${values[x.key]}">`}
${error ? html`<span class="field-error" id="c-${x.key}-error"><span aria-hidden="true">✕ </span>${error}</span>` : ""}
</div>`;
})}
<div class="form-actions"><button type="submit">提交更正申请</button></div>
</form>`;
}

/** Characters that may be stored and shown: XML/HTML-safe text (no NUL or other C0 controls but tab and newlines). */
const UNSAFE_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const PHONE = /^[0-9+()（）\-\s]{6,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads and checks the posted form (the JSON API's limits, R-PUB-08); messages are in Chinese. */
export function readCorrection(body: unknown): { values: CorrectionValues; errors: CorrectionErrors } {
  const src = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const text = (key: string) => {
    const v = src[key];
    return typeof v === "string" ? v.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARS, "").trim() : "";
  };
  const values: CorrectionValues = { problem: text("problem"), requested: text("requested"), evidence: text("evidence"), contactName: text("contactName"), contact: text("contact") };
  const errors: CorrectionErrors = {};
  const empty: Record<keyof CorrectionValues, string> = {
    problem: "请写明公示信息中不准确的内容",
    requested: "请写明应当更正为什么内容",
    evidence: "请说明能够证明的证据材料",
    contactName: "请填写联系人姓名",
    contact: "请填写联系电话或电子邮箱",
  };
  for (const x of CORRECTION_FIELDS) {
    const v = values[x.key];
    if (!v) errors[x.key] = empty[x.key];
    else if ([...v].length > x.max) errors[x.key] = `不能超过 ${x.max} 个字（现为 ${[...v].length} 个字）`;
  }
  if (!errors.contact && !(EMAIL.test(values.contact) || (PHONE.test(values.contact) && (values.contact.match(/\d/g) ?? []).length >= 6))) {
    errors.contact = "请填写有效的联系电话（如 0311-12345678、13912345678）或电子邮箱";
  }
  return { values, errors };
}

/** A decision's heading facts on the correction pages. */
function decisionSummary(p: PublicationWithAgency): SafeHtml {
  return facts([
    ["执法决定", html`<a href="/portal/decisions/${p.id}">${orUnstated(p.title)}</a>`],
    ["文书号", p.documentNumber],
    ["执法主体", p.agencyName],
  ]);
}

/**
 * POST /portal/decisions/:id/correction (the caller checked the origin): a bad form is answered
 * 400 with the form and its messages; a good one files the request through the publicity service
 * and answers 201 with the code, shown this once (only its hash is stored).
 */
export async function submitCorrection(db: Db, ledger: Ledger, ctx: AuditContext, id: string, body: unknown): Promise<PageAnswer> {
  const found = await loadPublished(db, id);
  if ("withdrawn" in found) return withdrawnPage(found.withdrawn);
  const p = found.p;
  const { values, errors } = readCorrection(body);
  if (Object.keys(errors).length > 0) {
    const main = html`<h1>申请更正</h1>
${decisionSummary(p)}
${correctionIntro(await correctionDays(db))}
${correctionForm(p.id, values, errors)}`;
    return { status: 400, body: renderPage({ title: "申请更正：请修改后重新提交", nav: "decisions", crumbs: [{ label: "执法决定", href: "/portal/decisions" }, { label: p.documentNumber, href: `/portal/decisions/${p.id}` }, { label: "申请更正" }], main }) };
  }
  const out = await requestCorrection(db, ledger, ctx, p.id, values);
  const main = html`<h1>更正申请已提交</h1>
<section class="status tone-valid" aria-labelledby="code-label">
<p class="status-label" id="code-label">您的查询码</p>
<p class="code-box" id="tracking-code">${out.code}</p>
<p class="status-detail">请立即抄写或截图保存。查询码只显示这一次：平台不保存查询码本身，遗失后无法找回。</p>
</section>
${facts([
  ["申请事项", html`更正 <a href="/portal/decisions/${p.id}">${orUnstated(p.title)}</a>（${p.documentNumber}）的公示信息`],
  ["执法主体", p.agencyName],
  ["提交日期", todayInShanghai(new Date())],
  ["处理期限", html`<span id="correction-due">${out.due}</span>（${chineseDate(out.due)}）前`],
  ["处理状态", CORRECTION_STATUS_LABELS.pending],
])}
<p>执法主体将核实您反映的情况：予以更正的，发布更正后的新版本，原版本保留可查；不予更正的，说明理由。您的联系方式不会公开。</p>
<p><a href="/portal/corrections">凭查询码查询处理情况</a> · <a href="/portal/decisions/${p.id}">返回该执法决定</a></p>`;
  return { status: 201, body: renderPage({ title: "更正申请已提交", nav: "decisions", crumbs: [{ label: "执法决定", href: "/portal/decisions" }, { label: p.documentNumber, href: `/portal/decisions/${p.id}` }, { label: "更正申请已提交" }], main }) };
}

// ------------------------------------------------------------------ GET /portal/corrections?code=

const STATUS_TONE: Record<CorrectionStatus, string> = { pending: "tone-unknown", accepted: "tone-valid", rejected: "tone-withdrawn" };

function lookupForm(code: string, error: string | undefined): SafeHtml {
  return html`<form class="filters" method="get" action="/portal/corrections" role="search" aria-label="查询更正申请">
<div class="field wide"><label for="code">查询码</label><input id="code" name="code" type="text" maxlength="40" value="${code}" autocomplete="off" spellcheck="false" aria-describedby="code-hint${error ? " code-error" : ""}"${error ? html` aria-invalid="true"` : ""}><span class="hint" id="code-hint">提交更正申请时得到的 16 位字母和数字</span>${error ? html`<span class="field-error" id="code-error"><span aria-hidden="true">✕ </span>${error}</span>` : ""}</div>
<div class="field actions"><button type="submit">查询</button></div>
</form>`;
}

function lookupPage(code: string, error: string | undefined, result?: SafeHtml): string {
  const main = html`<h1>更正申请查询</h1>
<p class="lead">凭提交更正申请时得到的查询码，查看执法主体的处理情况。</p>
${lookupForm(code, error)}
${result ?? ""}`;
  return renderPage({ title: "更正申请查询", nav: "decisions", crumbs: [{ label: "执法决定", href: "/portal/decisions" }, { label: "更正申请查询" }], main });
}

/** GET /portal/corrections?code=: the form; with a code, the request's status (待处理 / 已更正 / 不予更正). */
export async function correctionLookupPage(db: Db, query: Query): Promise<PageAnswer> {
  const raw = query.code;
  if (raw === undefined || raw === null || raw === "") return { status: 200, body: lookupPage("", undefined) };
  const typed = (Array.isArray(raw) ? String(raw[0] ?? "") : String(raw)).slice(0, 40);
  const code = typed.replace(/[\s-]+/g, "").toUpperCase();
  if (!/^[A-Z0-9]{16}$/.test(code)) return { status: 400, body: lookupPage(typed, "查询码应为 16 位字母和数字，请核对后重新输入") };
  let c: Awaited<ReturnType<typeof correctionByCode>>;
  try {
    c = await correctionByCode(db, code);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) return { status: 404, body: lookupPage(typed, "查询码不正确，没有找到对应的更正申请，请核对后重新输入") };
    throw e;
  }
  const status = c.status as CorrectionStatus;
  const overdue = status === "pending" && todayInShanghai(new Date()) > c.due;
  const detail =
    status === "pending"
      ? overdue
        ? `执法主体应于 ${c.due} 前处理，现已超过期限。可拨打 12345 政务服务便民热线反映。`
        : `执法主体正在核实，应于 ${c.due}（${chineseDate(c.due)}）前处理完毕。`
      : status === "accepted"
        ? `执法主体已予以更正${c.version ? `，更正后的内容为第 ${c.version} 版` : ""}。`
        : "执法主体决定不予更正，理由见下。";
  const result = html`<section aria-labelledby="result-h">
<h2 id="result-h">处理情况</h2>
<section class="status ${STATUS_TONE[status] ?? "tone-unknown"}" aria-labelledby="correction-status">
<p class="status-label">更正申请的处理状态</p>
<p class="status-word" id="correction-status">${CORRECTION_STATUS_LABELS[status] ?? c.statusLabel}</p>
<p class="status-detail">${detail}</p>
</section>
${facts(
  [
    ["执法决定", html`<a href="/portal/decisions/${c.publication.id}">${orUnstated(c.publication.title)}</a>`],
    ["文书号", c.publication.documentNumber],
    ["执法主体", c.publication.agencyName],
    ["错误内容", c.problem],
    ["请求更正为", c.requested],
    ["提交时间", `${beijingTime(new Date(c.createdAt))}（北京时间）`],
    ["处理期限", c.due],
    ["处理时间", c.handledAt ? `${beijingTime(new Date(c.handledAt))}（北京时间）` : null],
    [status === "rejected" ? "不予更正的理由" : "处理意见", c.reason],
    ["更正后的版本", c.version ? html`<a href="/portal/decisions/${c.publication.id}#versions-h">第 ${c.version} 版</a>` : null],
  ],
  "facts long",
)}
</section>`;
  return { status: 200, body: lookupPage(typed, undefined, result) };
}

// ------------------------------------------------------------------ the correction POST's guards

/** A host as the Host header or a URL names it: the name, and the port if one is stated. */
interface HostPort {
  hostname: string;
  port: string | null;
}

function hostHeader(host: string): HostPort | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+)(?::(\d{1,5}))?$/.exec(host.trim());
  return m ? { hostname: m[1]!.toLowerCase(), port: m[2] ?? null } : null;
}

/**
 * The correction form's POST comes from this site: its Origin (or, when the browser sends
 * `Origin: null` or none, its Referer) names this host or the configured PUBLIC_URL's. This
 * replaces a CSRF cookie for a form anyone may submit without a session. Host names and ports
 * are compared, not schemes, so a TLS-terminating proxy does not turn every request away; a
 * host stated without a port stands for the default ports (80, 443).
 */
export function sameOrigin(headers: Record<string, string | string[] | undefined>, host: string | undefined, publicUrl: string | undefined): boolean {
  const allowed: HostPort[] = [];
  const own = host ? hostHeader(host) : null;
  if (own) allowed.push(own);
  if (publicUrl) {
    try {
      const u = new URL(publicUrl);
      allowed.push({ hostname: u.hostname.toLowerCase(), port: u.port || null });
    } catch {
      // the config only accepts URLs: nothing to add otherwise
    }
  }
  const site = (value: string | string[] | undefined): { hostname: string; port: string } | null => {
    if (typeof value !== "string") return null;
    try {
      const u = new URL(value);
      if (u.protocol !== "http:" && u.protocol !== "https:") return null;
      return { hostname: u.hostname.toLowerCase(), port: u.port || (u.protocol === "https:" ? "443" : "80") };
    } catch {
      return null;
    }
  };
  const matches = (from: { hostname: string; port: string } | null) =>
    from !== null && allowed.some((a) => a.hostname === from.hostname && (a.port === null ? from.port === "80" || from.port === "443" : a.port === from.port));
  const origin = headers.origin;
  // a real Origin decides; "null" (e.g. a no-referrer page) or none: the Referer must name this site
  if (typeof origin === "string" && origin !== "" && origin !== "null") return matches(site(origin));
  return matches(site(headers.referer));
}

/** 403: a correction POST that did not come from this site's form. */
export function crossSitePage(): string {
  const main = html`<h1>无法提交</h1>
<p>该申请不是从本平台的页面提交的，已被拒绝。请打开执法决定页面，在“申请更正”中填写并提交。</p>
<p><a href="/portal/decisions">前往执法决定查询</a></p>`;
  return renderPage({ title: "无法提交", nav: "decisions", main });
}

/** 429: too many requests from one address (the public POST and code lookups are rate-limited). */
export function tooManyRequestsPage(): string {
  const main = html`<h1>操作过于频繁</h1>
<p>同一网络地址短时间内提交或查询的次数过多，请稍等一分钟后再试。</p>
<p><a href="/portal">返回首页</a></p>`;
  return renderPage({ title: "操作过于频繁", main });
}

