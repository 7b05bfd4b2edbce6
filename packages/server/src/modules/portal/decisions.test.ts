import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { addCalendarDays, todayInShanghai, type Role } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, type TestUser } from "../../../test/factories.ts";
import { buildPublicityUnit, decidedPenalty as decidedPenaltyCase, ok, type PublicityUnit } from "../../../test/publicity.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import type { Actor } from "../../core/policy.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { publicationCorrections, publications } from "../publicity/tables.ts";
import { decideCorrection, getPublication, payloadSha256, publicPayload, searchPublished } from "../publicity/service.ts";
import { pager } from "./components.ts";
import { CSV_HEADER, csvCell, decisionsCsv, xmlEscape } from "./feeds.ts";
import { readCorrection, sameOrigin } from "./pages/decisions.ts";

/**
 * The portal's 事后 pages and feeds (R-PUB-03, R-PUB-04, R-PUB-07, R-PUB-08, R-PUB-11): the search
 * of published decisions, a decision with its full text, versions and its hash checked against
 * the ledger, correction requests without JavaScript, and the JSON / CSV / RSS / Atom feeds —
 * published, redacted fields only, and never a withdrawn decision.
 */
const PUBLIC_URL = "https://gs.example.gov.cn";
const { app, database } = await setupTestApp({ PUBLIC_URL });
const db = database.db;
const anon = anonymous(app);
const today = todayInShanghai(new Date());

/** A person party: valid ID number (checksum), a mobile phone and a home address — none may reach the public. */
const PERSON = { type: "person", name: "张三丰", idNo: "110101198003071239", phone: "13912345678", address: "示范市东城区幸福路8号3栋502室" };
const ORG = { type: "org", name: "示范市鲜果超市有限公司", idNo: "91990100MA0000001X" };

type Unit = PublicityUnit;
const buildEnforcementUnit = (name?: string) => buildPublicityUnit(app, db, { name });
const decidedPenalty = (u: Unit, party: Record<string, unknown>, title: string) => decidedPenaltyCase(u, party, title, { addressInFacts: true });

/** The published decision of a case (published by the unit's publicity reviewer). */
async function publishedCase(u: Unit, party: Record<string, unknown>, title: string): Promise<string> {
  const caseId = await decidedPenalty(u, party, title);
  const [row] = await db.select({ id: publications.id }).from(publications).where(eq(publications.caseId, caseId));
  await ok(u.c.reviewer.post(`/api/publicity/${row!.id}/publish`, {}));
  return row!.id;
}

/** A decision pushed by another system (R-PUB-09) and published. */
async function publishedPush(u: Unit, over: Record<string, unknown> = {}): Promise<string> {
  const body = {
    actionType: "penalty",
    documentNumber: `外推〔2026〕${crypto.randomInt(10000, 99999)}号`,
    decisionDate: today,
    title: "虚假宣传",
    party: { type: "org", name: "示范市星光电子商务有限公司" },
    conclusion: "罚款人民币20000.00元",
    basis: "《中华人民共和国反不正当竞争法》第二十条",
    ...over,
  };
  const res = await u.c.reviewer.request({ method: "POST", url: "/api/publicity/decisions", payload: body, headers: { "idempotency-key": `k-${crypto.randomUUID()}` } });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { id: string }).id;
  await ok(u.c.reviewer.post(`/api/publicity/${id}/publish`, {}));
  return id;
}

