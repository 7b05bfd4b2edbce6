import { describe, expect, it } from "vitest";
import {
  annualReportDeadline,
  annualReportLate,
  computeStatistics,
  percent,
  periodRefusal,
  quarterOf,
  quarterPeriod,
  statisticsCharts,
  statisticsTables,
  yearEnded,
  yearPeriod,
  type CaseFact,
  type StatisticsFacts,
} from "./statistics.ts";

const none: StatisticsFacts = { cases: [], payments: [], reviews: [], publications: [], corrections: [], remedies: [] };
const penalty = (o: Partial<CaseFact>): CaseFact => ({ actionType: "penalty", procedure: "general", source: "complaint", openedOn: "2025-03-01", decidedOn: null, closedOn: null, status: "open", measures: [], amountFen: null, ...o });

describe("periods and the 31 January deadline (R-PUB-10)", () => {
  it("gives years and quarters with both ends included", () => {
    expect(yearPeriod(2025)).toMatchObject({ from: "2025-01-01", to: "2025-12-31", label: "2025年度", quarter: null });
    expect(quarterPeriod(2025, 1)).toMatchObject({ from: "2025-01-01", to: "2025-03-31", label: "2025年第一季度" });
    expect(quarterPeriod(2024, 2)).toMatchObject({ from: "2024-04-01", to: "2024-06-30" });
    expect(quarterPeriod(2025, 4)).toMatchObject({ from: "2025-10-01", to: "2025-12-31" });
    expect(["2025-01-01", "2025-03-31", "2025-04-01", "2025-09-30", "2025-10-01", "2025-12-31"].map(quarterOf)).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it("the report of a year is due on 31 January of the next, late after it (R-PUB-10)", () => {
    expect(annualReportDeadline(2025)).toBe("2026-01-31");
    expect(annualReportLate(2025, null, "2026-01-31")).toBe(false);
    expect(annualReportLate(2025, null, "2026-02-01")).toBe(true);
    expect(annualReportLate(2025, "2026-01-31", "2026-06-01")).toBe(false);
    expect(annualReportLate(2025, "2026-02-02", "2026-06-01")).toBe(true);
  });

  it("refuses periods out of range or in the future; a year report only after the year ended", () => {
    expect(periodRefusal(yearPeriod(1999), "2026-05-01")).toBe("out_of_range");
    expect(periodRefusal(yearPeriod(2027), "2026-05-01")).toBe("out_of_range");
    expect(periodRefusal(quarterPeriod(2026, 3), "2026-05-01")).toBe("future");
    expect(periodRefusal(quarterPeriod(2026, 2), "2026-05-01")).toBeNull();
    expect(yearEnded(2025, "2026-01-01")).toBe(true);
    expect(yearEnded(2026, "2026-12-31")).toBe(false);
  });

  it("rates are percentages with one decimal, none without a denominator", () => {
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBeNull();
  });
});

describe("computeStatistics (R-PUB-10)", () => {
  const facts: StatisticsFacts = {
    cases: [
      penalty({ decidedOn: "2025-03-20", closedOn: "2025-04-02", status: "archived", measures: ["警告", "罚款"], amountFen: 500_000 }),
      penalty({ procedure: "simple", openedOn: "2025-03-31", decidedOn: "2025-03-31", measures: ["罚款"], amountFen: 20_000, source: "inspection" }),
      penalty({ openedOn: "2024-12-30", decidedOn: "2025-01-05", measures: ["警告"], amountFen: 0 }),
      penalty({ openedOn: "2025-04-01" }),
      { ...penalty({}), actionType: "permit", procedure: null, openedOn: "2025-02-01", decidedOn: "2025-02-10", measures: ["准予许可"] },
      { ...penalty({}), actionType: "inspection", procedure: null, openedOn: "2025-02-01", decidedOn: "2025-02-03", source: "inspection" },
    ],
    payments: [
      { onDate: "2025-03-25", amountFen: 500_000 },
      { onDate: "2025-04-25", amountFen: 1 },
    ],
    reviews: [
      { submittedOn: "2025-03-10", opinionOn: "2025-03-12", outcome: "corrected", late: false, live: false },
      { submittedOn: "2025-03-11", opinionOn: null, outcome: null, late: null, live: false },
      { submittedOn: "2025-03-14", opinionOn: "2025-03-19", outcome: "agreed", late: true, live: false },
      { submittedOn: "2025-03-30", opinionOn: "2025-04-02", outcome: "agreed", late: false, live: false },
    ],
    publications: [
      { decisionDate: "2025-03-20", deadline: "2025-03-31", status: "published", publishedOn: "2025-03-25", late: false, exclusion: null, withdrawnOn: null, withdrawalLate: null },
      { decisionDate: "2025-03-31", deadline: "2025-04-10", status: "published", publishedOn: "2025-04-15", late: true, exclusion: null, withdrawnOn: null, withdrawalLate: null },
      { decisionDate: "2025-01-05", deadline: "2025-01-14", status: "withdrawn", publishedOn: "2025-01-10", late: false, exclusion: null, withdrawnOn: "2025-02-01", withdrawalLate: true },
      { decisionDate: "2025-02-10", deadline: "2025-02-20", status: "draft", publishedOn: null, late: null, exclusion: null, withdrawnOn: null, withdrawalLate: null },
      { decisionDate: "2025-02-03", deadline: "2025-03-05", status: "withheld", publishedOn: null, late: null, exclusion: "minor", withdrawnOn: null, withdrawalLate: null },
    ],
    corrections: [
      { kind: "own", on: "2025-03-26", status: null },
      { kind: "request", on: "2025-03-27", status: "rejected" },
    ],
    remedies: [
      { kind: "reconsideration", filedOn: "2025-02-01", decidedOn: "2025-03-15", outcome: "revoked" },
      { kind: "reconsideration", filedOn: "2025-03-01", decidedOn: "2025-05-15", outcome: "upheld" },
      { kind: "litigation", filedOn: "2025-03-02", decidedOn: null, outcome: null },
    ],
  };

  it("counts the first quarter by event date", () => {
    const q1 = computeStatistics(quarterPeriod(2025, 1), facts, "2026-01-10");
    const row = (t: string) => q1.cases.byType.find((r) => r.actionType === t)!;
    expect(row("penalty")).toMatchObject({ opened: 2, decided: 3, closed: 0, pending: 3 });
    expect(row("permit")).toMatchObject({ opened: 1, decided: 1 });
    expect(q1.cases.total.opened).toBe(4);
    expect(q1.penalties).toMatchObject({ decided: 3, general: 2, simple: 1, withFine: 2, fineFen: 520_000, paidFen: 500_000, payments: 1 });
    expect(q1.penalties.byMeasure[0]).toEqual({ key: "罚款", label: "罚款", count: 2 });
    expect(q1.permits.byMeasure).toEqual([{ key: "准予许可", label: "准予许可", count: 1 }]);
    expect(q1.inspections).toEqual({ opened: 1, completed: 1, casesFromInspections: 1 });
    expect(q1.reviews).toMatchObject({ submitted: 4, opinions: 2, onTime: 1, late: 1, onTimeRate: 50, pending: 1 });
    expect(q1.reviews.byOutcome.map((o) => o.count)).toEqual([1, 1, 0]);
    expect(q1.publicity).toMatchObject({ decisions: 5, publishedOnTime: 2, publishedLate: 1, overdue: 1, awaiting: 0, withheld: 1, withdrawn: 1, withdrawnLate: 1, timelinessRate: 50, corrections: 1, correctionRequests: 1, correctionRequestsRejected: 1 });
    expect(q1.remedies.reconsideration).toMatchObject({ filed: 2, decided: 1, pending: 1, corrected: 1, correctionRate: 100 });
    expect(q1.remedies.litigation).toMatchObject({ filed: 1, decided: 0, pending: 1, correctionRate: null });
  });

  it("a case closed after the quarter is pending at its end; the year sees the rest", () => {
    const q2 = computeStatistics(quarterPeriod(2025, 2), facts, "2026-01-10");
    expect(q2.cases.byType.find((r) => r.actionType === "penalty")).toMatchObject({ opened: 1, decided: 0, closed: 1 });
    const y = computeStatistics(yearPeriod(2025), facts, "2026-01-10");
    expect(y.penalties.paidFen).toBe(500_001);
    expect(y.remedies.reconsideration.byOutcome.find((o) => o.key === "upheld")!.count).toBe(1);
    expect(y.reviews.opinions).toBe(3);
  });

  it("an empty period gives zeros, no rates, and tables and charts still render", () => {
    const s = computeStatistics(yearPeriod(2025), none, "2026-01-10");
    expect(s.cases.total).toEqual({ opened: 0, decided: 0, closed: 0, pending: 0 });
    expect(s.publicity.timelinessRate).toBeNull();
    const tables = statisticsTables(s);
    expect(tables.map((t) => t.title)).toEqual(["案件办理", "案件来源与状态", "行政处罚", "行政许可", "行政检查", "法制审核", "执法决定公示", "行政复议与行政诉讼"]);
    for (const t of tables) {
      expect(t.title.length).toBeLessThanOrEqual(31);
      for (const r of t.rows) expect(r.length).toBe(t.columns.length);
    }
    const charts = statisticsCharts(s);
    expect(charts.map((c) => c.key)).toEqual(["cases", "reviews", "publicity", "remedies"]);
    expect(charts.every((c) => c.description.length > 0)).toBe(true);
  });

  it("fines in the tables are in yuan", () => {
    const y = computeStatistics(yearPeriod(2025), facts, "2026-01-10");
    const pen = statisticsTables(y).find((t) => t.key === "penalties")!;
    expect(pen.rows.find((r) => r[0] === "罚款金额（元）")![1]).toBe(5200);
  });
});
