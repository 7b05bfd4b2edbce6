import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  WorkingCalendar,
  addCalendarDays,
  assertIsoDate,
  dayOfWeek,
  isIsoDate,
  todayInShanghai,
  dateInShanghai,
  beijingTime,
  shanghaiDayStart,
  shanghaiDayEnd,
  type CalendarDay,
} from "./calendar.ts";

// The official calendars, transcribed from the State Council notices (independently of any package):
// 2025: 国办发明电〔2024〕12号 — https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
// 2026: 国办发明电〔2025〕7号 — https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
function range(name: string, from: string, to: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push({ date: d, kind: "holiday", name });
  return days;
}
function work(name: string, ...dates: string[]): CalendarDay[] {
  return dates.map((date) => ({ date, kind: "workday", name }));
}

const OFFICIAL_2025: CalendarDay[] = [
  ...range("元旦", "2025-01-01", "2025-01-01"),
  ...range("春节", "2025-01-28", "2025-02-04"),
  ...work("春节", "2025-01-26", "2025-02-08"),
  ...range("清明节", "2025-04-04", "2025-04-06"),
  ...range("劳动节", "2025-05-01", "2025-05-05"),
  ...work("劳动节", "2025-04-27"),
  ...range("端午节", "2025-05-31", "2025-06-02"),
  ...range("国庆节、中秋节", "2025-10-01", "2025-10-08"),
  ...work("国庆节、中秋节", "2025-09-28", "2025-10-11"),
];

const OFFICIAL_2026: CalendarDay[] = [
  ...range("元旦", "2026-01-01", "2026-01-03"),
  ...work("元旦", "2026-01-04"),
  ...range("春节", "2026-02-15", "2026-02-23"),
  ...work("春节", "2026-02-14", "2026-02-28"),
  ...range("清明节", "2026-04-04", "2026-04-06"),
  ...range("劳动节", "2026-05-01", "2026-05-05"),
  ...work("劳动节", "2026-05-09"),
  ...range("端午节", "2026-06-19", "2026-06-21"),
  ...range("中秋节", "2026-09-25", "2026-09-27"),
  ...range("国庆节", "2026-10-01", "2026-10-07"),
  ...work("国庆节", "2026-09-20", "2026-10-10"),
];

const calendar = new WorkingCalendar({ days: [...OFFICIAL_2025, ...OFFICIAL_2026], knownYears: [2025, 2026] });

const SAT = 6;
const SUN = 0;

describe("official calendar fixture", () => {
  it("puts every 调休 working day on a weekend (R-CASE-07)", () => {
    const weekdays = Object.fromEntries(
      [...OFFICIAL_2025, ...OFFICIAL_2026].filter((d) => d.kind === "workday").map((d) => [d.date, dayOfWeek(d.date)]),
    );
    expect(weekdays).toEqual({
      "2025-01-26": SUN,
      "2025-02-08": SAT,
      "2025-04-27": SUN,
      "2025-09-28": SUN,
      "2025-10-11": SAT,
      "2026-01-04": SUN,
      "2026-02-14": SAT,
      "2026-02-28": SAT,
      "2026-05-09": SAT,
      "2026-09-20": SUN,
      "2026-10-10": SAT,
    });
  });

  it("has 13 statutory days off in 2025 and in 2026, i.e. 248 working days each year (R-CASE-07)", () => {
    expect(calendar.workingDaysBetween("2024-12-31", "2025-12-31")).toEqual({ days: 248, confirmed: true });
    expect(calendar.workingDaysBetween("2025-12-31", "2026-12-31")).toEqual({ days: 248, confirmed: true });
  });
});

