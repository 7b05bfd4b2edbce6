import { Type, type Static } from "typebox";
import { ROLES } from "@zhifa/domain";
import { Abilities, Paging, Uuid } from "../../core/schemas.ts";

const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const User = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  version: Type.Integer(),
  can: Abilities,
});

export const UserQuery = Type.Object({ ...Paging, agencyId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 60 })) });

export const UserCreate = Type.Object({
  agencyId: Uuid,
  unitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  username: Type.String({ minLength: 3, maxLength: 40, pattern: "^[A-Za-z0-9_.-]+$" }),
  displayName: Type.String({ minLength: 1, maxLength: 40 }),
  roles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  unitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  roles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })),
  active: Type.Optional(Type.Boolean()),
});
export type UserUpdate = Static<typeof UserUpdate>;
