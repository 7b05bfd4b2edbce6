import { Type } from "typebox";
import { addCalendarDays, todayInShanghai, type WorkingCalendar } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { AppError, errors } from "../../core/errors.ts";
import { ErrorBody, errorResponses } from "../../core/schemas.ts";
import { abilitySources } from "../ability-sources.ts";
import { problemReport } from "../lists/excel.ts";
import { calendarPolicy, CALENDAR } from "./policy.ts";
import { BetweenOut, BetweenQuery, CalendarOut, ComputeOut, ComputeQuery, ImportQuery, NoticeBody, YearParams } from "./schemas.ts";
import { NoticeError, daysOfYear, listYears, loadCalendar, replaceYear, type CalendarYear } from "./service.ts";
import { checkNotice, entriesOf, fieldProblems } from "./notice.ts";
import { noticeWorkbook, parseNoticeWorkbook, rowProblems } from "./excel.ts";

abilitySources.set("calendar", (actor) => calendarPolicy.abilities(actor, CALENDAR));

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MAX_SPAN_DAYS = 36_525; // 100 years: bounds the work of one "between" request

/** The banner shown from 1 October while next year's notice is missing (or at once if this year's is). */
export function calendarWarning(calendar: WorkingCalendar, today: string): { year: number; message: string } | null {
  const w = calendar.missingNextYearWarning(today);
  if (!w) return null;
  const message =
    w.year === Number(today.slice(0, 4))
      ? `尚未载入本年度（${w.year} 年）国务院办公厅节假日安排通知：${w.year} 年的期限暂按普通周末计算，结果未经确认，请管理员尽快载入。`
      : `尚未载入 ${w.year} 年国务院办公厅节假日安排通知：跨入 ${w.year} 年的期限暂按普通周末计算，结果未经确认。通知发布后请管理员及时载入。`;
  return { year: w.year, message };
}

const presentYear = (y: CalendarYear) => ({ year: y.year, noticeNo: y.noticeNo, loadedAt: y.loadedAt.toISOString(), note: y.note });

export default async function calendarRoutes(app: App) {
  const tags = ["calendar"];

  async function view(year: number, actor: Parameters<typeof calendarPolicy.abilities>[0]) {
    const today = todayInShanghai(new Date());
    const [calendar, days, years] = await Promise.all([loadCalendar(app.db), daysOfYear(app.db, year), listYears(app.db)]);
    const notice = years.find((y) => y.year === year);
    return {
      year,
      today,
      days,
      notice: notice ? presentYear(notice) : null,
      years: years.map(presentYear),
      knownYears: [...calendar.knownYears],
      warning: calendarWarning(calendar, today),
      can: calendarPolicy.abilities(actor, CALENDAR),
    };
  }

  app.get(
    "/calendar",
    {
      schema: {
        tags,
        summary: "工作日历：某年的节假日与调休安排、已载入的年度、缺失提醒（R-CASE-07）",
        querystring: Type.Object({ year: Type.Optional(YearParams.properties.year) }),
        response: { 200: CalendarOut, ...errorResponses },
      },
    },
    async (request) => view(request.query.year ?? Number(todayInShanghai(new Date()).slice(0, 4)), request.actor),
  );

  app.get(
    "/calendar/compute",
    { schema: { tags, summary: "期限计算：起始日后第 N 个工作日（起始日不计入）", querystring: ComputeQuery, response: { 200: ComputeOut, ...errorResponses } } },
    async (request) => {
      const { start, days } = request.query;
      const calendar = await loadCalendar(app.db);
      const result = domainCall("start", () => calendar.addWorkingDays(start, days));
      return { start, days, ...result };
    },
  );

  app.get(
    "/calendar/between",
    { schema: { tags, summary: "两日期之间的工作日数（不含起始日，含截止日）", querystring: BetweenQuery, response: { 200: BetweenOut, ...errorResponses } } },
    async (request) => {
      const { from, to } = request.query;
      const [low, high] = from <= to ? [from, to] : [to, from];
      if (domainCall("to", () => addCalendarDays(low, MAX_SPAN_DAYS)) < high) throw errors.validation([{ field: "to", message: "起止日期相隔不能超过 100 年" }]);
      const calendar = await loadCalendar(app.db);
      return { from, to, ...domainCall("from", () => calendar.workingDaysBetween(from, to)) };
    },
  );

  app.put(
    "/calendar/years/:year",
    {
      schema: {
        tags,
        summary: "载入某年国务院办公厅节假日安排通知（整体替换该年，限根级主体管理员）",
        params: YearParams,
        body: NoticeBody,
        response: { 200: CalendarOut, ...errorResponses },
      },
    },
    async (request) => {
      const { year } = request.params;
      const body = request.body;
      try {
        await replaceYear(app.db, request.actor, request.audit("calendar.update"), year, { noticeNo: body.noticeNo, note: body.note, entries: entriesOf(body) });
      } catch (e) {
        if (e instanceof NoticeError) throw errors.validation(fieldProblems(body, e.problems), "节假日安排有误，请检查后重试");
        throw e;
      }
      return view(year, request.actor);
    },
  );

  app.post(
    "/calendar/years/:year/import",
    {
      schema: {
        tags,
        summary: "从 Excel 载入某年节假日安排（列：日期、类型、名称；全部成功或全部不导入）",
        description: "multipart/form-data with one file field; 文号 in the query string.",
        params: YearParams,
        querystring: ImportQuery,
        response: { 200: CalendarOut, 413: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (request) => {
      const { year } = request.params;
      calendarPolicy.authorize(request.actor, "update", CALENDAR);
      if (!request.isMultipart()) throw errors.badFile("请以表单方式上传 Excel 文件");
      const file = await request.file();
      if (!file) throw errors.badFile("没有收到文件");
      const parsed = await parseNoticeWorkbook(await file.toBuffer());
      if (parsed.problems.length) {
        // report the rows' other problems too (a notice-wide one may only follow from the unreadable rows)
        const more = checkNotice(year, parsed.entries).problems.filter((p) => p.index !== null);
        throw await importFailed([...parsed.problems, ...rowProblems(parsed, more)]);
      }
      try {
        await replaceYear(app.db, request.actor, request.audit("calendar.import"), year, { noticeNo: request.query.noticeNo, note: request.query.note, entries: parsed.entries });
      } catch (e) {
        if (e instanceof NoticeError) throw await importFailed(rowProblems(parsed, e.problems));
        throw e;
      }
      return view(year, request.actor);
    },
  );

  app.get(
    "/calendar/years/:year/export",
    { schema: { tags, summary: "导出某年节假日安排（Excel，即导入格式；未载入的年度为空白模板）", params: YearParams, response: { ...errorResponses } } },
    async (request, reply) => {
      const { year } = request.params;
      const buffer = await noticeWorkbook(year, await daysOfYear(app.db, year));
      const name = `${year}年节假日安排.xlsx`;
      return reply.type(xlsxType).header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(buffer as never);
    },
  );
}

/** Runs a domain computation; its RangeErrors (dates out of range) become validation errors. */
function domainCall<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw errors.validation([{ field, message: "日期超出可计算的范围" }]);
    throw e;
  }
}

/** Same error as a failed list import: problems per row and column, with the downloadable report. */
async function importFailed(problems: { row: number; column: string; message: string }[]): Promise<AppError> {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  const base = errors.importFailed({ problems: sorted });
  const report = (await problemReport(sorted)).toString("base64");
  return new AppError(base.id, base.statusCode, `${base.message}（共 ${sorted.length} 处问题）`, { problems: sorted, report, reportName: "导入错误报告.xlsx" });
}
