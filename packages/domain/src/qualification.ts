/**
 * Officer qualification (R-LIST-11) and the two-officer rule for investigation and
 * evidence collection (R-CASE-03). Pure rules: no I/O, no clock — the caller passes the
 * date of the act.
 *
 * R-LIST-11: no certificate, an expired certificate, or a category/region outside the
 * certificate → the officer may not act (一律不得从事执法活动). Training hours per year
 * (河北: ≥40 学时) and the annual check (年检) are recorded and, when a deployment's policy
 * says so, enforced.
 */
import { ACTION_TYPE_LABELS } from "./enums.ts";
import type { ActionType } from "./enums.ts";

export type CertificateStatus = "valid" | "suspended" | "revoked" | "lost";

export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: "有效",
  suspended: "暂扣",
  revoked: "吊销",
  lost: "挂失",
};

/** 行政执法证件. */
export interface Certificate {
  /** 执法证号. */
  number: string;
  /** 执法类别 the certificate covers. */
  categories: ActionType[];
  /**
   * 6-digit 行政区划代码 of the areas it covers. A code covers itself and every code below
   * it (see {@link regionCovers}).
   */
  regionCodes: string[];
  /** ISO YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** ISO YYYY-MM-DD, inclusive. */
  validTo: string;
  status: CertificateStatus;
}

export interface OfficerQualification {
  officerId: string;
  name: string;
  /** false: the officer has left enforcement duty (调离、退休、停职…). */
  active: boolean;
  certificates: Certificate[];
  /** 年检 results per calendar year. */
  annualChecks?: { year: number; passed: boolean }[];
  /** 培训学时 per calendar year. */
  trainingHours?: { year: number; hours: number }[];
}

/** Deployment policy on top of the certificate itself (configurable per R-LIST-11). */
export interface QualificationPolicy {
  /** The previous calendar year's annual check (年检) must be on record and passed. */
  requireAnnualCheck?: boolean;
  /** Minimum training hours (学时) in the previous calendar year; 河北: 40. */
  minTrainingHours?: number;
}

/** Stable ids of the reasons an officer may not act. */
export type QualificationCode =
  | "officer_inactive"
  | "no_certificate"
  | "category_not_covered"
  | "region_not_covered"
  | "certificate_revoked"
  | "certificate_lost"
  | "certificate_suspended"
  | "certificate_not_yet_valid"
  | "certificate_expired"
  | "annual_check_failed"
  | "annual_check_missing"
  | "training_insufficient";

export type MayActResult =
  | { ok: true; certificate: Certificate }
  | { ok: false; code: QualificationCode; reason: string };

// ---------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------

const REGION_CODE = /^\d{6}$/;

/** 直辖市 (Beijing, Tianjin, Shanghai, Chongqing): province-level, no real prefecture level. */
const MUNICIPALITY_PREFIXES: ReadonlySet<string> = new Set(["11", "12", "31", "50"]);

/**
 * Municipalities have pseudo-prefecture codes ("110100" 市辖区, "110200" 县, "500200" 县)
 * that are not an administrative level of their own: the whole municipality is the
 * prefecture. Such codes are read as the municipality itself, so a certificate coded
 * "110100" covers every district of Beijing and "110101" is covered by "110000".
 */
function normaliseRegion(code: string): string {
  const prefix = code.slice(0, 2);
  if (MUNICIPALITY_PREFIXES.has(prefix) && code.endsWith("00") && !code.endsWith("0000")) {
    return `${prefix}0000`;
  }
  return code;
}

/** True for a well-formed 6-digit 行政区划代码. */
export function isRegionCode(code: string): boolean {
  return REGION_CODE.test(code);
}

/**
 * Does a certificate issued for `certRegion` cover an act in `target`?
 *
 * - "xx0000" (province / 直辖市) covers every code starting with "xx";
 * - "xxyy00" (prefecture-level city, 自治州, 省直辖县级行政区划 group "xx90") covers every
 *   code starting with "xxyy";
 * - any other code (county, district, county-level city) covers only itself;
 * - 直辖市 pseudo-prefecture codes ("110100", "110200", "500200"…) stand for the whole
 *   municipality (see {@link normaliseRegion});
 * - malformed codes (not exactly six digits) cover nothing and are covered by nothing.
 *
 * The relation is reflexive and transitive on well-formed codes.
 */
