/**
 * JSON Canonicalization Scheme (RFC 8785) for ledger entries (R-REC-02): one byte sequence per
 * JSON value, so the commitment of an entry can be recomputed anywhere (server, CLI, browser).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalError";
  }
}

/** Canonical JSON text of `value`; throws CanonicalError for what JSON cannot hold. */
export function canonicalize(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      // RFC 8785 §3.2.2.3: ECMAScript's Number serialisation, which JSON.stringify applies
      if (!Number.isFinite(value)) throw new CanonicalError(`不能规范化非有限数 ${value}`);
      return JSON.stringify(value);
    case "string":
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) throw new CanonicalError("字符串含孤立的代理项");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalize(v)).join(",")}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new CanonicalError("只能规范化普通对象");
      // keys sorted by UTF-16 code units (RFC 8785 §3.2.3): the default sort compares exactly that
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${canonicalize(k)}:${canonicalize(v)}`).join(",")}}`;
    }
    default:
      throw new CanonicalError(`不能规范化 ${typeof value}`);
  }
}
