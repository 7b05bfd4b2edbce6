import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { addCalendarDays, todayInShanghai } from "@zhifa/domain";
import { apiCall, expectMessage, horizontalOverflow, launchBrowser, login, newPage, PHONE as PHONE_VIEW, pick, pickDate, shot, startServer, type Server } from "./harness.ts";

// 公示审核 through the UI (R-PUB-03…R-PUB-08, R-PUB-12): the publicity reviewer opens a pushed
// decision beside its automatic redaction, is refused saving a public text that still holds the
// party's phone (the Chinese message on the field), fixes it, publishes — the public search finds
// it without any personal data — corrects it, and withdraws it after a ruling: the public detail
// answers 410. The agency head sees the overdue report.
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const LAPTOP = { viewport: { width: 1366, height: 768 }, locale: "zh-CN" } as const;
const today = todayInShanghai(new Date());
/** A person party: a valid 公民身份号码 (GB 11643 check character), a mobile phone, a home address. */
const NAME = "张伟明";
const ID_NO = "11010519491231002X";
const PHONE = "13912345678";
const ADDRESS = "示范市东城区幸福路8号3栋502室";
const NUMBER = "示市监罚〔2026〕公示E2E号";

/** R-PUB-09: a decision pushed by another case system, as the agency's publicity reviewer (Idempotency-Key). */
async function push(page: Page, key: string, body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const me = (await (await page.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string };
  const res = await page.request.post(`${server.url}/api/publicity/decisions`, { headers: { "x-csrf-token": me.csrfToken, "idempotency-key": key }, data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; status: string };
}

describe("publication of a decision (R-PUB-03…R-PUB-08)", () => {
  it("redaction beside the original, a refused save, publication, public search, correction, withdrawal", { timeout: 180_000 }, async () => {
    const reviewer = await newPage(browser, LAPTOP);
    const p = reviewer.page;
    await login(p, server.url, "gongshi");

    const pushed = await push(p, "e2e-publicity-0001", {
      actionType: "penalty",
      documentNumber: NUMBER,
      decisionDate: today,
      title: "销售未经检验的电动自行车",
      party: { type: "person", name: NAME, idNo: ID_NO, phone: PHONE, address: ADDRESS },
      facts: `经查，当事人${NAME}于2026年3月在其经营的门店销售未经检验的电动自行车5辆，违法所得1500元。`,
      conclusion: "没收违法所得人民币1500.00元，罚款人民币5000.00元",
      basis: "《中华人民共和国产品质量法》第四十九条",
      fullText: `示范市市场监督管理局\n行政处罚决定书\n${NUMBER}\n当事人：${NAME}\n公民身份号码：${ID_NO}\n住址：${ADDRESS}\n联系电话：${PHONE}\n经查，当事人销售未经检验的电动自行车5辆。依据《中华人民共和国产品质量法》第四十九条，决定没收违法所得人民币1500.00元，罚款人民币5000.00元。`,
    });
    expect(pushed.status).toBe("draft");
    // and one decided 30 days ago, still unpublished: overdue (R-PUB-12)
    const old = await push(p, "e2e-publicity-0002", {
      actionType: "permit",
      documentNumber: "示市监许〔2026〕公示E2E旧号",
      decisionDate: addCalendarDays(today, -30),
      title: "食品经营许可",
      party: { type: "org", name: "示范市福满楼餐饮管理有限公司", idNo: "91990100MA0000002Y" },
      conclusion: "准予许可",
      basis: "《中华人民共和国行政许可法》第三十八条",
    });

    // the home page's card counts the drafts; its 已超期 link opens the queue filtered on that light
    await p.goto(`${server.url}/`);
    const todo = p.getByTestId("publicity-todo");
    await expect.poll(() => todo.innerText()).toMatch(/待审核\s*\d+[\s\S]*已超期\s*1/);
    await todo.getByText("已超期").click();
    await p.locator(`a[href="/publicity/${old.id}"]`).waitFor();
    await expect.poll(() => p.locator("a[data-publication]").count()).toBe(1);

    // the queue: the draft with its deadline light; the strip counts the overdue one
    await p.goto(`${server.url}/publicity`);
    const link = p.locator(`a[data-publication="${NUMBER}"]`);
    await link.waitFor();
    const row = p.locator("tr", { has: link });
    expect(await row.locator("[data-light]").getAttribute("data-light")).toBe("normal");
    expect(await row.innerText()).toContain("行政处罚");
    const oldRow = p.locator("tr", { has: p.locator(`a[href="/publicity/${old.id}"]`) });
    expect(await oldRow.locator("[data-light]").getAttribute("data-light")).toBe("overdue");
    await expect.poll(async () => Number(await p.getByTestId("stat-overdue").locator(".ant-statistic-content-value").innerText())).toBeGreaterThanOrEqual(1);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await shot(p, "90-publicity-queue");

    // side by side: every hit highlighted in the original, the public text redacted
    await link.click();
    const compare = p.getByTestId("publication-compare");
    await compare.waitFor();
    const full = p.getByTestId("original-fullText");
    expect(await full.locator('mark[data-kind="id_number"]').first().innerText()).toBe(ID_NO);
    expect(await full.locator('mark[data-kind="phone"]').first().innerText()).toBe(PHONE);
    expect(await full.locator('mark[data-kind="person_name"]').first().innerText()).toBe(NAME);
    expect(await p.getByTestId("original-partyName").locator("mark").count()).toBe(1);
    const maskedName = await p.locator("#redacted_partyName").inputValue();
    expect(maskedName).not.toBe(NAME);
    expect(maskedName.startsWith("张")).toBe(true);
    const redactedFull = await p.locator("#redacted_fullText").inputValue();
    for (const secret of [ID_NO, PHONE, NAME]) expect(redactedFull).not.toContain(secret);
    expect(await p.getByTestId("deadline-panel").innerText()).toMatch(/应公示期限[\s\S]*\d{4}-\d{2}-\d{2}[\s\S]*7 个工作日内公示/);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await p.mouse.move(0, 0);
    await shot(p, "91-publication-side-by-side");
    await shot(p, "92-publication-side-by-side-full", true);

    // a public text with the party's phone in it is refused: the message on the field
    const facts = p.locator("#redacted_facts");
    const cleanFacts = await facts.inputValue();
    await facts.fill(`${cleanFacts}联系电话${PHONE}。`);
    await compare.getByRole("button", { name: "保存公示文本" }).click();
    const factsError = p.locator('[data-field="facts"] .ant-form-item-explain-error');
    await factsError.waitFor();
    expect(await factsError.innerText()).toMatch(/“主要事实”第 \d+ 个字起仍含有未处理的(电话号码|当事人个人信息)/);
    await shot(p, "93-publication-refused");

    // fixed: saved
    await facts.fill(`${cleanFacts}（经核实）`);
    await compare.getByRole("button", { name: "保存公示文本" }).click();
    await expectMessage(p, "公示文本已保存");
    await factsError.waitFor({ state: "detached" });

    // publish, after the confirmation
    await p.getByRole("button", { name: "审核通过并公示" }).click();
    const confirm = p.locator(".ant-modal-confirm").filter({ visible: true });
    await confirm.getByRole("button", { name: "确认公示" }).click();
    await expectMessage(p, "已审核公示");
    await p.locator('[data-status="published"]').first().waitFor();
    const proof = p.getByTestId("publication-proof");
    expect(await proof.innerText()).toMatch(/第 1 版[\s\S]*[0-9a-f]{64}[\s\S]*#\d+/);
    expect(await proof.getByTestId("public-link").getAttribute("href")).toBe(`/portal/decisions/${pushed.id}`);

    // the public search (no login) finds it, with no personal data
    const found = await fetch(`${server.url}/api/public/decisions?q=${encodeURIComponent("电动自行车")}`);
    expect(found.status).toBe(200);
    const foundText = await found.text();
    const items = (JSON.parse(foundText) as { items: { id: string; documentNumber: string; conclusion: string }[] }).items;
    expect(items.map((i) => i.id)).toContain(pushed.id);
    for (const secret of [ID_NO, PHONE, NAME, ADDRESS]) expect(foundText).not.toContain(secret);

    // the agency corrects it on its own: a second version (R-PUB-08)
    await p.getByRole("button", { name: /更\s*正/ }).first().click();
    const dialog = p.locator(".ant-modal").filter({ visible: true });
    await dialog.locator("#conclusion").fill("没收违法所得人民币1500.00元；罚款人民币5000.00元");
    await dialog.locator("#note").fill("更正处理结果的标点");
    await dialog.getByRole("button", { name: "发布更正版本" }).click();
    await expectMessage(p, "已发布更正版本");
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => p.getByTestId("publication-versions").innerText()).toMatch(/第 2 版[\s\S]*更正[\s\S]*第 1 版[\s\S]*首次公示/);
    expect(await p.getByTestId("redacted-conclusion").innerText()).toBe("没收违法所得人民币1500.00元；罚款人民币5000.00元");
    await shot(p, "94-publication-published", true);

    // someone asks for a correction (no login); the reviewer accepts it: a third version (R-PUB-08)
    const asked = await fetch(`${server.url}/api/public/decisions/${pushed.id}/corrections`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ problem: "依据的条款不完整", requested: "请写明第四十九条", evidence: "决定书复印件", contactName: "赵先生", contact: "0999-5550100" }),
    });
    expect(asked.status, await asked.clone().text()).toBe(201);
    const { due } = (await asked.json()) as { due: string };
    await p.reload();
    const requests = p.getByTestId("publication-corrections");
    await requests.getByText("待处理", { exact: true }).waitFor();
    expect(await requests.innerText()).toContain(due);
    await requests.getByRole("button", { name: "予以更正" }).click();
    await dialog.locator("#basis").fill("《中华人民共和国产品质量法》第四十九条（依据已核对）");
    await dialog.locator("#note").fill("补充依据");
    await dialog.getByRole("button", { name: "予以更正并发布新版本" }).click();
    await expectMessage(p, "已予以更正，新版本已公示");
    await dialog.waitFor({ state: "hidden" });
    await requests.getByText("已更正", { exact: true }).waitFor();
    await expect.poll(() => p.getByTestId("publication-versions").innerText()).toMatch(/^[\s\S]*第 3 版[\s\S]*第 2 版/);

    // withdrawn after a ruling (R-PUB-07): the deadline shows, the public detail answers 410
    await p.getByRole("button", { name: /撤\s*回/ }).first().click();
    await pick(p, "rulingKind", "撤销");
    await pickDate(p, "rulingDate", today);
    await dialog.locator("#note").fill("经行政复议决定撤销");
    await dialog.getByRole("button", { name: /撤\s*回/ }).click();
    await expectMessage(p, "已撤回");
    await p.locator('[data-status="withdrawn"]').first().waitFor();
    const detail = await apiCall<{ withdrawalDeadline: string; withdrawalLate: boolean }>(p, server.url, "GET", `/api/publicity/${pushed.id}`);
    expect(detail.withdrawalDeadline > today).toBe(true);
    expect(detail.withdrawalLate).toBe(false);
    const deadline = p.getByTestId("withdrawal-deadline");
    expect(await deadline.innerText()).toContain(`撤回期限 ${detail.withdrawalDeadline}（2 个工作日内）`);
    expect(await p.getByTestId("withdrawal-late").innerText()).toBe("按期撤回");
    const gone = await fetch(`${server.url}/api/public/decisions/${pushed.id}`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { message: string } }).error.message).toContain("撤回");
    await p.evaluate(() => window.scrollTo(0, 0));
    await shot(p, "95-publication-withdrawn");

    // the head: the accountability report lists the overdue draft (R-PUB-12)
    const head = await newPage(browser, LAPTOP);
    await login(head.page, server.url, "fuzeren");
    await head.page.goto(`${server.url}/publicity?tab=overdue`);
    const report = head.page.getByTestId("overdue-report");
    await report.locator(`a[href="/publicity/${old.id}"]`).waitFor();
    expect(await horizontalOverflow(head.page)).toBeLessThanOrEqual(0);
    await shot(head.page, "96-publicity-overdue");

    // on a phone the reviewer's draft page stacks the original above the public text, no sideways scroll
    const phone = await newPage(browser, PHONE_VIEW);
    await login(phone.page, server.url, "gongshi");
    await phone.page.goto(`${server.url}/publicity/${old.id}`);
    await phone.page.getByTestId("publication-compare").waitFor();
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    await shot(phone.page, "97-publication-phone", true);

    expect([...reviewer.errors, ...head.errors, ...phone.errors]).toEqual([]);
  });
});
