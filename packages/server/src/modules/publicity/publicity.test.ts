import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { addCalendarDays, canonicalize, fromHex, todayInShanghai, toHex } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { anonymous, buildAgency, buildUser, loginAs, type Client, type TestAgency } from "../../../test/factories.ts";
import { buildPublicityUnit, decidedPenalty, ok } from "../../../test/publicity.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { loadCalendar } from "../calendar/service.ts";
import { publicationCorrections, publications } from "./tables.ts";
import { publicationChain } from "./service.ts";

/**
 * The publication of decisions through the HTTP API (R-PUB-03…R-PUB-09, R-PUB-12): drafts made
 * when a case's decision is issued, redaction, review and publication with a ledger entry, the
 * public search, withholding, withdrawal, corrections, pushes from another system and the
 * overdue report.
 */
const { app, database } = await setupTestApp();
const db = database.db;
const today = todayInShanghai(new Date());

/** A person party: valid ID number (checksum), a mobile phone and a home address — none may reach the public. */
const PERSON = { type: "person", name: "张三丰", idNo: "110101198003071239", phone: "13912345678", address: "示范市东城区幸福路8号3栋502室" };
const ORG = { type: "org", name: "示范市鲜果超市有限公司", idNo: "91990100MA0000001X", phone: "13800001111" };
const MINOR = { type: "person", name: "李小龙", idNo: "110101201205064568" };

const buildUnit = (parent?: TestAgency) => buildPublicityUnit(app, db, { parent });
const errorId = (res: { json(): unknown }) => (res.json() as { error: { id: string } }).error.id;

async function draftOf(caseId: string) {
  const [row] = await db.select().from(publications).where(eq(publications.caseId, caseId));
  return row!;
}

async function chainKinds(publicationId: string): Promise<string[]> {
  const rows = await db.select({ kind: ledgerEntries.kind }).from(ledgerEntries).where(eq(ledgerEntries.chain, publicationChain(publicationId))).orderBy(asc(ledgerEntries.seq));
  return rows.map((r) => r.kind);
}

/** A decision pushed by another system (R-PUB-09). */
function push(c: Client, key: string, body: Record<string, unknown>) {
  return c.request({ method: "POST", url: "/api/publicity/decisions", payload: body, headers: { "idempotency-key": key } });
}
const pushed = (over: Record<string, unknown> = {}) => ({
  actionType: "penalty",
  documentNumber: `外推〔2026〕${crypto.randomInt(1000, 9999)}号`,
  decisionDate: today,
  title: "虚假宣传",
  party: { type: "org", name: "示范市星光电子商务有限公司" },
  conclusion: "罚款人民币20000.00元",
  basis: "《中华人民共和国反不正当竞争法》第二十条",
  ...over,
});

const sha256Hex = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest("hex");