async function page(url: string, status = 200) {
  const res = await anon.get(url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 400)}`).toBe(status);
  expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(res.body).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
  // pure HTML: works with JavaScript disabled
  expect(res.body).not.toMatch(/<script/i);
  return res;
}

/** Markup as text (what a reader sees). */
const textOf = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");
/** The text of `<main>`. */
const mainText = (body: string) => textOf((body.split('<main id="main"')[1] ?? "").split("</main>")[0]!);

/** Links to decision pages in a body, in order. */
const decisionIds = (body: string) => [...body.matchAll(/<h3><a href="\/portal\/decisions\/([0-9a-f-]{36})">/g)].map((m) => m[1]!);

const ENTITY_OR_NOT = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/**
 * A small XML well-formedness check: declaration, one root, tags nested and closed, attribute
 * values quoted without `<`, no `&` that is not an entity, no stray `<` in text.
 */
function expectWellFormedXml(xml: string): string[] {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf("?>") + 2);
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  const names: string[] = [];
  let roots = 0;
  let i = 0;
  for (;;) {
    const lt = body.indexOf("<", i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    if (ENTITY_OR_NOT.test(text)) throw new Error(`unescaped & in text: ${text.slice(0, 80)}`);
    if (stack.length === 0 && text.trim() !== "") throw new Error(`text outside the root element: ${text.slice(0, 80)}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed markup: ${body.slice(lt, lt + 80)}`);
    const [, close, name, attrs, selfClose] = m;
    if (ENTITY_OR_NOT.test(attrs!)) throw new Error(`unescaped & in attributes of <${name}>`);
    if (close) {
      if (attrs || selfClose) throw new Error(`bad end tag </${name}>`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      if (stack.length === 0) roots++;
      names.push(name!);
      if (!selfClose) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  expect(stack, "unclosed elements").toEqual([]);
  expect(roots).toBe(1);
  return names;
}

/** A correction form's POST, urlencoded as a browser sends it. */
function postForm(id: string, fields: Record<string, string>, headers: Record<string, string>, remoteAddress = "10.0.0.1") {
  return app.inject({
    method: "POST",
    url: `/portal/decisions/${id}/correction`,
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    remoteAddress,
  });
}
const SAME_SITE = { host: "gs.example.gov.cn", origin: "https://gs.example.gov.cn" };
const GOOD_FORM = { problem: "罚款金额写错了", requested: "应为罚款人民币4000元", evidence: "行政处罚决定书原件照片", contactName: "赵先生", contact: "13055556666" };

const actorOf = (u: TestUser, roles: Role[] = u.roles): Actor => ({ id: u.id, username: u.username, displayName: `用户${u.username}`, roles, agencyId: u.agency.id, agencyPath: u.agency.path, atRoot: false });

describe("the search of published decisions (R-PUB-03)", () => {
  it("a Chinese keyword (jieba) finds the decision; agency, type (code or Chinese label) and date filters; each result shows the public fields", async () => {
    const u = await buildEnforcementUnit("检索测试市场监督管理局");
    const other = await buildEnforcementUnit();
    const food = await publishedCase(u, ORG, "销售过期食品");
    const ads = await publishedPush(u, { title: "发布虚假违法广告", party: { type: "org", name: "示范市星光广告有限公司" } });
    const permit = await publishedPush(u, { actionType: "permit", title: "食品经营许可", conclusion: "准予许可", basis: "《中华人民共和国行政许可法》第三十八条", decisionDate: addCalendarDays(today, -10) });
    const old = await publishedPush(u, { title: "销售过期食品", decisionDate: addCalendarDays(today, -40), documentNumber: "示市监罚〔2026〕旧1号" });
    const elsewhere = await publishedPush(other, { title: "销售过期食品" });
    // a draft is not public
    const draftCase = await decidedPenalty(u, { type: "org", name: "示范市草稿商店有限公司" }, "销售过期食品");
    const [draft] = await db.select({ id: publications.id }).from(publications).where(eq(publications.caseId, draftCase));

    const q = (s: string) => encodeURIComponent(s);
    // 过期食品 is cut into 过期 + 食品: it finds 销售过期食品 in every agency, not the draft
    const everywhere = decisionIds((await page(`/portal/decisions?q=${q("过期食品")}`)).body);
    expect(everywhere).toEqual(expect.arrayContaining([food, old, elsewhere]));
    expect(everywhere).not.toContain(draft!.id);
    expect(everywhere).not.toContain(ads);
    expect(decisionIds((await page(`/portal/decisions?q=${q("过期食品")}&agencyId=${u.agency.id}`)).body).sort()).toEqual([food, old].sort());
    expect(decisionIds((await page(`/portal/decisions?q=${q("虚假广告")}&agencyId=${u.agency.id}`)).body)).toEqual([ads]);
    expect(decisionIds((await page(`/portal/decisions?agencyId=${u.agency.id}&actionType=permit`)).body)).toEqual([permit]);
    expect(decisionIds((await page(`/portal/decisions?agencyId=${u.agency.id}&actionType=${q("行政许可")}`)).body)).toEqual([permit]);
    expect(decisionIds((await page(`/portal/decisions?agencyId=${u.agency.id}&from=${addCalendarDays(today, -50)}&to=${addCalendarDays(today, -30)}`)).body)).toEqual([old]);
    expect(decisionIds((await page(`/portal/decisions?agencyId=${u.agency.id}&from=${addCalendarDays(today, -15)}&to=${addCalendarDays(today, -5)}`)).body)).toEqual([permit]);
    // newest decision first
    const all = decisionIds((await page(`/portal/decisions?agencyId=${u.agency.id}`)).body);
    expect(all).toHaveLength(4);
    expect(all.slice(2)).toEqual([permit, old]);

    // each result: agency, party, type, conclusion, basis, decision date, document number
    const res = await page(`/portal/decisions?q=${q("过期食品")}&agencyId=${u.agency.id}`);
    const card = textOf(res.body.split(`href="/portal/decisions/${food}"`)[1]!.split("</article>")[0]!);
    const p = (await getPublication(db, food))!;
    for (const text of ["执法主体 检索测试市场监督管理局", `当事人 ${ORG.name}`, "执法类别 行政处罚", "处理结果 警告；罚款人民币5000.00元", "依据 《中华人民共和国食品安全法》第一百二十四条", `决定日期 ${today}`, `文书号 ${p.documentNumber}`]) expect(card).toContain(text);
    expect(res.body).toContain('aria-current="page">执法决定</a>');
    // the form keeps what was asked
    expect(res.body).toContain(`value="过期食品"`);
    expect(res.body).toMatch(new RegExp(`<option value="${u.agency.id}" selected>`));

    // no result: said in Chinese
    const none = mainText((await page(`/portal/decisions?q=${q("不存在的违法行为")}&agencyId=${u.agency.id}`)).body);
    expect(none).toContain("没有找到符合条件的执法决定");
  });

  it("pages 20 results at a time, newest first, with the filters kept in the pager's links", async () => {
    const u = await buildEnforcementUnit();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push(await publishedPush(u, { title: `未按规定明码标价第${i}起`, decisionDate: addCalendarDays(today, -i) }));
    const first = await page(`/portal/decisions?agencyId=${u.agency.id}&q=${encodeURIComponent("明码标价")}`);
    expect(decisionIds(first.body)).toEqual(ids.slice(0, 20));
    expect(mainText(first.body)).toContain("第 1 / 2 页，共 23 条");
    expect(first.body).toContain(`href="/portal/decisions?q=${encodeURIComponent("明码标价")}&amp;agencyId=${u.agency.id}&amp;page=2" rel="next"`);
    const second = await page(`/portal/decisions?agencyId=${u.agency.id}&q=${encodeURIComponent("明码标价")}&page=2`);
    expect(decisionIds(second.body)).toEqual(ids.slice(20));
    expect(mainText(second.body)).toContain("第 2 / 2 页，共 23 条");
    // the JSON feed pages the same way
    const json = await anon.get(`/portal/decisions.json?agencyId=${u.agency.id}&pageSize=10&page=3`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ total: 23, page: 3, pageSize: 10, pages: 3 });
    expect((json.json() as { items: { id: string }[] }).items.map((x) => x.id)).toEqual(ids.slice(20));
    expect(json.json()).toMatchObject({ totalIs: "exact", hasMore: false });
    // results beyond the page: the planner's estimate ("约"), next page by a look-ahead row
    const estimated = { cap: 10_000, countUpTo: 0 };
    const more = await searchPublished(db, { agencyId: u.agency.id, q: "明码标价", page: 1, pageSize: 15 }, estimated);
    expect(more).toMatchObject({ totalIs: "estimate", hasMore: true });
    expect(more.total).toBeGreaterThanOrEqual(16);
    expect(more.rows.map((r) => r.id)).toEqual(ids.slice(0, 15));
    expect(await searchPublished(db, { agencyId: u.agency.id, q: "明码标价", page: 2, pageSize: 15 }, estimated)).toMatchObject({ total: 23, totalIs: "exact", hasMore: false });
    // a small result is counted: exact, with a next page
    expect(await searchPublished(db, { agencyId: u.agency.id, q: "明码标价", page: 1, pageSize: 15 })).toMatchObject({ total: 23, totalIs: "exact", hasMore: true });
    // counted up to a limit: beyond it, "at least"
    expect(await searchPublished(db, { agencyId: u.agency.id, q: "明码标价", page: 1, pageSize: 15 }, { cap: 10_000, countUpTo: 19 })).toMatchObject({ total: 19, totalIs: "at_least", hasMore: true });
    expect(await searchPublished(db, { agencyId: u.agency.id, q: "明码标价", page: 1, pageSize: 15 }, { cap: 10_000, countUpTo: 23 })).toMatchObject({ total: 23, totalIs: "exact" });
    // paging stops at the cap (10 000 in production)
    const capped = await searchPublished(db, { agencyId: u.agency.id, page: 2, pageSize: 8 }, { cap: 20, countUpTo: 10_000 });
    expect(capped).toMatchObject({ totalIs: "exact", total: 23, hasMore: true });
    expect(capped.rows.map((r) => r.id)).toEqual(ids.slice(8, 16));
    const last = await searchPublished(db, { agencyId: u.agency.id, page: 3, pageSize: 8 }, { cap: 20, countUpTo: 10_000 });
    expect(last).toMatchObject({ hasMore: false });
    expect(last.rows.map((r) => r.id)).toEqual(ids.slice(16, 20));
    expect((await searchPublished(db, { agencyId: u.agency.id, page: 4, pageSize: 8 }, { cap: 20, countUpTo: 10_000 })).rows).toEqual([]);
    const nav = String(pager("/portal/decisions", { q: "罚款" }, 2, 20, 705_000, { hasMore: true, cap: 10_000 }));
    expect(textOf(nav)).toContain("第 2 页，约 705000 条；只能查看前 10000 条");
    expect(nav).toContain('rel="next"');
    expect(nav).not.toContain('rel="last"');
    expect(textOf(String(pager("/portal/decisions", {}, 1, 20, 1000, { hasMore: true, cap: 10_000, atLeast: true })))).toContain("第 1 页，超过 1000 条");
  });

  it("several words are looked for among the newest decisions first: the same pages as through the full-text index (R-PUB-03)", async () => {
    const u = await buildEnforcementUnit();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await publishedPush(u, { title: `违规储存危险化学品第${i}起`, decisionDate: addCalendarDays(today, -2 * i) }));
      await publishedPush(u, { title: `未按规定明码标价第${i}起`, decisionDate: addCalendarDays(today, -2 * i - 1) });
    }
    const search = (page: number, pageSize: number, window: number, countUpTo = 1000) =>
      searchPublished(db, { agencyId: u.agency.id, q: "危险化学品", page, pageSize }, { cap: 10_000, countUpTo, window });
    // a walk of 16 holds 8 matches: page 1 (and one more) is found there, page 2 needs 11 and goes to the index; the same rows as without the walk
    expect(await search(1, 5, 16)).toMatchObject({ total: 12, totalIs: "exact", hasMore: true });
    for (const page of [1, 2, 3]) {
      const walked = await search(page, 5, 16);
      expect(walked.rows.map((r) => r.id)).toEqual(ids.slice((page - 1) * 5, page * 5));
      expect(walked).toEqual(await search(page, 5, 0));
    }
    // beyond what is counted, the total is estimated from the share of matches in the walk: 6 found in 11 decisions
    const estimated = await search(1, 5, 16, 0);
    expect(estimated).toMatchObject({ totalIs: "estimate", hasMore: true });
    expect(estimated.rows.map((r) => r.id)).toEqual(ids.slice(0, 5));
    // a number among the words (a document number) goes to the index at once
    const [numbered] = await db.select({ n: publications.documentNumber }).from(publications).where(eq(publications.id, ids[3]!));
    const byNumber = await searchPublished(db, { agencyId: u.agency.id, q: numbered!.n.replace(/^.*〕/, ""), page: 1, pageSize: 5 }, { cap: 10_000, countUpTo: 1000, window: 100 });
    expect(byNumber.rows.map((r) => r.id)).toContain(ids[3]);
    // no match among the newest: the index finds the older ones
    const old = await publishedPush(u, { title: "违规储存危险化学品（旧案）", decisionDate: addCalendarDays(today, -400) });
    const oldOnly = await searchPublished(db, { agencyId: u.agency.id, q: "危险化学品 旧案", page: 1, pageSize: 5 }, { cap: 10_000, countUpTo: 1000, window: 4 });
    expect(oldOnly).toMatchObject({ total: 1, totalIs: "exact", hasMore: false });
    expect(oldOnly.rows.map((r) => r.id)).toEqual([old]);
  });

  it("bad input → a Chinese error page with 400 or 404, never a 500", async () => {
    const u = await buildEnforcementUnit();
    const draftCase = await decidedPenalty(u, ORG, "销售过期食品");
    const [draft] = await db.select({ id: publications.id }).from(publications).where(eq(publications.caseId, draftCase));
    const missing = "00000000-0000-4000-8000-000000000000";
    const bad: [string, number, string][] = [
      ["/portal/decisions?from=2024-02-30", 400, "日期“2024-02-30”无效"],
      ["/portal/decisions?to=yesterday", 400, "YYYY-MM-DD"],
      ["/portal/decisions?from=2024-03-01&to=2024-02-01", 400, "起始日期 2024-03-01 晚于截止日期 2024-02-01"],
      ["/portal/decisions?actionType=fine", 400, "执法类别参数无效"],
      ["/portal/decisions?actionType=penalty&actionType=permit", 400, "只能出现一次"],
      ["/portal/decisions?agencyId=nope", 400, "执法主体参数无效"],
      [`/portal/decisions?agencyId=${missing}`, 404, "执法主体不存在"],
      ["/portal/decisions?page=0", 400, "页码"],
      [`/portal/decisions?q=${"字".repeat(51)}`, 400, "搜索词过长"],
      ["/portal/decisions/not-a-uuid", 404, "执法决定不存在"],
      [`/portal/decisions/${missing}`, 404, "执法决定不存在"],
      [`/portal/decisions/${draft!.id}`, 404, "执法决定不存在"],
      ["/portal/decisions.csv?from=2024-13-01", 400, "日期"],
      ["/portal/decisions.json?pageSize=500", 400, "每页条数"],
      [`/portal/decisions.json?agencyId=${missing}`, 404, "执法主体不存在"],
      ["/portal/agencies/not-a-uuid/decisions.rss", 404, "执法主体不存在"],
      [`/portal/agencies/${missing}/decisions.atom`, 404, "执法主体不存在"],
      [`/portal/decisions/${missing}/nothing`, 404, "页面不存在"],
    ];
    for (const [url, code, text] of bad) {
      const res = await page(url, code);
      expect(mainText(res.body), url).toContain(text);
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });
});

describe("a decision's page (R-PUB-03, R-PUB-04) and its check against the ledger (R-REC-02)", () => {
  it("shows the public fields, the full text and the SHA-256 of the canonical public payload, equal to the hash in its ledger entry", async () => {
    const u = await buildEnforcementUnit("核验测试市场监督管理局");
    const id = await publishedCase(u, ORG, "经营无中文标签的预包装食品");
    // the background sequencer may hold the ledger's lock: wait for the entry's leaf
    await app.ledger.waitIntegrated([(await getPublication(db, id))!.ledgerEntryId!]);
    const res = await page(`/portal/decisions/${id}`);
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    // the correction form posts with this site's Origin (helmet's no-referrer would make it "null")
    expect(res.headers["referrer-policy"]).toBe("same-origin");
    const text = mainText(res.body);
    const p = (await getPublication(db, id))!;
    for (const t of ["经营无中文标签的预包装食品", "执法主体 核验测试市场监督管理局", `当事人 ${ORG.name}`, "执法类别 行政处罚", `文书号 ${p.documentNumber}`, "处理结果 警告；罚款人民币5000.00元", `决定日期 ${today}`, `公示日期 ${today}`, "第 1 版 · 首次公示"])
      expect(text).toContain(t);
    // R-PUB-04: the full text of a general-procedure penalty decision
    expect(text).toContain("决定书全文");
    expect(res.body).toMatch(/<div class="fulltext" id="fulltext">[^<]*行政处罚决定书/);

    // 核验: the page's hash is payloadSha256(publicPayload(…)) and the ledger entry's data.sha256
    const shown = /id="payload-sha256">([0-9a-f]{64})</.exec(res.body)?.[1];
    expect(shown).toBe(payloadSha256(publicPayload(p, p.publicVersion, p.redacted)));
    const [entry] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, p.ledgerEntryId!));
    expect(shown).toBe((JSON.parse(entry!.body) as { data: { sha256: string } }).data.sha256);
    expect(shown).toBe(p.publicSha256);
    expect(/id="ledger-sha256">([0-9a-f]{64})</.exec(res.body)?.[1]).toBe(shown);
    expect(text).toContain("与账本记录一致");
    // the ledger entry and the JSON proofs the page links to
    const commitment = /id="ledger-commitment">([0-9a-f]{64})</.exec(res.body)?.[1];
    expect(commitment).toBe(Buffer.from(entry!.commitment).toString("hex"));
    const leafIndex = Number(/id="leaf-index">(\d+)</.exec(res.body)?.[1]);
    for (const link of [`/api/public/decisions/${id}`, `/api/ledger/leaf/${commitment}`, `/api/ledger/proof/inclusion?index=${leafIndex}`, "/ledger", "/api/ledger/checkpoint"]) expect(res.body).toContain(`href="${link}"`);
    const leaf = await anon.get(`/api/ledger/leaf/${commitment}`);
    expect(leaf.statusCode).toBe(200);
    expect(leaf.json().index).toBe(leafIndex);
    expect((await anon.get(`/api/ledger/proof/inclusion?index=${leafIndex}`)).statusCode).toBe(200);
    expect(text).toContain("如何自行核验");
    expect(text).toContain("RFC 8785");

    // a correction: version 2 with its own hash and entry; version 1 kept
    await ok(u.c.reviewer.post(`/api/publicity/${id}/correct`, { redacted: { conclusion: "警告；罚款人民币4000.00元" }, note: "更正罚款金额" }));
    const after = await page(`/portal/decisions/${id}`);
    const p2 = (await getPublication(db, id))!;
    const shown2 = /id="payload-sha256">([0-9a-f]{64})</.exec(after.body)?.[1];
    expect(shown2).toBe(payloadSha256(publicPayload(p2, 2, p2.redacted)));
    expect(shown2).not.toBe(shown);
    const [entry2] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, p2.ledgerEntryId!));
    expect(shown2).toBe((JSON.parse(entry2!.body) as { data: { sha256: string } }).data.sha256);
    const t2 = mainText(after.body);
    for (const t of ["已更正，现为第 2 版", "第 2 版 · 更正", "现行版本", "更正说明 更正罚款金额", "第 1 版 · 首次公示", "查看第 1 版的公示内容", "处理结果 警告；罚款人民币4000.00元", "罚款人民币5000.00元"]) expect(t2).toContain(t);
    expect(t2).not.toContain("不一致");
  });

  it("says so when the stored public text no longer matches its ledger entry (the check can fail)", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedPush(u, { title: "使用未经检定的计量器具" });
    expect(mainText((await page(`/portal/decisions/${id}`)).body)).toContain("与账本记录一致");
    // someone alters the published text in the database, outside the service (no new version, no ledger entry)
    const p = (await getPublication(db, id))!;
    await mutate(db, systemContext("test", "test.tamper"), (tx) => tx.update(publications).set({ redacted: { ...p.redacted, conclusion: "罚款人民币1.00元" } }).where(eq(publications.id, id)));
    const res = await page(`/portal/decisions/${id}`);
    const text = mainText(res.body);
    expect(text).toContain("与账本记录不一致");
    expect(/id="payload-sha256">([0-9a-f]{64})</.exec(res.body)?.[1]).not.toBe(p.publicSha256);
  });

  it("the rendered page is kept until a write to its tables is notified — also one made by another server process (decision 003)", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedPush(u, { title: "未按规定明码标价" });
    // wait for the ledger leaf: until then the page is provisional (kept 2 s at most)
    await expect.poll(async () => (await page(`/portal/decisions/${id}`)).body, { timeout: 10_000 }).toContain('id="leaf-index"');
    const p = (await getPublication(db, id))!;
    // a write as another process makes it: audited and notified, but not this process's commit
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('zhifa.actor', 'test', true), set_config('zhifa.action', 'test.tamper', true)`);
      await tx.update(publications).set({ redacted: { ...p.redacted, conclusion: "罚款人民币2.00元" } }).where(eq(publications.id, id));
    });
    await expect.poll(async () => mainText((await page(`/portal/decisions/${id}`)).body), { timeout: 5_000 }).toContain("与账本记录不一致");
    // and a notification of a table the page was not read from keeps it
    const before = (await page(`/portal/decisions/${id}`)).body;
    app.changes.changed("publication_corrections");
    expect((await page(`/portal/decisions/${id}`)).body).toBe(before);
  });

  it("a withdrawn decision answers 410 with its withdrawal notice, and is gone from the search, JSON, CSV, RSS and Atom (R-PUB-07)", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedCase(u, ORG, "销售不合格电器产品");
    const feeds = () =>
      Promise.all([
        anon.get(`/portal/decisions?agencyId=${u.agency.id}`),
        anon.get(`/portal/decisions?q=${encodeURIComponent("电器产品")}`),
        anon.get(`/portal/decisions.json?agencyId=${u.agency.id}`),
        anon.get(`/portal/decisions.csv?agencyId=${u.agency.id}`),
        anon.get(`/portal/agencies/${u.agency.id}/decisions.rss`),
        anon.get(`/portal/agencies/${u.agency.id}/decisions.atom`),
        anon.get(`/portal/agencies/${u.agency.id}`),
      ]);
    for (const res of await feeds()) {
      expect(res.statusCode).toBe(200);
      expect(res.body, res.headers["content-type"] as string).toContain(id);
    }
    const w = await ok(u.c.head.post(`/api/publicity/${id}/withdraw`, { rulingKind: "revoked", rulingDate: today, note: "" }));
    const gone = await page(`/portal/decisions/${id}`, 410);
    expect(gone.body).toContain(`id="withdrawal-notice">${w.withdrawalNotice as string}<`);
    const text = mainText(gone.body);
    for (const t of ["该执法决定已撤回", "已撤回", "撤回原因 撤销", `撤回日期 ${today}`, u.agency.name]) expect(text).toContain(t);
    // only the notice stays: not the decision's content
    expect(gone.body).not.toContain("销售不合格电器产品");
    expect(gone.body).not.toContain("罚款人民币5000.00元");
    for (const res of await feeds()) {
      expect(res.statusCode).toBe(200);
      expect(res.body, res.headers["content-type"] as string).not.toContain(id);
    }
    // no correction of a withdrawn decision
    expect((await postForm(id, GOOD_FORM, SAME_SITE, "10.0.1.1")).statusCode).toBe(410);
  });
});