export function regionCovers(certRegion: string, target: string): boolean {
  if (!isRegionCode(certRegion) || !isRegionCode(target)) return false;
  const cert = normaliseRegion(certRegion);
  const t = normaliseRegion(target);
  if (cert === t) return true;
  if (cert.endsWith("0000")) return t.startsWith(cert.slice(0, 2));
  if (cert.endsWith("00")) return t.startsWith(cert.slice(0, 4));
  return false;
}

// ---------------------------------------------------------------------------------------
// One officer
// ---------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoDay(date: string): string {
  const day = date.slice(0, 10);
  const m = ISO_DATE.exec(day);
  if (!m) throw new RangeError(`Invalid ISO date: ${date}`);
  const month = Number(m[2]);
  const dom = Number(m[3]);
  if (month < 1 || month > 12 || dom < 1 || dom > 31) throw new RangeError(`Invalid ISO date: ${date}`);
  return day;
}

/**
 * Certificate checks, in the order they are applied to each certificate. A certificate's
 * "stage" is the index of the first check it fails (CERT_STAGES.length when it passes).
 * Relevance to this act (category, region) comes first so that, when no certificate
 * qualifies, the certificate that is actually meant for this kind of act in this place is
 * the one whose problem is reported (see {@link mayAct}).
 */
const CERT_STAGES = ["category", "region", "status", "validity"] as const;
type CertStage = (typeof CERT_STAGES)[number];

type CertFailure = {
  stage: CertStage;
  code: QualificationCode;
  certificate: Certificate;
};

function evaluateCertificate(
  cert: Certificate,
  actionType: ActionType,
  regionCode: string,
  day: string,
): CertFailure | null {
  if (!cert.categories.includes(actionType)) {
    return { stage: "category", code: "category_not_covered", certificate: cert };
  }
  if (!cert.regionCodes.some((r) => regionCovers(r, regionCode))) {
    return { stage: "region", code: "region_not_covered", certificate: cert };
  }
  switch (cert.status) {
    case "revoked":
      return { stage: "status", code: "certificate_revoked", certificate: cert };
    case "lost":
      return { stage: "status", code: "certificate_lost", certificate: cert };
    case "suspended":
      return { stage: "status", code: "certificate_suspended", certificate: cert };
    case "valid":
      break;
  }
  if (day < cert.validFrom.slice(0, 10)) {
    return { stage: "validity", code: "certificate_not_yet_valid", certificate: cert };
  }
  if (day > cert.validTo.slice(0, 10)) {
    return { stage: "validity", code: "certificate_expired", certificate: cert };
  }
  return null;
}

function certNumbers(failures: CertFailure[]): string {
  return failures.map((f) => f.certificate.number).join("、");
}

function certificateReason(officer: OfficerQualification, failures: CertFailure[], actionType: ActionType, regionCode: string): string {
  const first = failures[0];
  if (!first) return `${officer.name}未取得行政执法证件，不得从事执法活动`;
  const label = ACTION_TYPE_LABELS[actionType];
  const c = first.certificate;
  const one = failures.length === 1;
  switch (first.code) {
    case "category_not_covered":
      return one
        ? `${officer.name}的执法证（编号 ${c.number}）执法类别不含${label}，不得从事${label}执法活动`
        : `${officer.name}持有的执法证（编号 ${certNumbers(failures)}）执法类别均不含${label}，不得从事${label}执法活动`;
    case "region_not_covered":
      return one
        ? `${officer.name}的执法证（编号 ${c.number}）执法区域（${c.regionCodes.join("、") || "无"}）不含 ${regionCode}，不得在该区域从事执法活动`
        : `${officer.name}持有的执法证（编号 ${certNumbers(failures)}）执法区域均不含 ${regionCode}，不得在该区域从事执法活动`;
    case "certificate_revoked":
      return `${officer.name}的执法证（编号 ${c.number}）已被吊销，不得从事执法活动`;
    case "certificate_lost":
      return `${officer.name}的执法证（编号 ${c.number}）已挂失，不得从事执法活动`;
    case "certificate_suspended":
      return `${officer.name}的执法证（编号 ${c.number}）已被暂扣，不得从事执法活动`;
    case "certificate_not_yet_valid":
      return `${officer.name}的执法证（编号 ${c.number}）自 ${c.validFrom.slice(0, 10)} 起生效，尚未生效，不得从事执法活动`;
    case "certificate_expired":
      return `${officer.name}的执法证（编号 ${c.number}）已于 ${c.validTo.slice(0, 10)} 过期，不得从事执法活动`;
    default:
      return `${officer.name}不具备执法资格，不得从事执法活动`;
  }
}

