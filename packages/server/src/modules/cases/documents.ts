/**
 * 执法文书 from templates (R-CASE-06): the templates a case's workflow uses, prefilled from the case;
 * generating a document (the template filled from the case's current data, the officer's texts and
 * the handwritten signatures captured on site), which becomes a case record whose ledger entry
 * carries the DOCX's SHA-256, the template version and the signature images' SHA-256; and
 * regenerating a stored document, byte for byte, as DOCX or PDF.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import { and, asc, desc, eq } from "drizzle-orm";
import {
  CASE_SOURCE_LABELS,
  CASE_TEMPLATES,
  SIGNATURE_ROLE_LABELS,
  buildCaseDocument,
  collectSignatures,
  documentPlainText,
  isCaseTemplateKind,
  prefillTexts,
  templatesForWorkflow,
  unprintedSignatures,
  validateDocumentTexts,
  type CaseDocData,
  type CaseSource,
  type CaseTemplateKind,
  type DocBlock,
  type DocModel,
  type SignatureInput,
  type SignatureRole,
} from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import type { AuditContext } from "../../db/audit.ts";
import { AppError, errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import { pdfFontAvailable, renderDocx, renderPdf } from "../documents/render.ts";
import { caseDocuments } from "./tables.ts";
import { addRecord, teamOf, type CaseWithAgency } from "./service.ts";
import { definitionOf } from "./workflows.ts";

export type CaseDocumentRow = typeof caseDocuments.$inferSelect;
export type DocumentFormat = "docx" | "pdf";

const sha256 = (bytes: Uint8Array): string => crypto.createHash("sha256").update(bytes).digest("hex");

/** The case's generated documents, oldest first. */
export async function caseDocumentRows(db: Db | Tx, caseId: string): Promise<CaseDocumentRow[]> {
  return db.select().from(caseDocuments).where(eq(caseDocuments.caseId, caseId)).orderBy(asc(caseDocuments.generatedAt), asc(caseDocuments.id));
}

/** The case's current data as documents are filled from it. */
export async function caseDocData(db: Db | Tx, c: CaseWithAgency): Promise<CaseDocData> {
  const team = await teamOf(db, c.id);
  const [last] = await db.select({ model: caseDocuments.model }).from(caseDocuments).where(eq(caseDocuments.caseId, c.id)).orderBy(desc(caseDocuments.generatedAt), desc(caseDocuments.id)).limit(1);
  const d = c.decision;
  return {
    agencyName: c.agencyName,
    caseNumber: c.number,
    caseTitle: c.title,
    sourceLabel: CASE_SOURCE_LABELS[c.source as CaseSource] ?? c.source,
    sourceDetail: c.sourceDetail,
    openedOn: c.openedOn,
    party: { type: c.partyType === "person" ? "person" : "org", name: c.partyName, idNo: c.partyIdNo, address: c.partyAddress, phone: c.partyPhone },
    officers: [...team].sort((a, b) => (a.role === "lead" ? 0 : 1) - (b.role === "lead" ? 0 : 1)).map((t) => ({ name: t.name, certNumber: t.certNumber, role: t.role })),
    decision: d ? { measures: d.measures, amountFen: d.amountFen, tierLabel: d.tierLabel, discretionReason: d.discretionReason, outsideTierReason: d.outsideTierReason } : null,
    lastDocument: last ? { title: last.model.title, number: last.model.number ?? null } : null,
  };
}

/** The texts of the case's earlier documents merged (later ones win): facts, evidence… carry over. */
function mergedTexts(rows: CaseDocumentRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r.texts)) if (typeof v === "string" && v.trim() !== "") out[k] = v;
  return out;
}

