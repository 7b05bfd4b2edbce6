import { addCalendarDays, CERTIFICATE_STATUS_LABELS, type QualificationPolicy } from "@zhifa/domain";
import type { AnnualRecord, OfficerRecord } from "./service.ts";

/**
 * 执法资格预警 (R-LIST-11): what an administrator should act on before an officer is refused
 * by `mayAct` — certificates expiring soon or already expired / not valid, and last year's
 * training hours or annual check missing.
 */
export type ReportIssueCode =
  | "certificate_not_valid"
  | "certificate_expired"
  | "certificate_expiring"
  | "training_insufficient"
  | "annual_check_failed"
  | "annual_check_missing";

export interface ReportIssue {
  code: ReportIssueCode;
  message: string;
  /** True when, under the deployment policy, this already stops the officer acting. */
  blocking: boolean;
}

export const EXPIRY_WARNING_DAYS = 90;

function daysBetween(from: string, to: string): number {
  const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/**
 * Issues of one officer on `asOf` (YYYY-MM-DD). Last year's records are owed only when the
 * officer held the certificate in that year (as `mayAct` reads them).
 */
export function qualificationIssues(
  officer: OfficerRecord,
  records: readonly AnnualRecord[],
  asOf: string,
  policy: QualificationPolicy,
  warnDays = EXPIRY_WARNING_DAYS,
): ReportIssue[] {
  const issues: ReportIssue[] = [];
  if (officer.certStatus !== "valid") {
    issues.push({ code: "certificate_not_valid", message: `执法证状态为“${CERTIFICATE_STATUS_LABELS[officer.certStatus]}”`, blocking: true });
  }
  if (officer.validTo < asOf) {
    issues.push({ code: "certificate_expired", message: `执法证已于 ${officer.validTo} 过期`, blocking: true });
  } else if (officer.validTo <= addCalendarDays(asOf, warnDays)) {
    const left = daysBetween(asOf, officer.validTo);
    issues.push({ code: "certificate_expiring", message: `执法证将于 ${officer.validTo} 到期（剩余 ${left} 天），请及时换证`, blocking: false });
  }

  const year = Number(asOf.slice(0, 4)) - 1;
  if (officer.validFrom > `${year}-12-31`) return issues;
  const ofYear = records.filter((r) => r.year === year);
  const minHours = policy.minTrainingHours ?? 0;
  const hours = ofYear.reduce((sum, r) => sum + r.trainingHours, 0);
  if (minHours > 0 && hours < minHours) {
    issues.push({ code: "training_insufficient", message: `${year} 年度培训学时 ${hours}，低于 ${minHours} 学时`, blocking: true });
  }
  const blockingCheck = !!policy.requireAnnualCheck;
  if (ofYear.some((r) => r.annualCheck === "failed")) {
    issues.push({ code: "annual_check_failed", message: `${year} 年度年检不合格`, blocking: blockingCheck });
  } else if (!ofYear.some((r) => r.annualCheck === "passed")) {
    issues.push({ code: "annual_check_missing", message: `无 ${year} 年度年检合格记录`, blocking: blockingCheck });
  }
  return issues;
}
