import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { like } from "drizzle-orm";
import { officers } from "../../server/src/modules/lists/defs/officers.ts";
import { DESKTOP, closeDrawer, expectMessage, horizontalOverflow, launchBrowser, login, newPage, pick, pickDate, shot, startServer, type Server } from "./harness.ts";

let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const OFFICER_HEADER = ["姓名", "性别", "所在科室/单位", "执法证号", "执法类别", "执法区域", "证件有效期自", "证件有效期至", "证件状态"];

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("执法人员清单");
  ws.addRow(OFFICER_HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("lists in the browser (R-LIST-02, R-LIST-10, R-DX-03)", () => {
  it("logs in as an agency administrator and sees the home page and the list menu", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "scjg_admin");
    await page.getByText("本单位清单").waitFor();
    await expect(page.locator("header").getByText("示范市市场监督管理局")).toBeTruthy();
    await page.getByRole("menuitem", { name: "清单管理" }).click();
    await page.getByRole("menuitem", { name: "执法人员清单" }).waitFor();
    await page.getByRole("menuitem", { name: "用户管理" }).waitFor();
    await shot(page, "01-home-admin");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("opens its forms without animation for a user who asked the system for reduced motion (GB/T 37668)", async () => {
    // records every motion class (rc-motion's "-appear"/"-enter" steps) added while the form opens
    const motionsWhenOpening = async (reducedMotion: "reduce" | "no-preference") => {
      const { context, page, errors } = await newPage(browser, { ...DESKTOP, reducedMotion });
      await login(page, server.url, "scjg_admin");
      await page.goto(`${server.url}/lists/officers`);
      await page.getByText("R-LIST-02").waitFor();
      await page.evaluate(() => {
        const seen: string[] = ((window as unknown as { motions: string[] }).motions = []);
        new MutationObserver((changes) => {
          for (const c of changes) {
            const el = c.type === "attributes" ? (c.target as Element) : null;
            const classes = [el?.className, ...Array.from(c.addedNodes).map((n) => (n as Element).className)].filter((x): x is string => typeof x === "string");
            for (const cl of classes) seen.push(...cl.split(/\s+/).filter((x) => /-(appear|enter)(-|$)/.test(x)));
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
      });
      await page.getByRole("button", { name: "新增" }).click();
      await page.locator("#list-officers_name").waitFor();
      const motions = await page.evaluate(() => (window as unknown as { motions: string[] }).motions);
      expect(errors).toEqual([]);
      await context.close();
      return motions;
    };
    expect(await motionsWhenOpening("no-preference")).not.toEqual([]);
    expect(await motionsWhenOpening("reduce")).toEqual([]);
  });

  it("adds an officer with a certificate through the form (R-LIST-02)", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "scjg_admin");
    await page.goto(`${server.url}/lists/officers`);
    await page.getByText("R-LIST-02").waitFor();
    await page.getByRole("button", { name: "新增" }).click();
    const form = "list-officers";
    await page.locator(`#${form}_name`).waitFor();

    // client-side rules from the metadata: required fields and the certificate-number pattern
    await page.locator(`#${form}_certNumber`).fill("证号 123");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByText("请填写姓名").waitFor();
    await page.getByText("执法证号只能包含数字、字母和连字符").waitFor();

    await page.locator(`#${form}_name`).fill("测试员甲");
    await pick(page, `${form}_gender`, "女");
    await page.locator(`#${form}_unitName`).fill("执法二科");
    await page.locator(`#${form}_certNumber`).fill("SJ-E2E-0001");
    await pick(page, `${form}_categories`, "行政处罚");
    await pick(page, `${form}_categories`, "行政检查");
    await page.keyboard.press("Escape");
    await page.locator(`#${form}_regionCodes`).fill("990100");
    await page.locator(`#${form}_regionCodes`).press("Enter");
    await pickDate(page, `${form}_validFrom`, "2025-01-01");
    await pickDate(page, `${form}_validTo`, "2028-12-31");
    await pick(page, `${form}_certStatus`, "有效");
    await shot(page, "02-officer-form");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await expectMessage(page, "已新增");

    // the new row is in the table, with enum labels and array tags
    await page.getByRole("searchbox").fill("SJ-E2E-0001");
    await page.getByRole("button", { name: /搜\s*索/ }).click();
    const row = page.locator("tr", { hasText: "SJ-E2E-0001" });
    await row.waitFor();
    expect(await row.innerText()).toContain("测试员甲");
    expect(await row.innerText()).toContain("行政处罚");
    expect(await row.innerText()).toContain("2028-12-31");

    // an edit, then its history: who, when, the field's label, old → new
    await row.getByRole("button", { name: /编\s*辑/ }).click();
    await page.locator(`#${form}_unitName`).fill("执法三科");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await expectMessage(page, "已保存");
    await page.locator("tr", { hasText: "执法三科" }).getByRole("button", { name: /历\s*史/ }).click();
    const history = page.locator(".history-entry");
    await history.first().waitFor();
    expect(await history.count()).toBe(2);
    const latest = await history.first().innerText();
    expect(latest).toContain("吴管理");
    expect(latest).toContain("修改");
    expect(latest).toContain("所在科室/单位");
    expect(latest).toContain("执法二科");
    expect(latest).toContain("执法三科");
    await shot(page, "02b-officer-history");
    await closeDrawer(page);

    // the server's own check (a duplicate certificate number) lands on the form field
    await page.getByRole("button", { name: "新增" }).click();
    await page.locator(`#${form}_name`).fill("测试员乙");
    await pick(page, `${form}_gender`, "男");
    await page.locator(`#${form}_certNumber`).fill("SJ-E2E-0001");
    await pick(page, `${form}_categories`, "行政检查");
    await page.keyboard.press("Escape");
    await page.locator(`#${form}_regionCodes`).fill("990100");
    await page.locator(`#${form}_regionCodes`).press("Enter");
    await pickDate(page, `${form}_validFrom`, "2025-01-01");
    await pickDate(page, `${form}_validTo`, "2028-12-31");
    await pick(page, `${form}_certStatus`, "有效");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.locator(`.ant-form-item:has(#${form}_certNumber) .ant-form-item-explain-error`).getByText("执法证号已被其他执法人员使用").waitFor();
    await shot(page, "03-officer-server-error");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("imports officers from .xlsx: a bad row rejects the file and the report names row, column and problem (R-DX-03)", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "scjg_admin");
    await page.goto(`${server.url}/lists/officers`);
    await page.getByRole("button", { name: "导入" }).click();
    const bad = await workbook([
      ["导入员一", "男", "执法一科", "SJ-IMP-0001", "行政处罚、行政检查", "990100", "2025-01-01", "2029-12-31", "有效"],
      ["导入员二", "未知", "执法一科", "SJ-IMP-0002", "行政检查", "990100", "2025-01-01", "2029-12-31", "有效"],
    ]);
    await page.locator(".ant-modal input[type=file]").setInputFiles({ name: "人员.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bad });
    await page.getByRole("button", { name: "开始导入" }).click();
    const problems = page.locator(".import-problems");
    await problems.waitFor();
    const text = await problems.innerText();
    expect(text).toContain("3"); // Excel row 3 = the second data row
    expect(text).toContain("性别");
    expect(text).toContain("应为以下之一：男、女");
    await page.getByText(/导入失败/).first().waitFor();
    await shot(page, "04-import-report");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载错误报告" }).click()]);
    expect(download.suggestedFilename()).toBe("导入错误报告.xlsx");
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(fs.readFileSync((await download.path())!) as never);
    const cells = report.worksheets[0]!.getSheetValues().flat().map(String).join(" ");
    expect(cells).toContain("应为以下之一：男、女");

    // nothing was imported: the good row is not there either
    const imported = await server.database.db.select({ id: officers.id }).from(officers).where(like(officers.certNumber, "SJ-IMP-%"));
    expect(imported).toEqual([]);

    // the corrected file imports, with progress and counts
    await page.getByRole("button", { name: "重新选择文件" }).click();
    const good = await workbook([
      ["导入员一", "男", "执法一科", "SJ-IMP-0001", "行政处罚、行政检查", "990100", "2025-01-01", "2029-12-31", "有效"],
      ["导入员二", "女", "执法一科", "SJ-IMP-0002", "行政检查", "990100", "2025-01-01", "2029-12-31", "有效"],
    ]);
    await page.locator(".ant-modal input[type=file]").setInputFiles({ name: "人员.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: good });
    await page.getByRole("button", { name: "开始导入" }).click();
    await page.getByText("新增 2 条，更新 0 条").waitFor();
    await page.getByRole("button", { name: /完\s*成/ }).click();
    await page.getByRole("searchbox").fill("SJ-IMP");
    await page.getByRole("button", { name: /搜\s*索/ }).click();
    await page.locator("tr", { hasText: "SJ-IMP-0002" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a list on a phone as cards, without sideways scrolling", async () => {
    const { context, page, errors } = await newPage(browser, { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
    await page.goto(`${server.url}/login`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "05-phone-login");
    await login(page, server.url, "scjg_admin");
    await page.goto(`${server.url}/lists/officers`);
    await page.locator(".data-cards .ant-card").first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "06-phone-list");
    await page.getByRole("button", { name: "菜单", exact: true }).click();
    await page.getByRole("menuitem", { name: "执法主体" }).waitFor();
    await shot(page, "07-phone-menu");
    expect(errors).toEqual([]);
    await context.close();
  });
});
