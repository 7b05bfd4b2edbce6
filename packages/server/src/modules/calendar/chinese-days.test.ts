import { describe, it, expect } from "vitest";
import { WorkingCalendar, addCalendarDays } from "@zhifa/domain";
import { calendarDaysFromChineseDays } from "./chinese-days.ts";

// Facts transcribed from the State Council notices, independently of chinese-days:
// 2025: 国办发明电〔2024〕12号 — https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
// 2026: 国办发明电〔2025〕7号 — https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
function span(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
  return dates;
}

const OFFICIAL = {
  2025: {
    holidays: [
      ...span("2025-01-01", "2025-01-01"), // 元旦
      ...span("2025-01-28", "2025-02-04"), // 春节
      ...span("2025-04-04", "2025-04-06"), // 清明节
      ...span("2025-05-01", "2025-05-05"), // 劳动节
      ...span("2025-05-31", "2025-06-02"), // 端午节
      ...span("2025-10-01", "2025-10-08"), // 国庆节、中秋节
    ],
    workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  2026: {
    holidays: [
      ...span("2026-01-01", "2026-01-03"), // 元旦
      ...span("2026-02-15", "2026-02-23"), // 春节
      ...span("2026-04-04", "2026-04-06"), // 清明节
      ...span("2026-05-01", "2026-05-05"), // 劳动节
      ...span("2026-06-19", "2026-06-21"), // 端午节
      ...span("2026-09-25", "2026-09-27"), // 中秋节
      ...span("2026-10-01", "2026-10-07"), // 国庆节
    ],
    workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
} as const;

const data = calendarDaysFromChineseDays();

function entriesOf(year: number, kind: "holiday" | "workday"): string[] {
  return data.days
    .filter((d) => d.kind === kind && d.date.startsWith(`${year}-`))
    .map((d) => d.date)
    .sort();
}

describe("calendarDaysFromChineseDays (R-CASE-07)", () => {
  it("matches the 2025 State Council notice exactly, 调休 included (R-CASE-07)", () => {
    expect(entriesOf(2025, "holiday")).toEqual([...OFFICIAL[2025].holidays].sort());
    expect(entriesOf(2025, "workday")).toEqual([...OFFICIAL[2025].workdays].sort());
  });

  it("matches the 2026 State Council notice exactly, 调休 included (R-CASE-07)", () => {
    expect(entriesOf(2026, "holiday")).toEqual([...OFFICIAL[2026].holidays].sort());
    expect(entriesOf(2026, "workday")).toEqual([...OFFICIAL[2026].workdays].sort());
  });

  it("keeps the Chinese festival names (R-CASE-07)", () => {
    const name = (date: string) => data.days.find((d) => d.date === date)?.name;
    expect(name("2025-01-01")).toBe("元旦");
    expect(name("2025-01-28")).toBe("春节");
    expect(name("2025-02-08")).toBe("春节"); // 调休上班 belongs to the festival it compensates
    expect(name("2025-04-04")).toBe("清明");
    expect(name("2025-05-01")).toBe("劳动节");
    expect(name("2025-06-02")).toBe("端午");
    expect(name("2025-10-06")).toBe("中秋"); // 中秋 2025 falls inside the 国庆 break
    expect(name("2026-10-01")).toBe("国庆节");
    expect(name("2026-09-20")).toBe("国庆节");
    for (const day of data.days) expect(day.name, day.date).toMatch(/[\u4e00-\u9fff]/);
  });

  it("lists each date once and known years contiguously up to 2026 (R-CASE-07)", () => {
    const dates = data.days.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(data.knownYears).toContain(2025);
    expect(data.knownYears).toContain(2026);
    const first = data.knownYears[0] ?? 0;
    expect(data.knownYears).toEqual(data.knownYears.map((_, i) => first + i));
    for (const year of data.knownYears) expect(entriesOf(year, "holiday").length, String(year)).toBeGreaterThan(0);
  });

  it("builds a valid WorkingCalendar that computes deadlines across 国庆 and 春节 (R-CASE-07)", () => {
    const calendar = new WorkingCalendar(data);
    expect(calendar.addWorkingDays("2025-09-30", 3)).toEqual({ date: "2025-10-11", confirmed: true });
    expect(calendar.addWorkingDays("2026-02-14", 5)).toEqual({ date: "2026-02-28", confirmed: true });
    expect(calendar.workingDaysBetween("2024-12-31", "2025-12-31")).toEqual({ days: 248, confirmed: true });
    expect(calendar.workingDaysBetween("2025-12-31", "2026-12-31")).toEqual({ days: 248, confirmed: true });
  });
});
