import { Type, type TSchema } from "typebox";
import { Value } from "typebox/value";
import type { ValidationDetail } from "../../core/errors.ts";
import { chineseMessage, registerPatternMessage } from "../../core/validation-messages.ts";
import type { FieldDef, ListDefinition } from "./definition.ts";

/** The TypeBox schema of one field: the single source of its validation (API and Excel). */
export function fieldSchema(f: FieldDef): TSchema {
  if (f.pattern && f.patternMessage) registerPatternMessage(f.pattern, f.patternMessage);
  const literals = () => Type.Union((f.options ?? []).map((o) => Type.Literal(o.value)));
  switch (f.type) {
    case "text":
      return Type.String({ minLength: f.required ? 1 : 0, maxLength: f.maxLength ?? 200, ...(f.pattern ? { pattern: f.pattern } : {}) });
    case "longtext":
      return Type.String({ minLength: f.required ? 1 : 0, maxLength: f.maxLength ?? 10000 });
    case "int":
      return Type.Integer({ ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) });
    case "number":
      return Type.Number({ ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) });
    case "date":
      return Type.String({ format: "date" });
    case "enum":
      return literals();
    case "enumArray":
      return Type.Array(literals(), { uniqueItems: true, minItems: f.required ? 1 : 0 });
    case "textArray":
      return Type.Array(Type.String({ minLength: 1, maxLength: f.maxLength ?? 200, ...(f.pattern ? { pattern: f.pattern } : {}) }), { minItems: f.required ? 1 : 0 });
    case "bool":
      return Type.Boolean();
  }
}

function nullable(f: FieldDef): TSchema {
  const s = fieldSchema(f);
  return f.required || f.type === "enumArray" || f.type === "textArray" || f.type === "bool" ? s : Type.Union([s, Type.Null()]);
}

export function createSchema(def: ListDefinition) {
  const props: Record<string, TSchema> = { agencyId: Type.String({ format: "uuid" }) };
  for (const f of def.fields) props[f.key] = f.required ? nullable(f) : Type.Optional(nullable(f));
  return Type.Object(props);
}

export function updateSchema(def: ListDefinition) {
  const props: Record<string, TSchema> = { version: Type.Integer({ minimum: 1 }) };
  for (const f of def.fields) props[f.key] = Type.Optional(nullable(f));
  return Type.Object(props);
}

/** JSON type of a field's value in responses (nullable), as a plain type list: fast to serialise. */
function responseType(f: FieldDef): TSchema {
  const scalar = (t: string) => Type.Unsafe({ type: [t, "null"] });
  switch (f.type) {
    case "int":
      return scalar("integer");
    case "number":
      return scalar("number");
    case "bool":
      return scalar("boolean");
    case "enumArray":
    case "textArray":
      return Type.Unsafe({ type: ["array", "null"], items: { type: "string" } });
    default:
      return scalar("string");
  }
}

/** The row as the API returns it. */
export function rowSchema(def: ListDefinition) {
  const props: Record<string, TSchema> = {
    id: Type.String(),
    agencyId: Type.String(),
    agencyName: Type.String(),
    version: Type.Integer(),
    updatedAt: Type.String(),
    can: Type.Object({ update: Type.Boolean(), delete: Type.Boolean() }),
  };
  for (const f of def.fields) props[f.key] = responseType(f);
  return Type.Object(props);
}

/** Validates a typed row against the fields' schemas; problems are keyed by field with Chinese text. */
export function validateRow(def: ListDefinition, row: Record<string, unknown>, mode: "create" | "update"): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  for (const f of def.fields) {
    const v = row[f.key];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "" && f.type !== "longtext")) {
      if (f.required && (mode === "create" || v !== undefined)) out.push({ field: f.key, message: "必填" });
      continue;
    }
    const [e] = Value.Errors(fieldSchema(f), v);
    if (e) out.push({ field: f.key, message: fieldMessage(f, e as never) });
  }
  return out;
}

export function fieldMessage(f: FieldDef, e: { keyword: string; params: Record<string, unknown>; message?: string }): string {
  if (e.keyword === "pattern" && f.patternMessage) return f.patternMessage;
  if ((e.keyword === "const" || e.keyword === "anyOf") && f.options) return `应为以下之一：${f.options.map((o) => o.label).join("、")}`;
  if (e.keyword === "uniqueItems") return "有重复的取值";
  return chineseMessage(e);
}

/** Field metadata for the web app (forms, tables, filters). */
export function presentFields(def: ListDefinition) {
  return def.fields.map((f) => ({
    key: f.key,
    label: f.label,
    type: f.type,
    required: !!f.required,
    options: f.options ? [...f.options] : undefined,
    maxLength: f.maxLength,
    min: f.min,
    max: f.max,
    pattern: f.pattern,
    patternMessage: f.patternMessage,
    column: !!f.column,
    search: !!f.search,
    filter: !!f.filter,
    help: f.help,
  }));
}
