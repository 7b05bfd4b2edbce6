/** The portal's error pages: Chinese, with the right status and a way on. */
import { html } from "../html.ts";
import { renderPage } from "../layout.ts";
import type { PortalError } from "../params.ts";
import { unknownCertificateMain } from "./officers.ts";

export function errorPage(e: PortalError): string {
  if (e.kind === "certificate") return renderPage({ title: "未找到该执法证件", nav: "officers", crumbs: [{ label: "执法人员", href: "/portal/officers" }, { label: "未找到该执法证件" }], main: unknownCertificateMain(e.certNumber) });
  const main = html`<h1>${e.title}</h1>
<p>${e.message}</p>
<p><a href="/portal">返回首页</a> · <a href="/portal/lists">查看全部公示清单</a></p>`;
  return renderPage({ title: e.title, main });
}

export function internalErrorPage(): string {
  const main = html`<h1>服务暂时不可用</h1>
<p>服务器处理请求时出错，请稍后再试。</p>
<p><a href="/portal">返回首页</a></p>`;
  return renderPage({ title: "服务暂时不可用", main });
}
