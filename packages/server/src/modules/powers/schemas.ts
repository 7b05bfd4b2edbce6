import { Type, type TSchema } from "typebox";
import { IsoDate, Paging, Uuid } from "../../core/schemas.ts";
import { fieldSchema } from "../lists/fields.ts";
import { powerItemList } from "../lists/defs/power-items.ts";
import { CHANGE_KINDS } from "./tables.ts";

/**
 * Schemas of the power list API (R-LIST-03). The item fields come from the list definition
 * (one copy of each field rule, shared with Excel import/export).
 */
function content(mode: "full" | "partial", omit: string[] = []) {
  const props: Record<string, TSchema> = {};
  for (const f of powerItemList.fields) {
    if (omit.includes(f.key)) continue;
    const s = fieldSchema(f);
    const value = f.required || f.type === "bool" ? s : Type.Union([s, Type.Null()]);
    props[f.key] = f.required && mode === "full" ? value : Type.Optional(value);
  }
  return Type.Object(props);
}

export const ItemContent = content("full");
/** 调整: the fields that change (itemCode is the item's identity and never changes). */
export const ItemChanges = content("partial", ["itemCode"]);

const common = {
  agencyId: Uuid,
  effectiveDate: IsoDate,
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
  documentNo: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
};
const Code = Type.String({ minLength: 1, maxLength: 60 });
const Codes = (minItems: number) => Type.Array(Code, { minItems, maxItems: 2000, uniqueItems: true });

/** The body of POST /api/powers/changes: one dated change, discriminated by `kind`. */
export const ChangeBranches = {
  add: Type.Object({ kind: Type.Literal("add"), ...common, item: ItemContent }),
  adjust: Type.Object({ kind: Type.Literal("adjust"), ...common, itemCode: Code, changes: ItemChanges }),
  cancel: Type.Object({ kind: Type.Literal("cancel"), ...common, itemCodes: Codes(1) }),
  delegate: Type.Object({ kind: Type.Literal("delegate"), ...common, itemCodes: Codes(1), toAgencyIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }) }),
  merge: Type.Object({ kind: Type.Literal("merge"), ...common, itemCodes: Codes(2), item: ItemContent }),
};
export const ChangeBody = Type.Union([ChangeBranches.add, ChangeBranches.adjust, ChangeBranches.cancel, ChangeBranches.delegate, ChangeBranches.merge]);

export const PowerQuery = Type.Object({
  ...Paging,
  asOf: Type.Optional(IsoDate),
  agencyId: Type.Optional(Uuid),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  actionType: Type.Optional(Type.String({ maxLength: 30 })),
  domain: Type.Optional(Type.String({ maxLength: 40 })),
});

export const ChangeQuery = Type.Object({
  ...Paging,
  agencyId: Type.Optional(Uuid),
  kind: Type.Optional(Type.Union(CHANGE_KINDS.map((k) => Type.Literal(k)))),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
});

export const CodeParams = Type.Object({ itemCode: Code });
export const AgencyQuery = Type.Object({ agencyId: Type.Optional(Uuid) });
export const ImportQuery = Type.Object({
  agencyId: Uuid,
  effectiveDate: Type.Optional(IsoDate),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  documentNo: Type.Optional(Type.String({ maxLength: 100 })),
});
export const CorrectionBody = Type.Object({ version: Type.Integer({ minimum: 1 }), ...ItemChanges.properties });

const Nullable = (s: TSchema) => Type.Union([s, Type.Null()]);
const AgencyRef = Type.Object({ id: Type.String(), name: Type.String() });

export const Change = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  effectiveDate: Type.String(),
  reason: Type.String(),
  documentNo: Nullable(Type.String()),
  itemCodes: Type.Array(Type.String()),
  resultItemCode: Nullable(Type.String()),
  targetAgencies: Type.Array(AgencyRef),
  actorName: Type.String(),
  createdAt: Type.String(),
});

const itemProps: Record<string, TSchema> = {};
for (const f of powerItemList.fields) itemProps[f.key] = Nullable(fieldSchema({ ...f, required: false, pattern: undefined, min: undefined, max: undefined, maxLength: 100000 }));

/** One version of an item, as the API returns it. */
export const PowerItem = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  version: Type.Integer(),
  ...itemProps,
  actionTypeLabel: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  changeKind: Type.String(),
  changeKindLabel: Type.String(),
  can: Type.Record(Type.String(), Type.Boolean()),
});

export const ItemHistory = Type.Object({
  itemCode: Type.String(),
  versions: Type.Array(Type.Object({ ...PowerItem.properties, startChange: Change, endChange: Nullable(Change) })),
  changes: Type.Array(Change),
});

export const ChangeResult = Type.Object({ change: Change, opened: Type.Array(PowerItem), closed: Type.Array(PowerItem) });

export const Tier = Type.Object({
  id: Type.String(),
  tierOrder: Type.Integer(),
  circumstance: Type.String(),
  measure: Type.String(),
  minAmount: Nullable(Type.Number()),
  maxAmount: Nullable(Type.Number()),
  otherMeasure: Nullable(Type.String()),
  basis: Nullable(Type.String()),
});

export const TierList = Type.Object({
  itemCode: Type.String(),
  agencyId: Type.String(),
  item: Nullable(PowerItem),
  /** The agency whose tiers apply: the agency itself or its nearest ancestor with tiers for the item. */
  source: Nullable(AgencyRef),
  tiers: Type.Array(Tier),
});

export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), effectiveDate: Type.String() });
