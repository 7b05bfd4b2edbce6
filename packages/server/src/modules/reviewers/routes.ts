import { Type } from "typebox";
import type { App } from "../../core/types.ts";
import { Uuid, errorResponses } from "../../core/schemas.ts";
import { REVIEWER_RATIO_TARGET_PERCENT, reviewerRatio } from "./service.ts";

const RatioRow = Type.Object({
  agencyId: Type.String(),
  agencyName: Type.String(),
  level: Type.String(),
  officers: Type.Integer(),
  reviewers: Type.Integer(),
  ratio: Type.Union([Type.Number(), Type.Null()]),
  required: Type.Integer(),
  below: Type.Boolean(),
});

/** 法制审核人员配备情况 (R-LIST-12): agencies whose reviewers are below 5% of their officers. */
export default async function reviewerRoutes(app: App) {
  app.get(
    "/reports/reviewer-ratio",
    {
      schema: {
        tags: ["reports"],
        summary: "法制审核人员占执法人员比例（不低于 5%，R-LIST-12）",
        querystring: Type.Object({ agencyId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ target: Type.Number(), belowCount: Type.Integer(), items: Type.Array(RatioRow) }), ...errorResponses },
      },
    },
    async (request) => {
      const items = await reviewerRatio(app.db, request.actor, request.query.agencyId);
      return { target: REVIEWER_RATIO_TARGET_PERCENT / 100, belowCount: items.filter((i) => i.below).length, items };
    },
  );
}