describe("WorkingCalendar.isWorkingDay (R-CASE-07)", () => {
  it("treats ordinary weekdays as working days and weekends as rest days (R-CASE-07)", () => {
    expect(calendar.isWorkingDay("2025-03-03")).toBe(true); // Monday
    expect(calendar.isWorkingDay("2025-03-07")).toBe(true); // Friday
    expect(calendar.isWorkingDay("2025-03-08")).toBe(false); // Saturday
    expect(calendar.isWorkingDay("2025-03-09")).toBe(false); // Sunday
  });

  it("treats official holidays on weekdays as rest days (R-CASE-07)", () => {
    for (const date of ["2025-01-01", "2025-01-28", "2025-02-04", "2025-04-04", "2025-05-05", "2025-06-02", "2025-10-08"]) {
      expect(calendar.isWorkingDay(date), date).toBe(false);
    }
    for (const date of ["2026-01-02", "2026-02-16", "2026-02-23", "2026-04-06", "2026-06-19", "2026-09-25", "2026-10-07"]) {
      expect(calendar.isWorkingDay(date), date).toBe(false);
    }
  });

  it("treats 调休 Saturdays and Sundays as working days (R-CASE-07)", () => {
    for (const date of ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]) {
      expect(calendar.isWorkingDay(date), date).toBe(true);
    }
    for (const date of ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]) {
      expect(calendar.isWorkingDay(date), date).toBe(true);
    }
  });

  it("exposes the official entry of a date with its festival name (R-CASE-07)", () => {
    expect(calendar.dayInfo("2026-02-17")).toEqual({ date: "2026-02-17", kind: "holiday", name: "春节" });
    expect(calendar.dayInfo("2026-10-10")).toEqual({ date: "2026-10-10", kind: "workday", name: "国庆节" });
    expect(calendar.dayInfo("2026-03-03")).toBeUndefined();
  });
});

describe("WorkingCalendar.addWorkingDays (R-CASE-07)", () => {
  it("returns the start date for n = 0 and does not count the start date (R-CASE-07)", () => {
    expect(calendar.addWorkingDays("2025-03-03", 0)).toEqual({ date: "2025-03-03", confirmed: true });
    expect(calendar.addWorkingDays("2025-10-01", 0)).toEqual({ date: "2025-10-01", confirmed: true });
    expect(calendar.addWorkingDays("2025-03-03", 1)).toEqual({ date: "2025-03-04", confirmed: true });
    expect(calendar.addWorkingDays("2025-03-07", 1)).toEqual({ date: "2025-03-10", confirmed: true }); // Fri → Mon
  });

  it("adds 3 working days across 国庆 2025, landing on the 调休 Saturday (R-CASE-07)", () => {
    // Oct 1–8 off; Oct 9 (Thu), Oct 10 (Fri), Oct 11 (Sat, 调休上班).
    expect(calendar.addWorkingDays("2025-09-30", 3)).toEqual({ date: "2025-10-11", confirmed: true });
    expect(calendar.addWorkingDays("2025-09-30", 4)).toEqual({ date: "2025-10-13", confirmed: true });
  });

  it("counts the 调休 Sunday before 国庆 2025 (R-CASE-07)", () => {
    expect(calendar.addWorkingDays("2025-09-26", 1)).toEqual({ date: "2025-09-28", confirmed: true });
    expect(calendar.addWorkingDays("2025-09-26", 3)).toEqual({ date: "2025-09-30", confirmed: true });
    expect(calendar.addWorkingDays("2025-09-26", 4)).toEqual({ date: "2025-10-09", confirmed: true });
  });

  it("adds working days across 春节 2025 with 调休 on Jan 26 and Feb 8 (R-CASE-07)", () => {
    // From Fri Jan 24: Jan 26 (Sun, 调休), Jan 27, [Jan 28–Feb 4 off], Feb 5, 6, 7, Feb 8 (Sat, 调休), Feb 10.
    expect(calendar.addWorkingDays("2025-01-24", 1).date).toBe("2025-01-26");
    expect(calendar.addWorkingDays("2025-01-24", 2).date).toBe("2025-01-27");
    expect(calendar.addWorkingDays("2025-01-24", 3).date).toBe("2025-02-05");
    expect(calendar.addWorkingDays("2025-01-24", 5).date).toBe("2025-02-07");
    expect(calendar.addWorkingDays("2025-01-24", 6).date).toBe("2025-02-08");
    expect(calendar.addWorkingDays("2025-01-24", 7).date).toBe("2025-02-10");
  });

  it("adds working days from a 调休 Saturday across 春节 2026 (R-CASE-07)", () => {
    // Sat Feb 14 is a working day; Feb 15–23 off; Feb 24–27; Sat Feb 28 is a working day.
    expect(calendar.addWorkingDays("2026-02-13", 1)).toEqual({ date: "2026-02-14", confirmed: true });
    expect(calendar.addWorkingDays("2026-02-14", 1)).toEqual({ date: "2026-02-24", confirmed: true });
    expect(calendar.addWorkingDays("2026-02-14", 5)).toEqual({ date: "2026-02-28", confirmed: true });
    expect(calendar.addWorkingDays("2026-02-14", 6)).toEqual({ date: "2026-03-02", confirmed: true });
  });

  it("adds 3 working days across 国庆 2026, landing on the 调休 Saturday (R-CASE-07)", () => {
    expect(calendar.addWorkingDays("2026-09-30", 3)).toEqual({ date: "2026-10-10", confirmed: true });
    expect(calendar.addWorkingDays("2026-09-18", 1)).toEqual({ date: "2026-09-20", confirmed: true }); // 调休 Sunday
    expect(calendar.addWorkingDays("2026-09-24", 1)).toEqual({ date: "2026-09-28", confirmed: true }); // over 中秋
  });

  it("adds working days across 元旦, 清明, 劳动节 and 端午 (R-CASE-07)", () => {
    expect(calendar.addWorkingDays("2025-12-31", 1).date).toBe("2026-01-04"); // 元旦 2026, Sun Jan 4 调休
    expect(calendar.addWorkingDays("2025-04-03", 1).date).toBe("2025-04-07"); // 清明 2025
    expect(calendar.addWorkingDays("2025-04-25", 1).date).toBe("2025-04-27"); // Sun Apr 27 调休
    expect(calendar.addWorkingDays("2025-04-30", 1).date).toBe("2025-05-06"); // 劳动节 2025
    expect(calendar.addWorkingDays("2026-04-30", 4).date).toBe("2026-05-09"); // May 6, 7, 8, Sat May 9 调休
    expect(calendar.addWorkingDays("2025-05-30", 1).date).toBe("2025-06-03"); // 端午 2025
  });

  it("nextWorkingDay is the first working day strictly after the date (R-CASE-07)", () => {
    expect(calendar.nextWorkingDay("2025-10-01")).toEqual({ date: "2025-10-09", confirmed: true });
    expect(calendar.nextWorkingDay("2026-02-13")).toEqual({ date: "2026-02-14", confirmed: true });
    expect(calendar.nextWorkingDay("2025-03-03")).toEqual({ date: "2025-03-04", confirmed: true });
  });
});

