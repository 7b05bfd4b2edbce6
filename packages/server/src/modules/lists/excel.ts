import ExcelJS from "exceljs";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { AppError, errors } from "../../core/errors.ts";
import type { FieldDef, ListDefinition } from "./definition.ts";
import { validateRow } from "./fields.ts";
import { col, normalise, type ListRow } from "./service.ts";

/** One problem in an imported file, as the downloadable report lists it. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportProgress {
  phase: "validate" | "write";
  done: number;
  total: number;
}

export interface ImportResult {
  created: number;
  updated: number;
}

export const MAX_IMPORT_ROWS = 50_000;
const SEPARATORS = /[,，、;；\n]+/;

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

/** "2027-1-1", "2027/01/01", "2027年1月1日" → "2027-01-01"; null when not a date. */
export function normaliseDateText(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : null;
}

function parseDate(value: ExcelJS.CellValue): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return normaliseDateText(cellText(value));
}

function enumValue(f: FieldDef, text: string): string | null {
  const t = text.trim();
  const o = f.options?.find((x) => x.label === t || x.value === t);
  return o ? o.value : null;
}

/** Converts one cell to the field's typed value, or a Chinese problem. */
export function fromCell(f: FieldDef, value: ExcelJS.CellValue): { value: unknown } | { problem: string } {
  const text = cellText(value).trim();
  // An empty yes/no cell says nothing: the default applies on insert and the value stays on update
  // (reading it as "否" would, say, take every officer of a sheet without 在岗 off duty).
  if (text === "") return { value: f.type === "enumArray" || f.type === "textArray" ? [] : f.type === "bool" ? undefined : null };
  switch (f.type) {
    case "text":
    case "longtext":
      return { value: text };
    case "int":
    case "number": {
      const n = typeof value === "number" ? value : Number(text.replace(/,/g, ""));
      if (!Number.isFinite(n)) return { problem: "应为数字" };
      if (f.type === "int" && !Number.isInteger(n)) return { problem: "应为整数" };
      return { value: n };
    }
    case "date": {
      const d = parseDate(value);
      return d ? { value: d } : { problem: "日期格式应为 YYYY-MM-DD" };
    }
    case "enum": {
      const v = enumValue(f, text);
      return v ? { value: v } : { problem: `应为以下之一：${f.options?.map((o) => o.label).join("、")}` };
    }
    case "enumArray": {
      const parts = text.split(SEPARATORS).map((p) => p.trim()).filter(Boolean);
      const values: string[] = [];
      for (const p of parts) {
        const v = enumValue(f, p);
        if (!v) return { problem: `“${p}”不是有效取值，应为：${f.options?.map((o) => o.label).join("、")}` };
        if (!values.includes(v)) values.push(v);
      }
      return { value: values };
    }
    case "textArray":
      return { value: text.split(SEPARATORS).map((p) => p.trim()).filter(Boolean) };
    case "bool":
      if (["是", "true", "1", "TRUE", "Y", "y"].includes(text)) return { value: true };
      if (["否", "false", "0", "FALSE", "N", "n"].includes(text)) return { value: false };
      return { problem: "应为“是”或“否”" };
  }
}

/** Checks the bytes are an .xlsx (a ZIP) before handing them to the parser. */
export function checkExcelBytes(buffer: Buffer): void {
  if (buffer.length === 0) throw errors.badFile("文件为空");
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw errors.badFile("不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再导入");
  if (!buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) throw errors.badFile("文件不是 Excel（.xlsx）格式");
}

/** Checks the bytes, opens the workbook and returns its first sheet, which must have data rows. */
export async function readFirstSheet(buffer: Buffer, opts: { emptyMessage: string; maxDataRows: number; tooManyMessage: string }): Promise<ExcelJS.Worksheet> {
  checkExcelBytes(buffer);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as never);
  } catch {
    throw errors.badFile("无法读取该 Excel 文件，文件可能已损坏");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount < 2) throw errors.badFile(opts.emptyMessage);
  if (sheet.actualRowCount - 1 > opts.maxDataRows) throw errors.badFile(opts.tooManyMessage);
  return sheet;
}

