import { Type, type Static } from "typebox";
import { ACTION_TYPES, AGENCY_LEVELS, UNIT_KINDS } from "@zhifa/domain";
import { Abilities, Uuid } from "../../core/schemas.ts";

const literalUnion = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const AgencyFields = {
  code: Type.String({ minLength: 1, maxLength: 32, pattern: "^[0-9A-Za-z_-]+$", description: "主体编码" }),
  name: Type.String({ minLength: 2, maxLength: 100 }),
  level: literalUnion(AGENCY_LEVELS),
  regionCode: Type.String({ pattern: "^\\d{6}$", description: "行政区划代码" }),
  regionName: Type.String({ minLength: 1, maxLength: 60 }),
  actionTypes: Type.Array(literalUnion(ACTION_TYPES), { uniqueItems: true }),
  legalBasis: Type.String({ maxLength: 4000 }),
  nature: Type.String({ maxLength: 40 }),
  socialCreditCode: Type.Union([Type.String({ pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$" }), Type.Null()]),
  address: Type.String({ maxLength: 200 }),
  phone: Type.String({ maxLength: 40 }),
};

export const AgencyCreate = Type.Object({
  parentId: Uuid,
  ...AgencyFields,
  legalBasis: Type.Optional(AgencyFields.legalBasis),
  nature: Type.Optional(AgencyFields.nature),
  socialCreditCode: Type.Optional(AgencyFields.socialCreditCode),
  address: Type.Optional(AgencyFields.address),
  phone: Type.Optional(AgencyFields.phone),
});
export type AgencyCreate = Static<typeof AgencyCreate>;

export const AgencyUpdate = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  name: Type.Optional(AgencyFields.name),
  regionName: Type.Optional(AgencyFields.regionName),
  actionTypes: Type.Optional(AgencyFields.actionTypes),
  legalBasis: Type.Optional(AgencyFields.legalBasis),
  nature: Type.Optional(AgencyFields.nature),
  socialCreditCode: Type.Optional(AgencyFields.socialCreditCode),
  address: Type.Optional(AgencyFields.address),
  phone: Type.Optional(AgencyFields.phone),
  active: Type.Optional(Type.Boolean()),
});
export type AgencyUpdate = Static<typeof AgencyUpdate>;

export const Unit = Type.Object({ id: Type.String(), agencyId: Type.String(), name: Type.String(), kind: Type.String() });
export const UnitInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }), kind: literalUnion(UNIT_KINDS) });

export const Agency = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  path: Type.String(),
  level: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  actionTypes: Type.Array(Type.String()),
  legalBasis: Type.String(),
  nature: Type.String(),
  socialCreditCode: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  phone: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String(),
  can: Abilities,
});

export const AgencyDetail = Type.Intersect([Agency, Type.Object({ units: Type.Array(Unit) })]);
