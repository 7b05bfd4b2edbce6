import { Type } from "typebox";
import { todayInShanghai } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses, IdParams, PageOf } from "../../core/schemas.ts";
import { Policy, has, inScope, type Actor, type Owned } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";
import { MAX_ACCESS_DAYS, RELATION_LABELS, decide, getRequest, listRequests, lookup, readWithCode, requestAccess } from "./service.ts";

/**
 * 查阅、复制申请 (R-REC-08): the agency's unit leads and head see the requests, supervisors
 * above theirs too; the agency head decides.
 */
export const accessPolicy = new Policy<Owned, "list" | "decide">("access-request", {
  list: (a, r) => (has(a, "unit_lead", "agency_head") && inScope(a, r, "own")) || (has(a, "supervisor") && inScope(a, r, "subtree")),
  decide: (a, r) => has(a, "agency_head") && inScope(a, r, "own"),
});
abilitySources.set("access-request", (actor: Actor, own: Owned) => accessPolicy.abilities(actor, own));

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: "\\S" } : {}) });
const Code = Type.Object({ code: Type.String({ minLength: 16, maxLength: 16, pattern: "^[A-Za-z0-9]+$" }) });

const RequestOut = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNumber: Type.String(),
  agencyName: Type.String(),
  requesterName: Type.String(),
  requesterIdNo: Type.String(),
  requesterPhone: Type.String(),
  relation: Type.String(),
  relationLabel: Type.String(),
  purpose: Type.String(),
  scope: Type.String(),
  includeFiles: Type.Boolean(),
  status: Type.String(),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  validTo: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export default async function accessRoutes(app: App) {
  const tags = ["access"];

  // ------------------------------------------------------------------ the requester (no login)
  app.post(
    "/access-requests",
    {
      // public and unauthenticated: limited per address so it cannot be used to flood an agency
      config: { public: true, rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "申请查阅、复制案卷（当事人、代理人、利害关系人或社会公众；无需登录，返回查询码）",
        body: Type.Object({
          caseNumber: Str(100, 1),
          requester: Type.Object({ name: Str(100, 1), idNo: Type.String({ minLength: 6, maxLength: 30, pattern: "^[0-9A-Za-z]+$" }), phone: Type.String({ minLength: 5, maxLength: 20, pattern: "^[0-9+\\- ]+$" }) }),
          relation: Type.Union([Type.Literal("party"), Type.Literal("agent"), Type.Literal("interested"), Type.Literal("public")]),
          purpose: Str(2000, 1),
          scope: Type.Union([Type.Literal("read"), Type.Literal("copy")]),
          includeFiles: Type.Boolean({ default: false }),
        }),
        response: { 201: Type.Object({ id: Type.String(), code: Type.String(), caseNumber: Type.String(), agencyName: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await requestAccess(app.db, app.ledger, req.audit("access.request"), req.body as never);
      reply.code(201);
      return out;
    },
  );

  app.post(
    "/access-requests/lookup",
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "凭查询码查看申请的审批结果",
        body: Code,
        response: { 200: Type.Object({ status: Type.String(), caseNumber: Type.String(), agencyName: Type.String(), scope: Type.String(), includeFiles: Type.Boolean(), validTo: Type.Union([Type.String(), Type.Null()]), decisionReason: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String() }), ...errorResponses },
      },
    },
    async (req) => lookup(app.db, req.body.code, todayInShanghai(new Date())),
  );

  app.post(
    "/access-requests/read",
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags,
        summary: "凭查询码在批准的期限和范围内查阅案卷（查阅行为记入账本）",
        body: Code,
        response: {
          200: Type.Object({
            caseNumber: Type.String(),
            caseTitle: Type.String(),
            agencyName: Type.String(),
            scope: Type.String(),
            validTo: Type.Union([Type.String(), Type.Null()]),
            records: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), kindLabel: Type.String(), title: Type.String(), body: Type.String(), actedAt: Type.String() })),
            files: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), category: Type.String(), capturedAt: Type.String(), sha256: Type.String(), size: Type.Integer() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => readWithCode(app.db, app.ledger, req.body.code, todayInShanghai(new Date())),
  );

  // ------------------------------------------------------------------ the agency
  app.get(
    "/access-requests",
    {
      schema: {
        tags,
        summary: "查阅、复制申请列表",
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("approved"), Type.Literal("refused")])), page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        response: { 200: PageOf(RequestOut), ...errorResponses },
      },
    },
    async (req) => {
      const a = req.actor;
      if (!accessPolicy.can(a, "list", { agencyId: a.agencyId, agencyPath: a.agencyPath })) throw errors.forbidden("查看查阅申请");
      const scope = has(a, "supervisor") ? { pathPrefix: a.agencyPath } : { agencyId: a.agencyId };
      const { total, rows } = await listRequests(app.db, scope, req.query.status, req.query.page, req.query.pageSize);
      return {
        items: rows.map(({ r, caseNumber, agencyName }) => ({
          id: r.id,
          caseId: r.caseId,
          caseNumber,
          agencyName,
          requesterName: r.requesterName,
          requesterIdNo: r.requesterIdNo,
          requesterPhone: r.requesterPhone,
          relation: r.relation,
          relationLabel: RELATION_LABELS[r.relation] ?? r.relation,
          purpose: r.purpose,
          scope: r.scope,
          includeFiles: r.includeFiles,
          status: r.status,
          decisionReason: r.decisionReason,
          validTo: r.validTo,
          createdAt: r.createdAt.toISOString(),
        })),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  app.post(
    "/access-requests/:id/decide",
    {
      schema: {
        tags,
        summary: "机关负责人审批查阅、复制申请（批准的限定期限和范围；不予批准的说明理由）",
        params: IdParams,
        body: Type.Object({ approve: Type.Boolean(), reason: Str(2000), days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ACCESS_DAYS })), scope: Type.Optional(Type.Union([Type.Literal("read"), Type.Literal("copy")])), includeFiles: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.String(), validTo: Type.Union([Type.String(), Type.Null()]), scope: Type.String(), includeFiles: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const found = await getRequest(app.db, req.params.id);
      const owned = found ? { agencyId: found.r.agencyId, agencyPath: found.agencyPath } : null;
      if (!found || !owned || !accessPolicy.can(req.actor, "list", owned)) throw errors.notFound("查阅申请");
      accessPolicy.authorize(req.actor, "decide", owned);
      const row = await decide(app.db, app.ledger, req.audit("access.decide"), req.actor, req.params.id, req.body);
      return { id: row.id, status: row.status, validTo: row.validTo, scope: row.scope, includeFiles: row.includeFiles };
    },
  );
}