describe("drafts when a decision is issued (R-PUB-03, R-PUB-04, R-PUB-05)", () => {
  it("a penalty decided gets a draft due in 7 working days, redacted: the person's name, ID number, phone and address masked (R-PUB-03)", async () => {
    const u = await buildUnit();
    const caseId = await decidedPenalty(u, PERSON);
    const d = await draftOf(caseId);
    expect(d).toMatchObject({ status: "draft", source: "case", actionType: "penalty", decisionDate: today, partyType: "person", exclusion: null });
    const cal = await loadCalendar(db);
    expect(cal.workingDaysBetween(today, d.deadline).days).toBe(7);
    expect(cal.isWorkingDay(d.deadline)).toBe(true);
    // the original is kept (private), the public text is masked
    expect(d.original.partyName).toBe("张三丰");
    expect(d.original.partyIdNo).toBe(PERSON.idNo);
    expect(d.redacted.partyName).toBe("张某某");
    expect(d.redacted.conclusion).toContain("罚款人民币5000.00元");
    expect(d.redacted.basis).toContain("第一百二十四条");
    expect(d.redacted.facts).toContain("销售过期食品");
    // R-PUB-04: the full text of a general-procedure penalty decision, redacted
    expect(d.redacted.fullText).toContain("行政处罚决定书");
    const publicText = JSON.stringify(d.redacted);
    for (const secret of [PERSON.name, PERSON.idNo, PERSON.phone, "幸福路8号"]) expect(publicText, secret).not.toContain(secret);
    // the officers' and the agency's names stay
    expect(d.redacted.fullText).toContain(u.agency.name);
    const kinds = new Set(d.hits.map((h) => h.kind));
    expect(kinds.has("person_name") && kinds.has("phone") && kinds.has("address")).toBe(true);
    expect(d.hits.some((h) => h.kind === "id_number" || h.field === "partyIdNo")).toBe(true);
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted"]);

    // the reviewer sees the original beside the redacted text, with the hits to highlight
    const detail = await ok(u.c.reviewer.get(`/api/publicity/${d.id}`));
    expect(detail).toMatchObject({ status: "draft", statusLabel: "待审核", light: "normal", original: { partyName: "张三丰" }, redacted: { partyName: "张某某" }, caseId, can: { publish: true, edit: true } });
    const hits = detail.hits as { field: string; start: number; end: number; original: string }[];
    const original = detail.original as Record<string, string>;
    for (const h of hits) expect(original[h.field]!.slice(h.start, h.end)).toBe(h.original);
    expect(detail.problems).toEqual([]);
  });

  it("an organisation's name is kept; an inspection's draft is due in 20 working days (R-PUB-03)", async () => {
    const u = await buildUnit();
    const d = await draftOf(await decidedPenalty(u, ORG, "经营无中文标签的预包装食品"));
    expect(d.redacted.partyName).toBe(ORG.name);
    expect(d.redacted.partyIdNo).toBe(ORG.idNo);
    expect(d.redacted.fullText).toContain(ORG.name);
    expect(JSON.stringify(d.redacted)).not.toContain(ORG.phone);

    const { id } = await ok(u.c.officer.post("/api/cases", { workflowKey: "inspection.general", title: "食品经营日常监督检查", source: "inspection", party: ORG, officerIds: u.officerIds }), 201);
    const rec = (kind: string) => ok(u.c.officer.post(`/api/cases/${id}/records`, { kind, body: `${kind}：未发现违法行为` }), 201);
    await rec("inspection_notice");
    await ok(u.c.lead.post(`/api/cases/${id}/advance`, {}));
    await rec("site_inspection");
    await ok(u.c.officer.post(`/api/cases/${id}/advance`, {}));
    // no draft before the decision
    expect(await db.select().from(publications).where(eq(publications.caseId, id))).toEqual([]);
    await rec("inspection_result");
    await ok(u.c.lead.post(`/api/cases/${id}/advance`, {}));
    const i = await draftOf(id);
    expect(i).toMatchObject({ actionType: "inspection", status: "draft", decisionDate: today });
    expect((await loadCalendar(db)).workingDaysBetween(today, i.deadline).days).toBe(20);
    expect(i.redacted.conclusion).toContain("未发现违法行为");
    expect(i.redacted.fullText).toBe(""); // full text is for general-procedure penalties (R-PUB-04)
  });

  it("a minor's decision is proposed for withholding and can be neither published nor un-proposed; it is withheld (R-PUB-05)", async () => {
    const u = await buildUnit();
    const d = await draftOf(await decidedPenalty(u, MINOR, "销售烟花爆竹"));
    expect(d).toMatchObject({ exclusion: "minor", partyIsMinor: true });
    const detail = await ok(u.c.reviewer.get(`/api/publicity/${d.id}`));
    expect(detail).toMatchObject({ exclusionLabel: "涉及未成年人", can: { publish: false, withhold: true } });
    expect((detail.blocked as { code: string }[]).map((b) => b.code)).toContain("publicity_minor");
    expect(errorId(await u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}))).toBe("publicity_minor");
    expect(errorId(await u.c.reviewer.put(`/api/publicity/${d.id}`, { exclusion: null }))).toBe("publicity_minor");
    expect((await u.c.reviewer.post(`/api/publicity/${d.id}/withhold`, { reason: "minor", note: " " })).statusCode).toBe(400);
    const w = await ok(u.c.reviewer.post(`/api/publicity/${d.id}/withhold`, { reason: "minor", note: "当事人系未成年人，依法不予公开" }));
    expect(w).toMatchObject({ status: "withheld", statusLabel: "不予公示", exclusion: "minor" });
    expect(errorId(await u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}))).toBe("publicity_not_draft");
    expect((await anonymous(app).get(`/api/public/decisions/${d.id}`)).statusCode).toBe(404);
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted", "publicity.withheld"]);
  });
});

