import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { WorkingCalendar } from "./calendar.ts";
import {
  REVIEW_ACTION_LABELS,
  REVIEW_CHECK_KEYS,
  REVIEW_STATES,
  REVIEW_TRANSITIONS,
  decisionKey,
  emptyChecklist,
  extensionRefusal,
  normalizeChecklist,
  opinionProblems,
  percentile,
  reviewDueDates,
  reviewGate,
  reviewLight,
  reviewNextState,
  reviewStats,
  reviewTransitionRefusal,
  reviewerConflict,
  DEFAULT_REVIEW_LIMITS,
  type ChecklistItem,
  type ReviewAction,
  type ReviewState,
} from "./review.ts";

// 2026 (国务院办公厅通知): 中秋节 09-25..27 and 国庆节 10-01..07 off; Sunday 09-20 and Saturday 10-10 are working days (调休).
const cal = new WorkingCalendar({
  knownYears: [2026],
  days: [
    ...["2026-09-25", "2026-09-26", "2026-09-27"].map((date) => ({ date, kind: "holiday" as const, name: "中秋节" })),
    ...["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"].map((date) => ({ date, kind: "holiday" as const, name: "国庆节" })),
    { date: "2026-09-20", kind: "workday" as const, name: "国庆节调休" },
    { date: "2026-10-10", kind: "workday" as const, name: "国庆节调休" },
  ],
});

const allOk = (): ChecklistItem[] => emptyChecklist().map((i) => ({ ...i, result: "ok" as const }));

describe("the ten review points (R-REV-05)", () => {
  it("lists the ten statutory points in order", () => {
    expect(REVIEW_CHECK_KEYS).toEqual(["subject", "qualification", "competence", "facts", "evidence", "law", "discretion", "procedure", "documents", "crime"]);
  });

  it("normalises a checklist: statutory order, unknown keys dropped, notes trimmed", () => {
    const out = normalizeChecklist([{ key: "law", result: "problem", note: "  条款错误 " }, { key: "nonsense", result: "ok" }, { key: "subject", result: "maybe" }]);
    expect(out).toHaveLength(10);
    expect(out[0]).toEqual({ key: "subject", result: null, note: "" });
    expect(out.find((i) => i.key === "law")).toEqual({ key: "law", result: "problem", note: "条款错误" });
  });
});

describe("transitions (R-REV-04, R-REV-06, R-REV-08)", () => {
  const table: [ReviewState, ReviewAction, ReviewState | null][] = [
    ["pending", "accept", "in_review"],
    ["pending", "return", "returned"],
    ["returned", "complete", "pending"],
    ["pending", "withdraw", "withdrawn"],
    ["in_review", "withdraw", "withdrawn"],
    ["in_review", "extend", "in_review"],
    ["corrected", "dispute", "disputed"],
    ["transferred", "dispute", "disputed"],
    ["returned", "accept", null],
    ["in_review", "accept", null],
    ["in_review", "return", null],
    ["pending", "opinion", null],
    ["returned", "opinion", null],
    ["agreed", "opinion", null],
    ["agreed", "dispute", null],
    ["agreed", "withdraw", null],
    ["pending", "extend", null],
    ["in_review", "dispute", null],
    ["corrected", "resolve", null],
    ["withdrawn", "complete", null],
  ];
  it.each(table)("%s + %s → %s", (state, action, to) => {
    const refusal = reviewTransitionRefusal(state, action);
    if (to === null) {
      expect(refusal?.code).toBe("review_state_invalid");
      expect(refusal?.message).toContain(REVIEW_ACTION_LABELS[action]);
    } else {
      expect(refusal).toBeNull();
      expect(reviewNextState(state, action)).toBe(to);
    }
  });

  it("an opinion leads to its outcome; a dispute decided for the unit is 'overruled', else the opinion stands", () => {
    expect(reviewNextState("in_review", "opinion", { outcome: "corrected" })).toBe("corrected");
    expect(reviewNextState("disputed", "resolve", { uphold: true, previous: "corrected" })).toBe("corrected");
    expect(reviewNextState("disputed", "resolve", { uphold: false, previous: "transferred" })).toBe("overruled");
    expect(() => reviewNextState("in_review", "opinion")).toThrow(RangeError);
  });

  it("every action is refused from every state not listed for it (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...REVIEW_STATES), fc.constantFrom(...(Object.keys(REVIEW_TRANSITIONS) as ReviewAction[])), (state, action) => {
        expect(reviewTransitionRefusal(state, action) === null).toBe(REVIEW_TRANSITIONS[action].includes(state));
      }),
    );
  });
});

