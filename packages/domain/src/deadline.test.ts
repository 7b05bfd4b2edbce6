import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { WorkingCalendar, addCalendarDays, type CalendarDay } from "./calendar.ts";
import {
  DUE_SOON_FRACTION,
  MAX_DEADLINE_WALK_DAYS,
  computeDeadline,
  dueSoonThreshold,
  lightLabel,
  type DeadlineInput,
  type DeadlineLight,
  type LimitUnit,
  type Suspension,
} from "./deadline.ts";

// A small fixture with the two festivals the tests cross, as published by the State Council
// (国办发明电〔2024〕12号, 国办发明电〔2025〕7号; the full years are in calendar.test.ts):
// 国庆节、中秋节 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 调休上班;
// 春节 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 调休上班.
function range(name: string, from: string, to: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push({ date: d, kind: "holiday", name });
  return days;
}
const cal = new WorkingCalendar({
  days: [
    ...range("国庆节、中秋节", "2025-10-01", "2025-10-08"),
    { date: "2025-09-28", kind: "workday", name: "国庆节、中秋节" },
    { date: "2025-10-11", kind: "workday", name: "国庆节、中秋节" },
    ...range("春节", "2026-02-15", "2026-02-23"),
    { date: "2026-02-14", kind: "workday", name: "春节" },
    { date: "2026-02-28", kind: "workday", name: "春节" },
  ],
  knownYears: [2025, 2026],
});

const wd = (amount: number) => ({ amount, unit: "workingDays" as const });
const cd = (amount: number) => ({ amount, unit: "days" as const });

function deadline(over: Partial<DeadlineInput> & Pick<DeadlineInput, "start" | "limit">): ReturnType<typeof computeDeadline> {
  return computeDeadline(cal, { today: over.start, ...over });
}

describe("computeDeadline: due dates in working days (R-CASE-07)", () => {
  it.each([
    // start, amount, due, why
    ["2025-11-03", 1, "2025-11-04", "the start day is not counted"],
    ["2025-11-07", 1, "2025-11-10", "Fri → Mon"],
    ["2025-09-26", 1, "2025-09-28", "the 调休 Sunday before 国庆 counts"],
    ["2025-09-26", 5, "2025-10-10", "Sep 28, 29, 30, [Oct 1–8 off], Oct 9, 10"],
    ["2025-09-30", 1, "2025-10-09", "the whole 国庆 holiday is skipped"],
    ["2025-09-30", 3, "2025-10-11", "lands on the 调休 Saturday Oct 11"],
    ["2025-09-30", 4, "2025-10-13", "the Sunday after the 调休 Saturday does not count"],
    ["2026-02-12", 2, "2026-02-14", "lands on the 调休 Saturday before 春节"],
    ["2026-02-12", 3, "2026-02-24", "Feb 13, 14, [Feb 15–23 off], Feb 24"],
    ["2026-02-26", 2, "2026-02-28", "the 调休 Saturday after 春节 counts"],
    ["2025-11-03", 0, "2025-11-03", "amount 0: due on the start day"],
  ])("%s + %i working days → %s: %s (R-CASE-07)", (start, amount, due) => {
    expect(deadline({ start, limit: wd(amount) }).due).toBe(due);
  });
});

describe("computeDeadline: due dates in calendar days (R-CASE-07)", () => {
  it.each([
    ["2025-11-03", 15, "2025-11-18", "an ordinary Tuesday"],
    ["2025-11-03", 1, "2025-11-04", "the start day is not counted"],
    ["2025-11-01", 15, "2025-11-17", "ends on Sunday Nov 16 → Monday"],
    ["2025-09-16", 15, "2025-10-09", "ends on Oct 1 (国庆) → the first working day after the holiday"],
    ["2025-09-12", 15, "2025-09-28", "ends on Saturday Sep 27 → the 调休 Sunday Sep 28 is a working day"],
    ["2026-02-05", 10, "2026-02-24", "ends on Feb 15 (春节) → Feb 24"],
    ["2026-02-04", 10, "2026-02-14", "ends on the 调休 Saturday Feb 14: no move"],
    ["2025-10-01", 0, "2025-10-01", "amount 0: the empty period is not moved"],
  ])("%s + %i days → %s: %s (R-CASE-07, 民法典 第二百零三条)", (start, amount, due) => {
    expect(deadline({ start, limit: cd(amount) }).due).toBe(due);
  });

  it("counts the days of the holiday itself when the period ends after it (R-CASE-07)", () => {
    // Sep 30 + 10 days = Oct 10 (Friday, working day): the holiday days count as calendar days.
    expect(deadline({ start: "2025-09-30", limit: cd(10) }).due).toBe("2025-10-10");
  });
});

