import type { App } from "../../core/types.ts";
import { errorResponses } from "../../core/schemas.ts";
import { ownedAgency } from "../../core/scope-queries.ts";
import type { Actor } from "../../core/policy.ts";
import { abilitySources } from "../ability-sources.ts";
import { listPolicy } from "../lists/policy.ts";
import { EvaluateBody, Evaluation, MajorScopeBody, MajorScopeView } from "./schemas.ts";
import { evaluateMajor, type DraftInput } from "./service.ts";
import { getMajorScope, putMajorScope, settingsPolicy } from "./settings.ts";

abilitySources.set("settings", (actor) => settingsPolicy.abilities(actor, null));

const presentScope = (actor: Actor, scope: { allGeneralProcedurePenalties: boolean }) => ({ ...scope, can: settingsPolicy.abilities(actor, null) });

/** 重大执法决定 (R-LIST-06, R-REV-01): the deployment's review scope and the "is it major?" check. */
export default async function catalogRoutes(app: App) {
  const tags = ["major"];

  app.get(
    "/settings/major-scope",
    { schema: { tags, summary: "法制审核范围设置（是否将一般程序行政处罚全部纳入，R-REV-01）", response: { 200: MajorScopeView, ...errorResponses } } },
    async (request) => presentScope(request.actor, await getMajorScope(app.db)),
  );

  app.put(
    "/settings/major-scope",
    { schema: { tags, summary: "修改法制审核范围设置（仅根级执法主体的系统管理员）", body: MajorScopeBody, response: { 200: MajorScopeView, ...errorResponses } } },
    async (request) => {
      settingsPolicy.authorize(request.actor, "update", null);
      await putMajorScope(app.db, request.audit("settings.major_scope.update"), { allGeneralProcedurePenalties: request.body.allGeneralProcedurePenalties });
      return presentScope(request.actor, await getMajorScope(app.db));
    },
  );

  app.post(
    "/major/evaluate",
    { schema: { tags, summary: "判断执法决定是否属于重大执法决定（R-REV-01）", body: EvaluateBody, response: { 200: Evaluation, ...errorResponses } } },
    async (request) => {
      listPolicy.authorize(request.actor, "read", await ownedAgency(app.db, request.body.agencyId));
      return evaluateMajor(app.db, request.body.agencyId, request.body.draft as DraftInput);
    },
  );
}
