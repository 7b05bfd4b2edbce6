import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { verifyBundleFile } from "../../server/src/modules/casefile/verify.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectMessage, horizontalOverflow, launchBrowser, login, newPage, PHONE, shot, startServer, type Server } from "./harness.ts";

// An officer uploads body-cam video to a case from a phone (R-REC-01, R-REC-03, R-REC-06):
// the browser hashes the file, uploads it resumably, the server checks the hash and records
// it in the ledger; the record shows its ledger leaf, and plays back.
let server: Server;
let browser: Browser;
/** A demo case 李执法 handles (the demo cases are generated deterministically). */
let caseRef = "";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function fakeMp4(size: number): Buffer {
  const b = crypto.randomBytes(size);
  b.write("\0\0\0\x20ftypisom", 0, "latin1");
  return b;
}

describe("evidence page", () => {
  it("uploads a video with its metadata from a phone, shows it in the ledger and plays it", async () => {
    const { context, page, errors } = await newPage(browser, PHONE);
    await login(page, server.url, "zhifa");
    const mine = await page.request.get(`${server.url}/api/cases?mine=true&status=open`);
    caseRef = ((await mine.json()) as { items: { number: string }[] }).items[0]!.number;
    await page.goto(`${server.url}/evidence`);
    await page.getByLabel("案号").fill(caseRef);
    await page.getByRole("button", { name: /查\s*询/ }).click();
    await page.getByText("该案还没有证据文件").waitFor();
    await page.getByRole("button", { name: "上传证据" }).click();

    // a file whose content is not accepted is refused before anything is sent
    await page.locator("input[type=file]").setInputFiles({ name: "notes.mp4", mimeType: "video/mp4", buffer: Buffer.from("this is not a video at all, whatever its name says".repeat(10)) });
    await page.getByText("无法识别的文件类型").waitFor();
    expect(await page.getByRole("button", { name: /开始上传/ }).isDisabled()).toBe(true);

    await page.locator("input[type=file]").setInputFiles({ name: "执法记录仪 0007.mp4", mimeType: "video/mp4", buffer: fakeMp4(3 * 1024 * 1024 + 17) });
    await page.getByLabel("采集地点").fill("示范市幸福路 8 号");
    await page.getByLabel("证明对象").fill("当事人现场销售过期食品");
    await page.getByLabel("采集设备").fill("DSJ-07");
    await shot(page, "40-evidence-upload-phone", true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: /开始上传/ }).click();
    await expectMessage(page, "已上传，文件校验值已记入账本");

    const row = page.locator("tr", { hasText: "执法记录仪 0007.mp4" });
    await row.waitFor();
    expect(await row.innerText()).toContain("当事人现场销售过期食品");
    // the leaf appears once the sequencer has integrated the entry
    for (let i = 0; i < 20 && !(await row.innerText()).includes("已入账"); i++) {
      await page.getByRole("button", { name: /查\s*询/ }).click();
      await page.waitForTimeout(200);
    }
    expect(await row.innerText()).toMatch(/已入账 #\d+/);
    await row.getByRole("button", { name: /查\s*看/ }).click();
    await page.locator("video").waitFor();
    await shot(page, "41-evidence-play-phone");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets the agency head export the case file, which verifies offline (R-REC-07)", async () => {
    const { context, page } = await newPage(browser);
    await login(page, server.url, "fuzeren");
    await page.goto(`${server.url}/evidence?caseRef=${encodeURIComponent(caseRef)}`);
    await page.getByRole("button", { name: /查\s*询/ }).click();
    await page.locator("tr", { hasText: "执法记录仪 0007.mp4" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /导出电子卷宗/ }).click()]);
    const file = path.join(os.tmpdir(), `e2e-${Date.now()}.zip`);
    await download.saveAs(file);
    const vkeys = server.app.ledger.options.signing.vkeys;
    const verdict = await verifyBundleFile(file, { vkeys });
    expect(verdict).toMatchObject({ ok: true, files: 1 });

    // anyone can check it in the browser on the public page, and a changed byte is named
    const pub = await newPage(browser);
    await pub.page.goto(`${server.url}/ledger`);
    await pub.page.getByText("签名验证通过").waitFor();
    await pub.page.locator("input[type=file]").setInputFiles(file);
    await pub.page.getByText("卷宗验证通过").waitFor();
    expect(await pub.page.locator(".ant-alert-success", { hasText: "卷宗验证通过" }).innerText()).toMatch(/\d+ 条记录、1 个证据文件全部核对无误/);
    await shot(pub.page, "42-casefile-verified", true);
    const zip = fs.readFileSync(file);
    const at = zip.indexOf(Buffer.from("ftypisom", "latin1"));
    zip[at + 5000]! ^= 0xff;
    const bad = file.replace(/\.zip$/, "-bad.zip");
    fs.writeFileSync(bad, zip);
    await pub.page.locator("input[type=file]").setInputFiles(bad);
    await pub.page.getByText("卷宗验证未通过").waitFor();
    expect(await pub.page.locator(".ant-alert-error").innerText()).toContain("证据文件内容与记录的校验值不符");
    expect(pub.errors).toEqual([]);
    await pub.context.close();
    fs.rmSync(file);
    fs.rmSync(bad);
    await context.close();
  });
});
