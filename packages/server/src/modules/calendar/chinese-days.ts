// Seed data for the working-day calendar (R-CASE-07) taken from the `chinese-days` package, which
// transcribes the State Council holiday notices (国务院办公厅关于部分节假日安排的通知) year by year.
// Administrators can then correct or extend the calendar (e.g. load next year's notice when it is published).
import chineseDays from "chinese-days";
import type { CalendarDay } from "@zhifa/domain";

/** First year scanned; chinese-days currently holds the notices of 2004–2026. */
const FIRST_YEAR = 2000;
/** Scanning stops at the first year without any entry after the data started, and at the latest here. */
const LAST_YEAR = 2100;

/** chinese-days names official entries "English name,中文名,法定天数", e.g. "Spring Festival,春节,4". */
function festivalName(raw: string): string | null {
  const parts = raw.split(",");
  if (parts.length < 2) return null; // a plain weekday name ("Saturday"): not an official entry
  const chinese = parts[1]?.trim();
  const english = parts[0]?.trim();
  return chinese || english || null;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * All official holidays and adjusted working days (调休上班) known to chinese-days, with Chinese festival
 * names, and the years for which it has a notice.
 */
export function calendarDaysFromChineseDays(): { days: CalendarDay[]; knownYears: number[] } {
  const days: CalendarDay[] = [];
  const knownYears: number[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
    let found = false;
    for (let month = 1; month <= 12; month += 1) {
      // Day 0 of the next month is the last day of this month.
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
      for (let day = 1; day <= lastDay; day += 1) {
        const date = isoDate(year, month, day);
        // Ask with the ISO string: chinese-days builds its own tables by parsing such strings (as UTC
        // midnight) and formatting them with local-time getters, so querying the same way hits the entry
        // it meant for `date` whatever the process time zone. (Its echoed `detail.date` can be the
        // previous day in time zones west of UTC, so it is not used.)
        const detail = chineseDays.getDayDetail(date);
        const name = festivalName(detail.name);
        if (name === null) continue;
        days.push({ date, kind: detail.work ? "workday" : "holiday", name });
        found = true;
      }
    }
    if (found) knownYears.push(year);
    else if (knownYears.length > 0) break;
  }
  return { days, knownYears };
}
