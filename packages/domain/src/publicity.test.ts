import { describe, expect, it } from "vitest";
import { WorkingCalendar, addCalendarDays, type CalendarDay } from "./calendar.ts";
import { ACTION_TYPES, type ActionType } from "./enums.ts";
import {
  EXCLUSION_LABELS,
  EXCLUSION_REASONS,
  PUBLICITY_LIGHT_LABELS,
  eighteenthBirthday,
  isMinorOn,
  publicationDeadline,
  publicationExclusion,
  publicationExclusions,
  publicationLimit,
  publicityLight,
  withdrawalDeadline,
  type ExclusionReason,
} from "./publicity.ts";

// The official calendars as published by the State Council (full years, as in calendar.test.ts):
// 2025: 国办发明电〔2024〕12号; 2026: 国办发明电〔2025〕7号.
// 2026 around the holidays the tests cross:
//   春节: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 调休上班;
//   中秋节 Sep 25–27 off, 国庆节 Oct 1–7 off, Sun Sep 20 and Sat Oct 10 调休上班.
function range(name: string, from: string, to: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push({ date: d, kind: "holiday", name });
  return days;
}
function work(name: string, ...dates: string[]): CalendarDay[] {
  return dates.map((date) => ({ date, kind: "workday", name }));
}
const calendar = new WorkingCalendar({
  days: [
    ...range("元旦", "2025-01-01", "2025-01-01"),
    ...range("春节", "2025-01-28", "2025-02-04"),
    ...work("春节", "2025-01-26", "2025-02-08"),
    ...range("清明节", "2025-04-04", "2025-04-06"),
    ...range("劳动节", "2025-05-01", "2025-05-05"),
    ...work("劳动节", "2025-04-27"),
    ...range("端午节", "2025-05-31", "2025-06-02"),
    ...range("国庆节、中秋节", "2025-10-01", "2025-10-08"),
    ...work("国庆节、中秋节", "2025-09-28", "2025-10-11"),
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
  ],
  knownYears: [2025, 2026],
});

describe("publicationDeadline (R-PUB-03)", () => {
  it("gives 7 working days to 行政许可 and 行政处罚 and 20 to the seven other action types (R-PUB-03)", () => {
    const limits = Object.fromEntries(ACTION_TYPES.map((t) => [t, publicationLimit(t)]));
    expect(limits).toEqual({
      permit: 7,
      penalty: 7,
      coercion: 20,
      inspection: 20,
      levy: 20,
      requisition: 20,
      fee: 20,
      reward: 20,
      confirmation: 20,
    });
  });

  it("counts 7 working days across 中秋 and 国庆 2026, with the 调休 Saturday Oct 10 (R-PUB-03)", () => {
    // Thu Sep 24: [Sep 25–27 off] Sep 28, 29, 30, [Oct 1–7 off] Oct 8, 9, Sat Oct 10 (调休), [Sun] Mon Oct 12.
    expect(publicationDeadline(calendar, "2026-09-24", "penalty")).toEqual({ date: "2026-10-12", confirmed: true });
    expect(publicationDeadline(calendar, "2026-09-24", "permit")).toEqual({ date: "2026-10-12", confirmed: true });
  });

  it("counts 20 working days across the same holidays for the other action types (R-PUB-03)", () => {
    // Sep 28–30 (3), Oct 8–10 (6), Oct 12–16 (11), Oct 19–23 (16), Oct 26–29 (20).
    for (const t of ["inspection", "coercion", "confirmation"] as ActionType[]) {
      expect(publicationDeadline(calendar, "2026-09-24", t), t).toEqual({ date: "2026-10-29", confirmed: true });
    }
  });

  it("counts across 春节 2026, landing on the 调休 Saturday Feb 28 (R-PUB-03)", () => {
    // Thu Feb 12: Feb 13, Sat Feb 14 (调休), [Feb 15–23 off] Feb 24, 25, 26, 27, Sat Feb 28 (调休).
    expect(publicationDeadline(calendar, "2026-02-12", "permit")).toEqual({ date: "2026-02-28", confirmed: true });
    // 20: … Feb 28 (7), Mar 2–6 (12), Mar 9–13 (17), Mar 16, 17, 18 (20).
    expect(publicationDeadline(calendar, "2026-02-12", "reward")).toEqual({ date: "2026-03-18", confirmed: true });
  });

  it("is unconfirmed when it depends on a year whose notice is not loaded (R-PUB-03)", () => {
    expect(publicationDeadline(calendar, "2026-12-28", "penalty")).toEqual({ date: "2027-01-06", confirmed: false });
  });

  it("rejects a malformed decision date (R-PUB-03)", () => {
    expect(() => publicationDeadline(calendar, "2026-02-30", "penalty")).toThrow(RangeError);
  });
});

