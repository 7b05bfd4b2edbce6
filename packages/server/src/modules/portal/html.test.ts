import { describe, expect, it } from "vitest";
import { escapeHtml, href, html, join, raw, SafeHtml } from "./html.ts";

/** The portal's HTML helpers: every interpolated value escaped unless explicitly safe (R-PUB-01). */
describe("html tagged template", () => {
  it("escapes text in content and attributes", () => {
    const evil = `<script>alert("x")</script>&'`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
    expect(escapeHtml("a&b")).toBe("a&amp;b");
  });

  it("keeps nested templates and raw markup, renders arrays, skips null/undefined/false", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(inner).toBeInstanceOf(SafeHtml);
    expect(html`<p>${inner}${raw("<svg></svg>")}</p>`.value).toBe("<p><b>&lt;i&gt;</b><svg></svg></p>");
    expect(html`<ul>${["<a>", html`<li>x</li>`]}</ul>`.value).toBe("<ul>&lt;a&gt;<li>x</li></ul>");
    expect(html`${null}${undefined}${false}${0}${true}`.value).toBe("0true");
    expect(join(["<a>", html`<b></b>`], "<br>").value).toBe("&lt;a&gt;&lt;br&gt;<b></b>");
  });

  it("builds URLs with the non-empty query values encoded", () => {
    expect(href("/portal/officers", { q: "张 三&x", agencyId: undefined, page: 2, date: "" })).toBe("/portal/officers?q=%E5%BC%A0+%E4%B8%89%26x&page=2");
    expect(href("/portal")).toBe("/portal");
  });
});