describe("computeDeadline: suspensions stop the clock (R-CASE-07)", () => {
  it("extends the due date by the working days inside a suspension in the middle (R-CASE-07)", () => {
    // Mon 2025-11-03 + 10 working days = Mon 11-17; a hearing Mon 11-10 – Wed 11-12 stops the clock for 3 working days.
    const plain = deadline({ start: "2025-11-03", limit: wd(10) });
    expect(plain).toMatchObject({ due: "2025-11-17", suspendedDays: 0 });
    const r = deadline({ start: "2025-11-03", limit: wd(10), suspensions: [{ from: "2025-11-10", to: "2025-11-12" }] });
    expect(r).toMatchObject({ due: "2025-11-20", suspendedDays: 3, light: "normal" });
  });

  it("does not move a working-day deadline for a suspension over a weekend, but reports its days (R-CASE-07)", () => {
    const r = deadline({ start: "2025-11-03", limit: wd(10), suspensions: [{ from: "2025-11-08", to: "2025-11-09" }] });
    expect(r).toMatchObject({ due: "2025-11-17", suspendedDays: 2 });
  });

  it("extends a calendar-day deadline by every suspended day (R-CASE-07)", () => {
    // 11-03 + 15 days = 11-18; 5 suspended days → 11-23 (Sunday) → Monday 11-24.
    const r = deadline({ start: "2025-11-03", limit: cd(15), suspensions: [{ from: "2025-11-05", to: "2025-11-09" }] });
    expect(r).toMatchObject({ due: "2025-11-24", suspendedDays: 5 });
  });

  it("merges overlapping suspensions and counts each day once (R-CASE-07)", () => {
    const suspensions: Suspension[] = [
      { from: "2025-11-11", to: "2025-11-12" },
      { from: "2025-11-10", to: "2025-11-11" },
      { from: "2025-11-13", to: "2025-11-13" },
    ];
    const r = deadline({ start: "2025-11-03", limit: wd(10), suspensions });
    expect(r).toMatchObject({ due: "2025-11-21", suspendedDays: 4 });
  });

  it("ignores suspensions that end before the start or begin after the period ran out (R-CASE-07)", () => {
    const r = deadline({
      start: "2025-11-03",
      limit: wd(5),
      suspensions: [
        { from: "2025-10-20", to: "2025-11-03" },
        { from: "2025-11-11", to: "2025-11-20" },
      ],
    });
    expect(r).toMatchObject({ due: "2025-11-10", suspendedDays: 0 });
  });

  it("shows an open suspension as 中止计时 with no due date (R-CASE-07)", () => {
    const r = computeDeadline(cal, {
      start: "2025-11-03",
      limit: wd(10),
      suspensions: [{ from: "2025-11-10", to: null }],
      today: "2025-11-20",
    });
    expect(r).toEqual({
      due: null,
      light: "suspended",
      remaining: null,
      late: false,
      confirmed: true,
      suspendedDays: 11,
      label: "中止计时",
    });
  });

  it("ignores an open suspension that starts after today (R-CASE-07)", () => {
    const r = computeDeadline(cal, { start: "2025-11-03", limit: wd(10), suspensions: [{ from: "2025-11-14", to: null }], today: "2025-11-05" });
    expect(r).toMatchObject({ due: "2025-11-17", light: "normal", remaining: 8 });
  });

  it("keeps a deadline overdue when an open suspension began after it ran out (R-CASE-07)", () => {
    // Due Mon 11-10; suspended from Wed 11-12: only Tue 11-11 counts as overdue by 11-14.
    const r = computeDeadline(cal, { start: "2025-11-03", limit: wd(5), suspensions: [{ from: "2025-11-12", to: null }], today: "2025-11-14" });
    expect(r).toMatchObject({ due: "2025-11-10", light: "overdue", remaining: -1, late: true, suspendedDays: 0 });
  });

  it("rejects a suspension that ends before it starts (R-CASE-07)", () => {
    expect(() => deadline({ start: "2025-11-03", limit: wd(5), suspensions: [{ from: "2025-11-10", to: "2025-11-09" }] })).toThrow(RangeError);
    expect(() => deadline({ start: "2025-11-03", limit: wd(5), suspensions: [{ from: "2025-11-31", to: null }] })).toThrow(RangeError);
  });
});

