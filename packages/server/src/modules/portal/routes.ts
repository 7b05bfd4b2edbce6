/**
 * The public portal's HTML pages, part 1: 事前 (R-PUB-01: every list of section 1, current, and
 * the power list as of a date) and 事中 (R-PUB-02: officer verification with a QR code).
 *
 * Mounted at /portal (not under /api): no login (`public`), hidden from the OpenAPI document,
 * cached for a minute. Pages are plain HTML with one stylesheet and no scripts, so they work
 * with JavaScript disabled. Bad input gets a Chinese error page with 400 or 404. Part 2, 事后
 * (R-PUB-03, R-PUB-04, R-PUB-07, R-PUB-08, R-PUB-11): the decisions, their feeds, and the one
 * POST, the correction request (same-origin check, rate-limited).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { todayInShanghai, shanghaiDayEnd } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { listPowers } from "../powers/service.ts";
import { PORTAL_CSS, PORTAL_CSS_PATH } from "./layout.ts";
import { agencyParam, beforeParam, dateParam, isCertificateNo, isUuid, notFound, pageParam, searchParam, unknownCertificate, type Query } from "./params.ts";
import { PUBLIC_READER, agenciesAsOf, agencyById, allAgencies, latestCheckpoint, officerByCertificate, officersAsOf, portalCounts, regionNames, searchOfficers, unitsOf } from "./data.ts";
import { publicBase, qrSvg, verificationUrl } from "./qr.ts";
import { homePage } from "./pages/home.ts";
import { portalErrorHandler, sendHtml } from "./reply.ts";
import { boardPage } from "./pages/board.ts";
import { listRows } from "../lists/service.ts";
import { serviceGuidesList } from "../lists/defs/service-guides.ts";
import { CHECKPOINTS_PER_PAGE, ledgerPage } from "./pages/ledger.ts";
import { agenciesPage, agencyPage } from "./pages/agencies.ts";
import { badgePage, officersPage, verificationPage } from "./pages/officers.ts";
import { flowchartPage, flowchartsPage, powersPage } from "./pages/powers.ts";
import { listPage, listsIndexPage } from "./pages/lists.ts";
import { correctionLookupPage, crossSitePage, decisionFilters, decisionPage, decisionsPage, sameOrigin, submitCorrection, unknownAgency, type PageAnswer } from "./pages/decisions.ts";
import { atomFeed, decisionsCsv, decisionsJson, latestOfAgency, pageSizeParam, rssFeed } from "./feeds.ts";
import { searchPublished } from "../publicity/service.ts";
import { NotifiedCache } from "../../db/notified-cache.ts";

const PAGE = { config: { public: true }, schema: { hide: true } } as const;
const OFFICERS_PER_PAGE = 24;

const today = () => todayInShanghai(new Date());

/** A feed (R-PUB-11): its content type, cached for a minute like the pages. */
function sendFeed(reply: FastifyReply, type: string, body: string) {
  return reply.code(200).type(type).header("cache-control", "public, max-age=60").send(body);
}

/** A rendered page kept while it is provisional (its ledger leaf not yet sequenced: no write notifies it). */
const PROVISIONAL_MS = 2_000;

