/** 行政复议、行政诉讼 of a case (R-PUB-10): listed with the case, recorded by those who handle it. */
import { Type } from "typebox";
import { eq } from "drizzle-orm";
import { REMEDY_KINDS, REMEDY_OUTCOMES } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses, IdParams, IsoDate, Uuid } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { registerHistory } from "../audit/registry.ts";
import { casePolicy } from "../cases/policy.ts";
import { caseResource, getCase } from "../cases/service.ts";
import { presentRemedy, recordRemedy, remediesOf, updateRemedy } from "./service.ts";
import { caseRemedies } from "./tables.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: "\\S" } : {}) });
const Kind = Type.Union(REMEDY_KINDS.map((k) => Type.Literal(k)), { description: "reconsideration 行政复议 | litigation 行政诉讼" });
const Outcome = Type.Union(REMEDY_OUTCOMES.map((k) => Type.Literal(k)), {
  description: "upheld 维持 | dismissed 驳回 | revoked 撤销 | changed 变更 | illegal 确认违法 | invalid 确认无效 | ordered 责令履行 | withdrawn 撤回（终止、撤诉） | mediated 调解（和解） | other 其他",
});

const RemedyOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  body: Type.String({ description: "复议机关 / 人民法院" }),
  reference: Type.String({ description: "复议、诉讼案号" }),
  filedOn: Type.String(),
  decidedOn: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  outcomeLabel: Nullable(Type.String()),
  note: Type.String(),
  createdByName: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
});
const RemedyList = Type.Object({
  items: Type.Array(RemedyOut),
  can: Type.Object({ record: Type.Boolean() }),
  withdrawn: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), documentNumber: Type.String() }), { description: "因本次记录的结果（撤销、确认违法或无效、变更）而撤下的已公示决定（R-PUB-07）" }),
  ),
});
const RemedyBody = Type.Object({
  kind: Kind,
  body: Str(200, 1),
  reference: Type.Optional(Str(100)),
  filedOn: IsoDate,
  decidedOn: Type.Optional(Nullable(IsoDate)),
  outcome: Type.Optional(Nullable(Outcome)),
  note: Type.Optional(Str(2000)),
});
const RemedyPatch = Type.Partial(Type.Object({ ...RemedyBody.properties, expectedVersion: Type.Integer({ minimum: 1 }) }));

export default async function remedyRoutes(app: App) {
  const tags = ["cases"];
  const load = async (actor: Actor, id: string, handle: boolean) => {
    const c = await getCase(app.db, id);
    if (!c) throw errors.notFound("案件");
    const res = await caseResource(app.db, c);
    if (!casePolicy.can(actor, "read", res)) throw errors.notFound("案件");
    if (handle && !casePolicy.can(actor, "handle", res)) throw errors.forbidden("记录该案件的复议诉讼情况");
    return { c, res };
  };
  const list = async (actor: Actor, id: string) => {
    const { c, res } = await load(actor, id, false);
    return { items: (await remediesOf(app.db, c.id)).map(presentRemedy), can: { record: casePolicy.can(actor, "handle", res) } };
  };

  registerHistory("case_remedies", {
    label: "复议诉讼记录",
    owner: async (db, id) => {
      const [r] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select({ caseId: caseRemedies.caseId }).from(caseRemedies).where(eq(caseRemedies.id, id)) : [];
      const c = r ? await getCase(db, r.caseId) : null;
      return c ? { agencyId: c.agencyId, agencyPath: c.agencyPath } : null;
    },
    canRead: (actor, owner) => casePolicy.can(actor, "read", { ...owner, teamUserIds: [] }),
  });

  app.get("/cases/:id/remedies", { schema: { tags, summary: "案件的行政复议、行政诉讼情况", params: IdParams, response: { 200: RemedyList, ...errorResponses } } }, async (req) => list(req.actor, req.params.id));

  app.post(
    "/cases/:id/remedies",
    { schema: { tags, summary: "记录行政复议或行政诉讼（受理情况；已有结果的同时记录结果）", params: IdParams, body: RemedyBody, response: { 201: RemedyList, ...errorResponses } } },
    async (req, reply) => {
      const { c } = await load(req.actor, req.params.id, true);
      const { withdrawn } = await recordRemedy(app.db, app.ledger, req.audit("case.remedy_record"), req.actor, c, req.body);
      reply.code(201);
      return { ...(await list(req.actor, c.id)), withdrawn };
    },
  );

  app.put(
    "/cases/:id/remedies/:remedyId",
    {
      schema: { tags, summary: "记录复议决定或裁判结果（记录结果后不再修改）", params: Type.Object({ id: Uuid, remedyId: Uuid }), body: RemedyPatch, response: { 200: RemedyList, ...errorResponses } },
    },
    async (req) => {
      const { c } = await load(req.actor, req.params.id, true);
      const withdrawn = await updateRemedy(app.db, app.ledger, req.audit("case.remedy_update"), req.actor, c, req.params.remedyId, req.body);
      return { ...(await list(req.actor, c.id)), withdrawn };
    },
  );
}
