import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync, spawnSync } from "node:child_process";
import yauzl from "yauzl";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { CASE_TEMPLATES, type CaseTemplateKind } from "@zhifa/domain";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildOfficer, buildUser, loginAs, type Client, type TestAgency } from "../../../test/factories.ts";
import { ledgerEntries } from "../ledger/tables.ts";
import { pdfFontAvailable } from "../documents/render.ts";
import { caseDocuments, caseRecords } from "./tables.ts";

/**
 * 执法文书 from templates through the HTTP API (R-CASE-06): prefilled templates, generated documents as
 * case records satisfying the stages' requirements, the DOCX's hash in the ledger and on download, PDFs
 * with an embedded Chinese font, and who may generate and download.
 */
const { app, database } = await setupTestApp();
const db = database.db;

const hasPoppler = spawnSync("pdftotext", ["-v"]).status === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-case-docs-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function docxXml(buf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      let found = false;
      zip.on("error", reject);
      zip.on("end", () => (found ? undefined : reject(new Error("no word/document.xml"))));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== "word/document.xml") return zip.readEntry();
        zip.openReadStream(entry, (e, s) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          s.on("data", (c: Buffer) => parts.push(c));
          s.on("end", () => {
            found = true;
            resolve(Buffer.concat(parts).toString("utf8"));
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The names of a zip's entries. */
function zipNames(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names: string[] = [];
      zip.on("error", reject);
      zip.on("end", () => resolve(names));
      zip.on("entry", (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.readEntry();
    });
  });
}

// --- PNGs built by hand: a handwritten-looking stroke on a transparent background
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An RGBA PNG; `noise` fills it with random pixels (which do not compress). */
function png(w: number, h: number, opts: { phase?: number; noise?: boolean } = {}): Buffer {
  const stride = w * 4 + 1;
  const raw = opts.noise ? crypto.randomBytes(stride * h) : Buffer.alloc(stride * h);
  for (let y = 0; y < h; y += 1) {
    raw[y * stride] = 0;
    if (opts.noise) continue;
    for (let x = 0; x < w; x += 1) {
      const ink = Math.abs(y - (h / 2 + (Math.sin(x / 8 + (opts.phase ?? 0)) * h) / 4)) < 2;
      raw.set([20, 20, 120, ink ? 255 : 0], y * stride + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", zlib.deflateSync(raw)), pngChunk("IEND", Buffer.alloc(0))]);
}

/** The text of a DOCX's body (runs joined). */
const xmlText = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");

function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/gu, "");
}

const errorId = (res: { json(): unknown }) => (res.json() as { error: { id: string } }).error.id;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

interface Unit {
  agency: TestAgency;
  o1: { id: string; name: string; certNumber: string };
  o2: { id: string; name: string; certNumber: string };
  c: { officer: Client; officer2: Client; outsider: Client; lead: Client; head: Client; reviewer: Client };
}

async function buildUnit(): Promise<Unit> {
  const agency = await buildAgency(db, { name: "示范市市场监督管理局" });
  const officer = await buildUser(db, agency, ["officer"]);
  const officer2 = await buildUser(db, agency, ["officer"]);
  const outsider = await buildUser(db, agency, ["officer"]);
  const o1 = await buildOfficer(db, agency, { user: officer, name: "李执法" });
  const o2 = await buildOfficer(db, agency, { user: officer2, name: "王执法" });
  await buildOfficer(db, agency, { user: outsider, name: "赵执法" });
  return {
    agency,
    o1,
    o2,
    c: {
      officer: await loginAs(app, officer),
      officer2: await loginAs(app, officer2),
      outsider: await loginAs(app, outsider),
      lead: await loginAs(app, await buildUser(db, agency, ["unit_lead"])),
      head: await loginAs(app, await buildUser(db, agency, ["agency_head"])),
      reviewer: await loginAs(app, await buildUser(db, agency, ["legal_reviewer"])),
    },
  };
}

const openCase = async (u: Unit, workflowKey = "penalty.general") => {
  const res = await u.c.officer.post("/api/cases", {
    workflowKey,
    title: "销售过期食品",
    source: "complaint",
    sourceDetail: "消费者投诉超市销售过期牛奶",
    party: { type: "org", name: "示范超市有限公司", idNo: "91330100MA2XXXXX1A", address: "幸福路 8 号", phone: "0571-12345678" },
    officerIds: [u.o1.id, u.o2.id],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
};

/** Texts for every editable field the test checks for in the document. */
function texts(kind: CaseTemplateKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CASE_TEMPLATES[kind].editable) if (!f.options) out[f.key] = `${CASE_TEMPLATES[kind].title}的${f.label}（测试）`;
  return out;
}

const generate = (c: Client, id: string, kind: string, body: Record<string, unknown> = {}) => c.post(`/api/cases/${id}/documents`, { kind, texts: texts(kind as CaseTemplateKind), ...body });
const advance = (c: Client, id: string, next?: string) => c.post(`/api/cases/${id}/advance`, next ? { next } : {});
const record = (c: Client, id: string, kind: string) => c.post(`/api/cases/${id}/records`, { kind, body: `${kind} 的内容` });

async function ledgerDocument(recordId: string) {
  const [rec] = await db.select({ ledgerEntryId: caseRecords.ledgerEntryId }).from(caseRecords).where(eq(caseRecords.id, recordId));
  const [entry] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, rec!.ledgerEntryId));
  const body = JSON.parse(entry!.body) as { kind: string; data: { recordId: string; kind: string; body: string; document: { sha256Docx: string; templateVersion: number; kind: string } } };
  return { ...body.data, entryKind: body.kind, chain: entry!.chain };
}

/** Generates, checks the record, the ledger entry and the DOCX; returns the generation's answer. */
async function generateAndCheck(u: Unit, c: { id: string; number: string }, kind: CaseTemplateKind) {
  const res = await generate(u.c.officer, c.id, kind);
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(201);
  const out = res.json() as { recordId: string; kind: string; title: string; sha256: string; templateVersion: number; url: string };
  expect(out).toMatchObject({ kind, title: CASE_TEMPLATES[kind].title, templateVersion: CASE_TEMPLATES[kind].version });
  expect(out.url).toBe(`/api/cases/${c.id}/documents/${out.recordId}.docx`);
  const entry = await ledgerDocument(out.recordId);
  expect(entry).toMatchObject({ entryKind: "case.record", chain: `case:${c.id}`, recordId: out.recordId, kind });
  expect(entry.document).toMatchObject({ sha256Docx: out.sha256, templateVersion: CASE_TEMPLATES[kind].version, kind });
  const docx = await u.c.officer.get(out.url);
  expect(docx.statusCode).toBe(200);
  expect(docx.headers["content-type"]).toContain("wordprocessingml");
  expect(docx.headers["x-document-sha256"]).toBe(out.sha256);
  expect(sha(docx.rawPayload)).toBe(out.sha256);
  const body = xmlText(await docxXml(docx.rawPayload));
  expect(body).toContain(c.number);
  expect(body).toContain(CASE_TEMPLATES[kind].title);
  for (const v of Object.values(texts(kind))) expect(body, kind).toContain(v);
  expect(entry.body).toContain(c.number);
  return out;
}

describe("templates (R-CASE-06)", () => {
  it("lists the workflow's templates with fields prefilled from the case and its earlier documents", async () => {
    const u = await buildUnit();
    const c = await openCase(u);
    const res = await u.c.officer.get(`/api/cases/${c.id}/documents/templates`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { kind: string; requiredIn: string[]; fields: { key: string; value: string; options?: unknown[] }[] }[];
    expect(items.map((t) => t.kind)).toEqual(["filing_approval", "site_inspection", "inquiry", "pre_registration", "seizure_decision", "case_report", "penalty_notice", "statement", "hearing_notice", "hearing_report", "penalty_decision", "service_proof", "closing_approval"]);
    expect(items.find((t) => t.kind === "filing_approval")!.requiredIn).toEqual(["立案"]);
    const field = (kind: string, key: string) => items.find((t) => t.kind === kind)!.fields.find((f) => f.key === key)!;
    expect(field("site_inspection", "place").value).toBe("幸福路 8 号");
    expect(field("service_proof", "recipient").value).toBe("示范超市有限公司");
    expect(field("service_proof", "method")).toMatchObject({ value: "direct", options: expect.any(Array) });
    expect(field("penalty_notice", "hearingRights").value).toContain("你单位有权要求举行听证");
    expect(field("inquiry", "notice").value).toContain("示范市市场监督管理局");
    // the facts of the notice carry over to the decision; the document generated last is the one served
    const notice = await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "pre_registration", texts: { items: "过期牛奶 20 盒", reason: "有关证据可能灭失" } });
    expect(notice.statusCode, notice.body).toBe(201);
    await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "seizure_decision", texts: { reason: "经查，当事人销售过期牛奶。", items: "过期牛奶 20 盒" } });
    const after = (await u.c.officer.get(`/api/cases/${c.id}/documents/templates`)).json().items as typeof items;
    expect(after.find((t) => t.kind === "closing_approval")!.fields.find((f) => f.key === "summary")!.value).toBe("");
    expect(after.find((t) => t.kind === "service_proof")!.fields.find((f) => f.key === "document")!.value).toBe(`《查封扣押决定书》（${c.number}）`);
    expect(after.find((t) => t.kind === "pre_registration")!.fields.find((f) => f.key === "items")!.value).toBe("");
    const list = await u.c.reviewer.get(`/api/cases/${c.id}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { kind: string }) => d.kind)).toEqual(["pre_registration", "seizure_decision"]);
  });
});

describe("the standard documents of the other workflows (R-CASE-06)", () => {
  it("行政许可, 行政检查, 行政强制 and the penalty's 调查终结报告, 陈述申辩笔录, 听证报告: each generated as DOCX and PDF, hashed into the ledger, and satisfying its stage", async () => {
    const u = await buildUnit();
    const byWorkflow: [string, CaseTemplateKind[]][] = [
      ["permit.general", ["permit_acceptance", "permit_decision"]],
      ["inspection.general", ["inspection_notice", "inspection_result"]],
      ["coercion.seizure", ["seizure_release", "generic_decision"]],
      ["penalty.general", ["case_report", "statement", "hearing_report"]],
    ];
    for (const [workflowKey, kinds] of byWorkflow) {
      const c = await openCase(u, workflowKey);
      const offered = ((await u.c.officer.get(`/api/cases/${c.id}/documents/templates`)).json().items as { kind: string }[]).map((t) => t.kind);
      for (const kind of kinds) {
        expect(offered, workflowKey).toContain(kind);
        const out = await generateAndCheck(u, c, kind);
        if (pdfFontAvailable() && hasPoppler) {
          const pdf = await u.c.officer.get(`/api/cases/${c.id}/documents/${out.recordId}.pdf`);
          expect(pdf.statusCode).toBe(200);
          const text = pdfText(pdf.rawPayload);
          expect(text, kind).toContain(CASE_TEMPLATES[kind].title);
          expect(text, kind).toContain(c.number);
        }
      }
    }
    // the generated 受理通知书 is the record the permit's first stage requires
    const permit = await openCase(u, "permit.general");
    expect(errorId(await advance(u.c.officer, permit.id))).toBe("documents_missing");
    await generateAndCheck(u, permit, "permit_acceptance");
    const res = await advance(u.c.officer, permit.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stage).toBe("examination");
  });
});

describe("what a decision may say, by kind of action (R-CASE-06)", () => {
  it("a permit's decision cannot impose a fine (罚款 is a penalty, 行政处罚法 第九条); it says 准予行政许可; a penalty keeps its fine", async () => {
    const u = await buildUnit();
    const permit = await openCase(u, "permit.general");
    const decide = (id: string, measures: string[], amountFen: number | null) => u.c.officer.put(`/api/cases/${id}/decision`, { measures, amountFen, tierId: null, discretionReason: "经审查，符合法定条件", outsideTierReason: null, majorFlags: [] });
    const fined = await decide(permit.id, ["准予行政许可", "罚款"], 100_000);
    expect([fined.statusCode, errorId(fined)]).toEqual([400, "decision_fine_not_allowed"]);
    expect(fined.json().error.message).toContain("第九条");
    expect(fined.json().error.details).toEqual([{ field: "measures", message: "本类执法行为的决定不能处以罚款" }]);
    expect(errorId(await decide(permit.id, ["准予行政许可"], 5_000))).toBe("decision_fine_not_allowed");
    const ok = await decide(permit.id, ["准予行政许可"], null);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().decision).toMatchObject({ measures: ["准予行政许可"], amountFen: null });
    const penalty = await openCase(u);
    expect((await decide(penalty.id, ["警告", "罚款"], 300_000)).statusCode).toBe(200);
  });
});

describe("generating documents through a whole case (R-CASE-06)", () => {
  it("every template of the general procedure: records that satisfy the stages, hashes in the ledger, DOCX and PDF", async () => {
    const u = await buildUnit();
    const c = await openCase(u);
    // 立案: the generated 立案审批表 satisfies the stage's requirement
    expect((await advance(u.c.lead, c.id)).json().error.details.map((d: { code: string }) => d.code)).toEqual(["documents_missing"]);
    const filing = await generateAndCheck(u, c, "filing_approval");
    const detail = (await u.c.officer.get(`/api/cases/${c.id}`)).json();
    expect(detail.records.find((r: { id: string }) => r.id === filing.recordId)).toMatchObject({ kind: "filing_approval", title: "立案审批表" });
    expect(detail.records[0].body).toContain(c.number);
    let res = await advance(u.c.lead, c.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stage).toBe("investigation");
    // 调查取证
    for (const kind of ["site_inspection", "inquiry", "pre_registration", "seizure_decision"] as const) await generateAndCheck(u, c, kind);
    await record(u.c.officer, c.id, "case_report");
    expect((await advance(u.c.officer, c.id)).json().stage).toBe("notice");
    // 事先告知 with the drafted decision
    const d = await u.c.officer.put(`/api/cases/${c.id}/decision`, { measures: ["警告", "罚款"], amountFen: 300_000, tierId: null, discretionReason: "初次违法，主动改正", outsideTierReason: null, majorFlags: [] });
    expect(d.statusCode, d.body).toBe(200);
    const notice = await generateAndCheck(u, c, "penalty_notice");
    const noticeText = (await db.select().from(caseRecords).where(eq(caseRecords.id, notice.recordId)))[0]!.body;
    expect(noticeText).toContain("罚款人民币3000.00元（大写：叁仟元整）");
    expect(noticeText).toContain("裁量说明：行政处罚事先告知书的裁量说明（测试）");
    // the decision's fields start from the drafted decision and the notice
    const prefilled = ((await u.c.officer.get(`/api/cases/${c.id}/documents/templates`)).json().items as { kind: string; fields: { key: string; value: string }[] }[]).find((t) => t.kind === "penalty_decision")!.fields;
    expect(prefilled.find((f) => f.key === "discretion")!.value).toBe("初次违法，主动改正");
    expect(prefilled.find((f) => f.key === "facts")!.value).toBe("行政处罚事先告知书的违法事实（测试）");
    await generateAndCheck(u, c, "hearing_notice");
    expect((await advance(u.c.officer, c.id, "review")).statusCode).toBe(200);
    expect((await advance(u.c.lead, c.id)).json().stage).toBe("decision");
    // 决定: DOCX and PDF
    const decision = await generateAndCheck(u, c, "penalty_decision");
    if (pdfFontAvailable() && hasPoppler) {
      const pdf = await u.c.officer.get(`/api/cases/${c.id}/documents/${decision.recordId}.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      const text = pdfText(pdf.rawPayload);
      expect(text).toContain("行政处罚决定书");
      expect(text).toContain(c.number);
      expect(text).toContain("叁仟元整");
      // regenerated byte for byte
      expect((await u.c.reviewer.get(`/api/cases/${c.id}/documents/${decision.recordId}.pdf`)).rawPayload.equals(pdf.rawPayload)).toBe(true);
    }
    expect((await advance(u.c.head, c.id)).json().stage).toBe("service");
    // 送达 names the decision
    const proof = await generate(u.c.officer, c.id, "service_proof", { texts: { method: "lodged", note: "当事人拒收，社区代表到场见证" }, format: pdfFontAvailable() ? "pdf" : "docx" });
    expect(proof.statusCode, proof.body).toBe(201);
    expect(proof.json().url).toMatch(pdfFontAvailable() ? /\.pdf$/ : /\.docx$/);
    const proofBody = (await db.select().from(caseRecords).where(eq(caseRecords.id, proof.json().recordId)))[0]!.body;
    expect(proofBody).toContain(`送达文书名称及文号：《行政处罚决定书》（${c.number}）`);
    expect(proofBody).toContain("送达方式：留置送达");
    expect((await advance(u.c.officer, c.id)).json().stage).toBe("execution");
    await record(u.c.officer, c.id, "payment_record");
    expect((await advance(u.c.officer, c.id)).json().stage).toBe("closing");
    await generateAndCheck(u, c, "closing_approval");
    res = await advance(u.c.lead, c.id);
    expect(res.json()).toMatchObject({ stage: "archive", status: "closed" });
    // closed: no more documents, but the generated ones stay downloadable and identical
    const closed = await generate(u.c.lead, c.id, "inquiry");
    expect(closed.statusCode).toBe(409);
    expect(errorId(closed)).toBe("case_not_open");
    const again = await u.c.reviewer.get(`/api/cases/${c.id}/documents/${filing.recordId}.docx`);
    expect(again.headers["x-document-sha256"]).toBe(filing.sha256);
    const rows = await db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
    expect(rows).toHaveLength(10);
    await expect(db.execute(`update case_documents set sha256 = 'x' where case_id = '${c.id}'`)).rejects.toThrow();
  });

  it("the simple procedure's 当场行政处罚决定书 (DOCX and PDF)", async () => {
    const u = await buildUnit();
    const c = await openCase(u, "penalty.simple");
    await u.c.officer.put(`/api/cases/${c.id}/decision`, { measures: ["罚款"], amountFen: 20_000, tierId: null, discretionReason: "情节轻微", outsideTierReason: null, majorFlags: [] });
    const doc = await generateAndCheck(u, c, "simple_decision");
    if (pdfFontAvailable() && hasPoppler) {
      const pdf = await u.c.officer.get(`/api/cases/${c.id}/documents/${doc.recordId}.pdf`);
      const text = pdfText(pdf.rawPayload);
      expect(text).toContain("当场行政处罚决定书");
      expect(text).toContain(c.number);
    }
    expect((await advance(u.c.officer, c.id)).json().stage).toBe("service");
    // a general-procedure document is not part of this workflow
    const wrong = await generate(u.c.officer, c.id, "penalty_decision");
    expect(wrong.statusCode).toBe(400);
    expect(errorId(wrong)).toBe("validation_failed");
  });
});

