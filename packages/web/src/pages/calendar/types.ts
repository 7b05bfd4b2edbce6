// Shapes of the calendar API (packages/server/src/modules/calendar/schemas.ts), R-CASE-07.
import { addCalendarDays } from "@zhifa/domain";

export type DayKind = "holiday" | "workday";

export interface CalendarDayOut {
  date: string;
  kind: DayKind;
  name: string;
  source: string;
}

export interface CalendarYearOut {
  year: number;
  noticeNo: string | null;
  loadedAt: string;
  note: string;
}

export interface CalendarView {
  year: number;
  today: string;
  days: CalendarDayOut[];
  notice: CalendarYearOut | null;
  years: CalendarYearOut[];
  knownYears: number[];
  warning: { year: number; message: string } | null;
  can: Record<string, boolean>;
}

export interface ComputeOut {
  start: string;
  days: number;
  date: string;
  confirmed: boolean;
}

export interface BetweenOut {
  from: string;
  to: string;
  days: number;
  confirmed: boolean;
}

export const WEEKDAY_NAMES = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

/** Consecutive holidays of one name → one range; adjusted working days one by one. */
export function groupDays(days: CalendarDayOut[]): { holidays: { name: string; from: string; to: string }[]; workdays: { name: string; date: string }[] } {
  const holidays: { name: string; from: string; to: string }[] = [];
  const workdays: { name: string; date: string }[] = [];
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : 1));
  for (const d of sorted) {
    if (d.kind === "workday") {
      workdays.push({ name: d.name, date: d.date });
      continue;
    }
    const open = holidays.at(-1);
    if (open && open.name === d.name && addCalendarDays(open.to, 1) === d.date) open.to = d.date;
    else holidays.push({ name: d.name, from: d.date, to: d.date });
  }
  return { holidays, workdays };
}
