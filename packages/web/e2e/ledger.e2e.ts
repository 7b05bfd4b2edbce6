import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// The public ledger page (R-REC-02, R-REC-10): anyone, without an account, sees the latest
// checkpoint's Ed25519 and SM2 signatures verified in the browser, and checks a checkpoint
// kept earlier against today's log (consistency proof), or sees a forged one rejected.
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function recordEntries(n: number): Promise<void> {
  const done = await Promise.all(Array.from({ length: n }, (_, i) => server.app.ledger.record({ kind: "e2e.entry", actor: "system:e2e", chain: "case:e2e", data: { i } })));
  await server.app.ledger.waitIntegrated(done.map((d) => d.id));
}

describe("ledger verification page", () => {
  it("verifies the current checkpoint and an earlier one against it, without logging in", async () => {
    await recordEntries(5);
    const { context, page, errors } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByText("公开验证执法记录账本").click();
    await page.getByText("签名验证通过：Ed25519 签名、SM2 签名（SM3 杂凑）").waitFor();
    const kept = await page.getByTestId("current-checkpoint").innerText();
    const keptSize = Number(kept.split("\n")[1]);
    expect(keptSize).toBeGreaterThanOrEqual(5);

    await recordEntries(7);
    await page.reload();
    await page.getByText("签名验证通过").waitFor();
    expect(Number((await page.getByTestId("current-checkpoint").innerText()).split("\n")[1])).toBe(keptSize + 7);
    await page.getByLabel("检查点").fill(kept);
    await page.getByRole("button", { name: /验\s*证/ }).click();
    await page.getByText("验证通过", { exact: true }).waitFor();
    expect(await page.locator(".ant-alert-success", { hasText: "此后只追加" }).innerText()).toContain(`此后只追加了 7 条记录，之前的记录没有被删除或改动`);
    await shot(page, "30-ledger-verified", true);

    // a forged checkpoint: the size changed, the signatures no longer match
    const forged = kept.replace(/^(.*)\n(\d+)\n/, (_m, origin: string, size: string) => `${origin}\n${Number(size) + 1}\n`);
    await page.getByLabel("检查点").fill(forged);
    await page.getByRole("button", { name: /验\s*证/ }).click();
    await page.getByText("验证未通过", { exact: true }).waitFor();
    expect(await page.locator(".ant-alert-error").innerText()).toMatch(/签名（.*）验证失败/);

    // with an unrelated key the note is not trusted at all
    await page.getByLabel("检查点").fill(kept);
    await page.getByLabel("公钥").fill("other.example/log+00000000+AQ==");
    await page.getByRole("button", { name: /验\s*证/ }).click();
    await page.getByText("验证未通过", { exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a phone, and is in the menu for logged-in users", async () => {
    const phone = await newPage(browser, PHONE);
    await phone.page.goto(`${server.url}/ledger`);
    await phone.page.getByText("签名验证通过").waitFor();
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    await shot(phone.page, "31-ledger-phone", true);
    await phone.context.close();

    const { context, page } = await newPage(browser);
    await login(page, server.url, "zhifa");
    await page.locator("nav[aria-label=主菜单]").getByText("账本验证").click();
    await page.getByText("签名验证通过").waitFor();
    await context.close();
  });
});