describe("no personal data on any page or feed (R-PUB-05)", () => {
  it("a person party's name, ID number, phone and address planted in the case reach none of the search, detail, JSON, CSV, RSS or Atom bodies", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedCase(u, PERSON, "销售过期食品");
    // the originals are in the database (private) …
    const p = (await getPublication(db, id))!;
    expect(p.original.partyName).toBe(PERSON.name);
    expect(p.original.facts).toContain(PERSON.phone);
    const urls = [
      `/portal/decisions?q=${encodeURIComponent("过期食品")}&agencyId=${u.agency.id}`,
      `/portal/decisions?agencyId=${u.agency.id}`,
      `/portal/decisions/${id}`,
      `/portal/decisions.json?agencyId=${u.agency.id}`,
      `/portal/decisions.csv?agencyId=${u.agency.id}`,
      `/portal/agencies/${u.agency.id}/decisions.rss`,
      `/portal/agencies/${u.agency.id}/decisions.atom`,
      `/portal/agencies/${u.agency.id}`,
    ];
    for (const url of urls) {
      const res = await anon.get(url);
      expect(res.statusCode, url).toBe(200);
      // … the public sees the masked party, and none of the originals
      expect(res.body, url).toContain("张某某");
      for (const secret of [PERSON.name, "三丰", PERSON.idNo, PERSON.phone, PERSON.address, "幸福路8号", "3栋502室"]) expect(res.body, `${url} shows ${secret}`).not.toContain(secret);
    }
    // the code page of a correction request does not show the applicant's contact either
    const filed = await postForm(id, GOOD_FORM, SAME_SITE, "10.0.2.1");
    expect(filed.statusCode).toBe(201);
    const code = /id="tracking-code">([A-Z0-9]{16})</.exec(filed.body)![1]!;
    const lookup = await anon.get(`/portal/corrections?code=${code}`);
    expect(lookup.body).not.toContain(GOOD_FORM.contact);
    expect(lookup.body).not.toContain(GOOD_FORM.contactName);
  });
});

