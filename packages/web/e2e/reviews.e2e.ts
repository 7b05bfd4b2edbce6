import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { apiCall, DESKTOP, expectMessage, horizontalOverflow, launchBrowser, login, newPage, PHONE, pickDate, shot, startServer, type Server } from "./harness.ts";

// 重大执法决定法制审核 (R-REV-01…10) through the UI: the officer submits a major case, the legal
// reviewer returns it as incomplete, the officer completes it, the reviewer accepts and gives a
// 纠正 opinion, the officer changes the decision draft and submits again, the reviewer agrees,
// and the agency head makes the decision (the case moves past 决定).
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A laptop screen: the queue and the review page must fit without sideways scrolling. */
const LAPTOP = { ...DESKTOP, viewport: { width: 1366, height: 768 } } as const;

/** JSON API call with the page's session. */
const call = <T>(page: Page, method: string, path: string, data?: unknown): Promise<T> => apiCall<T>(page, server.url, method, path, data);

/**
 * A general-procedure penalty case of 示范市市场监督管理局 brought to its decision stage by the
 * unit lead (王承办, with 李执法 on the team), with a fine of 8 万元 drafted: major under the
 * demo catalog. The legal reviewer never touches it.
 */
async function caseAtDecision(lead: Page): Promise<{ id: string; number: string }> {
  const me = await call<{ agency: { id: string } }>(lead, "GET", "/api/auth/me");
  const officers = await call<{ items: { id: string; username: string | null }[] }>(lead, "GET", `/api/lists/officers?agencyId=${me.agency.id}&pageSize=200`);
  const officerIds = ["chengban", "zhifa"].map((u) => officers.items.find((o) => o.username === u)?.id);
  expect(officerIds.every(Boolean)).toBe(true);
  const c = await call<{ id: string; number: string }>(lead, "POST", "/api/cases", {
    workflowKey: "penalty.general",
    title: "销售超过保质期的食品",
    source: "complaint",
    party: { type: "org", name: "示范市惠民食品商行有限公司", idNo: "91990100MA0000077K", address: "示范市中山路 18 号" },
    officerIds,
  });
  const rec = (kind: string, body: string) => call(lead, "POST", `/api/cases/${c.id}/records`, { kind, body });
  const advance = (next?: string) => call(lead, "POST", `/api/cases/${c.id}/advance`, next ? { next } : {});
  await rec("filing_approval", "经核查投诉线索，当事人涉嫌销售超过保质期的食品，拟立案调查。");
  await advance();
  await rec("inquiry", "询问笔录：当事人负责人承认货架上的 120 件酸奶已超过保质期，仍在销售。");
  await rec("case_report", "当事人于 2026 年 3 月起销售超过保质期的酸奶 120 件，货值金额 8000 元，违法所得 2600 元。调查终结，违法事实清楚，证据确凿。");
  await advance();
  await rec("penalty_notice", "行政处罚事先告知书已送达，当事人未要求听证，未提出陈述申辩。");
  await advance("review");
  await advance();
  await call(lead, "PUT", `/api/cases/${c.id}/decision`, { measures: ["罚款", "没收违法所得"], amountFen: 8_000_000, tierId: null, discretionReason: "货值金额较大，按从重阶次裁量", outsideTierReason: null, majorFlags: [] });
  await rec("penalty_decision", "行政处罚决定书（待法制审核后签发）。");
  return c;
}

/** Opens a round from the queue's tab by its case number. */
async function openFromQueue(page: Page, tab: RegExp, number: string): Promise<void> {
  await page.goto(`${server.url}/reviews`);
  await page.getByRole("tab", { name: tab }).click();
  const link = page.locator(`[data-review="${number}"]`);
  await link.waitFor();
  await link.click();
  await page.getByTestId("review-case-number").waitFor();
}

/** Clicks the drawer's submit button and waits for the drawer to close. */
async function submitDrawer(page: Page, button: string, done: string): Promise<void> {
  const drawer = page.locator(".ant-drawer-content-wrapper").filter({ visible: true });
  await drawer.getByRole("button", { name: new RegExp(button) }).click();
  await expectMessage(page, done);
  await drawer.waitFor({ state: "detached" });
}

