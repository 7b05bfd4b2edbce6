import type { FastifyError } from "fastify";
import type { App } from "./types.ts";
import { AppError, errors, type ValidationDetail } from "./errors.ts";
import { chineseMessage } from "./validation-messages.ts";

function toDetails(error: FastifyError): ValidationDetail[] {
  const seen = new Set<string>();
  const out: ValidationDetail[] = [];
  for (const v of error.validation ?? []) {
    const base = v.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const missing = v.keyword === "required" ? String((v.params as { missingProperty?: string }).missingProperty ?? "") : "";
    const field = [error.validationContext === "body" ? "" : error.validationContext, base, missing].filter(Boolean).join(".");
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: chineseMessage(v as never) });
  }
  return out;
}

/** One error handler: stable ids, Chinese messages, no stack traces or data leaking out. */
export function registerErrorHandling(app: App): void {
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    let appError: AppError;
    // drizzle wraps driver errors: the PostgreSQL SQLSTATE is on the cause
    const pgCode = (error.cause as { code?: string } | undefined)?.code ?? error.code;
    if (error instanceof AppError) appError = error;
    else if (error.validation) appError = errors.validation(toDetails(error));
    else if (error.statusCode === 429) appError = errors.tooManyAttempts();
    else if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE" || error.code === "FST_REQ_FILE_TOO_LARGE")
      appError = errors.payloadTooLarge(`${Math.round(app.config.IMPORT_MAX_BYTES / 1024 / 1024)} MB`);
    else if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || error.code === "FST_INVALID_MULTIPART_CONTENT_TYPE")
      appError = errors.badFile("请求格式不正确");
    else if (error.statusCode === 400 && (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError))
      appError = errors.validation([], "请求内容不是合法的 JSON");
    else if (pgCode === "23505") appError = errors.conflict("数据重复：已存在相同编号或名称的记录");
    else if (pgCode === "23503") appError = errors.conflict("数据仍被其他记录引用，或引用的记录不存在");
    else if (pgCode === "22P02" || pgCode === "22007" || pgCode === "22008" || pgCode === "22003")
      appError = errors.validation([], "提交的数据格式不正确");
    else if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500)
      appError = new AppError("bad_request", error.statusCode, "请求不正确");
    else {
      request.log.error({ err: error }, "unhandled error");
      appError = errors.internal();
    }
    if (appError.statusCode < 500) request.log.info({ errorId: appError.id }, appError.message);
    return reply
      .status(appError.statusCode)
      .send({ error: { id: appError.id, message: appError.message, details: appError.details, requestId: request.id } });
  });

  // 404s are rate limited: probing for URLs is cheap to answer but should not be free.
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 60, timeWindow: "1 minute" }) },
    (_request, reply) => {
      const e = errors.routeNotFound();
      return reply.status(404).send({ error: { id: e.id, message: e.message } });
    },
  );
}
