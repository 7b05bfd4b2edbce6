import { PassThrough } from "node:stream";
import { Type, type TSchema } from "typebox";
import { eq } from "drizzle-orm";
import type { App } from "../../core/types.ts";
import { AppError, errors } from "../../core/errors.ts";
import { ErrorBody, IdParams, PageOf, Paging, Uuid, errorResponses } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import { registerHistory } from "../audit/registry.ts";
import { abilitySources } from "../ability-sources.ts";
import { auditEvents } from "../audit/tables.ts";
import { agencies } from "../agencies/tables.ts";
import type { ListDefinition } from "./definition.ts";
import { createSchema, presentFields, rowSchema, updateSchema } from "./fields.ts";
import { listPolicy } from "./policy.ts";
import { createRow, deleteRow, getRow, listJsonRows, listRows, owned, type JsonPageCache, type ListRow } from "./service.ts";
import { PageCache } from "./page-cache.ts";
import { exportWorkbook, importRows, parseWorkbook, withProblemReport, type ImportProgress } from "./excel.ts";
import { listDefinitions } from "./registry.ts";
import { updateRow } from "./service.ts";

export function presentRow(def: ListDefinition, actor: Actor, row: ListRow) {
  const out: Record<string, unknown> = {
    id: row.id,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    version: row.version,
    updatedAt: row.updatedAt instanceof Date ? row.updatedAt.toISOString() : String(row.updatedAt),
    can: { update: listPolicy.can(actor, "update", owned(row)), delete: listPolicy.can(actor, "delete", owned(row)) },
  };
  for (const f of def.fields) out[f.key] = row[f.key] ?? null;
  return out;
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

abilitySources.set("list", (actor, own) => listPolicy.abilities(actor, own));

for (const def of listDefinitions) {
  registerHistory(def.tableName, {
    label: def.label,
    owner: async (db, rowId) => {
      try {
        return owned(await getRow(db, def, rowId));
      } catch {
        // a deleted row: its history is still readable by whoever could read the agency's list
        const [last] = await db
          .select({ agencyId: auditEvents.agencyId, agencyPath: agencies.path })
          .from(auditEvents)
          .innerJoin(agencies, eq(agencies.id, auditEvents.agencyId))
          .where(eq(auditEvents.rowId, rowId))
          .limit(1);
        return last?.agencyId ? { agencyId: last.agencyId, agencyPath: last.agencyPath } : null;
      }
    },
    canRead: (actor, owner) => listPolicy.can(actor, "read", owner),
  });
}

export default async function listRoutes(app: App) {
  const tags = ["lists"];
  const pages: JsonPageCache = new PageCache(app.changes);
  const ListMeta = Type.Object({
    kind: Type.String(),
    tableName: Type.String(),
    label: Type.String(),
    rule: Type.String(),
    naturalKey: Type.Array(Type.String()),
    fields: Type.Array(Type.Unknown()),
  });

  app.get("/lists", { schema: { tags, summary: "全部清单及其字段定义", response: { 200: Type.Object({ items: Type.Array(ListMeta) }), ...errorResponses } } }, async () => ({
    items: listDefinitions.map((d) => ({ kind: d.kind, tableName: d.tableName, label: d.label, rule: d.rule, naturalKey: d.naturalKey ?? [], fields: presentFields(d) })),
  }));

  for (const def of listDefinitions) {
    const base = `/lists/${def.kind}`;
    const Row = rowSchema(def);
    const filterProps: Record<string, TSchema> = {};
    for (const f of def.fields.filter((x) => x.filter)) filterProps[f.key] = Type.Optional(Type.String({ maxLength: 60 }));
    const Query = Type.Object({ ...Paging, agencyId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 100 })), ...filterProps });
    const summary = (what: string) => `${def.label}：${what}（${def.rule}）`;

    app.get(base, { schema: { tags, summary: summary("查询"), querystring: Query, response: { 200: PageOf(Row), ...errorResponses } } }, async (request, reply) => {
      const { page, pageSize, agencyId, q, ...filters } = request.query as Record<string, string> & { page: number; pageSize: number };
      const { items, total } = await listJsonRows(app.db, def, request.actor, { page, pageSize, agencyId, q, filters }, pages);
      // The hot read: rows arrive as the Row schema's JSON (built by the database from the same
      // field definitions, checked against the schema by a test); only `can` is added here.
      const canByAgency = new Map<string, string>();
      const parts = items.map((r) => {
        let can = canByAgency.get(r.agencyId);
        if (can === undefined) {
          const own = { agencyId: r.agencyId, agencyPath: r.agencyPath };
          can = JSON.stringify({ update: listPolicy.can(request.actor, "update", own), delete: listPolicy.can(request.actor, "delete", own) });
          canByAgency.set(r.agencyId, can);
        }
        return `{"can":${can},${r.json.slice(1)}`;
      });
      return reply.type("application/json; charset=utf-8").send(`{"items":[${parts.join(",")}],"total":${total},"page":${page},"pageSize":${pageSize}}` as never); // pre-serialised JSON text: sent as is
    });

    app.get(`${base}/:id`, { schema: { tags, summary: summary("详情"), params: IdParams, response: { 200: Row, ...errorResponses } } }, async (request) => {
      const row = await getRow(app.db, def, request.params.id);
      if (!listPolicy.can(request.actor, "read", owned(row))) throw errors.notFound(def.label);
      return presentRow(def, request.actor, row);
    });

    app.post(base, { schema: { tags, summary: summary("新增"), body: createSchema(def), response: { 201: Row, ...errorResponses } } }, async (request, reply) => {
      const row = await createRow(app.db, def, request.actor, request.audit(`${def.kind}.create`), request.body as Record<string, unknown>);
      return reply.status(201).send(presentRow(def, request.actor, row));
    });

    app.patch(`${base}/:id`, { schema: { tags, summary: summary("修改"), params: IdParams, body: updateSchema(def), response: { 200: Row, ...errorResponses } } }, async (request) =>
      presentRow(def, request.actor, await updateRow(app.db, def, request.actor, request.audit(`${def.kind}.update`), request.params.id, request.body as Record<string, unknown>)),
    );

    app.delete(`${base}/:id`, { schema: { tags, summary: summary("删除"), params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
      await deleteRow(app.db, def, request.actor, request.audit(`${def.kind}.delete`), request.params.id);
      return reply.status(204).send(null);
    });

    app.get(`${base}/export`, { schema: { tags, summary: summary("导出 Excel"), querystring: Type.Object({ agencyId: Type.Optional(Uuid) }), response: { ...errorResponses } } }, async (request, reply) => {
      const rows: ListRow[] = [];
      for (let page = 1; ; page++) {
        const { items } = await listRows(app.db, def, request.actor, { page, pageSize: 5000, agencyId: request.query.agencyId });
        rows.push(...items);
        if (items.length < 5000) break;
      }
      const buffer = await exportWorkbook(def, rows);
      return reply.type(xlsxType).header("content-disposition", attachment(`${def.label}.xlsx`)).send(buffer as never);
    });

    app.get(`${base}/template`, { schema: { tags, summary: summary("导入模板"), response: { ...errorResponses } } }, async (_request, reply) =>
      reply.type(xlsxType).header("content-disposition", attachment(`${def.label}-导入模板.xlsx`)).send((await exportWorkbook(def, [], { template: true })) as never),
    );

    app.post(
      `${base}/import`,
      {
        schema: {
          tags,
          summary: summary("从 Excel 导入（全部成功或全部不导入）"),
          description: "multipart/form-data with one file field. With `Accept: application/x-ndjson` the response streams progress lines, then a result line.",
          querystring: Type.Object({ agencyId: Uuid }),
          response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }), 413: ErrorBody, 422: ErrorBody, ...errorResponses },
        },
      },
      async (request, reply) => {
        const agency = await ownedAgency(app.db, request.query.agencyId);
        listPolicy.authorize(request.actor, "import", agency);
        if (!request.isMultipart()) throw errors.badFile("请以表单方式上传 Excel 文件");
        const file = await request.file();
        if (!file) throw errors.badFile("没有收到文件");
        const buffer = await file.toBuffer();
        const ctx = request.audit(`${def.kind}.import`);
        const streaming = (request.headers.accept ?? "").includes("application/x-ndjson");
        if (!streaming) {
          try {
            const parsed = await parseWorkbook(def, buffer);
            return await importRows(app.db, def, ctx, agency.agencyId, parsed);
          } catch (e) {
            throw await withProblemReport(e);
          }
        }
        // Streamed: progress lines for the UI's progress bar, then the result line.
        const stream = new PassThrough();
        const send = (line: unknown) => stream.write(`${JSON.stringify(line)}\n`);
        reply.type("application/x-ndjson; charset=utf-8").header("cache-control", "no-cache").send(stream as never);
        const progress = (p: ImportProgress) => send({ type: "progress", ...p });
        try {
          const parsed = await parseWorkbook(def, buffer, progress);
          const result = await importRows(app.db, def, ctx, agency.agencyId, parsed, progress);
          send({ type: "result", ok: true, ...result });
        } catch (e) {
          const err = await withProblemReport(e);
          if (!(e instanceof AppError)) request.log.error({ err: e }, "import failed");
          send({ type: "result", ok: false, error: { id: err.id, message: err.message, details: err.details } });
        }
        stream.end();
        return reply;
      },
    );
  }
}