export default async function portalRoutes(app: App) {
  /**
   * The most visited pages, rendered once per process and kept while the change feed is live
   * (decision 003): a write to any table a page was read from, in any server process, drops it,
   * so a withdrawal or correction shows at once. A decision page reads publications, their
   * versions, agencies and settings (the correction period); a verification page, officers and
   * agencies, and is kept per day (validity is a matter of today's date).
   */
  const rendered = new NotifiedCache<PageAnswer>(app.changes, 10 * 60_000, 5_000);
  const renderedPage = async (key: string, tables: readonly string[], render: () => Promise<PageAnswer>): Promise<PageAnswer> => {
    const hit = rendered.get(key);
    if (hit) return hit;
    const ticket = rendered.ticket();
    const out = await render();
    const now = Date.now();
    if (out.status === 200 || out.status === 410) rendered.set(key, out, tables, ticket, now, out.provisional ? now + PROVISIONAL_MS : Infinity);
    return out;
  };
  const DECISION_TABLES = ["publications", "publication_versions", "agencies", "settings"] as const;
  const OFFICER_TABLES = ["officers", "agencies"] as const;

  // errors of these routes are pages, not JSON (this plugin is encapsulated: /api keeps its handler)
  app.setErrorHandler(portalErrorHandler);

  // the correction form (R-PUB-08) posts application/x-www-form-urlencoded; only these routes read it
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 128 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(PORTAL_CSS_PATH, PAGE, async (_request, reply) =>
    // the page links it with ?v=<content hash>, so it may be cached for good
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(PORTAL_CSS),
  );

  const home = async (reply: FastifyReply) => {
    const day = today();
    const [counts, checkpoint] = await Promise.all([portalCounts(app.db, day), latestCheckpoint(app.ledger)]);
    return sendHtml(reply, homePage({ counts, day, checkpoint }));
  };
  app.get("/portal", PAGE, async (_request, reply) => home(reply));

  // ---------------------------------------------------------------- 执法主体 (R-LIST-01)
  app.get("/portal/agencies", PAGE, async (request, reply) => {
    const date = dateParam(request.query as Query);
    return sendHtml(reply, agenciesPage(date ? await agenciesAsOf(app.db, shanghaiDayEnd(date)) : await allAgencies(app.db), date));
  });

  const agencyOf = async (id: string) => {
    const missing = notFound("执法主体不存在", "没有找到该执法主体，请从执法主体列表中选择。");
    if (!isUuid(id)) throw missing;
    const agency = await agencyById(app.db, id);
    if (!agency) throw missing;
    return agency;
  };
  const agencyUrl = (request: FastifyRequest, id: string) => `${publicBase(app.config, request)}/portal/agencies/${id}`;

  // 岗位信息公示牌 (R-PUB-02): printable, with a QR code to the agency's page
  app.get("/portal/agencies/:id/board", PAGE, async (request, reply) => {
    const agency = await agencyOf((request.params as { id: string }).id);
    const day = today();
    const [list, guides, officers, powers] = await Promise.all([
      allAgencies(app.db),
      listRows(app.db, serviceGuidesList, PUBLIC_READER, { agencyId: agency.id, page: 1, pageSize: 30 }),
      searchOfficers(app.db, { agencyId: agency.id, page: 1, pageSize: 1 }),
      listPowers(app.db, PUBLIC_READER, { agencyId: agency.id, page: 1, pageSize: 1, asOf: day }),
    ]);
    const parent = list.find((a) => a.id === agency.parentId) ?? null;
    return sendHtml(reply, boardPage({ agency, parent, guides: guides.items, officers: officers.total, powers: powers.total, agencyUrl: agencyUrl(request, agency.id), day }));
  });

  app.get("/portal/agencies/:id/qr.svg", PAGE, async (request, reply) => {
    const agency = await agencyOf((request.params as { id: string }).id);
    return reply.type("image/svg+xml; charset=utf-8").header("cache-control", "public, max-age=60").send(await qrSvg(agencyUrl(request, agency.id)));
  });

  app.get("/portal/agencies/:id", PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const page = pageParam(request.query as Query);
    const agency = await agencyOf(id);
    const day = today();
    const [list, units, officers, powers, decisions] = await Promise.all([
      allAgencies(app.db),
      unitsOf(app.db, id),
      searchOfficers(app.db, { agencyId: id, page, pageSize: OFFICERS_PER_PAGE }),
      listPowers(app.db, PUBLIC_READER, { agencyId: id, page: 1, pageSize: 20, asOf: day }),
      searchPublished(app.db, { agencyId: id, page: 1, pageSize: 5 }),
    ]);
    const parent = list.find((a) => a.id === agency.parentId) ?? null;
    const children = list.filter((a) => a.parentId === id);
    return sendHtml(
      reply,
      agencyPage({ agency, parent, children, units, officers: { ...officers, page, pageSize: OFFICERS_PER_PAGE }, powers, decisions: { items: decisions.rows, total: decisions.total, totalIs: decisions.totalIs }, day, names: regionNames(list) }),
    );
  });

  // ---------------------------------------------------------------- 执法人员 (R-LIST-02, R-PUB-02)
  app.get("/portal/officers", PAGE, async (request, reply) => {
    const query = request.query as Query;
    const q = searchParam(query);
    const agencyId = agencyParam(query);
    const page = pageParam(query);
    const date = dateParam(query);
    const agencies = await allAgencies(app.db);
    const found = date
      ? await officersAsOf(app.db, shanghaiDayEnd(date), { q, agencyId, page, pageSize: OFFICERS_PER_PAGE }, agencies)
      : await searchOfficers(app.db, { q, agencyId, page, pageSize: OFFICERS_PER_PAGE });
    return sendHtml(reply, officersPage({ q, agencyId, page, pageSize: OFFICERS_PER_PAGE, ...found, day: date ?? today(), date, agencies, names: regionNames(agencies) }));
  });

  const officerOf = async (certificateNo: string) => {
    if (!isCertificateNo(certificateNo)) throw unknownCertificate(certificateNo);
    const officer = await officerByCertificate(app.db, certificateNo);
    if (!officer) throw unknownCertificate(certificateNo);
    return officer;
  };

  app.get("/portal/officers/:certificateNo", PAGE, async (request, reply) => {
    const { certificateNo } = request.params as { certificateNo: string };
    const day = today();
    const out = await renderedPage(`officer ${day} ${certificateNo}`, OFFICER_TABLES, async () => {
      const [officer, agencies] = await Promise.all([officerOf(certificateNo), allAgencies(app.db)]);
      return { status: 200, body: verificationPage(officer, day, regionNames(agencies)) };
    });
    return sendHtml(reply, out.body, out.status);
  });

  app.get("/portal/officers/:certificateNo/qr.svg", PAGE, async (request, reply) => {
    const officer = await officerOf((request.params as { certificateNo: string }).certificateNo);
    const svg = await qrSvg(verificationUrl(publicBase(app.config, request), officer.certNumber));
    return reply.type("image/svg+xml; charset=utf-8").header("cache-control", "public, max-age=60").send(svg);
  });

  app.get("/portal/officers/:certificateNo/badge", PAGE, async (request, reply) => {
    const officer = await officerOf((request.params as { certificateNo: string }).certificateNo);
    return sendHtml(reply, badgePage(officer, verificationUrl(publicBase(app.config, request), officer.certNumber)));
  });

  // ---------------------------------------------------------------- the ledger's checkpoints (R-REC-02, R-REC-10)
  app.get("/portal/ledger", PAGE, async (request, reply) => {
    const before = beforeParam(request.query as Query);
    const [latest, found] = await Promise.all([app.ledger.latestCheckpoint(), app.ledger.checkpoints(before ?? null, CHECKPOINTS_PER_PAGE + 1)]);
    const items = found.slice(0, CHECKPOINTS_PER_PAGE);
    const next = found.length > CHECKPOINTS_PER_PAGE ? items[items.length - 1]!.size : null;
    return sendHtml(reply, ledgerPage({ latest, items, next, before }), 200, "public, max-age=5");
  });

  // ---------------------------------------------------------------- 权责清单 (R-LIST-03), 流程图 (R-LIST-08)
  app.get("/portal/powers", PAGE, async (request, reply) => {
    const query = request.query as Query;
    return sendHtml(reply, await powersPage(app.db, { agencyId: agencyParam(query), date: dateParam(query), q: searchParam(query), page: pageParam(query) }));
  });

  app.get("/portal/flowcharts", PAGE, async (_request, reply) => sendHtml(reply, await flowchartsPage(app.db)));

  app.get("/portal/flowcharts/:key", PAGE, async (request, reply) => {
    const { key } = request.params as { key: string };
    if (!/^[a-z][a-z0-9_.]{0,59}$/.test(key)) throw notFound("流程图不存在", "没有这个执法流程，请从流程图列表中选择。");
    return sendHtml(reply, await flowchartPage(app.db, key));
  });

  // ---------------------------------------------------------------- the other lists (R-LIST-04 … R-LIST-09)
  app.get("/portal/lists", PAGE, async (_request, reply) => sendHtml(reply, listsIndexPage()));

  app.get("/portal/lists/:kind", PAGE, async (request, reply) => {
    const { kind } = request.params as { kind: string };
    const query = request.query as Query;
    return sendHtml(reply, await listPage(app.db, kind, { agencyId: agencyParam(query), q: searchParam(query), page: pageParam(query), date: dateParam(query) }));
  });

  // ---------------------------------------------------------------- 执法决定, 事后 (R-PUB-03, R-PUB-04, R-PUB-07, R-PUB-08, R-PUB-11)
  app.get("/portal/decisions", PAGE, async (request, reply) => {
    const query = request.query as Query;
    return sendHtml(reply, await decisionsPage(app.db, decisionFilters(query), pageParam(query)));
  });

  app.get("/portal/decisions/:id", PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const out = await renderedPage(`decision ${id}`, DECISION_TABLES, () => decisionPage(app.db, id));
    // the page holds the correction form: its POST must carry this site's Origin (no-referrer would send "null")
    return sendHtml(reply.header("referrer-policy", "same-origin"), out.body, out.status);
  });

  app.get("/portal/decisions/:id/correction", PAGE, async (request, reply) => reply.redirect(`/portal/decisions/${encodeURIComponent((request.params as { id: string }).id)}#correction`, 303));

  app.post(
    "/portal/decisions/:id/correction",
    // public, without a session: same-origin check instead of a CSRF token, limited per address like the JSON route
    { config: { public: true, rateLimit: { max: 5, timeWindow: "1 minute" } }, schema: { hide: true } },
    async (request, reply) => {
      if (!sameOrigin(request.headers, request.host, app.config.PUBLIC_URL)) return sendHtml(reply, crossSitePage(), 403);
      const out = await submitCorrection(app.db, app.ledger, request.audit("publicity.correction_request"), (request.params as { id: string }).id, request.body);
      // the code is shown once: never stored by a cache
      return sendHtml(reply.header("referrer-policy", "same-origin"), out.body, out.status, "no-store");
    },
  );

  app.get(
    "/portal/corrections",
    // the code is a secret: these requests are not written to the access log; guessing is rate-limited
    { logLevel: "warn", config: { public: true, rateLimit: { max: 30, timeWindow: "1 minute" } }, schema: { hide: true } },
    async (request, reply) => {
      const out = await correctionLookupPage(app.db, request.query as Query);
      return sendHtml(reply, out.body, out.status, "no-store");
    },
  );

  // feeds (R-PUB-11): same filters as the search; unknown agency → 404
  const feedFilters = async (query: Query) => {
    const f = decisionFilters(query);
    if (f.agencyId && !(await agencyById(app.db, f.agencyId))) throw unknownAgency();
    return f;
  };
  app.get("/portal/decisions.json", { ...PAGE, config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } } }, async (request, reply) => {
    const query = request.query as Query;
    const f = await feedFilters(query);
    const body = await decisionsJson(app.db, f, pageParam(query), pageSizeParam(query), publicBase(app.config, request));
    return sendFeed(reply, "application/json; charset=utf-8", JSON.stringify(body));
  });
  app.get("/portal/decisions.csv", { ...PAGE, config: { public: true, rateLimit: { max: 10, timeWindow: "1 minute" } } }, async (request, reply) => {
    const csv = await decisionsCsv(app.db, await feedFilters(request.query as Query), publicBase(app.config, request));
    reply.header("content-disposition", `attachment; filename="decisions.csv"; filename*=UTF-8''${encodeURIComponent("执法决定.csv")}`).header("x-total-count", String(csv.total));
    return sendFeed(reply, "text/csv; charset=utf-8", csv.body);
  });
  const feedAgency = async (id: string) => {
    const agency = isUuid(id) ? await agencyById(app.db, id) : null;
    if (!agency) throw unknownAgency();
    return agency;
  };
  app.get("/portal/agencies/:id/decisions.rss", { ...PAGE, config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } } }, async (request, reply) => {
    const agency = await feedAgency((request.params as { id: string }).id);
    const rows = await latestOfAgency(app.db, agency.id);
    return sendFeed(reply, "application/rss+xml; charset=utf-8", rssFeed(agency, rows, publicBase(app.config, request), new Date()));
  });
  app.get("/portal/agencies/:id/decisions.atom", { ...PAGE, config: { public: true, rateLimit: { max: 120, timeWindow: "1 minute" } } }, async (request, reply) => {
    const agency = await feedAgency((request.params as { id: string }).id);
    const rows = await latestOfAgency(app.db, agency.id);
    return sendFeed(reply, "application/atom+xml; charset=utf-8", atomFeed(agency, rows, publicBase(app.config, request), new Date()));
  });

  // anything else under /portal: "/portal/" is the home page, the rest a Chinese 404 (not the web app's fallback)
  app.get("/portal/*", PAGE, async (request, reply) => {
    if ((request.params as { "*": string })["*"] === "") return home(reply);
    throw notFound("页面不存在", "您访问的页面不存在，可能已被移动或删除。");
  });
}