describe("review and publication (R-PUB-06) and the public search (R-PUB-03, R-PUB-11)", () => {
  it("publish: refused for the wrong role, another agency or a non-draft; the ledger entry holds the hash of the public fields", async () => {
    const u = await buildUnit();
    const d = await draftOf(await decidedPenalty(u, PERSON));
    expect(errorId(await u.c.officer.post(`/api/publicity/${d.id}/publish`, {}))).toBe("forbidden");
    expect(errorId(await u.c.head.post(`/api/publicity/${d.id}/publish`, {}))).toBe("forbidden");
    const elsewhere = await loginAs(app, await buildUser(db, await buildAgency(db), ["publicity_reviewer"]));
    expect(errorId(await elsewhere.post(`/api/publicity/${d.id}/publish`, {}))).toBe("not_found");
    // not public before it is published
    expect((await anonymous(app).get(`/api/public/decisions/${d.id}`)).statusCode).toBe(404);
    expect(errorId(await u.c.reviewer.post(`/api/publicity/${d.id}/publish`, { expectedVersion: 99 }))).toBe("stale_version");

    const p = await ok(u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}));
    expect(p).toMatchObject({ status: "published", publishedOn: today, late: false, publicVersion: 1, lightLabel: "按期公示" });
    expect(errorId(await u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}))).toBe("publicity_not_draft");
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted", "publicity.published"]);

    // the entry's hash is the hash of the public fields, recomputed here from the public API's payload
    const [entry] = await db.select().from(ledgerEntries).where(and(eq(ledgerEntries.chain, publicationChain(d.id)), eq(ledgerEntries.kind, "publicity.published")));
    const body = JSON.parse(entry!.body) as { data: { sha256: string; version: number } };
    await app.ledger.integrate();
    const pub = await ok(anonymous(app).get(`/api/public/decisions/${d.id}`));
    const v1 = (pub.versions as { sha256: string; payload: Record<string, unknown>; payloadMatches: boolean; ledger: { body: string; salt: string; commitment: string; leafIndex: number | null } }[])[0]!;
    expect(v1.payload).toMatchObject({ publicationId: d.id, version: 1, agencyName: u.agency.name, fields: { partyName: "张某某" } });
    expect(sha256Hex(canonicalize(v1.payload))).toBe(body.data.sha256);
    expect(v1.sha256).toBe(body.data.sha256);
    expect(v1.payloadMatches).toBe(true);
    expect(p.publicSha256).toBe(body.data.sha256);
    // SHA-256(salt ‖ body) is the commitment, which is a leaf of the log
    expect(v1.ledger.body).toBe(entry!.body);
    const commitment = crypto.createHash("sha256").update(Buffer.concat([Buffer.from(fromHex(v1.ledger.salt)!), Buffer.from(v1.ledger.body, "utf8")])).digest("hex");
    expect(commitment).toBe(v1.ledger.commitment);
    expect(toHex(entry!.commitment)).toBe(commitment);
    expect(typeof v1.ledger.leafIndex).toBe("number");
    const leaf = await ok(anonymous(app).get(`/api/ledger/leaf/${commitment}`));
    expect(leaf.index).toBe(v1.ledger.leafIndex);
  });

  it("the public finds published decisions by a Chinese keyword, agency, type and dates, with paging — and never sees personal data", async () => {
    const u = await buildUnit();
    const u2 = await buildUnit();
    const food = await draftOf(await decidedPenalty(u, PERSON, "销售过期食品"));
    const ads = await draftOf(await decidedPenalty(u, ORG, "发布虚假违法广告"));
    const other = await draftOf(await decidedPenalty(u2, { type: "org", name: "示范市味源食品厂" }, "销售超过保质期的食品"));
    const draftOnly = await draftOf(await decidedPenalty(u, { type: "org", name: "示范市草稿商店有限公司" }, "销售过期食品"));
    for (const [c, d] of [[u.c.reviewer, food], [u.c.reviewer, ads], [u2.c.reviewer, other]] as const) await ok(c.post(`/api/publicity/${d.id}/publish`, {}));
    // an older one, pushed with its decision date, published late
    const oldDate = addCalendarDays(today, -40);
    const old = await ok(push(u.c.reviewer, `old-${crypto.randomUUID()}`, pushed({ decisionDate: oldDate, title: "销售过期食品", actionType: "penalty" })), 201);
    expect(old.light).toBe("overdue");
    expect(await ok(u.c.reviewer.post(`/api/publicity/${old.id}/publish`, {}))).toMatchObject({ late: true, lightLabel: "超期公示" });

    const anon = anonymous(app);
    const search = async (query: string) => {
      const res = await anon.get(`/api/public/decisions?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string; title: string; decisionDate: string }[]; total: number };
    };
    const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id).sort();
    // 过期食品 (segmented 过期 + 食品) finds 销售过期食品 in every agency; the draft is not public
    const everywhere = ids(await search(`q=${encodeURIComponent("过期食品")}&pageSize=50`));
    expect(everywhere).toEqual(expect.arrayContaining([food.id, old.id]));
    expect(everywhere).not.toContain(draftOnly.id);
    expect(everywhere).not.toContain(ads.id);
    expect(ids(await search(`q=${encodeURIComponent("过期食品")}&agencyId=${u.agency.id}`))).toEqual([food.id, old.id].sort());
    expect(ids(await search(`q=${encodeURIComponent("保质期")}&agencyId=${u2.agency.id}`))).toEqual([other.id]);
    expect(ids(await search(`q=${encodeURIComponent("虚假广告")}&agencyId=${u.agency.id}`))).toEqual([ads.id]);
    expect((await search(`q=${encodeURIComponent("过期食品")}&agencyId=${u2.agency.id}`)).items).toEqual([]);
    expect(ids(await search(`agencyId=${u.agency.id}`))).toEqual([food.id, ads.id, old.id].sort());
    expect(ids(await search(`agencyId=${u.agency.id}&actionType=permit`))).toEqual([]);
    expect(ids(await search(`agencyId=${u.agency.id}&from=${addCalendarDays(today, -50)}&to=${addCalendarDays(today, -30)}`))).toEqual([old.id]);
    expect(ids(await search(`agencyId=${u.agency.id}&from=${today}`))).toEqual([food.id, ads.id].sort());
    // newest decision first, paged
    const page1 = await search(`agencyId=${u.agency.id}&pageSize=2&page=1`);
    const page2 = await search(`agencyId=${u.agency.id}&pageSize=2&page=2`);
    expect(page1.total).toBe(3);
    expect(page1.items).toHaveLength(2);
    expect(page2.items.map((x) => x.id)).toEqual([old.id]);
    expect(page1.items.every((x) => x.decisionDate === today)).toBe(true);
    expect(ids(await search(`q=${encodeURIComponent("草稿商店")}`))).toEqual([]);

    // no personal data anywhere in the public answers (raw JSON)
    const raw = [(await anon.get(`/api/public/decisions?agencyId=${u.agency.id}`)).body, (await anon.get(`/api/public/decisions/${food.id}`)).body, (await anon.get(`/api/public/decisions?q=${encodeURIComponent("张三丰")}`)).body].join("\n");
    for (const secret of [PERSON.name, PERSON.idNo, PERSON.phone, "幸福路8号", "3栋502室"]) expect(raw, secret).not.toContain(secret);
    expect(raw).toContain("张某某");
    // the name is not in the index either: searching the real name finds nothing
    expect((await search(`q=${encodeURIComponent("张三丰")}`)).total).toBe(0);
    const [indexed] = await db.select({ search: publications.search }).from(publications).where(eq(publications.id, food.id));
    expect(indexed!.search).not.toContain("三丰");
    expect(indexed!.search).not.toContain("13912345678");
  });

  it("editing the public text with personal data left in is refused with field errors; a clean edit is saved (R-PUB-06)", async () => {
    const u = await buildUnit();
    const d = await draftOf(await decidedPenalty(u, PERSON));
    const edit = (body: Record<string, unknown>) => u.c.reviewer.put(`/api/publicity/${d.id}`, body);
    // the original name put back
    const r1 = await edit({ redacted: { facts: "经查，当事人张三丰销售过期食品。" } });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.id).toBe("validation_failed");
    expect(r1.json().error.details.map((x: { field: string }) => x.field)).toEqual(["redacted.facts"]);
    // no personal data echoed back in the message
    expect(r1.json().error.message + JSON.stringify(r1.json().error.details.map((x: { message: string }) => x.message))).not.toContain("张三丰");
    // a new, unredacted ID number and phone
    const r2 = await edit({ redacted: { conclusion: "罚款5000元，联系13700001111", basis: "身份证110101199003077758" } });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details.map((x: { field: string; kind: string }) => `${x.field}:${x.kind}`).sort()).toEqual(["redacted.basis:id_number", "redacted.conclusion:phone"]);
    // the party's own ID number, even written without the check character the detector wants
    expect((await edit({ redacted: { title: `当事人证件 ${PERSON.idNo}` } })).statusCode).toBe(400);
    // keeping the party's name is refused
    expect((await edit({ keep: ["张三丰"] })).statusCode).toBe(400);
    expect((await db.select().from(publications).where(eq(publications.id, d.id)))[0]!.version).toBe(1);

    const saved = await ok(edit({ redacted: { title: "销售超过保质期的食品" }, expectedVersion: 1 }));
    expect(saved).toMatchObject({ title: "销售超过保质期的食品", redacted: { title: "销售超过保质期的食品" }, original: { title: "销售过期食品" }, version: 2 });
    expect(errorId(await edit({ redacted: { title: "x" }, expectedVersion: 1 }))).toBe("stale_version");
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted", "publicity.edited"]);
    // the row's history (decision 002): the insert and the edit
    const history = await ok(u.c.reviewer.get(`/api/history/publications/${d.id}`));
    expect((history.items as { op: string }[]).map((x) => x.op)).toEqual(["INSERT", "UPDATE"]);
    expect((await u.c.other.get(`/api/history/publications/${d.id}`)).statusCode).toBe(404);
    // only publicity reviewers edit
    expect(errorId(await u.c.head.put(`/api/publicity/${d.id}`, { redacted: { title: "x" } }))).toBe("forbidden");
  });

  it("withdrawal (R-PUB-07): gone from search and detail (410 with the notice), 2 working days, late flagged", async () => {
    const u = await buildUnit();
    const d = await draftOf(await decidedPenalty(u, ORG, "销售不合格电器产品"));
    expect(errorId(await u.c.reviewer.post(`/api/publicity/${d.id}/withdraw`, { rulingKind: "revoked", rulingDate: today, note: "" }))).toBe("publicity_not_published");
    await ok(u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}));
    const anon = anonymous(app);
    expect((await anon.get(`/api/public/decisions?q=${encodeURIComponent("电器产品")}&agencyId=${u.agency.id}`)).json().total).toBe(1);
    // the note is public: personal data refused
    expect((await u.c.reviewer.post(`/api/publicity/${d.id}/withdraw`, { rulingKind: "revoked", rulingDate: today, note: "申请人王小明，电话13612345678" })).statusCode).toBe(400);
    expect((await u.c.reviewer.post(`/api/publicity/${d.id}/withdraw`, { rulingKind: "revoked", rulingDate: addCalendarDays(today, 1), note: "" })).statusCode).toBe(400);
    expect(errorId(await u.c.officer.post(`/api/publicity/${d.id}/withdraw`, { rulingKind: "revoked", rulingDate: today, note: "" }))).toBe("forbidden");
    const w = await ok(u.c.head.post(`/api/publicity/${d.id}/withdraw`, { rulingKind: "review_changed", rulingDate: today, note: "复议机关变更处罚种类" }));
    const cal = await loadCalendar(db);
    expect(w).toMatchObject({ status: "withdrawn", rulingKind: "review_changed", rulingKindLabel: "复议变更", withdrawnOn: today, withdrawalLate: false });
    expect(cal.workingDaysBetween(today, w.withdrawalDeadline as string).days).toBe(2);
    expect(w.withdrawalNotice).toContain("撤回");
    expect(w.withdrawalNotice).toContain("行政复议决定变更");

    expect((await anon.get(`/api/public/decisions?q=${encodeURIComponent("电器产品")}&agencyId=${u.agency.id}`)).json().total).toBe(0);
    const gone = await anon.get(`/api/public/decisions/${d.id}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error).toMatchObject({ id: "publication_withdrawn", details: { rulingKindLabel: "复议变更", withdrawnOn: today } });
    expect(gone.json().error.message).toBe(w.withdrawalNotice);
    expect(gone.body).not.toContain("销售不合格电器产品");
    expect(errorId(await anon.post(`/api/public/decisions/${d.id}/corrections`, { problem: "x", requested: "y", evidence: "z", contactName: "赵", contact: "0999-1" }))).toBe("publication_withdrawn");
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted", "publicity.published", "publicity.withdrawn"]);

    // a ruling received a week ago and withdrawn only now: late
    const old = await ok(push(u.c.reviewer, `w-${crypto.randomUUID()}`, pushed({ decisionDate: addCalendarDays(today, -30) })), 201);
    await ok(u.c.reviewer.post(`/api/publicity/${old.id}/publish`, {}));
    const late = await ok(u.c.reviewer.post(`/api/publicity/${old.id}/withdraw`, { rulingKind: "illegal", rulingDate: addCalendarDays(today, -7), note: "" }));
    expect(late).toMatchObject({ status: "withdrawn", withdrawalLate: true });
    expect((late.withdrawalDeadline as string) < today).toBe(true);
  });
});