describe("correction requests without JavaScript (R-PUB-08)", () => {
  it("refuses a POST that did not come from this site's page: 403", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedPush(u);
    for (const [headers, why] of [
      [{ host: "gs.example.gov.cn" }, "no Origin, no Referer"],
      [{ host: "gs.example.gov.cn", origin: "https://evil.example" }, "another site"],
      [{ host: "gs.example.gov.cn", origin: "null" }, "opaque origin without a Referer"],
      [{ host: "gs.example.gov.cn", origin: "null", referer: "https://evil.example/form" }, "another site's Referer"],
      [{ host: "gs.example.gov.cn", origin: "https://gs.example.gov.cn.evil.example" }, "a look-alike host"],
    ] as [Record<string, string>, string][]) {
      const res = await postForm(id, GOOD_FORM, headers, "10.0.3.1");
      expect(res.statusCode, why).toBe(403);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(mainText(res.body), why).toContain("不是从本平台的页面提交的");
    }
    expect(await db.select().from(publicationCorrections).where(eq(publicationCorrections.publicationId, id))).toEqual([]);
    // the rules themselves
    expect(sameOrigin({ origin: "http://localhost" }, "localhost:80", undefined)).toBe(true);
    expect(sameOrigin({ origin: "http://localhost:8080" }, "localhost:8080", undefined)).toBe(true);
    expect(sameOrigin({ origin: "http://localhost:8081" }, "localhost:8080", undefined)).toBe(false);
    expect(sameOrigin({ origin: "https://gs.example.gov.cn" }, "10.1.2.3:3000", PUBLIC_URL)).toBe(true);
    expect(sameOrigin({ referer: "https://gs.example.gov.cn/portal/decisions/x" }, "gs.example.gov.cn", undefined)).toBe(true);
    expect(sameOrigin({ origin: "https://evil.example", referer: "https://gs.example.gov.cn/" }, "gs.example.gov.cn", undefined)).toBe(false);
    expect(sameOrigin({}, undefined, undefined)).toBe(false);
  });

  it("bad input → 400 with the form again, each message next to its field (labelled, aria-describedby), what was typed kept", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedPush(u);
    const res = await postForm(id, { ...GOOD_FORM, problem: "   ", requested: `<b>应为</b>${"长".repeat(2001)}`, contact: "abc" }, SAME_SITE, "10.0.4.1");
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).not.toMatch(/<script/i);
    const text = mainText(res.body);
    expect(text).toContain("提交的内容有误，请修改后重新提交");
    for (const [field, message] of [
      ["problem", "请写明公示信息中不准确的内容"],
      ["requested", "不能超过 2000 个字"],
      ["contact", "请填写有效的联系电话"],
    ]) {
      expect(res.body).toContain(`<label for="c-${field}">`);
      expect(res.body).toMatch(new RegExp(`id="c-${field}"[^>]*aria-describedby="c-${field}-hint c-${field}-error" aria-invalid="true"`));
      expect(res.body).toMatch(new RegExp(`<span class="field-error" id="c-${field}-error">.*${message}`));
    }
    // fields without an error are not marked
    expect(res.body).toMatch(/id="c-evidence"[^>]*aria-describedby="c-evidence-hint"(?! aria-invalid)/);
    // what was typed is kept, escaped
    expect(res.body).toContain("&lt;b&gt;应为&lt;/b&gt;");
    expect(res.body).toContain(`value="${GOOD_FORM.contactName}"`);
    expect(await db.select().from(publicationCorrections).where(eq(publicationCorrections.publicationId, id))).toEqual([]);
    // no body at all, or not a form: the same messages
    const empty = await app.inject({ method: "POST", url: `/portal/decisions/${id}/correction`, headers: SAME_SITE, remoteAddress: "10.0.4.2" });
    expect(empty.statusCode).toBe(400);
    expect(mainText(empty.body)).toContain("请填写联系人姓名");
    // the reader's own checks
    expect(readCorrection({ ...GOOD_FORM, problem: "a\u0000b" }).values.problem).toBe("ab");
    expect(readCorrection({ ...GOOD_FORM, contact: "zhao@example.cn" }).errors).toEqual({});
    expect(readCorrection({ ...GOOD_FORM, contact: "0311-12345678" }).errors).toEqual({});
    expect(readCorrection("problem=x").errors.problem).toBeDefined();
  });

  it("a valid request → 201 with the code shown once and its due date; /portal/corrections?code= shows 待处理, then the agency's outcome", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedCase(u, ORG, "销售过期食品");
    // a browser on this site: Origin "null" would be refused, but the page's Referer names the site
    const res = await postForm(id, GOOD_FORM, { host: "gs.example.gov.cn", referer: `https://gs.example.gov.cn/portal/decisions/${id}` }, "10.0.5.1");
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const code = /id="tracking-code">([A-Z0-9]{16})</.exec(res.body)?.[1];
    expect(code).toMatch(/^[A-Z2-9]{16}$/);
    const due = /id="correction-due">(\d{4}-\d{2}-\d{2})</.exec(res.body)?.[1];
    const [stored] = await db.select().from(publicationCorrections).where(eq(publicationCorrections.publicationId, id));
    expect(stored).toMatchObject({ status: "pending", problem: GOOD_FORM.problem, contact: GOOD_FORM.contact, due });
    // only the code's hash is stored
    expect(JSON.stringify(stored)).not.toContain(code!);
    expect(mainText(res.body)).toContain("只显示这一次");

    const lookup = async (c: string, status = 200) => {
      const r = await anon.get(`/portal/corrections?code=${encodeURIComponent(c)}`);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
      expect(r.headers["cache-control"]).toBe("no-store");
      expect(r.body).not.toMatch(/<script/i);
      return r;
    };
    const pending = await lookup(code!);
    expect(/id="correction-status">([^<]+)</.exec(pending.body)?.[1]).toBe("待处理");
    const pt = mainText(pending.body);
    for (const t of [GOOD_FORM.problem, GOOD_FORM.requested, `处理期限 ${due}`, "销售过期食品"]) expect(pt).toContain(t);
    // typed in lower case, in groups: the same request
    expect(/id="correction-status">([^<]+)</.exec((await lookup(`${code!.slice(0, 8).toLowerCase()} ${code!.slice(8)}`)).body)?.[1]).toBe("待处理");
    expect(mainText((await lookup("AAAAAAAAAAAAAAAA", 404)).body)).toContain("查询码不正确");
    expect(mainText((await lookup("abc", 400)).body)).toContain("查询码应为 16 位字母和数字");
    const form = await lookup("");
    expect(form.body).toContain('<label for="code">查询码</label>');

    // the agency accepts it (service call): a new public version
    const p = (await getPublication(db, id))!;
    await decideCorrection(db, app.ledger, systemContext("test", "test.correction_decide"), actorOf(u.reviewerUser), p, stored!.id, { accept: true, reason: "经核实，予以更正", redacted: { conclusion: "警告；罚款人民币4000.00元" }, note: "更正罚款金额" });
    const accepted = await lookup(code!);
    expect(/id="correction-status">([^<]+)</.exec(accepted.body)?.[1]).toBe("已更正");
    expect(mainText(accepted.body)).toContain("处理意见 经核实，予以更正");
    expect(mainText(accepted.body)).toContain("更正后的版本 第 2 版");

    // another request, rejected with reasons
    const second = await postForm(id, { ...GOOD_FORM, problem: "案由不对" }, SAME_SITE, "10.0.5.2");
    expect(second.statusCode).toBe(201);
    const code2 = /id="tracking-code">([A-Z0-9]{16})</.exec(second.body)![1]!;
    const [pending2] = await db.select().from(publicationCorrections).where(and(eq(publicationCorrections.publicationId, id), eq(publicationCorrections.status, "pending")));
    const fresh = (await getPublication(db, id))!;
    await decideCorrection(db, app.ledger, systemContext("test", "test.correction_decide"), actorOf(u.reviewerUser), fresh, pending2!.id, { accept: false, reason: "案由与决定书一致，不予更正" });
    const rejected = await lookup(code2);
    expect(/id="correction-status">([^<]+)</.exec(rejected.body)?.[1]).toBe("不予更正");
    expect(mainText(rejected.body)).toContain("不予更正的理由 案由与决定书一致，不予更正");
  });

  it("is rate-limited per address like the public JSON route: the sixth POST within a minute → 429 page", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedPush(u);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postForm(id, {}, SAME_SITE, "10.0.6.1")).statusCode);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const limited = await postForm(id, GOOD_FORM, SAME_SITE, "10.0.6.1");
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(mainText(limited.body)).toContain("操作过于频繁");
    // another address is not affected
    expect((await postForm(id, GOOD_FORM, SAME_SITE, "10.0.6.2")).statusCode).toBe(201);
  });

  it("the decision page carries the form: labelled fields posting to /portal/decisions/:id/correction", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedPush(u);
    const res = await page(`/portal/decisions/${id}`);
    expect(res.body).toContain(`<form class="stack" method="post" action="/portal/decisions/${id}/correction">`);
    for (const f of ["problem", "requested", "evidence", "contactName", "contact"]) {
      expect(res.body).toContain(`<label for="c-${f}">`);
      expect(res.body).toMatch(new RegExp(`id="c-${f}" name="${f}"[^>]*required`));
    }
    expect(mainText(res.body)).toContain("15 个工作日内核实处理");
    // a GET of the POST's address leads to the form
    const get = await anon.get(`/portal/decisions/${id}/correction`);
    expect(get.statusCode).toBe(303);
    expect(get.headers.location).toBe(`/portal/decisions/${id}#correction`);
  });
});

