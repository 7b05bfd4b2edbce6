import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { expectMessage, horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// 执法文书 on a phone (R-CASE-06): the officer generates a 现场检查笔录 from its template on site,
// the party and the officer sign it on the handwriting pad, and the document is listed with its
// hash, downloadable as Word (the hash the ledger holds) and PDF.
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A wavy stroke across the pad, as fractions of its box. */
const STROKE: [number, number][] = Array.from({ length: 24 }, (_, i) => [0.12 + (0.76 * i) / 23, 0.5 + 0.22 * Math.sin(i / 2.5)]);

/** Signs with the mouse: down, moves, up over the canvas. */
async function signWithMouse(page: Page, pad: Locator): Promise<void> {
  const box = (await pad.boundingBox())!;
  const [x0, y0] = STROKE[0]!;
  await page.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
  await page.mouse.down();
  for (const [x, y] of STROKE.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 3 });
  await page.mouse.up();
  // a second stroke: a dot-like tick
  await page.mouse.move(box.x + 0.3 * box.width, box.y + 0.3 * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.35 * box.width, box.y + 0.7 * box.height, { steps: 4 });
  await page.mouse.up();
}

/** Signs with a finger: touch events as a phone sends them. */
async function signWithFinger(page: Page, pad: Locator): Promise<void> {
  const box = (await pad.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = ([x, y]: [number, number]) => [{ x: box.x + x * box.width, y: box.y + (1 - y) * box.height }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(STROKE[0]!) });
  for (const p of STROKE.slice(1)) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(p) });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

/** The number of inked pixels on a pad's canvas. */
const inkOn = (pad: Locator) =>
  pad.evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const px = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
    return n;
  });

