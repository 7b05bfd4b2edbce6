import { checkTeam, isIsoDate, mayAct, todayInShanghai } from "@zhifa/domain";
import type { App } from "../../core/types.ts";
import { errors } from "../../core/errors.ts";
import { IdParams, errorResponses } from "../../core/schemas.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import { listPolicy } from "../lists/policy.ts";
import { CheckTeamBody, CheckTeamResponse, MayActQuery, MayActResponse, ReportQuery, ReportResponse } from "./schemas.ts";
import { EXPIRY_WARNING_DAYS, qualificationIssues } from "./report.ts";
import {
  DEFAULT_QUALIFICATION_POLICY,
  activeOfficersOf,
  annualRecordsOf,
  getOfficer,
  getOfficers,
  ownedOfficer,
  toQualification,
} from "./service.ts";

/** The day of the act: the given date, or today in Beijing time. */
function dayOf(date: string | undefined): string {
  if (date === undefined) return todayInShanghai(new Date());
  if (!isIsoDate(date)) throw errors.validation([{ field: "date", message: "日期无效" }]);
  return date;
}

/**
 * Qualification checks (R-LIST-11, R-CASE-03). Readers of an officer's agency list may ask;
 * an officer outside the caller's scope is answered as not found (R-GEN-03).
 */
export default async function officerRoutes(app: App) {
  const tags = ["officers"];
  const policy = DEFAULT_QUALIFICATION_POLICY;

  app.get(
    "/officers/:id/may-act",
    {
      schema: {
        tags,
        summary: "执法人员能否从事某类执法行为（R-LIST-11）",
        params: IdParams,
        querystring: MayActQuery,
        response: { 200: MayActResponse, ...errorResponses },
      },
    },
    async (request) => {
      const officer = await getOfficer(app.db, request.params.id);
      if (!listPolicy.can(request.actor, "read", ownedOfficer(officer))) throw errors.notFound("执法人员");
      const { actionType, regionCode, date } = request.query;
      const records = (await annualRecordsOf(app.db, [officer])).get(officer.id) ?? [];
      return mayAct(toQualification(officer, records), actionType, regionCode, dayOf(date), policy);
    },
  );

  app.post(
    "/officers/check-team",
    {
      schema: {
        tags,
        summary: "调查取证执法人员组合检查：至少两名具备资格的执法人员（R-CASE-03）",
        body: CheckTeamBody,
        response: { 200: CheckTeamResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { officerIds, actionType, regionCode, date } = request.body;
      const day = dayOf(date);
      const found = await getOfficers(app.db, officerIds);
      for (const id of officerIds) {
        const o = found.get(id);
        if (!o || !listPolicy.can(request.actor, "read", ownedOfficer(o))) throw errors.notFound("执法人员");
      }
      const records = await annualRecordsOf(app.db, [...found.values()]);
      const team = officerIds.map((id) => toQualification(found.get(id)!, records.get(id) ?? []));
      return checkTeam(team, actionType, regionCode, day, policy);
    },
  );

  app.get(
    "/officers/qualification-report",
    {
      schema: {
        tags,
        summary: "执法资格预警：证件即将到期、已过期、上年度培训学时或年检不足的在岗执法人员（R-LIST-11）",
        querystring: ReportQuery,
        response: { 200: ReportResponse, ...errorResponses },
      },
    },
    async (request) => {
      const agency = await ownedAgency(app.db, request.query.agencyId ?? request.actor.agencyId);
      listPolicy.authorize(request.actor, "read", agency);
      const asOf = dayOf(request.query.date);
      const withinDays = request.query.withinDays ?? EXPIRY_WARNING_DAYS;
      const list = await activeOfficersOf(app.db, agency.agencyId);
      const records = await annualRecordsOf(app.db, list);
      const items = [];
      for (const o of list) {
        const issues = qualificationIssues(o, records.get(o.id) ?? [], asOf, policy, withinDays);
        if (issues.length === 0) continue;
        items.push({
          officerId: o.id,
          name: o.name,
          certNumber: o.certNumber,
          unitName: o.unitName,
          validTo: o.validTo,
          certStatus: o.certStatus,
          issues,
          can: { update: listPolicy.can(request.actor, "update", ownedOfficer(o)) },
        });
      }
      return {
        agencyId: agency.agencyId,
        agencyName: agency.name,
        asOf,
        year: Number(asOf.slice(0, 4)) - 1,
        policy: { minTrainingHours: policy.minTrainingHours, requireAnnualCheck: policy.requireAnnualCheck },
        officers: list.length,
        items,
      };
    },
  );
}
