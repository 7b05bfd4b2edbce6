/**
 * 执法文书 from templates (R-CASE-06): the templates a case's workflow uses, prefilled from the case;
 * generating a document (the template filled from the case's current data and the officer's texts),
 * which becomes a case record whose ledger entry carries the DOCX's SHA-256 and the template version;
 * and regenerating a stored document, byte for byte, as DOCX or PDF.
 */
import crypto from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import {
  CASE_SOURCE_LABELS,
  CASE_TEMPLATES,
  buildCaseDocument,
  documentPlainText,
  isCaseTemplateKind,
  prefillTexts,
  templatesForWorkflow,
  validateDocumentTexts,
  type CaseDocData,
  type CaseSource,
  type CaseTemplateKind,
  type DocModel,
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

export interface GenerateInput {
  kind: string;
  texts: Record<string, string>;
  format?: DocumentFormat;
}

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
  const problems = validateDocumentTexts(kind, texts);
  if (problems.length) throw errors.validation(problems, problems[0]!.message);
  const template = CASE_TEMPLATES[kind];
  const generatedAt = new Date().toISOString();
  const model = buildCaseDocument(kind, data, texts, { generatedAt });
  const hash = sha256(await renderDocx(model));
  const documentId = crypto.randomUUID();
  const record = await addRecord(
    db,
    ledger,
    ctx,
    actor,
    c,
    { kind, title: model.title, body: documentPlainText(model), actedAt: generatedAt },
    {
      ledgerData: { document: { documentId, kind, templateVersion: template.version, sha256Docx: hash, generatedAt } },
      within: async (tx, rec) => {
        await tx.insert(caseDocuments).values({ id: documentId, caseId: c.id, recordId: rec.id, kind, templateVersion: template.version, texts, data, model, generatedAt: new Date(generatedAt), sha256: hash, createdBy: actor.id });
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
  const model = row.model;
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
  };
}
