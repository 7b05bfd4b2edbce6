import { Type } from "typebox";
import { ACTION_TYPES } from "@zhifa/domain";
import { Abilities, Uuid } from "../../core/schemas.ts";

/** TypeBox schemas of the qualification routes (R-LIST-11, R-CASE-03). */
export const ActionTypeParam = Type.Union(
  ACTION_TYPES.map((t) => Type.Literal(t)),
  { description: "执法类别（ActionType）" },
);
export const RegionCode = Type.String({ pattern: "^\\d{6}$", description: "6 位行政区划代码" });

export const MayActQuery = Type.Object({
  actionType: ActionTypeParam,
  regionCode: RegionCode,
  date: Type.Optional(Type.String({ format: "date", description: "执法行为日期，默认今天（北京时间）" })),
});

export const CertificateOut = Type.Object({
  number: Type.String(),
  categories: Type.Array(Type.String()),
  regionCodes: Type.Array(Type.String()),
  validFrom: Type.String(),
  validTo: Type.String(),
  status: Type.String(),
});

export const MayActResponse = Type.Object({
  ok: Type.Boolean(),
  code: Type.Optional(Type.String({ description: "不得执法的原因代码（稳定）" })),
  reason: Type.Optional(Type.String()),
  certificate: Type.Optional(CertificateOut),
});

export const CheckTeamBody = Type.Object({
  officerIds: Type.Array(Uuid, { minItems: 1, maxItems: 50 }),
  actionType: ActionTypeParam,
  regionCode: RegionCode,
  date: Type.Optional(Type.String({ format: "date", description: "执法行为日期，默认今天（北京时间）" })),
});

export const CheckTeamResponse = Type.Object({
  ok: Type.Boolean(),
  qualified: Type.Array(Type.String()),
  problems: Type.Array(Type.Object({ officerId: Type.String(), code: Type.String(), reason: Type.String() })),
  code: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});

export const ReportQuery = Type.Object({
  agencyId: Type.Optional(Uuid),
  date: Type.Optional(Type.String({ format: "date", description: "统计日期，默认今天（北京时间）" })),
  withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 90, description: "到期预警天数" })),
});

export const ReportItem = Type.Object({
  officerId: Type.String(),
  name: Type.String(),
  certNumber: Type.String(),
  unitName: Type.Union([Type.String(), Type.Null()]),
  validTo: Type.String(),
  certStatus: Type.String(),
  issues: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), blocking: Type.Boolean() })),
  can: Abilities,
});

export const ReportResponse = Type.Object({
  agencyId: Type.String(),
  agencyName: Type.String(),
  asOf: Type.String(),
  /** The year whose training hours and annual check are examined (asOf's year − 1). */
  year: Type.Integer(),
  policy: Type.Object({ minTrainingHours: Type.Number(), requireAnnualCheck: Type.Boolean() }),
  /** Active officers examined. */
  officers: Type.Integer(),
  items: Type.Array(ReportItem),
});