describe("withdrawalDeadline (R-PUB-07)", () => {
  it.each([
    ["2025-11-07", "2025-11-11", "Fri → Mon, Tue: over a weekend"],
    ["2026-09-30", "2026-10-09", "Wed → [Oct 1–7 off] Thu Oct 8, Fri Oct 9: over 国庆"],
    ["2026-10-09", "2026-10-12", "Fri → Sat Oct 10 (调休), Mon Oct 12"],
    ["2026-02-13", "2026-02-24", "Fri → Sat Feb 14 (调休), [Feb 15–23 off] Tue Feb 24: over 春节"],
  ])("ruling recorded %s → withdrawn by %s: %s (R-PUB-07)", (ruling, due) => {
    expect(withdrawalDeadline(calendar, ruling)).toEqual({ date: due, confirmed: true });
  });
});

describe("publicityLight (R-PUB-03, R-PUB-07)", () => {
  const deadline = "2026-10-12"; // Mon, after 国庆 and the 调休 Saturday Oct 10

  it.each([
    ["2026-09-24", "normal"],
    ["2026-09-30", "normal"], // Oct 8, 9, 10, 12 left
    ["2026-10-07", "normal"], // a holiday; Oct 8, 9, 10, 12 left
    ["2026-10-08", "normal"], // Oct 9, 10, 12 left
    ["2026-10-09", "due_soon"], // Oct 10 (调休) and Oct 12 left
    ["2026-10-11", "due_soon"], // Sunday: only Oct 12 left
    ["2026-10-12", "due_soon"], // the last day
    ["2026-10-13", "overdue"],
  ])("on %s: %s (R-PUB-03)", (today, light) => {
    expect(publicityLight(today, deadline, calendar, false)).toBe(light);
  });

  it("counts working days, not calendar days, before a withdrawal deadline over a holiday (R-PUB-07)", () => {
    const due = withdrawalDeadline(calendar, "2026-09-30").date; // 2026-10-09
    expect(publicityLight("2026-09-30", due, calendar, false)).toBe("due_soon"); // Oct 8 and 9 left
    expect(publicityLight("2026-10-10", due, calendar, false)).toBe("overdue");
  });

  it("shows normal once the publication or withdrawal is done, even late (R-PUB-03)", () => {
    expect(publicityLight("2026-10-12", deadline, calendar, true)).toBe("normal");
    expect(publicityLight("2026-11-30", deadline, calendar, true)).toBe("normal");
  });

  it("has Chinese labels (R-PUB-03)", () => {
    expect(PUBLICITY_LIGHT_LABELS).toEqual({ normal: "正常", due_soon: "即将到期", overdue: "已超期" });
  });
});

