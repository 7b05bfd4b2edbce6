import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ACTION_TYPES, AGENCY_LEVELS } from "./enums.ts";
import { GENERAL_PROCEDURE_PENALTY_RULE_ID, MAJOR_FLAGS, isMajor, validateCatalogRule } from "./major.ts";
import type { CatalogRule, DecisionDraft, MajorScope } from "./major.ts";

function rule(over: Partial<CatalogRule> & Pick<CatalogRule, "id">): CatalogRule {
  return { name: `规则 ${over.id}`, actionTypes: [], active: true, ...over };
}

/** A small catalog in the shape of 安徽 (004 四(二)) with amounts by level and domain. */
const CATALOG: CatalogRule[] = [
  rule({ id: "fine-county", name: "县级机关较大数额罚款", actionTypes: ["penalty"], agencyLevels: ["county", "township"], minAmount: 30000 }),
  rule({ id: "fine-city", name: "市级机关较大数额罚款", actionTypes: ["penalty"], agencyLevels: ["city"], minAmount: 50000 }),
  rule({ id: "eco-fine", name: "生态环境领域罚款", actionTypes: ["penalty"], domains: ["生态环境"], minAmount: 100000 }),
  rule({ id: "revoke", name: "吊销许可证件、责令停产停业", actionTypes: ["penalty"], penaltyKinds: ["吊销许可证件", "责令停产停业"] }),
  rule({ id: "hearing", name: "经过听证程序作出的决定", actionTypes: [], hearingHeld: true }),
  rule({ id: "public", name: "涉及重大公共利益或重大社会风险", actionTypes: [], flags: ["major_public_interest", "major_social_risk"] }),
  rule({ id: "old", name: "已停用的旧规则", actionTypes: ["penalty"], minAmount: 1, active: false }),
];

function draft(over: Partial<DecisionDraft> = {}): DecisionDraft {
  return { actionType: "penalty", agencyLevel: "county", procedure: "general", ...over };
}