describe("WorkingCalendar.workingDaysBetween (R-CASE-07)", () => {
  it("counts working days in (from, to] across 国庆 2025 (R-CASE-07)", () => {
    expect(calendar.workingDaysBetween("2025-09-30", "2025-10-12")).toEqual({ days: 3, confirmed: true });
    expect(calendar.workingDaysBetween("2025-09-30", "2025-10-31")).toEqual({ days: 18, confirmed: true });
    expect(calendar.workingDaysBetween("2025-09-30", "2025-10-08")).toEqual({ days: 0, confirmed: true });
  });

  it("excludes from and includes to (R-CASE-07)", () => {
    expect(calendar.workingDaysBetween("2025-03-03", "2025-03-03")).toEqual({ days: 0, confirmed: true });
    expect(calendar.workingDaysBetween("2025-03-03", "2025-03-04")).toEqual({ days: 1, confirmed: true });
    expect(calendar.workingDaysBetween("2026-02-13", "2026-02-14")).toEqual({ days: 1, confirmed: true }); // 调休 Saturday
  });

  it("counts working days across 春节 2026 (R-CASE-07)", () => {
    // Feb 2026: 20 weekdays, 6 of them off (Feb 16–20, 23), plus Sat Feb 14 and Sat Feb 28 → 16.
    expect(calendar.workingDaysBetween("2026-01-31", "2026-02-28")).toEqual({ days: 16, confirmed: true });
  });

  it("is negative when to is before from (R-CASE-07)", () => {
    expect(calendar.workingDaysBetween("2025-10-12", "2025-09-30")).toEqual({ days: -3, confirmed: true });
  });
});

describe("unconfirmed calendar (R-CASE-07)", () => {
  it("flags a deadline that runs into 2027, whose notice is not loaded (R-CASE-07)", () => {
    expect(calendar.addWorkingDays("2026-12-28", 3)).toEqual({ date: "2026-12-31", confirmed: true });
    // 2027 falls back to the weekday rule: Jan 1 2027 (Fri) is counted as a working day, hence unconfirmed.
    expect(calendar.addWorkingDays("2026-12-30", 3)).toEqual({ date: "2027-01-04", confirmed: false });
    expect(calendar.isWorkingDay("2027-01-01")).toBe(true);
    expect(calendar.nextWorkingDay("2026-12-31")).toEqual({ date: "2027-01-01", confirmed: false });
    expect(calendar.addWorkingDays("2027-03-01", 0)).toEqual({ date: "2027-03-01", confirmed: true });
  });

  it("flags a count whose interval touches 2027 or 2024 (R-CASE-07)", () => {
    expect(calendar.workingDaysBetween("2026-12-01", "2027-01-10")).toEqual({ days: 28, confirmed: false });
    expect(calendar.workingDaysBetween("2027-01-10", "2026-12-01")).toEqual({ days: -28, confirmed: false });
    expect(calendar.workingDaysBetween("2024-12-31", "2025-01-02").confirmed).toBe(true); // (Dec 31, Jan 2]
    expect(calendar.workingDaysBetween("2024-12-30", "2025-01-02").confirmed).toBe(false);
    expect(calendar.workingDaysBetween("2026-12-31", "2026-12-31").confirmed).toBe(true);
  });
});

