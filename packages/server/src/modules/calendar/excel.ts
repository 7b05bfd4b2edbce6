// Excel form of a year's notice (R-CASE-07, R-DX-03): one line per date or date range, columns
// 日期 / 类型 (放假 | 调休上班) / 名称. The same checks as the API body apply; problems are reported per row.
import ExcelJS from "exceljs";
import type { CalendarDay, CalendarDayKind } from "@zhifa/domain";
import { errors } from "../../core/errors.ts";
import { cellText, headerColumns, normaliseDateText, readFirstSheet, type ImportProblem } from "../lists/excel.ts";
import { KIND_LABELS, noticeOf, type NoticeEntry, type NoticeProblem } from "./notice.ts";

export const COLUMNS = { date: "日期", kind: "类型", name: "名称" } as const;
const MAX_ROWS = 1000;
const RANGE = /\s*(?:至|~|～|—|－{1,2})\s*/;

const KIND_WORDS: Record<string, CalendarDayKind> = {
  放假: "holiday",
  休息: "holiday",
  假日: "holiday",
  节假日: "holiday",
  调休上班: "workday",
  调休: "workday",
  上班: "workday",
  补班: "workday",
  班: "workday",
};

/** "2027-1-1", "2027/01/01", "2027年1月1日" → "2027-01-01"; anything else is returned as typed. */
function normaliseDate(text: string): string {
  return normaliseDateText(text) ?? text.trim();
}

export interface ParsedNotice {
  entries: NoticeEntry[];
  /** Excel row of each entry. */
  rows: number[];
  problems: ImportProblem[];
}

/** Reads the first worksheet. Bad files → `bad_file`; bad cells → problems with row and column. */
export async function parseNoticeWorkbook(buffer: Buffer): Promise<ParsedNotice> {
  const sheet = await readFirstSheet(buffer, {
    emptyMessage: "文件中没有数据行（第一行应为表头：日期、类型、名称）",
    maxDataRows: MAX_ROWS - 1,
    tooManyMessage: `行数过多：一年的节假日安排不超过 ${MAX_ROWS} 行`,
  });
  const columnOf = headerColumns(sheet);
  const missing = Object.values(COLUMNS).filter((c) => !columnOf.has(c));
  if (missing.length) throw errors.badFile(`表头缺少列：${missing.join("、")}（第一行应为：日期、类型、名称）`);

  const out: ParsedNotice = { entries: [], rows: [], problems: [] };
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cell = (key: keyof typeof COLUMNS) => row.getCell(columnOf.get(COLUMNS[key])!).value;
    const dateCell = cell("date");
    const dateText = cellText(dateCell).trim();
    const kindText = cellText(cell("kind")).trim();
    const name = cellText(cell("name")).trim();
    if (dateText === "" && kindText === "" && name === "") return;

    const kind = KIND_WORDS[kindText];
    if (!kind) out.problems.push({ row: rowNumber, column: COLUMNS.kind, message: "类型应为“放假”或“调休上班”" });
    if (dateText === "") {
      out.problems.push({ row: rowNumber, column: COLUMNS.date, message: "请填写日期" });
      return;
    }
    const [from = "", to] = dateCell instanceof Date ? [dateText] : dateText.split(RANGE);
    if (!kind) return;
    if (kind === "workday" && to !== undefined) {
      out.problems.push({ row: rowNumber, column: COLUMNS.date, message: "调休上班日应逐日填写，不能填日期范围" });
      return;
    }
    out.entries.push({ kind, name, from: normaliseDate(from), to: normaliseDate(to ?? from) });
    out.rows.push(rowNumber);
  });
  if (out.entries.length === 0 && out.problems.length === 0) throw errors.badFile("文件中没有数据行");
  return out;
}

/** Maps the notice checks' problems back to the rows and columns of the file. */
export function rowProblems(parsed: ParsedNotice, problems: NoticeProblem[]): ImportProblem[] {
  return problems.map((p) => ({
    row: p.index === null ? 1 : (parsed.rows[p.index] ?? 1),
    column: p.part === "name" ? COLUMNS.name : p.part === null ? COLUMNS.kind : COLUMNS.date,
    message: p.message,
  }));
}

/** A year's notice as a workbook in the import format (holiday ranges on one line); empty → the template. */
export async function noticeWorkbook(year: number, days: CalendarDay[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${year}年节假日安排`);
  ws.columns = [
    { header: COLUMNS.date, key: "date", width: 28 },
    { header: COLUMNS.kind, key: "kind", width: 12 },
    { header: COLUMNS.name, key: "name", width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  const { holidays, workdays } = noticeOf(days);
  const lines = [
    ...holidays.map((h) => ({ date: h.from === h.to ? h.from : `${h.from}至${h.to}`, kind: KIND_LABELS.holiday, name: h.name, sort: h.from })),
    ...workdays.map((w) => ({ date: w.date, kind: KIND_LABELS.workday, name: w.name, sort: w.date })),
  ].sort((a, b) => (a.sort < b.sort ? -1 : 1));
  for (const l of lines) ws.addRow({ date: l.date, kind: l.kind, name: l.name });
  const help = wb.addWorksheet("填写说明");
  help.columns = [{ header: "说明", key: "text", width: 90 }];
  for (const text of [
    "每行一项：放假填日期或日期范围（如 2027-02-06至2027-02-13），调休上班逐日填写。",
    "类型：放假 或 调休上班；名称：节日名称，如 元旦、春节、国庆节。",
    `日期必须在 ${year} 年内；调休上班日应为星期六或星期日；日期不能重复。`,
    "导入会整体替换该年度的节假日安排（全部成功或全部不导入）。",
  ])
    help.addRow({ text });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
