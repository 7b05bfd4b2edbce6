/**
 * Errors with stable ids. The API answers `{ error: { id, message, details? } }`; `id` is the
 * contract for clients, `message` is Chinese text the UI may show as is.
 */
export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const errors = {
  unauthenticated: () => new AppError("unauthenticated", 401, "请先登录"),
  sessionExpired: () => new AppError("session_expired", 401, "登录已过期，请重新登录"),
  invalidCredentials: () => new AppError("invalid_credentials", 401, "用户名或密码错误"),
  accountLocked: (minutes: number) =>
    new AppError("account_locked", 423, `登录失败次数过多，账号已临时锁定，请 ${minutes} 分钟后再试`),
  accountDisabled: () => new AppError("account_disabled", 403, "账号已停用，请联系管理员"),
  tooManyAttempts: () => new AppError("too_many_attempts", 429, "请求过于频繁，请稍后再试"),
  csrf: () => new AppError("csrf_failed", 403, "页面已失效，请刷新后重试"),
  forbidden: (what = "执行此操作") => new AppError("forbidden", 403, `您没有权限${what}`),
  notFound: (what = "资源") => new AppError("not_found", 404, `${what}不存在或您无权查看`),
  routeNotFound: () => new AppError("route_not_found", 404, "请求的地址不存在"),
  validation: (details: ValidationDetail[], message = "提交的数据有误，请检查后重试") =>
    new AppError("validation_failed", 400, message, details),
  conflict: (message: string) => new AppError("conflict", 409, message),
  staleVersion: () => new AppError("stale_version", 409, "数据已被他人修改，请刷新后再编辑"),
  wrongPassword: () => new AppError("wrong_password", 400, "原密码不正确"),
  weakPassword: (message: string) => new AppError("weak_password", 400, message),
  payloadTooLarge: (limit: string) => new AppError("payload_too_large", 413, `文件过大，最大允许 ${limit}`),
  badFile: (message: string) => new AppError("bad_file", 400, message),
  importFailed: (details: unknown) => new AppError("import_failed", 422, "导入失败：文件中有错误，未导入任何数据", details),
  internal: () => new AppError("internal_error", 500, "服务器内部错误，请稍后再试"),
};

export interface ValidationDetail {
  field: string;
  message: string;
}