describe("case documents", () => {
  it("an officer generates a 现场检查笔录 on a phone, signed on the pad by the party and himself, and downloads it (R-CASE-06)", async () => {
    const { context, page, errors } = await newPage(browser, PHONE);
    await login(page, server.url, "zhifa", "zhifa2026demo");
    // one of his open demo cases that he may handle, preferably at a stage that requires a document
    const mine = (await (await page.request.get(`${server.url}/api/cases?mine=true&status=open&pageSize=100`)).json()) as { items: { id: string; number: string; stageName: string }[] };
    let target: { id: string; number: string; stageName: string } | null = null;
    let requiring = false;
    for (const c of mine.items) {
      const detail = (await (await page.request.get(`${server.url}/api/cases/${c.id}`)).json()) as { can: Record<string, boolean> };
      if (!detail.can.handle) continue;
      const templates = (await (await page.request.get(`${server.url}/api/cases/${c.id}/documents/templates`)).json()) as { items: { requiredIn: string[] }[] };
      const requires = templates.items.some((t) => t.requiredIn.includes(c.stageName));
      if (!target || (requires && !requiring)) [target, requiring] = [c, requires];
      if (requiring) break;
    }
    expect(target, "李执法 has an open demo case").not.toBeNull();
    await page.goto(`${server.url}/cases/${target!.id}`);
    const card = page.getByTestId("case-documents");
    await card.waitFor();
    const before = await card.locator("[data-document]").count();

    // the drawer: full width on the phone, templates of the case's workflow
    await card.getByRole("button", { name: "生成文书" }).click();
    const drawer = page.locator(".ant-drawer-content-wrapper").filter({ visible: true });
    const inspection = drawer.locator('[data-template="site_inspection"]');
    await page.waitForTimeout(3000); await shot(page, "debug-drawer");
    await inspection.waitFor();
    expect(await drawer.locator("[data-template]").count()).toBeGreaterThan(3);
    // the documents the current stage requires come first, marked
    if (requiring) expect(await drawer.locator("[data-template]").first().innerText()).toContain("本环节需要");
    const drawerBox = (await drawer.boundingBox())!;
    expect(Math.round(drawerBox.width)).toBe(PHONE.viewport.width);
    await shot(page, "60-documents-templates-phone");
    await inspection.getByRole("button", { name: /填\s*写/ }).click();

    // the template's fields, prefilled; the officer writes what he found
    const findings = drawer.locator("#findings");
    await findings.waitFor();
    expect(await drawer.locator("#notice").inputValue()).toContain("执法人员");
    await drawer.locator("#time").fill("2026年3月2日9时30分至10时20分");
    await findings.fill("货架上陈列的“鲜牛奶”12 盒已超过保质期，当事人现场负责人在场。");
    await drawer.locator("#recorder").fill("李执法");
    await shot(page, "61-documents-form-phone");

    // the party signs with the pen (mouse), the officer with his finger; each confirmed
    const partyPad = drawer.getByRole("img", { name: "当事人（现场负责人）签名" });
    const officerPad = drawer.getByRole("img", { name: "执法人员签名" });
    await partyPad.scrollIntoViewIfNeeded();
    const padBox = (await partyPad.boundingBox())!;
    expect(padBox.width).toBeGreaterThan(PHONE.viewport.width - 60);
    // drawn at the device's pixel ratio; touches draw instead of scrolling the page
    const [pixels, cssWidth, touchAction] = await partyPad.evaluate((c) => [(c as HTMLCanvasElement).width, c.clientWidth, getComputedStyle(c).touchAction] as const);
    expect([pixels, touchAction]).toEqual([Math.round(cssWidth * PHONE.deviceScaleFactor), "none"]);
    await drawer.getByLabel("当事人（现场负责人）姓名").fill("赵经理");
    await signWithMouse(page, partyPad);
    expect(await inkOn(partyPad)).toBeGreaterThan(200);
    // 清除 starts again
    await drawer.getByRole("button", { name: "清除当事人（现场负责人）签名" }).click();
    expect(await inkOn(partyPad)).toBe(0);
    await signWithMouse(page, partyPad);
    await drawer.getByRole("button", { name: "确认当事人（现场负责人）签名" }).click();
    await drawer.locator('[data-signer="party"]').getByText("签名已确认").waitFor();
    await officerPad.scrollIntoViewIfNeeded();
    await signWithFinger(page, officerPad);
    expect(await inkOn(officerPad)).toBeGreaterThan(200);
    expect(await drawer.locator('[data-signer="officer-0"]').innerText()).toContain("李执法");
    await drawer.getByRole("button", { name: "确认执法人员签名" }).click();
    await drawer.locator('[data-signer="officer-0"]').getByText("签名已确认").waitFor();
    await shot(page, "62-documents-signature-pads-phone");

    // 生成: progress while the server works (held back a little so it shows), then the message
    await page.route("**/api/cases/*/documents", async (route) => {
      if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 1_000));
      await route.continue();
    });
    await drawer.getByRole("button", { name: /生\s*成/ }).last().click();
    await drawer.getByText("正在生成文书，请稍候…").waitFor();
    await shot(page, "63-documents-generating-phone");
    await expectMessage(page, "已生成现场检查笔录");
    await page.unroute("**/api/cases/*/documents");
    await drawer.waitFor({ state: "hidden" });

    // listed first, with its hash and the signatures; also a record of the case
    const item = card.locator('[data-document="site_inspection"]').first();
    await item.getByText("新生成").waitFor();
    expect(await card.locator("[data-document]").count()).toBe(before + 1);
    expect(await item.innerText()).toContain("当事人（现场负责人）：赵经理");
    expect(await item.innerText()).toContain("执法人员：李执法");
    const sha256 = (await item.getAttribute("data-sha256"))!;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await item.getByTestId("document-hash").innerText()).toContain(sha256.slice(0, 12));
    await page.locator('[data-record="site_inspection"]').first().waitFor();
    await item.scrollIntoViewIfNeeded();
    await shot(page, "64-documents-list-phone");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // the Word file is the one whose hash was listed (and recorded in the ledger)
    const wordHref = (await item.getByRole("link", { name: /下载 Word/ }).getAttribute("href"))!;
    const docx = await page.request.get(`${server.url}${wordHref}`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()["x-document-sha256"]).toBe(sha256);
    const bytes = await docx.body();
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(sha256);
    expect(bytes.includes("word/media/")).toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download"), item.getByRole("link", { name: /下载 Word/ }).click()]);
    expect(download.suggestedFilename()).toBe(`现场检查笔录-${target!.number}.docx`);
    // and the PDF opens
    const pdfHref = (await item.getByRole("link", { name: /PDF/ }).getAttribute("href"))!;
    const pdf = await page.request.get(`${server.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).includes("/Subtype /Image")).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