/** The templates the case's workflow uses, their fields prefilled from the case. */
export async function documentTemplates(db: Db | Tx, c: CaseWithAgency) {
  const def = await definitionOf(db, c.workflowId);
  const data = await caseDocData(db, c);
  const earlier = mergedTexts(await caseDocumentRows(db, c.id));
  return templatesForWorkflow(def).map(({ template: t, requiredIn }) => {
    const values = prefillTexts(t.kind, data, earlier);
    return {
      kind: t.kind,
      version: t.version,
      title: t.title,
      legalBasis: t.legalBasis,
      requiredIn,
      fields: t.editable.map((f) => ({
        key: f.key,
        label: f.label,
        hint: f.hint,
        required: f.required ?? false,
        multiline: f.multiline ?? false,
        ...(f.options ? { options: f.options } : {}),
        value: values[f.key] ?? "",
      })),
    };
  });
}

/** A handwritten signature as the client sends it: the PNG in base64 (a `data:image/png;base64,` URL is accepted too). */
export interface SignatureBody {
  role: SignatureRole;
  name: string;
  imagePng: string;
}

export interface GenerateInput {
  kind: string;
  texts: Record<string, string>;
  format?: DocumentFormat;
  signatures?: SignatureBody[];
}

// ---------------------------------------------------------------------------------------
// Signature images
// ---------------------------------------------------------------------------------------

/** The largest signature image, decoded. */
export const SIGNATURE_PNG_MAX = 200 * 1024;
/** Limits on a signature image's size in pixels (the PDF renderer decodes it). */
const SIGNATURE_SIDE_MAX = 4096;
const SIGNATURE_PIXELS_MAX = 4_000_000;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** channels per PNG colour type, and the bit depths each allows */
const PNG_COLOR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Why these bytes are not a PNG the renderers can print (null when they are): the PNG signature,
 * intact chunks (lengths, CRCs), a valid IHDR first and IEND last, a size within the limits, and
 * image data that inflates to exactly the rows the header announces (which bounds the work).
 */
export function signaturePngProblem(bytes: Uint8Array): string | null {
  if (bytes.length < PNG_MAGIC.length || PNG_MAGIC.some((b, i) => bytes[i] !== b)) return "签名图片不是 PNG 图片";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let header: { width: number; height: number; depth: number; color: number; interlace: number } | null = null;
  let palette = false;
  let ended = false;
  for (let at = PNG_MAGIC.length; at < bytes.length; ) {
    if (ended) return "签名图片在结束标记之后还有数据";
    if (at + 12 > bytes.length) return "签名图片不完整";
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) return "签名图片不完整";
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) return "签名图片已损坏（校验和不符）";
    if (!header && type !== "IHDR") return "签名图片不是有效的 PNG 图片";
    if (type === "IHDR") {
      if (header || length !== 13) return "签名图片不是有效的 PNG 图片";
      const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
      header = { width: d.getUint32(0), height: d.getUint32(4), depth: data[8]!, color: data[9]!, interlace: data[12]! };
      const ct = PNG_COLOR_TYPES[header.color];
      if (!ct || !ct.depths.includes(header.depth) || data[10] !== 0 || data[11] !== 0 || header.interlace > 1) return "签名图片不是有效的 PNG 图片";
      if (header.interlace !== 0) return "签名图片不能是隔行扫描的 PNG";
      if (header.width === 0 || header.height === 0) return "签名图片是空的";
      if (header.width > SIGNATURE_SIDE_MAX || header.height > SIGNATURE_SIDE_MAX || header.width * header.height > SIGNATURE_PIXELS_MAX) return `签名图片尺寸过大（不能超过 ${SIGNATURE_SIDE_MAX} 像素见方、共 ${SIGNATURE_PIXELS_MAX / 1_000_000} 百万像素）`;
    } else if (type === "PLTE") palette = true;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") ended = true;
    at += 12 + length;
  }
  if (!header || !ended || idat.length === 0) return "签名图片不完整";
  if (header.color === 3 && !palette) return "签名图片不是有效的 PNG 图片";
  const stride = 1 + Math.ceil((header.width * PNG_COLOR_TYPES[header.color]!.channels * header.depth) / 8);
  const expected = stride * header.height;
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    return "签名图片的图像数据已损坏";
  }
  if (raw.length !== expected) return "签名图片的图像数据已损坏";
  for (let row = 0; row < header.height; row += 1) if (raw[row * stride]! > 4) return "签名图片的图像数据已损坏";
  return null;
}

