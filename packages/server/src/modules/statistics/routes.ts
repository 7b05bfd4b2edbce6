/**
 * 行政执法统计年报 API (R-PUB-10).
 * Staff (session): `/api/statistics/reports…` — each agency's report of a year with its deadline
 * and late flag, generate/regenerate the draft, the 说明, publish, XLSX; `/api/statistics/figures`
 * — any year or quarter computed live (not saved), also as XLSX.
 * Public (no login): `/api/public/statistics…` — published reports only.
 */
import { Type } from "typebox";
import { periodOf, todayInShanghai, type Quarter } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses, IdParams, Uuid } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { registerHistory } from "../audit/registry.ts";
import { statisticsPolicy, statisticsScope } from "./policy.ts";
import { presentListItem, presentPublicReport, presentReport, REPORT_STATUS_LABELS } from "./presenter.ts";
import * as S from "./schemas.ts";
import * as svc from "./service.ts";
import { attachment, statisticsWorkbook, XLSX_TYPE } from "./xlsx.ts";
import { userNames } from "../users/service.ts";

export default async function statisticsRoutes(app: App) {
  const tags = ["statistics"];
  const today = () => todayInShanghai(new Date());

  /** The report, if the actor may read it (404 otherwise). */
  const load = async (actor: Actor, id: string) => {
    const r = await svc.getReport(app.db, id);
    if (!r || !statisticsPolicy.can(actor, "read", { agencyId: r.agencyId, agencyPath: r.agencyPath })) throw errors.notFound("统计年报");
    return r;
  };
  const detail = async (actor: Actor, id: string) => {
    const r = await load(actor, id);
    const [names, newer] = await Promise.all([userNames(app.db, [r.generatedBy, r.publishedBy]), svc.correctedBy(app.db, r.id)]);
    return presentReport(actor, r, names, today(), newer?.id ?? null);
  };
  /** The agency asked for (the actor's own by default), if the actor may do `action` for it. */
  const agencyFor = async (actor: Actor, agencyId: string | undefined, action: "read" | "prepare", what: string) => {
    const agency = await svc.agencyFor(app.db, agencyId ?? actor.agencyId);
    const own = { agencyId: agency.id, agencyPath: agency.path };
    // another agency out of scope is not shown to exist; one's own agency says "not allowed"
    if (!statisticsPolicy.can(actor, "read", own)) throw agency.id === actor.agencyId ? errors.forbidden(what) : svc.statisticsErrors.unknownAgency();
    if (!statisticsPolicy.can(actor, action, own)) throw errors.forbidden(what);
    return agency;
  };

  registerHistory("statistics_reports", {
    label: "统计年报",
    owner: async (db, id) => {
      const r = await svc.getReport(db, id);
      return r ? { agencyId: r.agencyId, agencyPath: r.agencyPath } : null;
    },
    canRead: (actor, owner) => statisticsPolicy.can(actor, "read", owner),
  });

  // ------------------------------------------------------------------ reports
  app.get(
    "/statistics/reports",
    {
      schema: {
        tags,
        summary: "各执法主体某年度的统计年报：未生成、草稿、已发布；发布期限（次年 1 月 31 日）及是否超期",
        querystring: Type.Object({ year: Type.Optional(S.Year) }),
        response: { 200: Type.Object({ year: Type.Integer(), deadline: Type.String(), today: Type.String(), items: Type.Array(S.ListItem) }), ...errorResponses },
      },
    },
    async (req) => {
      const scope = statisticsScope(req.actor);
      if (!scope) throw errors.forbidden("查看统计年报");
      const day = today();
      const year = req.query.year ?? Number(day.slice(0, 4)) - 1;
      const rows = await svc.listReports(app.db, scope, year, day);
      return { year, deadline: `${year + 1}-01-31`, today: day, items: rows.map((r) => presentListItem(req.actor, r)) };
    },
  );

  app.post(
    "/statistics/reports",
    {
      schema: {
        tags,
        summary: "生成（或重新生成）某年度统计年报草稿：按数据统计并冻结；仅限已结束的年度，已发布的不能重新生成",
        body: S.GenerateBody,
        response: { 200: S.Report, ...errorResponses },
      },
    },
    async (req) => {
      const agency = await agencyFor(req.actor, req.body.agencyId, "prepare", "生成统计年报");
      const id = await svc.generate(app.db, req.audit("statistics.generate"), req.actor, agency, req.body.year);
      return detail(req.actor, id);
    },
  );

  app.get("/statistics/reports/:id", { schema: { tags, summary: "统计年报详情", params: IdParams, response: { 200: S.Report, ...errorResponses } } }, async (req) => detail(req.actor, req.params.id));

  app.put(
    "/statistics/reports/:id",
    { schema: { tags, summary: "编辑草稿的说明（随报告公开，不得含个人信息）", params: IdParams, body: S.NoteBody, response: { 200: S.Report, ...errorResponses } } },
    async (req) => {
      const r = await load(req.actor, req.params.id);
      if (!statisticsPolicy.can(req.actor, "prepare", { agencyId: r.agencyId, agencyPath: r.agencyPath })) throw errors.forbidden("编辑统计年报");
      await svc.editNote(app.db, req.audit("statistics.note"), r, req.body);
      return detail(req.actor, r.id);
    },
  );

  app.post(
    "/statistics/reports/:id/publish",
    {
      schema: {
        tags,
        summary: "审核发布统计年报（机关负责人或公示审核人员）：账本条目记录公开内容的 SHA-256；1 月 31 日后发布的标记为超期",
        params: IdParams,
        body: Type.Object({ expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: S.Report, ...errorResponses },
      },
    },
    async (req) => {
      const r = await load(req.actor, req.params.id);
      if (!statisticsPolicy.can(req.actor, "publish", { agencyId: r.agencyId, agencyPath: r.agencyPath })) throw errors.forbidden("发布统计年报");
      await svc.publish(app.db, app.ledger, req.audit("statistics.publish"), req.actor, r, req.body);
      return detail(req.actor, r.id);
    },
  );

  app.post(
    "/statistics/reports/:id/corrections",
    {
      schema: {
        tags,
        summary: "更正已发布的统计年报：按现有数据生成新版本草稿（保留说明），写明更正说明；发布后原版本标为“已被更正”，仍可查阅",
        params: IdParams,
        body: S.CorrectBody,
        response: { 201: S.Report, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await load(req.actor, req.params.id);
      if (!statisticsPolicy.can(req.actor, "prepare", { agencyId: r.agencyId, agencyPath: r.agencyPath })) throw errors.forbidden("更正统计年报");
      const id = await svc.correct(app.db, req.audit("statistics.correct"), req.actor, r, req.body);
      return reply.code(201).send(await detail(req.actor, id));
    },
  );

  app.get(
    "/statistics/reports/:id/xlsx",
    { schema: { tags, summary: "下载统计年报（XLSX，草稿或已发布）", params: IdParams, response: { ...errorResponses } } },
    async (req, reply) => {
      const r = await load(req.actor, req.params.id);
      const buffer = await statisticsWorkbook({ agencyName: r.agencyName, status: REPORT_STATUS_LABELS[r.status] ?? r.status, note: r.note, publishedOn: r.publishedOn, sha256: r.sha256 }, r.figures);
      return reply.type(XLSX_TYPE).header("content-disposition", attachment(`${r.agencyName}${r.year}年度行政执法统计.xlsx`)).send(buffer as never);
    },
  );

  // ------------------------------------------------------------------ live figures (any year or quarter)
  const live = async (actor: Actor, q: { agencyId?: string; year: number; quarter?: number }) => {
    const agency = await agencyFor(actor, q.agencyId, "read", "查看统计数据");
    const p = periodOf(q.year, (q.quarter ?? null) as Quarter | null);
    const day = today();
    svc.checkPeriod(p, day);
    return { agency, figures: await svc.figuresFor(app.db, agency.id, p, day) };
  };

  app.get(
    "/statistics/figures",
    { schema: { tags, summary: "按年度或季度实时统计（不保存）：河北等地的季度报送", querystring: S.FiguresQuery, response: { 200: S.LiveFigures, ...errorResponses } } },
    async (req) => {
      const { agency, figures } = await live(req.actor, req.query);
      return { agencyId: agency.id, agencyName: agency.name, figures };
    },
  );

  app.get(
    "/statistics/figures/xlsx",
    { schema: { tags, summary: "按年度或季度实时统计，下载 XLSX", querystring: S.FiguresQuery, response: { ...errorResponses } } },
    async (req, reply) => {
      const { agency, figures } = await live(req.actor, req.query);
      const buffer = await statisticsWorkbook({ agencyName: agency.name, status: `实时统计（截至${figures.asOf}，未发布）`, note: "" }, figures);
      return reply.type(XLSX_TYPE).header("content-disposition", attachment(`${agency.name}${figures.period.label}行政执法统计.xlsx`)).send(buffer as never);
    },
  );

  // ------------------------------------------------------------------ public (no login)
  app.get(
    "/public/statistics",
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } },
      schema: {
        tags: ["public"],
        summary: "已发布的行政执法统计年报（无需登录，R-PUB-10）",
        querystring: Type.Object({ agencyId: Type.Optional(Uuid), year: Type.Optional(S.Year) }),
        response: { 200: Type.Object({ items: Type.Array(S.PublicItem) }), ...errorResponses },
      },
    },
    async (req) => ({ items: (await svc.publishedReports(app.db, req.query)).map((r) => ({ id: r.id, agencyId: r.agencyId, agencyName: r.agencyName, year: r.year, publishedOn: r.publishedOn, late: r.late === true, edition: r.edition })) }),
  );

  app.get(
    "/public/statistics/:id",
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } },
      schema: { tags: ["public"], summary: "已发布的统计年报（无需登录）：数据、说明及其 SHA-256（已写入账本）", params: IdParams, response: { 200: S.PublicReport, ...errorResponses } },
    },
    async (req) => {
      const r = await svc.publicReport(app.db, req.params.id);
      if (!r) throw errors.notFound("统计年报");
      const [entry, newer] = await Promise.all([svc.publicLedgerEntry(app.db, r), svc.correctedBy(app.db, r.id)]);
      return presentPublicReport(r, entry, newer?.id ?? null);
    },
  );
}
