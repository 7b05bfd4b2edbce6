import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { closeDrawer, expectMessage, launchBrowser, login, newPage, pickDate, shot, startServer, type Server } from "./harness.ts";

let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("power list in the browser (R-LIST-03)", () => {
  it("adjusts a power item through the form and shows its dated versions, old and new", async () => {
    const { context, page, errors } = await newPage(browser);
    await login(page, server.url, "scjg_admin");

    // an item that has been in force since 2025 (registered through the API)
    const me = (await (await page.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string; agency: { id: string } };
    const created = await page.request.post(`${server.url}/api/powers/changes`, {
      headers: { "x-csrf-token": me.csrfToken },
      data: {
        kind: "add",
        agencyId: me.agency.id,
        effectiveDate: "2025-01-01",
        reason: "清单编制",
        documentNo: "示市监发〔2025〕1号",
        item: { itemCode: "E2E-CF-001", name: "对销售过期食品的行政处罚", actionType: "penalty", basisLaw: "《中华人民共和国食品安全法》", basisArticle: "第一百二十四条" },
      },
    });
    expect(created.status()).toBe(201);

    await page.goto(`${server.url}/powers`);
    await page.getByRole("searchbox").fill("E2E-CF-001");
    await page.getByRole("button", { name: /搜\s*索/ }).click();
    const row = page.locator("tr", { hasText: "E2E-CF-001" });
    await row.waitFor();

    // 调整: the name changes from today; the old version is kept
    await row.getByRole("button", { name: /变\s*更/ }).click();
    await page.locator("#power-change_name").fill("对销售超过保质期食品的行政处罚");
    await page.locator("#power-change_reason").fill("依据修订后的条文调整事项名称");
    await page.locator("#power-change_documentNo").fill("示市监发〔2026〕3号");
    await page.getByRole("button", { name: "登记变更" }).click();
    await expectMessage(page, "变更已登记");
    await page.locator("tr", { hasText: "对销售超过保质期食品的行政处罚" }).waitFor();

    // the versions: the adjusted field, old → new, with the decision that changed it
    await page.locator("tr", { hasText: "E2E-CF-001" }).getByRole("button", { name: /历\s*史/ }).click();
    const versions = page.locator(".power-versions");
    await versions.getByText("示市监发〔2026〕3号").first().waitFor();
    const text = await versions.innerText();
    expect(text).toContain("2025-01-01");
    expect(text).toContain("调整");
    expect(text).toContain("事项名称");
    expect(text).toContain("对销售过期食品的行政处罚");
    expect(text).toContain("对销售超过保质期食品的行政处罚");
    expect(text).toContain("依据修订后的条文调整事项名称");
    await shot(page, "10-power-versions");
    await closeDrawer(page);

    // the list as of a past date still shows the old name
    await pickDate(page, "powers-asof", "2025-06-01");
    await page.locator("tr", { hasText: "对销售过期食品的行政处罚" }).waitFor();
    await page.getByText("2025-06-01 当日有效的权力清单").waitFor();
    await shot(page, "11-powers-as-of");

    // 合并 (R-LIST-03): two current items become one new item from today
    const second = await page.request.post(`${server.url}/api/powers/changes`, {
      headers: { "x-csrf-token": me.csrfToken },
      data: { kind: "add", agencyId: me.agency.id, effectiveDate: "2025-01-01", reason: "清单编制", item: { itemCode: "E2E-CF-002", name: "对销售变质食品的行政处罚", actionType: "penalty", basisLaw: "《中华人民共和国食品安全法》", basisArticle: "第一百二十四条" } },
    });
    expect(second.status()).toBe(201);
    await page.goto(`${server.url}/powers`);
    await page.getByRole("searchbox").fill("E2E-CF-001");
    await page.getByRole("button", { name: /搜\s*索/ }).click();
    await page.locator("tr", { hasText: "E2E-CF-001" }).getByRole("button", { name: /变\s*更/ }).click();
    await page.getByText("合并", { exact: true }).click();
    await page.locator("#power-change_mergeWith").fill("E2E-CF-002");
    await page.locator(".ant-select-item-option", { hasText: "E2E-CF-002" }).click();
    await page.keyboard.press("Escape");
    await page.locator("#power-change_itemCode").fill("E2E-CF-010");
    await page.locator("#power-change_name").fill("对销售过期或者变质食品的行政处罚");
    await page.locator("#power-change_reason").fill("两项合并");
    await pickDate(page, "power-change_effectiveDate", "2027-01-01");
    await shot(page, "12-power-merge");
    await page.getByRole("button", { name: "登记变更" }).click();
    await expectMessage(page, "变更已登记");
    await pickDate(page, "powers-asof", "2027-01-02");
    await page.getByRole("searchbox").fill("E2E-CF");
    await page.getByRole("button", { name: /搜\s*索/ }).click();
    await page.locator("tr", { hasText: "E2E-CF-010" }).waitFor();
    await page.getByText("2027-01-02 当日有效的权力清单").waitFor();
    expect(await page.locator("tr", { hasText: "E2E-CF-002" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
