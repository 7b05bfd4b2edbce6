import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { IdParams, PageOf, errorResponses } from "../../core/schemas.ts";
import type { Actor } from "../../core/policy.ts";
import { User, UserCreate, UserQuery, UserUpdate } from "./schemas.ts";
import { createUser, getUser, listUsers, resetPassword, updateUser, type UserRow } from "./service.ts";
import { userPolicy } from "./policy.ts";

function present(actor: Actor, row: UserRow) {
  const { agencyPath, ...rest } = row;
  return { ...rest, can: userPolicy.abilities(actor, { agencyId: row.agencyId, agencyPath, userId: row.id }) };
}

export default async function userRoutes(app: App) {
  const tags = ["users"];
  app.get("/users", { schema: { tags, summary: "用户列表", querystring: UserQuery, response: { 200: PageOf(User), ...errorResponses } } }, async (request) => {
    const { items, total } = await listUsers(app.db, request.actor, request.query);
    return { items: items.map((u) => present(request.actor, u)), total, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.get("/users/:id", { schema: { tags, summary: "用户详情", params: IdParams, response: { 200: User, ...errorResponses } } }, async (request) => {
    const row = await getUser(app.db, request.params.id);
    userPolicy.authorize(request.actor, "read", { agencyId: row.agencyId, agencyPath: row.agencyPath, userId: row.id });
    return present(request.actor, row);
  });

  app.post("/users", { schema: { tags, summary: "新增用户", body: UserCreate, response: { 201: User, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(present(request.actor, await createUser(app.db, request.actor, request.audit("user.create"), request.body))),
  );

  app.patch("/users/:id", { schema: { tags, summary: "修改用户", params: IdParams, body: UserUpdate, response: { 200: User, ...errorResponses } } }, async (request) =>
    present(request.actor, await updateUser(app.db, request.actor, request.audit("user.update"), request.params.id, request.body)),
  );

  app.post(
    "/users/:id/reset-password",
    { schema: { tags, summary: "重置密码", params: IdParams, body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await resetPassword(app.db, request.actor, request.audit("user.reset_password"), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
}
