import { Policy, has } from "../../core/policy.ts";

/** The calendar is one for the whole deployment: it belongs to no agency. */
export const CALENDAR = null;

/**
 * Working-day calendar (R-CASE-07): everyone logged in reads it (deadlines are computed from it);
 * only an administrator of a root agency (deployment-wide administration) loads a year's notice.
 */
export const calendarPolicy = new Policy<typeof CALENDAR, "read" | "update">("calendar", {
  read: () => true,
  update: (a) => a.atRoot && has(a, "admin"),
});
