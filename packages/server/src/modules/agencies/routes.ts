import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { IdParams, errorResponses } from "../../core/schemas.ts";
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
}
