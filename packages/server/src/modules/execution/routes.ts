import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses, IdParams, IsoDate, Uuid } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { casePolicy } from "../cases/policy.ts";
import { caseResource, getCase } from "../cases/service.ts";
import { applyForEnforcement, decidePlan, executionOf, recordDemand, recordPayment, requestPlan } from "./service.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: "\\S" } : {}) });

const Execution = Type.Object({
  fineFen: Type.Integer(),
  servedOn: Nullable(Type.String()),
  stateLabel: Type.String(),
  pendingRequest: Type.Boolean(),
  demandedOn: Nullable(Type.String()),
  status: Type.Object({
    state: Type.String(),
    dueDate: Nullable(Type.String()),
    paidFen: Type.Integer(),
    outstandingFen: Type.Integer(),
    lateFee: Nullable(Type.Object({ days: Type.Integer(), feeFen: Type.Integer(), capped: Type.Boolean(), baseFen: Type.Integer() })),
    overdueInstalments: Type.Array(Type.Object({ dueDate: Type.String(), amountFen: Type.Integer() })),
    enforcement: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
  }),
  events: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      kindLabel: Type.String(),
      amountFen: Nullable(Type.Integer()),
      onDate: Nullable(Type.String()),
      method: Nullable(Type.String()),
      reference: Nullable(Type.String()),
      plan: Nullable(Type.Array(Type.Object({ dueDate: Type.String(), amountFen: Type.Integer() }))),
      reason: Type.String(),
      status: Type.String(),
      decisionReason: Nullable(Type.String()),
      byName: Type.String(),
      createdAt: Type.String(),
    }),
  ),
  can: Type.Object({ handle: Type.Boolean(), approve: Type.Boolean() }),
});

/** 执行 of a case's fine: its state, payments, deferral/instalment requests, 催告, court enforcement. */
export default async function executionRoutes(app: App) {
  const tags = ["cases"];
  const load = async (actor: Actor, id: string, action?: "handle" | "approve") => {
    const c = await getCase(app.db, id);
    if (!c) throw errors.notFound("案件");
    const res = await caseResource(app.db, c);
    if (!casePolicy.can(actor, "read", res)) throw errors.notFound("案件");
    if (action) casePolicy.authorize(actor, action, res);
    return { c, res };
  };
  const present = async (actor: Actor, id: string) => {
    const { c, res } = await load(actor, id);
    const ex = await executionOf(app.db, c);
    return { ...ex, events: ex.events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })), can: { handle: casePolicy.can(actor, "handle", res), approve: casePolicy.can(actor, "approve", res) } };
  };

  app.get("/cases/:id/execution", { schema: { tags, summary: "罚款执行情况：应缴、已缴、缴款期限、加处罚款、强制执行申请期限", params: IdParams, response: { 200: Execution, ...errorResponses } } }, async (req) => present(req.actor, req.params.id));

  app.post(
    "/cases/:id/execution/payments",
    { schema: { tags, summary: "记录缴纳罚款（同时形成缴款记录）", params: IdParams, body: Type.Object({ amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }), paidOn: IsoDate, method: Str(100, 1), reference: Str(100) }), response: { 201: Execution, ...errorResponses } } },
    async (req, reply) => {
      const { c } = await load(req.actor, req.params.id, "handle");
      await recordPayment(app.db, app.ledger, req.audit("case.execution_payment"), req.actor, c, req.body);
      reply.code(201);
      return present(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/execution/requests",
    {
      schema: {
        tags,
        summary: "当事人申请暂缓或者分期缴纳罚款（须经机关负责人批准）",
        params: IdParams,
        body: Type.Object({
          kind: Type.Union([Type.Literal("deferral"), Type.Literal("instalments")]),
          reason: Str(2000, 1),
          deferTo: Type.Optional(IsoDate),
          plan: Type.Optional(Type.Array(Type.Object({ dueDate: IsoDate, amountFen: Type.Integer({ minimum: 1 }) }), { minItems: 1, maxItems: 36 })),
        }),
        response: { 201: Execution, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { c } = await load(req.actor, req.params.id, "handle");
      await requestPlan(app.db, app.ledger, req.audit("case.execution_request"), req.actor, c, req.body);
      reply.code(201);
      return present(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/execution/requests/:eventId/decide",
    { schema: { tags, summary: "机关负责人审批暂缓或者分期缴纳申请", params: Type.Object({ id: Uuid, eventId: Uuid }), body: Type.Object({ approve: Type.Boolean(), reason: Str(2000) }), response: { 200: Execution, ...errorResponses } } },
    async (req) => {
      const { c } = await load(req.actor, req.params.id, "approve");
      await decidePlan(app.db, app.ledger, req.audit("case.execution_decide"), req.actor, c, req.params.eventId, req.body);
      return present(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/execution/demand",
    { schema: { tags, summary: "记录催告书送达（申请强制执行前的催告）", params: IdParams, body: Type.Object({ servedOn: IsoDate, reference: Str(100) }), response: { 201: Execution, ...errorResponses } } },
    async (req, reply) => {
      const { c } = await load(req.actor, req.params.id, "handle");
      await recordDemand(app.db, app.ledger, req.audit("case.execution_demand"), req.actor, c, req.body);
      reply.code(201);
      return present(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/execution/enforcement",
    { schema: { tags, summary: "申请人民法院强制执行（在法定申请期限内，且已催告）", params: IdParams, body: Type.Object({ court: Str(100, 1), appliedOn: Type.Optional(IsoDate) }), response: { 201: Execution, ...errorResponses } } },
    async (req, reply) => {
      const { c } = await load(req.actor, req.params.id, "approve");
      await applyForEnforcement(app.db, app.ledger, req.audit("case.execution_enforcement"), req.actor, c, req.body);
      reply.code(201);
      return present(req.actor, c.id);
    },
  );
}
