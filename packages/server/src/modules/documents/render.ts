/**
 * Renders a {@link DocModel} (an official administrative document, 执法文书) to DOCX and to PDF.
 *
 * Layout follows the usual government document conventions (GB/T 9704 as far as it applies): A4, a text
 * block of 28 characters of 16 pt per line, agency name and title centred, 文号 under the title, body
 * justified with a two-character first-line indent, bordered tables, signatures right-aligned, page
 * numbers "— N —" at the bottom of each page.
 *
 * Both renderers are deterministic: the same model gives the same bytes (the creation/modification dates
 * come from `generatedAt`; no random ids; the DOCX zip is rewritten with fixed timestamps).
 *
 * The PDF embeds a subset of a Chinese font found once per process: `ZHIFA_PDF_FONT`, else Noto Serif CJK
 * SC (fonts-noto-cjk) or another known CJK font (see {@link resolvePdfFonts}).
 */
import fs from "node:fs";
import PDFDocument from "pdfkit";
import { PNG } from "pngjs";
import yauzl from "yauzl";
import yazl from "yazl";
import {
  AlignmentType,
  BorderStyle,
  Document,
  FrameAnchorType,
  HorizontalPositionAlign,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Footer,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalPositionAlign,
  WidthType,
  type IBorderOptions,
  type IRunOptions,
} from "docx";
import type { DocBlock, DocModel } from "@zhifa/domain";
import { AppError } from "../../core/errors.ts";

// ---------------------------------------------------------------------------------------------------------
// Shared layout constants and helpers

const PT_PER_MM = 72 / 25.4;
const PAGE_W = 595.28; // A4
const PAGE_H = 841.89;
/** body text: 16 pt (三号), 28 characters per line */
const BODY = 16;
const CHARS_PER_LINE = 28;
const CONTENT_W = BODY * CHARS_PER_LINE; // 448 pt = 158 mm
const MARGIN_X = (PAGE_W - CONTENT_W) / 2; // ≈ 26 mm
const MARGIN_TOP = 30 * PT_PER_MM;
const MARGIN_BOTTOM = 28 * PT_PER_MM;
/** line pitch of body text */
const LINE = 28;
const AGENCY_SIZE = 20;
const TITLE_SIZE = 22;
const FIELDS_SIZE = 14;
const TABLE_SIZE = 12;
const FOOTER_SIZE = 10.5;
const PAGE_NUMBER_SIZE = 14;
/** a handwritten signature image is printed 4 cm wide (at most 2.5 cm high) */
const SIGNATURE_W = 40 * PT_PER_MM;
const SIGNATURE_MAX_H = 25 * PT_PER_MM;
const CELL_PAD_X = 5;
const CELL_PAD_Y = 4;
/** the blank a date is written in by hand */
const BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日";
const SIGN_LINE_CHARS = 6;

/** a line break in a text of the model */
const NEWLINE = /\r\n|\r|\n/;

/** "当事人签名" → "当事人签名：" (a label that already ends with a colon is kept). */
function withColon(label: string): string {
  return /[：:]\s*$/.test(label) ? label.trimEnd() : `${label}：`;
}

function documentDate(model: DocModel): Date {
  const d = new Date(model.generatedAt);
  if (Number.isNaN(d.getTime())) throw new RangeError(`DocModel.generatedAt is not a valid ISO timestamp: ${model.generatedAt}`);
  return d;
}

interface PngInfo {
  width: number;
  height: number;
}

/** The size of a PNG; a signature image that is not a PNG is refused before anything is rendered. */
function pngInfo(bytes: Uint8Array): PngInfo {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ok = bytes.length >= 33 && sig.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.subarray(12, 16)) === "IHDR";
  const view = ok ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  const width = view ? view.getUint32(16) : 0;
  const height = view ? view.getUint32(20) : 0;
  if (!ok || width === 0 || height === 0) throw new AppError("invalid_signature_image", 422, "签名图片不是有效的 PNG 图片");
  return { width, height };
}

/** The printed size of a signature image, in points. */
function signatureSize(png: PngInfo): { w: number; h: number } {
  let w = SIGNATURE_W;
  let h = (w * png.height) / png.width;
  if (h > SIGNATURE_MAX_H) {
    h = SIGNATURE_MAX_H;
    w = (h * png.width) / png.height;
  }
  return { w, h };
}

/** Rough width of a text in points (full-width characters 1 em, ASCII ½ em), for table column widths. */
function estimateWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? size * 0.55 : size;
  return w;
}

/**
 * Column widths (points) for a table `total` wide: each column gets its natural width when everything fits
 * (the rest is spread proportionally); otherwise narrow columns keep theirs and the wide ones share the rest.
 */
