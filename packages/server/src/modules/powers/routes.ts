import { Type, type TSchema } from "typebox";
import { Value } from "typebox/value";
import { eq, or } from "drizzle-orm";
import { todayInShanghai } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { AppError, errors, type ValidationDetail } from "../../core/errors.ts";
import { ErrorBody, IdParams, PageOf, errorResponses } from "../../core/schemas.ts";
import { chineseMessage } from "../../core/validation-messages.ts";
import { registerHistory } from "../audit/registry.ts";
import { agencies } from "../agencies/tables.ts";
import { exportWorkbook, parseWorkbook, problemReport, type ImportProblem } from "../lists/excel.ts";
import { fieldMessage, presentFields } from "../lists/fields.ts";
import type { ListRow } from "../lists/service.ts";
import { powerItemList } from "../lists/defs/power-items.ts";
import { AgencyQuery, ChangeBody, ChangeBranches, ChangeQuery, ChangeResult, CodeParams, Change, CorrectionBody, ImportQuery, ImportResult, ItemHistory, PowerItem, PowerQuery, TierList } from "./schemas.ts";
import { CHANGE_KIND_LABELS, CHANGE_KINDS, powerItemChanges, powerItems } from "./tables.ts";
import { itemHistory, listChanges, listPowers, loadAgency, loadChanges, selectVersions, tiersOf, type VersionRow } from "./service.ts";
import { applyChange, correctVersion, type ChangeInput } from "./changes.ts";
import { importPowerItems } from "./import.ts";
import { presentChange, presentVersion } from "./presenter.ts";
import { powerPolicy } from "./policy.ts";

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

for (const [table, of] of [
  ["power_items", powerItems],
  ["power_item_changes", powerItemChanges],
] as const) {
  registerHistory(table, {
    label: table === "power_items" ? "权力事项" : "权力清单变更",
    owner: async (db, rowId) => {
      if (!/^[0-9a-f-]{36}$/i.test(rowId)) return null;
      const [row] = await db.select({ agencyId: agencies.id, agencyPath: agencies.path }).from(of).innerJoin(agencies, eq(agencies.id, of.agencyId)).where(eq(of.id, rowId));
      return row ?? null;
    },
    canRead: (actor, owner) => powerPolicy.can(actor, "read", owner),
  });
}

/**
 * Validates a change body by its `kind` only (a plain anyOf would report the errors of every
 * branch): unknown kind → one message; otherwise the branch's errors per field, with the list
 * fields' own Chinese messages.
 */
