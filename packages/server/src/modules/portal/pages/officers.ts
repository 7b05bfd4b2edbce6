/**
 * 执法人员 on the portal: the public officer list and search (R-LIST-02, R-PUB-01), and the
 * 事中 verification page a certificate's QR code leads to (R-PUB-02): who the officer is, for
 * which categories and region the certificate holds, and whether it is valid today.
 */
import { CERTIFICATE_STATUS_LABELS } from "@zhifa/domain";
import { html, href, type SafeHtml } from "../html.ts";
import { renderPage } from "../layout.ts";
import { actionTypeLabel, agencySelect, facts, note, pager, regions } from "../components.ts";
import { standingOn, type PublicAgency, type PublicOfficer, type Standing } from "../data.ts";
import { verificationPath } from "../qr.ts";

const TONE_MARK: Record<Standing["tone"], string> = { valid: "✓", expired: "!", withdrawn: "✕" };

/** The status as a compact badge (lists). */
function statusBadge(s: Standing): SafeHtml {
  return html`<span class="badge-status tone-${s.tone}"><span aria-hidden="true">${TONE_MARK[s.tone]} </span>${s.word}</span>`;
}

const categories = (o: PublicOfficer) => o.categories.map(actionTypeLabel).join("、");

/** The officer search form (also on the home page and the 404 of an unknown certificate). */
export function officerSearchForm(q: string | undefined, agencies?: { list: readonly PublicAgency[]; selected?: string; date?: string }, id = "q"): SafeHtml {
  return html`<form class="filters" method="get" action="/portal/officers" role="search" aria-label="查询执法人员">
<div class="field wide"><label for="${id}">姓名或执法证号</label><input id="${id}" name="q" type="search" maxlength="50" value="${q ?? ""}" autocomplete="off"></div>
${agencies
    ? html`<div class="field"><label for="agencyId">执法主体</label>${agencySelect(agencies.list, agencies.selected)}</div>
<div class="field narrow"><label for="date">历史日期</label><input id="date" name="date" type="date" value="${agencies.date ?? ""}" aria-describedby="date-hint"><span class="hint" id="date-hint">留空为现行名单</span></div>`
    : ""}
<div class="field actions"><button type="submit">查询</button></div>
</form>`;
}

/** One officer in a list: public fields only. */
export function officerCard(o: PublicOfficer, day: string, names: Map<string, string>, showAgency = true): SafeHtml {
  const s = standingOn(o, day);
  return html`<li><article class="card officer">
<h3><a href="${verificationPath(o.certNumber)}">${o.name}</a> ${statusBadge(s)}</h3>
${facts([
  ["执法证号", o.certNumber],
  ["执法主体", showAgency ? html`<a href="/portal/agencies/${o.agencyId}">${o.agencyName}</a>` : null],
  ["所在科室/单位", o.unitName],
  ["执法类别", categories(o)],
  ["执法区域", regions(o.regionCodes, names)],
  ["有效期", html`<span class="nowrap">${o.validFrom}</span> 至 <span class="nowrap">${o.validTo}</span>`],
])}
</article></li>`;
}

/** GET /portal/officers?q=&agencyId=&page= */
export function officersPage(p: {
  q?: string;
  agencyId?: string;
  page: number;
  pageSize: number;
  items: PublicOfficer[];
  total: number;
  day: string;
  /** Set: the list as it stood at the end of this day (then `day` is this day). */
  date?: string;
  agencies: PublicAgency[];
  names: Map<string, string>;
}): string {
  const agency = p.agencyId ? p.agencies.find((a) => a.id === p.agencyId) : undefined;
  const main = html`<h1>执法人员</h1>
<p class="lead">持有行政执法证件的人员名单。执法人员执法时应当出示执法证件；可在此按姓名或执法证号核验证件是否有效。</p>
${officerSearchForm(p.q, { list: p.agencies, selected: p.agencyId, date: p.date })}
${p.date ? note(html`以下为 <strong>${p.date} 当日</strong>（北京时间当日结束时）的执法人员名单，由名单的修改记录还原（历史版本），证件状态按当日计算。<a href="${href("/portal/officers", { q: p.q, agencyId: p.agencyId })}">查看现行名单</a>`, "warn") : ""}
<h2>${p.q || agency ? "查询结果" : "全部执法人员"}</h2>
<p class="muted">证件状态按 ${p.day}（北京时间）计算。${agency ? html`执法主体：${agency.name}。` : ""}</p>
${p.items.length === 0 ? html`<p>没有找到符合条件的执法人员。请检查姓名或执法证号是否输入正确；仍有疑问的，请拨打 12345 政务服务便民热线。</p>` : html`<ul class="cards grid">${p.items.map((o) => officerCard(o, p.day, p.names))}</ul>`}
${pager("/portal/officers", { q: p.q, agencyId: p.agencyId, date: p.date }, p.page, p.pageSize, p.total)}`;
  return renderPage({ title: p.q ? `执法人员查询：${p.q}` : "执法人员", nav: "officers", crumbs: [{ label: "执法人员" }], main });
}