/** Header labels of the first row → column numbers ("姓名*" counts as "姓名"). */
export function headerColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const columnOf = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, colNumber) => {
    const label = cellText(cell.value).replace(/[*＊]\s*$/, "").trim();
    if (label) columnOf.set(label, colNumber);
  });
  return columnOf;
}

export interface ParsedRow {
  excelRow: number;
  values: Record<string, unknown>;
}

/** Reads the first worksheet: header row of field labels, one list row per line. */
export async function parseWorkbook(def: ListDefinition, buffer: Buffer, onProgress?: (p: ImportProgress) => void): Promise<{ rows: ParsedRow[]; problems: ImportProblem[] }> {
  const sheet = await readFirstSheet(buffer, { emptyMessage: "文件中没有数据行（第一行应为表头）", maxDataRows: MAX_IMPORT_ROWS, tooManyMessage: `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分文件` });
  const columnOf = headerColumns(sheet);
  const missing = def.fields.filter((f) => f.required && !columnOf.has(f.label)).map((f) => f.label);
  if (missing.length) throw errors.badFile(`表头缺少必填列：${missing.join("、")}（请使用导入模板）`);

  const rows: ParsedRow[] = [];
  const problems: ImportProblem[] = [];
  const total = sheet.actualRowCount - 1;
  let done = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, unknown> = {};
    let empty = true;
    for (const f of def.fields) {
      const c = columnOf.get(f.label);
      if (c === undefined) continue;
      const raw = row.getCell(c).value;
      if (cellText(raw).trim() !== "") empty = false;
      const parsed = fromCell(f, raw);
      if ("problem" in parsed) problems.push({ row: rowNumber, column: f.label, message: parsed.problem });
      else values[f.key] = parsed.value;
    }
    done++;
    if (empty) return;
    for (const p of validateRow(def, normalise(def, values), "create")) {
      if (!problems.some((x) => x.row === rowNumber && x.column === labelOf(def, p.field))) problems.push({ row: rowNumber, column: labelOf(def, p.field), message: p.message });
    }
    rows.push({ excelRow: rowNumber, values });
    if (done % 500 === 0) onProgress?.({ phase: "validate", done, total });
  });
  if (rows.length === 0 && problems.length === 0) throw errors.badFile("文件中没有数据行");
  onProgress?.({ phase: "validate", done: total, total });
  return { rows, problems };
}

function labelOf(def: ListDefinition, key: string): string {
  return def.fields.find((f) => f.key === key)?.label ?? key;
}

function naturalKeyOf(def: ListDefinition, values: Record<string, unknown>): string | null {
  if (!def.naturalKey?.length) return null;
  return JSON.stringify(def.naturalKey.map((k) => values[k] ?? null));
}

/**
 * All-or-nothing import into one agency's list (R-DX-03): every row is validated first; rows
 * whose natural key matches an existing row update it, the others are added. Any problem →
 * nothing is written and every problem is reported.
 */
export async function importRows(
  db: Db,
  def: ListDefinition,
  ctx: AuditContext,
  agencyId: string,
  parsed: { rows: ParsedRow[]; problems: ImportProblem[] },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportResult> {
  const problems = [...parsed.problems];
  const seen = new Map<string, number>();
  for (const r of parsed.rows) {
    const key = naturalKeyOf(def, r.values);
    if (key === null) continue;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ row: r.excelRow, column: labelOf(def, def.naturalKey![0]!), message: `与第 ${first} 行重复` });
    else seen.set(key, r.excelRow);
  }
  if (problems.length) throw errors.importFailed({ problems: sortProblems(problems) });

  const total = parsed.rows.length;
  return mutate(db, ctx, async (tx) => {
    const existing = new Map<string, string>();
    if (def.naturalKey?.length) {
      const keyCols = def.naturalKey.map((k) => col(def, k));
      const rows = await tx
        .select({ id: def.table.id, ...Object.fromEntries(def.naturalKey.map((k, i) => [k, keyCols[i]!])) })
        .from(def.table)
        .where(eq(def.table.agencyId, agencyId));
      for (const r of rows as Record<string, unknown>[]) existing.set(naturalKeyOf(def, r)!, String(r.id));
    }
    let created = 0;
    let updated = 0;
    const inserts: Record<string, unknown>[] = [];
    for (const [i, r] of parsed.rows.entries()) {
      const values = normalise(def, r.values);
      const key = naturalKeyOf(def, values);
      const id = key ? existing.get(key) : undefined;
      if (def.validate) {
        for (const p of await def.validate(values, { tx, agencyId, id })) problems.push({ row: r.excelRow, column: labelOf(def, p.field), message: p.message });
      }
      if (id) {
        await tx.update(def.table).set({ ...values, version: sql`${def.table.version} + 1`, updatedAt: new Date() } as never).where(and(eq(def.table.id, id), eq(def.table.agencyId, agencyId)));
        updated++;
      } else {
        inserts.push({ ...values, agencyId });
        created++;
      }
      if (inserts.length >= 500) await tx.insert(def.table).values(inserts.splice(0) as never);
      if ((i + 1) % 500 === 0) onProgress?.({ phase: "write", done: i + 1, total });
    }
    if (problems.length) throw errors.importFailed({ problems: sortProblems(problems) });
    if (inserts.length) await tx.insert(def.table).values(inserts as never);
    onProgress?.({ phase: "write", done: total, total });
    return { created, updated };
  });
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => a.row - b.row);
}