function columnWidths(table: string[][], total: number, size: number): number[] {
  const n = Math.max(0, ...table.map((r) => r.length));
  if (n === 0) return [];
  const minW = 2 * size + 2 * CELL_PAD_X;
  const natural = Array.from({ length: n }, (_, j) => {
    let w = minW;
    for (const row of table) for (const line of (row[j] ?? "").split(NEWLINE)) w = Math.max(w, estimateWidth(line, size) + 2 * CELL_PAD_X + 1);
    return w;
  });
  const sum = natural.reduce((a, b) => a + b, 0);
  if (sum <= total) return natural.map((w) => (w * total) / sum);
  const widths: (number | null)[] = natural.map(() => null);
  let left = total;
  let open = n;
  for (;;) {
    const fair = left / open;
    let changed = false;
    natural.forEach((w, j) => {
      if (widths[j] === null && w <= fair) {
        widths[j] = w;
        left -= w;
        open -= 1;
        changed = true;
      }
    });
    if (!changed || open === 0) break;
  }
  const openNatural = natural.reduce((a, w, j) => (widths[j] === null ? a + w : a), 0);
  return natural.map((w, j) => widths[j] ?? Math.max(minW, (left * w) / openNatural));
}

// ---------------------------------------------------------------------------------------------------------
// PDF font

export interface PdfFontFace {
  file: string;
  /** the face's PostScript name, for a collection (.ttc) */
  postscriptName?: string;
}

export interface PdfFonts {
  regular: PdfFontFace;
  /** the bold face; the regular one (printed with a thin outline) where there is no bold face */
  bold: PdfFontFace;
  syntheticBold: boolean;
}