function changeBodyValidator() {
  return (data: unknown) => {
    const kind = (data as { kind?: unknown } | null)?.kind;
    const branch = (ChangeBranches as Record<string, TSchema>)[String(kind)];
    if (!branch) return { error: errors.validation([{ field: "kind", message: `应为以下之一：${CHANGE_KINDS.map((k) => `${k}（${CHANGE_KIND_LABELS[k]}）`).join("、")}` }]) };
    const details: ValidationDetail[] = [];
    for (const e of Value.Errors(branch, data)) {
      const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const missing = e.keyword === "required" ? String((e.params as { requiredProperties?: string[]; missingProperty?: string }).missingProperty ?? (e.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? "") : "";
      const field = [path, missing].filter(Boolean).join(".");
      if (details.some((d) => d.field === field)) continue;
      const def = powerItemList.fields.find((f) => /^(item|changes)\.[^.]+$/.test(field) && f.key === field.split(".")[1]);
      details.push({ field, message: def ? fieldMessage(def, e as never) : chineseMessage(e as never) });
    }
    return details.length ? { error: errors.validation(details) } : { value: data };
  };
}

export default async function powerRoutes(app: App) {
  const tags = ["powers"];
  const summary = (what: string) => `权力清单：${what}（R-LIST-03）`;

  app.get("/powers/fields", { schema: { tags, summary: summary("字段定义与变更类型"), response: { 200: Type.Object({ label: Type.String(), fields: Type.Array(Type.Unknown()), changeKinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })) }), ...errorResponses } } }, async () => ({
    label: powerItemList.label,
    fields: presentFields(powerItemList),
    changeKinds: CHANGE_KINDS.map((k) => ({ value: k, label: CHANGE_KIND_LABELS[k] })),
  }));

  app.get("/powers", { schema: { tags, summary: summary("某日有效的清单（默认今天）"), querystring: PowerQuery, response: { 200: Type.Object({ ...PageOf(PowerItem).properties, asOf: Type.String() }), ...errorResponses } } }, async (request) => {
    const { items, total, asOf } = await listPowers(app.db, request.actor, request.query);
    return { items: items.map((r) => presentVersion(request.actor, r)), total, page: request.query.page, pageSize: request.query.pageSize, asOf };
  });

  app.get("/powers/changes", { schema: { tags, summary: summary("变更记录（新增/调整/取消/下放/合并）"), querystring: ChangeQuery, response: { 200: Type.Object({ ...PageOf(Change).properties, summary: Type.Record(Type.String(), Type.Integer()) }), ...errorResponses } } }, async (request) => {
    const { items, total, summary: counts } = await listChanges(app.db, request.actor, request.query);
    return { items: items.map(presentChange), total, page: request.query.page, pageSize: request.query.pageSize, summary: counts };
  });

  app.post(
    "/powers/changes",
    { schema: { tags, summary: summary("登记一项变更"), body: ChangeBody, response: { 201: ChangeResult, ...errorResponses } }, validatorCompiler: changeBodyValidator },
    async (request, reply) => {
      const input = request.body as ChangeInput;
      const id = await applyChange(app.db, request.actor, request.audit(`power.${input.kind}`), input);
      const [change] = await loadChanges(app.db, eq(powerItemChanges.id, id));
      const touched = (await selectVersions(app.db, or(eq(powerItems.startChangeId, id), eq(powerItems.endChangeId, id)))) as VersionRow[];
      return reply.status(201).send({
        change: presentChange(change!),
        opened: touched.filter((v) => v.startChangeId === id).map((v) => presentVersion(request.actor, v)),
        closed: touched.filter((v) => v.endChangeId === id).map((v) => presentVersion(request.actor, v)),
      });
    },
  );

  app.patch("/powers/versions/:id", { schema: { tags, summary: summary("更正现行版本的错漏（不产生变更记录，记入审计）"), params: IdParams, body: CorrectionBody, response: { 200: PowerItem, ...errorResponses } } }, async (request) => {
    await correctVersion(app.db, request.actor, request.audit("power.correct"), request.params.id, request.body as never);
    const [row] = await selectVersions(app.db, eq(powerItems.id, request.params.id));
    return presentVersion(request.actor, row as VersionRow);
  });

  app.get("/powers/:itemCode/versions", { schema: { tags, summary: summary("事项的全部版本与变更记录"), params: CodeParams, querystring: AgencyQuery, response: { 200: ItemHistory, ...errorResponses } } }, async (request) => {
    const { versions, changes } = await itemHistory(app.db, request.actor, request.params.itemCode, request.query.agencyId ?? request.actor.agencyId);
    const byId = new Map(changes.map((c) => [c.id, presentChange(c)]));
    return {
      itemCode: request.params.itemCode,
      versions: versions.map((v) => ({ ...presentVersion(request.actor, v), startChange: byId.get(v.startChangeId)!, endChange: v.endChangeId ? byId.get(v.endChangeId)! : null })),
      changes: [...byId.values()],
    };
  });

  app.get("/powers/:itemCode/tiers", { schema: { tags, summary: "事项适用的裁量基准（R-LIST-09）", params: CodeParams, querystring: AgencyQuery, response: { 200: TierList, ...errorResponses } } }, async (request) => {
    const agencyId = request.query.agencyId ?? request.actor.agencyId;
    const { item, source, tiers } = await tiersOf(app.db, request.actor, request.params.itemCode, agencyId);
    return {
      itemCode: request.params.itemCode,
      agencyId,
      item: item ? presentVersion(request.actor, item) : null,
      source,
      tiers: tiers.map((t) => ({ id: t.id, tierOrder: t.tierOrder, circumstance: t.circumstance, measure: t.measure, minAmount: t.minAmount, maxAmount: t.maxAmount, otherMeasure: t.otherMeasure, basis: t.basis })),
    };
  });

  app.get("/powers/export", { schema: { tags, summary: summary("导出某日有效的清单（Excel）"), querystring: Type.Object({ agencyId: Type.Optional(PowerQuery.properties.agencyId), asOf: Type.Optional(PowerQuery.properties.asOf) }), response: { ...errorResponses } } }, async (request, reply) => {
    const rows: ListRow[] = [];
    for (let page = 1; ; page++) {
      const { items } = await listPowers(app.db, request.actor, { page, pageSize: 5000, agencyId: request.query.agencyId, asOf: request.query.asOf });
      rows.push(...(items as unknown as ListRow[]));
      if (items.length < 5000) break;
    }
    const name = `${powerItemList.label}（${request.query.asOf ?? todayInShanghai(new Date())}）.xlsx`;
    return reply.type(xlsxType).header("content-disposition", attachment(name)).send((await exportWorkbook(powerItemList, rows)) as never);
  });

  app.get("/powers/template", { schema: { tags, summary: summary("导入模板"), response: { ...errorResponses } } }, async (_request, reply) =>
    reply.type(xlsxType).header("content-disposition", attachment(`${powerItemList.label}-导入模板.xlsx`)).send((await exportWorkbook(powerItemList, [], { template: true })) as never),
  );

  app.post(
    "/powers/import",
    {
      schema: {
        tags,
        summary: summary("从 Excel 导入：按生效日期新增或调整（全部成功或全部不导入）"),
        description: "multipart/form-data with one file field. effectiveDate defaults to today (Asia/Shanghai).",
        querystring: ImportQuery,
        response: { 200: ImportResult, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (request) => {
      const agency = await loadAgency(app.db, request.query.agencyId);
      powerPolicy.authorize(request.actor, "import", agency);
      if (!request.isMultipart()) throw errors.badFile("请以表单方式上传 Excel 文件");
      const file = await request.file();
      if (!file) throw errors.badFile("没有收到文件");
      const buffer = await file.toBuffer();
      const effectiveDate = request.query.effectiveDate ?? todayInShanghai(new Date());
      try {
        const parsed = await parseWorkbook(powerItemList, buffer);
        const reason = request.query.reason ?? "Excel 导入";
        return { ...(await importPowerItems(app.db, request.audit("power.import"), agency, { effectiveDate, reason, documentNo: request.query.documentNo }, parsed)), effectiveDate };
      } catch (e) {
        throw await withReport(e);
      }
    },
  );
}

/** Adds the downloadable problem report (base64 .xlsx) to a failed import's error. */
async function withReport(e: unknown): Promise<unknown> {
  if (!(e instanceof AppError) || e.id !== "import_failed") return e;
  const problems = (e.details as { problems: ImportProblem[] }).problems;
  const report = (await problemReport(problems)).toString("base64");
  return new AppError(e.id, e.statusCode, `${e.message}（共 ${problems.length} 处问题）`, { problems, report, reportName: "导入错误报告.xlsx" });
}
