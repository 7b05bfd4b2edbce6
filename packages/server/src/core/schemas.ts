import { Type, type TSchema } from "typebox";

/** Shared TypeBox pieces for route schemas. */
export const Uuid = Type.String({ format: "uuid" });
/** The same test as `Uuid`, for ids that arrive outside a schema (a query before it is sent to PostgreSQL). */
export const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
export const IsoDate = Type.String({ format: "date" });
export const IdParams = Type.Object({ id: Uuid });

export const ErrorBody = Type.Object({
  error: Type.Object({
    id: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
    requestId: Type.Optional(Type.String()),
  }),
});

export const Paging = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export const Abilities = Type.Record(Type.String(), Type.Boolean());

/** Standard error responses every authenticated route may give. */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
