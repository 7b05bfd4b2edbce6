import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ACTION_TYPES } from "./enums.ts";
import {
  ACTION_TYPE_ABBREVIATIONS,
  CaseNumberRuleError,
  DEFAULT_CASE_NUMBER_RULE,
  caseNumberSeries,
  formatCaseNumber,
  parseCaseNumberRule,
  validateCaseNumberRule,
  type CaseNumberParts,
  type CaseNumberRuleErrorCode,
  agencyAbbreviation,
} from "./case-number.ts";

const PARTS: CaseNumberParts = { agencyCode: "130100SJ", agencyShort: "石市监", actionType: "penalty", year: 2025 };

function errorOf(template: string): CaseNumberRuleError {
  try {
    parseCaseNumberRule(template);
  } catch (e) {
    if (e instanceof CaseNumberRuleError) return e;
    throw e;
  }
  throw new Error(`expected "${template}" to be rejected`);
}

describe("parseCaseNumberRule (R-CASE-02)", () => {
  it("parses the default rule into tokens (R-CASE-02)", () => {
    const rule = parseCaseNumberRule(DEFAULT_CASE_NUMBER_RULE);
    expect(rule).toEqual({
      template: "{short}{type}〔{year}〕{seq:5}号",
      tokens: [
        { kind: "short" },
        { kind: "type" },
        { kind: "literal", text: "〔" },
        { kind: "year" },
        { kind: "literal", text: "〕" },
        { kind: "seq", width: 5 },
        { kind: "literal", text: "号" },
      ],
      seqWidth: 5,
    });
  });

  it("accepts {seq} without a width (no padding) and widths 1 to 10 (R-CASE-02)", () => {
    expect(parseCaseNumberRule("{year}-{seq}").seqWidth).toBe(1);
    expect(parseCaseNumberRule("{year}-{seq:1}").seqWidth).toBe(1);
    expect(parseCaseNumberRule("{year}-{seq:10}").seqWidth).toBe(10);
  });

  it.each<[string, CaseNumberRuleErrorCode, string]>([
    ["", "empty", "编号规则不能为空"],
    ["   ", "empty", "编号规则不能为空"],
    [`{year}{seq}${"号".repeat(100)}`, "too_long", "编号规则过长（不得超过 100 个字符）"],
    ["{year}{seq}{agencyname}", "unknown_token", "编号规则中的“{agencyname}”无法识别，可用：{agency}、{short}、{type}、{year}、{seq} 或 {seq:N}"],
    ["{Year}{seq}", "unknown_token", "编号规则中的“{Year}”无法识别，可用：{agency}、{short}、{type}、{year}、{seq} 或 {seq:N}"],
    ["{year}{seq", "unclosed_brace", "编号规则第 7 个字符处的“{”缺少对应的“}”"],
    ["{ye{year}{seq}", "unclosed_brace", "编号规则第 1 个字符处的“{”缺少对应的“}”"],
    ["{year}}{seq}", "stray_brace", "编号规则第 7 个字符处有多余的“}”"],
    ["{short}{type}〔{year}〕号", "missing_seq", "编号规则必须包含 {seq}（流水号）"],
    ["{year}{seq}-{seq:3}", "duplicate_seq", "编号规则只能包含一个 {seq}（流水号）"],
    ["{year}{seq:0}", "bad_width", "流水号位数“0”无效，应为 1 至 10 的整数，如 {seq:5}"],
    ["{year}{seq:11}", "bad_width", "流水号位数“11”无效，应为 1 至 10 的整数，如 {seq:5}"],
    ["{year}{seq:05}", "bad_width", "流水号位数“05”无效，应为 1 至 10 的整数，如 {seq:5}"],
    ["{year}{seq:}", "bad_width", "流水号位数“”无效，应为 1 至 10 的整数，如 {seq:5}"],
    ["{year}{seq:x}", "bad_width", "流水号位数“x”无效，应为 1 至 10 的整数，如 {seq:5}"],
    ["{short}{type}{seq:5}号", "missing_year", "编号规则必须包含 {year}（年度），流水号每年重新起编"],
  ])("rejects %j with %s (R-CASE-02)", (template, code, message) => {
    const error = errorOf(template);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.name).toBe("CaseNumberRuleError");
  });

  it("accepts a template of exactly 100 characters, counting CJK characters as one (R-CASE-02)", () => {
    const template = `{year}{seq}${"号".repeat(100 - 11)}`;
    expect([...template]).toHaveLength(100);
    expect(() => parseCaseNumberRule(template)).not.toThrow();
  });
});

