import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync, spawnSync } from "node:child_process";
import yauzl from "yauzl";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { documentPlainText, type DocModel } from "@zhifa/domain";
import { AppError } from "../../core/errors.ts";
import { pdfFontAvailable, pdfFontInUse, renderDocx, renderPdf, resetPdfFontForTests, resolvePdfFonts } from "./render.ts";

const hasPoppler = spawnSync("pdftotext", ["-v"]).status === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-render-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// --- a tiny RGBA PNG (a wavy stroke on a transparent background), built by hand
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
function signaturePng(w = 120, h = 40): Uint8Array {
  const stride = w * 4 + 1;
  const raw = Buffer.alloc(stride * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const o = y * stride + 1 + x * 4;
      const ink = Math.abs(y - (h / 2 + (Math.sin(x / 8) * h) / 4)) < 2;
      raw.set([20, 20, 120, ink ? 255 : 0], o);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", zlib.deflateSync(raw)), pngChunk("IEND", Buffer.alloc(0))]);
  return new Uint8Array(png);
}

const FACTS =
  "经查，当事人自2025年3月起在其经营场所销售标签不符合食品安全标准的预包装食品，违法所得人民币12,345.67元。上述事实有现场笔录、询问笔录、进货单据（编号：JH-2025-0001）等证据证实，当事人对此无异议。";

function sampleModel(opts: { factsRepeat?: number } = {}): DocModel {
  return {
    agencyName: "示范市市场监督管理局",
    title: "行政处罚决定书",
    number: "示市监罚〔2026〕00001号",
    generatedAt: "2026-01-05T08:30:00Z",
    blocks: [
      { kind: "paragraph", text: "当事人：示范市某某食品贸易有限公司\n统一社会信用代码：91110000MA00000000" },
      { kind: "heading", text: "一、违法事实" },
      { kind: "paragraph", text: FACTS.repeat(opts.factsRepeat ?? 2) },
      { kind: "heading", text: "二、处罚决定" },
      {
        kind: "fields",
        rows: [
          { label: "案件来源", value: "投诉举报" },
          { label: "案由", value: "销售标签不符合规定的预包装食品案" },
        ],
      },
      {
        kind: "table",
        header: ["序号", "处罚种类", "金额（元）"],
        rows: [
          ["1", "没收违法所得", "12,345.67"],
          ["2", "罚款", "50,000.00"],
        ],
      },
      { kind: "paragraph", text: "如不服本处罚决定，可以在收到本决定书之日起六十日内申请行政复议。", indent: false },
      {
        kind: "signatures",
        items: [
          { label: "执法人员", name: "张三", image: signaturePng() },
          { label: "当事人签名", date: "2026年1月5日" },
        ],
      },
    ],
    footer: "本文书一式两份，一份送达当事人，一份归档。",
  };
}

function readZip(buf: Buffer): Promise<Map<string, { data: Buffer; mtime: Date }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, { data: Buffer; mtime: Date }>();
      zip.on("error", reject);
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, s) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          s.on("data", (c: Buffer) => parts.push(c));
          s.on("end", () => {
            files.set(entry.fileName, { data: Buffer.concat(parts), mtime: entry.getLastModDate() });
            zip.readEntry();
          });
        }),
      );
      zip.readEntry();
    });
  });
}