describe("opinions (R-REV-05, R-REV-06)", () => {
  it("accepts a complete 同意", () => {
    expect(opinionProblems({ outcome: "agreed", checklist: allOk(), opinion: "同意作出决定" })).toEqual([]);
  });

  it("needs every point answered, and a note for each problem", () => {
    const list = allOk();
    list[3] = { key: "facts", result: null, note: "" };
    list[4] = { key: "evidence", result: "problem", note: "" };
    const out = opinionProblems({ outcome: "corrected", checklist: list, opinion: "x", correction: "补充证据" });
    expect(out.map((p) => p.field)).toEqual(["checklist.facts", "checklist.evidence"]);
    expect(out[0]!.message).toContain("事实清楚");
  });

  it("refuses 同意 while a point has a problem", () => {
    const list = allOk();
    list[5] = { key: "law", result: "problem", note: "适用条款错误" };
    expect(opinionProblems({ outcome: "agreed", checklist: list, opinion: "同意" }).map((p) => p.field)).toEqual(["outcome"]);
  });

  it("纠正 needs the correction; 移送 needs the receiving organ; every opinion needs its text", () => {
    expect(opinionProblems({ outcome: "corrected", checklist: allOk(), opinion: "须纠正", correction: " " }).map((p) => p.field)).toEqual(["correction"]);
    expect(opinionProblems({ outcome: "transferred", checklist: allOk(), opinion: "移送", transferTo: null }).map((p) => p.field)).toEqual(["transferTo"]);
    expect(opinionProblems({ outcome: "agreed", checklist: allOk(), opinion: "  " }).map((p) => p.field)).toEqual(["opinion"]);
  });
});

describe("time limits across holidays and 调休 (R-REV-07)", () => {
  it("3 working days from acceptance, the acceptance day not counted", () => {
    // accepted Monday 2026-11-23 → Thursday 2026-11-26
    expect(reviewDueDates(cal, "2026-11-23", DEFAULT_REVIEW_LIMITS, 0, "2026-11-23").due).toBe("2026-11-26");
    // accepted Friday → Wednesday (weekend skipped)
    expect(reviewDueDates(cal, "2026-11-20", DEFAULT_REVIEW_LIMITS, 0, "2026-11-20").due).toBe("2026-11-25");
  });

  it("skips the National Day holiday and counts the adjusted Saturday", () => {
    // accepted Tue 2026-09-29: 09-30 (1), holiday 10-01..07, 10-08 Thu (2), 10-09 Fri (3)
    expect(reviewDueDates(cal, "2026-09-29", DEFAULT_REVIEW_LIMITS, 0, "2026-09-29").due).toBe("2026-10-09");
    // accepted Sat 2026-09-19: Sunday 09-20 调休 (1), 09-21 (2), 09-22 (3)
    expect(reviewDueDates(cal, "2026-09-19", DEFAULT_REVIEW_LIMITS, 0, "2026-09-19").due).toBe("2026-09-22");
    // accepted Wed 2026-09-23: 09-24 (1), 中秋 09-25..27, 09-28 (2), 09-29 (3)
    expect(reviewDueDates(cal, "2026-09-23", DEFAULT_REVIEW_LIMITS, 0, "2026-09-23").due).toBe("2026-09-29");
  });

  it("an extension adds 2 working days; limits are configurable", () => {
    // …10-09 (3), Saturday 10-10 调休 (4), Monday 10-12 (5)
    expect(reviewDueDates(cal, "2026-09-29", DEFAULT_REVIEW_LIMITS, 2, "2026-09-29").due).toBe("2026-10-12");
    expect(reviewDueDates(cal, "2026-11-23", { ...DEFAULT_REVIEW_LIMITS, opinionDays: 5 }, 0, "2026-11-23").due).toBe("2026-11-30");
  });

  it("lights: normal, due soon on the last day, overdue after; none while returned", () => {
    const { due, soon } = reviewDueDates(cal, "2026-11-23", DEFAULT_REVIEW_LIMITS, 0, "2026-11-23");
    expect(reviewLight("in_review", due, soon, "2026-11-24")).toBe("normal");
    expect(reviewLight("in_review", due, soon, "2026-11-26")).toBe("due_soon");
    expect(reviewLight("in_review", due, soon, "2026-11-27")).toBe("overdue");
    expect(reviewLight("returned", due, soon, "2026-11-27")).toBeNull();
    expect(reviewLight("agreed", due, soon, "2026-11-27")).toBe("done");
  });

  it("one extension per round, and not after the limit expired", () => {
    expect(extensionRefusal({ state: "in_review", extensionRequested: false, due: "2026-11-26", today: "2026-11-26" })).toBeNull();
    expect(extensionRefusal({ state: "in_review", extensionRequested: true, due: "2026-11-26", today: "2026-11-24" })?.code).toBe("review_extension_used");
    expect(extensionRefusal({ state: "in_review", extensionRequested: false, due: "2026-11-26", today: "2026-11-27" })?.code).toBe("review_extension_late");
    expect(extensionRefusal({ state: "pending", extensionRequested: false, due: null, today: "2026-11-27" })?.code).toBe("review_state_invalid");
  });
});

