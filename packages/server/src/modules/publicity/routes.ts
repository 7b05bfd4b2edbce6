/**
 * 行政执法决定公示 API (R-PUB-03…R-PUB-09, R-PUB-12).
 * Staff (session): `/api/publicity…` — the review queue, detail (original beside the redacted
 * text), edits, publish, withhold, withdraw, corrections, the overdue report, and the push of
 * decisions from another system (`POST /api/publicity/decisions`, Idempotency-Key).
 * Public (no login, rate-limited): `/api/public/decisions…` — search and read published
 * decisions (redacted fields only, with their ledger proof), ask for a correction, follow it.
 */
import { Type } from "typebox";
import { eq } from "drizzle-orm";
import { todayInShanghai } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { ErrorBody, errorResponses, IdParams, IsoDate, PageOf, Uuid } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { registerHistory } from "../audit/registry.ts";
import { agencies } from "../agencies/tables.ts";
import { loadCalendar } from "../calendar/service.ts";
import { publicationPolicy, publicityPolicy, correctionScope, overdueScope, queueScope } from "./policy.ts";
import { presentCorrection, presentDetail, presentPublicDetail, presentPublicItem, presentSummary } from "./presenter.ts";
import * as S from "./schemas.ts";
import * as svc from "./service.ts";
import { userNames } from "../users/service.ts";

