/** The portal's home page (R-PUB-01, R-PUB-02): what it offers, search, every list, the ledger. */
import { html } from "../html.ts";
import { PORTAL_NAME, renderPage } from "../layout.ts";
import { beijingTime } from "../components.ts";
import type { PortalCounts } from "../data.ts";
import { PUBLIC_LISTS } from "./lists.ts";
import { officerSearchForm } from "./officers.ts";

export function homePage(p: { counts: PortalCounts; day: string; checkpoint: { size: number; rootHex: string; createdAt: Date } | null }): string {
  const cp = p.checkpoint;
  const main = html`<h1>${PORTAL_NAME}</h1>
<p class="lead">本平台依法公开行政执法主体、人员、职责、依据、程序和结果，接受社会监督：执法前公开清单（事前），执法中可核验执法人员身份（事中），执法后公开执法决定（事后）。</p>
<section aria-labelledby="verify-h" class="panel">
<h2 id="verify-h">核验执法人员</h2>
<p>执法人员执法时应当出示执法证件。输入姓名或执法证号，查看证件今天是否有效；也可用手机扫描证件上的二维码。</p>
${officerSearchForm(undefined, undefined, "home-q")}
</section>
<section aria-labelledby="powers-h" class="panel">
<h2 id="powers-h">查询权责事项</h2>
<form class="filters" method="get" action="/portal/powers" role="search" aria-label="查询权责事项">
<div class="field wide"><label for="powers-q">事项名称、编码或法律依据</label><input id="powers-q" name="q" type="search" maxlength="50"></div>
<div class="field actions"><button type="submit">查询</button></div>
</form>
</section>
<section aria-labelledby="lists-h">
<h2 id="lists-h">公示内容</h2>
<ul class="tiles">
<li><a href="/portal/agencies"><strong>执法主体</strong><span>${p.counts.agencies} 个执法主体的职责、依据和联系方式</span></a></li>
<li><a href="/portal/officers"><strong>执法人员</strong><span>${p.counts.officers} 名在岗执法人员及证件状态</span></a></li>
<li><a href="/portal/powers"><strong>权责清单</strong><span>${p.counts.powers} 项现行执法事项，可查看历史版本</span></a></li>
<li><a href="/portal/flowcharts"><strong>行政执法流程图</strong><span>各类执法行为的办理环节和时限</span></a></li>
${Object.entries(PUBLIC_LISTS).map(([k, s]) => html`<li><a href="/portal/lists/${k}"><strong>${s.def.label}</strong><span>${s.intro}</span></a></li>`)}
<li><a href="/portal/decisions"><strong>执法决定</strong><span>行政执法决定信息（事后公开）</span></a></li>
</ul>
</section>
<section aria-labelledby="ledger-h" class="panel">
<h2 id="ledger-h">执法全过程记录账本</h2>
<p>执法全过程记录的每一条都写入防篡改账本，账本定期签发检查点，任何人都可以验证。</p>
${cp
    ? html`<dl class="facts">
<div><dt>记录条数</dt><dd>${cp.size}</dd></div>
<div><dt>根哈希（SHA-256）</dt><dd><code class="hash">${cp.rootHex}</code></dd></div>
<div><dt>签发时间</dt><dd>${beijingTime(cp.createdAt)}（北京时间）</dd></div>
</dl>`
    : html`<p>账本尚未签发检查点。</p>`}
<ul class="links">
<li><a href="/portal/ledger">检查点历史</a></li>
<li><a href="/ledger">验证账本和电子卷宗</a></li>
</ul>
</section>`;
  return renderPage({ title: "首页", nav: "home", main });
}