describe("a ruling recorded on the case takes the published decision down at once (R-PUB-07)", () => {
  it("revoked on 复议: withdrawn in the same step, notice public, ledger entry naming the remedy; dismissed leaves it; a changed outcome withdraws too; a draft of a revoked decision cannot be published", async () => {
    const u = await buildUnit();
    const caseId = await decidedPenalty(u, ORG, "销售过期食品添加剂");
    const d = await draftOf(caseId);
    await ok(u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}));
    const anon = anonymous(app);
    expect((await anon.get(`/api/public/decisions/${d.id}`)).statusCode).toBe(200);

    // a decision upheld or a suit dismissed: it stays up
    const kept = await ok(u.c.officer.post(`/api/cases/${caseId}/remedies`, { kind: "litigation", body: "示范市东城区人民法院", filedOn: today, decidedOn: today, outcome: "dismissed" }), 201);
    expect(kept.withdrawn).toEqual([]);
    expect((await anon.get(`/api/public/decisions/${d.id}`)).statusCode).toBe(200);

    // a pending reconsideration, then its outcome: revoked
    const pending = await ok(u.c.officer.post(`/api/cases/${caseId}/remedies`, { kind: "reconsideration", body: "示范市人民政府", filedOn: today }), 201);
    expect(pending.withdrawn).toEqual([]);
    const remedyId = (pending.items as { id: string; outcome: string | null }[]).find((r) => r.outcome === null)!.id;
    const decided = await ok(u.c.officer.put(`/api/cases/${caseId}/remedies/${remedyId}`, { decidedOn: today, outcome: "revoked" }));
    expect(decided.withdrawn).toEqual([{ id: d.id, documentNumber: d.documentNumber }]);
    const gone = await anon.get(`/api/public/decisions/${d.id}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.message).toContain("已被依法撤销");
    const row = await draftOf(caseId);
    expect(row).toMatchObject({ status: "withdrawn", rulingKind: "revoked", rulingDate: today, withdrawalLate: false });
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted", "publicity.published", "publicity.withdrawn"]);
    const [entry] = await db.select({ body: ledgerEntries.body }).from(ledgerEntries).where(and(eq(ledgerEntries.chain, publicationChain(d.id)), eq(ledgerEntries.kind, "publicity.withdrawn")));
    expect(JSON.parse(entry!.body).data).toMatchObject({ automatic: true, remedyId, rulingKind: "revoked" });
    // nothing left to take down: another revoking outcome withdraws nothing more
    expect((await ok(u.c.officer.post(`/api/cases/${caseId}/remedies`, { kind: "litigation", body: "示范市中级人民法院", filedOn: today, decidedOn: today, outcome: "illegal" }), 201)).withdrawn).toEqual([]);

    // changed by a court (lawsuit): withdrawn as 诉讼变更
    const other = await decidedPenalty(u, ORG, "销售无标签预包装食品");
    const p2 = await draftOf(other);
    await ok(u.c.reviewer.post(`/api/publicity/${p2.id}/publish`, {}));
    const changed = await ok(u.c.lead.post(`/api/cases/${other}/remedies`, { kind: "litigation", body: "示范市东城区人民法院", filedOn: today, decidedOn: today, outcome: "changed" }), 201);
    expect(changed.withdrawn).toHaveLength(1);
    expect(await draftOf(other)).toMatchObject({ status: "withdrawn", rulingKind: "litigation_changed", withdrawalLate: false });

    // a draft whose decision was revoked before anyone published it is never put up
    const third = await decidedPenalty(u, ORG, "销售超过保质期的食品");
    const p3 = await draftOf(third);
    expect((await ok(u.c.officer.post(`/api/cases/${third}/remedies`, { kind: "reconsideration", body: "示范市人民政府", filedOn: today, decidedOn: today, outcome: "invalid" }), 201)).withdrawn).toEqual([]);
    const refused = await u.c.reviewer.post(`/api/publicity/${p3.id}/publish`, {});
    expect([refused.statusCode, errorId(refused)]).toEqual([409, "publicity_decision_ruled_against"]);
    expect(refused.json().error.message).toContain("已被确认无效");
    expect((await draftOf(third)).status).toBe("draft");
  });
});

describe("corrections (R-PUB-08)", () => {
  it("public request → code → pending → the agency accepts → a new public version → accepted; another is rejected with reasons", async () => {
    const u = await buildUnit();
    const d = await draftOf(await decidedPenalty(u, PERSON));
    const anon = anonymous(app);
    const body = { problem: "罚款金额写错了", requested: "应为罚款人民币4000元", evidence: "行政处罚决定书原件照片", contactName: "赵先生", contact: "13055556666" };
    expect((await anon.post(`/api/public/decisions/${d.id}/corrections`, body)).statusCode).toBe(404); // not published yet
    await ok(u.c.reviewer.post(`/api/publicity/${d.id}/publish`, {}));
    expect((await anon.post(`/api/public/decisions/${d.id}/corrections`, { ...body, problem: "" })).statusCode).toBe(400);
    const asked = await ok(anon.post(`/api/public/decisions/${d.id}/corrections`, body), 201);
    const code = asked.code as string;
    expect(code).toMatch(/^[A-Z2-9]{16}$/);
    const cal = await loadCalendar(db);
    expect(cal.workingDaysBetween(today, asked.due as string).days).toBe(15);
    // only a hash of the code is kept
    const [stored] = await db.select().from(publicationCorrections).where(eq(publicationCorrections.publicationId, d.id));
    expect(stored!.codeHash).not.toContain(code);
    const status = await ok(anon.get(`/api/public/corrections/${code}`));
    expect(status).toMatchObject({ status: "pending", statusLabel: "待处理", publication: { id: d.id, title: "销售过期食品" }, version: null });
    expect(JSON.stringify(status)).not.toContain("13055556666");
    expect(errorId(await anon.get("/api/public/corrections/AAAAAAAAAAAAAAAA"))).toBe("publicity_code_invalid");

    // the agency's list shows it with the contact
    const list = await ok(u.c.reviewer.get("/api/publicity/corrections?status=pending"));
    const items = list.items as { id: string; contact: string }[];
    expect(items.map((x) => x.contact)).toEqual(["13055556666"]);
    const correctionId = items[0]!.id;
    // an officer on the case reads the publication but does not decide; one not on the case does not even see it
    expect(errorId(await u.c.officer.post(`/api/publicity/corrections/${correctionId}/decide`, { accept: false, reason: "x" }))).toBe("forbidden");
    expect(errorId(await u.c.other.post(`/api/publicity/corrections/${correctionId}/decide`, { accept: false, reason: "x" }))).toBe("not_found");
    // accepting needs the corrected text, without personal data
    expect((await u.c.reviewer.post(`/api/publicity/corrections/${correctionId}/decide`, { accept: true, reason: "" })).statusCode).toBe(400);
    expect((await u.c.reviewer.post(`/api/publicity/corrections/${correctionId}/decide`, { accept: true, reason: "", redacted: { conclusion: "罚款4000元，当事人张三丰" } })).statusCode).toBe(400);
    const decided = await ok(u.c.reviewer.post(`/api/publicity/corrections/${correctionId}/decide`, { accept: true, reason: "经核实，予以更正", redacted: { conclusion: "警告；罚款人民币4000.00元" }, note: "更正罚款金额" }));
    expect(decided).toMatchObject({ status: "accepted", statusLabel: "已更正" });
    expect(errorId(await u.c.reviewer.post(`/api/publicity/corrections/${correctionId}/decide`, { accept: false, reason: "再议" }))).toBe("publicity_correction_decided");

    const pub = await ok(anon.get(`/api/public/decisions/${d.id}`));
    expect(pub).toMatchObject({ version: 2, corrected: true, conclusion: "警告；罚款人民币4000.00元", fields: { conclusion: "警告；罚款人民币4000.00元" } });
    const versions = pub.versions as { version: number; note: string; fields: { conclusion: string }; payloadMatches: boolean; ledger: { body: string } }[];
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [1, ""],
      [2, "更正罚款金额"],
    ]);
    expect(versions[0]!.fields.conclusion).toContain("5000.00");
    expect(versions.every((v) => v.payloadMatches)).toBe(true);
    // the correction's entry names the entry it corrects
    const v1Commitment = JSON.parse(versions[1]!.ledger.body) as { corrects: string; kind: string };
    expect(v1Commitment.kind).toBe("publicity.corrected");
    expect(v1Commitment.corrects).toMatch(/^[0-9a-f]{64}$/);
    expect(await ok(anon.get(`/api/public/corrections/${code.toLowerCase()}`))).toMatchObject({ status: "accepted", version: 2, reason: "经核实，予以更正" });

    // rejected with reasons
    const second = await ok(anon.post(`/api/public/decisions/${d.id}/corrections`, { ...body, problem: "案由不对" }), 201);
    const [pending] = (await ok(u.c.reviewer.get(`/api/publicity/corrections?status=pending&publicationId=${d.id}`))).items as { id: string }[];
    expect((await u.c.reviewer.post(`/api/publicity/corrections/${pending!.id}/decide`, { accept: false, reason: " " })).statusCode).toBe(400);
    await ok(u.c.reviewer.post(`/api/publicity/corrections/${pending!.id}/decide`, { accept: false, reason: "案由与决定书一致，不予更正" }));
    expect(await ok(anon.get(`/api/public/corrections/${second.code as string}`))).toMatchObject({ status: "rejected", statusLabel: "不予更正", reason: "案由与决定书一致，不予更正", version: null });

    // the agency corrects on its own: version 3
    expect(errorId(await u.c.reviewer.post(`/api/publicity/${d.id}/correct`, { redacted: { conclusion: "警告；罚款人民币4000.00元" }, note: "无变化" }))).toBe("publicity_no_change");
    const own = await ok(u.c.reviewer.post(`/api/publicity/${d.id}/correct`, { redacted: { basis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项（更正）" }, note: "更正依据的表述" }));
    expect(own).toMatchObject({ publicVersion: 3 });
    expect(await chainKinds(d.id)).toEqual(["publicity.drafted", "publicity.published", "publicity.correction_requested", "publicity.corrected", "publicity.correction_decided", "publicity.correction_requested", "publicity.correction_decided", "publicity.corrected"]);
    // the applicant's contact is not in the ledger
    const bodies = await db.select({ body: ledgerEntries.body }).from(ledgerEntries).where(eq(ledgerEntries.chain, publicationChain(d.id)));
    expect(bodies.some((b) => b.body.includes("13055556666"))).toBe(false);
  });
});

describe("pushes from another system (R-PUB-09) and accountability (R-PUB-12)", () => {
  it("the same Idempotency-Key twice gives one publication; another body under the same key is refused", async () => {
    const u = await buildUnit();
    const key = `push-${crypto.randomUUID()}`;
    const body = pushed({ party: { type: "person", name: "王大锤", idNo: "440306198507153210", phone: "13512345678" }, facts: "当事人王大锤（身份证号440306198507153210）无照经营。", title: "无照经营" });
    const first = await ok(push(u.c.reviewer, key, body), 201);
    expect(first).toMatchObject({ source: "external", status: "draft", partyName: "王某某", redacted: { partyName: "王某某" }, original: { partyName: "王大锤" } });
    expect(JSON.stringify(first.redacted)).not.toContain("440306198507153210");
    const again = await ok(push(u.c.reviewer, key, body));
    expect(again.id).toBe(first.id);
    expect((await db.select().from(publications).where(and(eq(publications.agencyId, u.agency.id), eq(publications.externalKey, key)))).length).toBe(1);
    expect(errorId(await push(u.c.reviewer, key, { ...body, conclusion: "罚款人民币1元" }))).toBe("idempotency_conflict");
    expect((await push(u.c.reviewer, key, { ...body, conclusion: "罚款人民币1元" })).statusCode).toBe(409);
    // the key is required; only the agency's publicity reviewers push
    expect((await u.c.reviewer.post("/api/publicity/decisions", body)).statusCode).toBe(400);
    expect(errorId(await push(u.c.head, `k-${crypto.randomUUID()}`, body))).toBe("forbidden");
    const other = await buildAgency(db);
    expect(errorId(await push(u.c.reviewer, `k-${crypto.randomUUID()}`, { ...body, agencyId: other.id }))).toBe("forbidden");
    expect((await push(u.c.reviewer, `k-${crypto.randomUUID()}`, { ...body, decisionDate: addCalendarDays(today, 3) })).statusCode).toBe(400);
  });

  it("the overdue report lists a draft past its deadline, late publications and late withdrawals, for heads and supervisors", async () => {
    const parent = await buildAgency(db);
    const u = await buildUnit(parent);
    const overdue = await ok(push(u.c.reviewer, `o-${crypto.randomUUID()}`, pushed({ decisionDate: addCalendarDays(today, -28), actionType: "permit", title: "食品经营许可", conclusion: "准予许可" })), 201);
    expect(overdue).toMatchObject({ light: "overdue", lightLabel: "已超期" });
    const fresh = await ok(push(u.c.reviewer, `f-${crypto.randomUUID()}`, pushed()), 201);
    const late = await ok(push(u.c.reviewer, `l-${crypto.randomUUID()}`, pushed({ decisionDate: addCalendarDays(today, -21) })), 201);
    await ok(u.c.reviewer.post(`/api/publicity/${late.id}/publish`, {}));
    // revoked a week ago, withdrawn only today (R-PUB-07)
    await ok(u.c.reviewer.post(`/api/publicity/${late.id}/withdraw`, { rulingKind: "invalid", rulingDate: addCalendarDays(today, -7), note: "" }));

    const report = await ok(u.c.head.get("/api/publicity/overdue"));
    expect((report.drafts as { id: string }[]).map((x) => x.id)).toEqual([overdue.id]);
    expect((report.latePublications as { id: string }[]).map((x) => x.id)).toEqual([late.id]);
    expect((report.lateWithdrawals as { id: string; withdrawalLate: boolean }[]).map((x) => [x.id, x.withdrawalLate])).toEqual([[late.id, true]]);
    expect(report.byAgency).toEqual([expect.objectContaining({ agencyId: u.agency.id, total: 3, drafts: 2, overdueDrafts: 1, published: 1, latePublished: 1, withheld: 0, withdrawn: 1, lateWithdrawn: 1 })]);
    expect(report.overdueCorrections).toEqual([]);
    // a correction request left past its time (R-PUB-08) shows too
    const fresh2 = await ok(push(u.c.reviewer, `c-${crypto.randomUUID()}`, pushed({ title: "价格欺诈" })), 201);
    await ok(u.c.reviewer.post(`/api/publicity/${fresh2.id}/publish`, {}));
    await ok(anonymous(app).post(`/api/public/decisions/${fresh2.id}/corrections`, { problem: "金额不对", requested: "核对", evidence: "票据", contactName: "周", contact: "0999-2" }), 201);
    await mutate(db, systemContext("test", "test.correction_due"), (tx) => tx.update(publicationCorrections).set({ due: addCalendarDays(today, -1) }).where(eq(publicationCorrections.publicationId, fresh2.id)));
    const report2 = await ok(u.c.head.get("/api/publicity/overdue"));
    expect((report2.overdueCorrections as { publicationId: string; status: string }[]).map((x) => [x.publicationId, x.status])).toEqual([[fresh2.id, "pending"]]);
    // a date range on the decision date
    expect(((await ok(u.c.head.get(`/api/publicity/overdue?from=${addCalendarDays(today, -25)}`))).drafts as unknown[]).length).toBe(0);
    const supervisor = await loginAs(app, await buildUser(db, parent, ["supervisor"]));
    expect(((await ok(supervisor.get("/api/publicity/overdue"))).drafts as { id: string }[]).map((x) => x.id)).toEqual([overdue.id]);
    expect(errorId(await u.c.officer.get("/api/publicity/overdue"))).toBe("forbidden");
    expect(errorId(await u.c.reviewer.get("/api/publicity/overdue"))).toBe("forbidden");

    // the queue's light filter uses the same rule
    const q = async (query: string) => ((await ok(u.c.reviewer.get(`/api/publicity?${query}`))).items as { id: string }[]).map((x) => x.id);
    expect(await q("light=overdue")).toEqual([overdue.id]);
    expect(await q("light=normal")).toEqual([fresh.id]);
    expect(await q("status=withdrawn")).toEqual([late.id]);
    expect(await q(`q=${encodeURIComponent("食品经营许可")}`)).toEqual([overdue.id]);
  });
});