/**
 * Was the officer in enforcement service in `year`, i.e. did they hold a certificate
 * issued on or before the end of that year? Officers certified later owe no annual check
 * or training record for that year.
 */
function heldCertificateIn(officer: OfficerQualification, year: number): boolean {
  const end = `${String(year).padStart(4, "0")}-12-31`;
  return officer.certificates.some((c) => c.validFrom.slice(0, 10) <= end);
}

/**
 * May `officer` perform an act of `actionType` in `regionCode` on `date` (ISO
 * YYYY-MM-DD; a longer ISO timestamp is cut to its date)? R-LIST-11.
 *
 * Succeeds when at least one certificate covers the category and the region, has status
 * "valid" and `date` lies within [validFrom, validTo] (both inclusive); the first such
 * certificate in list order is returned — provided the officer-level checks pass too.
 *
 * Precedence of refusals (the first that applies is reported):
 * 1. `officer_inactive` — the officer is not on enforcement duty; nothing else matters.
 * 2. Certificate problems, when no certificate qualifies:
 *    - `no_certificate` when the officer holds none;
 *    - otherwise each certificate is checked in the order category → region → status →
 *      validity, and the certificate that gets furthest is reported, because it is the
 *      one meant for this act: `certificate_expired` / `certificate_not_yet_valid`
 *      (right category and region, status valid, wrong dates) before
 *      `certificate_revoked` / `certificate_lost` / `certificate_suspended` (right
 *      category and region) before `region_not_covered` (right category) before
 *      `category_not_covered`. Ties go to the first certificate in list order; the
 *      category/region reasons name every certificate that failed there.
 * 3. Policy checks on the previous calendar year (year of `date` − 1), only when the
 *    policy asks for them and only if the officer held a certificate in that year:
 *    `annual_check_failed` (a failed 年检 on record) / `annual_check_missing` (no record),
 *    then `training_insufficient` (recorded hours, or 0 when none, below
 *    `minTrainingHours`).
 *
 * Throws RangeError when `date` is not an ISO date.
 */
export function mayAct(
  officer: OfficerQualification,
  actionType: ActionType,
  regionCode: string,
  date: string,
  policy?: QualificationPolicy,
): MayActResult {
  const day = isoDay(date);

  if (!officer.active) {
    return {
      ok: false,
      code: "officer_inactive",
      reason: `${officer.name}已不在执法岗位（人员状态为停用），不得从事执法活动`,
    };
  }

  if (officer.certificates.length === 0) {
    return { ok: false, code: "no_certificate", reason: certificateReason(officer, [], actionType, regionCode) };
  }

  let qualifying: Certificate | null = null;
  let best: CertFailure[] = [];
  let bestStage = -1;
  for (const cert of officer.certificates) {
    const failure = evaluateCertificate(cert, actionType, regionCode, day);
    if (failure === null) {
      qualifying = cert;
      break;
    }
    const stage = CERT_STAGES.indexOf(failure.stage);
    if (stage > bestStage) {
      bestStage = stage;
      best = [failure];
    } else if (stage === bestStage) {
      best.push(failure);
    }
  }

  if (qualifying === null) {
    const first = best[0];
    // `best` is non-empty here: there is at least one certificate and none qualified.
    const code: QualificationCode = first ? first.code : "no_certificate";
    return { ok: false, code, reason: certificateReason(officer, best, actionType, regionCode) };
  }

  const prevYear = Number(day.slice(0, 4)) - 1;
  const owesRecords = heldCertificateIn(officer, prevYear);

  if (policy?.requireAnnualCheck && owesRecords) {
    const checks = (officer.annualChecks ?? []).filter((c) => c.year === prevYear);
    if (checks.some((c) => !c.passed)) {
      return {
        ok: false,
        code: "annual_check_failed",
        reason: `${officer.name} ${prevYear} 年度执法证年检未通过，不得从事执法活动`,
      };
    }
    if (checks.length === 0) {
      return {
        ok: false,
        code: "annual_check_missing",
        reason: `${officer.name}无 ${prevYear} 年度执法证年检记录，不得从事执法活动`,
      };
    }
  }

  const minHours = policy?.minTrainingHours;
  if (minHours !== undefined && minHours > 0 && owesRecords) {
    const hours = (officer.trainingHours ?? [])
      .filter((t) => t.year === prevYear)
      .reduce((sum, t) => sum + t.hours, 0);
    if (!(hours >= minHours)) {
      return {
        ok: false,
        code: "training_insufficient",
        reason: `${officer.name} ${prevYear} 年度培训学时为 ${hours} 学时，低于每年 ${minHours} 学时的要求，不得从事执法活动`,
      };
    }
  }

  return { ok: true, certificate: qualifying };
}

