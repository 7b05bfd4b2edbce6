/**
 * How every portal page is answered: HTML cached a minute when it is a 200, and errors as the
 * portal's Chinese error pages (400/404/429, never JSON, never a stack trace) — shared by the
 * portal's own routes and the modules that add pages to it (e.g. 统计年报).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.ts";
import { PortalError, notFound } from "./params.ts";
import { errorPage, internalErrorPage } from "./pages/errors.ts";
import { tooManyRequestsPage } from "./pages/decisions.ts";

export function sendHtml(reply: FastifyReply, body: string, status = 200, cache = status === 200 ? "public, max-age=60" : "no-cache") {
  return reply.code(status).type("text/html; charset=utf-8").header("cache-control", cache).send(body);
}

/** The error handler of a plugin serving portal pages. */
export function portalErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof PortalError) return sendHtml(reply, errorPage(error), error.statusCode);
  if (error instanceof AppError && error.statusCode === 404) return sendHtml(reply, errorPage(notFound("页面不存在", error.message)), 404);
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 429) return sendHtml(reply, tooManyRequestsPage(), 429);
  if (typeof status === "number" && status >= 400 && status < 500) return sendHtml(reply, errorPage(new PortalError(400, "请求有误", "请求不正确，请检查地址后重试。")), 400);
  request.log.error({ err: error }, "portal page failed");
  return sendHtml(reply, internalErrorPage(), 500);
}