describe("missingNextYearWarning (R-CASE-07)", () => {
  it("warns from 1 October when next year's notice is not loaded (R-CASE-07)", () => {
    expect(calendar.missingNextYearWarning("2026-09-30")).toBeNull();
    expect(calendar.missingNextYearWarning("2026-10-01")).toEqual({ year: 2027 });
    expect(calendar.missingNextYearWarning("2026-12-31")).toEqual({ year: 2027 });
    expect(calendar.missingNextYearWarning("2025-10-01")).toBeNull(); // 2026 is loaded
  });

  it("stops warning once next year is loaded (R-CASE-07)", () => {
    const withNext = new WorkingCalendar({ days: [], knownYears: [2026, 2027] });
    expect(withNext.missingNextYearWarning("2026-10-01")).toBeNull();
  });

  it("keeps warning when the current year itself is not loaded (R-CASE-07)", () => {
    expect(calendar.missingNextYearWarning("2027-01-05")).toEqual({ year: 2027 });
  });
});

describe("input validation (R-CASE-07)", () => {
  const bad = ["", "2025-2-3", "2025-02-30", "2025-13-01", "2025-00-10", "2025-02-29", "2025-02-03T00:00", "20250203", "abcd-ef-gh", " 2025-02-03", "0000-01-01"];

  it("rejects malformed dates with a RangeError (R-CASE-07)", () => {
    for (const value of bad) {
      expect(() => calendar.isWorkingDay(value), value).toThrow(RangeError);
      expect(() => calendar.addWorkingDays(value, 1), value).toThrow(/YYYY-MM-DD/);
      expect(() => calendar.workingDaysBetween("2025-01-01", value), value).toThrow(RangeError);
      expect(() => calendar.missingNextYearWarning(value), value).toThrow(RangeError);
      expect(isIsoDate(value), value).toBe(false);
      expect(() => assertIsoDate(value), value).toThrow(RangeError);
    }
    expect(() => calendar.isWorkingDay(20250203 as unknown as string)).toThrow(RangeError);
    expect(isIsoDate("2024-02-29")).toBe(true);
  });

  it("rejects a negative or fractional number of working days (R-CASE-07)", () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => calendar.addWorkingDays("2025-03-03", n), String(n)).toThrow(RangeError);
    }
  });

  it("rejects inconsistent calendar data (R-CASE-07)", () => {
    expect(() => new WorkingCalendar({ days: [{ date: "2025-02-31", kind: "holiday", name: "x" }], knownYears: [] })).toThrow(RangeError);
    // An adjusted working day must fall on a weekend.
    expect(() => new WorkingCalendar({ days: [{ date: "2025-03-03", kind: "workday", name: "x" }], knownYears: [] })).toThrow(RangeError);
    expect(
      () =>
        new WorkingCalendar({
          days: [
            { date: "2025-10-11", kind: "workday", name: "国庆节" },
            { date: "2025-10-11", kind: "holiday", name: "国庆节" },
          ],
          knownYears: [2025],
        }),
    ).toThrow(/Conflicting/);
    expect(() => new WorkingCalendar({ days: [], knownYears: [2025.5] })).toThrow(RangeError);
  });
});

