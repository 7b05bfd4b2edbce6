import { Type } from "typebox";
import { and, asc, eq } from "drizzle-orm";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { errorResponses } from "../../core/schemas.ts";
import { auditEvents } from "./tables.ts";
import { historySources } from "./registry.ts";

const HistoryEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  op: Type.String(),
  changed: Type.Union([Type.Array(Type.String()), Type.Null()]),
  oldRow: Type.Unknown(),
  newRow: Type.Unknown(),
});

export default async function auditRoutes(app: App) {
  app.get(
    "/history/:table/:rowId",
    {
      schema: {
        tags: ["audit"],
        summary: "记录的变更历史（谁、何时、改了什么）",
        params: Type.Object({ table: Type.String({ pattern: "^[a-z_]{1,60}$" }), rowId: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }), ...errorResponses },
      },
    },
    async (request) => {
      const source = historySources.get(request.params.table);
      if (!source) throw errors.notFound("记录类型");
      const owner = await source.owner(app.db, request.params.rowId);
      if (!owner || !source.canRead(request.actor, owner)) throw errors.notFound(source.label);
      const rows = await app.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tableName, request.params.table), eq(auditEvents.rowId, request.params.rowId)))
        .orderBy(asc(auditEvents.id));
      return {
        items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorName: r.actorName, action: r.action, op: r.op, changed: r.changed, oldRow: r.oldRow, newRow: r.newRow })),
      };
    },
  );
}
