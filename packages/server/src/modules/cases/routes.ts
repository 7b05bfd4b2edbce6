import { Type } from "typebox";
import { formatCaseNumber, parseCaseNumberRule, todayInShanghai, validateCaseNumberRule, workflowSvg, type WorkflowDefinition } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { AppError, errors } from "../../core/errors.ts";
import { errorResponses, IdParams, PageOf, Uuid } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { findOfficerByUsername } from "../officers/service.ts";
import { putSetting, settingsPolicy } from "../catalog/settings.ts";
import { caseListScope, casePolicy, caseResourceOf, workflowPolicy, type CaseResource } from "./policy.ts";
import { presentDetail, presentSummary, presentWorkflow } from "./presenter.ts";
import * as S from "./schemas.ts";
import {
  CASE_NUMBER_RULE_SETTING,
  addRecord,
  advance,
  caseNumberRule,
  changeTeam,
  declareInterest,
  decideApproval,
  caseView,
  listCases,
  openCase,
  requestApproval,
  resume,
  setDecision,
  suspend,
  type CaseView,
  type CaseWithAgency,
} from "./service.ts";
import { currentWorkflow, currentWorkflows, definitionOf, saveWorkflowVersion, workflowVersions } from "./workflows.ts";

export default async function caseRoutes(app: App) {
  const tags = ["cases"];

  /**
   * The case, if the actor may read it (404 otherwise: its existence is not disclosed), with what
   * its policy, gates and detail view need, read once (`caseView`) and passed down.
   */
  const load = async (actor: Actor, id: string): Promise<{ c: CaseWithAgency; resource: CaseResource; view: CaseView }> => {
    const view = await caseView(app.db, id);
    if (!view) throw errors.notFound("案件");
    const resource = caseResourceOf(view.c, view.team);
    if (!casePolicy.can(actor, "read", resource)) throw errors.notFound("案件");
    return { c: view.c, resource, view };
  };
  const loadFor = async (actor: Actor, id: string, action: "handle" | "approve" | "suspend") => {
    const found = await load(actor, id);
    casePolicy.authorize(actor, action, found.resource);
    return found;
  };
  /** The detail after a change: the case as it is now, in one read. */
  const detail = async (actor: Actor, id: string) => {
    const view = await caseView(app.db, id);
    if (!view) throw errors.notFound("案件");
    return presentDetail(app.db, view.c, actor, view);
  };

  // ------------------------------------------------------------------ workflows (R-CASE-01)
  app.get("/workflows", { schema: { tags, summary: "现行执法流程定义", response: { 200: Type.Object({ items: Type.Array(S.WorkflowOut) }), ...errorResponses } } }, async () => ({
    items: (await currentWorkflows(app.db)).map(presentWorkflow),
  }));

  app.get(
    "/workflows/:key",
    { schema: { tags, summary: "一个执法流程的各个版本（新版本在前）", params: Type.Object({ key: Type.String({ maxLength: 60 }) }), response: { 200: Type.Object({ items: Type.Array(S.WorkflowOut) }), ...errorResponses } } },
    async (req) => {
      const rows = await workflowVersions(app.db, req.params.key);
      if (rows.length === 0) throw errors.notFound("执法流程");
      return { items: rows.map(presentWorkflow) };
    },
  );

  app.get(
    "/workflows/:key/flowchart.svg",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "行政执法流程图（由平台执行的同一流程定义生成，公开）",
        params: Type.Object({ key: Type.String({ maxLength: 60 }) }),
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (req, reply) => {
      const rows = await workflowVersions(app.db, req.params.key);
      const row = req.query.version ? rows.find((r) => r.version === req.query.version) : rows.find((r) => r.current);
      if (!row) throw errors.notFound("执法流程");
      reply.header("content-type", "image/svg+xml; charset=utf-8").header("cache-control", "public, max-age=300");
      return reply.send(workflowSvg(row.definition));
    },
  );

  app.post(
    "/workflows/:key/versions",
    {
      schema: {
        tags,
        summary: "保存流程的新版本（进行中的案件仍按原版本办理）",
        params: Type.Object({ key: Type.String({ maxLength: 60 }) }),
        body: Type.Object({ definition: Type.Record(Type.String(), Type.Unknown()) }),
        response: { 201: S.WorkflowOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      workflowPolicy.authorize(req.actor, "configure", null);
      const row = await saveWorkflowVersion(app.db, req.audit("workflow.version"), req.params.key, req.body.definition as never);
      reply.code(201);
      return presentWorkflow(row);
    },
  );

  // ------------------------------------------------------------------ numbering (R-CASE-02)
  app.get("/cases/settings/number-rule", { schema: { tags, summary: "案件编号规则", response: { 200: Type.Object({ rule: Type.String(), example: Type.String() }), ...errorResponses } } }, async () => {
    const rule = await caseNumberRule(app.db);
    return { rule, example: exampleNumber(rule) };
  });

  app.put(
    "/cases/settings/number-rule",
    { schema: { tags, summary: "修改案件编号规则（全省/全市统一）", body: Type.Object({ rule: Type.String({ minLength: 1, maxLength: 100 }) }), response: { 200: Type.Object({ rule: Type.String(), example: Type.String() }), ...errorResponses } } },
    async (req) => {
      settingsPolicy.authorize(req.actor, "update", null);
      const problems = validateCaseNumberRule(req.body.rule);
      if (problems.length) throw new AppError("case_number_rule_invalid", 400, problems[0]!, problems.map((message) => ({ field: "rule", message })));
      await putSetting(app.db, req.audit("case.number_rule"), CASE_NUMBER_RULE_SETTING, req.body.rule);
      return { rule: req.body.rule, example: exampleNumber(req.body.rule) };
    },
  );

  // ------------------------------------------------------------------ cases
  app.get(
    "/cases",
    { schema: { tags, summary: "案件列表（按环节、期限灯、承办人、类别筛选，按案号、当事人搜索）", querystring: S.CaseListQuery, response: { 200: PageOf(S.CaseSummary), ...errorResponses } } },
    async (req) => {
      const a = req.actor;
      const q = req.query;
      let officerId = q.officerId;
      if (q.mine) {
        const me = await findOfficerByUsername(app.db, a.username);
        officerId = me?.id ?? "00000000-0000-0000-0000-000000000000";
      }
      const scope = caseListScope(a);
      if (!scope) throw errors.forbidden("查看案件");
      const today = todayInShanghai(new Date());
      const { total, rows } = await listCases(app.db, scope, { ...q, officerId }, today);
      const wfs = new Map<string, WorkflowDefinition>();
      for (const id of new Set(rows.map((r) => r.c.workflowId))) wfs.set(id, await definitionOf(app.db, id));
      return { items: rows.map((r) => presentSummary({ c: r.c, agencyName: r.agencyName, lead: r.lead }, wfs, today)), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post("/cases", { schema: { tags, summary: "立案（新建案件，分配案号）", body: S.OpenCaseBody, response: { 201: S.CaseDetail, ...errorResponses } } }, async (req, reply) => {
    casePolicy.authorize(req.actor, "create", { agencyId: req.actor.agencyId, agencyPath: req.actor.agencyPath, teamUserIds: [] });
    await currentWorkflow(app.db, req.body.workflowKey);
    const row = await openCase(app.db, app.ledger, req.audit("case.open"), req.actor, req.body);
    reply.code(201);
    return detail(req.actor, row.id);
  });

  app.get("/cases/:id", { schema: { tags, summary: "案件详情：环节、期限、记录、可办理的操作及原因", params: IdParams, response: { 200: S.CaseDetail, ...errorResponses } } }, async (req) => {
    const { c, view } = await load(req.actor, req.params.id);
    return presentDetail(app.db, c, req.actor, view);
  });

  app.post(
    "/cases/:id/records",
    { schema: { tags, summary: "添加笔录、文书或其他记录（录入时间由服务器记录；补录会被标记）", params: IdParams, body: S.RecordBody, response: { 201: S.CaseDetail, ...errorResponses } } },
    async (req, reply) => {
      const { c, view } = await loadFor(req.actor, req.params.id, "handle");
      await addRecord(app.db, app.ledger, req.audit("case.record"), req.actor, c, req.body, {}, view);
      reply.code(201);
      return detail(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/advance",
    { schema: { tags, summary: "办结当前环节并进入下一环节（不满足条件时说明原因）", params: IdParams, body: S.AdvanceBody, response: { 200: S.CaseDetail, ...errorResponses } } },
    async (req) => {
      const { c, view } = await loadFor(req.actor, req.params.id, "handle");
      await advance(app.db, app.ledger, req.audit("case.advance"), req.actor, c, req.body, view);
      return detail(req.actor, c.id);
    },
  );

  app.put(
    "/cases/:id/decision",
    { schema: { tags, summary: "拟决定内容：处罚种类、金额、裁量阶次与裁量说明", params: IdParams, body: S.DecisionBody, response: { 200: S.CaseDetail, ...errorResponses } } },
    async (req) => {
      const { c } = await loadFor(req.actor, req.params.id, "handle");
      await setDecision(app.db, app.ledger, req.audit("case.decision"), req.actor, c, req.body);
      return detail(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/team",
    { schema: { tags, summary: "调整承办人员（须具备执法资格、无回避情形）", params: IdParams, body: S.TeamBody, response: { 200: S.CaseDetail, ...errorResponses } } },
    async (req) => {
      const { c } = await loadFor(req.actor, req.params.id, "handle");
      await changeTeam(app.db, app.ledger, req.audit("case.team"), req.actor, c, req.body);
      return detail(req.actor, c.id);
    },
  );

  app.post("/cases/:id/suspend", { schema: { tags, summary: "中止计时（听证、检测、鉴定等期间）", params: IdParams, body: S.SuspendBody, response: { 200: S.CaseDetail, ...errorResponses } } }, async (req) => {
    const { c } = await loadFor(req.actor, req.params.id, "suspend");
    await suspend(app.db, app.ledger, req.audit("case.suspend"), req.actor, c, req.body);
    return detail(req.actor, c.id);
  });

  app.post("/cases/:id/resume", { schema: { tags, summary: "恢复计时", params: IdParams, body: S.ResumeBody, response: { 200: S.CaseDetail, ...errorResponses } } }, async (req) => {
    const { c } = await loadFor(req.actor, req.params.id, "suspend");
    await resume(app.db, app.ledger, req.audit("case.resume"), req.actor, c, req.body);
    return detail(req.actor, c.id);
  });

  app.post(
    "/cases/:id/approvals",
    { schema: { tags, summary: "申请机关负责人审批：未全过程音像记录的情况说明、当事人申请回避", params: IdParams, body: S.ApprovalBody, response: { 201: S.CaseDetail, ...errorResponses } } },
    async (req, reply) => {
      const { c } = await loadFor(req.actor, req.params.id, "handle");
      await requestApproval(app.db, app.ledger, req.audit("case.approval_request"), req.actor, c, req.body);
      reply.code(201);
      return detail(req.actor, c.id);
    },
  );

  app.post(
    "/cases/:id/approvals/:approvalId/decide",
    { schema: { tags, summary: "机关负责人审批", params: Type.Object({ id: Uuid, approvalId: Uuid }), body: S.DecideBody, response: { 200: S.CaseDetail, ...errorResponses } } },
    async (req) => {
      const { c } = await loadFor(req.actor, req.params.id, "approve");
      await decideApproval(app.db, app.ledger, req.audit("case.approval_decide"), req.actor, c, req.params.approvalId, req.body);
      return detail(req.actor, c.id);
    },
  );

  app.post("/cases/interests", { schema: { tags, summary: "申报执法人员与当事人的利害关系（回避）", body: S.InterestBody, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await declareInterest(app.db, req.audit("case.interest"), req.actor, req.body);
    return reply.code(204).send(null);
  });
}

/** The rule applied to a sample agency, so an administrator sees what numbers will look like. */
function exampleNumber(rule: string): string {
  try {
    return formatCaseNumber(parseCaseNumberRule(rule), { agencyCode: "330100SCJG", agencyShort: "杭市监", actionType: "penalty", year: Number(todayInShanghai(new Date()).slice(0, 4)) }, 12);
  } catch {
    return "";
  }
}
