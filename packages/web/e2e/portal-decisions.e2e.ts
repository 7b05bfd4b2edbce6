import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { apiCall, DESKTOP, expectAccessible, horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// The public portal's 事后 pages (R-PUB-03, R-PUB-04, R-PUB-08, R-PUB-11) in a real browser on the
// demo data: the citizen searches a decision, opens it, checks its hash against the ledger's
// JSON proof, asks for a correction (also with JavaScript disabled) and follows it with the code;
// accessible (axe-core, desktop and 375 px phone), and the feeds parse as XML.
let server: Server;
let browser: Browser;

interface Published {
  id: string;
  title: string;
  documentNumber: string;
  actionType: string;
  agencyId: string;
}
const published: Published[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // the harness seeds the 12 demo cases but not their publication: the demo publicity reviewer
  // 钱公示 (gongshi) publishes a few of the drafts the decided cases made, through the staff API
  const { context, page } = await newPage(browser, DESKTOP);
  await login(page, server.url, "gongshi");
  const queue = await apiCall<{ items: Published[] }>(page, server.url, "GET", "/api/publicity?status=draft&pageSize=100");
  // general-procedure penalties first: their full text is published (R-PUB-04)
  const drafts = [...queue.items].sort((a, b) => Number(b.actionType === "penalty") - Number(a.actionType === "penalty"));
  for (const item of drafts) {
    const detail = await apiCall<{ can: { publish: boolean } }>(page, server.url, "GET", `/api/publicity/${item.id}`);
    if (!detail.can.publish) continue;
    await apiCall(page, server.url, "POST", `/api/publicity/${item.id}/publish`, {});
    published.push(item);
    if (published.length === 3) break;
  }
  expect(published.length, `drafts in the demo queue: ${queue.items.length}`).toBeGreaterThan(0);
  await context.close();
  // the publication entries are leaves of the log, under a signed checkpoint
  await server.app.ledger.integrate();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A word of the decision's title to search by (the title itself: jieba cuts it the same way). */
const keyword = (d: Published) => d.title;

/** Search → open the decision: the citizen's first steps. */
async function searchAndOpen(page: Page, d: Published): Promise<void> {
  await page.goto(`${server.url}/portal/decisions`);
  await page.getByLabel("关键词").fill(keyword(d));
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForURL(/\/portal\/decisions\?q=/);
  const link = page.locator(`article.decision h3 a[href="/portal/decisions/${d.id}"]`);
  await link.click();
  await page.waitForURL(new RegExp(`/portal/decisions/${d.id}$`));
  await page.getByRole("heading", { level: 1 }).waitFor();
}

const GOOD = { problem: "处理结果中的罚款金额与决定书不一致", requested: "请按决定书原文更正罚款金额", evidence: "行政处罚决定书原件照片一张", contactName: "赵先生", contact: "13055556666" };

/** Fills the correction form and submits it; answers the status of the page that came back. */
async function submitCorrection(page: Page, values: Record<keyof typeof GOOD, string>): Promise<number> {
  for (const [key, value] of Object.entries(values)) await page.locator(`#c-${key}`).fill(value);
  const response = page.waitForResponse((r) => r.url().endsWith("/correction") && r.request().method() === "POST");
  await page.getByRole("button", { name: "提交更正申请" }).click();
  const status = (await response).status();
  await page.getByRole("heading", { level: 1 }).waitFor();
  return status;
}

/** Follows a request at /portal/corrections by typing its code; answers the status word. */
async function follow(page: Page, code: string): Promise<string> {
  await page.goto(`${server.url}/portal/corrections`);
  await page.getByLabel("查询码").fill(code);
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForURL(/\/portal\/corrections\?code=/);
  return page.locator("#correction-status").innerText();
}

describe("the portal's decisions in the browser", () => {
  it("the citizen's path: search, open, see the hash, follow the proof, ask for a correction, follow it with the code (R-PUB-03, R-PUB-08)", async () => {
    const d = published[0]!;
    const { context, page, errors } = await newPage(browser, DESKTOP);
    await searchAndOpen(page, d);
    expect(await page.locator("main").innerText()).toContain(d.documentNumber);
    await shot(page, "98a-decision-desktop", true);

    // the hash shown is the public API's, and the page says it matches the ledger
    const hash = await page.locator("#payload-sha256").innerText();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const api = (await (await context.request.get(`${server.url}/api/public/decisions/${d.id}`)).json()) as { sha256: string };
    expect(hash).toBe(api.sha256);
    expect(await page.locator("#verify-word").innerText()).toContain("与账本记录一致");

    // follow the proof link: the JSON inclusion proof answers 200, for the leaf of this entry's commitment
    const commitment = await page.locator("#ledger-commitment").innerText();
    const index = Number(await page.locator("#leaf-index").innerText());
    const proofResponse = page.waitForResponse((r) => r.url().includes("/api/ledger/proof/inclusion"));
    await page.locator("#proof-json").click();
    const proof = await proofResponse;
    expect(proof.status()).toBe(200);
    const body = (await proof.json()) as { index: number; leafHash: string; proof: string[] };
    expect(body.index).toBe(index);
    // RFC 6962 leaf hash: SHA-256(0x00 ‖ commitment)
    expect(body.leafHash).toBe(crypto.createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(commitment, "hex")])).digest("base64"));
    await page.goBack();
    const leaf = await page.goto(`${server.url}${await page.locator("#leaf-json").getAttribute("href")}`);
    expect(leaf?.status()).toBe(200);
    expect(((await leaf!.json()) as { index: number }).index).toBe(index);
    await page.goBack();
    // the ledger's own page is one click away
    expect(await page.locator('main a[href="/ledger"]').count()).toBe(1);

    // ask for a correction
    await page.locator("#correction").scrollIntoViewIfNeeded();
    expect(await submitCorrection(page, GOOD)).toBe(201);
    const code = await page.locator("#tracking-code").innerText();
    expect(code).toMatch(/^[A-Z2-9]{16}$/);
    expect(await page.locator("main").innerText()).toContain("只显示这一次");
    await shot(page, "98b-correction-code-desktop");
    expect(await follow(page, code)).toBe("待处理");
    expect(await page.locator("main").innerText()).toContain(GOOD.problem);
    await shot(page, "98c-correction-pending-desktop", true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works with JavaScript disabled on a phone: search, open, the correction form posts and answers the code, which is followed", async () => {
    const d = published[published.length - 1]!;
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await searchAndOpen(page, d);
    expect(await page.locator("#payload-sha256").innerText()).toMatch(/^[0-9a-f]{64}$/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "98d-decision-nojs-phone", true);
    // the browser posts the plain form with this site's Origin (the page's referrer policy is same-origin)
    expect(await submitCorrection(page, GOOD)).toBe(201);
    const code = await page.locator("#tracking-code").innerText();
    expect(code).toMatch(/^[A-Z2-9]{16}$/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "98e-correction-code-nojs-phone", true);
    // typed later in lower case: the same request
    expect(await follow(page, code.toLowerCase())).toBe("待处理");
    await shot(page, "98f-correction-pending-nojs-phone", true);
    await context.close();
  });

  it("bad input in the form: 400, the messages next to their fields, the rest kept", async () => {
    const d = published[0]!;
    const { context, page } = await newPage(browser, PHONE);
    await page.goto(`${server.url}/portal/decisions/${d.id}`);
    // spaces pass the browser's own `required` check; the server refuses them
    expect(await submitCorrection(page, { ...GOOD, problem: "   ", contact: "不告诉你" })).toBe(400);
    expect(await page.locator("#error-summary").innerText()).toContain("提交的内容有误");
    expect(await page.locator("#c-problem-error").innerText()).toContain("请写明公示信息中不准确的内容");
    expect(await page.locator("#c-contact-error").innerText()).toContain("请填写有效的联系电话");
    expect(await page.locator("#c-problem").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#c-requested").inputValue()).toBe(GOOD.requested);
    // the summary's links lead to the fields
    await page.locator("#error-summary a").first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("c-problem");
    await expectAccessible(page, "correction form with errors (phone)");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "98g-correction-errors-phone", true);
    await context.close();
  });

  it("has no serious or critical accessibility violation on the search and decision pages, desktop and 375 px (GB/T 37668)", async () => {
    const d = published[0]!;
    const pages: [string, string][] = [
      ["search", "/portal/decisions"],
      ["search-results", `/portal/decisions?q=${encodeURIComponent(keyword(d))}&agencyId=${d.agencyId}&actionType=${d.actionType}`],
      ["search-none", `/portal/decisions?q=${encodeURIComponent("没有这种违法行为")}`],
      ["decision", `/portal/decisions/${d.id}`],
      ["corrections", "/portal/corrections"],
      ["agency", `/portal/agencies/${d.agencyId}`],
    ];
    const desktop = await newPage(browser, DESKTOP);
    const phone = await newPage(browser, PHONE);
    for (const [name, path] of pages) {
      for (const [size, { page }] of [["desktop", desktop], ["phone", phone]] as const) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), `${name} ${path}`).toBe(200);
        expect(await page.locator(".skip-link").evaluate((e) => e.getBoundingClientRect().bottom), `${name}: styles`).toBeLessThanOrEqual(0);
        await expectAccessible(page, `${name} (${size})`);
        if (size === "phone") expect(await horizontalOverflow(page), `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      }
    }
    await desktop.page.goto(`${server.url}${pages[1]![1]}`);
    await shot(desktop.page, "98h-decisions-search-desktop", true);
    await phone.page.goto(`${server.url}${pages[1]![1]}`);
    await shot(phone.page, "98i-decisions-search-phone", true);
    await phone.page.goto(`${server.url}/portal/decisions/${d.id}`);
    await shot(phone.page, "98j-decision-phone", true);
    await phone.page.goto(`${server.url}/portal/agencies/${d.agencyId}`);
    await shot(phone.page, "98k-agency-decisions-phone", true);
    expect(desktop.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
    await desktop.context.close();
    await phone.context.close();
  });

  it("the feeds the agency's page announces parse as XML in the browser, and the CSV opens with its BOM (R-PUB-11)", async () => {
    const d = published[0]!;
    const { context, page } = await newPage(browser, DESKTOP);
    await page.goto(`${server.url}/portal/agencies/${d.agencyId}`);
    const feeds = await page.locator('head link[rel="alternate"]').evaluateAll((links) => links.map((l) => ({ type: l.getAttribute("type"), href: l.getAttribute("href") })));
    expect(feeds.map((f) => f.type)).toEqual(["application/rss+xml", "application/atom+xml"]);
    for (const feed of feeds) {
      const res = await context.request.get(`${server.url}${feed.href!}`);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toContain(feed.type!);
      const xml = await res.text();
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "application/xml");
        return { error: doc.getElementsByTagName("parsererror").length > 0, root: doc.documentElement.nodeName, items: doc.querySelectorAll("item, entry").length, links: Array.from(doc.querySelectorAll("item > link, entry > link")).map((l) => l.textContent || l.getAttribute("href")) };
      }, xml);
      expect(parsed.error, xml.slice(0, 300)).toBe(false);
      expect(parsed.root).toBe(feed.type!.includes("rss") ? "rss" : "feed");
      expect(parsed.items).toBe(published.filter((p) => p.agencyId === d.agencyId).length);
      expect(parsed.links).toContain(`${server.url}/portal/decisions/${d.id}`);
    }
    const csv = await context.request.get(`${server.url}/portal/decisions.csv?agencyId=${d.agencyId}`);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8").slice(1).split("\r\n")[0]).toContain("执法主体,执法类别,文书号,决定日期");
    await context.close();
  });
});
