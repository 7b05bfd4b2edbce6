/**
 * Reading the portal's query strings and path parameters. Bad input is answered with a Chinese
 * error page and the right status (400, 404), never a 500: values are checked here before any
 * reaches the database.
 */
import { isIsoDate } from "@zhifa/domain";
import { isUuid } from "../../core/schemas.ts";

/** An error the portal shows as a page: status, heading and explanation in Chinese. */
export class PortalError extends Error {
  constructor(
    readonly statusCode: 400 | 404,
    readonly title: string,
    message: string,
    /** What the page offers next (e.g. the officer search on an unknown certificate). */
    readonly kind: "generic" | "certificate" = "generic",
    /** The 执法证号 asked for (kind "certificate"). */
    readonly certNumber?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new PortalError(400, "请求参数有误", message);
export const notFound = (title: string, message: string) => new PortalError(404, title, message);
/** R-PUB-02: a certificate number that is not on the officers list. */
export const unknownCertificate = (certNumber: string) => new PortalError(404, "未找到该执法证件", `执法证号“${certNumber.slice(0, 40)}”不存在`, "certificate", certNumber.slice(0, 40));

export { isUuid };

/** 执法证号 as the officers list allows it (digits, letters, hyphens; at most 40). */
const CERT_NO = /^[0-9A-Za-z-]{1,40}$/;
export const isCertificateNo = (v: string) => CERT_NO.test(v);

export type Query = Record<string, unknown>;

/** A single string value: absent or empty → undefined; repeated → 400. */
function one(query: Query, key: string): string | undefined {
  const v = query[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw badRequest(`参数“${key}”只能出现一次`);
  const s = String(v).trim();
  return s === "" ? undefined : s;
}

/** `?date=YYYY-MM-DD` (an existing calendar date); undefined when absent. */
export function dateParam(query: Query, key = "date"): string | undefined {
  const v = one(query, key);
  if (v === undefined) return undefined;
  const shown = v.slice(0, 40);
  if (!isIsoDate(v)) throw badRequest(`日期“${shown}”无效：请按 YYYY-MM-DD 格式填写存在的日期，例如 2024-01-31`);
  return v;
}

/** `?page=` (1 … 10000); 1 when absent. */
export function pageParam(query: Query): number {
  const v = one(query, "page");
  if (v === undefined) return 1;
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 10000) throw badRequest("页码应为 1 至 10000 之间的整数");
  return Number(v);
}

/** `?before=` (a positive integer below 2^53, a keyset cursor); undefined when absent. */
export function beforeParam(query: Query): number | undefined {
  const v = one(query, "before");
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(v) || !Number.isSafeInteger(Number(v))) throw badRequest("参数“before”应为正整数（上一页最后一个检查点的记录条数）");
  return Number(v);
}

/** `?agencyId=` (an agency's id); undefined when absent. */
export function agencyParam(query: Query): string | undefined {
  const v = one(query, "agencyId");
  if (v === undefined) return undefined;
  if (!isUuid(v)) throw badRequest("执法主体参数无效，请从列表中选择执法主体");
  return v;
}

/** `?q=` search words (at most 50 characters); undefined when absent. */
export function searchParam(query: Query): string | undefined {
  const v = one(query, "q");
  if (v === undefined) return undefined;
  if (v.length > 50) throw badRequest("搜索词过长，请不超过 50 个字");
  return v;
}
