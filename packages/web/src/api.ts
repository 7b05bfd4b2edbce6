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

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  const data = type.includes("application/json") ? await res.json() : await res.text();
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody }).error ?? { id: "network_error", message: `请求失败（${res.status}）` };
    throw new ApiError(res.status, err);
  }
  return data as T;
}

export const get = <T,>(url: string) => api<T>("GET", url);
export const post = <T,>(url: string, body?: unknown) => api<T>("POST", url, body ?? {});
export const patch = <T,>(url: string, body: unknown) => api<T>("PATCH", url, body);
export const del = <T,>(url: string) => api<T>("DELETE", url);

export interface Me {
  user: { id: string; username: string; displayName: string; roles: string[]; mustChangePassword: boolean };
  agency: { id: string; name: string; level: string; path: string };
  csrfToken: string;
  abilities: Record<string, Record<string, boolean>>;
}
