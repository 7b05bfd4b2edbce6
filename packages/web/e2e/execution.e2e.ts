import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { apiCall, expectMessage, horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// 执行 of a fine through the UI (行政处罚法 第六十六条、第六十七条): the unit lead asks for
// payment in instalments for the party, the agency head approves it on the case page, and the
// first instalment is recorded; an amount above what is owed is refused on the form's field.
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A simple-procedure case with a fine of 2 000 元, decided and served: in its execution stage. */
async function servedCase(lead: Page): Promise<{ id: string }> {
  const call = <T,>(method: string, path: string, data?: unknown) => apiCall<T>(lead, server.url, method, path, data);
  const me = await call<{ agency: { id: string } }>("GET", "/api/auth/me");
  const officers = await call<{ items: { id: string; username: string | null }[] }>("GET", `/api/lists/officers?agencyId=${me.agency.id}&pageSize=200`);
  const officerIds = ["chengban", "zhifa"].map((u) => officers.items.find((o) => o.username === u)?.id);
  expect(officerIds.every(Boolean)).toBe(true);
  const c = await call<{ id: string }>("POST", "/api/cases", { workflowKey: "penalty.simple", title: "占道经营", source: "inspection", party: { type: "org", name: "示范市便民超市有限公司" }, officerIds });
  await call("PUT", `/api/cases/${c.id}/decision`, { measures: ["罚款"], amountFen: 200_000, tierId: null, discretionReason: "初次违法，及时整改", outsideTierReason: null, majorFlags: [] });
  await call("POST", `/api/cases/${c.id}/records`, { kind: "simple_decision", body: "当场作出行政处罚决定书，罚款 2000 元。" });
  await call("POST", `/api/cases/${c.id}/advance`, {});
  await call("POST", `/api/cases/${c.id}/records`, { kind: "service_proof", body: "当场交付，当事人签收。" });
  const moved = await call<{ stage: string }>("POST", `/api/cases/${c.id}/advance`, {});
  expect(moved.stage).toBe("execution");
  return c;
}

describe("execution of a fine (行政处罚法 第六十六条、第六十七条)", () => {
  it("instalments requested, approved by the head, first instalment paid; an overpayment is refused on the field", { timeout: 180_000 }, async () => {
    const [lead, head] = await Promise.all([newPage(browser, PHONE), newPage(browser)]);
    await Promise.all([login(lead.page, server.url, "chengban"), login(head.page, server.url, "fuzeren")]);
    const c = await servedCase(lead.page);
    const p = lead.page;

    // the lead, on a phone: the card shows the fine, the period and nothing paid yet
    await p.goto(`${server.url}/cases/${c.id}`);
    const card = p.getByTestId("execution");
    await card.waitFor();
    expect(await card.innerText()).toMatch(/缴款期限内[\s\S]*2000\.00 元[\s\S]*已缴[\s\S]*0\.00 元/);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);

    // ask for two instalments: the dialog proposes two halves of what is owed
    await card.getByRole("button", { name: "申请分期缴纳" }).click();
    const dialog = p.locator(".ant-modal").filter({ visible: true });
    await dialog.locator("#reason").fill("当事人受疫情影响营业收入下降，一次缴纳确有困难。");
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expectMessage(p, "已记录");
    await card.getByText("待负责人批准").waitFor();
    // one request at a time
    expect(await card.getByRole("button", { name: "申请暂缓缴纳" }).count()).toBe(0);

    // the head approves on the case page
    const h = head.page;
    await h.goto(`${server.url}/cases/${c.id}`);
    const headCard = h.getByTestId("execution");
    await headCard.getByRole("button", { name: "批准", exact: true }).click();
    const confirm = h.locator(".ant-modal-confirm").filter({ visible: true });
    await confirm.getByLabel("审批意见").fill("同意分两期缴纳");
    await confirm.getByRole("button", { name: /^批\s*准$/ }).click();
    await headCard.getByText("已批准").waitFor();
    expect(await headCard.innerText()).toContain("审批意见：同意分两期缴纳");

    // the lead records the first instalment; first an amount above the fine
    await p.reload();
    await card.getByText("已批准").waitFor();
    await card.getByRole("button", { name: "记录缴款" }).click();
    await dialog.locator("#amount").fill("3000");
    await dialog.locator("#reference").fill("PJ2026-001");
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    const fieldError = dialog.locator(".ant-form-item-explain-error").first();
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toContain("缴款金额超过应缴金额");
    await dialog.locator("#amount").fill("1000");
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expectMessage(p, "已记录");
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => card.innerText()).toMatch(/已缴\s*1000\.00 元/);
    expect(await card.innerText()).toContain("PJ2026-001");
    await shot(p, "80-execution-phone", true);

    // the case's records hold the payment (a 缴款记录 in the case chain)
    const detail = await apiCall<{ records: { kind: string }[] }>(p, server.url, "GET", `/api/cases/${c.id}`);
    expect(detail.records.some((r) => r.kind === "payment_record")).toBe(true);
    expect([...lead.errors, ...head.errors]).toEqual([]);
  });
});
