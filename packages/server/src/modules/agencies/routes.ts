import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { ErrorBody, IdParams, errorResponses } from "../../core/schemas.ts";
import { PassThrough } from "node:stream";
import { AppError, errors } from "../../core/errors.ts";
import { has } from "../../core/policy.ts";
import { withProblemReport } from "../lists/excel.ts";
import { agencySheet, exportAgencies, importAgencies } from "./excel.ts";
import { Agency, AgencyCreate, AgencyDetail, AgencyUpdate, Unit, UnitInput } from "./schemas.ts";
import { createAgency, createUnit, getAgency, listAgencies, listUnits, updateAgency, updateUnit } from "./service.ts";
import { presentAgency } from "./presenter.ts";

export default async function agencyRoutes(app: App) {
  const tags = ["agencies"];
  app.get("/agencies", { schema: { tags, summary: "执法主体列表（树）", response: { 200: Type.Object({ items: Type.Array(Agency) }), ...errorResponses } } }, async (request) => ({
    items: (await listAgencies(app.db)).map((a) => presentAgency(request.actor, a)),
  }));

  app.get("/agencies/:id", { schema: { tags, summary: "执法主体详情", params: IdParams, response: { 200: AgencyDetail, ...errorResponses } } }, async (request) => {
    const row = await getAgency(app.db, request.params.id);
    return { ...presentAgency(request.actor, row), units: await listUnits(app.db, row.id) };
  });

  app.post("/agencies", { schema: { tags, summary: "新增下级执法主体", body: AgencyCreate, response: { 201: Agency, ...errorResponses } } }, async (request, reply) => {
    const row = await createAgency(app.db, request.actor, request.audit("agency.create"), request.body);
    return reply.status(201).send(presentAgency(request.actor, row));
  });

  app.patch("/agencies/:id", { schema: { tags, summary: "修改执法主体", params: IdParams, body: AgencyUpdate, response: { 200: Agency, ...errorResponses } } }, async (request) =>
    presentAgency(request.actor, await updateAgency(app.db, request.actor, request.audit("agency.update"), request.params.id, request.body)),
  );

  app.post("/agencies/:id/units", { schema: { tags, summary: "新增内设机构", params: IdParams, body: UnitInput, response: { 201: Unit, ...errorResponses } } }, async (request, reply) => {
    const row = await createUnit(app.db, request.actor, request.audit("unit.create"), request.params.id, request.body);
    return reply.status(201).send(row);
  });

  app.patch("/units/:id", { schema: { tags, summary: "修改内设机构", params: IdParams, body: UnitInput, response: { 200: Unit, ...errorResponses } } }, async (request) =>
    updateUnit(app.db, request.actor, request.audit("unit.update"), request.params.id, request.body),
  );

  const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

  app.get("/agencies/export", { schema: { tags, summary: "导出本主体及下级执法主体（Excel，R-LIST-01）", response: { ...errorResponses } } }, async (request, reply) =>
    reply.type(xlsxType).header("content-disposition", attachment(`${agencySheet.label}.xlsx`)).send((await exportAgencies(app.db, request.actor)) as never),
  );

  app.get("/agencies/template", { schema: { tags, summary: "执法主体导入模板", response: { ...errorResponses } } }, async (request, reply) =>
    reply.type(xlsxType).header("content-disposition", attachment(`${agencySheet.label}-导入模板.xlsx`)).send((await exportAgencies(app.db, request.actor, true)) as never),
  );

  app.post(
    "/agencies/import",
    {
      schema: {
        tags,
        summary: "从 Excel 导入执法主体：新增下级主体或更新已有主体（全部成功或全部不导入，R-DX-03）",
        description: "multipart/form-data with one file field. With `Accept: application/x-ndjson` the response streams progress lines, then a result line.",
        response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }), 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!has(request.actor, "admin")) throw errors.forbidden();
      if (!request.isMultipart()) throw errors.badFile("请以表单方式上传 Excel 文件");
      const file = await request.file();
      if (!file) throw errors.badFile("没有收到文件");
      const buffer = await file.toBuffer();
      const ctx = request.audit("agency.import");
      if (!(request.headers.accept ?? "").includes("application/x-ndjson")) {
        try {
          return await importAgencies(app.db, request.actor, ctx, buffer);
        } catch (e) {
          throw await withProblemReport(e);
        }
      }
      // streamed for the UI's progress bar: progress lines, then the result line
      const stream = new PassThrough();
      const send = (line: unknown) => stream.write(`${JSON.stringify(line)}\n`);
      reply.type("application/x-ndjson; charset=utf-8").header("cache-control", "no-cache").send(stream as never);
      try {
        const result = await importAgencies(app.db, request.actor, ctx, buffer, (p) => send({ type: "progress", ...p }));
        send({ type: "result", ok: true, ...result });
      } catch (e) {
        const err = await withProblemReport(e);
        if (!(e instanceof AppError)) request.log.error({ err: e }, "agency import failed");
        send({ type: "result", ok: false, error: { id: err.id, message: err.message, details: err.details } });
      }
      stream.end();
      return reply;
    },
  );
}
