import { afterAll, describe, expect, it } from "vitest";
import { eq, getTableColumns } from "drizzle-orm";
import { addCalendarDays, todayInShanghai } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildAgency, buildOfficer, buildUnit, buildUser, loginAs, powerItemContent, type TestAgency } from "../../../test/factories.ts";
import { buildApp } from "../../app.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { agencies } from "../agencies/tables.ts";
import { officers } from "../lists/defs/officers.ts";
import { majorCatalogRules } from "../lists/defs/major-catalog.ts";
import { randomInspectionItems } from "../lists/defs/random-inspection.ts";
import { serviceGuides } from "../lists/defs/service-guides.ts";
import { qrSvg } from "./qr.ts";
import { PORTAL_CSS_VERSION } from "./layout.ts";
import { PUBLIC_LISTS } from "./pages/lists.ts";
import { listRowsAsOf } from "../lists/history.ts";
import { agenciesAsOf } from "./data.ts";

/**
 * The public portal's pages, 事前 and 事中 (R-PUB-01, R-PUB-02): no login, Chinese, plain HTML
 * without scripts, public fields only, the certificate's standing today, the QR code's URL.
 */
const PUBLIC_URL = "https://gs.example.gov.cn";
const { app, database, config } = await setupTestApp({ PUBLIC_URL: `${PUBLIC_URL}/` });
const db = database.db;
const anon = anonymous(app);
const today = todayInShanghai(new Date());