/** The bytes of a signature image sent in base64, or why they are refused. */
function decodeSignaturePng(text: string): { bytes: Uint8Array } | { problem: string } {
  const b64 = text.replace(/^data:image\/png;base64,/, "");
  if (b64 === "" || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return { problem: "签名图片应为 base64 编码的 PNG 图片" };
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  if (bytes.length > SIGNATURE_PNG_MAX) return { problem: `签名图片不能超过 ${SIGNATURE_PNG_MAX / 1024} KB` };
  const problem = signaturePngProblem(bytes);
  return problem ? { problem } : { bytes };
}

/** The signatures sent, decoded and checked; all their problems at once. */
function decodeSignatures(list: readonly SignatureBody[]): SignatureInput[] {
  const problems: { field: string; message: string }[] = [];
  const out: SignatureInput[] = [];
  list.forEach((s, i) => {
    const d = decodeSignaturePng(s.imagePng);
    if ("problem" in d) problems.push({ field: `signatures.${i}.imagePng`, message: `${SIGNATURE_ROLE_LABELS[s.role] ?? "签名人"}的签名：${d.problem}` });
    else out.push({ role: s.role, name: s.name, image: d.bytes });
  });
  if (problems.length) throw errors.validation(problems, problems[0]!.message);
  return out;
}

/**
 * How a model is stored (jsonb cannot hold bytes): signature images as base64 strings. The stored
 * model is what the downloads are rendered from, so they come out byte for byte as generated.
 */
type StoredSignature = Omit<Extract<DocBlock, { kind: "signatures" }>["items"][number], "image"> & { image?: string };
type StoredBlock = Exclude<DocBlock, { kind: "signatures" }> | { kind: "signatures"; items: StoredSignature[] };
type StoredModel = Omit<DocModel, "blocks"> & { blocks: StoredBlock[] };

function toStored(model: DocModel): StoredModel {
  return {
    ...model,
    blocks: model.blocks.map((b): StoredBlock => (b.kind === "signatures" ? { ...b, items: b.items.map(({ image, ...s }) => (image ? { ...s, image: Buffer.from(image).toString("base64") } : s)) } : b)),
  };
}

function fromStored(stored: StoredModel): DocModel {
  return {
    ...stored,
    blocks: stored.blocks.map((b): DocBlock => (b.kind === "signatures" ? { ...b, items: b.items.map(({ image, ...s }) => (typeof image === "string" ? { ...s, image: new Uint8Array(Buffer.from(image, "base64")) } : s)) } : b)),
  };
}

/** The model column as stored (see {@link toStored}); the table types it as the model it renders. */
const storedOf = (row: CaseDocumentRow): StoredModel => row.model as unknown as StoredModel;

export interface Generated {
  documentId: string;
  recordId: string;
  kind: CaseTemplateKind;
  title: string;
  number: string | null;
  sha256: string;
  templateVersion: number;
  generatedAt: string;
}

/**
 * Generates a document from the case's current data and the officer's texts (a text left out takes its
 * prefill), stores it as a case record (body = the document's text) with its inputs, and puts the DOCX's
 * SHA-256 and the template version into the record's ledger entry, all in one transaction.
 */
export async function generateDocument(db: Db, ledger: Ledger, ctx: AuditContext, actor: Actor, c: CaseWithAgency, input: GenerateInput): Promise<Generated> {
  if (c.status !== "open" && c.status !== "suspended") throw new AppError("case_not_open", 409, "案件已结案或终止，不能再生成文书");
  if (!isCaseTemplateKind(input.kind)) throw errors.validation([{ field: "kind", message: "没有这种文书的模板" }]);
  const kind = input.kind;
  const def = await definitionOf(db, c.workflowId);
  if (!templatesForWorkflow(def).some((t) => t.template.kind === kind)) throw errors.validation([{ field: "kind", message: `本案的办理流程不使用${CASE_TEMPLATES[kind].title}` }]);
  if (input.format === "pdf" && !pdfFontAvailable()) throw new AppError("pdf_font_missing", 503, "服务器缺少中文字体，无法生成 PDF：请安装 fonts-noto-cjk，或设置 ZHIFA_PDF_FONT 指向中文字体文件");
  const data = await caseDocData(db, c);
  const texts = { ...prefillTexts(kind, data, mergedTexts(await caseDocumentRows(db, c.id))), ...input.texts };
  const template = CASE_TEMPLATES[kind];
  const generatedAt = new Date().toISOString();
  const captured = decodeSignatures(input.signatures ?? []);
  const { signatures, problems: signatureProblems } = collectSignatures(captured, generatedAt);
  const problems = [...validateDocumentTexts(kind, texts), ...signatureProblems];
  if (problems.length) throw errors.validation(problems, problems[0]!.message);
  const model = buildCaseDocument(kind, data, texts, { generatedAt, ...(captured.length ? { signatures } : {}) });
  const unprinted = unprintedSignatures(model, captured).map((i) => ({ field: `signatures.${i}.role`, message: `${template.title}没有${SIGNATURE_ROLE_LABELS[captured[i]!.role]}的签名栏` }));
  if (unprinted.length) throw errors.validation(unprinted, unprinted[0]!.message);
  const hash = sha256(await renderDocx(model));
  const signed = captured.map((s) => ({ role: s.role, name: s.name.trim(), sha256: sha256(s.image) }));
  const documentId = crypto.randomUUID();
  const record = await addRecord(
    db,
    ledger,
    ctx,
    actor,
    c,
    { kind, title: model.title, body: documentPlainText(model), actedAt: generatedAt },
    {
      ledgerData: { document: { documentId, kind, templateVersion: template.version, sha256Docx: hash, generatedAt, ...(signed.length ? { signatures: signed } : {}) } },
      within: async (tx, rec) => {
        const stored = toStored(model) as unknown as DocModel;
        await tx.insert(caseDocuments).values({ id: documentId, caseId: c.id, recordId: rec.id, kind, templateVersion: template.version, texts, data, model: stored, generatedAt: new Date(generatedAt), sha256: hash, createdBy: actor.id });
      },
    },
  );
  return { documentId, recordId: record.id, kind, title: model.title, number: model.number ?? null, sha256: hash, templateVersion: template.version, generatedAt };
}

/** A generated document of the case, by its record. */
export async function findDocument(db: Db | Tx, caseId: string, recordId: string): Promise<CaseDocumentRow> {
  const [row] = await db.select().from(caseDocuments).where(and(eq(caseDocuments.caseId, caseId), eq(caseDocuments.recordId, recordId)));
  if (!row) throw errors.notFound("文书");
  return row;
}

/** The stored document rendered again: the same model, so the same bytes (the DOCX's hash is the recorded one). */
export async function renderDocument(row: CaseDocumentRow, format: DocumentFormat): Promise<{ bytes: Buffer; sha256: string; model: DocModel }> {
  const model = fromStored(storedOf(row));
  const bytes = format === "docx" ? await renderDocx(model) : await renderPdf(model);
  return { bytes, sha256: sha256(bytes), model };
}

export function presentDocument(r: CaseDocumentRow) {
  return {
    id: r.id,
    recordId: r.recordId,
    kind: r.kind,
    title: r.model.title,
    number: r.model.number ?? null,
    templateVersion: r.templateVersion,
    generatedAt: r.generatedAt.toISOString(),
    sha256: r.sha256,
    /** the handwritten signatures it carries: the line's label and the signer's name */
    signed: storedOf(r).blocks.flatMap((b) => (b.kind === "signatures" ? b.items.filter((s) => typeof s.image === "string").map((s) => ({ label: s.label, name: s.name ?? "" })) : [])),
  };
}
