import { Type } from "typebox";
import { ACTION_TYPES, AGENCY_LEVELS } from "@zhifa/domain";
import { Abilities, Uuid } from "../../core/schemas.ts";

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** The decision about to be made, as the catalog (R-LIST-06) sees it. */
export const DecisionDraft = Type.Object({
  actionType: literals(ACTION_TYPES),
  /** Ignored: the deciding agency's own level is used. */
  agencyLevel: Type.Optional(literals(AGENCY_LEVELS)),
  domain: Type.Optional(Type.String({ maxLength: 40 })),
  /** 涉案金额 / 罚款金额 (yuan). */
  amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e13 })),
  measures: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 })),
  hearingHeld: Type.Optional(Type.Boolean()),
  flags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 })),
  procedure: Type.Optional(Type.Union([Type.Literal("general"), Type.Literal("simple")])),
});

export const EvaluateBody = Type.Object({ agencyId: Uuid, draft: DecisionDraft });

export const Evaluation = Type.Object({
  major: Type.Boolean(),
  matched: Type.Array(
    Type.Object({
      ruleId: Type.String(),
      name: Type.String(),
      because: Type.Array(Type.String()),
      agencyId: Type.Union([Type.String(), Type.Null()]),
      agencyName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const MajorScopeBody = Type.Object({ allGeneralProcedurePenalties: Type.Boolean() });
export const MajorScopeView = Type.Object({ allGeneralProcedurePenalties: Type.Boolean(), can: Abilities });