describe("the decision gate (R-REV-02)", () => {
  const d = { measures: ["罚款"], amountFen: 5_000_000, tierId: null };
  const key = decisionKey(d);
  it("passes only on 同意 (or the head's decision for the unit) of the same draft", () => {
    expect(reviewGate(null, key)).toEqual({ passed: false, pending: false, stale: false });
    expect(reviewGate({ state: "in_review", decisionKey: key }, key)).toEqual({ passed: false, pending: true, stale: false });
    expect(reviewGate({ state: "disputed", decisionKey: key }, key).pending).toBe(true);
    expect(reviewGate({ state: "corrected", decisionKey: key }, key)).toEqual({ passed: false, pending: false, stale: false });
    expect(reviewGate({ state: "transferred", decisionKey: key }, key).passed).toBe(false);
    expect(reviewGate({ state: "agreed", decisionKey: key }, key).passed).toBe(true);
    expect(reviewGate({ state: "overruled", decisionKey: key }, key).passed).toBe(true);
  });

  it("a draft changed after 同意 is stale", () => {
    const changed = decisionKey({ ...d, amountFen: 9_000_000 });
    expect(reviewGate({ state: "agreed", decisionKey: key }, changed)).toEqual({ passed: false, pending: false, stale: true });
  });

  it("the decision key ignores the order and spacing of measures", () => {
    expect(decisionKey({ measures: ["没收违法所得", " 罚款"], amountFen: 1 })).toBe(decisionKey({ measures: ["罚款", "没收违法所得"], amountFen: 1, tierId: null }));
    expect(decisionKey(null)).toBe("none");
  });
});

describe("conflicts of interest", () => {
  it("a reviewer who handled or approved the case must step aside", () => {
    const involved = { team: ["u1"], stageCompleters: ["u2"], approvers: ["u3"] };
    expect(reviewerConflict("u1", involved)?.code).toBe("review_conflict_of_interest");
    expect(reviewerConflict("u2", involved)?.message).toContain("承办或办理过");
    expect(reviewerConflict("u3", involved)?.message).toContain("审批过");
    expect(reviewerConflict("u4", involved)).toBeNull();
  });
});

describe("statistics", () => {
  it("nearest-rank percentile", () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([1], 90)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it("counts outcomes, times, corrected and overdue shares", () => {
    const s = reviewStats([
      { state: "agreed", workingDays: 1, overdue: false },
      { state: "agreed", workingDays: 3, overdue: false },
      { state: "corrected", workingDays: 4, overdue: true },
      { state: "agreed", workingDays: 2, overdue: false, everCorrected: false },
      { state: "in_review", workingDays: null, overdue: true, accepted: true },
      { state: "pending", workingDays: null, overdue: false, accepted: false },
    ]);
    expect(s.total).toBe(6);
    expect(s.byState.agreed).toBe(3);
    expect(s.decided).toBe(4);
    expect(s.averageDays).toBe(2.5);
    expect(s.p90Days).toBe(4);
    expect(s.correctedShare).toBe(0.25);
    expect(s.overdueShare).toBe(0.4);
  });
});