/** The downloadable report of an import that failed: row, column and Chinese message per problem. */
export async function problemReport(problems: ImportProblem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("导入错误报告");
  ws.columns = [
    { header: "行号", key: "row", width: 8 },
    { header: "列", key: "column", width: 20 },
    { header: "问题", key: "message", width: 60 },
  ];
  for (const p of problems) ws.addRow(p);
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function toCell(f: FieldDef, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  const label = (x: unknown) => f.options?.find((o) => o.value === x)?.label ?? String(x);
  switch (f.type) {
    case "enum":
      return label(v);
    case "enumArray":
      return (v as unknown[]).map(label).join("、");
    case "textArray":
      return (v as unknown[]).join("、");
    case "bool":
      return v ? "是" : "否";
    case "int":
    case "number":
      return Number(v);
    default:
      return String(v);
  }
}

/** Adds the downloadable problem report (base64 .xlsx) to a failed import's error. */
export async function withProblemReport(e: unknown): Promise<AppError> {
  if (!(e instanceof AppError)) return errors.internal();
  if (e.id !== "import_failed") return e;
  const problems = (e.details as { problems: ImportProblem[] }).problems;
  const report = (await problemReport(problems)).toString("base64");
  return new AppError(e.id, e.statusCode, `${e.message}（共 ${problems.length} 处问题）`, { problems, report, reportName: "导入错误报告.xlsx" });
}

/** Export (and, with no rows, the import template): the same headers the import reads. */
export async function exportWorkbook(def: ListDefinition, rows: ListRow[], opts: { template?: boolean; agencyColumn?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(def.label.slice(0, 31));
  const columns = [...(opts.template || opts.agencyColumn === false ? [] : [{ header: "执法主体", key: "__agency", width: 24 }]), ...def.fields.map((f) => ({ header: opts.template && f.required ? `${f.label}*` : f.label, key: f.key, width: Math.min(40, Math.max(10, f.label.length * 2 + 4)) }))];
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const out: Record<string, unknown> = { __agency: r.agencyName };
    for (const f of def.fields) out[f.key] = toCell(f, r[f.key]);
    ws.addRow(out);
  }
  if (opts.template) {
    const help = wb.addWorksheet("填写说明");
    help.columns = [
      { header: "列", key: "label", width: 20 },
      { header: "必填", key: "required", width: 8 },
      { header: "说明", key: "help", width: 80 },
    ];
    help.getRow(1).font = { bold: true };
    for (const f of def.fields) {
      const hint = [
        f.help,
        f.type === "date" ? "日期，格式 YYYY-MM-DD" : "",
        f.options ? `取值：${f.options.map((o) => o.label).join("、")}${f.type === "enumArray" ? "（多个用顿号分隔）" : ""}` : "",
        f.type === "textArray" ? "多个用顿号分隔" : "",
        f.type === "bool" ? "填“是”或“否”" : "",
      ].filter(Boolean);
      help.addRow({ label: f.label, required: f.required ? "是" : "", help: hint.join("；") });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { AppError, inArray };