describe("feeds for other channels (R-PUB-11)", () => {
  it("RSS 2.0 and Atom 1.0: well-formed XML, escaped &<>, the agency's latest, cacheable a minute, announced by <link rel=alternate>", async () => {
    const u = await buildEnforcementUnit("订阅&测试<局>");
    const tricky = await publishedPush(u, { title: `销售"三无"产品&<测试>`, conclusion: "罚款人民币1000.00元 & 没收违法所得" });
    const plain = await publishedPush(u, { title: "虚假宣传", decisionDate: addCalendarDays(today, -3) });
    for (const [ext, type, item] of [
      ["rss", "application/rss+xml; charset=utf-8", "item"],
      ["atom", "application/atom+xml; charset=utf-8", "entry"],
    ] as const) {
      const res = await anon.get(`/portal/agencies/${u.agency.id}/decisions.${ext}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(type);
      expect(res.headers["cache-control"]).toBe("public, max-age=60");
      const names = expectWellFormedXml(res.body);
      expect(names[0]).toBe(ext === "rss" ? "rss" : "feed");
      expect(names.filter((n) => n === item)).toHaveLength(2);
      expect(res.body).toContain("销售&quot;三无&quot;产品&amp;&lt;测试&gt;");
      expect(res.body).toContain("订阅&amp;测试&lt;局&gt;");
      expect(res.body).not.toContain("&<测试>");
      // absolute links to the decision pages, newest decision first
      const links = [...res.body.matchAll(/https:\/\/gs\.example\.gov\.cn\/portal\/decisions\/([0-9a-f-]{36})/g)].map((m) => m[1]);
      expect([...new Set(links)]).toEqual([tricky, plain]);
    }
    const rss = (await anon.get(`/portal/agencies/${u.agency.id}/decisions.rss`)).body;
    expect(rss).toContain(`<atom:link href="${PUBLIC_URL}/portal/agencies/${u.agency.id}/decisions.rss" rel="self" type="application/rss+xml"/>`);
    expect(rss).toMatch(/<pubDate>[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/);
    const atom = (await anon.get(`/portal/agencies/${u.agency.id}/decisions.atom`)).body;
    expect(atom).toContain(`<id>urn:uuid:${tricky}</id>`);
    expect(atom).toContain(`<updated>${today}T00:00:00+08:00</updated>`);
    // the agency's page and its filtered search announce them
    for (const url of [`/portal/agencies/${u.agency.id}`, `/portal/decisions?agencyId=${u.agency.id}`]) {
      const head = (await page(url)).body.split("</head>")[0]!;
      expect(head).toContain(`<link rel="alternate" type="application/rss+xml" title="订阅&amp;测试&lt;局&gt;执法决定（RSS）" href="/portal/agencies/${u.agency.id}/decisions.rss">`);
      expect(head).toContain(`<link rel="alternate" type="application/atom+xml" title="订阅&amp;测试&lt;局&gt;执法决定（Atom）" href="/portal/agencies/${u.agency.id}/decisions.atom">`);
    }
    expect((await page(`/portal/decisions?agencyId=${u.agency.id}`)).body.split("</head>")[0]).toContain(`type="text/csv" title="执法决定查询结果（CSV）" href="/portal/decisions.csv?agencyId=${u.agency.id}"`);
    // the escaping helper also drops what XML 1.0 forbids
    expect(xmlEscape("a\u0001b\uD800c\uFFFEd&'")).toBe("abcd&amp;&apos;");
  });

  it("CSV: UTF-8 with a BOM and the Chinese header, same filters as the search, quoted cells, no formulas", async () => {
    const u = await buildEnforcementUnit();
    const a = await publishedPush(u, { title: "销售过期食品", conclusion: '=SUM(1,2)罚款"五千"元' });
    await publishedPush(u, { actionType: "permit", title: "食品经营许可", conclusion: "准予许可" });
    const res = await anon.get(`/portal/decisions.csv?agencyId=${u.agency.id}&actionType=penalty`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    expect(res.headers["content-disposition"]).toContain("attachment");
    expect(res.headers["x-total-count"]).toBe("1");
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("执法主体,执法类别,文书号,决定日期,案由（事项）,当事人,处理结果,依据,公示日期,公示版本,详情链接");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines).toHaveLength(3); // header, one row, the final line end
    expect(lines[2]).toBe("");
    expect(lines[1]).toContain(`"'=SUM(1,2)罚款""五千""元"`);
    expect(lines[1]).toContain(`${PUBLIC_URL}/portal/decisions/${a}`);
    expect(lines[1]).toContain(",行政处罚,");
    expect(csvCell("-1")).toBe("'-1");
    // read in chunks, cut at the row limit (10 000 in production), newest first
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await publishedPush(u, { title: "未按规定明码标价", decisionDate: addCalendarDays(today, -1 - i) }));
    const capped = await decisionsCsv(db, { agencyId: u.agency.id, q: "明码标价" }, PUBLIC_URL, { maxRows: 4, chunk: 3 });
    expect(capped).toMatchObject({ total: 5, rows: 4 });
    expect(capped.body.split("\r\n").slice(1, 5).map((l) => l.split("/portal/decisions/")[1])).toEqual(ids.slice(0, 4));
    expect(csvCell("a\nb")).toBe('"a\nb"');
  });

  it("JSON: the public fields of the search's results, paged, never the original or the full text", async () => {
    const u = await buildEnforcementUnit();
    const id = await publishedCase(u, PERSON, "销售过期食品");
    const res = await anon.get(`/portal/decisions.json?q=${encodeURIComponent("过期食品")}&agencyId=${u.agency.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    const body = res.json() as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    const p = (await getPublication(db, id))!;
    expect(body.items[0]).toEqual({
      id,
      url: `${PUBLIC_URL}/portal/decisions/${id}`,
      agencyId: u.agency.id,
      agencyName: u.agency.name,
      actionType: "penalty",
      actionTypeLabel: "行政处罚",
      documentNumber: p.documentNumber,
      decisionDate: today,
      title: "销售过期食品",
      partyType: "person",
      partyName: "张某某",
      conclusion: p.redacted.conclusion,
      basis: p.redacted.basis,
      publishedOn: today,
      version: 1,
      corrected: false,
    });
  });

  it("the agency's page lists its latest 5 decisions with a link to the filtered search and the feeds", async () => {
    const u = await buildEnforcementUnit();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await publishedPush(u, { title: `无照经营第${i}起`, decisionDate: addCalendarDays(today, -i) }));
    const res = await page(`/portal/agencies/${u.agency.id}`);
    expect([...res.body.matchAll(/<li><a href="\/portal\/decisions\/([0-9a-f-]{36})">/g)].map((m) => m[1])).toEqual(ids.slice(0, 5));
    expect(mainText(res.body)).toContain("无照经营第0起 外推〔2026〕");
    const text = mainText(res.body);
    expect(text).toContain("最新公示的执法决定（共 6 件）");
    expect(res.body).toContain(`href="/portal/decisions?agencyId=${u.agency.id}">查询本主体的全部执法决定</a>`);
    expect(res.body).toContain(`href="/portal/agencies/${u.agency.id}/decisions.rss"`);
    expect(res.body).toContain(`href="/portal/agencies/${u.agency.id}/decisions.atom"`);
  });
});
