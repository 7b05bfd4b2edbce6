import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { WorkingCalendar, addCalendarDays } from "./calendar.ts";
import { PAYMENT_PERIOD_DAYS, addMonths, enforcementWindow, executionStatus, formatYuan, lateFee, paymentDueDate, validateInstalments } from "./execution.ts";

const DUE = "2025-03-17";

describe("lateFee: 加处罚款 (行政处罚法 第七十二条)", () => {
  it("is 0 on the due date and before it (第七十二条)", () => {
    expect(lateFee({ principalFen: 500_000, dueDate: DUE, asOf: DUE })).toEqual({ days: 0, feeFen: 0, capped: false, baseFen: 500_000 });
    expect(lateFee({ principalFen: 500_000, dueDate: DUE, asOf: "2025-03-01" })).toMatchObject({ days: 0, feeFen: 0 });
  });

  it("is 3 % of the fine for the first day after the due date (第七十二条)", () => {
    expect(lateFee({ principalFen: 500_000, dueDate: DUE, asOf: "2025-03-18" })).toEqual({ days: 1, feeFen: 15_000, capped: false, baseFen: 500_000 });
  });

  it("counts calendar days, weekends and holidays included (第七十二条)", () => {
    // Mar 17 → Apr 16 2025: 30 days → 90 %.
    expect(lateFee({ principalFen: 500_000, dueDate: DUE, asOf: "2025-04-16" })).toMatchObject({ days: 30, feeFen: 450_000, capped: false });
    // Across a year end: Dec 31 → Jan 2.
    expect(lateFee({ principalFen: 10_000, dueDate: "2024-12-31", asOf: "2025-01-02" })).toMatchObject({ days: 2, feeFen: 600 });
  });

  it("reaches 99 % on day 33 and is capped at the fine from day 34 (3 % × 34 = 102 %) (第七十二条)", () => {
    const day33 = lateFee({ principalFen: 500_000, dueDate: DUE, asOf: addCalendarDays(DUE, 33) });
    expect(day33).toMatchObject({ days: 33, feeFen: 495_000, capped: false });
    const day34 = lateFee({ principalFen: 500_000, dueDate: DUE, asOf: addCalendarDays(DUE, 34) });
    expect(day34).toMatchObject({ days: 34, feeFen: 500_000, capped: true });
    const year = lateFee({ principalFen: 500_000, dueDate: DUE, asOf: addCalendarDays(DUE, 365) });
    expect(year).toMatchObject({ days: 365, feeFen: 500_000, capped: true });
  });

  it.each([
    // principal, days, exact fee (fen), rounded fee
    [1, 1, "0.03", 0],
    [17, 1, "0.51", 1],
    [50, 1, "1.5", 2],
    [49, 1, "1.47", 1],
    [12_345, 1, "370.35", 370],
    [12_345, 7, "2592.45", 2592],
    [12_350, 1, "370.5", 371],
    [99_999, 11, "32999.67", 33_000],
    [1, 33, "0.99", 1],
  ])("rounds %i fen × 3 %% × %i days (= %s fen) half up to %i fen (第七十二条)", (principalFen, days, _exact, feeFen) => {
    expect(lateFee({ principalFen, dueDate: DUE, asOf: addCalendarDays(DUE, days) })).toMatchObject({ days, feeFen, capped: false });
  });

  it("is 0 for a fully paid fine and is based on the unpaid part (第七十二条)", () => {
    expect(lateFee({ principalFen: 0, dueDate: DUE, asOf: "2025-06-01" })).toMatchObject({ feeFen: 0, capped: false });
    expect(lateFee({ principalFen: 100_000, paidFen: 100_000, dueDate: DUE, asOf: "2025-06-01" })).toMatchObject({ feeFen: 0, baseFen: 0 });
    expect(lateFee({ principalFen: 100_000, paidFen: 40_000, dueDate: DUE, asOf: "2025-03-27" })).toMatchObject({
      days: 10,
      feeFen: 18_000,
      baseFen: 60_000,
    });
    expect(lateFee({ principalFen: 100_000, paidFen: 40_000, dueDate: DUE, asOf: "2025-06-01" })).toMatchObject({ feeFen: 60_000, capped: true });
  });

  it("rejects invalid amounts and dates (第七十二条)", () => {
    expect(() => lateFee({ principalFen: -1, dueDate: DUE, asOf: DUE })).toThrow(RangeError);
    expect(() => lateFee({ principalFen: 10.5, dueDate: DUE, asOf: DUE })).toThrow(RangeError);
    expect(() => lateFee({ principalFen: 100, paidFen: 101, dueDate: DUE, asOf: DUE })).toThrow(RangeError);
    expect(() => lateFee({ principalFen: 100, paidFen: -1, dueDate: DUE, asOf: DUE })).toThrow(RangeError);
    expect(() => lateFee({ principalFen: 100, dueDate: "2025-02-30", asOf: DUE })).toThrow(RangeError);
    expect(() => lateFee({ principalFen: 100, dueDate: DUE, asOf: "20250317" })).toThrow(RangeError);
  });

  it("never exceeds the fine and never decreases as days pass (property, 第七十二条)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 400 }), (principalFen, days) => {
        const a = lateFee({ principalFen, dueDate: DUE, asOf: addCalendarDays(DUE, days) });
        const b = lateFee({ principalFen, dueDate: DUE, asOf: addCalendarDays(DUE, days + 1) });
        expect(a.feeFen).toBeLessThanOrEqual(principalFen);
        expect(b.feeFen).toBeGreaterThanOrEqual(a.feeFen);
        expect(Number.isInteger(a.feeFen)).toBe(true);
        expect(Math.abs(a.feeFen - Math.min(principalFen, (principalFen * 3 * days) / 100))).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe("paymentDueDate (行政处罚法 第六十七条)", () => {
  it("is 15 calendar days after service, the day of service not counted (第六十七条)", () => {
    expect(PAYMENT_PERIOD_DAYS).toBe(15);
    expect(paymentDueDate("2025-03-02")).toBe("2025-03-17");
    expect(paymentDueDate("2025-12-20")).toBe("2026-01-04");
    expect(paymentDueDate("2024-02-20")).toBe("2024-03-06"); // leap year
  });

  it("moves a last day on a holiday to the next working day when given a calendar (第六十七条, 民法典 第二百零三条)", () => {
    const days = [];
    for (let d = "2025-10-01"; d <= "2025-10-08"; d = addCalendarDays(d, 1)) days.push({ date: d, kind: "holiday" as const, name: "国庆节、中秋节" });
    const cal = new WorkingCalendar({ days, knownYears: [2025] });
    expect(paymentDueDate("2025-09-16", cal)).toBe("2025-10-09"); // Oct 1 → after the holiday
    expect(paymentDueDate("2025-03-01", cal)).toBe("2025-03-17"); // Sunday Mar 16 → Monday
    expect(paymentDueDate("2025-03-02", cal)).toBe("2025-03-17"); // a working day: unchanged
  });

  it("rejects an invalid date (第六十七条)", () => {
    expect(() => paymentDueDate("2025-13-01")).toThrow(RangeError);
  });
});

describe("validateInstalments (行政处罚法 第六十六条)", () => {
  it("accepts a plan with increasing dates that adds up to the total (第六十六条)", () => {
    expect(
      validateInstalments(300_000, [
        { dueDate: "2025-04-01", amountFen: 100_000 },
        { dueDate: "2025-05-01", amountFen: 100_000 },
        { dueDate: "2025-06-01", amountFen: 100_000 },
      ]),
    ).toEqual([]);
    expect(validateInstalments(1, [{ dueDate: "2025-04-01", amountFen: 1 }])).toEqual([]);
  });

  it("rejects an empty plan and an invalid total (第六十六条)", () => {
    expect(validateInstalments(100_000, [])).toEqual(["分期计划不能为空"]);
    expect(validateInstalments(0, [{ dueDate: "2025-04-01", amountFen: 1 }])).toEqual(["应缴总额必须为正整数（以分计）"]);
    expect(validateInstalments(10.5, [])).toEqual(["应缴总额必须为正整数（以分计）", "分期计划不能为空"]);
  });

  it("rejects non-positive or fractional amounts (第六十六条)", () => {
    expect(
      validateInstalments(100_000, [
        { dueDate: "2025-04-01", amountFen: 100_000 },
        { dueDate: "2025-05-01", amountFen: 0 },
        { dueDate: "2025-06-01", amountFen: -5 },
        { dueDate: "2025-07-01", amountFen: 0.5 },
      ]),
    ).toEqual(["第 2 期金额必须为正数且精确到分", "第 3 期金额必须为正数且精确到分", "第 4 期金额必须为正数且精确到分"]);
  });

  it("rejects invalid and non-increasing dates (第六十六条)", () => {
    expect(
      validateInstalments(400, [
        { dueDate: "2025-05-01", amountFen: 100 },
        { dueDate: "2025-05-01", amountFen: 100 },
        { dueDate: "2025-02-30", amountFen: 100 },
        { dueDate: "2025-04-01", amountFen: 100 },
      ]),
    ).toEqual([
      "第 2 期缴款日期（2025-05-01）必须晚于第 1 期（2025-05-01）",
      "第 3 期缴款日期无效，应为 YYYY-MM-DD",
      "第 4 期缴款日期（2025-04-01）必须晚于第 2 期（2025-05-01）",
    ]);
  });

  it("rejects a plan that does not add up to the total (第六十六条)", () => {
    expect(
      validateInstalments(300_000, [
        { dueDate: "2025-04-01", amountFen: 100_000 },
        { dueDate: "2025-05-01", amountFen: 150_050 },
      ]),
    ).toEqual(["各期金额合计 2500.50 元，与应缴总额 3000.00 元不一致"]);
  });
});

describe("formatYuan", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [50, "0.50"],
    [100, "1.00"],
    [123_450, "1234.50"],
    [-5, "-0.05"],
    [-123_456, "-1234.56"],
    [Number.MAX_SAFE_INTEGER, "90071992547409.91"],
  ])("formats %i fen as %s", (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it("rejects fractional fen", () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
  });
});

describe("executionStatus and the court's enforcement window", () => {
  it("adds months, clamping to the month's end", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2026-01-15", 11)).toBe("2026-12-15");
    expect(addMonths("2028-08-29", 6)).toBe("2029-02-28");
  });

  it("the court may be asked after the six months for 诉讼, for three months (行政强制法 第五十三条)", () => {
    expect(enforcementWindow("2026-03-10")).toEqual({ from: "2026-09-11", to: "2026-12-10" });
  });

  it("follows a fine from service to payment", () => {
    const base = { fineFen: 500_000, payments: [], today: "2026-03-20" };
    expect(executionStatus({ ...base, servedOn: null }).state).toBe("not_served");
    const within = executionStatus({ ...base, servedOn: "2026-03-10" });
    expect(within).toMatchObject({ state: "within_period", dueDate: "2026-03-25", outstandingFen: 500_000, lateFee: null });
    const late = executionStatus({ ...base, servedOn: "2026-03-10", today: "2026-03-27" });
    expect(late.state).toBe("overdue");
    expect(late.lateFee).toMatchObject({ days: 2, feeFen: 30_000 });
    const partly = executionStatus({ ...base, servedOn: "2026-03-10", payments: [{ paidOn: "2026-03-12", amountFen: 200_000 }] });
    expect(partly).toMatchObject({ paidFen: 200_000, outstandingFen: 300_000 });
    expect(executionStatus({ ...base, servedOn: "2026-03-10", payments: [{ paidOn: "2026-03-12", amountFen: 500_000 }] }).state).toBe("paid");
    expect(executionStatus({ ...base, fineFen: 0, servedOn: "2026-03-10" }).state).toBe("no_fine");
  });

  it("an approved deferral moves the last day; instalments are paid in order and only the missed part bears the fee", () => {
    expect(executionStatus({ fineFen: 500_000, payments: [], servedOn: "2026-03-10", deferredTo: "2026-05-31", today: "2026-04-30" })).toMatchObject({ state: "within_period", dueDate: "2026-05-31" });
    const plan = [
      { dueDate: "2026-04-10", amountFen: 200_000 },
      { dueDate: "2026-05-10", amountFen: 300_000 },
    ];
    const onTime = executionStatus({ fineFen: 500_000, payments: [{ paidOn: "2026-04-08", amountFen: 200_000 }], servedOn: "2026-03-10", instalments: plan, today: "2026-04-20" });
    expect(onTime).toMatchObject({ state: "within_period", dueDate: "2026-05-10", overdueInstalments: [] });
    const missed = executionStatus({ fineFen: 500_000, payments: [], servedOn: "2026-03-10", instalments: plan, today: "2026-04-12" });
    expect(missed.state).toBe("overdue");
    expect(missed.overdueInstalments).toEqual([plan[0]]);
    expect(missed.lateFee).toMatchObject({ days: 2, baseFen: 200_000, feeFen: 12_000 });
  });
});
