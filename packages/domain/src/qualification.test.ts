import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ACTION_TYPES } from "./enums.ts";
import type { ActionType } from "./enums.ts";
import { checkTeam, isRegionCode, mayAct, regionCovers } from "./qualification.ts";
import type { Certificate, OfficerQualification, QualificationPolicy } from "./qualification.ts";

function cert(over: Partial<Certificate> = {}): Certificate {
  return {
    number: "13010020190001",
    categories: ["penalty", "inspection"],
    regionCodes: ["130100"],
    validFrom: "2020-01-01",
    validTo: "2025-06-30",
    status: "valid",
    ...over,
  };
}

function officer(over: Partial<OfficerQualification> = {}): OfficerQualification {
  return {
    officerId: "o-1",
    name: "张三",
    active: true,
    certificates: [cert()],
    ...over,
  };
}

const HEBEI: QualificationPolicy = { requireAnnualCheck: true, minTrainingHours: 40 };

describe("regionCovers (R-LIST-11 region)", () => {
  it.each([
    ["130000", "130000", true, "a province covers itself"],
    ["130000", "130100", true, "a province covers its city"],
    ["130000", "130102", true, "a province covers its district"],
    ["130000", "140100", false, "a province does not cover another province"],
    ["130100", "130102", true, "a city covers its district"],
    ["130100", "130100", true, "a city covers itself"],
    ["130100", "130200", false, "a city does not cover a sibling city"],
    ["130100", "130202", false, "a city does not cover a sibling's district"],
    ["130100", "130000", false, "a city does not cover its province"],
    ["130102", "130102", true, "a district covers itself"],
    ["130102", "130104", false, "a district does not cover a sibling district"],
    ["130102", "130100", false, "a district does not cover its city"],
    ["110000", "110105", true, "直辖市 covers its districts"],
    ["110100", "110105", true, "直辖市 市辖区 pseudo-code stands for the whole municipality"],
    ["500100", "500229", true, "重庆 市辖区 code covers a 县 under 500200"],
    ["110100", "110000", true, "直辖市 pseudo-code and the municipality are the same area"],
    ["110105", "110000", false, "a municipal district does not cover the municipality"],
    ["110105", "110106", false, "a municipal district does not cover its sibling"],
    ["429000", "429004", true, "省直辖县级行政区划 group covers its members"],
    ["13010", "130102", false, "malformed certificate code covers nothing"],
    ["130100", "13010X", false, "malformed target is covered by nothing"],
    ["", "", false, "empty codes cover nothing"],
  ])("regionCovers(%s, %s) = %s: %s", (certRegion, target, expected) => {
    expect(regionCovers(certRegion, target)).toBe(expected);
  });

  // Codes from a small alphabet so that coverage relations are frequent.
  const code = fc
    .tuple(fc.constantFrom("11", "13", "50"), fc.constantFrom("00", "01", "02", "05"), fc.constantFrom("00", "01", "02"))
    .map(([p, c, d]) => `${p}${c}${d}`);

  it("is reflexive on well-formed codes (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), (c) => {
        expect(isRegionCode(c)).toBe(true);
        expect(regionCovers(c, c)).toBe(true);
      }),
    );
  });

  it("is transitive (property)", () => {
    fc.assert(
      fc.property(code, code, code, (a, b, c) => {
        if (regionCovers(a, b) && regionCovers(b, c)) expect(regionCovers(a, c)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("outside municipalities, coverage means the target shares the certificate's level prefix (property)", () => {
    const nonMunicipal = fc
      .tuple(fc.constantFrom("13", "14", "42"), fc.constantFrom("00", "01", "02", "90"), fc.constantFrom("00", "01", "04"))
      .map(([p, c, d]) => `${p}${c}${d}`);
    fc.assert(
      fc.property(nonMunicipal, nonMunicipal, (a, b) => {
        const prefix = a.endsWith("0000") ? a.slice(0, 2) : a.endsWith("00") ? a.slice(0, 4) : a;
        expect(regionCovers(a, b)).toBe(b.startsWith(prefix));
      }),
    );
  });
});

describe("mayAct (R-LIST-11)", () => {
  type Case = [string, OfficerQualification, ActionType, string, string, QualificationPolicy | undefined, string];
  const refusals: Case[] = [
    ["an inactive officer", officer({ active: false }), "penalty", "130102", "2024-05-01", undefined, "officer_inactive"],
    ["an officer without a certificate", officer({ certificates: [] }), "penalty", "130102", "2024-05-01", undefined, "no_certificate"],
    ["an expired certificate", officer(), "penalty", "130102", "2025-07-01", undefined, "certificate_expired"],
    [
      "a certificate not yet valid",
      officer({ certificates: [cert({ validFrom: "2024-06-01" })] }),
      "penalty",
      "130102",
      "2024-05-31",
      undefined,
      "certificate_not_yet_valid",
    ],
    ["a suspended certificate", officer({ certificates: [cert({ status: "suspended" })] }), "penalty", "130102", "2024-05-01", undefined, "certificate_suspended"],
    ["a revoked certificate", officer({ certificates: [cert({ status: "revoked" })] }), "penalty", "130102", "2024-05-01", undefined, "certificate_revoked"],
    ["a lost certificate", officer({ certificates: [cert({ status: "lost" })] }), "penalty", "130102", "2024-05-01", undefined, "certificate_lost"],
    ["a category outside the certificate", officer(), "coercion", "130102", "2024-05-01", undefined, "category_not_covered"],
    ["a region outside the certificate", officer(), "penalty", "130202", "2024-05-01", undefined, "region_not_covered"],
    [
      "a failed annual check of the previous year",
      officer({ annualChecks: [{ year: 2023, passed: false }], trainingHours: [{ year: 2023, hours: 48 }] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "annual_check_failed",
    ],
    [
      "a missing annual check of the previous year",
      officer({ trainingHours: [{ year: 2023, hours: 48 }] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "annual_check_missing",
    ],
    [
      "fewer than 40 training hours in the previous year (河北)",
      officer({ annualChecks: [{ year: 2023, passed: true }], trainingHours: [{ year: 2023, hours: 39.5 }] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "training_insufficient",
    ],
    [
      "no training record in the previous year (河北)",
      officer({ annualChecks: [{ year: 2023, passed: true }], trainingHours: [{ year: 2022, hours: 60 }] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "training_insufficient",
    ],
  ];

  it.each(refusals)("refuses %s (R-LIST-11)", (_what, o, actionType, region, date, policy, code) => {
    const r = mayAct(o, actionType, region, date, policy);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason).toContain(o.name);
      expect(r.reason).toMatch(/不得/);
    }
  });

  type OkCase = [string, OfficerQualification, ActionType, string, string, QualificationPolicy | undefined, string];
  const allowed: OkCase[] = [
    ["on the first day of validity", officer(), "penalty", "130102", "2020-01-01", undefined, "13010020190001"],
    ["on the last day of validity", officer(), "penalty", "130102", "2025-06-30", undefined, "13010020190001"],
    ["a timestamp is read as its date", officer(), "penalty", "130102", "2025-06-30T23:59:59+08:00", undefined, "13010020190001"],
    ["in the certificate's own city", officer(), "inspection", "130100", "2024-05-01", undefined, "13010020190001"],
    [
      "with a second certificate that qualifies when the first does not",
      officer({ certificates: [cert({ number: "A", status: "revoked" }), cert({ number: "B", categories: ["coercion"], regionCodes: ["130000"] })] }),
      "coercion",
      "130202",
      "2024-05-01",
      undefined,
      "B",
    ],
    [
      "the first qualifying certificate in list order",
      officer({ certificates: [cert({ number: "A" }), cert({ number: "B" })] }),
      "penalty",
      "130102",
      "2024-05-01",
      undefined,
      "A",
    ],
    [
      "with a passed annual check and 40 training hours (河北)",
      officer({ annualChecks: [{ year: 2023, passed: true }], trainingHours: [{ year: 2023, hours: 40 }] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "13010020190001",
    ],
    [
      "training hours recorded in several entries are summed",
      officer({
        annualChecks: [{ year: 2023, passed: true }],
        trainingHours: [
          { year: 2023, hours: 24 },
          { year: 2023, hours: 16 },
        ],
      }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "13010020190001",
    ],
    [
      "a newly certified officer owes no records for the year before certification",
      officer({ certificates: [cert({ validFrom: "2024-03-01", validTo: "2029-02-28" })] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
      "13010020190001",
    ],
    [
      "a failed annual check is not enforced without the policy",
      officer({ annualChecks: [{ year: 2023, passed: false }] }),
      "penalty",
      "130102",
      "2024-05-01",
      undefined,
      "13010020190001",
    ],
  ];

  it.each(allowed)("allows an officer %s (R-LIST-11)", (_what, o, actionType, region, date, policy, number) => {
    const r = mayAct(o, actionType, region, date, policy);
    expect(r).toEqual({ ok: true, certificate: expect.objectContaining({ number }) });
  });

  it("names the officer, the certificate and the expiry date (R-LIST-11)", () => {
    const r = mayAct(officer(), "penalty", "130102", "2025-07-01");
    expect(r).toEqual({
      ok: false,
      code: "certificate_expired",
      reason: "张三的执法证（编号 13010020190001）已于 2025-06-30 过期，不得从事执法活动",
    });
  });

  it("names the previous year and hours when training is insufficient (R-LIST-11 河北)", () => {
    const r = mayAct(
      officer({ annualChecks: [{ year: 2023, passed: true }], trainingHours: [{ year: 2023, hours: 32 }] }),
      "penalty",
      "130102",
      "2024-05-01",
      HEBEI,
    );
    expect(r).toEqual({
      ok: false,
      code: "training_insufficient",
      reason: "张三 2023 年度培训学时为 32 学时，低于每年 40 学时的要求，不得从事执法活动",
    });
  });

  // Precedence: inactive > certificate (validity > status > region > category) > annual check > training.
  type PrecedenceCase = [string, OfficerQualification, ActionType, string, QualificationPolicy | undefined, string, string | null];
  const precedence: PrecedenceCase[] = [
    ["inactive beats an expired certificate", officer({ active: false }), "penalty", "130102", undefined, "officer_inactive", null],
    [
      "the certificate meant for the act (expired) beats one for another category",
      officer({ certificates: [cert({ number: "OTHER", categories: ["permit"], validTo: "2030-12-31" }), cert({ number: "OLD" })] }),
      "penalty",
      "130102",
      undefined,
      "certificate_expired",
      "OLD",
    ],
    [
      "expired (right category and region) beats revoked (right category and region)",
      officer({ certificates: [cert({ number: "R", status: "revoked", validTo: "2030-12-31" }), cert({ number: "E" })] }),
      "penalty",
      "130102",
      undefined,
      "certificate_expired",
      "E",
    ],
    [
      "suspended (right category and region) beats wrong region",
      officer({ certificates: [cert({ number: "X", regionCodes: ["130200"], validTo: "2030-12-31" }), cert({ number: "S", status: "suspended", validTo: "2030-12-31" })] }),
      "penalty",
      "130102",
      undefined,
      "certificate_suspended",
      "S",
    ],
    [
      "wrong region (right category) beats wrong category",
      officer({ certificates: [cert({ number: "C", categories: ["permit"], validTo: "2030-12-31" }), cert({ number: "G", regionCodes: ["130200"], validTo: "2030-12-31" })] }),
      "penalty",
      "130102",
      undefined,
      "region_not_covered",
      "G",
    ],
    [
      "certificate problems beat a failed annual check",
      officer({ annualChecks: [{ year: 2024, passed: false }] }),
      "penalty",
      "130102",
      HEBEI,
      "certificate_expired",
      null,
    ],
    [
      "a failed annual check beats insufficient training",
      officer({ certificates: [cert({ validTo: "2030-12-31" })], annualChecks: [{ year: 2024, passed: false }], trainingHours: [{ year: 2024, hours: 0 }] }),
      "penalty",
      "130102",
      HEBEI,
      "annual_check_failed",
      null,
    ],
  ];

  it.each(precedence)("reports the most specific reason: %s (R-LIST-11)", (_what, o, actionType, region, policy, code, number) => {
    const r = mayAct(o, actionType, region, "2025-08-01", policy);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      if (number !== null) expect(r.reason).toContain(`编号 ${number}`);
    }
  });

  it("names every certificate when all miss the category (R-LIST-11)", () => {
    const r = mayAct(
      officer({ certificates: [cert({ number: "A", categories: ["permit"] }), cert({ number: "B", categories: ["inspection"] })] }),
      "penalty",
      "130102",
      "2024-05-01",
    );
    expect(r).toEqual({
      ok: false,
      code: "category_not_covered",
      reason: "张三持有的执法证（编号 A、B）执法类别均不含行政处罚，不得从事行政处罚执法活动",
    });
  });

  it("rejects a malformed date", () => {
    expect(() => mayAct(officer(), "penalty", "130102", "01/05/2024")).toThrow(RangeError);
    expect(() => mayAct(officer(), "penalty", "130102", "2024-13-01")).toThrow(RangeError);
  });

  // --- properties ---------------------------------------------------------------------

  const day = fc.integer({ min: 0, max: 365 * 12 }).map((n) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const region = fc
    .tuple(fc.constantFrom("13", "14"), fc.constantFrom("00", "01", "02"), fc.constantFrom("00", "02", "04"))
    .map(([p, c, d]) => `${p}${c}${d}`);
  const arbCert: fc.Arbitrary<Certificate> = fc
    .record({
      number: fc.stringMatching(/^[0-9]{4}$/),
      categories: fc.subarray([...ACTION_TYPES]),
      regionCodes: fc.array(region, { maxLength: 2 }),
      from: day,
      to: day,
      status: fc.constantFrom("valid", "valid", "suspended", "revoked", "lost"),
    })
    .map(({ from, to, ...rest }) => ({ ...rest, validFrom: from < to ? from : to, validTo: from < to ? to : from }));
  const arbOfficer: fc.Arbitrary<OfficerQualification> = fc.record({
    officerId: fc.constantFrom("o-1", "o-2", "o-3", "o-4"),
    name: fc.constantFrom("张三", "李四", "王五"),
    active: fc.boolean(),
    certificates: fc.array(arbCert, { maxLength: 3 }),
    annualChecks: fc.array(fc.record({ year: fc.integer({ min: 2017, max: 2030 }), passed: fc.boolean() }), { maxLength: 3 }),
    trainingHours: fc.array(fc.record({ year: fc.integer({ min: 2017, max: 2030 }), hours: fc.integer({ min: 0, max: 80 }) }), { maxLength: 3 }),
  });
  const arbPolicy = fc.option(fc.record({ requireAnnualCheck: fc.boolean(), minTrainingHours: fc.constantFrom(0, 20, 40) }), { nil: undefined });
  const arbType = fc.constantFrom(...ACTION_TYPES);

  it("a granted certificate really covers the act (property, R-LIST-11)", () => {
    fc.assert(
      fc.property(arbOfficer, arbType, region, day, arbPolicy, (o, t, r, d, p) => {
        const res = mayAct(o, t, r, d, p);
        if (res.ok) {
          expect(o.active).toBe(true);
          expect(o.certificates).toContain(res.certificate);
          expect(res.certificate.status).toBe("valid");
          expect(res.certificate.categories).toContain(t);
          expect(res.certificate.regionCodes.some((c) => regionCovers(c, r))).toBe(true);
          expect(res.certificate.validFrom <= d && d <= res.certificate.validTo).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("adding a certificate never takes a qualification away (property, R-LIST-11)", () => {
    fc.assert(
      fc.property(arbOfficer, arbCert, arbType, region, day, (o, extra, t, r, d) => {
        const before = mayAct(o, t, r, d);
        const after = mayAct({ ...o, certificates: [...o.certificates, extra] }, t, r, d);
        if (before.ok) expect(after).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it("with a policy, an extra certificate can only add the duty to show last year's records (property, R-LIST-11)", () => {
    fc.assert(
      fc.property(arbOfficer, arbCert, arbType, region, day, arbPolicy, (o, extra, t, r, d, p) => {
        const before = mayAct(o, t, r, d, p);
        const after = mayAct({ ...o, certificates: [...o.certificates, extra] }, t, r, d, p);
        if (before.ok && !after.ok) {
          expect(["annual_check_failed", "annual_check_missing", "training_insufficient"]).toContain(after.code);
          expect(extra.validFrom < d.slice(0, 4)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("checkTeam (R-CASE-03)", () => {
  const a = officer({ officerId: "a", name: "张三" });
  const b = officer({ officerId: "b", name: "李四" });
  const c = officer({ officerId: "c", name: "王五" });
  const expired = officer({ officerId: "x", name: "赵六", certificates: [cert({ validTo: "2023-12-31" })] });

  type TeamCase = [string, OfficerQualification[], boolean, string[], string | undefined, string[]];
  const cases: TeamCase[] = [
    ["two qualified officers", [a, b], true, ["a", "b"], undefined, []],
    ["three qualified officers", [a, b, c], true, ["a", "b", "c"], undefined, []],
    ["a single officer", [a], false, ["a"], "team_too_small", []],
    ["nobody", [], false, [], "team_too_small", []],
    ["one qualified and one expired", [a, expired], false, ["a"], "team_too_small", ["certificate_expired"]],
    ["the same officer listed twice", [a, a], false, ["a"], "team_too_small", ["duplicate_officer"]],
    ["two qualified plus an unqualified member", [a, b, expired], false, ["a", "b"], "member_not_qualified", ["certificate_expired"]],
  ];

  it.each(cases)("checks a team of %s (R-CASE-03)", (_what, team, ok, qualified, code, problemCodes) => {
    const r = checkTeam(team, "penalty", "130102", "2024-05-01");
    expect(r.ok).toBe(ok);
    expect(r.qualified).toEqual(qualified);
    expect(r.code).toBe(code);
    expect(r.problems.map((p) => p.code)).toEqual(problemCodes);
    if (ok) expect(r.reason).toBeUndefined();
    else expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it("explains a team that is too small (R-CASE-03)", () => {
    const r = checkTeam([a, expired], "penalty", "130102", "2024-05-01");
    expect(r.reason).toBe("调查取证须由至少 2 名具备执法资格的执法人员进行，当前仅 1 名符合条件（张三）");
    expect(r.problems).toEqual([
      { officerId: "x", code: "certificate_expired", reason: "赵六的执法证（编号 13010020190001）已于 2023-12-31 过期，不得从事执法活动" },
    ]);
  });

  it("applies the region of the case to every member (R-CASE-03)", () => {
    const other = officer({ officerId: "d", name: "孙七", certificates: [cert({ regionCodes: ["130200"] })] });
    const r = checkTeam([a, other], "penalty", "130102", "2024-05-01");
    expect(r.code).toBe("team_too_small");
    expect(r.problems).toEqual([expect.objectContaining({ officerId: "d", code: "region_not_covered" })]);
  });

  it("passes the policy on to every member (R-CASE-03, R-LIST-11 河北)", () => {
    const trained = { annualChecks: [{ year: 2023, passed: true }], trainingHours: [{ year: 2023, hours: 40 }] };
    const r = checkTeam([officer({ officerId: "a", ...trained }), officer({ officerId: "b", annualChecks: trained.annualChecks })], "penalty", "130102", "2024-05-01", HEBEI);
    expect(r.qualified).toEqual(["a"]);
    expect(r.problems.map((p) => p.code)).toEqual(["training_insufficient"]);
  });

  it("is ok exactly when ≥2 distinct officers qualify and no member fails (property)", () => {
    const member = fc.record({
      officerId: fc.constantFrom("a", "b", "c", "d"),
      name: fc.constant("某人"),
      active: fc.boolean(),
      certificates: fc.constantFrom<Certificate[]>([cert()], [], [cert({ status: "revoked" })], [cert({ regionCodes: ["130200"] })]),
    });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 5 }), (team) => {
        const r = checkTeam(team, "penalty", "130102", "2024-05-01");
        const firstById = new Map<string, OfficerQualification>();
        for (const o of team) if (!firstById.has(o.officerId)) firstById.set(o.officerId, o);
        const verdicts = [...firstById.values()].map((o) => mayAct(o, "penalty", "130102", "2024-05-01").ok);
        const good = verdicts.filter(Boolean).length;
        expect(r.qualified.length).toBe(good);
        expect(new Set(r.qualified).size).toBe(r.qualified.length);
        expect(r.ok).toBe(good >= 2 && verdicts.every(Boolean));
      }),
    );
  });
});