describe("computeDeadline: lights and labels (R-CASE-07)", () => {
  // Mon 2025-11-03 + 10 working days → Mon 2025-11-17; due_soon threshold 2.
  const at = (today: string, unit: LimitUnit = "workingDays") =>
    computeDeadline(cal, { start: "2025-11-03", limit: { amount: 10, unit }, today });

  it.each<[string, DeadlineLight, number, string]>([
    ["2025-11-03", "normal", 10, "剩余 10 个工作日"],
    ["2025-11-12", "normal", 3, "剩余 3 个工作日"],
    ["2025-11-13", "due_soon", 2, "剩余 2 个工作日"],
    ["2025-11-15", "due_soon", 1, "剩余 1 个工作日"], // Saturday: only Monday is left
    ["2025-11-17", "due_soon", 0, "今日到期"],
    ["2025-11-18", "overdue", -1, "已超期 1 个工作日"],
    ["2025-11-22", "overdue", -4, "已超期 4 个工作日"], // Saturday: Tue–Fri
    ["2025-11-24", "overdue", -5, "已超期 5 个工作日"],
  ])("on %s: %s, remaining %i, %s (R-CASE-07)", (today, light, remaining, label) => {
    expect(at(today)).toMatchObject({ due: "2025-11-17", light, remaining, label, late: light === "overdue", confirmed: true });
  });

  it("counts the units left before the start when today precedes it (R-CASE-07)", () => {
    expect(at("2025-10-30")).toMatchObject({ remaining: 10, light: "normal" });
  });

  it("is overdue by at least one unit on the weekend right after a Friday due date (R-CASE-07)", () => {
    const r = computeDeadline(cal, { start: "2025-11-03", limit: wd(4), today: "2025-11-08" });
    expect(r).toMatchObject({ due: "2025-11-07", light: "overdue", remaining: -1, late: true, label: "已超期 1 个工作日" });
  });

  it("counts calendar days for the unit days (R-CASE-07)", () => {
    // 11-03 + 10 days = 11-13 (Thursday).
    expect(at("2025-11-10", "days")).toMatchObject({ due: "2025-11-13", remaining: 3, light: "normal", label: "剩余 3 日" });
    expect(at("2025-11-11", "days")).toMatchObject({ remaining: 2, light: "due_soon" });
    expect(at("2025-11-13", "days")).toMatchObject({ remaining: 0, light: "due_soon", label: "今日到期" });
    expect(at("2025-11-15", "days")).toMatchObject({ remaining: -2, light: "overdue", late: true, label: "已超期 2 日" });
  });

  it("reports done on time and done late (R-CASE-07)", () => {
    const base = { start: "2025-11-03", limit: wd(10), today: "2025-12-01" };
    expect(computeDeadline(cal, { ...base, completedOn: "2025-11-17" })).toEqual({
      due: "2025-11-17",
      light: "done",
      remaining: null,
      late: false,
      confirmed: true,
      suspendedDays: 0,
      label: "已按期完成",
    });
    expect(computeDeadline(cal, { ...base, completedOn: "2025-11-18" })).toMatchObject({ light: "done", late: true, label: "超期完成" });
    expect(computeDeadline(cal, { ...base, completedOn: null })).toMatchObject({ light: "overdue", late: true });
  });

  it("ends an open suspension on the completion day (R-CASE-07)", () => {
    // 4 working days before the suspension (11-04…11-07); the clock stopped 11-10…11-25; 6 more from 11-26.
    const r = computeDeadline(cal, {
      start: "2025-11-03",
      limit: wd(10),
      suspensions: [{ from: "2025-11-10", to: null }],
      today: "2025-12-10",
      completedOn: "2025-11-25",
    });
    expect(r).toMatchObject({ due: "2025-12-03", light: "done", late: false, suspendedDays: 16, label: "已按期完成" });
  });
});

