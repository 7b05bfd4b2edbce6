/**
 * GET /portal/agencies/:id/board: the 岗位信息公示牌 (R-PUB-02: "post boards show duties,
 * materials, progress query, complaint channels"), a printable A4 page for the agency's service
 * window or office door: what the agency may enforce and under which basis, the matters handled
 * there with their materials, where to follow a matter, how to complain, and a QR code to the
 * agency's public page. Built from the same public data as the portal, so it is never out of
 * step with it.
 */
import { href, html } from "../html.ts";
import { renderPage } from "../layout.ts";
import { actionTypeLabel, facts } from "../components.ts";
import type { PublicAgency } from "../data.ts";
import type { ListRow } from "../../lists/service.ts";

export function boardPage(p: { agency: PublicAgency; parent: PublicAgency | null; guides: ListRow[]; officers: number; powers: number; agencyUrl: string; day: string }): string {
  const a = p.agency;
  const path = `/portal/agencies/${a.id}`;
  const main = html`<p class="screen-only">使用浏览器的“打印”功能（Ctrl+P）打印本公示牌（A4），张贴在办事窗口或办公场所。内容随公示平台的数据更新，请定期重新打印。<a href="${path}">返回执法主体页面</a></p>
<article class="board" aria-labelledby="board-h">
<header class="board-head">
<h1 id="board-h">${a.name}<span>岗位信息公示牌</span></h1>
</header>
<section aria-labelledby="duty-h">
<h2 id="duty-h">岗位职责</h2>
${facts([
  ["执法类别", a.actionTypes.map(actionTypeLabel).join("、")],
  ["执法依据", a.legalBasis],
  ["权责事项", html`现行有效 ${p.powers} 项，详见 <a href="${href("/portal/powers", { agencyId: a.id })}">权责清单</a>`],
  ["执法人员", html`公示的执法人员 ${p.officers} 名；执法时应当出示执法证件，可扫码或在平台核验`],
])}
</section>
<section aria-labelledby="matters-h">
<h2 id="matters-h">办理事项及所需材料</h2>
${p.guides.length === 0
    ? html`<p>本主体尚未公示服务指南。</p>`
    : html`<ol class="board-matters">${p.guides.map(
        (g) => html`<li><strong>${String(g.matterName)}</strong>${g.timeLimit ? html` <span class="muted">（办理时限：${String(g.timeLimit)}）</span>` : ""}<br>所需材料：${String(g.materials ?? "")}</li>`,
      )}</ol>`}
</section>
<section aria-labelledby="progress-h">
<h2 id="progress-h">进度与结果查询</h2>
<ul>
<li>执法决定公示：公示平台“执法决定”栏目（<a href="${href("/portal/decisions", { agencyId: a.id })}">本主体的执法决定</a>）；</li>
<li>公示信息更正申请的处理进度：凭查询码在<a href="/portal/corrections">更正申请查询</a>中查看；</li>
<li>服务指南、办理流程和时限：<a href="${href("/portal/lists/service-guides", { agencyId: a.id })}">行政执法服务指南</a>、<a href="/portal/flowcharts">行政执法流程图</a>。</li>
</ul>
</section>
<section aria-labelledby="complain-h">
<h2 id="complain-h">投诉举报渠道</h2>
<ul>
${a.phone ? html`<li>本主体联系电话：${a.phone}${a.address ? html`；地址：${a.address}` : ""}</li>` : ""}
${p.parent ? html`<li>上级主管部门：${p.parent.name}${p.parent.phone ? html`，电话 ${p.parent.phone}` : ""}</li>` : ""}
<li>政务服务便民热线：12345</li>
</ul>
</section>
<footer class="board-foot">
<img src="${path}/qr.svg" alt="二维码：${p.agencyUrl}" width="140" height="140">
<p>扫码查看本主体的公示信息、执法人员和执法决定<br><span class="board-url">${p.agencyUrl}</span><br>打印日期：${p.day}</p>
</footer>
</article>`;
  return renderPage({
    title: `岗位信息公示牌：${a.name}`,
    nav: "agencies",
    bodyClass: "print-board",
    crumbs: [{ label: "执法主体", href: "/portal/agencies" }, { label: a.name, href: path }, { label: "岗位信息公示牌" }],
    main,
  });
}
