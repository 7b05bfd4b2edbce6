/** API client: JSON in and out, session cookie, CSRF header on every change. */
export interface ApiErrorBody {
  id: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

let csrfToken = "";
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** The CSRF header for requests not made through `api` (resumable uploads). */
export const csrfHeader = (): Record<string, string> => ({ "x-csrf-token": csrfToken });

function headersFor(method: string, extra: Record<string, string> = {}): Record<string, string> {
  return method === "GET" ? extra : { ...extra, "x-csrf-token": csrfToken };
}

async function failure(res: Response): Promise<ApiError> {
  const type = res.headers.get("content-type") ?? "";
  const data: unknown = type.includes("application/json") ? await res.json().catch(() => null) : null;
  const err = (data as { error?: ApiErrorBody } | null)?.error ?? { id: "network_error", message: `请求失败（${res.status}）` };
  return new ApiError(res.status, err);
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers = headersFor(method);
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, { id: "network_error", message: "网络错误，请检查网络后重试" });
  }
  if (res.status === 204) return undefined as T;
  if (!res.ok) throw await failure(res);
  const type = res.headers.get("content-type") ?? "";
  return (type.includes("application/json") ? await res.json() : await res.text()) as T;
}

export const get = <T,>(url: string) => api<T>("GET", url);
export const post = <T,>(url: string, body?: unknown) => api<T>("POST", url, body ?? {});
export const patch = <T,>(url: string, body: unknown) => api<T>("PATCH", url, body);
export const put = <T,>(url: string, body: unknown) => api<T>("PUT", url, body);
export const del = <T,>(url: string) => api<T>("DELETE", url);

/** Query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The Chinese message to show for any failure. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.body.message;
  return "操作失败，请稍后再试";
}

/** Field problems of a `validation_failed` error (API field path → message). */
export function fieldProblems(e: unknown): { field: string; message: string }[] {
  if (!(e instanceof ApiError) || e.body.id !== "validation_failed" || !Array.isArray(e.body.details)) return [];
  return (e.body.details as { field?: unknown; message?: unknown }[]).filter((d) => typeof d.field === "string" && typeof d.message === "string") as { field: string; message: string }[];
}

export const isMissingRoute = (e: unknown) => e instanceof ApiError && e.status === 404 && e.body.id === "route_not_found";

/** Saves a blob as a download with the given file name. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function base64ToBlob(base64: string, type: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** Downloads a file the server sends as an attachment (name from Content-Disposition). */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) throw await failure(res);
  const disposition = res.headers.get("content-disposition") ?? "";
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  saveBlob(await res.blob(), m?.[1] ? decodeURIComponent(m[1]) : fallbackName);
}

// ---- import stream (R-DX-03) ----

export interface ImportProgressLine {
  type: "progress";
  phase: "upload" | "validate" | "write";
  done: number;
  total: number;
}
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}
export interface ImportFailure {
  id: string;
  message: string;
  details?: { problems?: ImportProblem[]; report?: string; reportName?: string };
}
export type ImportResultLine = { type: "result"; ok: true; created: number; updated: number; unchanged?: number } | { type: "result"; ok: false; error: ImportFailure };

/**
 * Uploads an .xlsx file and reads the server's NDJSON stream: progress lines, then one result
 * line. Errors before the stream starts (permission, file too large) come back as a failed result.
 */
/**
 * Uploads a file for import (R-DX-03) and follows the server's NDJSON stream. XMLHttpRequest,
 * not fetch: it reports upload progress (phase "upload", bytes) for large files on slow links,
 * then the server's validate/write progress as the lines arrive.
 */
export function importFile(url: string, file: File, onProgress: (p: ImportProgressLine) => void): Promise<ImportResultLine> {
  const form = new FormData();
  form.append("file", file, file.name);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [k, v] of Object.entries(headersFor("POST", { accept: "application/x-ndjson" }))) xhr.setRequestHeader(k, v);
    let seen = 0;
    let result: ImportResultLine | null = null;
    const handle = (line: string) => {
      if (!line.trim()) return;
      try {
        const msg = JSON.parse(line) as ImportProgressLine | ImportResultLine;
        if (msg.type === "progress") onProgress(msg);
        else result = msg;
      } catch {
        /* a non-NDJSON body is read at the end */
      }
    };
    const drain = (final: boolean) => {
      if (xhr.status !== 200 || !(xhr.getResponseHeader("content-type") ?? "").includes("ndjson")) return;
      const text = xhr.responseText;
      let nl: number;
      while ((nl = text.indexOf("\n", seen)) >= 0) {
        handle(text.slice(seen, nl));
        seen = nl + 1;
      }
      if (final) handle(text.slice(seen));
    };
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ type: "progress", phase: "upload", done: e.loaded, total: e.total });
    };
    xhr.onprogress = () => drain(false);
    xhr.onerror = () => resolve({ type: "result", ok: false, error: { id: "network_error", message: "网络错误，文件未能上传" } });
    xhr.onload = () => {
      const type = xhr.getResponseHeader("content-type") ?? "";
      if (xhr.status !== 200) {
        let error: ImportFailure = { id: "network_error", message: `请求失败（${xhr.status}）` };
        if (type.includes("application/json")) {
          try {
            error = (JSON.parse(xhr.responseText) as { error: ImportFailure }).error;
          } catch {
            /* keep the generic message */
          }
        }
        resolve({ type: "result", ok: false, error });
        return;
      }
      if (!type.includes("ndjson")) {
        resolve({ type: "result", ok: true, ...(JSON.parse(xhr.responseText) as { created: number; updated: number }) });
        return;
      }
      drain(true);
      resolve(result ?? { type: "result", ok: false, error: { id: "network_error", message: "连接中断，未收到导入结果，请刷新后查看数据" } });
    };
    xhr.send(form);
  });
}

// ---- shapes the server sends ----

export interface Me {
  user: { id: string; username: string; displayName: string; roles: string[]; mustChangePassword: boolean };
  agency: { id: string; name: string; level: string; path: string };
  csrfToken: string;
  abilities: Record<string, Record<string, boolean>>;
}

export type FieldType = "text" | "longtext" | "int" | "number" | "date" | "enum" | "enumArray" | "textArray" | "bool";

/** One list field as GET /api/lists describes it: the web app renders forms and tables from it. */
export interface FieldMeta {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
  patternMessage?: string;
  column: boolean;
  search: boolean;
  filter: boolean;
  help?: string;
}

export interface ListMeta {
  kind: string;
  label: string;
  rule: string;
  naturalKey: string[];
  fields: FieldMeta[];
  /** SQL table (for the history endpoint). */
  tableName: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type Abilities = Record<string, boolean>;

export interface ListRowData {
  id: string;
  agencyId: string;
  agencyName: string;
  version: number;
  updatedAt: string;
  can: Abilities;
  [field: string]: unknown;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  path: string;
  level: string;
  regionCode: string;
  regionName: string;
  actionTypes: string[];
  legalBasis: string;
  nature: string;
  socialCreditCode: string | null;
  address: string;
  phone: string;
  active: boolean;
  version: number;
  updatedAt: string;
  can: Abilities;
}

export interface Unit {
  id: string;
  agencyId: string;
  name: string;
  kind: string;
}

export interface User {
  id: string;
  agencyId: string;
  agencyName: string;
  unitId: string | null;
  username: string;
  displayName: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  version: number;
  can: Abilities;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  op: string;
  changed: string[] | null;
  oldRow: Record<string, unknown> | null;
  newRow: Record<string, unknown> | null;
}
