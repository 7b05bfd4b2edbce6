import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { todayInShanghai } from "@zhifa/domain";
import { apiCall, DESKTOP, expectAccessible, expectMessage, launchBrowser, login, newPage, pick, pickDate, shot, startServer, type Server } from "./harness.ts";

// 统计年报 through the UI (R-PUB-10): the unit lead records a 行政复议 that revoked a decision on
// the case's page (it shows in this quarter's live figures); the publicity reviewer generates last year's report of her
// agency from the data, writes its 说明 and publishes it (late after 31 January: the page says
// so); the quarter's figures are there on demand with their charts; then anyone sees the report
// on the portal — tables, server-rendered SVG charts, the XLSX — with no JavaScript needed.
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const today = todayInShanghai(new Date());
const lastYear = Number(today.slice(0, 4)) - 1;
const NOTE = "本报告数据由平台根据已办理的案件自动统计（端到端测试）。";

describe("annual statistics report (R-PUB-10)", () => {
  it("staff generate and publish last year's report; the portal shows it, accessibly", { timeout: 180_000 }, async () => {
    // the unit lead records a 行政复议 that revoked a decision, on the case's page
    const lead = await newPage(browser, DESKTOP);
    const l = lead.page;
    await login(l, server.url, "chengban");
    const list = await apiCall<{ items: { id: string }[] }>(l, server.url, "GET", "/api/cases?pageSize=1");
    await l.goto(`${server.url}/cases/${list.items[0]!.id}`);
    await l.getByRole("button", { name: "记录复议或诉讼" }).click();
    await l.locator("#remedy_body").fill("示范市人民政府");
    await pickDate(l, "remedy_filedOn", today);
    await pick(l, "remedy_outcome", "撤销");
    await pickDate(l, "remedy_decidedOn", today);
    await l.getByRole("dialog", { name: "记录行政复议或行政诉讼" }).getByRole("button", { name: /保\s*存/ }).click();
    await expectMessage(l, "已记录");
    await l.getByText("示范市人民政府").waitFor();
    await lead.context.close();

    const staff = await newPage(browser, DESKTOP);
    const p = staff.page;
    await login(p, server.url, "gongshi");
    await p.goto(`${server.url}/statistics`);
    await p.getByRole("heading", { name: "行政执法统计年报" }).waitFor();
    // the agency's row: not generated, and past its deadline once February has come
    const row = p.locator("tr", { hasText: "示范市市场监督管理局" });
    await row.getByText("未生成").waitFor();
    if (today > `${lastYear + 1}-01-31`) await row.getByText("已超期未发布").waitFor();

    await p.getByRole("button", { name: "生成草稿" }).last().click();
    await expectMessage(p, "已按数据生成草稿");
    await p.getByText(`示范市市场监督管理局 ${lastYear} 年度行政执法统计年报`).waitFor();
    await p.getByLabel("说明").fill(NOTE);
    await p.getByRole("button", { name: "保存说明" }).click();
    await expectMessage(p, "说明已保存");
    await p.getByRole("button", { name: "审核发布" }).click();
    await p.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
    await expectMessage(p, "已发布");
    await p.getByRole("link", { name: "在公示平台查看" }).waitFor();
    await row.getByText("已发布").waitFor();
    // four charts of the report, drawn by ECharts in the browser
    await expect.poll(() => p.locator("[data-chart] svg").count()).toBe(4);
    await shot(p, "statistics-report");

    // this quarter, computed live
    await p.getByRole("tab", { name: "按季度 / 年度统计" }).click();
    await p.getByText("罚款金额", { exact: true }).filter({ visible: true }).waitFor();
    await expect.poll(() => p.locator("[data-chart] svg").filter({ visible: true }).count()).toBe(4);
    // the remedy recorded above is in this quarter's figures
    await p.locator('[data-chart][aria-label*="行政复议审结1件"]').filter({ visible: true }).waitFor();
    await shot(p, "statistics-live");

    // the portal: no login, no scripts
    const visitor = await newPage(browser, { ...DESKTOP, javaScriptEnabled: false });
    const v = visitor.page;
    await v.goto(`${server.url}/portal`);
    await v.getByRole("link", { name: "统计年报" }).click();
    await v.getByRole("heading", { level: 1, name: "行政执法统计年报" }).waitFor();
    await v.getByRole("link", { name: `示范市市场监督管理局${lastYear}年度行政执法统计年报` }).click();
    await v.getByRole("heading", { level: 1, name: `示范市市场监督管理局${lastYear}年度行政执法统计年报` }).waitFor();
    expect(await v.getByText(NOTE).count()).toBe(1);
    expect(await v.locator('svg[role="img"][aria-label]').count()).toBe(4);
    expect(await v.locator("table caption").count()).toBe(8);
    const xlsx = await v.request.get(`${server.url}${await v.getByRole("link", { name: "下载本报告（XLSX 表格）" }).getAttribute("href")}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    await shot(v, "statistics-portal", true);
    const reportUrl = v.url();
    await visitor.context.close();

    // axe needs script: the same page with JavaScript on
    const checker = await newPage(browser, DESKTOP);
    await checker.page.goto(reportUrl);
    await expectAccessible(checker.page, "statistics report (portal)");
    await checker.page.goto(`${server.url}/portal/statistics`);
    await expectAccessible(checker.page, "statistics list (portal)");

    // 更正: a correction is prepared (the published edition stays public meanwhile) and published;
    // the first edition says it was corrected and leads to the new one
    await p.getByRole("tab", { name: "年度报告" }).click();
    await p.getByRole("button", { name: /更\s*正/ }).click();
    await p.getByLabel("更正说明").fill("漏报行政复议 1 件，予以更正。");
    await p.getByRole("button", { name: "生成更正草稿" }).click();
    await expectMessage(p, "已生成更正草稿");
    await row.getByText("已发布（更正草稿待发布）").waitFor();
    await p.getByRole("button", { name: "审核发布" }).click();
    await p.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
    await p.getByText("更正说明（第 2 版）").waitFor();
    await row.getByText("已发布", { exact: true }).waitFor();
    // a new visitor (the portal's pages may be cached for a minute)
    const later = await newPage(browser, DESKTOP);
    await later.page.goto(reportUrl);
    await later.page.getByText("本报告已被更正").waitFor();
    await later.page.getByRole("link", { name: "更正后的版本" }).click();
    await later.page.getByRole("heading", { level: 1, name: `示范市市场监督管理局${lastYear}年度行政执法统计年报（第 2 版·更正）` }).waitFor();
    expect(await later.page.getByText("漏报行政复议 1 件，予以更正。").count()).toBe(1);
    await expectAccessible(later.page, "corrected statistics report (portal)");
    expect(staff.errors).toEqual([]);
  });
});