describe("who may generate and download, and bad input", () => {
  it("403 for readers, 404 for others, 400 for unknown kinds and bad texts", async () => {
    const u = await buildUnit();
    const c = await openCase(u);
    const made = await generate(u.c.officer2, c.id, "inquiry");
    expect(made.statusCode, made.body).toBe(201);
    const url = made.json().url as string;
    // readers of the case (legal reviewer, an officer off the team, a supervisor above) download but do not generate
    expect((await generate(u.c.reviewer, c.id, "inquiry")).statusCode).toBe(403);
    expect((await generate(u.c.outsider, c.id, "inquiry")).statusCode).toBe(403);
    expect((await u.c.reviewer.get(url)).statusCode).toBe(200);
    expect((await u.c.reviewer.get(`/api/cases/${c.id}/documents/templates`)).statusCode).toBe(200);
    const parent = await buildAgency(db);
    const child = await buildAgency(db, { parent });
    const supervisor = await loginAs(app, await buildUser(db, parent, ["supervisor"]));
    const childOfficer = await buildUser(db, child, ["officer"]);
    const co = await buildOfficer(db, child, { user: childOfficer });
    const childCase = (await (await loginAs(app, childOfficer)).post("/api/cases", { workflowKey: "inspection.general", title: "日常检查", source: "inspection", party: { type: "person", name: "钱七" }, officerIds: [co.id] })).json();
    const childClient = await loginAs(app, childOfficer);
    const childDoc = await childClient.post(`/api/cases/${childCase.id}/documents`, { kind: "site_inspection", texts: { findings: "未发现违法行为。" } });
    expect(childDoc.statusCode, childDoc.body).toBe(201);
    expect((await supervisor.get(childDoc.json().url)).statusCode).toBe(200);
    expect((await supervisor.post(`/api/cases/${childCase.id}/documents`, { kind: "site_inspection", texts: { findings: "x" } })).statusCode).toBe(403);
    // another agency: the case does not exist for them
    const other = await buildUnit();
    expect((await other.c.head.get(url)).statusCode).toBe(404);
    expect((await other.c.head.get(`/api/cases/${c.id}/documents/templates`)).statusCode).toBe(404);
    expect((await other.c.head.post(`/api/cases/${c.id}/documents`, { kind: "inquiry", texts: {} })).statusCode).toBe(404);
    // a record that is no generated document, or of another case
    expect((await u.c.officer.get(`/api/cases/${c.id}/documents/${crypto.randomUUID()}.docx`)).statusCode).toBe(404);
    expect((await u.c.officer.get(`/api/cases/${childCase.id}/documents/${made.json().recordId}.docx`)).statusCode).toBe(404);
    // bad input
    const unknown = await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "nonsense", texts: {} });
    expect(unknown.statusCode).toBe(400);
    expect(errorId(unknown)).toBe("validation_failed");
    const badKey = await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "inquiry", texts: { qa: "问：\n答：", interviewee: "孙经理", extra: "x" } });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.details).toEqual([{ field: "texts.extra", message: expect.stringContaining("extra") }]);
    const empty = await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "penalty_notice", texts: { facts: " " } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.map((d: { field: string }) => d.field)).toEqual(["texts.facts", "texts.evidence", "texts.violated", "texts.basis"]);
    const long = await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "inquiry", texts: { qa: "问".repeat(20_001) } });
    expect(long.statusCode).toBe(400);
    const badMethod = await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "service_proof", texts: { method: "pigeon" } });
    expect(badMethod.statusCode).toBe(400);
    expect((await u.c.officer.post(`/api/cases/${c.id}/documents`, { kind: "inquiry", texts: {}, format: "rtf" })).statusCode).toBe(400);
    // nothing was stored by the refused attempts
    expect((await u.c.officer.get(`/api/cases/${c.id}/documents`)).json().items).toHaveLength(1);
  });
});