export default async function publicityRoutes(app: App) {
  const tags = ["publicity"];
  const publicTags = ["public"];
  const today = () => todayInShanghai(new Date());

  /** The publication, if the actor may read it (404 otherwise). */
  const load = async (actor: Actor, id: string) => {
    const p = await svc.getPublication(app.db, id);
    if (!p) throw errors.notFound("公示信息");
    const res = await svc.publicationResource(app.db, p);
    if (!publicationPolicy.can(actor, "read", res)) throw errors.notFound("公示信息");
    return { p, res };
  };
  const loadFor = async (actor: Actor, id: string, action: "review" | "publish" | "withdraw" | "correct", what: string) => {
    const found = await load(actor, id);
    if (!publicationPolicy.can(actor, action, found.res)) throw errors.forbidden(what);
    return found.p;
  };
  const detail = async (actor: Actor, id: string) => {
    const { p, res } = await load(actor, id);
    return presentDetail(app.db, p, res, actor, today(), await loadCalendar(app.db));
  };

  registerHistory("publications", {
    label: "公示信息",
    owner: async (db, id) => {
      const p = await svc.getPublication(db, id);
      return p ? { agencyId: p.agencyId, agencyPath: p.agencyPath } : null;
    },
    canRead: (actor, owner) => publicationPolicy.can(actor, "review", { ...owner, teamUserIds: [] }) || publicityPolicy.can(actor, "overdue", owner),
  });

  // ------------------------------------------------------------------ staff: the queue and the report
  app.get(
    "/publicity",
    {
      schema: {
        tags,
        summary: "公示审核队列：按状态、期限灯、执法主体、执法类别、关键词筛选（待审核的按期限先后）",
        querystring: S.QueueQuery,
        response: { 200: PageOf(S.Summary), ...errorResponses },
      },
    },
    async (req) => {
      const scope = queueScope(req.actor);
      if (!scope || !publicityPolicy.can(req.actor, "queue", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath })) throw errors.forbidden("查看公示信息");
      const [{ total, rows }, cal] = await Promise.all([svc.listQueue(app.db, scope, req.query, today()), loadCalendar(app.db)]);
      return { items: rows.map((p) => presentSummary(p, today(), cal)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.get(
    "/publicity/overdue",
    {
      schema: {
        tags,
        summary: "公示问责（R-PUB-12）：超期未公示、超期公示、超期撤回，及各执法主体的公示情况（含不予公示数）",
        querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }),
        response: { 200: S.Overdue, ...errorResponses },
      },
    },
    async (req) => {
      const scope = overdueScope(req.actor);
      if (!scope || !publicityPolicy.can(req.actor, "overdue", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath })) throw errors.forbidden("查看公示问责报告");
      const day = today();
      const [r, cal] = await Promise.all([svc.overdueReport(app.db, scope, req.query, day), loadCalendar(app.db)]);
      const item = (p: svc.PublicationWithAgency) => ({ ...presentSummary(p, day, cal), rulingDate: p.rulingDate, withdrawalDeadline: p.withdrawalDeadline });
      const names = await userNames(app.db, r.overdueCorrections.map((x) => x.c.handledBy));
      return { today: day, drafts: r.drafts.map(item), latePublications: r.late.map(item), lateWithdrawals: r.lateWithdrawals.map(item), overdueCorrections: r.overdueCorrections.map((x) => presentCorrection(x.c, x, names)), byAgency: r.byAgency, annualReports: r.annualReports };
    },
  );

  app.get(
    "/publicity/corrections",
    {
      schema: {
        tags,
        summary: "更正申请列表（R-PUB-08）",
        querystring: Type.Object({ status: Type.Optional(S.CorrectionStatus), publicationId: Type.Optional(Uuid), page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        response: { 200: PageOf(S.CorrectionOut), ...errorResponses },
      },
    },
    async (req) => {
      const scope = correctionScope(req.actor);
      if (!scope || !publicityPolicy.can(req.actor, "corrections", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath })) throw errors.forbidden("查看更正申请");
      const { total, rows } = await svc.listCorrections(app.db, scope, req.query);
      const names = await userNames(app.db, rows.map((r) => r.c.handledBy));
      return { items: rows.map((r) => presentCorrection(r.c, r, names)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  // ------------------------------------------------------------------ staff: external push (R-PUB-09)
  app.post(
    "/publicity/decisions",
    {
      schema: {
        tags,
        summary:
          "外部业务系统推送行政执法决定（谁执法谁公示，R-PUB-09）：生成待审核的公示信息（自动脱敏）。须带 Idempotency-Key：同一键、同一内容重复推送返回同一条（200）；同一键、不同内容返回 409 idempotency_conflict。以本主体公示审核人员的登录会话调用",
        headers: Type.Object({ "idempotency-key": Type.String({ minLength: 8, maxLength: 200, pattern: "^[\\x21-\\x7E]+$", description: "幂等键（8–200 个可见 ASCII 字符）" }) }),
        body: S.PushBody,
        response: { 200: S.Detail, 201: S.Detail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const agencyId = req.body.agencyId ?? req.actor.agencyId;
      const [agency] = await app.db.select({ id: agencies.id, name: agencies.name, path: agencies.path }).from(agencies).where(eq(agencies.id, agencyId));
      if (!agency) throw errors.notFound("执法主体");
      if (!publicityPolicy.can(req.actor, "push", { agencyId: agency.id, agencyPath: agency.path })) throw errors.forbidden("为该执法主体推送公示信息");
      const out = await svc.pushDecision(app.db, app.ledger, req.audit("publicity.push"), req.actor, agency, req.headers["idempotency-key"], req.body);
      reply.code(out.created ? 201 : 200);
      return detail(req.actor, out.id);
    },
  );

  // ------------------------------------------------------------------ staff: one publication
  app.get(
    "/publicity/:id",
    { schema: { tags, summary: "公示信息详情：原文与公示文本对照、脱敏命中、仍存在的个人信息、版本、更正申请", params: IdParams, response: { 200: S.Detail, ...errorResponses } } },
    async (req) => detail(req.actor, req.params.id),
  );

  app.put(
    "/publicity/:id",
    {
      schema: {
        tags,
        summary: "审核人员修改待审核的公示文本（保存前再次检查：仍含个人信息的拒绝保存，返回字段错误）",
        params: IdParams,
        body: S.EditBody,
        response: { 200: S.Detail, ...errorResponses },
      },
    },
    async (req) => {
      const p = await loadFor(req.actor, req.params.id, "review", "审核公示信息");
      await svc.editDraft(app.db, app.ledger, req.audit("publicity.edit"), req.actor, p, req.body);
      return detail(req.actor, p.id);
    },
  );

  app.post(
    "/publicity/:id/publish",
    {
      schema: {
        tags,
        summary: "审核发布（R-PUB-06）：仅待审核状态，仅本主体公示审核人员；账本条目记录公示内容的 SHA-256",
        params: IdParams,
        body: Type.Object({ expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: S.Detail, ...errorResponses },
      },
    },
    async (req) => {
      const p = await loadFor(req.actor, req.params.id, "publish", "发布公示信息");
      await svc.publish(app.db, app.ledger, req.audit("publicity.publish"), req.actor, p, req.body);
      return detail(req.actor, p.id);
    },
  );

  app.post(
    "/publicity/:id/withhold",
    {
      schema: {
        tags,
        summary: "决定不予公示（R-PUB-05）：理由与说明",
        params: IdParams,
        body: Type.Object({ reason: S.ExclusionReason, note: Type.String({ minLength: 1, maxLength: 2000, pattern: "\\S" }), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: S.Detail, ...errorResponses },
      },
    },
    async (req) => {
      const p = await loadFor(req.actor, req.params.id, "review", "决定不予公示");
      await svc.withhold(app.db, app.ledger, req.audit("publicity.withhold"), req.actor, p, req.body);
      return detail(req.actor, p.id);
    },
  );

  app.post(
    "/publicity/:id/withdraw",
    {
      schema: {
        tags,
        summary: "撤回（R-PUB-07）：决定被撤销、确认违法或无效、变更的，自收到之日起 2 个工作日内撤回；公众只能看到撤回说明，超期撤回予以标记",
        params: IdParams,
        body: Type.Object({ rulingKind: S.RulingKind, rulingDate: IsoDate, note: Type.String({ maxLength: 500, description: "公开的补充说明（不得含个人信息）" }), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: S.Detail, ...errorResponses },
      },
    },
    async (req) => {
      const p = await loadFor(req.actor, req.params.id, "withdraw", "撤回公示信息");
      await svc.withdraw(app.db, app.ledger, req.audit("publicity.withdraw"), req.actor, p, req.body);
      return detail(req.actor, p.id);
    },
  );

  app.post(
    "/publicity/:id/correct",
    {
      schema: {
        tags,
        summary: "主动更正（R-PUB-08）：发布新版本（旧版本保留），更正说明随新版本公开",
        params: IdParams,
        body: Type.Object({ redacted: S.FieldsEdit, note: Type.String({ minLength: 1, maxLength: 500, pattern: "\\S" }), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: S.Detail, ...errorResponses },
      },
    },
    async (req) => {
      const p = await loadFor(req.actor, req.params.id, "correct", "更正公示信息");
      await svc.correct(app.db, app.ledger, req.audit("publicity.correct"), req.actor, p, req.body);
      return detail(req.actor, p.id);
    },
  );

  app.post(
    "/publicity/corrections/:id/decide",
    {
      schema: {
        tags,
        summary: "处理更正申请（R-PUB-08）：予以更正的发布新版本；不予更正的说明理由",
        params: IdParams,
        body: Type.Object({
          accept: Type.Boolean(),
          reason: Type.String({ maxLength: 2000, description: "不予更正的理由（必填），或予以更正的答复" }),
          redacted: Type.Optional(S.FieldsEdit),
          note: Type.Optional(Type.String({ maxLength: 500, description: "公开的更正说明" })),
          expectedVersion: Type.Optional(Type.Integer({ minimum: 1, description: "公示信息的乐观锁版本号" })),
        }),
        response: { 200: S.CorrectionOut, ...errorResponses },
      },
    },
    async (req) => {
      const c = await svc.getCorrection(app.db, req.params.id);
      if (!c) throw errors.notFound("更正申请");
      const p = await svc.getPublication(app.db, c.publicationId);
      const res = p ? await svc.publicationResource(app.db, p) : null;
      if (!p || !res || !publicationPolicy.can(req.actor, "read", res)) throw errors.notFound("更正申请");
      if (!publicationPolicy.can(req.actor, "correct", res)) throw errors.forbidden("处理更正申请");
      await svc.decideCorrection(app.db, app.ledger, req.audit("publicity.correction_decide"), req.actor, p, c.id, req.body);
      const after = (await svc.getCorrection(app.db, c.id))!;
      const fresh = (await svc.getPublication(app.db, p.id))!;
      return presentCorrection(after, fresh, await userNames(app.db, [after.handledBy]));
    },
  );

  // ------------------------------------------------------------------ public (no login)
  app.get(
    "/public/decisions",
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } },
      schema: {
        tags: publicTags,
        summary: "行政执法决定公示查询（无需登录）：关键词（中文分词）、执法主体、执法类别、决定日期范围；按决定日期倒序",
        querystring: S.PublicQuery,
        response: { 200: S.PublicPage, ...errorResponses },
      },
    },
    async (req) => {
      const { total, totalIs, hasMore, rows } = await svc.searchPublished(app.db, req.query);
      return { items: rows.map(presentPublicItem), total, totalIs, hasMore, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.get(
    "/public/decisions/:id",
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } },
      schema: {
        tags: publicTags,
        summary: "公示的行政执法决定（无需登录）：公示文本、各版本及其账本证明；已撤回的返回 410 和撤回说明",
        params: IdParams,
        response: { 200: S.PublicDetail, 410: ErrorBody, ...errorResponses },
      },
    },
    async (req) => presentPublicDetail(app.db, await svc.publicPublication(app.db, req.params.id)),
  );

  app.post(
    "/public/decisions/:id/corrections",
    {
      // public and unauthenticated: limited per address so it cannot be used to flood an agency
      config: { public: true, rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags: publicTags,
        summary: "申请更正公示信息（R-PUB-08，无需登录）：返回查询码（只显示一次）和处理期限",
        params: IdParams,
        body: S.PublicCorrectionBody,
        response: { 201: Type.Object({ code: Type.String({ description: "查询码：请妥善保存，只显示这一次" }), due: Type.String(), publicationId: Type.String() }), 410: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await svc.requestCorrection(app.db, app.ledger, req.audit("publicity.correction_request"), req.params.id, req.body);
      reply.code(201);
      return { code: out.code, due: out.due, publicationId: req.params.id };
    },
  );

  app.get(
    "/public/corrections/:code",
    {
      // the code is a secret: this route's requests are not written to the access log
      logLevel: "warn",
      config: { public: true, rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags: publicTags,
        summary: "凭查询码查看更正申请的处理情况（无需登录）",
        params: S.CodeParams,
        response: { 200: S.CorrectionStatusOut, ...errorResponses },
      },
    },
    async (req) => svc.correctionByCode(app.db, req.params.code),
  );
}