async function page(url: string, status = 200) {
  const res = await anon.get(url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 400)}`).toBe(status);
  if (!url.endsWith(".svg") && !url.endsWith(".css")) {
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    // pure HTML: works with JavaScript disabled
    expect(res.body).not.toMatch(/<script/i);
  }
  return res;
}

/** The text of `<main>` without tags (what a reader sees), for content assertions. */
const mainText = (body: string) =>
  (body.split('<main id="main"')[1] ?? "")
    .split("</main>")[0]!
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

async function cancelItem(admin: Awaited<ReturnType<typeof loginAs>>, agency: TestAgency, code: string, effectiveDate: string) {
  const res = await admin.post("/api/powers/changes", { kind: "cancel", agencyId: agency.id, effectiveDate, itemCodes: [code], reason: "法律修订取消", documentNo: "示政发〔2023〕9号" });
  expect(res.statusCode, res.body).toBe(201);
}
async function addItem(admin: Awaited<ReturnType<typeof loginAs>>, agency: TestAgency, code: string, effectiveDate: string, name: string) {
  const res = await admin.post("/api/powers/changes", { kind: "add", agencyId: agency.id, effectiveDate, reason: "依法新增", documentNo: "示政发〔2019〕1号", item: powerItemContent(code, { name }) });
  expect(res.statusCode, res.body).toBe(201);
}

describe("public portal pages (R-PUB-01)", () => {
  it("every page answers without login, in Chinese, as plain HTML with the shared layout (R-PUB-01)", async () => {
    const agency = await buildAgency(db, { name: "示范县交通运输局" });
    await buildUnit(db, agency, "legal");
    const officer = await buildOfficer(db, agency, { name: "陈公开" });
    const home = await page("/portal");
    expect(home.headers["cache-control"]).toBe("public, max-age=60");
    for (const text of ["行政执法公示平台", "核验执法人员", "姓名或执法证号", "权责清单", "执法决定", "账本验证", "跳到主要内容"]) expect(home.body).toContain(text);
    // landmarks, skip link first, one h1
    expect(home.body.indexOf('class="skip-link" href="#main"')).toBeLessThan(home.body.indexOf("<header"));
    expect(home.body).toContain('<nav class="site-nav" aria-label="主导航">');
    expect(home.body).toContain('<main id="main"');
    expect(home.body).toContain("<footer");
    expect(home.body.match(/<h1/g)).toHaveLength(1);
    for (const link of ["/portal/agencies", "/portal/officers", "/portal/powers", "/portal/decisions", "/ledger", "/portal/flowcharts", ...Object.keys(PUBLIC_LISTS).map((k) => `/portal/lists/${k}`)])
      expect(home.body).toContain(`href="${link}"`);
    expect(home.body).toContain('aria-current="page">首页</a>');

    expect((await page("/portal/")).body).toContain("核验执法人员");
    expect(mainText((await page("/portal/agencies")).body)).toContain("示范县交通运输局");
    const agencyPage = mainText((await page(`/portal/agencies/${agency.id}`)).body);
    for (const text of ["示范县交通运输局", "基本信息", "市级", "执法人员（共 1 名）", "陈公开", officer.certNumber, "法制机构", "权责事项"]) expect(agencyPage).toContain(text);
    const search = mainText((await page(`/portal/officers?q=${encodeURIComponent("陈公开")}`)).body);
    expect(search).toContain("陈公开");
    expect(search).toContain(officer.certNumber);
    expect(search).toContain("示范县交通运输局");
    expect(mainText((await page(`/portal/officers?q=${officer.certNumber.slice(2, 9)}`)).body)).toContain("陈公开");
    expect(mainText((await page(`/portal/officers?agencyId=${agency.id}`)).body)).toContain("共 1 条");
    expect(mainText((await page(`/portal/officers/${officer.certNumber}`)).body)).toContain("执法证件核验");
    expect(mainText((await page(`/portal/officers/${officer.certNumber}/badge`)).body)).toContain("扫码核验执法证件");
    expect(mainText((await page("/portal/powers")).body)).toContain("执法事项");
    expect(mainText((await page("/portal/flowcharts")).body)).toContain("行政处罚（一般程序）");
    const flow = await page("/portal/flowcharts/penalty.general");
    expect(flow.body).toContain("<svg");
    expect(flow.body).not.toContain("<?xml");
    expect(mainText(flow.body)).toContain("调查取证");
    expect(mainText(flow.body)).toContain("不少于 2 名具备执法资格的执法人员");
    expect(mainText((await page("/portal/lists")).body)).toContain("行政执法服务指南");
    for (const [kind, spec] of Object.entries(PUBLIC_LISTS)) {
      const res = await page(`/portal/lists/${kind}`);
      expect(mainText(res.body)).toContain(spec.def.label);
      expect(mainText(res.body)).toContain("现行版本");
    }
  });

  it("serves the stylesheet as a file with a long cache, linked by its content hash", async () => {
    const css = await anon.get("/portal/assets/portal.css");
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.headers["cache-control"]).toContain("max-age=31536000");
    expect(css.body).toContain(".skip-link");
    expect((await page("/portal")).body).toContain(`href="/portal/assets/portal.css?v=${PORTAL_CSS_VERSION}"`);
  });

  it("keeps the HTML pages out of the OpenAPI document", async () => {
    const doc = (await anon.get("/api/openapi.json")).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/portal"))).toEqual([]);
  });

  it("shows the ledger's latest checkpoint on the home page (R-REC-10)", async () => {
    await app.ledger.record({ kind: "test.portal", actor: "system:test", data: { n: 1 } });
    await app.ledger.integrate();
    const cp = (await app.ledger.latestCheckpoint())!;
    expect(cp).not.toBeNull();
    const text = mainText((await page("/portal")).body);
    expect(text).toContain(`记录条数 ${cp.size}`);
    expect(text).toContain(Buffer.from(cp.root).toString("hex"));
    expect(text).toContain("验证账本和电子卷宗");
  });

  it("escapes every value: an agency and an officer named <script> show as text (R-PUB-01)", async () => {
    const evil = "<script>alert(1)</script>";
    const agency = await buildAgency(db, { name: `${evil}执法局` });
    const officer = await buildOfficer(db, agency, { name: evil });
    const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for (const url of [
      "/portal/agencies",
      `/portal/agencies/${agency.id}`,
      `/portal/officers?q=${encodeURIComponent(evil)}`,
      `/portal/officers?agencyId=${agency.id}`,
      `/portal/officers/${officer.certNumber}`,
      `/portal/officers/${officer.certNumber}/badge`,
    ]) {
      const res = await page(url);
      expect(res.body, url).toContain(escaped);
      expect(res.body, url).not.toContain(evil);
    }
    // the search box keeps the words typed, escaped inside the attribute
    expect((await page(`/portal/officers?q=${encodeURIComponent('"><b>x')}`)).body).toContain('value="&quot;&gt;&lt;b&gt;x"');
  });

  it("never shows an officer's personal data or any non-public column: login account, gender, ID number, phone … (R-LIST-02, R-PUB-05)", async () => {
    const agency = await buildAgency(db, { name: "隐私测试局" });
    const user = await buildUser(db, agency, ["officer"]);
    const officer = await buildOfficer(db, agency, { name: "林保密", user });
    // every text column of the officers table that the portal does not publish gets a marker:
    // a column added later (身份证号, 手机号 …) is covered without changing this test
    const published = new Set(["name", "unitName", "post", "certNumber", "certStatus", "issuer"]);
    const markers: Record<string, string> = {};
    for (const [key, column] of Object.entries(getTableColumns(officers))) {
      if (published.has(key) || column.columnType !== "PgText") continue;
      markers[key] = `SECRET${key.toUpperCase()}${Math.random().toString(36).slice(2, 8)}`;
    }
    expect(Object.keys(markers)).toEqual(expect.arrayContaining(["gender", "username"]));
    await mutate(db, systemContext("test", "test.officer.private"), (tx) => tx.update(officers).set(markers as never).where(eq(officers.certNumber, officer.certNumber)));
    const pages = [
      `/portal/officers?q=${encodeURIComponent("林保密")}`,
      `/portal/officers?q=${officer.certNumber}`,
      `/portal/officers?agencyId=${agency.id}`,
      `/portal/agencies/${agency.id}`,
      `/portal/officers/${officer.certNumber}`,
      `/portal/officers/${officer.certNumber}/badge`,
    ];
    for (const url of pages) {
      const res = await page(url);
      expect(res.body, url).toContain("林保密");
      for (const [key, marker] of Object.entries(markers)) expect(res.body, `${url} shows ${key}`).not.toContain(marker);
      expect(res.body, url).not.toContain(user.username);
      expect(res.body).not.toMatch(/性别|身份证|手机号/);
    }
  });
});

describe("officer verification (R-PUB-02)", () => {
  const status = (body: string) => /<p class="status-word" id="status-word">(?:<span[^>]*>[^<]*<\/span>)?([^<]+)<\/p>/.exec(body)?.[1];

  it("states 有效 / 已过期 / 已吊销 / 已暂扣 / 已注销 as of today in Beijing, with the certificate's public facts", async () => {
    const agency = await buildAgency(db, { name: "核验测试局" });
    await mutate(db, systemContext("test", "test.agency.phone"), (tx) => tx.update(agencies).set({ phone: "0999-12312312" }).where(eq(agencies.id, agency.id)));
    const valid = await buildOfficer(db, agency, { name: "张有效", categories: ["penalty", "inspection"] });
    const lastDay = await buildOfficer(db, agency, { name: "王今天", validTo: today });
    const expired = await buildOfficer(db, agency, { name: "李过期", validTo: addCalendarDays(today, -1) });
    const revoked = await buildOfficer(db, agency, { name: "赵吊销", certStatus: "revoked" });
    const suspended = await buildOfficer(db, agency, { name: "钱暂扣", certStatus: "suspended" });
    const left = await buildOfficer(db, agency, { name: "孙离岗" });
    await mutate(db, systemContext("test", "test.officer.inactive"), (tx) => tx.update(officers).set({ active: false }).where(eq(officers.certNumber, left.certNumber)));

    const v = await page(`/portal/officers/${valid.certNumber}`);
    expect(status(v.body)).toBe("有效");
    expect(v.body).toContain("tone-valid");
    const text = mainText(v.body);
    for (const part of ["张有效", valid.certNumber, "核验测试局", "行政处罚、行政检查", `张有效的执法证件 · ${today}`, "有效期至", "如何投诉", "0999-12312312", "12345 政务服务便民热线", "执法主体的公示信息"]) expect(text).toContain(part);
    expect(v.body).toContain(`href="/portal/agencies/${agency.id}"`);
    expect(v.body).toContain('href="tel:12345"');

    expect(status((await page(`/portal/officers/${lastDay.certNumber}`)).body)).toBe("有效");
    const e = await page(`/portal/officers/${expired.certNumber}`);
    expect(status(e.body)).toBe("已过期");
    expect(mainText(e.body)).toContain(`已于 ${addCalendarDays(today, -1)} 到期`);
    expect(status((await page(`/portal/officers/${revoked.certNumber}`)).body)).toBe("已吊销");
    expect(status((await page(`/portal/officers/${suspended.certNumber}`)).body)).toBe("已暂扣");
    expect(status((await page(`/portal/officers/${left.certNumber}`)).body)).toBe("已注销");
    for (const o of [expired, revoked, suspended, left]) expect(mainText((await page(`/portal/officers/${o.certNumber}`)).body)).toContain("不得");

    // the list shows the same standing
    const list = mainText((await page(`/portal/officers?agencyId=${agency.id}`)).body);
    for (const [name, word] of [["张有效", "有效"], ["李过期", "已过期"], ["赵吊销", "已吊销"]]) expect(list).toMatch(new RegExp(`${name} [✓!✕] ${word}`));
  });

  it("an unknown certificate → 404 未找到该执法证件 with a search box", async () => {
    for (const cert of ["99NOSUCHCERT", "坏证号", "a".repeat(60)]) {
      const res = await page(`/portal/officers/${encodeURIComponent(cert)}`, 404);
      expect(res.body).toContain("未找到该执法证件");
      expect(status(res.body)).toBe("不存在");
      expect(res.body).toContain('<form class="filters" method="get" action="/portal/officers"');
      expect(res.body).toContain('<label for="q">姓名或执法证号</label>');
    }
    expect((await anon.get("/portal/officers/99NOSUCHCERT/qr.svg")).statusCode).toBe(404);
    expect((await anon.get("/portal/officers/99NOSUCHCERT/badge")).statusCode).toBe(404);
  });

  it("the QR code encodes PUBLIC_URL + the verification path; the page and the badge link to it", async () => {
    const agency = await buildAgency(db);
    const officer = await buildOfficer(db, agency, { name: "周扫码" });
    const path = `/portal/officers/${officer.certNumber}`;
    const res = await anon.get(`${path}/qr.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.body).toBe(await qrSvg(`${PUBLIC_URL}${path}`));
    expect(res.body).not.toBe(await qrSvg(`http://localhost${path}`));
    expect((await page(path)).body).toContain(`src="${path}/qr.svg"`);
    expect((await page(path)).body).toContain(`href="${path}/badge"`);
    const badge = await page(`${path}/badge`);
    expect(badge.body).toContain(`data-url="${PUBLIC_URL}${path}"`);
    expect(badge.body).toContain(`src="${path}/qr.svg"`);
    expect(badge.body).toContain('class="print-badge"');
  });

  it("without PUBLIC_URL the QR code carries the request's own host", async () => {
    const other = await buildApp({ config: { ...config, PUBLIC_URL: undefined }, db });
    await other.ready();
    afterAll(() => other.close());
    const officer = await buildOfficer(db, await buildAgency(db));
    const path = `/portal/officers/${officer.certNumber}`;
    const res = await other.inject({ method: "GET", url: `${path}/qr.svg`, headers: { host: "zhifa.test:8080" } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(await qrSvg(`http://zhifa.test:8080${path}`));
  });
});