describe("todayInShanghai (R-CASE-07)", () => {
  it("uses UTC+8 for the calendar date (R-CASE-07)", () => {
    expect(todayInShanghai(new Date("2025-09-30T15:59:59.999Z"))).toBe("2025-09-30");
    expect(todayInShanghai(new Date("2025-09-30T16:00:00.000Z"))).toBe("2025-10-01");
    expect(todayInShanghai(new Date("2026-12-31T16:00:00.000Z"))).toBe("2027-01-01");
    expect(todayInShanghai(new Date("2024-02-28T16:30:00.000Z"))).toBe("2024-02-29");
  });

  it("dates an instant and shows it as Beijing time: before 08:00 Beijing time the UTC date is the day before", () => {
    expect(dateInShanghai(new Date("2026-03-01T23:45:00Z"))).toBe("2026-03-02");
    expect(new Date("2026-03-01T23:45:00Z").toISOString().slice(0, 10)).toBe("2026-03-01");
    expect(beijingTime(new Date("2026-03-01T23:45:06.789Z"))).toBe("2026-03-02 07:45:06");
    expect(beijingTime(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12-31 23:59:59");
  });

  it("rejects an invalid Date (R-CASE-07)", () => {
    expect(() => todayInShanghai(new Date("nope"))).toThrow(RangeError);
  });

  it("a day's start and end in Asia/Shanghai are the instants todayInShanghai turns to that day and the next", () => {
    expect(shanghaiDayStart("2025-10-01").toISOString()).toBe("2025-09-30T16:00:00.000Z");
    expect(shanghaiDayEnd("2024-02-28").toISOString()).toBe("2024-02-28T16:00:00.000Z");
    expect(shanghaiDayEnd("2026-12-31").toISOString()).toBe("2026-12-31T16:00:00.000Z");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_900_000 }), (n) => {
        const day = addCalendarDays("1970-01-01", n);
        expect(todayInShanghai(shanghaiDayStart(day))).toBe(day);
        expect(todayInShanghai(new Date(shanghaiDayEnd(day).getTime() - 1))).toBe(day);
      }),
    );
    expect(() => shanghaiDayStart("2024-02-30")).toThrow(RangeError);
    expect(shanghaiDayEnd("9999-12-31").toISOString()).toBe("9999-12-31T16:00:00.000Z");
  });

  it("agrees with a Date-based reference for any instant (R-CASE-07)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 - 8 * 3_600_000 }), (ms) => {
        const reference = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(todayInShanghai(new Date(ms))).toBe(reference);
      }),
    );
  });
});

describe("date arithmetic helpers", () => {
  it("addCalendarDays agrees with Date arithmetic (R-CASE-07)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5_000, max: 2_900_000 }), fc.integer({ min: -1_000, max: 1_000 }), (base, n) => {
        const start = new Date(base * 86_400_000).toISOString().slice(0, 10);
        const expected = new Date((base + n) * 86_400_000).toISOString().slice(0, 10);
        expect(addCalendarDays(start, n)).toBe(expected);
        expect(dayOfWeek(start)).toBe(new Date(base * 86_400_000).getUTCDay());
      }),
    );
  });
});

describe("properties of working-day arithmetic (R-CASE-07)", () => {
  // Dates from mid-2024 to mid-2027, so intervals cross known and unknown years.
  const dateArb = fc.integer({ min: 0, max: 1_100 }).map((i) => addCalendarDays("2024-07-01", i));

  it("addWorkingDays then workingDaysBetween round-trips (R-CASE-07)", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 80 }), (start, n) => {
        const result = calendar.addWorkingDays(start, n);
        const count = calendar.workingDaysBetween(start, result.date);
        expect(count.days).toBe(n);
        expect(count.confirmed).toBe(result.confirmed);
        if (n > 0) {
          expect(calendar.isWorkingDay(result.date)).toBe(true);
          // Minimality: the day before the result still has only n - 1 working days.
          expect(calendar.workingDaysBetween(start, addCalendarDays(result.date, -1)).days).toBe(n - 1);
        }
      }),
    );
  });

  it("workingDaysBetween is additive and antisymmetric (R-CASE-07)", () => {
    fc.assert(
      fc.property(dateArb, dateArb, dateArb, (a, b, c) => {
        const ab = calendar.workingDaysBetween(a, b).days;
        const bc = calendar.workingDaysBetween(b, c).days;
        expect(ab + bc).toBe(calendar.workingDaysBetween(a, c).days);
        expect(calendar.workingDaysBetween(b, a).days + ab).toBe(0);
        expect(Object.is(calendar.workingDaysBetween(b, a).days, -0)).toBe(false);
      }),
    );
  });

  it("confirmed is true exactly when the examined interval stays within 2025–2026 (R-CASE-07)", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 80 }), (start, n) => {
        const result = calendar.addWorkingDays(start, n);
        const within = n === 0 || (addCalendarDays(start, 1) >= "2025-01-01" && result.date <= "2026-12-31");
        expect(result.confirmed).toBe(within);
      }),
    );
  });
});
