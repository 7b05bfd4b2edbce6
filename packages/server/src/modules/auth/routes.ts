import { Type } from "typebox";
import { eq } from "drizzle-orm";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { Abilities, ErrorBody, errorResponses } from "../../core/schemas.ts";
import { agencies } from "../agencies/tables.ts";
import { SESSION_COOKIE, changePassword, login, logout, resolveSession } from "./service.ts";
import { abilitiesFor } from "../abilities.ts";

const Me = Type.Object({
  user: Type.Object({
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String()),
    mustChangePassword: Type.Boolean(),
  }),
  agency: Type.Object({ id: Type.String(), name: Type.String(), level: Type.String(), path: Type.String() }),
  csrfToken: Type.String(),
  /** What the server will accept from this user, per resource: the UI shows only these. */
  abilities: Type.Record(Type.String(), Abilities),
});

export default async function authRoutes(app: App) {
  const cookieOptions = () => ({
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: app.config.COOKIE_SECURE,
    maxAge: app.config.SESSION_TTL_HOURS * 3600,
  });

  async function me(token: string) {
    const session = await resolveSession(app.db, token);
    if (!session) throw errors.sessionExpired();
    const [agency] = await app.db
      .select({ id: agencies.id, name: agencies.name, level: agencies.level, path: agencies.path })
      .from(agencies)
      .where(eq(agencies.id, session.actor.agencyId));
    if (!agency) throw errors.internal();
    const a = session.actor;
    return {
      user: { id: a.id, username: a.username, displayName: a.displayName, roles: a.roles, mustChangePassword: session.mustChangePassword },
      agency,
      csrfToken: session.csrfToken,
      abilities: abilitiesFor(a),
    };
  }

  app.post(
    "/auth/login",
    {
      config: { public: true },
      schema: {
        tags: ["auth"],
        summary: "登录",
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 423: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { token } = await login(app.db, app.config, {
        username: request.body.username.trim(),
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? "",
        requestId: String(request.id),
      });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions());
      return me(token);
    },
  );

  app.post("/auth/logout", { schema: { tags: ["auth"], summary: "退出登录", response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    if (request.sessionId) await logout(app.db, request.audit("auth.logout"), request.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send(null);
  });

  app.get("/auth/me", { schema: { tags: ["auth"], summary: "当前用户、所属主体与权限", response: { 200: Me, ...errorResponses } } }, async (request) =>
    me(request.cookies[SESSION_COOKIE] ?? ""),
  );

  app.post(
    "/auth/password",
    {
      schema: {
        tags: ["auth"],
        summary: "修改密码",
        body: Type.Object({ oldPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await changePassword(app.db, request.audit("auth.password_change"), request.actor, request.sessionId ?? "", request.body.oldPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
