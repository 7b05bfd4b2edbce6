// Checking a State Council holiday notice (国务院办公厅关于部分节假日安排的通知) before it replaces a
// year of the working-day calendar (R-CASE-07). Pure: the API body and the Excel import both turn their
// input into `NoticeEntry`s and map the problems back to their own fields / rows.
import { addCalendarDays, dayOfWeek, isIsoDate, type CalendarDay, type CalendarDayKind } from "@zhifa/domain";

/** The notice as the API receives it: holiday ranges (放假) and adjusted working days (调休上班). */
export interface NoticeInput {
  /** 文号, e.g. 国办发明电〔2025〕7号 */
  noticeNo: string;
  note?: string;
  holidays: { name: string; from: string; to: string }[];
  workdays: { date: string; name: string }[];
}

/** One line of a notice: a holiday range or a single adjusted working day (from = to). */
export interface NoticeEntry {
  kind: CalendarDayKind;
  name: string;
  from: string;
  to: string;
}

/** A problem of entry `index` (null: the notice as a whole), on its dates or its name. */
export interface NoticeProblem {
  index: number | null;
  part: "from" | "to" | "name" | null;
  message: string;
}

export const MAX_NAME_LENGTH = 20;
const WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

export const KIND_LABELS: Record<CalendarDayKind, string> = { holiday: "放假", workday: "调休上班" };

export function entriesOf(input: NoticeInput): NoticeEntry[] {
  return [
    ...input.holidays.map((h) => ({ kind: "holiday" as const, name: h.name, from: h.from, to: h.to })),
    ...input.workdays.map((w) => ({ kind: "workday" as const, name: w.name, from: w.date, to: w.date })),
  ];
}

/**
 * Validates the entries of `year`'s notice and expands them into calendar days. Rules: dates exist and lie
 * in `year`; a range does not end before it starts; adjusted working days fall on a Saturday or Sunday;
 * no date is listed twice; the notice has at least one holiday; names are given.
 */
export function checkNotice(year: number, entries: NoticeEntry[]): { days: CalendarDay[]; problems: NoticeProblem[] } {
  const problems: NoticeProblem[] = [];
  const claimed = new Map<string, number>();
  const days: CalendarDay[] = [];
  const first = `${String(year).padStart(4, "0")}-01-01`;
  const last = `${String(year).padStart(4, "0")}-12-31`;

  entries.forEach((entry, index) => {
    const name = entry.name.trim();
    if (name === "") problems.push({ index, part: "name", message: "请填写名称（如春节、国庆节）" });
    else if (name.length > MAX_NAME_LENGTH) problems.push({ index, part: "name", message: `名称不能超过 ${MAX_NAME_LENGTH} 个字` });

    let datesOk = true;
    for (const part of entry.kind === "workday" ? (["from"] as const) : (["from", "to"] as const)) {
      const value = entry[part];
      if (!isIsoDate(value)) {
        problems.push({ index, part, message: "日期格式应为 YYYY-MM-DD，且须为存在的日期" });
        datesOk = false;
      } else if (value < first || value > last) {
        problems.push({ index, part, message: `日期 ${value} 不在 ${year} 年内` });
        datesOk = false;
      }
    }
    if (!datesOk) return;
    if (entry.to < entry.from) {
      problems.push({ index, part: "to", message: "结束日期不能早于开始日期" });
      return;
    }
    if (entry.kind === "workday") {
      const wd = dayOfWeek(entry.from);
      if (wd !== 0 && wd !== 6) {
        problems.push({ index, part: "from", message: `${entry.from} 是${WEEKDAYS[wd]}，调休上班日应为星期六或星期日` });
        return;
      }
    }
    for (let date = entry.from; date <= entry.to; date = addCalendarDays(date, 1)) {
      const other = claimed.get(date);
      if (other !== undefined) {
        const o = entries[other]!;
        problems.push({ index, part: "from", message: `${date} 已列入“${o.name.trim()}”的${KIND_LABELS[o.kind]}安排，日期不能重叠` });
        break;
      }
      claimed.set(date, index);
      days.push({ date, kind: entry.kind, name });
    }
  });

  if (!entries.some((e) => e.kind === "holiday")) problems.push({ index: null, part: null, message: "通知中至少应有一项放假安排" });
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { days, problems };
}

/** Problems of an API body, as `field` paths like the schema validation gives (holidays.0.from). */
export function fieldProblems(input: NoticeInput, problems: NoticeProblem[]): { field: string; message: string }[] {
  const holidayCount = input.holidays.length;
  return problems.map((p) => {
    if (p.index === null) return { field: "holidays", message: p.message };
    if (p.index < holidayCount) return { field: `holidays.${p.index}.${p.part ?? "from"}`, message: p.message };
    const part = p.part === "name" ? "name" : "date";
    return { field: `workdays.${p.index - holidayCount}.${part}`, message: p.message };
  });
}

/** Groups a year's stored days back into the notice shape (consecutive holidays of one name → a range). */
export function noticeOf(days: CalendarDay[]): Pick<NoticeInput, "holidays" | "workdays"> {
  const holidays: NoticeInput["holidays"] = [];
  const workdays: NoticeInput["workdays"] = [];
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : 1));
  for (const day of sorted) {
    if (day.kind === "workday") {
      workdays.push({ date: day.date, name: day.name });
      continue;
    }
    const open = holidays.at(-1);
    if (open && open.name === day.name && addCalendarDays(open.to, 1) === day.date) open.to = day.date;
    else holidays.push({ name: day.name, from: day.date, to: day.date });
  }
  return { holidays, workdays };
}