describe("validateCaseNumberRule (R-CASE-02)", () => {
  it("returns [] for valid rules (R-CASE-02)", () => {
    expect(validateCaseNumberRule(DEFAULT_CASE_NUMBER_RULE)).toEqual([]);
    expect(validateCaseNumberRule("{agency}-{type}-{year}-{seq:5}")).toEqual([]);
  });

  it("lists every problem in Chinese (R-CASE-02)", () => {
    expect(validateCaseNumberRule("{foo}{seq:0}{seq}")).toEqual([
      "编号规则中的“{foo}”无法识别，可用：{agency}、{short}、{type}、{year}、{seq} 或 {seq:N}",
      "流水号位数“0”无效，应为 1 至 10 的整数，如 {seq:5}",
      "编号规则只能包含一个 {seq}（流水号）",
      "编号规则必须包含 {year}（年度），流水号每年重新起编",
    ]);
    expect(validateCaseNumberRule("")).toEqual(["编号规则不能为空"]);
  });
});

describe("formatCaseNumber (R-CASE-02)", () => {
  const rule = parseCaseNumberRule(DEFAULT_CASE_NUMBER_RULE);

  it("renders the default rule with padding (R-CASE-02)", () => {
    expect(formatCaseNumber(rule, PARTS, 1)).toBe("石市监罚〔2025〕00001号");
    expect(formatCaseNumber(rule, PARTS, 123)).toBe("石市监罚〔2025〕00123号");
    expect(formatCaseNumber(rule, PARTS, 99_999)).toBe("石市监罚〔2025〕99999号");
  });

  it("prints a sequence wider than the width in full, never truncated (R-CASE-02)", () => {
    expect(formatCaseNumber(rule, PARTS, 123_456)).toBe("石市监罚〔2025〕123456号");
    expect(formatCaseNumber(parseCaseNumberRule("{year}-{seq}"), PARTS, 42)).toBe("2025-42");
  });

  it("renders every token (R-CASE-02)", () => {
    const all = parseCaseNumberRule("{agency}/{short}/{type}/{year}/{seq:3}");
    expect(formatCaseNumber(all, { ...PARTS, actionType: "inspection" }, 7)).toBe("130100SJ/石市监/检/2025/007");
  });

  it("abbreviates each of the nine action types with one distinct character (R-CASE-02)", () => {
    expect(ACTION_TYPE_ABBREVIATIONS).toEqual({
      permit: "许",
      penalty: "罚",
      coercion: "强",
      inspection: "检",
      levy: "征",
      requisition: "用",
      fee: "费",
      reward: "奖",
      confirmation: "确",
    });
    const abbreviations = ACTION_TYPES.map((t) => ACTION_TYPE_ABBREVIATIONS[t]);
    expect(new Set(abbreviations).size).toBe(9);
    expect(abbreviations.every((a) => [...a].length === 1)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])("rejects the sequence %s (R-CASE-02)", (seq) => {
    expect(() => formatCaseNumber(rule, PARTS, seq)).toThrow(RangeError);
  });

  it("rejects invalid parts (R-CASE-02)", () => {
    expect(() => formatCaseNumber(rule, { ...PARTS, year: 25 }, 1)).toThrow(RangeError);
    expect(() => formatCaseNumber(rule, { ...PARTS, agencyShort: "" }, 1)).toThrow(RangeError);
    expect(() => formatCaseNumber(parseCaseNumberRule("{agency}{year}{seq}"), { ...PARTS, agencyCode: "" }, 1)).toThrow(RangeError);
    // An unused part may be empty.
    expect(formatCaseNumber(rule, { ...PARTS, agencyCode: "" }, 1)).toBe("石市监罚〔2025〕00001号");
  });
});

describe("caseNumberSeries (R-CASE-02)", () => {
  const rule = parseCaseNumberRule(DEFAULT_CASE_NUMBER_RULE);

  it("is the number with the sequence replaced by # (R-CASE-02)", () => {
    expect(caseNumberSeries(rule, PARTS)).toBe("石市监罚〔2025〕#号");
  });

  it("is shared by numbers of the same agency, type and year (R-CASE-02)", () => {
    expect(caseNumberSeries(rule, { ...PARTS })).toBe(caseNumberSeries(rule, PARTS));
  });

  it("differs by agency, type and year (R-CASE-02)", () => {
    const series = [
      PARTS,
      { ...PARTS, agencyShort: "石桥监" },
      { ...PARTS, actionType: "inspection" as const },
      { ...PARTS, year: 2026 },
    ].map((p) => caseNumberSeries(rule, p));
    expect(new Set(series).size).toBe(4);
  });

  it("ignores parts the rule does not use: one sequence for all of them (R-CASE-02)", () => {
    // The default rule has no {agency}: agencies with the same short name would share a series.
    expect(caseNumberSeries(rule, { ...PARTS, agencyCode: "OTHER" })).toBe(caseNumberSeries(rule, PARTS));
    const yearly = parseCaseNumberRule("{year}-{seq:6}");
    expect(caseNumberSeries(yearly, { ...PARTS, actionType: "permit" })).toBe(caseNumberSeries(yearly, PARTS));
  });
});

describe("case number properties (R-CASE-02)", () => {
  it("never gives the same number to distinct (series, sequence) pairs with a separated rule (R-CASE-02)", () => {
    const rule = parseCaseNumberRule("{agency}-{type}-{year}-{seq:5}");
    const partsArb = fc.record({
      agencyCode: fc.stringMatching(/^[0-9A-Z]{1,12}$/),
      agencyShort: fc.constant("X市监"),
      actionType: fc.constantFrom(...ACTION_TYPES),
      year: fc.integer({ min: 2000, max: 2099 }),
    });
    const seqArb = fc.integer({ min: 1, max: 10_000_000 });
    fc.assert(
      fc.property(partsArb, seqArb, partsArb, seqArb, fc.boolean(), (p1, s1, other, s2, sameParts) => {
        const p2 = sameParts ? { ...p1 } : other;
        const same = caseNumberSeries(rule, p1) === caseNumberSeries(rule, p2) && s1 === s2;
        expect(formatCaseNumber(rule, p1, s1) === formatCaseNumber(rule, p2, s2)).toBe(same);
      }),
    );
  });

  it("gives strictly increasing numbers in the padded width within a series (R-CASE-02)", () => {
    const rule = parseCaseNumberRule(DEFAULT_CASE_NUMBER_RULE);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_998 }), (seq) => {
        expect(formatCaseNumber(rule, PARTS, seq) < formatCaseNumber(rule, PARTS, seq + 1)).toBe(true);
      }),
    );
  });
});

describe("agencyAbbreviation (R-CASE-02)", () => {
  it.each([
    ["示范市市场监督管理局", "示市监"],
    ["示范市东城区市场监督管理局", "示东市监"],
    ["示范市城市管理综合行政执法局", "示城管"],
    ["示范市生态环境局", "示环"],
    ["示范省司法厅", "示司"],
    ["示范市交通运输局", "示交"],
    ["西城区城关镇人民政府", "西城关"],
  ])("%s → %s", (name, short) => {
    expect(agencyAbbreviation(name)).toBe(short);
  });
});
