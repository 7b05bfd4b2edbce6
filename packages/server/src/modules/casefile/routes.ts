import { dateInShanghai } from "@zhifa/domain";
import { BlobMissingError, evidenceRoot } from "../evidence/blobs.ts";
import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { AppError, errors } from "../../core/errors.ts";
import { errorResponses } from "../../core/schemas.ts";
import { Policy, has, inScope, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";
import { caseChain, getCase, getCaseByNumber } from "../cases/service.ts";
import { mutate } from "../../db/audit.ts";
import { ASSEMBLE_JOB, assembleCaseFile, caseFilesOf, enqueueAssembly, type Assembler, type AssemblyTrigger } from "./assemble.ts";
import { caseFilesMissing, CASE_FILE_DAYS } from "./missing.ts";
import { buildCaseFile } from "./export.ts";

/** Exporting a whole case file (all records, every file, sensitive ones too). */
export const caseFilePolicy = new Policy<Owned, "export">("casefile", {
  export: (a, r) => (has(a, "unit_lead", "legal_reviewer", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
});
abilitySources.set("casefile", (actor, own) => caseFilePolicy.abilities(actor, own));

export default async function caseFileRoutes(app: App) {
  const root = evidenceRoot(app.config);
  app.jobs.register(ASSEMBLE_JOB, async (payload) => {
    const stored = await assembleCaseFile(app.db, app.ledger, app.blobs, root, String(payload.caseId), payload.trigger as AssemblyTrigger, payload.by as Assembler | undefined);
    return stored ? { sha256: stored.sha256, size: stored.size } : { skipped: "no records" };
  });

  /** The case, if the actor may have its case file (404 otherwise: its existence is not disclosed). */
  const caseFor = async (actor: Parameters<typeof caseFilePolicy.can>[0], id: string) => {
    const c = await getCase(app.db, id);
    if (!c || !caseFilePolicy.can(actor, "export", { agencyId: c.agencyId, agencyPath: c.agencyPath })) throw errors.notFound("案件");
    return c;
  };
  const CaseFileOut = Type.Object({ id: Type.String(), sha256: Type.String(), size: Type.Integer(), trigger: Type.String(), triggerLabel: Type.String(), entries: Type.Integer(), files: Type.Integer(), assembledAt: Type.String(), ledgerEntryId: Type.Integer() });
  const TRIGGER_LABELS: Record<string, string> = { closed: "结案时自动组卷", archived: "归档时自动组卷", manual: "手动组卷" };

  app.get(
    "/cases/:id/case-files",
    {
      schema: {
        tags: ["casefile"],
        summary: "本案已形成的电子卷宗（结案、归档时自动组卷，或手动组卷），新的在前（R-REC-07）",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Object({ items: Type.Array(CaseFileOut), pending: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const c = await caseFor(req.actor, req.params.id);
      const rows = await caseFilesOf(app.db, c.id);
      const pending = await app.jobs.hasPending(ASSEMBLE_JOB, c.id);
      return {
        items: rows.map((r) => ({ id: r.id, sha256: r.sha256, size: r.size, trigger: r.trigger, triggerLabel: TRIGGER_LABELS[r.trigger] ?? r.trigger, entries: r.entries, files: r.files, assembledAt: r.assembledAt.toISOString(), ledgerEntryId: r.ledgerEntryId })),
        pending,
      };
    },
  );

  app.post(
    "/cases/:id/case-files",
    {
      schema: {
        tags: ["casefile"],
        summary: "立即组卷：在后台形成本案当前的电子卷宗",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 202: Type.Object({ queued: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const c = await caseFor(req.actor, req.params.id);
      await mutate(app.db, req.audit("casefile.assemble"), (tx) => enqueueAssembly(tx, c.id, "manual", { actor: `user:${req.actor.id}`, name: req.actor.displayName }));
      return reply.code(202).send({ queued: true });
    },
  );

  app.get(
    "/cases/:id/case-files/:fileId",
    {
      schema: {
        tags: ["casefile"],
        summary: "下载已形成的电子卷宗（ZIP；下载记入本案账本）",
        produces: ["application/zip"],
        params: Type.Object({ id: Type.String({ format: "uuid" }), fileId: Type.String({ format: "uuid" }) }),
        response: { ...errorResponses, 410: errorResponses[404] },
      },
    },
    async (req, reply) => {
      const c = await caseFor(req.actor, req.params.id);
      const file = (await caseFilesOf(app.db, c.id)).find((f) => f.id === req.params.fileId);
      if (!file) throw errors.notFound("电子卷宗");
      const body = await app.blobs.read(file.sha256).catch((e: unknown) => {
        if (e instanceof BlobMissingError) throw new AppError("casefile_blob_missing", 410, "电子卷宗文件不在存储中，请重新组卷");
        throw e;
      });
      // reading the whole record is itself on record (R-REC-08)
      try {
        await app.ledger.record({ kind: "casefile.downloaded", actor: `user:${req.actor.id}`, chain: caseChain(c.id), data: { by: req.actor.displayName, sha256: file.sha256 } });
      } catch (e) {
        body.destroy();
        throw e;
      }
      reply
        .header("content-type", "application/zip")
        .header("content-length", String(file.size))
        .header("x-content-sha256", file.sha256)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`电子卷宗-${c.number}-${dateInShanghai(file.assembledAt)}.zip`)}`)
        .header("cache-control", "private, no-store");
      return reply.send(body as never);
    },
  );

  app.get(
    "/case-files/missing",
    {
      schema: {
        tags: ["casefile"],
        summary: `提醒：结案已满 ${CASE_FILE_DAYS} 日仍未形成电子卷宗的案件（R-REC-07）`,
        querystring: Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), title: Type.String(), agencyName: Type.String(), status: Type.String(), closedAt: Type.String(), daysSinceClosed: Type.Integer() })),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const a = req.actor;
      const own: Owned = { agencyId: a.agencyId, agencyPath: a.agencyPath };
      if (!caseFilePolicy.can(a, "export", own)) throw errors.forbidden("查看电子卷宗提醒");
      const scope = has(a, "supervisor") ? { pathPrefix: a.agencyPath } : { agencyId: a.agencyId };
      const { total, rows } = await caseFilesMissing(app.db, scope, new Date(), req.query.page, req.query.pageSize);
      return { items: rows, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );
  app.get(
    "/case-files/export",
    {
      schema: {
        tags: ["casefile"],
        summary: "导出电子卷宗（ZIP：记录、包含证明、签名检查点、证据文件、目录），可用 zhifa verify 离线验证",
        produces: ["application/zip"],
        querystring: Type.Object({ caseRef: Type.String({ minLength: 1, maxLength: 100 }), agencyId: Type.Optional(Type.String({ format: "uuid" })) }),
        response: { ...errorResponses, 410: errorResponses[404] },
      },
    },
    async (req, reply) => {
      // 案号 is unique in the deployment; agencyId, if given, must be the case's agency
      const c = await getCaseByNumber(app.db, req.query.caseRef.trim());
      if (!c || (req.query.agencyId && req.query.agencyId !== c.agencyId) || !caseFilePolicy.can(req.actor, "export", { agencyId: c.agencyId, agencyPath: c.agencyPath })) throw errors.notFound("案件");
      const built = await buildCaseFile(app.db, app.ledger, app.blobs, { by: { actor: `user:${req.actor.id}`, name: req.actor.displayName, kind: "casefile.exported" }, caseId: c.id, agencyName: c.agencyName, caseRef: c.number });
      if (!built) throw new AppError("casefile_empty", 404, "该案还没有任何记录");
      reply.header("content-type", "application/zip").header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`电子卷宗-${req.query.caseRef}.zip`)}`).header("cache-control", "private, no-store");
      return reply.send(built.zip.outputStream as never);
    },
  );
}
