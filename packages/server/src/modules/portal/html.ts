/**
 * Small typed HTML helpers for the public portal's server-rendered pages (R-PUB-01, R-PUB-02).
 *
 * `html` is a tagged template: every interpolated value is escaped unless it is a `SafeHtml`
 * (the result of another `html` template, or of `raw`, which marks a string as trusted
 * markup explicitly). Arrays are rendered item by item and concatenated; `null`, `undefined`
 * and `false` render as nothing. Attribute values must be written inside double quotes in the
 * template (`href="${url}"`): escaping covers `&`, `<`, `>`, `"` and `'`.
 */

/** Markup that is already safe to send: built by `html` or marked with `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for use in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Marks trusted markup (e.g. an SVG the platform generated) as safe: never use on user data. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Renders one interpolated value: SafeHtml as is, arrays item by item, text escaped. */
function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return escapeHtml(value.toISOString());
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Joins rendered items with a separator (escaped unless SafeHtml). */
export function join(items: readonly unknown[], separator: unknown = ""): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(items.map(render).join(sep));
}

/**
 * A same-site URL: the path as given (build dynamic segments with `encodeURIComponent`) and
 * the query from the defined, non-empty values in order.
 */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