/** GET /portal/officers/:certificateNo: the verification page (R-PUB-02). */
export function verificationPage(o: PublicOfficer, day: string, names: Map<string, string>): string {
  const s = standingOn(o, day);
  const path = verificationPath(o.certNumber);
  const main = html`<h1>执法证件核验</h1>
<section class="status tone-${s.tone}" aria-labelledby="status-word">
<p class="status-label">${o.name}的执法证件 · ${day}</p>
<p class="status-word" id="status-word"><span aria-hidden="true">${TONE_MARK[s.tone]} </span>${s.word}</p>
<p class="status-detail">${s.detail}</p>
</section>
<section class="card cert" aria-labelledby="cert-h">
<h2 id="cert-h">${o.name}</h2>
${facts([
  ["执法证号", o.certNumber],
  ["执法主体", html`<a href="/portal/agencies/${o.agencyId}">${o.agencyName}</a>`],
  ["所在科室/单位", o.unitName],
  ["职务", o.post],
  ["执法类别", categories(o)],
  ["执法区域", regions(o.regionCodes, names)],
  ["有效期自", o.validFrom],
  ["有效期至", o.validTo],
  ["证件登记状态", o.active ? (CERTIFICATE_STATUS_LABELS[o.certStatus] ?? o.certStatus) : "已注销（不在执法岗位）"],
  ["发证机关", o.issuer],
])}
</section>
<section aria-labelledby="check-h">
<h2 id="check-h">请您核对</h2>
<ul>
<li>执法人员出示的证件上的姓名、执法证号应与本页一致；</li>
<li>执法人员只能在证件载明的执法类别和执法区域内执法；</li>
<li>调查取证时执法人员不得少于两人；证件无效的人员不得从事执法活动。</li>
</ul>
</section>
<section aria-labelledby="complain-h">
<h2 id="complain-h">如何投诉</h2>
<p>发现证件与本页不一致、证件无效仍在执法，或对执法行为有异议的，可以：</p>
<ul>
${o.agencyPhone ? html`<li>拨打执法主体（${o.agencyName}）联系电话 <a href="tel:${o.agencyPhone}">${o.agencyPhone}</a>；</li>` : ""}
<li>拨打 <a href="tel:12345">12345</a> 政务服务便民热线；</li>
<li>查看<a href="/portal/agencies/${o.agencyId}">执法主体的公示信息</a>，了解其地址、职责和监督方式。</li>
</ul>
</section>
<section aria-labelledby="qr-h">
<h2 id="qr-h">本页二维码</h2>
<p>执法证件上的二维码指向本页。<a href="${path}/badge">打印执法证件核验卡</a></p>
<img class="qr" src="${path}/qr.svg" alt="执法证号 ${o.certNumber} 核验页面的二维码" width="160" height="160">
</section>`;
  return renderPage({
    title: `执法证件核验：${o.name}（${s.word}）`,
    description: `执法证号 ${o.certNumber} 的核验结果：${s.word}`,
    nav: "officers",
    crumbs: [{ label: "执法人员", href: "/portal/officers" }, { label: o.name }],
    main,
  });
}

/** GET /portal/officers/:certificateNo/badge: a printable card with the QR code (about A6). */
export function badgePage(o: PublicOfficer, url: string): string {
  const path = verificationPath(o.certNumber);
  const main = html`<h1 class="screen-only">执法证件核验卡</h1>
<p class="screen-only">使用浏览器的“打印”功能（Ctrl+P）打印本卡，约 A6 大小。卡片上的二维码指向 <a href="${path}">本执法证件的核验页面</a>。</p>
<article class="qr-card" data-url="${url}" aria-label="执法证件核验卡">
<p class="qr-card-org">${o.agencyName}</p>
<p class="qr-card-name">${o.name}</p>
<p class="qr-card-no">执法证号 ${o.certNumber}</p>
<img class="qr-card-qr" src="${path}/qr.svg" alt="二维码：${url}" width="220" height="220">
<p class="qr-card-cta">扫码核验执法证件</p>
<p class="qr-card-url">${url}</p>
</article>`;
  return renderPage({
    title: `执法证件核验卡：${o.name}`,
    nav: "officers",
    bodyClass: "print-badge",
    crumbs: [{ label: "执法人员", href: "/portal/officers" }, { label: o.name, href: path }, { label: "核验卡" }],
    main,
  });
}

/** Verification of a certificate number that does not exist: 404 with a search box. */
export function unknownCertificateMain(certNumber: string | undefined): SafeHtml {
  return html`<h1>未找到该执法证件</h1>
<section class="status tone-unknown" aria-labelledby="status-word">
<p class="status-label">证件状态</p>
<p class="status-word" id="status-word"><span aria-hidden="true">? </span>不存在</p>
<p class="status-detail">${certNumber ? html`执法证号“${certNumber}”` : "该执法证号"}不在本平台公示的执法人员名单中。出示该证件的人员可能不具备执法资格。</p>
</section>
<h2>查询执法人员</h2>
${officerSearchForm(undefined)}
<h2>如何投诉</h2>
<p>如有人出示无法核验的证件执法，请拨打 <a href="tel:12345">12345</a> 政务服务便民热线反映。也可<a href="${href("/portal/officers", {})}">查看全部执法人员</a>。</p>`;
}
