/**
 * The public portal's shared page layout (R-PUB-01, R-PUB-02): one HTML document per page, no
 * scripts, usable without JavaScript, with the landmarks and skip link GB/T 37668 (WCAG 2.x)
 * asks for: `lang="zh-CN"`, banner / navigation / main / contentinfo, a skip link as the first
 * focusable element, one `h1` per page.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { html, type SafeHtml } from "./html.ts";

/** The portal's name, in the header and every title. */
export const PORTAL_NAME = "行政执法公示平台";

/** The stylesheet, served as a file with a long cache; its URL carries a hash of its content. */
export const PORTAL_CSS = fs.readFileSync(new URL("./assets/portal.css", import.meta.url), "utf8");
export const PORTAL_CSS_VERSION = crypto.createHash("sha256").update(PORTAL_CSS).digest("hex").slice(0, 12);
export const PORTAL_CSS_PATH = "/portal/assets/portal.css";

export type NavKey = "home" | "agencies" | "officers" | "powers" | "lists" | "decisions" | "statistics" | "ledger";

/** The main navigation. 执法决定 (R-PUB-03) is the publication pipeline's page; 执法记录账本 lists the checkpoints and links the web app's verifier (/ledger). */
export const NAV: { key: NavKey; label: string; href: string }[] = [
  { key: "home", label: "首页", href: "/portal" },
  { key: "agencies", label: "执法主体", href: "/portal/agencies" },
  { key: "officers", label: "执法人员", href: "/portal/officers" },
  { key: "powers", label: "权责清单", href: "/portal/powers" },
  { key: "decisions", label: "执法决定", href: "/portal/decisions" },
  { key: "statistics", label: "统计年报", href: "/portal/statistics" },
  { key: "ledger", label: "执法记录账本", href: "/portal/ledger" },
];

export interface Crumb {
  label: string;
  href?: string;
}

export interface PageOptions {
  /** The page's own title (the portal's name is appended in `<title>`). */
  title: string;
  /** Which main navigation entry is the current page. */
  nav?: NavKey;
  /** Trail after 首页 (the last entry is the current page, without a link). */
  crumbs?: Crumb[];
  description?: string;
  /** Extra class on `<body>` (e.g. the printable badge). */
  bodyClass?: string;

  /** The content of `<main>`, starting with its `h1`. */
  main: SafeHtml;
}

/** A complete HTML document. */
export function renderPage(o: PageOptions): string {
  const crumbs = o.crumbs && o.crumbs.length > 0 ? [{ label: "首页", href: "/portal" }, ...o.crumbs] : [];
  const doc = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} - ${PORTAL_NAME}</title>
<meta name="description" content="${o.description ?? `${PORTAL_NAME}：执法主体、执法人员、权责清单及行政执法决定的公开信息`}">
<link rel="stylesheet" href="${PORTAL_CSS_PATH}?v=${PORTAL_CSS_VERSION}">
</head>
<body${o.bodyClass ? html` class="${o.bodyClass}"` : ""}>
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="/portal"><span class="brand-mark" aria-hidden="true">公示</span><span>${PORTAL_NAME}</span></a>
</div>
<nav class="site-nav" aria-label="主导航">
<ul class="wrap">
${NAV.map((n) => html`<li><a href="${n.href}"${n.key === o.nav ? html` aria-current="page"` : ""}>${n.label}</a></li>`)}
</ul>
</nav>
</header>
${crumbs.length > 0
    ? html`<nav class="crumbs wrap" aria-label="当前位置"><ol>${crumbs.map((c, i) =>
        i === crumbs.length - 1 || !c.href ? html`<li><span aria-current="page">${c.label}</span></li>` : html`<li><a href="${c.href}">${c.label}</a></li>`,
      )}</ol></nav>`
    : ""}
<main id="main" class="wrap" tabindex="-1">
${o.main}
</main>
<footer class="site-footer">
<div class="wrap">
<p>${PORTAL_NAME}：公示内容由各执法主体依法发布、及时更新（谁执法谁公示）。</p>
<p>投诉举报：12345 政务服务便民热线 · <a href="/ledger">执法全过程记录账本验证</a> · <a href="/login">工作人员登录</a></p>
</div>
</footer>
</body>
</html>
`;
  return doc.value;
}