/** Picks a canned phrase (by the start of its text) into the opinion. */
async function phrase(page: Page, start: string): Promise<void> {
  await page.locator(".ant-form-item:has(#phrase) .ant-select").click();
  await page.locator(`.ant-select-dropdown .ant-select-item-option[title^="${start}"]`).click();
  await expect.poll(() => page.locator("#opinion").inputValue()).toContain(start);
}

describe("legal review of a major decision (R-REV)", () => {
  it("submit, return, complete, accept and correct, resubmit, agree, and the head decides", { timeout: 360_000 }, async () => {
    const [officer, lead, reviewer, head, phone] = await Promise.all([newPage(browser), newPage(browser), newPage(browser, LAPTOP), newPage(browser), newPage(browser, PHONE)]);
    await Promise.all([login(officer.page, server.url, "zhifa"), login(lead.page, server.url, "chengban"), login(reviewer.page, server.url, "fazhi"), login(head.page, server.url, "fuzeren"), login(phone.page, server.url, "zhifa")]);
    const c = await caseAtDecision(lead.page);
    const o = officer.page;
    const rv = reviewer.page;
    const section = o.getByTestId("review-section");

    // 1. the officer sees why the decision is major and submits it (R-REV-01, R-REV-03)
    await o.goto(`${server.url}/cases/${c.id}`);
    await section.getByTestId("review-because").waitFor();
    expect(await section.innerText()).toContain("较大数额罚款");
    // the head cannot decide yet: the refusal names the review
    expect(await o.getByTestId("refusals").innerText()).toContain("法制审核");
    await section.getByRole("button", { name: "提交法制审核" }).click();
    await o.locator("#facts").waitFor();
    expect(await o.locator("#facts").inputValue()).toContain("超过保质期的酸奶");
    expect(await o.locator("#draftDecision").inputValue()).toContain("行政处罚决定书（代拟稿）");
    await o.locator("#lawApplied").fill("《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项");
    await shot(o, "70-case-review-submit");
    await submitDrawer(o, "提交法制审核", "已提交法制审核（第 1 轮）");
    await section.locator('[data-round="1"] [data-state="pending"]').waitFor();

    // 2. the reviewer's queue: the round waits for acceptance; returned as incomplete (R-REV-04)
    await rv.goto(`${server.url}/reviews`);
    await rv.locator(`[data-review="${c.number}"]`).waitFor();
    await rv.getByTestId("review-stats").locator(".ant-statistic").first().waitFor();
    await shot(rv, "71-review-queue");
    expect(await horizontalOverflow(rv)).toBeLessThanOrEqual(0);
    await openFromQueue(rv, /待受理/, c.number);
    await rv.getByRole("button", { name: "退回补充" }).click();
    const back = rv.getByRole("dialog", { name: "材料不齐全，退回补充" });
    await back.locator("#reason").fill("缺少货值认定的证据材料（进货票据、销售记录），请补充。");
    const completeBy = new Date(Date.now() + 7 * 86400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    await pickDate(rv, "completeBy", completeBy);
    await back.getByRole("button", { name: /退\s*回/ }).click();
    await expectMessage(rv, "已退回承办机构补充材料");
    await rv.locator('[data-state="returned"]').first().waitFor();

    // 3. the officer sees the reason and the date, and completes the submission
    await o.reload();
    const returned = o.getByTestId("review-returned");
    await returned.waitFor();
    expect(await returned.innerText()).toContain("缺少货值认定的证据材料");
    expect(await returned.innerText()).toContain(completeBy);
    // the same section on a phone
    const p = phone.page;
    await p.goto(`${server.url}/cases/${c.id}`);
    await p.getByTestId("review-returned").waitFor();
    await p.getByTestId("review-section").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await shot(p, "75-case-review-phone");
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await section.getByRole("button", { name: "补充材料" }).click();
    await o.locator("#otherMaterials").waitFor();
    await o.locator("#otherMaterials").fill("补充：进货票据 3 张、销售记录 1 份，证明货值金额 8000 元。");
    await o.locator("#note").fill("已补充货值认定证据");
    await submitDrawer(o, "提交补充材料", "已补充材料并重新提交");

    // 4. the reviewer accepts, reads the materials, answers the ten points and corrects (R-REV-05, R-REV-06)
    await rv.reload();
    await rv.getByRole("button", { name: /^受\s*理$/ }).click();
    const accept = rv.getByRole("dialog", { name: "受理法制审核" });
    await accept.locator(".ant-select", { hasText: "赵法制（本人）" }).waitFor();
    await shot(rv, "76-review-accept-dialog");
    await accept.getByRole("button", { name: /^受\s*理$/ }).click();
    await expectMessage(rv, "已受理");
    await rv.getByRole("button", { name: "查阅案卷材料" }).click();
    await rv.getByTestId("review-materials").locator('[data-material="case_report"]').waitFor();
    expect(await rv.getByTestId("review-submission").innerText()).toContain("进货票据 3 张");
    const discretion = rv.locator('[data-check="discretion"]');
    await discretion.getByText("存在问题").click();
    await rv.getByLabel("裁量基准运用适当说明").fill("当事人系初次违法且主动配合调查，按从重阶次裁量偏重");
    await rv.getByRole("button", { name: "其余合格" }).click();
    await rv.getByRole("button", { name: "保存草稿" }).click();
    await expectMessage(rv, "审核要点已保存");
    const form = rv.getByTestId("opinion-form");
    await form.getByText("纠正", { exact: true }).click();
    await phrase(rv, "经审核，该案存在下列问题");
    await rv.locator("#correction").fill("裁量偏重：请按从轻阶次重新确定罚款数额，并补充说明裁量理由。");
    await shot(rv, "72-review-checklist", true);
    expect(await horizontalOverflow(rv)).toBeLessThanOrEqual(0);
    await form.getByRole("button", { name: "出具审核意见" }).click();
    await rv.getByRole("button", { name: "确定出具" }).click();
    // the opinion generates its 意见书 (DOCX and PDF) in the request: slow when two browser files share 2 cores
    await expectMessage(rv, "审核意见已出具", 60_000);
    await rv.getByTestId("opinion-card").waitFor();
    expect(await rv.getByTestId("opinion-preview").innerText()).toContain("纠正意见：裁量偏重");

    // 5. the officer sees the correction, changes the decision draft and submits again
    await o.reload();
    const corrected = o.getByTestId("review-corrected");
    await corrected.waitFor();
    expect(await corrected.innerText()).toContain("请按从轻阶次重新确定罚款数额");
    await o.getByRole("button", { name: "拟决定内容" }).click();
    const decision = o.getByRole("dialog", { name: "拟决定内容" });
    await decision.locator("#amount").fill("60000");
    await decision.locator("#discretionReason").fill("当事人系初次违法，主动配合调查，按从轻阶次裁量");
    await decision.getByRole("button", { name: /保\s*存/ }).click();
    await expectMessage(o, "拟决定内容已保存");
    await decision.waitFor({ state: "hidden" });
    await section.getByRole("button", { name: "提交法制审核" }).click();
    await o.locator("#draftDecision").waitFor();
    await expect.poll(() => o.locator("#draftDecision").inputValue()).toContain("罚款人民币60000.00元");
    await o.locator("#lawApplied").fill("《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项");
    await submitDrawer(o, "提交法制审核", "已提交法制审核（第 2 轮）");

    // 6. the reviewer accepts the new round and agrees; the opinion document can be downloaded (R-REV-10)
    await openFromQueue(rv, /待受理/, c.number);
    expect(await rv.locator("body").innerText()).toContain("第 2 轮");
    await rv.getByRole("button", { name: /^受\s*理$/ }).click();
    await rv.getByRole("dialog", { name: "受理法制审核" }).getByRole("button", { name: /^受\s*理$/ }).click();
    await expectMessage(rv, "已受理");
    await rv.getByRole("button", { name: "其余合格" }).click();
    await rv.getByTestId("opinion-form").getByText("同意", { exact: true }).click();
    await phrase(rv, "经审核，该案执法主体合法");
    await rv.getByRole("button", { name: "出具审核意见" }).click();
    await rv.getByRole("button", { name: "确定出具" }).click();
    // the opinion generates its 意见书 (DOCX and PDF) in the request: slow when two browser files share 2 cores
    await expectMessage(rv, "审核意见已出具", 60_000);
    const [docx] = await Promise.all([rv.waitForEvent("download"), rv.getByRole("button", { name: /下载意见书/ }).click()]);
    expect(docx.suggestedFilename()).toMatch(/^法制审核意见书-.*-第2轮\.docx$/);
    await shot(rv, "73-review-agreed", true);
    expect(await rv.getByTestId("review-events").innerText()).toContain("出具审核意见：同意");

    // 7. the gate is open: the head makes the decision and the case moves on (R-REV-02)
    await o.reload();
    await section.locator('[data-round="2"] [data-state="agreed"]').waitFor();
    expect(await section.innerText()).toContain("法制审核已通过");
    await section.scrollIntoViewIfNeeded();
    await shot(o, "74-case-review-passed");
    const h = head.page;
    await h.goto(`${server.url}/cases/${c.id}`);
    await h.getByRole("button", { name: /进入“送达”/ }).click();
    await expectMessage(h, "已办结本环节");
    await h.getByText("当前环节：送达").waitFor();

    for (const x of [officer, lead, reviewer, head, phone]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });

  it("the unit contests a 纠正 opinion; the head finds it waiting and decides for the unit (R-REV-08)", async () => {
    const [officer, lead, reviewer, head] = await Promise.all([newPage(browser), newPage(browser), newPage(browser), newPage(browser, LAPTOP)]);
    await Promise.all([login(officer.page, server.url, "zhifa"), login(lead.page, server.url, "chengban"), login(reviewer.page, server.url, "fazhi"), login(head.page, server.url, "fuzeren")]);
    const c = await caseAtDecision(lead.page);
    // setup (the first test went through these screens): submitted, accepted, corrected
    const info = await call<{ draft: Record<string, unknown> }>(officer.page, "GET", `/api/cases/${c.id}/review`);
    const round = await call<{ id: string }>(officer.page, "POST", `/api/cases/${c.id}/reviews`, { ...info.draft, lawApplied: "《中华人民共和国食品安全法》第一百二十四条" });
    await call(reviewer.page, "POST", `/api/reviews/${round.id}/accept`, {});
    const checklist = ["subject", "qualification", "competence", "facts", "evidence", "law", "discretion", "procedure", "documents", "crime"].map((key) => ({ key, result: key === "discretion" ? "problem" : "ok", note: key === "discretion" ? "裁量偏重" : "" }));
    await call(reviewer.page, "POST", `/api/reviews/${round.id}/opinion`, { outcome: "corrected", checklist, opinion: "经审核，裁量偏重。", correction: "请按从轻阶次重新裁量。" });

    // the officer contests the opinion from the case page
    const o = officer.page;
    await o.goto(`${server.url}/cases/${c.id}`);
    await o.getByTestId("review-corrected").waitFor();
    await o.getByTestId("review-section").getByRole("button", { name: "提出异议" }).click();
    const dispute = o.getByRole("dialog", { name: "对审核意见提出异议" });
    await dispute.locator("#reason").fill("货值金额已达从重情节标准，原裁量并无不当，请负责人决定。");
    await dispute.getByRole("button", { name: /提\s*交/ }).click();
    await expectMessage(o, "已提出异议，待机关负责人决定");

    // the head's queue opens on what waits for the head
    const h = head.page;
    await h.goto(`${server.url}/reviews`);
    await h.locator(`[data-review="${c.number}"]`).waitFor();
    expect(await h.getByRole("tab", { selected: true }).innerText()).toContain("待负责人处理");
    await h.getByTestId("review-workload").waitFor();
    await shot(h, "77-review-head-queue");
    expect(await horizontalOverflow(h)).toBeLessThanOrEqual(0);
    await h.locator(`[data-review="${c.number}"]`).click();
    await h.getByRole("button", { name: "负责人决定" }).click();
    const resolve = h.getByRole("dialog", { name: "机关负责人决定分歧" });
    await resolve.getByText("采纳承办机构意见").click();
    await resolve.locator("#reason").fill("货值金额较大，按从重阶次裁量适当，采纳承办机构意见。");
    await resolve.getByRole("button", { name: "作出决定" }).click();
    await expectMessage(h, "已作出决定");
    await h.locator('[data-state="overruled"]').first().waitFor();
    await shot(h, "78-review-head-decided", true);

    // and makes the decision
    await h.getByTestId("review-case-number").click();
    await h.getByRole("button", { name: /进入“送达”/ }).click();
    await expectMessage(h, "已办结本环节");
    await h.getByText("当前环节：送达").waitFor();
    for (const x of [officer, lead, reviewer, head]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });
});
