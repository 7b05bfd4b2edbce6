// Publicity after the decision (事后公开): time limits (R-PUB-03, R-PUB-07), the traffic light of a
// pending publication or withdrawal, and the reasons a decision must not be published (R-PUB-05).
//
// Pure: dates are ISO calendar dates `YYYY-MM-DD` (Asia/Shanghai); working days come from the
// official calendar (`WorkingCalendar`, R-CASE-07). Every result that depended on a year whose
// State Council notice is not loaded carries `confirmed: false`.

import { assertIsoDate, type WorkingCalendar, type WorkingDayResult } from "./calendar.ts";
import type { ActionType } from "./enums.ts";
import { idNumberBirthDate } from "./redaction.ts";

/** R-PUB-03: 行政许可 and 行政处罚 decisions are published within 7 working days of the decision. */
export const FAST_PUBLICATION_WORKING_DAYS = 7;
/** R-PUB-03: the other action types within 20 working days. */
export const PUBLICATION_WORKING_DAYS = 20;
/** R-PUB-07: a revoked, illegal or invalid decision is taken down within 2 working days of the ruling. */
export const WITHDRAWAL_WORKING_DAYS = 2;
/** A pending publication or withdrawal is "due_soon" when its deadline is at most this many working days away. */
export const PUBLICITY_DUE_SOON_WORKING_DAYS = 2;

/** The time limit, in working days, to publish a decision of `actionType` (R-PUB-03). */
export function publicationLimit(actionType: ActionType): number {
  return actionType === "permit" || actionType === "penalty" ? FAST_PUBLICATION_WORKING_DAYS : PUBLICATION_WORKING_DAYS;
}

/**
 * The last day to publish a decision (R-PUB-03): 7 working days for 行政许可 (permit) and 行政处罚
 * (penalty), 20 for the other action types, counted from the decision date (the decision date itself
 * is not counted; holidays are skipped and 调休 working Saturdays/Sundays count).
 */
export function publicationDeadline(calendar: WorkingCalendar, decisionDate: string, actionType: ActionType): WorkingDayResult {
  assertIsoDate(decisionDate, "decision date");
  return calendar.addWorkingDays(decisionDate, publicationLimit(actionType));
}

/** The last day to withdraw a published decision: 2 working days after the ruling is recorded (R-PUB-07). */
export function withdrawalDeadline(calendar: WorkingCalendar, rulingDate: string): WorkingDayResult {
  assertIsoDate(rulingDate, "ruling date");
  return calendar.addWorkingDays(rulingDate, WITHDRAWAL_WORKING_DAYS);
}

export type PublicityLight = "normal" | "due_soon" | "overdue";

export const PUBLICITY_LIGHT_LABELS: Record<PublicityLight, string> = {
  normal: "正常",
  due_soon: "即将到期",
  overdue: "已超期",
};

/**
 * The light of a pending publication (R-PUB-03) or withdrawal (R-PUB-07) on `today`:
 * - "overdue" when `today` is after the deadline;
 * - "due_soon" when the deadline is today or at most 2 working days away (working days in
 *   (today, deadline], so on a Saturday before a Tuesday deadline two remain: Monday and Tuesday);
 * - "normal" otherwise, and once the task is done (`done`: published / withdrawn) — a done task no
 *   longer needs attention; whether it was done late is judged from its date, not from this light.
 */
export function publicityLight(today: string, deadline: string, calendar: WorkingCalendar, done: boolean): PublicityLight {
  assertIsoDate(today, "today");
  assertIsoDate(deadline, "deadline");
  if (done) return "normal";
  if (today > deadline) return "overdue";
  return calendar.workingDaysBetween(today, deadline).days <= PUBLICITY_DUE_SOON_WORKING_DAYS ? "due_soon" : "normal";
}

/** Why a decision is not published (R-PUB-05). */
export const EXCLUSION_REASONS = ["minor", "state_secret", "commercial_secret", "personal_privacy", "hinders_enforcement"] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  minor: "涉及未成年人",
  state_secret: "涉及国家秘密",
  commercial_secret: "涉及商业秘密",
  personal_privacy: "涉及个人隐私",
  hinders_enforcement: "公开后可能妨碍行政执法",
};

/** The 18th birthday of someone born on `birthDate`; born on 29 February → 1 March in a common year. */
export function eighteenthBirthday(birthDate: string): string {
  assertIsoDate(birthDate, "birth date");
  const year = Number(birthDate.slice(0, 4)) + 18;
  const md = birthDate.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return md === "02-29" && !leap ? `${String(year).padStart(4, "0")}-03-01` : `${String(year).padStart(4, "0")}-${md}`;
}

/**
 * Whether someone born on `birthDate` is a minor (未成年人) on `date`: under 18 周岁 — 民法典第十七条
 * (十八周岁以上的自然人为成年人) with 第一千二百五十九条 ("以上" includes the number): adult from the
 * 18th birthday itself.
 */
export function isMinorOn(birthDate: string, date: string): boolean {
  assertIsoDate(date, "date");
  return date < eighteenthBirthday(birthDate);
}

export interface PublicationExclusionInput {
  partyType: "person" | "org";
  /** The party's 公民身份号码 (individuals). */
  partyIdNo?: string;
  /** ISO date of the decision. */
  decisionDate: string;
  /** Explicit flag from the case (e.g. a party without an ID number, or a foreign minor). */
  partyIsMinor?: boolean;
  /** Reasons marked by the case unit or the publicity reviewer. */
  marks?: readonly ExclusionReason[];
}

/**
 * Every reason why a decision must not be published (R-PUB-05), in the order of
 * {@link EXCLUSION_REASONS}: "minor" when the party is an individual who was a minor on the decision
 * date — from the birth date in the ID number (also when its check character is wrong: privacy first)
 * or from the explicit flag (either is enough) — then each marked reason. Organisations are never
 * minors. Empty = publishable (after redaction).
 */
export function publicationExclusions(input: PublicationExclusionInput): ExclusionReason[] {
  assertIsoDate(input.decisionDate, "decision date");
  const reasons = new Set<ExclusionReason>(input.marks ?? []);
  if (input.partyType === "person") {
    const birth = input.partyIdNo ? idNumberBirthDate(input.partyIdNo) : null;
    if (input.partyIsMinor === true || (birth !== null && isMinorOn(birth, input.decisionDate))) reasons.add("minor");
  }
  return EXCLUSION_REASONS.filter((r) => reasons.has(r));
}

/**
 * Why a decision must not be published (R-PUB-05): a party who was a minor on the decision date (from
 * the ID number's birth date or an explicit flag), or a marked reason; null = publishable. When there
 * are several, the first in the order of {@link EXCLUSION_REASONS} ("minor" first).
 */
export function publicationExclusion(input: PublicationExclusionInput): ExclusionReason | null {
  return publicationExclusions(input)[0] ?? null;
}