describe("publicationExclusion (R-PUB-05)", () => {
  const ID_BORN_2008_03_15 = "410102200803150047";
  const ID_BORN_2008_02_29 = "410102200802290048";

  it("excludes a party who is 17 years and 364 days old on the decision date, not on the 18th birthday (R-PUB-05)", () => {
    expect(publicationExclusion({ partyType: "person", partyIdNo: ID_BORN_2008_03_15, decisionDate: "2026-03-14" })).toBe("minor");
    expect(publicationExclusion({ partyType: "person", partyIdNo: ID_BORN_2008_03_15, decisionDate: "2026-03-15" })).toBeNull();
    expect(publicationExclusion({ partyType: "person", partyIdNo: ID_BORN_2008_03_15, decisionDate: "2025-12-31" })).toBe("minor");
  });

  it("counts the 18th birthday of someone born on 29 February as 1 March in a common year (R-PUB-05)", () => {
    expect(eighteenthBirthday("2008-02-29")).toBe("2026-03-01");
    expect(eighteenthBirthday("2010-02-28")).toBe("2028-02-28");
    expect(eighteenthBirthday("2012-02-29")).toBe("2030-03-01");
    expect(publicationExclusion({ partyType: "person", partyIdNo: ID_BORN_2008_02_29, decisionDate: "2026-02-28" })).toBe("minor");
    expect(publicationExclusion({ partyType: "person", partyIdNo: ID_BORN_2008_02_29, decisionDate: "2026-03-01" })).toBeNull();
  });

  it("reads the birth date of a 15-digit number and of a number with a wrong check character (R-PUB-05)", () => {
    expect(publicationExclusion({ partyType: "person", partyIdNo: "410102800315004", decisionDate: "2026-03-14" })).toBeNull();
    expect(publicationExclusion({ partyType: "person", partyIdNo: "510107201001011231", decisionDate: "2026-03-14" })).toBe("minor");
  });

  it("honours the explicit flag, and a computed minor even when the flag says otherwise (R-PUB-05)", () => {
    expect(publicationExclusion({ partyType: "person", decisionDate: "2026-03-14", partyIsMinor: true })).toBe("minor");
    expect(publicationExclusion({ partyType: "person", partyIdNo: "11010119850312451X", decisionDate: "2026-03-14", partyIsMinor: true })).toBe("minor");
    expect(publicationExclusion({ partyType: "person", partyIdNo: ID_BORN_2008_03_15, decisionDate: "2026-03-14", partyIsMinor: false })).toBe("minor");
    expect(publicationExclusion({ partyType: "person", partyIdNo: "11010119850312451X", decisionDate: "2026-03-14", partyIsMinor: false })).toBeNull();
  });

  it("never treats an organisation as a minor (R-PUB-05)", () => {
    expect(publicationExclusion({ partyType: "org", partyIdNo: "91410100MA45F3K2L6", decisionDate: "2026-03-14" })).toBeNull();
    expect(publicationExclusion({ partyType: "org", partyIdNo: ID_BORN_2008_03_15, decisionDate: "2026-03-14", partyIsMinor: true })).toBeNull();
  });

  it.each(["state_secret", "commercial_secret", "personal_privacy", "hinders_enforcement", "minor"] as ExclusionReason[])(
    "returns the marked reason %s (R-PUB-05)",
    (mark) => {
      expect(publicationExclusion({ partyType: "org", decisionDate: "2026-03-14", marks: [mark] })).toBe(mark);
      expect(publicationExclusion({ partyType: "person", partyIdNo: "11010119850312451X", decisionDate: "2026-03-14", marks: [mark] })).toBe(mark);
    },
  );

  it("puts a minor first, then the marks in a fixed order, and lists all reasons (R-PUB-05)", () => {
    const input = {
      partyType: "person" as const,
      partyIdNo: ID_BORN_2008_03_15,
      decisionDate: "2026-03-14",
      marks: ["hinders_enforcement", "state_secret", "state_secret"] as ExclusionReason[],
    };
    expect(publicationExclusion(input)).toBe("minor");
    expect(publicationExclusions(input)).toEqual(["minor", "state_secret", "hinders_enforcement"]);
    expect(publicationExclusion({ ...input, partyIdNo: "11010119850312451X" })).toBe("state_secret");
  });

  it("is publishable without any reason (R-PUB-05)", () => {
    expect(publicationExclusion({ partyType: "person", partyIdNo: "11010119850312451X", decisionDate: "2026-03-14", marks: [] })).toBeNull();
    expect(publicationExclusions({ partyType: "org", decisionDate: "2026-03-14" })).toEqual([]);
  });

  it("rejects a malformed decision date (R-PUB-05)", () => {
    expect(() => publicationExclusion({ partyType: "org", decisionDate: "14/03/2026" })).toThrow(RangeError);
  });

  it("has a Chinese label for every reason (R-PUB-05)", () => {
    expect(Object.keys(EXCLUSION_LABELS).sort()).toEqual([...EXCLUSION_REASONS].sort());
    expect(EXCLUSION_LABELS).toEqual({
      minor: "涉及未成年人",
      state_secret: "涉及国家秘密",
      commercial_secret: "涉及商业秘密",
      personal_privacy: "涉及个人隐私",
      hinders_enforcement: "公开后可能妨碍行政执法",
    });
  });

  it("isMinorOn follows 周岁: adult from the 18th birthday (R-PUB-05)", () => {
    expect(isMinorOn("2008-03-15", "2026-03-14")).toBe(true);
    expect(isMinorOn("2008-03-15", "2026-03-15")).toBe(false);
    expect(isMinorOn("2008-03-15", "2030-01-01")).toBe(false);
  });
});
