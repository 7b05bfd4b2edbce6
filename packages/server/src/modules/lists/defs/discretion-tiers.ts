import { and, eq, gt, isNull, lte, ne, or } from "drizzle-orm";
import { doublePrecision, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { todayInShanghai } from "@zhifa/domain";
import type { ValidationDetail } from "../../../core/errors.ts";
import type { Tx } from "../../../db/client.ts";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";
import { powerItems } from "../../powers/tables.ts";

/** 裁量基准: one tier of discretion (情节 → 处罚种类与幅度) of a power item (R-LIST-09). */
export const discretionTiers = pgTable(
  "discretion_tiers",
  {
    ...listColumns(),
    /** 事项编码 of the power item (R-LIST-03) of the same agency. */
    itemCode: text("item_code").notNull(),
    tierOrder: integer("tier_order").notNull(),
    /** 情节描述 */
    circumstance: text("circumstance").notNull(),
    /** 处罚种类/措施 */
    measure: text("measure").notNull(),
    /** Amount range in yuan (罚款幅度), when the measure is a fine. */
    minAmount: doublePrecision("min_amount"),
    maxAmount: doublePrecision("max_amount"),
    otherMeasure: text("other_measure"),
    /** 裁量依据 */
    basis: text("basis"),
  },
  (t) => [uniqueIndex("discretion_tiers_item_uq").on(t.agencyId, t.itemCode, t.tierOrder)],
);

/** Whether the agency's power list holds the item today (Asia/Shanghai). */
async function holdsToday(tx: Tx, agencyId: string, itemCode: string): Promise<boolean> {
  const today = todayInShanghai(new Date());
  const [item] = await tx
    .select({ id: powerItems.id })
    .from(powerItems)
    .where(and(eq(powerItems.agencyId, agencyId), eq(powerItems.itemCode, itemCode), lte(powerItems.effectiveFrom, today), or(isNull(powerItems.effectiveTo), gt(powerItems.effectiveTo, today))))
    .limit(1);
  return !!item;
}

export const discretionTierList: ListDefinition = {
  kind: "discretion-tiers",
  label: "裁量基准",
  rule: "R-LIST-09",
  table: discretionTiers as never,
  tableName: "discretion_tiers",
  naturalKey: ["itemCode", "tierOrder"],
  orderBy: "itemCode",
  fields: [
    { key: "itemCode", label: "事项编码", type: "text", required: true, maxLength: 60, column: true, search: true, help: "本主体权力清单中现行有效事项的编码" },
    { key: "tierOrder", label: "裁量阶次", type: "int", required: true, min: 1, max: 99, column: true, help: "1 为最轻，依次递增" },
    { key: "circumstance", label: "情节描述", type: "longtext", required: true, maxLength: 2000, column: true, search: true },
    { key: "measure", label: "处罚种类/措施", type: "text", required: true, maxLength: 200, column: true, search: true, help: "例如：警告、罚款、没收违法所得、责令停产停业、吊销许可证件" },
    { key: "minAmount", label: "最低罚款（元）", type: "number", min: 0, max: 1e12, column: true },
    { key: "maxAmount", label: "最高罚款（元）", type: "number", min: 0, max: 1e12, column: true },
    { key: "otherMeasure", label: "其他措施", type: "text", maxLength: 500 },
    { key: "basis", label: "裁量依据", type: "longtext", maxLength: 2000, search: true },
  ],
  async validate(row, { tx, agencyId, id }) {
    const problems: ValidationDetail[] = [];
    const min = row.minAmount as number | null | undefined;
    const max = row.maxAmount as number | null | undefined;
    if (typeof min === "number" && typeof max === "number" && min > max) problems.push({ field: "maxAmount", message: "最高罚款不能低于最低罚款" });
    const code = row.itemCode;
    if (typeof code === "string" && code !== "") {
      // R-LIST-09: a tier is set for an item the agency holds today (checked when the tier is
      // created or moved to another item; tiers of an item cancelled later stay editable)
      const [stored] = id ? await tx.select({ itemCode: discretionTiers.itemCode }).from(discretionTiers).where(eq(discretionTiers.id, id)) : [];
      if (stored?.itemCode !== code && !(await holdsToday(tx, agencyId, code))) problems.push({ field: "itemCode", message: `本主体权力清单中没有现行有效的事项“${code}”` });
      if (typeof row.tierOrder === "number") {
        const [dup] = await tx
          .select({ id: discretionTiers.id })
          .from(discretionTiers)
          .where(and(eq(discretionTiers.agencyId, agencyId), eq(discretionTiers.itemCode, code), eq(discretionTiers.tierOrder, row.tierOrder), ...(id ? [ne(discretionTiers.id, id)] : [])))
          .limit(1);
        if (dup) problems.push({ field: "tierOrder", message: `事项“${code}”已有第 ${row.tierOrder} 阶裁量基准` });
      }
    }
    return problems;
  },
};
