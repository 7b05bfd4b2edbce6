import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const menuTexts = async (page: Page) => (await page.locator("nav[aria-label=主菜单] .ant-menu-title-content").allInnerTexts()).map((t) => t.trim());

describe("what each role sees (R-GEN-03)", () => {
  it("hides administration from an officer, and shows the officer's own certificate (R-LIST-11)", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "zhifa");
    await page.getByText("我的执法证").waitFor();
    const menu = await menuTexts(page);
    expect(menu).toContain("首页");
    expect(menu).toContain("清单管理");
    expect(menu).not.toContain("用户管理");
    // the certificate linked to the login (执法人员清单.username)
    const card = page.locator(".ant-card", { hasText: "我的执法证" });
    await card.getByText("证件状态").waitFor();
    expect(await card.innerText()).toContain("有效");
    await shot(page, "20-home-officer");

    // a list: read-only for an officer (no 新增, no 编辑/删除)
    await page.goto(`${server.url}/lists/officers`);
    await page.locator("tr", { hasText: "李执法" }).waitFor();
    expect(await page.getByRole("button", { name: "新增" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /编\s*辑/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "导入" }).count()).toBe(0);

    // the users page is not offered; the account page is
    await page.goto(`${server.url}/account`);
    await page.getByText("修改密码").first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows an officer's menu on a phone without the administration entries", async () => {
    const { context, page, errors } = await newPage(browser, PHONE);
    await login(page, server.url, "zhifa");
    await page.getByText("我的执法证").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "菜单", exact: true }).click();
    await page.locator(".ant-drawer nav").waitFor();
    const menu = (await page.locator(".ant-drawer nav .ant-menu-title-content").allInnerTexts()).map((t) => t.trim());
    expect(menu).toContain("执法主体");
    expect(menu).not.toContain("用户管理");
    await shot(page, "21-phone-officer-menu");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("gives a supervisor the agencies below and the reviewer ratio report (R-LIST-12)", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "jiandu");
    await page.getByText("监督范围内的执法主体").waitFor();
    await page.getByText("法制审核人员配备情况").waitFor();
    await shot(page, "22-home-supervisor");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets an agency administrator manage units and users of the agency", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "scjg_admin");
    await page.goto(`${server.url}/agencies`);
    await page.getByRole("button", { name: "新增科室" }).waitFor();
    await page.getByRole("button", { name: "新增科室" }).click();
    await page.locator("#unit_name").fill("综合执法队");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.locator("tr", { hasText: "综合执法队" }).waitFor();
    await shot(page, "23-agency-detail");

    // 执法主体 in Excel (R-LIST-01, R-DX-03): export, then import a new 所 below the bureau
    const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出" }).click()]);
    expect(exported.suggestedFilename()).toBe("执法主体清单.xlsx");
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.load(fs.readFileSync((await exported.path())!) as never);
    const [header, own] = (sheet.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map(String));
    expect(header![1]).toBe("主体编码");
    const upload = new ExcelJS.Workbook();
    const ws = upload.addWorksheet("执法主体");
    ws.addRow(header!);
    ws.addRow([own![1]!, "E2E-TOWN-1", "示范市市场监管局东城所", "乡镇级", "990102", "东城区", "行政处罚、行政检查", "", "", "", "", ""]);
    await page.getByRole("button", { name: "导入" }).click();
    await page.locator(".ant-modal input[type=file]").setInputFiles({ name: "主体.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(await upload.xlsx.writeBuffer()) });
    await page.getByRole("button", { name: "开始导入" }).click();
    await page.getByText("新增 1 条，更新 0 条").waitFor();
    await shot(page, "23b-agency-import");
    await page.getByRole("button", { name: /完\s*成/ }).click();
    await page.getByText("示范市市场监管局东城所").first().waitFor();

    await page.goto(`${server.url}/users`);
    await page.getByRole("button", { name: "新增用户" }).click();
    await page.locator("#user_username").fill("e2e_user");
    await page.locator("#user_displayName").fill("测试用户");
    await page.locator("#user_password").fill("short");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByText("密码长度至少 10 位").waitFor();
    await page.locator("#user_password").fill("Zhifa2026abc");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.locator("tr", { hasText: "e2e_user" }).waitFor();
    await shot(page, "24-users");
    expect(errors).toEqual([]);
    await context.close();

    // the new user must set a password of their own before anything else
    const second = await newPage(browser);
    await second.page.goto(`${server.url}/login`);
    await second.page.locator("#username").fill("e2e_user");
    await second.page.locator("#password").fill("Zhifa2026abc");
    await second.page.getByRole("button", { name: /登\s*录/ }).click();
    await second.page.getByText("请设置新密码").waitFor();
    await second.page.locator("#password_oldPassword").fill("Zhifa2026abc");
    await second.page.locator("#password_newPassword").fill("Mine2026xyz1");
    await second.page.locator("#password_confirm").fill("Mine2026xyz1");
    await second.page.getByRole("button", { name: "修改密码" }).click();
    await second.page.getByRole("button", { name: "用户菜单" }).waitFor();
    expect(second.errors).toEqual([]);
    await second.context.close();
  });
});
