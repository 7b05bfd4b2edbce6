/**
 * GET /portal/ledger: the transparency of the platform itself (issue "public portal"): the
 * ledger's latest signed checkpoint and the history of every checkpoint it signed, newest first,
 * each with its signed note and a consistency proof to the latest — so anyone can see that the
 * record of enforcement only ever grew (R-REC-02, R-REC-10). Works without JavaScript; the
 * in-browser verifier (/ledger) checks the signatures and proofs.
 */
import type { StoredCheckpoint } from "../../ledger/service.ts";
import { toHex } from "@zhifa/domain";
import { href, html } from "../html.ts";
import { renderPage } from "../layout.ts";
import { beijingTime, facts } from "../components.ts";

export const CHECKPOINTS_PER_PAGE = 50;

export function ledgerPage(p: { latest: StoredCheckpoint | null; items: StoredCheckpoint[]; next: number | null; before: number | undefined }): string {
  const { latest } = p;
  const proofTo = (size: number) =>
    !latest || size >= latest.size
      ? html`<span class="muted">（最新）</span>`
      : size === 0
        ? html`<span class="muted">（空账本，任何检查点都与之一致）</span>`
        : html`<a href="${href("/api/ledger/proof/consistency", { from: size, to: latest.size })}">与最新检查点的一致性证明</a>`;
  const rows = p.items.map(
    (c) => html`<tr>
<th scope="row">${c.size}</th>
<td><code class="hash">${toHex(c.root)}</code></td>
<td>${beijingTime(c.createdAt)}</td>
<td><a href="/api/ledger/checkpoints/${c.size}">签名文本</a><br>${proofTo(c.size)}</td>
</tr>`,
  );
  const main = html`<h1>执法记录账本</h1>
<p class="lead">执法全过程记录的每一条（立案、调查取证、审核、决定、送达、公示……）都以加盐的承诺值写入只增不改的账本（默克尔树，RFC 6962）。平台定期签发检查点：检查点载明账本的大小和根哈希，用 Ed25519 和 SM2 签名。以后的每个检查点都必须包含以前的全部记录，任何删除、改动或倒签都会使验证失败。</p>
<section aria-labelledby="latest-h" class="panel">
<h2 id="latest-h">最新检查点</h2>
${latest
    ? html`${facts([
        ["记录条数", String(latest.size)],
        ["根哈希（SHA-256）", html`<code class="hash" id="latest-root">${toHex(latest.root)}</code>`],
        ["签发时间", `${beijingTime(latest.createdAt)}（北京时间）`],
      ])}
<ul class="links">
<li><a href="/api/ledger/checkpoint">最新检查点的签名文本（C2SP tlog-checkpoint）</a></li>
<li><a href="/api/ledger/keys">验证签名用的公钥</a></li>
<li><a href="/ledger">在浏览器中验证检查点签名、一致性证明和电子卷宗</a></li>
</ul>`
    : html`<p id="no-checkpoint">账本尚未签发检查点。</p>`}
</section>
<section aria-labelledby="history-h">
<h2 id="history-h">检查点历史</h2>
<p>由新到旧列出平台签发过的检查点。保存某个检查点的签名文本，以后用“一致性证明”即可确认账本在此之后只是追加了记录。</p>
${p.items.length
    ? html`<div class="table-scroll"><table class="data-table" id="checkpoints">
<caption>已签发的检查点${p.before ? html`（记录条数小于 ${p.before}）` : ""}</caption>
<thead><tr><th scope="col">记录条数</th><th scope="col">根哈希（SHA-256）</th><th scope="col">签发时间（北京时间）</th><th scope="col">核验</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p>${p.before ? "没有更早的检查点。" : "账本尚未签发检查点。"}</p>`}
<nav class="pager" aria-label="分页"><ul>
${p.before ? html`<li><a href="/portal/ledger" rel="first">最新的检查点</a></li>` : ""}
${p.next !== null ? html`<li><a href="${href("/portal/ledger", { before: p.next })}" rel="next">更早的检查点</a></li>` : ""}
</ul></nav>
</section>
<section aria-labelledby="how-h">
<h2 id="how-h">如何自行核验</h2>
<ol class="steps">
<li>下载检查点的签名文本和公钥，按 C2SP signed-note 规则验证 Ed25519 签名（或按 GM/T 0009 验证 SM2 签名）；</li>
<li>对两个检查点（记录条数 m &lt; n），取一致性证明，按 RFC 9162 第 2.1.4 节计算：结果应同时得到两个检查点的根哈希；</li>
<li>持有电子卷宗的，可用其中的包含证明核对每一条记录都在签名检查点的账本中（命令行工具 <code>zhifa verify</code> 或<a href="/ledger">账本验证页面</a>）。</li>
</ol>
</section>`;
  return renderPage({ title: "执法记录账本", nav: "ledger", crumbs: [{ label: "执法记录账本" }], main });
}
