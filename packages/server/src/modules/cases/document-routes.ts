import { Type } from "typebox";
import { CASE_TEMPLATE_KINDS, SIGNATURE_ROLES, SIGNER_NAME_MAX } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses, ErrorBody, IdParams, Uuid } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { casePolicy } from "./policy.ts";
import { caseResource, getCase, type CaseWithAgency } from "./service.ts";
import { caseDocumentRows, documentTemplates, findDocument, generateDocument, presentDocument, renderDocument, type DocumentFormat } from "./documents.ts";

const TemplateFieldOut = Type.Object({
  key: Type.String(),
  label: Type.String(),
  hint: Type.String(),
  required: Type.Boolean(),
  multiline: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
  /** prefilled from the case, the case's earlier documents, or the standard text */
  value: Type.String(),
});

const TemplateOut = Type.Object({
  kind: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  legalBasis: Type.String(),
  /** the stages of the case's workflow that require this document */
  requiredIn: Type.Array(Type.String()),
  fields: Type.Array(TemplateFieldOut),
});

const DocumentOut = Type.Object({
  id: Type.String(),
  recordId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  templateVersion: Type.Integer(),
  generatedAt: Type.String(),
  sha256: Type.String(),
  /** the handwritten signatures it carries: the signature line's label and the signer's name */
  signed: Type.Array(Type.Object({ label: Type.String(), name: Type.String() })),
});

const Format = Type.Union([Type.Literal("docx"), Type.Literal("pdf")]);

const GenerateBody = Type.Object({
  kind: Type.Union(CASE_TEMPLATE_KINDS.map((k) => Type.Literal(k))),
  /** the officer's texts by field key; a field left out takes its prefill */
  texts: Type.Record(Type.String({ maxLength: 60 }), Type.String()),
  format: Type.Optional(Format),
  /**
   * Handwritten signatures captured on site (笔录, 送达回证): who signed, their name, and the PNG of
   * the signature in base64 (at most 200 KB decoded); printed on the document's signature lines.
   */
  signatures: Type.Optional(
    Type.Array(
      Type.Object({
        role: Type.Union(SIGNATURE_ROLES.map((r) => Type.Literal(r))),
        name: Type.String({ maxLength: SIGNER_NAME_MAX * 2 }),
        imagePng: Type.String({ minLength: 1, maxLength: 400_000 }),
      }),
      { maxItems: 8 },
    ),
  ),
});

const Generated = Type.Object({
  documentId: Type.String(),
  recordId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.String(),
  templateVersion: Type.Integer(),
  generatedAt: Type.String(),
  /** where to download it in the requested format */
  url: Type.String(),
});

const DocParams = Type.Object({ id: Uuid, recordId: Uuid });

/** 执法文书 from templates (R-CASE-06). */
export default async function caseDocumentRoutes(app: App) {
  const tags = ["cases"];

  /** The case, if the actor may read it (404 otherwise: its existence is not disclosed). */
  const load = async (actor: Actor, id: string, action: "read" | "handle" = "read"): Promise<CaseWithAgency> => {
    const c = await getCase(app.db, id);
    if (!c) throw errors.notFound("案件");
    const resource = await caseResource(app.db, c);
    if (!casePolicy.can(actor, "read", resource)) throw errors.notFound("案件");
    if (action !== "read") casePolicy.authorize(actor, action, resource);
    return c;
  };

  const url = (caseId: string, recordId: string, format: DocumentFormat) => `/api/cases/${caseId}/documents/${recordId}.${format}`;

  app.get(
    "/cases/:id/documents/templates",
    { schema: { tags, summary: "本案可用的执法文书模板（按本案数据预填可编辑内容）", params: IdParams, response: { 200: Type.Object({ items: Type.Array(TemplateOut) }), ...errorResponses } } },
    async (req) => {
      const c = await load(req.actor, req.params.id);
      return { items: await documentTemplates(app.db, c) };
    },
  );

  app.get(
    "/cases/:id/documents",
    { schema: { tags, summary: "本案已生成的执法文书", params: IdParams, response: { 200: Type.Object({ items: Type.Array(DocumentOut) }), ...errorResponses } } },
    async (req) => {
      const c = await load(req.actor, req.params.id);
      return { items: (await caseDocumentRows(app.db, c.id)).map(presentDocument) };
    },
  );

  app.post(
    "/cases/:id/documents",
    {
      schema: {
        tags,
        summary: "按模板生成执法文书（填入本案数据和编辑的内容，作为案件记录保存，文书哈希记入存证链）",
        params: IdParams,
        body: GenerateBody,
        response: { 201: Generated, ...errorResponses, 503: ErrorBody },
      },
      // signature images make the body larger than the default limit
      bodyLimit: 4 * 1024 * 1024,
    },
    async (req, reply) => {
      const c = await load(req.actor, req.params.id, "handle");
      const doc = await generateDocument(app.db, app.ledger, req.audit("case.document"), req.actor, c, req.body);
      reply.code(201);
      return { ...doc, url: url(c.id, doc.recordId, req.body.format ?? "docx") };
    },
  );

  app.get("/cases/:id/documents/:recordId.docx", { schema: { tags, summary: "下载执法文书（Word）", params: DocParams } }, async (req, reply) => {
    const c = await load(req.actor, req.params.id);
    const row = await findDocument(app.db, c.id, req.params.recordId);
    const doc = await renderDocument(row, "docx");
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
      .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${doc.model.title}-${c.number}.docx`)}`)
      .header("x-document-sha256", doc.sha256)
      .send(doc.bytes);
  });

  app.get("/cases/:id/documents/:recordId.pdf", { schema: { tags, summary: "下载执法文书（PDF，内嵌中文字体）", params: DocParams } }, async (req, reply) => {
    const c = await load(req.actor, req.params.id);
    const row = await findDocument(app.db, c.id, req.params.recordId);
    const doc = await renderDocument(row, "pdf");
    return reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(`${doc.model.title}-${c.number}.pdf`)}`)
      .send(doc.bytes);
  });
}