describe("power list as of a date, the other lists, bad input (R-PUB-01, R-LIST-03)", () => {
  it("?date= shows the list as it stood: an item removed later is there on the earlier date only", async () => {
    const agency = await buildAgency(db, { name: "日期测试局" });
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    await addItem(admin, agency, "RQ-001", "2020-01-01", "对无证经营的行政处罚");
    await addItem(admin, agency, "RQ-002", "2020-01-01", "对超范围经营的行政处罚");
    await cancelItem(admin, agency, "RQ-001", "2023-06-01");

    const now = mainText((await page(`/portal/powers?agencyId=${agency.id}`)).body);
    expect(now).toContain("对超范围经营的行政处罚");
    expect(now).not.toContain("对无证经营的行政处罚");
    expect(now).toContain("现行版本");
    expect(now).toContain("2023-06-01 取消");
    expect(now).toContain("示政发〔2023〕9号");

    const before = await page(`/portal/powers?agencyId=${agency.id}&date=2022-01-01`);
    const then = mainText(before.body);
    expect(then).toContain("对无证经营的行政处罚");
    expect(then).toContain("对超范围经营的行政处罚");
    expect(then).toContain("2022-01-01 当日有效的事项（历史版本）");
    expect(then).toContain("至 2023-05-31 止");
    expect(then).toContain("《中华人民共和国食品安全法》第一百二十四条");
    expect(then).not.toContain("2023-06-01 取消"); // a change after the date is not yet in the log
    expect(before.body).toContain('value="2022-01-01"');
    expect(before.body).toContain('href="/portal/flowcharts/penalty.general"');

    expect(mainText((await page(`/portal/powers?agencyId=${agency.id}&date=2019-12-31`)).body)).toContain("该日期没有符合条件的事项");
    expect(mainText((await page(`/portal/powers?agencyId=${agency.id}&q=${encodeURIComponent("超范围")}`)).body)).toContain("共 1 条");
  });

  it("the other lists: current version said, public fields with labels, agency filter, only catalog entries in force", async () => {
    const agency = await buildAgency(db, { name: "清单测试局" });
    await mutate(db, systemContext("test", "test.lists"), async (tx) => {
      await tx.insert(randomInspectionItems).values({ agencyId: agency.id, code: "CC-01", matter: "食品经营许可事项抽查", basis: "《食品安全法》第一百一十条", targetType: "enterprise", ratioPercent: 5, method: "onsite", frequency: "每年一次" });
      await tx.insert(majorCatalogRules).values([
        { agencyId: agency.id, name: "较大数额罚款目录测试", minAmount: 50000, actionTypes: ["penalty"] },
        { agencyId: agency.id, name: "已停用目录测试", active: false },
      ]);
    });
    const ri = mainText((await page(`/portal/lists/random-inspection?agencyId=${agency.id}`)).body);
    for (const t of ["食品经营许可事项抽查", "企业", "5%", "现场检查", "每年一次", "清单测试局", "现行版本", "共 1 条"]) expect(ri).toContain(t);
    const mc = mainText((await page(`/portal/lists/major-catalog?agencyId=${agency.id}`)).body);
    expect(mc).toContain("较大数额罚款目录测试");
    expect(mc).toContain("50,000");
    expect(mc).toContain("行政处罚");
    expect(mc).not.toContain("已停用目录测试");
    // as it stood on a day: rebuilt from the audit trail; nothing of this agency existed in 2020
    const dated = mainText((await page(`/portal/lists/random-inspection?agencyId=${agency.id}&date=2020-01-01`)).body);
    expect(dated).toContain("以下为 2020-01-01 当日 （北京时间当日结束时）的清单，由清单的修改记录还原（历史版本）");
    expect(dated).toContain("没有符合条件的记录");
    const todays = mainText((await page(`/portal/lists/random-inspection?agencyId=${agency.id}&date=${today}`)).body);
    for (const t of ["食品经营许可事项抽查", "5%", "现场检查", "共 1 条"]) expect(todays).toContain(t);
    expect(mainText((await page(`/portal/lists/random-inspection?agencyId=${agency.id}&q=${encodeURIComponent("不存在的事项")}`)).body)).toContain("没有符合条件的记录");
  });

  it("the 岗位信息公示牌: duties, the matters with their materials, where to follow them, how to complain, a QR code to the agency (R-PUB-02)", async () => {
    const agency = await buildAgency(db, { name: "公示牌测试局" });
    await mutate(db, systemContext("test", "test.lists"), (tx) =>
      tx.insert(serviceGuides).values({
        agencyId: agency.id, matterName: "食品经营许可（新办）", basis: "《食品安全法》第三十五条", acceptingBody: "政务服务中心窗口", decidingBody: "公示牌测试局",
        conditions: "有与经营的食品品种相适应的场所", materials: "申请书；营业执照复印件；场所平面图", process: "申请—受理—审查—决定", timeLimit: "10个工作日", fees: "不收费",
        supervision: "12345", remedy: "行政复议或行政诉讼", officeHours: "工作日 9:00-17:00", address: "示范市政务服务中心", phone: "0990-12345678",
      }),
    );
    await buildOfficer(db, agency, { name: "孙公示" });
    const res = await page(`/portal/agencies/${agency.id}/board`);
    const text = mainText(res.body);
    for (const t of ["公示牌测试局 岗位信息公示牌", "岗位职责", "公示的执法人员 1 名", "食品经营许可（新办）", "（办理时限：10个工作日）", "所需材料：申请书；营业执照复印件；场所平面图", "进度与结果查询", "投诉举报渠道", "12345"]) expect(text).toContain(t);
    expect(res.body).toContain(`<img src="/portal/agencies/${agency.id}/qr.svg"`);
    expect(res.body).toContain(`${PUBLIC_URL}/portal/agencies/${agency.id}`);
    expect(res.body).toContain('class="print-board"');
    const qr = await anon.get(`/portal/agencies/${agency.id}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toBe(await qrSvg(`${PUBLIC_URL}/portal/agencies/${agency.id}`));
    expect(mainText((await page(`/portal/agencies/${agency.id}`)).body)).toContain("岗位信息公示牌（打印）");
    expect((await anon.get("/portal/agencies/00000000-0000-4000-8000-000000000000/board")).statusCode).toBe(404);
    expect((await anon.get("/portal/agencies/nope/qr.svg")).statusCode).toBe(404);
  });

  it("the officer list as it stood on a day: an officer appointed today is not on an earlier day's list, and his standing is computed on that day (R-PUB-01)", async () => {
    const agency = await buildAgency(db, { name: "历史名单测试局" });
    const o = await buildOfficer(db, agency, { name: "钱历史" });
    const now = mainText((await page(`/portal/officers?agencyId=${agency.id}&date=${today}`)).body);
    expect(now).toContain(`以下为 ${today} 当日 （北京时间当日结束时）的执法人员名单`);
    expect(now).toContain("钱历史");
    expect(now).toContain(o.certNumber);
    expect(now).toContain(`证件状态按 ${today}（北京时间）计算`);
    const earlier = mainText((await page(`/portal/officers?agencyId=${agency.id}&date=2020-01-01`)).body);
    expect(earlier).not.toContain("钱历史");
    expect(earlier).toContain("没有找到符合条件的执法人员");
    // the current list still shows him, and the date is checked like every date
    expect(mainText((await page(`/portal/officers?agencyId=${agency.id}`)).body)).toContain("钱历史");
    expect((await anon.get("/portal/officers?date=2024-02-30")).statusCode).toBe(400);
    // the last representable day is a day like any other (its end is not 10000-01-01)
    for (const path of ["/portal/powers?date=9999-12-31", "/portal/officers?date=9999-12-31", "/portal/lists/service-guides?date=9999-12-31", "/portal/lists/major-catalog?date=0001-01-01"]) expect((await anon.get(path)).statusCode, path).toBe(200);
  });

  it("the agencies as they stood: before a renaming the old name, before its creation nothing (R-PUB-01)", async () => {
    const before = new Date();
    const agency = await buildAgency(db, { name: "改名前测试局" });
    const between = new Date();
    await mutate(db, systemContext("test", "agency.update"), (tx) => tx.update(agencies).set({ name: "改名后测试局", phone: "0990-7654321" }).where(eq(agencies.id, agency.id)));
    const [current] = await db.select().from(agencies).where(eq(agencies.id, agency.id));
    const names = async (at: Date) => (await agenciesAsOf(db, at)).filter((a) => a.id === agency.id).map((a) => [a.name, a.phone, a.level, a.regionCode, a.actionTypes]);
    expect(await names(before)).toEqual([]);
    expect(await names(between)).toEqual([["改名前测试局", "", agency.level, agency.regionCode, current!.actionTypes]]);
    expect(await names(new Date())).toEqual([["改名后测试局", "0990-7654321", agency.level, agency.regionCode, current!.actionTypes]]);
    // the page: today's tree has the new name, with the date kept in the form; 2020 had none of it
    const todays = await page(`/portal/agencies?date=${today}`);
    expect(mainText(todays.body)).toContain(`以下为 ${today} 当日 （北京时间当日结束时）的执法主体`);
    expect(mainText(todays.body)).toContain("改名后测试局");
    expect(todays.body).toContain(`value="${today}"`);
    expect(mainText((await page("/portal/agencies?date=2020-01-01")).body)).not.toContain("改名后测试局");
    expect(mainText((await page("/portal/agencies")).body)).toContain("改名后测试局");
    expect((await anon.get("/portal/agencies?date=2024-02-30")).statusCode).toBe(400);
  });

  it("a list as it stood at an instant: the row before its change, a deleted row before its deletion, nothing before its creation (R-PUB-01)", async () => {
    const agency = await buildAgency(db, { name: "历史清单测试局" });
    const names = new Map([[agency.id, { name: agency.name, path: agency.path }]]);
    const tick = () => new Promise((r) => setTimeout(r, 30));
    const at = async () => {
      await tick();
      const t = new Date();
      await tick();
      return t;
    };
    const before = await at();
    const [a, b] = await mutate(db, systemContext("test", "test.lists"), (tx) =>
      tx
        .insert(randomInspectionItems)
        .values([
          { agencyId: agency.id, code: "HS-01", matter: "特种设备使用单位抽查", basis: "《特种设备安全法》第五十七条", targetType: "enterprise", ratioPercent: 3, method: "onsite", frequency: "每年一次" },
          { agencyId: agency.id, code: "HS-02", matter: "计量器具抽查", basis: "《计量法》", targetType: "enterprise", ratioPercent: 2, method: "onsite", frequency: "每年一次" },
        ])
        .returning({ id: randomInspectionItems.id }),
    );
    const created = await at();
    await mutate(db, systemContext("test", "test.lists"), async (tx) => {
      await tx.update(randomInspectionItems).set({ matter: "特种设备使用单位双随机抽查", ratioPercent: 6, version: 2 }).where(eq(randomInspectionItems.id, a!.id));
      await tx.delete(randomInspectionItems).where(eq(randomInspectionItems.id, b!.id));
    });
    const changed = await at();
    const q = { agencyId: agency.id, page: 1, pageSize: 20 };
    const def = PUBLIC_LISTS["random-inspection"]!.def;
    expect((await listRowsAsOf(db, def, before, q, names)).items).toEqual([]);
    const then = await listRowsAsOf(db, def, created, q, names);
    expect(then.items.map((r) => [r.code, r.matter, r.ratioPercent, r.agencyName])).toEqual([
      ["HS-01", "特种设备使用单位抽查", 3, "历史清单测试局"],
      ["HS-02", "计量器具抽查", 2, "历史清单测试局"],
    ]);
    expect(then.items[0]!.updatedAt).toBeInstanceOf(Date);
    const now = await listRowsAsOf(db, def, changed, q, names);
    expect(now.items.map((r) => [r.code, r.matter, r.ratioPercent])).toEqual([["HS-01", "特种设备使用单位双随机抽查", 6]]);
    // the keyword and the page, as the current list's
    expect((await listRowsAsOf(db, def, created, { ...q, q: "计量" }, names)).items.map((r) => r.code)).toEqual(["HS-02"]);
    expect(await listRowsAsOf(db, def, created, { ...q, page: 2, pageSize: 1 }, names)).toMatchObject({ total: 2, items: [{ code: "HS-02" }] });
    // a row moved to another agency later: on the old agency's list until the move, on the new one's after
    const other = await buildAgency(db, { name: "历史清单接收局" });
    names.set(other.id, { name: other.name, path: other.path });
    await mutate(db, systemContext("test", "test.lists"), (tx) => tx.update(randomInspectionItems).set({ agencyId: other.id, version: 3 }).where(eq(randomInspectionItems.id, a!.id)));
    const moved = await at();
    expect((await listRowsAsOf(db, def, changed, q, names)).items.map((r) => r.code)).toEqual(["HS-01"]);
    expect((await listRowsAsOf(db, def, moved, q, names)).items).toEqual([]);
    expect((await listRowsAsOf(db, def, moved, { ...q, agencyId: other.id }, names)).items.map((r) => [r.code, r.agencyName])).toEqual([["HS-01", "历史清单接收局"]]);
  });

  it("bad input → a Chinese error page with 400 or 404, never a 500", async () => {
    const bad: [string, number, string][] = [
      ["/portal/powers?date=2024-02-30", 400, "日期“2024-02-30”无效"],
      ["/portal/powers?date=yesterday", 400, "YYYY-MM-DD"],
      [`/portal/powers?date=${encodeURIComponent("<b>2024</b>")}`, 400, "日期“&lt;b&gt;2024&lt;/b&gt;”无效"],
      ["/portal/powers?date=2024-01-01&date=2024-01-02", 400, "只能出现一次"],
      ["/portal/lists/service-guides?date=2024-13-01", 400, "日期"],
      ["/portal/officers?page=0", 400, "页码"],
      ["/portal/officers?page=abc", 400, "页码"],
      ["/portal/officers?agencyId=not-an-id", 400, "执法主体参数无效"],
      [`/portal/officers?q=${"字".repeat(51)}`, 400, "搜索词过长"],
      ["/portal/powers?agencyId=00000000-0000-4000-8000-000000000000", 404, "执法主体不存在"],
      ["/portal/agencies/not-a-uuid", 404, "执法主体不存在"],
      ["/portal/agencies/00000000-0000-4000-8000-000000000000", 404, "执法主体不存在"],
      ["/portal/lists/officers", 404, "清单不存在"],
      ["/portal/lists/legal-reviewers", 404, "清单不存在"],
      ["/portal/flowcharts/no.such", 404, "流程图不存在"],
      ["/portal/flowcharts/Bad%20Key", 404, "流程图不存在"],
      ["/portal/nothing/here", 404, "页面不存在"],
    ];
    for (const [url, code, text] of bad) {
      const res = await page(url, code);
      expect(res.body, url).toContain(text);
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });
});