const NOTO = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/opentype/noto-cjk"];
const KNOWN_FONTS: { regular: PdfFontFace; bold?: PdfFontFace }[] = [
  // Noto Serif CJK SC (思源宋体, a 宋体-like face): Debian/Ubuntu fonts-noto-cjk, Arch noto-fonts-cjk, Fedora
  ...NOTO.map((dir) => ({
    regular: { file: `${dir}/NotoSerifCJK-Regular.ttc`, postscriptName: "NotoSerifCJKsc-Regular" },
    bold: { file: `${dir}/NotoSerifCJK-Bold.ttc`, postscriptName: "NotoSerifCJKsc-Bold" },
  })),
  ...NOTO.map((dir) => ({
    regular: { file: `${dir}/NotoSansCJK-Regular.ttc`, postscriptName: "NotoSansCJKsc-Regular" },
    bold: { file: `${dir}/NotoSansCJK-Bold.ttc`, postscriptName: "NotoSansCJKsc-Bold" },
  })),
  // Source Han (Adobe's name for the same fonts)
  {
    regular: { file: "/usr/share/fonts/adobe-source-han-serif/SourceHanSerifCN-Regular.otf" },
    bold: { file: "/usr/share/fonts/adobe-source-han-serif/SourceHanSerifCN-Bold.otf" },
  },
  {
    regular: { file: "/usr/share/fonts/opentype/source-han-serif/SourceHanSerifSC-Regular.otf" },
    bold: { file: "/usr/share/fonts/opentype/source-han-serif/SourceHanSerifSC-Bold.otf" },
  },
  // 文泉驿, Droid Sans Fallback, AR PL
  { regular: { file: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc" } },
  { regular: { file: "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc" } },
  { regular: { file: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc" } },
  { regular: { file: "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc" } },
  { regular: { file: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf" } },
  { regular: { file: "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf" } },
  { regular: { file: "/usr/share/fonts/truetype/arphic/uming.ttc" } },
  // macOS
  { regular: { file: "/System/Library/Fonts/Supplemental/Songti.ttc", postscriptName: "STSongti-SC-Regular" }, bold: { file: "/System/Library/Fonts/Supplemental/Songti.ttc", postscriptName: "STSongti-SC-Bold" } },
];

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, offset);
  return buf.subarray(0, n);
}

/** The PostScript name (name id 6) of the font whose table directory starts at `offset`. */
function postscriptNameAt(fd: number, offset: number): string | null {
  const head = readAt(fd, offset, 12);
  if (head.length < 12) return null;
  const numTables = head.readUInt16BE(4);
  const dir = readAt(fd, offset + 12, numTables * 16);
  for (let i = 0; i + 16 <= dir.length; i += 16) {
    if (dir.toString("latin1", i, i + 4) !== "name") continue;
    const table = readAt(fd, dir.readUInt32BE(i + 8), dir.readUInt32BE(i + 12));
    if (table.length < 6) return null;
    const count = table.readUInt16BE(2);
    const strings = table.readUInt16BE(4);
    let mac: string | null = null;
    for (let r = 6; r + 12 <= table.length && r < 6 + count * 12; r += 12) {
      const [platform, encoding, , nameId, length, off] = [0, 2, 4, 6, 8, 10].map((k) => table.readUInt16BE(r + k)) as [number, number, number, number, number, number];
      if (nameId !== 6) continue;
      const raw = table.subarray(strings + off, strings + off + length);
      if (platform === 3 || platform === 0) return Buffer.from(raw).swap16().toString("utf16le");
      if (platform === 1 && encoding === 0) mac = raw.toString("latin1");
    }
    return mac;
  }
  return null;
}

/**
 * Checks that `face.file` is a font pdfkit can read (TrueType/OpenType, or a collection) and, for a
 * collection, picks the face: the named one if the collection has it, else a simplified-Chinese one
 * (PostScript name with SC/CN/GB), else the first. Returns null if the file is no usable font.
 */
function checkFace(face: PdfFontFace): PdfFontFace | null {
  let fd: number | null = null;
  try {
    if (!fs.statSync(face.file).isFile()) return null;
    fd = fs.openSync(face.file, "r");
    const tag = readAt(fd, 0, 4).toString("latin1");
    if (tag === "OTTO" || tag === "\x00\x01\x00\x00" || tag === "true") return { file: face.file };
    if (tag !== "ttcf") return null;
    const header = readAt(fd, 0, 12);
    const numFonts = Math.min(header.readUInt32BE(8), 64);
    const offsets = readAt(fd, 12, numFonts * 4);
    const names: string[] = [];
    for (let i = 0; i + 4 <= offsets.length; i += 4) {
      const name = postscriptNameAt(fd, offsets.readUInt32BE(i));
      if (name) names.push(name);
    }
    const pick =
      names.find((n) => n === face.postscriptName) ?? names.find((n) => /(SC|CN|GB)(?![a-z])/.test(n) || /sc-/i.test(n)) ?? names[0];
    return pick ? { file: face.file, postscriptName: pick } : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Finds the Chinese font for PDFs. `ZHIFA_PDF_FONT` (a .ttf/.otf/.ttc, optionally `#PostScriptName` for a
 * face of a collection) wins and is the only candidate when set; else the first of {@link KNOWN_FONTS}
 * present. Null when there is none.
 */
export function resolvePdfFonts(env: NodeJS.ProcessEnv = process.env): PdfFonts | null {
  const configured = env.ZHIFA_PDF_FONT?.trim();
  if (configured) {
    const hash = configured.lastIndexOf("#");
    const face = hash > 0 && !fs.existsSync(configured) ? { file: configured.slice(0, hash), postscriptName: configured.slice(hash + 1) } : { file: configured };
    const regular = checkFace(face);
    if (!regular || (face.postscriptName && regular.postscriptName && regular.postscriptName !== face.postscriptName)) return null;
    return { regular, bold: regular, syntheticBold: true };
  }
  for (const known of KNOWN_FONTS) {
    const regular = checkFace(known.regular);
    if (!regular) continue;
    const bold = known.bold ? checkFace(known.bold) : null;
    return bold ? { regular, bold, syntheticBold: false } : { regular, bold: regular, syntheticBold: true };
  }
  return null;
}

let resolved: PdfFonts | null | undefined;

function pdfFonts(): PdfFonts | null {
  if (resolved === undefined) resolved = resolvePdfFonts();
  return resolved;
}

/** Whether PDFs can be rendered (a Chinese font was found). */
export function pdfFontAvailable(): boolean {
  return pdfFonts() !== null;
}

/** The font PDFs are rendered with (null: none). */
export function pdfFontInUse(): PdfFonts | null {
  return pdfFonts();
}

/** Forgets the resolved font, so that the next render looks again (tests change ZHIFA_PDF_FONT). */
/**
 * The PNG composited onto white, without an alpha channel. pdfkit embeds a PNG with alpha
 * through an asynchronous inflate and numbers its soft-mask object whenever that finishes, so the
 * same document could come out with its objects in another order under load; an opaque PNG is
 * embedded synchronously, keeping regenerated PDFs byte-identical. On a white page the
 * signature looks the same.
 */
function opaquePng(bytes: Uint8Array): Buffer {
  const png = PNG.sync.read(Buffer.from(bytes));
  const d = png.data;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3]!;
    if (a === 255) continue;
    for (let c = 0; c < 3; c++) d[i + c] = Math.round((d[i + c]! * a + 255 * (255 - a)) / 255);
    d[i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2 });
}

export function resetPdfFontForTests(): void {
  resolved = undefined;
}

// ---------------------------------------------------------------------------------------------------------
// PDF

/** may not begin a line (避头) */
const NO_LINE_START = new Set(Array.from("，。、；：？！）］｝〕〉》」』】〗”’…‥—～·％,.;:?!)]}%"));
/** may not end a line (避尾) */
const NO_LINE_END = new Set(Array.from("（［｛〔〈《「『【〖“‘([{"));

type Align = "justify" | "left" | "center" | "right";

interface Token {
  text: string;
  w: number;
  space: boolean;
}

interface Line {
  text: string;
  /** x offset of the line in its box (the first-line indent) */
  indent: number;
  /** width available to the line */
  avail: number;
  w: number;
  /** the last line of a paragraph (not justified) */
  last: boolean;
}

type FontKey = "regular" | "bold";

interface CellBox {
  lines: Line[];
  x: number;
  w: number;
  align: Align;
  font: FontKey;
}

class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  y = MARGIN_TOP;
  private readonly bottom = PAGE_H - MARGIN_BOTTOM;
  private readonly widths = new Map<string, number>();

  constructor(
    private readonly fonts: PdfFonts,
    model: DocModel,
  ) {
    const date = documentDate(model);
    this.doc = new PDFDocument({
      size: "A4",
      margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_X, right: MARGIN_X },
      bufferPages: true,
      pdfVersion: "1.7",
      lang: "zh-CN",
      displayTitle: true,
      info: {
        Title: model.title,
        Author: model.agencyName,
        Subject: model.number ?? model.title,
        Creator: "zhifa",
        Producer: "zhifa",
        CreationDate: date,
        ModDate: date,
      },
    });
    this.doc.registerFont("regular", fonts.regular.file, fonts.regular.postscriptName);
    // (pdfkit does not cache a second name for the same face: it would read the font file on each use)
    if (!fonts.syntheticBold) this.doc.registerFont("bold", fonts.bold.file, fonts.bold.postscriptName);
  }

  private use(font: FontKey, size: number): void {
    this.doc.font(font === "bold" && !this.fonts.syntheticBold ? "bold" : "regular").fontSize(size);
  }

  width(text: string, font: FontKey, size: number): number {
    const key = `${font}\u0000${size}\u0000${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.use(font, size);
      w = this.doc.widthOfString(text);
      this.widths.set(key, w);
    }
    return w;
  }

  private tokens(text: string, font: FontKey, size: number): Token[] {
    const out: Token[] = [];
    // spaces; Latin words (broken after - / _); any other character alone
    const re = /[ \t]+|[\x21-\x7e]*?[-/_](?=[\x21-\x7e])|[\x21-\x7e]+|[\s\S]/gu;
    for (const m of text.matchAll(re)) {
      const t = m[0];
      const space = /^[ \t]/.test(t);
      out.push({ text: space ? " " : t, w: this.width(space ? " " : t, font, size), space });
    }
    return out;
  }

  /**
   * Breaks text into lines `avail` wide: between any two Chinese characters, at spaces, and inside a
   * Latin word only when it does not fit on a line by itself; no line begins with a closing punctuation
   * mark or ends with an opening one (the character before is carried over instead). Each "\n" starts a
   * new line, which gets the first-line indent too.
   */
  wrap(text: string, avail: number, font: FontKey, size: number, indent: number): Line[] {
    const lines: Line[] = [];
    for (const part of text.split(NEWLINE)) {
      const toks = this.tokens(part, font, size);
      let cur: Token[] = [];
      let curW = 0;
      let first = true;
      const room = () => avail - (first ? indent : 0);
      const finish = (last: boolean) => {
        while (cur.length > 0 && cur[cur.length - 1]?.space) cur.pop();
        const lineText = cur.map((t) => t.text).join("");
        this.use(font, size);
        lines.push({ text: lineText, indent: first ? indent : 0, avail: room(), w: lineText ? this.doc.widthOfString(lineText) : 0, last });
        first = false;
        cur = [];
        curW = 0;
      };
      // tokens still to place, the next one last
      const queue = toks.reverse();
      const putBack = (...t: Token[]) => queue.push(...t.reverse());
      while (queue.length > 0) {
        const tok = queue.pop() as Token;
        if (tok.space && cur.length === 0 && !first) continue;
        if (curW + tok.w <= room() + 0.01) {
          cur.push(tok);
          curW += tok.w;
          continue;
        }
        if (tok.space) {
          finish(false);
          continue;
        }
        if (cur.length === 0) {
          // a word wider than the line: break it between characters
          const chars = Array.from(tok.text);
          let k = 1;
          while (k < chars.length && this.width(chars.slice(0, k + 1).join(""), font, size) <= room()) k += 1;
          const head = chars.slice(0, k).join("");
          const rest = chars.slice(k).join("");
          cur.push({ text: head, w: this.width(head, font, size), space: false });
          finish(false);
          if (rest) putBack({ text: rest, w: this.width(rest, font, size), space: false });
          continue;
        }
        // a long Latin word that would leave a wide gap (justified: spread over the line) is broken
        const free = room() - curW;
        if (/^[\x21-\x7e]{4,}$/.test(tok.text) && free / Math.max(1, cur.reduce((n, t) => n + Array.from(t.text).length, 0) - 1) > size * 0.25) {
          const chars = Array.from(tok.text);
          let k = 0;
          while (k < chars.length - 2 && this.width(chars.slice(0, k + 1).join(""), font, size) <= free) k += 1;
          if (k >= 2) {
            const head = chars.slice(0, k).join("");
            const rest = chars.slice(k).join("");
            cur.push({ text: head, w: this.width(head, font, size), space: false });
            finish(false);
            putBack({ text: rest, w: this.width(rest, font, size), space: false });
            continue;
          }
        }
        // kinsoku: carry characters over until the break is allowed (at most 3, and never all of them)
        const carry: Token[] = [tok];
        const allowed = () => {
          const next = carry[0]?.text ?? "";
          const prev = cur[cur.length - 1]?.text ?? "";
          return !NO_LINE_START.has(Array.from(next)[0] ?? "") && !NO_LINE_END.has(Array.from(prev).pop() ?? "");
        };
        const keep = [...cur];
        while (!allowed() && cur.length > 1 && carry.length <= 3) carry.unshift(cur.pop() as Token);
        if (!allowed()) {
          cur = keep;
          carry.splice(0, carry.length, tok);
        }
        finish(false);
        putBack(...carry);
      }
      finish(true);
    }
    return lines;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN_TOP;
  }

  /** Starts a new page unless `h` more points fit on this one. */
  ensure(h: number): void {
    if (this.y + h > this.bottom + 0.01 && this.y > MARGIN_TOP) this.newPage();
  }

  get roomLeft(): number {
    return this.bottom - this.y;
  }

  /** Draws one line of text in the box [x, x + boxW] with its top at y, vertically centred in `pitch`. */
  drawLine(line: Line, x: number, y: number, align: Align, font: FontKey, size: number, pitch: number): void {
    if (!line.text) return;
    let left = x + line.indent;
    const extra = line.avail - line.w;
    if (align === "center") left += Math.max(0, extra / 2);
    else if (align === "right") left += Math.max(0, extra);
    this.use(font, size);
    const fake = font === "bold" && this.fonts.syntheticBold;
    if (fake) this.doc.lineWidth(size * 0.03).strokeColor("black");
    const top = y + (pitch - size) / 2;
    const draw = (text: string, at: number, characterSpacing: number) =>
      this.doc.fillColor("black").text(text, at, top, { lineBreak: false, characterSpacing: characterSpacing || undefined, stroke: fake || undefined, fill: true });
    // justified: the space left is spread after each Chinese character and after each Latin run, not
    // between the letters of a Latin word
    const runs = align === "justify" && !line.last && extra > 0 ? (line.text.match(/[\x20-\x7e]+|[^\x20-\x7e]+/gu) ?? []) : [];
    const slots = runs.reduce((n, r) => n + (/^[\x20-\x7e]/.test(r) ? 1 : Array.from(r).length), 0) - 1;
    const spacing = slots > 0 ? extra / slots : 0;
    if (spacing <= 0 || spacing > size * 0.6) {
      draw(line.text, left, 0);
      return;
    }
    let at = left;
    for (const r of runs) {
      const latin = /^[\x20-\x7e]/.test(r);
      draw(r, at, latin ? 0 : spacing);
      at += this.width(r, font, size) + (latin ? spacing : spacing * Array.from(r).length);
    }
  }

  /** Text lines flowing over pages. */
  flow(text: string, opts: { font: FontKey; size: number; pitch: number; align: Align; indent: number; keepWithNext?: number }): void {
    const lines = this.wrap(text, CONTENT_W, opts.font, opts.size, opts.indent);
    if (opts.keepWithNext) this.ensure(lines.length * opts.pitch + opts.keepWithNext);
    for (const line of lines) {
      this.ensure(opts.pitch);
      this.drawLine(line, MARGIN_X, this.y, opts.align, opts.font, opts.size, opts.pitch);
      this.y += opts.pitch;
    }
  }

  /**
   * One table row; a row that does not fit on the rest of the page goes to the next page (repeating the
   * header), and one taller than a page is split between lines.
   */
  row(cells: CellBox[], size: number, repeatHeader?: () => void): void {
    const pitch = size * 1.5;
    const total = Math.max(1, ...cells.map((c) => c.lines.length));
    let start = 0;
    let freshPage = false;
    while (start < total) {
      const needed = (total - start) * pitch + 2 * CELL_PAD_Y;
      if (needed <= this.roomLeft + 0.01) {
        this.drawRow(cells, start, total, needed, size, pitch);
        return;
      }
      const pageRoom = this.bottom - MARGIN_TOP;
      const fitLines = Math.floor((this.roomLeft - 2 * CELL_PAD_Y) / pitch);
      if (!freshPage && (needed <= pageRoom - 3 * pitch || fitLines < 1)) {
        this.newPage();
        repeatHeader?.();
        freshPage = true;
        continue;
      }
      const k = Math.max(1, fitLines);
      this.drawRow(cells, start, start + k, k * pitch + 2 * CELL_PAD_Y, size, pitch);
      start += k;
      this.newPage();
      repeatHeader?.();
      freshPage = true;
    }
  }

  private drawRow(cells: CellBox[], from: number, to: number, h: number, size: number, pitch: number): void {
    const y = this.y;
    this.doc.lineWidth(0.75).strokeColor("black");
    for (const c of cells) {
      this.doc.rect(c.x, y, c.w, h).stroke();
      // a cell with fewer lines than the row is centred vertically (only when the row is not split)
      const offset = from === 0 && to >= Math.max(...cells.map((d) => d.lines.length)) ? ((to - from - c.lines.length) * pitch) / 2 : 0;
      c.lines.slice(from, to).forEach((line, i) => {
        this.drawLine(line, c.x + CELL_PAD_X, y + CELL_PAD_Y + offset + i * pitch, c.align, c.font, size, pitch);
      });
    }
    this.y = y + h;
  }

  cells(texts: string[], widths: number[], size: number, aligns: Align[], font: FontKey): CellBox[] {
    let x = MARGIN_X;
    return widths.map((w, j) => {
      const box: CellBox = { lines: this.wrap(texts[j] ?? "", w - 2 * CELL_PAD_X, font, size, 0), x, w, align: aligns[j] ?? "left", font };
      x += w;
      return box;
    });
  }

  pageNumbers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i += 1) {
      this.doc.switchToPage(range.start + i);
      const text = `— ${i + 1} —`;
      const w = this.width(text, "regular", PAGE_NUMBER_SIZE);
      this.drawLine({ text, indent: 0, avail: CONTENT_W, w, last: true }, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 7 * PT_PER_MM, "center", "regular", PAGE_NUMBER_SIZE, PAGE_NUMBER_SIZE);
    }
  }
}

function pdfBlock(l: PdfLayout, block: DocBlock): void {
  switch (block.kind) {
    case "heading":
      l.flow(block.text, { font: "bold", size: BODY, pitch: LINE, align: "justify", indent: 2 * BODY, keepWithNext: LINE });
      return;
    case "paragraph": {
      const align: Align = block.align ?? "justify";
      l.flow(block.text, { font: "regular", size: BODY, pitch: LINE, align, indent: block.indent === false || align === "center" || align === "right" ? 0 : 2 * BODY });
      return;
    }
    case "fields": {
      const labelW = Math.min(
        CONTENT_W * 0.4,
        Math.max(6 * FIELDS_SIZE + 2 * CELL_PAD_X, ...block.rows.map((r) => estimateWidth(r.label, FIELDS_SIZE) + 2 * CELL_PAD_X + 1)),
      );
      l.y += LINE / 4;
      for (const r of block.rows) l.row(l.cells([r.label, r.value], [labelW, CONTENT_W - labelW], FIELDS_SIZE, ["center", "justify"], "regular"), FIELDS_SIZE);
      l.y += LINE / 4;
      return;
    }
    case "table": {
      const widths = columnWidths([block.header, ...block.rows], CONTENT_W, TABLE_SIZE);
      const header = () => {
        if (block.header.length > 0) l.row(l.cells(block.header, widths, TABLE_SIZE, widths.map(() => "center"), "bold"), TABLE_SIZE);
      };
      l.y += LINE / 4;
      // the header and the first row stay together
      l.ensure(4 * TABLE_SIZE * 1.5 + 4 * CELL_PAD_Y);
      header();
      for (const r of block.rows) l.row(l.cells(r, widths, TABLE_SIZE, widths.map(() => "justify"), "regular"), TABLE_SIZE, header);
      l.y += LINE / 4;
      return;
    }
    case "signatures": {
      const items = block.items.map((s) => {
        const img = s.image ? { bytes: s.image, ...signatureSize(pngInfo(s.image)) } : null;
        const nameW = s.name ? l.width(s.name, "regular", BODY) : 0;
        const markW = img ? img.w : s.name ? 0 : SIGN_LINE_CHARS * BODY;
        const areaW = Math.max(nameW + (nameW && markW ? BODY / 2 : 0) + markW, l.width(s.date ?? BLANK_DATE, "regular", BODY));
        return { s, img, nameW, markW, areaW, labelW: l.width(withColon(s.label), "regular", BODY) };
      });
      const areaW = Math.min(CONTENT_W - 4 * BODY, Math.max(0, ...items.map((i) => i.areaW)));
      const labelColW = Math.min(CONTENT_W - areaW, Math.max(0, ...items.map((i) => i.labelW)));
      const x0 = MARGIN_X + CONTENT_W - areaW - labelColW;
      const areaX = x0 + labelColW;
      l.y += LINE / 2;
      for (const it of items) {
        const labelLines = l.wrap(withColon(it.s.label), labelColW, "regular", BODY, 0);
        const rowH = Math.max(labelLines.length * LINE, it.img ? it.img.h + (LINE - BODY) / 2 : LINE);
        l.ensure(rowH + LINE + LINE / 2);
        const top = l.y;
        const lastLineTop = top + rowH - LINE;
        // labels right-aligned, next to what they label
        labelLines.forEach((line, i) => l.drawLine(line, x0, lastLineTop - (labelLines.length - 1 - i) * LINE, "right", "regular", BODY, LINE));
        let x = areaX;
        if (it.s.name) {
          l.drawLine({ text: it.s.name, indent: 0, avail: it.nameW, w: it.nameW, last: true }, x, lastLineTop, "left", "regular", BODY, LINE);
          x += it.nameW + BODY / 2;
        }
        const baseline = lastLineTop + (LINE + BODY) / 2;
        if (it.img) {
          l.doc.image(opaquePng(it.img.bytes), x, baseline - it.img.h + (LINE - BODY) / 4, { width: it.img.w, height: it.img.h });
        } else if (!it.s.name) {
          l.doc.lineWidth(0.75).strokeColor("black").moveTo(x, baseline + 2).lineTo(x + it.markW, baseline + 2).stroke();
        }
        const date = it.s.date ?? BLANK_DATE;
        const dateW = l.width(date, "regular", BODY);
        l.drawLine({ text: date, indent: 0, avail: dateW, w: dateW, last: true }, areaX, top + rowH, "left", "regular", BODY, LINE);
        l.y = top + rowH + LINE + LINE / 2;
      }
      return;
    }
  }
}

/** Renders the document to PDF (A4, the Chinese font embedded as a subset). */
export async function renderPdf(model: DocModel): Promise<Buffer> {
  const fonts = pdfFonts();
  if (!fonts) throw new AppError("pdf_font_missing", 503, "服务器缺少中文字体，无法生成 PDF：请安装 fonts-noto-cjk，或设置 ZHIFA_PDF_FONT 指向中文字体文件");
  const l = new PdfLayout(fonts, model);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    l.doc.on("data", (c: Buffer) => chunks.push(c));
    l.doc.on("end", () => resolve(Buffer.concat(chunks)));
    l.doc.on("error", reject);
  });
  // agency name and title
  l.flow(model.agencyName, { font: "bold", size: AGENCY_SIZE, pitch: AGENCY_SIZE * 1.6, align: "center", indent: 0 });
  l.flow(model.title, { font: "bold", size: TITLE_SIZE, pitch: TITLE_SIZE * 1.6, align: "center", indent: 0 });
  if (model.number) {
    l.y += LINE / 4;
    l.flow(model.number, { font: "regular", size: BODY, pitch: LINE, align: "right", indent: 0 });
  }
  l.y += LINE / 2;
  for (const block of model.blocks) pdfBlock(l, block);
  if (model.footer) {
    const pitch = FOOTER_SIZE * 1.5;
    const lines = l.wrap(model.footer, CONTENT_W, "regular", FOOTER_SIZE, 0);
    const h = lines.length * pitch;
    l.ensure(h + LINE);
    const top = PAGE_H - MARGIN_BOTTOM - h;
    l.doc.lineWidth(0.5).strokeColor("black").moveTo(MARGIN_X, top - 4).lineTo(MARGIN_X + CONTENT_W, top - 4).stroke();
    lines.forEach((line, i) => l.drawLine(line, MARGIN_X, top + i * pitch, "left", "regular", FOOTER_SIZE, pitch));
  }
  l.pageNumbers();
  l.doc.end();
  return done;
}

// ---------------------------------------------------------------------------------------------------------
// DOCX

const TWIPS_PER_PT = 20;
const twips = (pt: number) => Math.round(pt * TWIPS_PER_PT);
const half = (pt: number) => Math.round(pt * 2);
const FANGSONG = "仿宋";
const SONGTI = "宋体";
const HEITI = "黑体";
const LATIN = "Times New Roman";
const fontOf = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });
const exact = (pt: number) => ({ line: twips(pt), lineRule: LineRuleType.EXACT });
const border: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

function run(text: string, opts: Omit<IRunOptions, "text"> = {}): TextRun {
  return new TextRun({ text, ...opts });
}

function docxAlign(a: Align | undefined) {
  switch (a) {
    case "center":
      return AlignmentType.CENTER;
    case "right":
      return AlignmentType.RIGHT;
    case "left":
      return AlignmentType.LEFT;
    default:
      return AlignmentType.BOTH;
  }
}

function docxTable(rows: string[][], widths: number[], size: number, header: boolean, labelColumn: boolean): Table {
  const cellParagraphs = (text: string, bold: boolean, align: Align) =>
    text.split(NEWLINE).map(
      (t) =>
        new Paragraph({
          alignment: docxAlign(align),
          spacing: exact(size * 1.5),
          children: [run(t, { bold, size: half(size), font: fontOf(bold ? HEITI : FANGSONG) })],
        }),
    );
  return new Table({
    width: { size: twips(CONTENT_W), type: WidthType.DXA },
    columnWidths: widths.map(twips),
    layout: TableLayoutType.FIXED,
    borders,
    rows: rows.map(
      (r, i) =>
        new TableRow({
          tableHeader: header && i === 0 ? true : undefined,
          children: widths.map((w, j) => {
            const isHeader = header && i === 0;
            const align: Align = isHeader || (labelColumn && j === 0) ? "center" : "justify";
            return new TableCell({
              width: { size: twips(w), type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              margins: { top: twips(CELL_PAD_Y), bottom: twips(CELL_PAD_Y), left: twips(CELL_PAD_X), right: twips(CELL_PAD_X) },
              children: cellParagraphs(r[j] ?? "", isHeader, align),
            });
          }),
        }),
    ),
  });
}

function docxBlock(block: DocBlock): (Paragraph | Table)[] {
  const indent = { firstLine: twips(2 * BODY), firstLineChars: 200 };
  switch (block.kind) {
    case "heading":
      return block.text.split(NEWLINE).map((t) => new Paragraph({ keepNext: true, indent, alignment: AlignmentType.BOTH, children: [run(t, { bold: true, font: fontOf(HEITI) })] }));
    case "paragraph": {
      const align = block.align;
      const indented = block.indent !== false && align !== "center" && align !== "right";
      return block.text.split(NEWLINE).map((t) => new Paragraph({ alignment: docxAlign(align), indent: indented ? indent : undefined, children: [run(t)] }));
    }
    case "fields": {
      const labelW = Math.min(
        CONTENT_W * 0.4,
        Math.max(6 * FIELDS_SIZE + 2 * CELL_PAD_X, ...block.rows.map((r) => estimateWidth(r.label, FIELDS_SIZE) + 2 * CELL_PAD_X + 1)),
      );
      return [docxTable(block.rows.map((r) => [r.label, r.value]), [labelW, CONTENT_W - labelW], FIELDS_SIZE, false, true), new Paragraph({ spacing: exact(LINE / 2), children: [] })];
    }
    case "table": {
      const all = block.header.length > 0 ? [block.header, ...block.rows] : block.rows;
      return [docxTable(all, columnWidths(all, CONTENT_W, TABLE_SIZE), TABLE_SIZE, block.header.length > 0, false), new Paragraph({ spacing: exact(LINE / 2), children: [] })];
    }
    case "signatures": {
      const out: Paragraph[] = [new Paragraph({ children: [] })];
      for (const s of block.items) {
        const children: (TextRun | ImageRun)[] = [run(withColon(s.label))];
        if (s.name) children.push(run(s.name));
        if (s.image) {
          const size = signatureSize(pngInfo(s.image));
          if (s.name) children.push(run(" "));
          // ImageRun sizes are pixels at 96 dpi
          children.push(new ImageRun({ type: "png", data: s.image, transformation: { width: Math.round((size.w * 96) / 72), height: Math.round((size.h * 96) / 72) } }));
        } else if (!s.name) {
          children.push(run("\u3000".repeat(SIGN_LINE_CHARS), { underline: {} }));
        }
        // an image needs the line to grow: "at least" instead of exact line spacing
        out.push(new Paragraph({ alignment: AlignmentType.RIGHT, keepNext: true, spacing: s.image ? { line: twips(LINE), lineRule: LineRuleType.AT_LEAST } : undefined, children }));
        out.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: twips(LINE / 2) }, children: [run(s.date ?? BLANK_DATE)] }));
      }
      return out;
    }
  }
}

/** Reads all entries of a zip, in order. */
function readZip(buf: Buffer): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries: { name: string; data: Buffer }[] = [];
      zip.on("error", reject);
      zip.on("end", () => resolve(entries));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on("data", (c: Buffer) => parts.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            entries.push({ name: entry.fileName, data: Buffer.concat(parts) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * docx stamps the zip entries and the core properties with the current time; the package is rewritten with
 * `date` everywhere, so that the same model gives the same bytes.
 */
async function normalizeDocx(buf: Buffer, date: Date): Promise<Buffer> {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  // DOS timestamps are local time: build a local date with the UTC fields, so the bytes do not depend on TZ
  const y = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  const mtime = new Date(y, date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  const out = new yazl.ZipFile();
  let drawingId = 0;
  for (const { name, data } of await readZip(buf)) {
    let fixed = data;
    if (name === "docProps/core.xml") {
      fixed = Buffer.from(data.toString("utf8").replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${iso}$3`), "utf8");
    } else if (/^word\/[^/]+\.xml$/.test(name)) {
      // drawing ids come from a counter that docx keeps for the whole process: number them from 1
      const xml = data.toString("utf8");
      if (xml.includes("<wp:docPr ")) fixed = Buffer.from(xml.replace(/(<wp:docPr\b[^>]*?\bid=")\d+"/g, (_, head: string) => `${head}${++drawingId}"`), "utf8");
    }
    out.addBuffer(fixed, name, { mtime, compress: true, forceDosTimestamp: true });
  }
  out.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    out.outputStream.on("data", (c: Buffer) => chunks.push(c));
    out.outputStream.on("error", reject);
    out.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

/** Renders the document to DOCX (fonts 仿宋/宋体/黑体, the same structure as the PDF). */
export async function renderDocx(model: DocModel): Promise<Buffer> {
  const date = documentDate(model);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(AGENCY_SIZE * 1.6), children: [run(model.agencyName, { bold: true, size: half(AGENCY_SIZE), font: fontOf(SONGTI) })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(TITLE_SIZE * 1.6), children: [run(model.title, { bold: true, size: half(TITLE_SIZE), font: fontOf(SONGTI) })] }),
  ];
  if (model.number) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: twips(LINE / 4), ...exact(LINE) }, children: [run(model.number)] }));
  children.push(new Paragraph({ spacing: exact(LINE / 2), children: [] }));
  for (const block of model.blocks) children.push(...docxBlock(block));
  if (model.footer) {
    // small print at the bottom of the last page: a frame aligned to the bottom of the text area
    children.push(
      new Paragraph({
        frame: {
          type: "alignment",
          alignment: { x: HorizontalPositionAlign.CENTER, y: VerticalPositionAlign.BOTTOM },
          anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
          width: twips(CONTENT_W),
        },
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: "000000", space: 2 } },
        spacing: exact(FOOTER_SIZE * 1.5),
        alignment: AlignmentType.BOTH,
        children: model.footer.split(NEWLINE).map((t, i) => run(t, { size: half(FOOTER_SIZE), break: i > 0 ? 1 : undefined })),
      }),
    );
  }
  const doc = new Document({
    creator: model.agencyName,
    lastModifiedBy: model.agencyName,
    title: model.title,
    subject: model.number ?? model.title,
    revision: 1,
    styles: {
      default: {
        document: {
          run: { font: fontOf(FANGSONG), size: half(BODY) },
          paragraph: { spacing: exact(LINE) },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(PAGE_W), height: twips(PAGE_H) },
            margin: { top: twips(MARGIN_TOP), bottom: twips(MARGIN_BOTTOM), left: twips(MARGIN_X), right: twips(MARGIN_X), header: twips(15 * PT_PER_MM), footer: twips(14 * PT_PER_MM) },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run("— ", { size: half(PAGE_NUMBER_SIZE) }), new TextRun({ children: [PageNumber.CURRENT], size: half(PAGE_NUMBER_SIZE) }), run(" —", { size: half(PAGE_NUMBER_SIZE) })] })],
          }),
        },
        children,
      },
    ],
  });
  return normalizeDocx(await Packer.toBuffer(doc), date);
}
