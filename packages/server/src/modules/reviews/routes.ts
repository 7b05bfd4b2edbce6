import { Type, type TSchema } from "typebox";
import type { FastifyRequest } from "fastify";
import { eq } from "drizzle-orm";
import { DOC_KIND_LABELS, REVIEW_STATES, addCalendarDays, isDocKind, todayInShanghai, type ReviewState } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses, IdParams, IsoDate, PageOf } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { users } from "../users/tables.ts";
import { caseRecords } from "../cases/tables.ts";
import { evidenceFiles } from "../evidence/tables.ts";
import { casePolicy } from "../cases/policy.ts";
import { caseResource, getCase } from "../cases/service.ts";
import { reviewListScope, reviewPolicy, reviewQueuePolicy } from "./policy.ts";
import { presentDetail, presentSummary } from "./presenter.ts";
import { opinionDocx, opinionPdf } from "./document.ts";
import * as S from "./schemas.ts";
import * as svc from "./service.ts";

export default async function reviewRoutes(app: App) {
  const tags = ["reviews"];
  const today = () => todayInShanghai(new Date());

  /** The round, if the actor may read it (404 otherwise). */
  const load = async (actor: Actor, id: string) => {
    const r = await svc.getReview(app.db, id);
    if (!r) throw errors.notFound("法制审核");
    const res = await svc.reviewResource(app.db, r);
    if (!reviewPolicy.can(actor, "read", res)) throw errors.notFound("法制审核");
    return { r, res };
  };
  const loadFor = async (actor: Actor, id: string, action: "submit" | "review" | "opine" | "decide", what: string) => {
    const found = await load(actor, id);
    if (!reviewPolicy.can(actor, action, found.res)) throw errors.forbidden(what);
    return found.r;
  };
  const detail = async (actor: Actor, id: string) => presentDetail(app.db, (await svc.getReview(app.db, id))!, actor, today());
  const loadCase = async (actor: Actor, id: string, action: "read" | "handle") => {
    const c = await getCase(app.db, id);
    if (!c) throw errors.notFound("案件");
    const res = await caseResource(app.db, c);
    if (!casePolicy.can(actor, "read", res)) throw errors.notFound("案件");
    if (action === "handle" && !reviewPolicy.can(actor, "submit", { ...res, assigneeId: null })) throw errors.forbidden("提交法制审核");
    return { c, res };
  };
  const names = async (r: { submittedBy: string }, reviewer: string | null) => {
    const [u] = await app.db.select({ name: users.displayName }).from(users).where(eq(users.id, r.submittedBy));
    return { submitter: u?.name ?? "", reviewer: reviewer ?? "" };
  };

  // ------------------------------------------------------------------ the case unit's side
  app.get(
    "/cases/:id/review",
    { schema: { tags, summary: "本案法制审核：是否属于重大执法决定及理由、送审材料草稿、各轮审核", params: IdParams, response: { 200: S.CaseReviewInfo, ...errorResponses } } },
    async (req) => {
      const { c, res } = await loadCase(req.actor, req.params.id, "read");
      const [info, rounds, gate] = await Promise.all([svc.submissionDraft(app.db, c), svc.caseRounds(app.db, c.id), svc.gateStatus(app.db, c)]);
      const live = rounds.find((r) => ["pending", "returned", "in_review", "disputed"].includes(r.state));
      const returnedLapsed = live?.state === "returned" && !!live.completeBy && today() > live.completeBy;
      return {
        major: info.major.major,
        because: info.major.because,
        atReviewableStage: info.atReviewableStage,
        hasDecision: info.hasDecision,
        canSubmit: reviewPolicy.can(req.actor, "submit", { ...res, assigneeId: null }) && c.status === "open" && info.atReviewableStage && info.hasDecision && (!live || returnedLapsed) && !gate.passed,
        draft: info.draft,
        records: info.records.map((r) => ({ ...r, actedAt: r.actedAt.toISOString() })),
        files: info.files.map((f) => ({ ...f, capturedAt: f.capturedAt.toISOString() })),
        rounds: rounds.map((r) => presentSummary(r, today())),
        gate,
      };
    },
  );

  app.post(
    "/cases/:id/reviews",
    { schema: { tags, summary: "提交法制审核（情况说明、决定书代拟稿、证据、其他材料）", params: IdParams, body: S.Submission, response: { 201: S.ReviewDetail, ...errorResponses } } },
    async (req, reply) => {
      const { c } = await loadCase(req.actor, req.params.id, "handle");
      const row = await svc.submit(app.db, app.ledger, req.audit("review.submit"), req.actor, c, req.body);
      reply.code(201);
      return detail(req.actor, row.id);
    },
  );

  // ------------------------------------------------------------------ queue (reviewers, head, supervisors)
  app.get(
    "/reviews",
    { schema: { tags, summary: "法制审核队列（状态、期限灯、审核人员筛选；按案号、当事人搜索）", querystring: S.QueueQuery, response: { 200: PageOf(S.ReviewSummary), ...errorResponses } } },
    async (req) => {
      const scope = reviewListScope(req.actor);
      if (!scope) throw errors.forbidden("查看法制审核队列");
      const q = req.query;
      const states = q.state ? q.state.split(",").map((s) => s.trim()) : undefined;
      if (states?.some((s) => !(REVIEW_STATES as readonly string[]).includes(s))) throw errors.validation([{ field: "state", message: "审核状态不正确" }]);
      const { total, rows } = await svc.listReviews(app.db, req.actor, scope, { ...q, state: states as ReviewState[] | undefined }, today());
      return { items: rows.map((r) => presentSummary(r, today())), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get("/reviews/counts", { schema: { tags, summary: "法制审核队列各类数量", response: { 200: S.QueueCounts, ...errorResponses } } }, async (req) => {
    const scope = reviewListScope(req.actor);
    if (!scope) throw errors.forbidden("查看法制审核队列");
    return svc.queueCounts(app.db, scope, req.actor, today());
  });

  app.get("/reviews/workload", { schema: { tags, summary: "本机关法制审核人员工作量", response: { 200: S.Workload, ...errorResponses } } }, async (req) => {
    reviewQueuePolicy.authorize(req.actor, "queue", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath });
    return svc.workload(app.db, req.actor.agencyId, today());
  });

  app.get(
    "/reviews/stats",
    { schema: { tags, summary: "法制审核统计：按结论、平均与 P90 用时（工作日）、纠正率、超期率", querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }), response: { 200: S.Stats, ...errorResponses } } },
    async (req) => {
      const scope = reviewListScope(req.actor);
      if (!scope) throw errors.forbidden("查看法制审核统计");
      const to = req.query.to ?? today();
      const from = req.query.from ?? addCalendarDays(to, -365);
      if (from > to) throw errors.validation([{ field: "from", message: "开始日期不能晚于结束日期" }]);
      return { from, to, ...(await svc.statistics(app.db, scope, from, to, today())) };
    },
  );

  app.get("/reviews/options", { schema: { tags, summary: "可指定的审核人员与可咨询的法律顾问、公职律师", response: { 200: S.Options, ...errorResponses } } }, async (req) => {
    const scope = reviewListScope(req.actor);
    if (!scope) throw errors.forbidden("查看法制审核人员");
    return svc.reviewerOptions(app.db, req.actor.agencyId);
  });

  // ------------------------------------------------------------------ canned phrases
  app.get("/reviews/phrases", { schema: { tags, summary: "常用审核意见", response: { 200: Type.Object({ items: Type.Array(S.Phrase) }), ...errorResponses } } }, async (req) => {
    reviewQueuePolicy.authorize(req.actor, "phrases", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath });
    return { items: (await svc.listPhrases(app.db, req.actor.agencyId)).map((p) => ({ id: p.id, category: p.category, text: p.text })) };
  });

  app.post("/reviews/phrases", { schema: { tags, summary: "新增常用审核意见", body: S.PhraseBody, response: { 201: S.Phrase, ...errorResponses } } }, async (req, reply) => {
    reviewQueuePolicy.authorize(req.actor, "phrases", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath });
    const p = await svc.addPhrase(app.db, req.audit("review.phrase_add"), req.actor, req.body);
    reply.code(201);
    return { id: p.id, category: p.category, text: p.text };
  });

  app.delete("/reviews/phrases/:id", { schema: { tags, summary: "删除常用审核意见", params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    reviewQueuePolicy.authorize(req.actor, "phrases", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath });
    await svc.deletePhrase(app.db, req.audit("review.phrase_delete"), req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  // ------------------------------------------------------------------ one round
  app.get("/reviews/:id", { schema: { tags, summary: "法制审核详情：送审材料、审核要点、意见、过程记录、可办理的操作", params: IdParams, response: { 200: S.ReviewDetail, ...errorResponses } } }, async (req) => {
    await load(req.actor, req.params.id);
    return detail(req.actor, req.params.id);
  });

  app.get(
    "/reviews/:id/materials",
    { schema: { tags, summary: "审核查阅案卷材料（全部案件记录与证据，查阅行为记入台账）", params: IdParams, response: { 200: S.Materials, ...errorResponses } } },
    async (req) => {
      const { r, res } = await load(req.actor, req.params.id);
      if (!reviewPolicy.can(req.actor, "review", res) && !reviewPolicy.can(req.actor, "decide", res) && !reviewPolicy.can(req.actor, "submit", res)) throw errors.forbidden("查阅审核材料");
      // R-REV-09: the reviewer reads every record; the read is on record
      if (reviewPolicy.can(req.actor, "review", res)) await svc.logMaterialsRead(app.db, app.ledger, req.audit("review.materials_read"), req.actor, r);
      const [records, files] = await Promise.all([
        app.db.select({ r: caseRecords, byName: users.displayName }).from(caseRecords).innerJoin(users, eq(users.id, caseRecords.createdBy)).where(eq(caseRecords.caseId, r.caseId)).orderBy(caseRecords.actedAt),
        app.db.select().from(evidenceFiles).where(eq(evidenceFiles.caseId, r.caseId)).orderBy(evidenceFiles.capturedAt),
      ]);
      const superseded = new Set(records.map((x) => x.r.supersedes).filter(Boolean));
      const linkedRecords = new Set(r.submission.recordIds);
      const linkedFiles = new Set(r.submission.evidenceIds);
      return {
        records: records.map(({ r: x, byName }) => ({ id: x.id, stage: x.stage, kind: x.kind, kindLabel: isDocKind(x.kind) ? DOC_KIND_LABELS[x.kind] : x.kind, title: x.title, body: x.body, actedAt: x.actedAt.toISOString(), byName, linked: linkedRecords.has(x.id), superseded: superseded.has(x.id) })),
        files: files.map((f) => ({ id: f.id, filename: f.filename, category: f.category, mime: f.mime, capturedAt: f.capturedAt.toISOString(), place: f.place, proves: f.proves, sha256: f.sha256, linked: linkedFiles.has(f.id) })),
      };
    },
  );

  const step = <B>(path: string, summary: string, body: TSchema, action: "submit" | "review" | "opine" | "decide", what: string, run: (actor: Actor, r: svc.ReviewWithCase, body: B, audit: ReturnType<FastifyRequest["audit"]>) => Promise<unknown>) => {
    app.post(`/reviews/:id/${path}`, { schema: { tags, summary, params: IdParams, body, response: { 200: S.ReviewDetail, ...errorResponses } } }, async (req) => {
      const r = await loadFor(req.actor, (req.params as { id: string }).id, action, what);
      await run(req.actor, r, req.body as B, req.audit(`review.${path.replace("/", "_")}`));
      return detail(req.actor, r.id);
    });
  };

  step<{ assigneeId?: string }>("accept", "受理（审核期限自受理起算）", S.AcceptBody, "review", "受理法制审核", (a, r, b, audit) => svc.accept(app.db, app.ledger, audit, a, r, b));
  step<{ reason: string; completeBy?: string }>("return", "材料不齐全，退回补充（写明理由和补充期限）", S.ReturnBody, "review", "退回送审材料", (a, r, b, audit) => svc.returnForCompletion(app.db, app.ledger, audit, a, r, b));
  step<{ submission: svc.ReviewRow["submission"]; note: string }>("complete", "补充材料后重新提交", S.CompleteBody, "submit", "补充送审材料", async (a, r, b, audit) => {
    const c = (await getCase(app.db, r.caseId))!;
    return svc.complete(app.db, app.ledger, audit, a, r, c, b);
  });
  step<{ reason: string }>("withdraw", "撤回送审", S.ReasonBody, "submit", "撤回法制审核", (a, r, b, audit) => svc.withdraw(app.db, app.ledger, audit, a, r, b));
  step<{ assigneeId: string; reason: string }>("assign", "指定或变更审核人员", S.AssignBody, "review", "指定审核人员", async (a, r, b, audit) => svc.assign(app.db, app.ledger, audit, a, r, b));
  step<{ kind: "inquiry" | "consultation"; text: string; adviserId?: string }>("notes", "记录调查询问或咨询法律顾问、公职律师的意见", S.NoteBody, "opine", "记录审核过程", (a, r, b, audit) => svc.addNote(app.db, app.ledger, audit, a, r, b));
  step<{ reason: string }>("extension", "申请延长审核期限（一次，须机关负责人批准）", S.ReasonBody, "opine", "申请延长审核期限", (a, r, b, audit) => svc.requestExtension(app.db, app.ledger, audit, a, r, b));
  step<{ approve: boolean; reason: string }>("extension/decide", "机关负责人审批延期申请", S.DecideBody, "decide", "审批延期申请", (a, r, b, audit) => svc.decideExtension(app.db, app.ledger, audit, a, r, b));
  step<{ reason: string }>("dispute", "对审核意见有异议，提请机关负责人决定", S.ReasonBody, "submit", "提出异议", (a, r, b, audit) => svc.dispute(app.db, app.ledger, audit, a, r, b));
  step<{ uphold: boolean; reason: string }>("dispute/decide", "机关负责人对分歧作出决定", S.ResolveBody, "decide", "决定分歧", (a, r, b, audit) => svc.resolveDispute(app.db, app.ledger, audit, a, r, b));
  step<svc.OpinionBody>("opinion", "出具审核意见（同意、纠正、移送），生成法制审核意见书", S.OpinionBody, "opine", "出具审核意见", async (a, r, b, audit) => {
    const n = await names(r, a.displayName);
    return svc.giveOpinion(app.db, app.ledger, audit, a, r, b, async (row) => opinionDocx({ ...r, ...row }, n));
  });

  app.put(
    "/reviews/:id/checklist",
    { schema: { tags, summary: "保存审核要点（草稿）", params: IdParams, body: S.ChecklistBody, response: { 200: S.ReviewDetail, ...errorResponses } } },
    async (req) => {
      const r = await loadFor(req.actor, req.params.id, "opine", "填写审核要点");
      await svc.saveChecklist(app.db, req.audit("review.checklist"), r, req.body.checklist);
      return detail(req.actor, r.id);
    },
  );

  // ------------------------------------------------------------------ 法制审核意见书 (R-REV-10)
  const document = async (actor: Actor, id: string) => {
    const { r } = await load(actor, id);
    if (!r.outcome || !r.opinionBy) throw errors.notFound("法制审核意见书");
    const [reviewer] = await app.db.select({ name: users.displayName }).from(users).where(eq(users.id, r.opinionBy));
    return { r, n: await names(r, reviewer?.name ?? null) };
  };
  app.get("/reviews/:id/opinion.docx", { schema: { tags, summary: "法制审核意见书（Word）", params: IdParams } }, async (req, reply) => {
    const { r, n } = await document(req.actor, req.params.id);
    const doc = await opinionDocx(r, n);
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
      .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`法制审核意见书-${r.caseNumber}-第${r.round}轮.docx`)}`)
      .header("x-document-sha256", doc.sha256)
      .send(doc.bytes);
  });
  app.get("/reviews/:id/opinion.pdf", { schema: { tags, summary: "法制审核意见书（PDF）", params: IdParams } }, async (req, reply) => {
    const { r, n } = await document(req.actor, req.params.id);
    const pdf = await opinionPdf(r, n);
    return reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(`法制审核意见书-${r.caseNumber}-第${r.round}轮.pdf`)}`)
      .send(pdf);
  });
}