let seq = 0;
function writePdf(pdf: Buffer): string {
  const file = path.join(dir, `doc-${++seq}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}
const pdfText = (file: string) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
const pdfPages = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1]);
const squash = (s: string) => s.replace(/\s+/gu, "");
/** the text without the page numbers "— N —" */
const bodyText = (s: string) => squash(s).replace(/—\d+—/g, "");

describe("documentPlainText", () => {
  it("lists the text in reading order, one line per paragraph / row", () => {
    const text = documentPlainText(sampleModel({ factsRepeat: 1 }));
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["示范市市场监督管理局", "行政处罚决定书", "示市监罚〔2026〕00001号"]);
    expect(lines).toContain("案由：销售标签不符合规定的预包装食品案");
    expect(lines).toContain("1\t没收违法所得\t12,345.67");
    expect(lines).toContain("执法人员：张三");
    expect(lines).toContain("当事人签名： 2026年1月5日");
    expect(lines.at(-1)).toBe("本文书一式两份，一份送达当事人，一份归档。");
    expect(text.indexOf("一、违法事实")).toBeLessThan(text.indexOf("二、处罚决定"));
  });
});

describe("renderDocx", () => {
  it("is a valid DOCX whose document.xml holds all the text, with Chinese fonts and the signature image", async () => {
    const docx = await renderDocx(sampleModel());
    const files = await readZip(docx);
    const xml = files.get("word/document.xml")?.data.toString("utf8") ?? "";
    for (const s of ["示范市市场监督管理局", "行政处罚决定书", "示市监罚〔2026〕00001号", "一、违法事实", FACTS, "当事人：示范市某某食品贸易有限公司", "统一社会信用代码：91110000MA00000000", "案件来源", "投诉举报", "没收违法所得", "50,000.00", "当事人签名：", "2026年1月5日", "本文书一式两份"]) {
      expect(xml).toContain(s);
    }
    expect(xml).toMatch(/w:eastAsia="宋体"/);
    expect(files.get("word/styles.xml")?.data.toString("utf8")).toMatch(/w:eastAsia="仿宋"/);
    expect(xml).toContain("<w:tbl>");
    expect([...files.keys()].some((n) => /^word\/media\/.+\.png$/.test(n))).toBe(true);
    expect(files.get("word/footer1.xml")?.data.toString("utf8")).toContain("PAGE");
    expect(files.get("[Content_Types].xml")).toBeDefined();
  });

  it("is deterministic: same bytes, dates taken from generatedAt", async () => {
    const a = await renderDocx(sampleModel());
    const b = await renderDocx(sampleModel());
    expect(a.equals(b)).toBe(true);
    const files = await readZip(a);
    const core = files.get("docProps/core.xml")?.data.toString("utf8") ?? "";
    expect(core).toContain(">2026-01-05T08:30:00Z</dcterms:created>");
    expect(core).toContain(">2026-01-05T08:30:00Z</dcterms:modified>");
    for (const { mtime } of files.values()) {
      expect([mtime.getFullYear(), mtime.getMonth() + 1, mtime.getDate(), mtime.getHours(), mtime.getMinutes()]).toEqual([2026, 1, 5, 8, 30]);
    }
    const other = await renderDocx({ ...sampleModel(), generatedAt: "2026-02-01T00:00:00Z" });
    expect(other.equals(a)).toBe(false);
  });

  it("refuses a signature image that is not a PNG", async () => {
    const model = sampleModel();
    model.blocks = [{ kind: "signatures", items: [{ label: "执法人员", image: new Uint8Array([1, 2, 3]) }] }];
    await expect(renderDocx(model)).rejects.toMatchObject({ id: "invalid_signature_image" });
  });
});

describe("renderPdf", () => {
  afterEach(() => resetPdfFontForTests());

  it("finds a Chinese font on this machine", () => {
    expect(pdfFontAvailable()).toBe(true);
  });

  it.skipIf(!hasPoppler)("embeds a CJK font subset and the text extracts correctly", async () => {
    const file = writePdf(await renderPdf(sampleModel()));
    const text = bodyText(pdfText(file));
    for (const s of ["示范市市场监督管理局", "行政处罚决定书", "示市监罚〔2026〕00001号", "一、违法事实", squash(FACTS.repeat(2)), "案件来源投诉举报", "没收违法所得", "50,000.00", "执法人员：张三", "当事人签名：", "2026年1月5日", "本文书一式两份"]) {
      expect(text).toContain(s);
    }
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThan(0);
    // name, type, encoding, emb, sub, uni: every font embedded as a subset, with a ToUnicode map
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+\S+\s.*\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    const used = pdfFontInUse()?.regular.postscriptName;
    if (used) expect(fonts.some((l) => l.includes(used))).toBe(true);
  });

  it.skipIf(!hasPoppler)("flows a long text over pages, numbered, with no line starting with a closing punctuation mark", async () => {
    const model = sampleModel({ factsRepeat: 40 });
    const started = Date.now();
    const file = writePdf(await renderPdf(model));
    const ms = Date.now() - started;
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(ms).toBeLessThan(20_000);
    const raw = pdfText(file);
    expect(bodyText(raw)).toContain(squash(FACTS.repeat(40)));
    for (let p = 1; p <= pages; p += 1) expect(squash(raw)).toContain(`—${p}—`);
    const lines = raw.split("\n").map((l) => l.trim()).filter((l) => l);
    expect(lines.filter((l) => /^[，。、；：？！）》」』]/u.test(l))).toEqual([]);
    // the footer is printed once, on the last page
    const lastPage = execFileSync("pdftotext", ["-layout", "-f", String(pages), "-l", String(pages), file, "-"], { encoding: "utf8" });
    expect(squash(lastPage)).toContain("本文书一式两份");
    expect(squash(raw).split("本文书一式两份").length).toBe(2);
  });

  it("embeds the signature image", async () => {
    const withImage = await renderPdf(sampleModel());
    expect(withImage.includes("/Subtype /Image")).toBe(true);
    const model = sampleModel();
    model.blocks = model.blocks.filter((b) => b.kind !== "signatures");
    expect((await renderPdf(model)).includes("/Subtype /Image")).toBe(false);
  });

  it.skipIf(!hasPoppler)("splits a table row taller than a page and repeats the table header", async () => {
    const model = sampleModel();
    model.blocks = [
      { kind: "table", header: ["项目", "内容"], rows: [["说明", FACTS.repeat(30)], ...Array.from({ length: 40 }, (_, i) => [`第${i + 1}项`, "内容"])] },
    ];
    const file = writePdf(await renderPdf(model));
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    const raw = pdfText(file);
    expect(squash(raw).split("项目内容").length - 1).toBe(pages);
    expect(bodyText(raw).replace(/项目内容/g, "")).toContain(squash(FACTS.repeat(30)));
    expect(squash(raw)).toContain("第40项内容");
  });

  it("is deterministic: same bytes, dates taken from generatedAt", async () => {
    const a = await renderPdf(sampleModel());
    const b = await renderPdf(sampleModel());
    expect(a.equals(b)).toBe(true);
    const other = await renderPdf({ ...sampleModel(), generatedAt: "2026-02-01T00:00:00Z" });
    expect(other.equals(a)).toBe(false);
    if (hasPoppler) {
      const info = execFileSync("pdfinfo", ["-isodates", writePdf(a)], { encoding: "utf8" });
      expect(info).toMatch(/^CreationDate:\s+2026-01-05T08:30:00(Z|\+00)/m);
      expect(info).toMatch(/^ModDate:\s+2026-01-05T08:30:00(Z|\+00)/m);
    }
  });

  it("answers pdf_font_missing when ZHIFA_PDF_FONT names no font", async () => {
    const saved = process.env.ZHIFA_PDF_FONT;
    try {
      process.env.ZHIFA_PDF_FONT = path.join(dir, "missing-font.ttf");
      resetPdfFontForTests();
      expect(pdfFontAvailable()).toBe(false);
      const err = await renderPdf(sampleModel()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ id: "pdf_font_missing", statusCode: 503 });
      // a file that is not a font is no better
      const notFont = path.join(dir, "not-a-font.ttf");
      fs.writeFileSync(notFont, "hello");
      expect(resolvePdfFonts({ ZHIFA_PDF_FONT: notFont })).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.ZHIFA_PDF_FONT;
      else process.env.ZHIFA_PDF_FONT = saved;
    }
  });

  const sansTtc = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  it.skipIf(!hasPoppler || !fs.existsSync(sansTtc))("takes the font from ZHIFA_PDF_FONT, with a face of a collection", async () => {
    expect(resolvePdfFonts({ ZHIFA_PDF_FONT: `${sansTtc}#NotoSansCJKtc-Regular` })?.regular).toEqual({ file: sansTtc, postscriptName: "NotoSansCJKtc-Regular" });
    expect(resolvePdfFonts({ ZHIFA_PDF_FONT: `${sansTtc}#NoSuchFace` })).toBeNull();
    // without a face name: the simplified-Chinese face of the collection
    expect(resolvePdfFonts({ ZHIFA_PDF_FONT: sansTtc })?.regular.postscriptName).toBe("NotoSansCJKsc-Regular");
    const saved = process.env.ZHIFA_PDF_FONT;
    try {
      process.env.ZHIFA_PDF_FONT = `${sansTtc}#NotoSansCJKsc-Regular`;
      resetPdfFontForTests();
      const file = writePdf(await renderPdf(sampleModel()));
      const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
      expect(fonts).toContain("+NotoSansCJKsc-Regular");
      expect(fonts).not.toContain("Serif");
      expect(bodyText(pdfText(file))).toContain("行政处罚决定书");
    } finally {
      if (saved === undefined) delete process.env.ZHIFA_PDF_FONT;
      else process.env.ZHIFA_PDF_FONT = saved;
    }
  });
});
