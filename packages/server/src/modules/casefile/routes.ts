import { evidenceRoot } from "../evidence/store.ts";
import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { AppError, errors } from "../../core/errors.ts";
import { errorResponses } from "../../core/schemas.ts";
import { Policy, has, inScope, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";
import { getCaseByNumber } from "../cases/service.ts";
import { caseFilesMissing, CASE_FILE_DAYS } from "./missing.ts";
import { buildCaseFile } from "./export.ts";

/** Exporting a whole case file (all records, every file, sensitive ones too). */
export const caseFilePolicy = new Policy<Owned, "export">("casefile", {
  export: (a, r) => (has(a, "unit_lead", "legal_reviewer", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
});
abilitySources.set("casefile", (actor, own) => caseFilePolicy.abilities(actor, own));

export default async function caseFileRoutes(app: App) {
  const root = evidenceRoot(app.config);

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
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      // 案号 is unique in the deployment; agencyId, if given, must be the case's agency
      const c = await getCaseByNumber(app.db, req.query.caseRef.trim());
      if (!c || (req.query.agencyId && req.query.agencyId !== c.agencyId) || !caseFilePolicy.can(req.actor, "export", { agencyId: c.agencyId, agencyPath: c.agencyPath })) throw errors.notFound("案件");
      const built = await buildCaseFile(app.db, app.ledger, root, { actor: req.actor, caseId: c.id, agencyName: c.agencyName, caseRef: c.number });
      if (!built) throw new AppError("casefile_empty", 404, "该案还没有任何记录");
      reply.header("content-type", "application/zip").header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`电子卷宗-${req.query.caseRef}.zip`)}`).header("cache-control", "private, no-store");
      return reply.send(built.zip.outputStream as never);
    },
  );
}