// ---------------------------------------------------------------------------------------
// A team (R-CASE-03)
// ---------------------------------------------------------------------------------------

export interface TeamProblem {
  officerId: string;
  code: QualificationCode | "duplicate_officer";
  reason: string;
}

export type TeamCode = "team_too_small" | "member_not_qualified";

export interface TeamCheckResult {
  ok: boolean;
  /** officerIds of distinct qualified members, in input order. */
  qualified: string[];
  problems: TeamProblem[];
  code?: TeamCode;
  reason?: string;
}

/** Minimum number of qualified officers in investigation and evidence collection. */
export const MIN_TEAM_SIZE = 2;

/**
 * R-CASE-03: investigation and evidence collection need at least two qualified officers,
 * and every officer on the team must pass {@link mayAct} for the case's category and
 * region (R-LIST-11: an unqualified officer may not act at all).
 *
 * - `qualified`: distinct officerIds that pass, in input order;
 * - `problems`: one entry per member that fails (its mayAct code and reason), plus
 *   `duplicate_officer` for an officer listed more than once (the same person does not
 *   count twice);
 * - `ok` is true only when there are ≥2 qualified officers AND no member failed;
 * - `code`: `team_too_small` when fewer than two qualify (takes precedence), otherwise
 *   `member_not_qualified` when some member failed; absent when ok.
 */
export function checkTeam(
  officers: OfficerQualification[],
  actionType: ActionType,
  regionCode: string,
  date: string,
  policy?: QualificationPolicy,
): TeamCheckResult {
  const qualified: string[] = [];
  const qualifiedNames: string[] = [];
  const problems: TeamProblem[] = [];
  const seen = new Set<string>();

  for (const officer of officers) {
    if (seen.has(officer.officerId)) {
      problems.push({
        officerId: officer.officerId,
        code: "duplicate_officer",
        reason: `${officer.name}在执法人员名单中重复出现，只计一人`,
      });
      continue;
    }
    seen.add(officer.officerId);
    const result = mayAct(officer, actionType, regionCode, date, policy);
    if (result.ok) {
      qualified.push(officer.officerId);
      qualifiedNames.push(officer.name);
    } else {
      problems.push({ officerId: officer.officerId, code: result.code, reason: result.reason });
    }
  }

  if (qualified.length < MIN_TEAM_SIZE) {
    const who = qualifiedNames.length > 0 ? `（${qualifiedNames.join("、")}）` : "";
    return {
      ok: false,
      qualified,
      problems,
      code: "team_too_small",
      reason: `调查取证须由至少 ${MIN_TEAM_SIZE} 名具备执法资格的执法人员进行，当前仅 ${qualified.length} 名符合条件${who}`,
    };
  }
  const unqualified = problems.filter((p) => p.code !== "duplicate_officer");
  if (unqualified.length > 0) {
    return {
      ok: false,
      qualified,
      problems,
      code: "member_not_qualified",
      reason: `执法人员中有 ${unqualified.length} 名不具备执法资格，不得参与调查取证：${unqualified.map((p) => p.reason).join("；")}`,
    };
  }
  return { ok: true, qualified, problems };
}