describe("isMajor (R-REV-01, R-LIST-06)", () => {
  type Case = [string, DecisionDraft, MajorScope | undefined, string[]];
  const cases: Case[] = [
    ["a county fine at the threshold (inclusive)", draft({ amount: 30000 }), undefined, ["fine-county"]],
    ["a county fine one yuan below the threshold", draft({ amount: 29999 }), undefined, []],
    ["a city fine of 30000 below the city threshold", draft({ agencyLevel: "city", amount: 30000 }), undefined, []],
    ["a city fine at the city threshold", draft({ agencyLevel: "city", amount: 50000 }), undefined, ["fine-city"]],
    ["a province fine, no rule for that level", draft({ agencyLevel: "province", amount: 90000 }), undefined, []],
    ["a fine without a known amount", draft({}), undefined, []],
    ["an ecology fine hitting two rules", draft({ domain: "生态环境", amount: 100000 }), undefined, ["fine-county", "eco-fine"]],
    ["an ecology fine at city level below both thresholds", draft({ agencyLevel: "city", domain: "生态环境", amount: 40000 }), undefined, []],
    ["a permit of large amount (rule limited to penalties)", draft({ actionType: "permit", amount: 1_000_000 }), undefined, []],
    ["a licence revocation", draft({ measures: ["警告", "吊销许可证件"] }), undefined, ["revoke"]],
    ["a measure not in the catalog", draft({ measures: ["警告"] }), undefined, []],
    ["a coercion measure after a hearing", draft({ actionType: "coercion", hearingHeld: true }), undefined, ["hearing"]],
    ["a decision without a hearing", draft({ hearingHeld: false }), undefined, []],
    ["a permit touching major public interest", draft({ actionType: "permit", flags: ["major_public_interest"] }), undefined, ["public"]],
    ["an unrelated flag", draft({ flags: ["complex_legal_relations"] }), undefined, []],
    ["a small general-procedure fine under the 河北 scope", draft({ amount: 200 }), { allGeneralProcedurePenalties: true }, [GENERAL_PROCEDURE_PENALTY_RULE_ID]],
    ["a fine with unspecified procedure under the 河北 scope", draft({ amount: 200, procedure: undefined }), { allGeneralProcedurePenalties: true }, [GENERAL_PROCEDURE_PENALTY_RULE_ID]],
    ["a simple-procedure fine under the 河北 scope", draft({ amount: 200, procedure: "simple" }), { allGeneralProcedurePenalties: true }, []],
    ["a permit under the 河北 scope", draft({ actionType: "permit" }), { allGeneralProcedurePenalties: true }, []],
    ["a catalog match plus the 河北 scope", draft({ amount: 30000 }), { allGeneralProcedurePenalties: true }, ["fine-county", GENERAL_PROCEDURE_PENALTY_RULE_ID]],
    ["a small fine without the widening", draft({ amount: 200 }), { allGeneralProcedurePenalties: false }, []],
  ];

  it.each(cases)("classifies %s (R-REV-01)", (_what, d, scope, ids) => {
    const r = isMajor(d, CATALOG, scope);
    expect(r.matched.map((m) => m.ruleId)).toEqual(ids);
    expect(r.major).toBe(ids.length > 0);
  });

  it("never matches an inactive rule (R-LIST-06)", () => {
    const r = isMajor(draft({ amount: 5 }), CATALOG);
    expect(r).toEqual({ major: false, matched: [] });
  });

  it("explains an amount match and the scope filters (R-REV-01)", () => {
    expect(isMajor(draft({ amount: 50000 }), CATALOG).matched).toEqual([
      {
        ruleId: "fine-county",
        name: "县级机关较大数额罚款",
        because: ["执法行为类别为行政处罚", "执法机关层级为县级", "罚款金额 50000 元 ≥ 30000 元"],
      },
    ]);
  });

  it("explains a non-penalty amount as 涉案金额 (R-REV-01)", () => {
    const r = isMajor(draft({ actionType: "levy", amount: 8000 }), [rule({ id: "levy", actionTypes: ["levy"], minAmount: 5000 })]);
    expect(r.matched[0]?.because).toEqual(["执法行为类别为行政征收", "涉案金额 8000 元 ≥ 5000 元"]);
  });

  it("explains hearing, measures, domain and flags (R-REV-01)", () => {
    const all = rule({
      id: "all",
      domains: ["市场监管"],
      penaltyKinds: ["吊销许可证件", "没收较大数额违法所得"],
      hearingHeld: true,
      flags: ["third_party_major_rights", "custom_flag"],
    });
    const r = isMajor(
      draft({ domain: " 市场监管 ", measures: ["吊销许可证件"], hearingHeld: true, flags: ["custom_flag", "third_party_major_rights"] }),
      [all],
    );
    expect(r.matched).toEqual([
      {
        ruleId: "all",
        name: "规则 all",
        because: ["执法领域为市场监管", "处理措施包含吊销许可证件", "已举行听证", "直接关系行政相对人或者第三人重大权益", "具有“custom_flag”情形"],
      },
    ]);
  });

  it("requires ALL specified conditions of a rule (R-LIST-06)", () => {
    const both = rule({ id: "both", actionTypes: ["penalty"], minAmount: 10000, hearingHeld: true });
    expect(isMajor(draft({ amount: 20000 }), [both]).major).toBe(false);
    expect(isMajor(draft({ hearingHeld: true }), [both]).major).toBe(false);
    expect(isMajor(draft({ amount: 20000, hearingHeld: true }), [both]).matched.map((m) => m.ruleId)).toEqual(["both"]);
  });

  it("explains the widened scope (R-REV-01 河北)", () => {
    expect(isMajor(draft(), [], { allGeneralProcedurePenalties: true }).matched).toEqual([
      {
        ruleId: "scope:general_procedure_penalty",
        name: "适用一般程序的行政处罚决定（本地区扩大法制审核范围）",
        because: ["行政处罚适用一般程序", "本地区规定适用一般程序的行政处罚决定均须法制审核"],
      },
    ]);
  });

  // --- properties ---------------------------------------------------------------------

  const domain = fc.constantFrom("市场监管", "生态环境", "交通运输");
  const measure = fc.constantFrom("警告", "吊销许可证件", "责令停产停业", "较大数额罚款");
  const flag = fc.constantFrom(...MAJOR_FLAGS);
  const arbRule: fc.Arbitrary<CatalogRule> = fc.record(
    {
      id: fc.stringMatching(/^r[0-9]{1,3}$/),
      name: fc.constant("规则"),
      actionTypes: fc.subarray([...ACTION_TYPES], { maxLength: 3 }),
      agencyLevels: fc.subarray([...AGENCY_LEVELS]),
      domains: fc.subarray(["市场监管", "生态环境", "交通运输"]),
      minAmount: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
      penaltyKinds: fc.subarray(["吊销许可证件", "责令停产停业", "较大数额罚款"]),
      hearingHeld: fc.boolean(),
      flags: fc.subarray([...MAJOR_FLAGS]),
      active: fc.boolean(),
    },
    { requiredKeys: ["id", "name", "actionTypes", "active"] },
  );
  const arbDraft: fc.Arbitrary<DecisionDraft> = fc.record(
    {
      actionType: fc.constantFrom(...ACTION_TYPES),
      agencyLevel: fc.constantFrom(...AGENCY_LEVELS),
      domain,
      amount: fc.integer({ min: 0, max: 300_000 }),
      measures: fc.array(measure, { maxLength: 2 }),
      hearingHeld: fc.boolean(),
      flags: fc.array(flag, { maxLength: 2 }),
      procedure: fc.constantFrom("general" as const, "simple" as const),
    },
    { requiredKeys: ["actionType", "agencyLevel"] },
  );
  const arbScope = fc.option(fc.record({ allGeneralProcedurePenalties: fc.boolean() }), { nil: undefined });

  it("adding an inactive rule never changes the result (property, R-LIST-06)", () => {
    fc.assert(
      fc.property(arbDraft, fc.array(arbRule, { maxLength: 5 }), arbRule, fc.nat(5), arbScope, (d, rules, extra, at, scope) => {
        const inactive = { ...extra, active: false };
        const withIt = [...rules.slice(0, at), inactive, ...rules.slice(at)];
        expect(isMajor(d, withIt, scope)).toEqual(isMajor(d, rules, scope));
      }),
      { numRuns: 500 },
    );
  });

  it("matches only active catalog rules, in catalog order, each with reasons (property, R-REV-01)", () => {
    fc.assert(
      fc.property(arbDraft, fc.array(arbRule, { maxLength: 6 }), arbScope, (d, rules, scope) => {
        const r = isMajor(d, rules, scope);
        expect(r.major).toBe(r.matched.length > 0);
        const catalogIds = r.matched.filter((m) => m.ruleId !== GENERAL_PROCEDURE_PENALTY_RULE_ID).map((m) => m.ruleId);
        const activeIds = rules.filter((x) => x.active).map((x) => x.id);
        let cursor = 0;
        for (const id of catalogIds) {
          const next = activeIds.indexOf(id, cursor);
          expect(next).toBeGreaterThanOrEqual(cursor);
          cursor = next + 1;
        }
        for (const m of r.matched) expect(m.because.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("the widening never catches simple procedure and never removes a catalog match (property, R-REV-01)", () => {
    fc.assert(
      fc.property(arbDraft, fc.array(arbRule, { maxLength: 5 }), (d, rules) => {
        const narrow = isMajor(d, rules);
        const wide = isMajor(d, rules, { allGeneralProcedurePenalties: true });
        expect(wide.matched.slice(0, narrow.matched.length)).toEqual(narrow.matched);
        const widened = wide.matched.some((m) => m.ruleId === GENERAL_PROCEDURE_PENALTY_RULE_ID);
        expect(widened).toBe(d.actionType === "penalty" && d.procedure !== "simple");
      }),
      { numRuns: 500 },
    );
  });

  it("raising a draft's amount never removes a match (property, R-REV-01)", () => {
    fc.assert(
      fc.property(arbDraft, fc.array(arbRule, { maxLength: 5 }), fc.integer({ min: 0, max: 100_000 }), (d, rules, more) => {
        const before = isMajor(d, rules).matched.map((m) => m.ruleId);
        const after = isMajor({ ...d, amount: (d.amount ?? 0) + more }, rules).matched.map((m) => m.ruleId);
        for (const id of before) expect(after).toContain(id);
      }),
      { numRuns: 500 },
    );
  });
});

describe("validateCatalogRule (R-LIST-06)", () => {
  type Case = [string, CatalogRule, string[]];
  const cases: Case[] = [
    ["a sound amount rule", rule({ id: "ok", actionTypes: ["penalty"], minAmount: 30000 }), []],
    ["a hearing-only rule", rule({ id: "h", hearingHeld: true }), []],
    ["a zero threshold (any known amount)", rule({ id: "z", actionTypes: ["penalty"], minAmount: 0 }), []],
    ["an action-type-only rule", rule({ id: "t", actionTypes: ["requisition"] }), []],
    ["a level-only rule", rule({ id: "l", agencyLevels: ["province"] }), []],
    ["a negative amount", rule({ id: "neg", actionTypes: ["penalty"], minAmount: -1 }), ["涉案金额门槛不能为负数（当前为 -1 元）"]],
    ["an infinite amount", rule({ id: "inf", actionTypes: ["penalty"], minAmount: Number.POSITIVE_INFINITY }), ["涉案金额门槛必须是有限数值"]],
    ["a NaN amount", rule({ id: "nan", actionTypes: ["penalty"], minAmount: Number.NaN }), ["涉案金额门槛必须是有限数值"]],
    [
      "a rule with no condition at all",
      rule({ id: "all" }),
      ["规则未设置任何限定条件，将使所有执法决定都成为重大执法决定，不予保存"],
    ],
    [
      "a rule whose lists cover everything",
      rule({ id: "all2", actionTypes: [...ACTION_TYPES], agencyLevels: [...AGENCY_LEVELS], domains: [], penaltyKinds: [], flags: [], hearingHeld: false, minAmount: null }),
      ["规则未设置任何限定条件，将使所有执法决定都成为重大执法决定，不予保存"],
    ],
    ["an empty id and name", rule({ id: " ", name: "", hearingHeld: true }), ["规则编号不能为空", "规则名称不能为空"]],
    [
      "unknown action type and level",
      { ...rule({ id: "u", hearingHeld: true }), actionTypes: ["fine"], agencyLevels: ["national"] } as unknown as CatalogRule,
      ["执法行为类别无效：fine", "执法机关层级无效：national"],
    ],
    [
      "blank list entries",
      rule({ id: "b", actionTypes: ["penalty"], domains: [" "], penaltyKinds: [""], flags: [""] }),
      ["执法领域不能为空白", "处理措施种类不能为空白", "重大情形标识不能为空白"],
    ],
  ];

  it.each(cases)("validates %s (R-LIST-06)", (_what, r, problems) => {
    expect(validateCatalogRule(r)).toEqual(problems);
  });

  it("a rule it accepts never makes every decision major (property, R-LIST-06)", () => {
    const arbValid = fc.record(
      {
        id: fc.constant("r"),
        name: fc.constant("规则"),
        actionTypes: fc.subarray([...ACTION_TYPES]),
        agencyLevels: fc.subarray([...AGENCY_LEVELS]),
        domains: fc.subarray(["市场监管"]),
        minAmount: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
        penaltyKinds: fc.subarray(["吊销许可证件"]),
        hearingHeld: fc.boolean(),
        flags: fc.subarray(["major_public_interest"]),
        active: fc.constant(true),
      },
      { requiredKeys: ["id", "name", "actionTypes", "active"] },
    );
    fc.assert(
      fc.property(arbValid, (r) => {
        if (validateCatalogRule(r).length > 0) return;
        // Some draft escapes the rule: try the "least major" draft of every type and level.
        const escapes = ACTION_TYPES.some((t) =>
          AGENCY_LEVELS.some((l) => !isMajor({ actionType: t, agencyLevel: l, domain: "其他" }, [r]).major),
        );
        expect(escapes).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