describe("handwritten signatures captured on site (R-CASE-06)", () => {
  it("prints the party's and the officer's signatures on a 现场检查笔录: images in the DOCX and the PDF, their hashes in the ledger, downloads identical", async () => {
    const u = await buildUnit();
    const c = await openCase(u);
    const party = png(240, 80, { phase: 0 });
    const officer = png(200, 60, { phase: 1 });
    const res = await generate(u.c.officer, c.id, "site_inspection", {
      signatures: [
        { role: "party", name: "赵经理", imagePng: party.toString("base64") },
        { role: "officer", name: "李执法", imagePng: `data:image/png;base64,${officer.toString("base64")}` },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as { recordId: string; sha256: string; url: string };
    // the ledger: the DOCX's hash and each signature image's
    const [rec] = await db.select({ ledgerEntryId: caseRecords.ledgerEntryId, body: caseRecords.body }).from(caseRecords).where(eq(caseRecords.id, out.recordId));
    const [entry] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, rec!.ledgerEntryId));
    const document = (JSON.parse(entry!.body) as { data: { document: { sha256Docx: string; signatures: unknown[] } } }).data.document;
    expect(document.sha256Docx).toBe(out.sha256);
    expect(document.signatures).toEqual([
      { role: "party", name: "赵经理", sha256: sha(party) },
      { role: "officer", name: "李执法", sha256: sha(officer) },
    ]);
    expect(rec!.body).toContain("当事人（现场负责人）：赵经理");
    // the DOCX carries the images and is the one whose hash is in the ledger
    const docx = await u.c.reviewer.get(out.url);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers["x-document-sha256"]).toBe(document.sha256Docx);
    expect(sha(docx.rawPayload)).toBe(document.sha256Docx);
    const media = (await zipNames(docx.rawPayload)).filter((n) => /^word\/media\/.+\.png$/.test(n));
    expect(media.length).toBeGreaterThanOrEqual(2);
    const xml = xmlText(await docxXml(docx.rawPayload));
    expect(xml).toContain("赵经理");
    expect(xml).toContain("李执法");
    // the list says who signed
    const list = (await u.c.officer.get(`/api/cases/${c.id}/documents`)).json().items as { recordId: string; signed: { label: string; name: string }[] }[];
    expect(list.find((d) => d.recordId === out.recordId)!.signed).toEqual([
      { label: "当事人（现场负责人）", name: "赵经理" },
      { label: "执法人员", name: "李执法" },
    ]);
    // the PDF: an image XObject, regenerated byte for byte
    if (pdfFontAvailable()) {
      const pdf = await u.c.officer.get(`/api/cases/${c.id}/documents/${out.recordId}.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      expect(pdf.rawPayload.includes("/Subtype /Image")).toBe(true);
      expect((await u.c.reviewer.get(`/api/cases/${c.id}/documents/${out.recordId}.pdf`)).rawPayload.equals(pdf.rawPayload)).toBe(true);
      if (hasPoppler) expect(pdfText(pdf.rawPayload)).toContain("当事人（现场负责人）：赵经理");
    }
    // and a 送达回证 signed by the recipient
    const proof = await generate(u.c.officer, c.id, "service_proof", { texts: { method: "direct" }, signatures: [{ role: "recipient", name: "赵经理", imagePng: party.toString("base64") }] });
    expect(proof.statusCode, proof.body).toBe(201);
    const proofDocx = await u.c.officer.get(proof.json().url);
    expect(proofDocx.headers["x-document-sha256"]).toBe(proof.json().sha256);
    expect((await zipNames(proofDocx.rawPayload)).some((n) => /^word\/media\/.+\.png$/.test(n))).toBe(true);
  });

  it("refuses signatures that are not real PNGs, too large, unnamed, or without a line on the document (400, nothing stored)", async () => {
    const u = await buildUnit();
    const c = await openCase(u);
    const good = png(120, 40).toString("base64");
    const refused = async (signatures: unknown[], kind = "site_inspection", field = "signatures.0.imagePng") => {
      const res = await generate(u.c.officer, c.id, kind, { signatures });
      expect(res.statusCode, res.body).toBe(400);
      expect(errorId(res)).toBe("validation_failed");
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
      return res.json().error.message as string;
    };
    // a JPEG's bytes, text, and not base64 at all
    expect(await refused([{ role: "party", name: "赵经理", imagePng: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString("base64") }])).toContain("不是 PNG");
    await refused([{ role: "party", name: "赵经理", imagePng: Buffer.from("hello, I am a signature").toString("base64") }]);
    await refused([{ role: "party", name: "赵经理", imagePng: "not base64!" }]);
    // a PNG cut short, with a broken checksum, or with image data that does not match its header
    const whole = png(120, 40);
    await refused([{ role: "party", name: "赵经理", imagePng: whole.subarray(0, whole.length - 20).toString("base64") }]);
    const corrupt = Buffer.from(whole);
    corrupt[40] = corrupt[40]! ^ 0xff;
    await refused([{ role: "party", name: "赵经理", imagePng: corrupt.toString("base64") }]);
    const lying = Buffer.from(whole);
    lying.writeUInt32BE(121, 16);
    lying.writeUInt32BE(crc32(lying.subarray(12, 29)), 29);
    expect(await refused([{ role: "party", name: "赵经理", imagePng: lying.toString("base64") }])).toContain("图像数据");
    // larger than 200 KB
    const big = png(300, 200, { noise: true });
    expect(big.length).toBeGreaterThan(200 * 1024);
    expect(await refused([{ role: "party", name: "赵经理", imagePng: big.toString("base64") }])).toContain("200 KB");
    // the second signature is the bad one
    await refused([{ role: "officer", name: "李执法", imagePng: good }, { role: "party", name: "赵经理", imagePng: "iVBORw0KGgo=" }], "site_inspection", "signatures.1.imagePng");
    // an unknown role (schema), a missing name, the party twice, a witness on a 询问笔录
    expect((await generate(u.c.officer, c.id, "site_inspection", { signatures: [{ role: "boss", name: "x", imagePng: good }] })).statusCode).toBe(400);
    await refused([{ role: "party", name: " ", imagePng: good }], "site_inspection", "signatures.0.name");
    await refused([{ role: "party", name: "赵经理", imagePng: good }, { role: "recipient", name: "钱经理", imagePng: good }], "site_inspection", "signatures.1.role");
    expect(await refused([{ role: "officer", name: "李执法", imagePng: good }, { role: "witness", name: "社区代表", imagePng: good }], "inquiry", "signatures.1.role")).toBe("询问笔录没有见证人的签名栏");
    expect((await u.c.officer.get(`/api/cases/${c.id}/documents`)).json().items).toHaveLength(0);
  });
});