describe("computeDeadline: unknown years (R-CASE-07)", () => {
  it("is confirmed while every consulted day lies in a loaded year (R-CASE-07)", () => {
    expect(deadline({ start: "2026-11-02", limit: wd(5) })).toMatchObject({ due: "2026-11-09", confirmed: true });
    expect(deadline({ start: "2026-12-01", limit: cd(10) })).toMatchObject({ due: "2026-12-11", confirmed: true });
  });

  it("is unconfirmed when a counted working day lies in a year without a loaded notice (R-CASE-07)", () => {
    expect(deadline({ start: "2026-12-20", limit: wd(10) })).toMatchObject({ confirmed: false });
    // 12-20 + 15 days = 2027-01-04: its working-day status comes from a year that is not loaded.
    expect(deadline({ start: "2026-12-20", limit: cd(15) })).toMatchObject({ due: "2027-01-04", confirmed: false });
  });

  it("is unconfirmed when the overdue count reaches into an unknown year (R-CASE-07)", () => {
    const r = computeDeadline(cal, { start: "2026-12-21", limit: wd(5), today: "2027-01-05" });
    expect(r).toMatchObject({ due: "2026-12-28", light: "overdue", confirmed: false });
  });
});

describe("computeDeadline: validation (R-CASE-07)", () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects the amount %s (R-CASE-07)", (amount) => {
    expect(() => deadline({ start: "2025-11-03", limit: wd(amount) })).toThrow(RangeError);
  });

  it("rejects an unknown unit and invalid dates (R-CASE-07)", () => {
    expect(() => deadline({ start: "2025-11-03", limit: { amount: 1, unit: "months" as LimitUnit } })).toThrow(RangeError);
    expect(() => deadline({ start: "2025-02-29", limit: wd(1) })).toThrow(RangeError);
    expect(() => computeDeadline(cal, { start: "2025-11-03", limit: wd(1), today: "2025/11/04" })).toThrow(RangeError);
    expect(() => computeDeadline(cal, { start: "2025-11-03", limit: wd(1), today: "2025-11-04", completedOn: "x" })).toThrow(RangeError);
  });

  it("refuses to walk beyond the iteration guard (R-CASE-07)", () => {
    expect(() => deadline({ start: "2025-11-03", limit: cd(MAX_DEADLINE_WALK_DAYS + 1) })).toThrow(RangeError);
    expect(deadline({ start: "2025-11-03", limit: cd(365) }).due).toBe("2026-11-03");
  });
});

describe("dueSoonThreshold and lightLabel (R-CASE-07)", () => {
  it.each([
    [0, 1],
    [1, 1],
    [5, 1],
    [6, 2],
    [10, 2],
    [15, 3],
    [16, 4],
    [60, 12],
  ])("amount %i → threshold %i (R-CASE-07)", (amount, threshold) => {
    expect(dueSoonThreshold(wd(amount))).toBe(threshold);
    expect(dueSoonThreshold(cd(amount))).toBe(threshold);
  });

  it("uses a fifth of the limit (R-CASE-07)", () => {
    expect(DUE_SOON_FRACTION).toBe(0.2);
  });

  it("labels the lights in Chinese (R-CASE-07)", () => {
    expect(["normal", "due_soon", "overdue", "suspended", "done"].map((l) => lightLabel(l as DeadlineLight))).toEqual([
      "正常",
      "即将到期",
      "已超期",
      "中止",
      "已完成",
    ]);
  });
});

describe("computeDeadline properties (R-CASE-07)", () => {
  const dateArb = fc.integer({ min: 0, max: 900 }).map((i) => addCalendarDays("2025-01-01", i));

  it("agrees with WorkingCalendar.addWorkingDays without suspensions (R-CASE-07)", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (start, amount) => {
        const expected = cal.addWorkingDays(start, amount);
        const r = computeDeadline(cal, { start, limit: wd(amount), today: start });
        expect(r.due).toBe(expected.date);
        expect(r.confirmed).toBe(expected.confirmed);
        expect(r.remaining).toBe(amount);
      }),
    );
  });

  it("never makes the due date earlier when a suspension is added (R-CASE-07)", () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 90 }),
        fc.constantFrom<LimitUnit>("workingDays", "days"),
        fc.integer({ min: -10, max: 120 }),
        fc.integer({ min: 0, max: 40 }),
        (start, amount, unit, offset, length) => {
          const limit = { amount, unit };
          const from = addCalendarDays(start, offset);
          const suspension = { from, to: addCalendarDays(from, length) };
          const without = computeDeadline(cal, { start, limit, today: start });
          const withSuspension = computeDeadline(cal, { start, limit, today: start, suspensions: [suspension] });
          expect(withSuspension.due! >= without.due!).toBe(true);
          expect(withSuspension.suspendedDays).toBeLessThanOrEqual(length + 1);
        },
      ),
    );
  });
});
