import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { qrSvg } from "../../server/src/modules/portal/qr.ts";
import { DESKTOP, expectAccessible, horizontalOverflow, launchBrowser, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// The public portal, 事前 and 事中 (R-PUB-01, R-PUB-02), in a real browser on the demo data:
// accessible (axe-core: no serious or critical violation, desktop and 375 px phone; keyboard
// skip link), usable with JavaScript disabled, and the path "scan the badge → see 有效".
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // a signed checkpoint for the home page
  const entry = await server.app.ledger.record({ kind: "e2e.portal", actor: "system:e2e", data: { at: "portal" } });
  await server.app.ledger.waitIntegrated([entry.id]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The demo officer 李执法 of 示范市市场监督管理局 (valid certificate): his verification path. */
async function liZhifa(page: Page): Promise<string> {
  await page.goto(`${server.url}/portal/officers?q=${encodeURIComponent("李执法")}`);
  const link = page.locator("article.officer h3 a", { hasText: "李执法" });
  const path = await link.getAttribute("href");
  expect(path).toMatch(/^\/portal\/officers\/[0-9A-Za-z-]+$/);
  return path!;
}

describe("public portal pages in the browser", () => {
  it("has no serious or critical accessibility violation and fits a 375 px phone (R-PUB-01, R-PUB-02)", async () => {
    const desktop = await newPage(browser, DESKTOP);
    const verify = await liZhifa(desktop.page);
    await desktop.page.goto(`${server.url}/portal/agencies`);
    const agency = await desktop.page.getByRole("link", { name: "示范市市场监督管理局", exact: true }).getAttribute("href");
    const pages: [string, string][] = [
      ["home", "/portal"],
      ["agencies", "/portal/agencies"],
      ["agency", agency!],
      ["officers", `/portal/officers?q=${encodeURIComponent("李")}`],
      ["verify", verify],
      ["badge", `${verify}/badge`],
      ["powers", "/portal/powers"],
      ["powers-dated", "/portal/powers?date=2025-01-01"],
      ["flowchart", "/portal/flowcharts/penalty.general"],
      ["service-guides", "/portal/lists/service-guides"],
      ["discretion-tiers", "/portal/lists/discretion-tiers"],
      ["unknown-certificate", "/portal/officers/99NOSUCH"],
      ["ledger", "/portal/ledger"],
    ];
    const phone = await newPage(browser, PHONE);
    for (const [name, path] of pages) {
      for (const [size, { page }] of [["desktop", desktop], ["phone", phone]] as const) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), `${name} ${path}`).toBe(name === "unknown-certificate" ? 404 : 200);
        // the stylesheet loaded (CSP allows it): the skip link is moved off screen
        expect(await page.locator(".skip-link").evaluate((e) => e.getBoundingClientRect().bottom), `${name}: styles`).toBeLessThanOrEqual(0);
        await expectAccessible(page, `${name} (${size})`);
        if (size === "phone") expect(await horizontalOverflow(page), `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
        if (name === "flowchart") {
          // the inlined SVG is drawn as generated: no rule of the portal's stylesheet resizes its shapes
          const resized = await page.locator(".flowchart svg rect[width]").evaluateAll((rects) =>
            rects.filter((r) => Math.abs((r as SVGRectElement).getBBox().width - Number(r.getAttribute("width"))) > 0.5).length,
          );
          expect(resized).toBe(0);
        }
      }
    }
    for (const [name, path] of [["home", "/portal"], ["verify", verify], ["powers", "/portal/powers"], ["agency", agency!], ["officers", "/portal/officers"], ["flowchart", "/portal/flowcharts/penalty.general"]] as const) {
      await desktop.page.goto(`${server.url}${path}`);
      await shot(desktop.page, `70-portal-${name}-desktop`, true);
      await phone.page.goto(`${server.url}${path}`);
      await shot(phone.page, `71-portal-${name}-phone`, name === "verify" || name === "home");
    }
    expect(desktop.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
    await desktop.context.close();
    await phone.context.close();
  });

  it("keyboard: Tab reaches the skip link first, and it moves focus to the main content", async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    for (const path of ["/portal", await liZhifa(page)]) {
      await page.goto(`${server.url}${path}`);
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => ({ text: document.activeElement?.textContent ?? "", cls: document.activeElement?.className ?? "" }));
      expect(first).toEqual({ text: "跳到主要内容", cls: "skip-link" });
      // visible while focused
      expect(await page.locator(".skip-link").evaluate((e) => e.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
      if (path === "/portal") await shot(page, "72-portal-skip-link");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
      // the next Tab goes on inside the main content
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
    }
    await context.close();
  });

  it("works with JavaScript disabled: search by name, open the verification page, see 有效", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal`);
    await page.getByLabel("姓名或执法证号").fill("李执法");
    await page.getByRole("button", { name: "查询" }).first().click();
    await page.waitForURL(/\/portal\/officers\?q=/);
    await page.getByRole("link", { name: "李执法" }).click();
    await page.waitForURL(/\/portal\/officers\/[0-9A-Za-z-]+$/);
    await expect.poll(() => page.locator("#status-word").innerText()).toContain("有效");
    expect(await page.locator("main").innerText()).toContain("示范市市场监督管理局");
    // styled without scripts: the status is big
    expect(parseFloat(await page.locator("#status-word").evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThan(30);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "73-portal-verify-nojs-phone", true);
    // a certificate that does not exist: a clear 404 page with a search box
    const res = await page.goto(`${server.url}/portal/officers/99NOSUCH`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "未找到该执法证件" }).waitFor();
    await page.getByLabel("姓名或执法证号").waitFor();
    // an unknown portal address is the portal's own 404, not the web app's index.html
    const missing = await page.goto(`${server.url}/portal/no/such/page`);
    expect(missing?.status()).toBe(404);
    await page.getByRole("heading", { name: "页面不存在" }).waitFor();
    await context.close();
  });

  it("scan the badge: the QR code's URL leads to the verification page, which says 有效 (R-PUB-02)", async () => {
    const { context, page, errors } = await newPage(browser, DESKTOP);
    const verify = await liZhifa(page);
    await page.goto(`${server.url}${verify}/badge`);
    const badge = page.locator("article.qr-card");
    const target = await badge.getAttribute("data-url");
    expect(target).toBe(`${server.url}${verify}`);
    expect(await badge.innerText()).toContain("扫码核验执法证件");
    // the QR image loaded, and it encodes exactly that URL
    expect(await page.locator("img.qr-card-qr").evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const svg = await (await context.request.get(`${server.url}${verify}/qr.svg`)).text();
    expect(svg).toBe(await qrSvg(target!));
    await shot(page, "74-portal-badge");
    await page.emulateMedia({ media: "print" });
    await shot(page, "75-portal-badge-print");
    // printed, the card is one A6 page (105 × 148 mm = 297.6 × 419.5 pt)
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    await page.emulateMedia({ media: null });
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    const box = (/\/MediaBox\s*\[([^\]]+)\]/.exec(pdf)?.[1] ?? "").trim().split(/\s+/).map(Number);
    expect(box, [...pdf.matchAll(/\/MediaBox\s*\[[^\]]+\]/g)].map((m) => m[0]).join(" | ")).toHaveLength(4);
    expect(Math.abs(box[2]! - box[0]! - 297.6), `page width ${box.join(" ")}`).toBeLessThan(2);
    expect(Math.abs(box[3]! - box[1]! - 419.5), `page height ${box.join(" ")}`).toBeLessThan(2);

    // "scan": open the encoded URL
    await page.goto(target!);
    await expect.poll(() => page.locator("#status-word").innerText()).toContain("有效");
    expect(await page.locator("main").innerText()).toContain("李执法");
    expect(errors).toEqual([]);
    await context.close();
  });
});
