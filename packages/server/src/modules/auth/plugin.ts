import fp from "fastify-plugin";
import type { FastifyRequest } from "fastify";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { SESSION_COOKIE, hashToken, resolveSession, timingSafeEqual } from "./service.ts";
import { SessionCache } from "./session-cache.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const anonymous: Actor = Object.freeze({
  id: "",
  username: "",
  displayName: "",
  roles: [],
  agencyId: "",
  agencyPath: "\u0000",
  atRoot: false,
}) as Actor;

function isPublic(request: FastifyRequest): boolean {
  if (request.is404) return true;
  if (request.routeOptions.config?.public) return true;
  const url = request.routeOptions.url ?? "";
  return url.startsWith("/api/docs");
}

/**
 * Authentication for every route: a route runs without a session only if it is declared
 * `config: { public: true }`. State-changing requests must echo the session's CSRF token.
 */
export const authPlugin = fp(async (app: App) => {
  const cache = new SessionCache(app.changes);
  app.decorateRequest("actor", null as unknown as Actor);
  app.decorateRequest("sessionId", null);
  app.decorateRequest("audit", function (this: FastifyRequest, action: string) {
    return {
      actor: this.actor.id ? `user:${this.actor.id}` : "anonymous",
      actorName: this.actor.displayName,
      ip: this.ip,
      requestId: String(this.id),
      action,
    };
  });

  app.addHook("onRequest", async (request) => {
    request.actor = anonymous;
    const token = request.cookies[SESSION_COOKIE];
    let csrfToken: string | null = null;
    if (token) {
      const tokenHash = hashToken(token);
      let session = cache.get(tokenHash);
      if (!session) {
        const ticket = cache.ticket();
        session = (await resolveSession(app.db, token, tokenHash)) ?? undefined;
        if (session) cache.set(tokenHash, session, ticket);
      }
      if (session) {
        request.actor = session.actor;
        request.sessionId = session.sessionId;
        csrfToken = session.csrfToken;
      }
    }
    if (isPublic(request)) return;
    if (!request.sessionId) throw token ? errors.sessionExpired() : errors.unauthenticated();
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || !csrfToken || !timingSafeEqual(sent, csrfToken)) throw errors.csrf();
    }
  });
});
