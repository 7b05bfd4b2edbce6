/**
 * The portal's 统计年报 pages (R-PUB-10), at /portal/statistics: no login, no scripts, cached for a
 * minute; only published reports exist here. Bad input gets the portal's Chinese error pages.
 */
import { parseYear } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { allAgencies } from "../portal/data.ts";
import { agencyParam, badRequest, isUuid, notFound, type Query } from "../portal/params.ts";
import { portalErrorHandler, sendHtml } from "../portal/reply.ts";
import { correctedBy, payloadSha256, publicLedgerEntry, publicReport, publishedReports, reportPayload } from "./service.ts";
import { renderCharts } from "./charts.ts";
import { statisticsListPage, statisticsReportPage } from "./portal-pages.ts";
import { attachment, statisticsWorkbook, XLSX_TYPE } from "./xlsx.ts";

const PAGE = { config: { public: true }, schema: { hide: true } } as const;

export default async function statisticsPortalRoutes(app: App) {
  app.setErrorHandler(portalErrorHandler);

  const missing = () => notFound("统计年报不存在", "没有找到该统计年报，请从统计年报列表中选择。");
  const load = async (id: string) => {
    if (!isUuid(id)) throw missing();
    const r = await publicReport(app.db, id);
    if (!r) throw missing();
    return r;
  };

  app.get("/portal/statistics", PAGE, async (request, reply) => {
    const query = request.query as Query;
    const agencyId = agencyParam(query);
    const yearText = typeof query.year === "string" && query.year !== "" ? query.year : undefined;
    const year = yearText === undefined ? undefined : parseYear(yearText);
    if (year === null) throw badRequest("年度应为四位数字，例如 2025");
    const [items, agencies] = await Promise.all([publishedReports(app.db, { ...(agencyId ? { agencyId } : {}), ...(year ? { year } : {}) }), allAgencies(app.db)]);
    return sendHtml(reply, statisticsListPage({ items, agencies, ...(agencyId ? { agencyId } : {}) }));
  });

  app.get("/portal/statistics/:id", PAGE, async (request, reply) => {
    const r = await load((request.params as { id: string }).id);
    const [charts, entry, newer] = await Promise.all([renderCharts(r.figures), publicLedgerEntry(app.db, r), correctedBy(app.db, r.id)]);
    return sendHtml(reply, statisticsReportPage({ ...r, late: r.late === true, correctedBy: newer }, charts, { sha256: payloadSha256(reportPayload(r)), entry }));
  });

  app.get("/portal/statistics/:id/report.xlsx", PAGE, async (request, reply) => {
    const r = await load((request.params as { id: string }).id);
    const status = `${r.status === "superseded" ? "已被更正（旧版本）" : "已发布"}${r.edition > 1 ? `，第 ${r.edition} 版（更正）` : ""}`;
    const buffer = await statisticsWorkbook({ agencyName: r.agencyName, status, note: r.note, publishedOn: r.publishedOn, sha256: r.sha256 }, r.figures);
    return reply
      .type(XLSX_TYPE)
      .header("cache-control", "public, max-age=60")
      .header("content-disposition", attachment(`${r.agencyName}${r.year}年度行政执法统计.xlsx`))
      .send(buffer);
  });
}
