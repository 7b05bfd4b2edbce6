import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { addCalendarDays, todayInShanghai } from "@zhifa/domain";
import { DESKTOP, expectMessage, horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// Access to a case's records (R-REC-08, R-REC-09): a member of the public, without an account,
// asks to copy a case's records and keeps the query code shown once; the agency head approves
// for 5 days, narrowed to reading; the requester sees the decision and reads the records.
let server: Server;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const LAPTOP = { ...DESKTOP, viewport: { width: 1366, height: 768 } } as const;

/** A demo case's number, as a member of the public would read it on a decision. */
async function demoCaseNumber(): Promise<string> {
  const { context, page } = await newPage(browser);
  await login(page, server.url, "chengban");
  const res = await context.request.get(`${server.url}/api/cases?pageSize=1`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: { number: string }[] };
  await context.close();
  expect(body.items.length).toBe(1);
  return body.items[0]!.number;
}

describe("reading a case's records without an account", () => {
  it("request → the head's time-limited approval → the requester sees it and reads", async () => {
    const caseNumber = await demoCaseNumber();

    // ---- the requester, logged out, from the login page
    const pub = await newPage(browser);
    await pub.page.goto(`${server.url}/login`);
    await pub.page.getByRole("link", { name: "申请查阅案卷 / 查询结果" }).click();
    await pub.page.getByRole("tab", { name: "申请查阅/复制" }).waitFor();
    const p = pub.page;
    // every field has a label
    for (const label of ["案号", "姓名（名称）", "身份证件号码", "联系电话", "用途"]) await p.getByLabel(label, { exact: true }).waitFor();
    await p.getByRole("radiogroup", { name: "与案件的关系" }).waitFor();
    await p.getByRole("radiogroup", { name: "查阅或复制" }).waitFor();

    // empty form: the problems are shown at the fields
    await p.getByRole("button", { name: "提交申请" }).click();
    await p.getByText("请填写案号").waitFor();
    await p.getByText("请选择与案件的关系").waitFor();

    await p.getByLabel("案号", { exact: true }).fill("示市监罚〔1999〕99999号");
    await p.getByLabel("姓名（名称）").fill("赵公众");
    await p.getByLabel("身份证件号码").fill("110101199001011234");
    await p.getByLabel("联系电话").fill("13900001111");
    await p.getByRole("radio", { name: "社会公众" }).check();
    await p.getByLabel("用途", { exact: true }).fill("了解案件处理情况，准备提出意见");
    await p.getByRole("radio", { name: /^复制/ }).check();
    await p.getByRole("checkbox", { name: /包括音像等证据文件/ }).check();
    await p.getByRole("button", { name: "提交申请" }).click();
    // an unknown case number: said plainly, at the field and above the form
    await p.getByText("未找到该案号的案件。请按行政执法决定书").waitFor();
    await p.locator(".ant-form-item-explain-error", { hasText: "未找到该案号的案件" }).waitFor();
    await shot(p, "80-access-unknown-case", true);

    await p.getByLabel("案号", { exact: true }).fill(caseNumber);
    await p.getByRole("button", { name: "提交申请" }).click();
    const codeBox = p.getByTestId("access-code");
    await codeBox.waitFor();
    const code = (await codeBox.getAttribute("data-code"))!;
    expect(code).toMatch(/^[A-Z2-9]{16}$/);
    expect((await codeBox.innerText()).replace(/\s/g, "")).toBe(code);
    await p.getByText("查询码只显示这一次，请立即抄写或保存").waitFor();
    await p.getByRole("button", { name: "复制查询码" }).click();
    await p.locator(".ant-message-notice").first().waitFor();
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await shot(p, "81-access-code", true);

    // right away: still pending, reading is refused
    await p.getByRole("button", { name: "查询审批结果" }).click();
    await p.getByText("申请正在审批中").waitFor();
    expect(await p.getByTestId("access-status").innerText()).toContain(caseNumber);
    await p.getByRole("tab", { name: "查阅案卷" }).click();
    await p.getByRole("button", { name: /查\s*阅$/ }).click();
    await p.getByText("申请尚在审批中：经批准后才能查阅案卷").waitFor();
    expect(pub.errors).toEqual([]);
    await pub.context.close();

    // ---- 孙局长 approves for 5 days, reading only, without the files
    const head = await newPage(browser, LAPTOP);
    const h = head.page;
    await login(h, server.url, "fuzeren");
    await h.locator("nav[aria-label=主菜单]").getByText("查阅申请").click();
    const row = h.locator("tr", { hasText: "赵公众" });
    await row.waitFor();
    expect(await row.innerText()).toContain("110101199001011234");
    expect(await row.innerText()).toContain("社会公众");
    expect(await row.innerText()).toContain("了解案件处理情况");
    expect(await horizontalOverflow(h)).toBeLessThanOrEqual(0);
    await shot(h, "82-access-requests");
    await row.getByRole("button", { name: /审\s*批/ }).click();
    const dialog = h.getByRole("dialog", { name: "审批查阅、复制申请" });
    await dialog.waitFor();
    // refusing needs reasons
    await dialog.getByRole("radio", { name: "不予批准" }).check();
    await dialog.getByRole("button", { name: "不予批准" }).click();
    await dialog.getByText("不予批准的，应当说明理由").waitFor();
    await dialog.getByRole("radio", { name: "批准", exact: true }).check();
    await dialog.getByText("不予批准的，应当说明理由").waitFor({ state: "hidden" });
    await dialog.getByLabel("查阅期限（天）").fill("5");
    await dialog.getByRole("radio", { name: "仅查阅" }).check();
    await dialog.getByRole("checkbox", { name: "准许查阅音像等证据文件" }).uncheck();
    await dialog.getByLabel("审批意见").fill("同意查阅，不予复制");
    await shot(h, "83-access-decide");
    await dialog.getByRole("button", { name: /^批\s*准$/ }).click();
    const validTo = addCalendarDays(todayInShanghai(new Date()), 5);
    await expectMessage(h, `已批准，有效期至 ${validTo}`);
    await dialog.waitFor({ state: "hidden" });
    await h.getByRole("tab", { name: "已批准" }).click();
    const approved = h.locator("tr", { hasText: "赵公众" });
    await approved.waitFor();
    expect(await approved.innerText()).toContain(`至 ${validTo}`);
    await shot(h, "84-access-approved");

    // logged in, the public page opens inside the platform too
    await h.goto(`${server.url}/access`);
    await h.getByRole("tab", { name: "查询审批结果" }).waitFor();
    await h.getByLabel("案号", { exact: true }).waitFor();
    expect(await horizontalOverflow(h)).toBeLessThanOrEqual(0);
    await shot(h, "84b-access-logged-in");
    expect(head.errors).toEqual([]);
    await head.context.close();

    // ---- the requester, on a phone: the result, then the records
    const phone = await newPage(browser, PHONE);
    const m = phone.page;
    await m.goto(`${server.url}/access`);
    await m.getByLabel("案号", { exact: true }).waitFor();
    expect(await horizontalOverflow(m)).toBeLessThanOrEqual(0);
    await shot(m, "85a-access-form-phone", true);
    await m.getByRole("tab", { name: "查询审批结果" }).click();
    await m.getByLabel("查询码").fill("AAAA-BBBB-CCCC-DDDD");
    await m.getByRole("button", { name: /查\s*询$/ }).click();
    await m.getByText("查询码不正确").waitFor();
    // typed in lower case with spaces: tidied to the code
    await m.getByLabel("查询码").fill(code.toLowerCase().replace(/(.{4})/g, "$1 "));
    await m.getByRole("button", { name: /查\s*询$/ }).click();
    await m.getByText(`已批准，有效期至 ${validTo}`).waitFor();
    const status = await m.getByTestId("access-status").innerText();
    expect(status).toContain("同意查阅，不予复制");
    expect(status).toContain("查阅，不包括证据文件");
    expect(await horizontalOverflow(m)).toBeLessThanOrEqual(0);
    await shot(m, "85-access-status-phone", true);

    await m.getByRole("button", { name: "查阅案卷" }).click();
    const reading = m.getByTestId("access-reading");
    await reading.waitFor();
    const text = await reading.innerText();
    expect(text).toContain(caseNumber);
    expect(text).toContain("仅限查阅");
    expect(text).toMatch(/执法记录（[1-9]\d* 份）/);
    expect(text).toContain("证据文件（0 个）");
    // read-only: no copy offered
    expect(await m.getByRole("button", { name: /保存案卷文本/ }).count()).toBe(0);
    await m.getByText("查阅行为将被记录").waitFor();
    expect(await horizontalOverflow(m)).toBeLessThanOrEqual(0);
    await shot(m, "86-access-read-phone", true);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});
