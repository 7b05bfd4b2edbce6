import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { listColumns } from "../lists/columns.ts";
import { agencies } from "../agencies/tables.ts";

/** The kinds of dated change of the power list (R-LIST-03): 新增/调整/取消/下放/合并. */
export const CHANGE_KINDS = ["add", "adjust", "cancel", "delegate", "merge"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = { add: "新增", adjust: "调整", cancel: "取消", delegate: "下放", merge: "合并" };

/**
 * 权力清单变更: one dated decision changing an agency's power list (R-LIST-03), e.g. "取消 53 项"
 * under one 文号. Items are never edited in place by a change: it closes versions and opens new ones.
 */
export const powerItemChanges = pgTable(
  "power_item_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The agency whose list the change is made on (for delegation: the agency giving the items). */
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    kind: text("kind").notNull(),
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
    reason: text("reason").notNull(),
    /** 文号 of the decision, e.g. 示政发〔2025〕12号. */
    documentNo: text("document_no"),
    /** Codes of the items the change closes or adjusts (add: the new code). */
    itemCodes: text("item_codes").array().notNull(),
    /** add / merge: the code of the item opened. */
    resultItemCode: text("result_item_code"),
    /** delegate: the lower agencies receiving the items (下放). */
    targetAgencyIds: uuid("target_agency_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Who registered the change (also in the audit trail): "user:<id>" and display name. */
    actor: text("actor").notNull(),
    actorName: text("actor_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("power_item_changes_agency_idx").on(t.agencyId, t.effectiveDate),
    check("power_item_changes_kind_ck", sql`${t.kind} in ('add','adjust','cancel','delegate','merge')`),
  ],
);

/**
 * 权力清单事项 (执法事项清单, R-LIST-03): one row per VERSION of an item. An item (agency +
 * itemCode) is valid on [effectiveFrom, effectiveTo); effectiveTo null = still valid. The list
 * as of a date d is every version with effectiveFrom ≤ d < effectiveTo.
 */
export const powerItems = pgTable(
  "power_items",
  {
    ...listColumns(),
    /** 事项编码: stable identity of the item across its versions. */
    itemCode: text("item_code").notNull(),
    name: text("name").notNull(),
    actionType: text("action_type").notNull(),
    /** 执法领域 */
    domain: text("domain"),
    /** 设定依据: law name, article, and the article's text. */
    basisLaw: text("basis_law").notNull(),
    basisArticle: text("basis_article").notNull(),
    basisText: text("basis_text"),
    /** 办理程序: 一般程序/简易程序/… */
    procedure: text("procedure"),
    /** 法定时限 in days, counted in working days or calendar days. */
    timeLimitDays: integer("time_limit_days"),
    timeLimitWorkingDays: boolean("time_limit_working_days").notNull().default(true),
    /** 救济渠道 (行政复议/行政诉讼) */
    remedy: text("remedy"),
    /** 监督方式 (监督电话…) */
    supervision: text("supervision"),
    note: text("note"),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveTo: date("effective_to", { mode: "string" }),
    /** The change that opened this version, and the one that closed it. */
    startChangeId: uuid("start_change_id")
      .notNull()
      .references(() => powerItemChanges.id),
    endChangeId: uuid("end_change_id").references(() => powerItemChanges.id),
  },
  (t) => [
    index("power_items_asof_idx").on(t.agencyId, t.itemCode, t.effectiveFrom),
    index("power_items_code_idx").on(t.itemCode),
    // at most one open version of an item per agency
    uniqueIndex("power_items_open_uq").on(t.agencyId, t.itemCode).where(sql`effective_to is null`),
    check("power_items_period_ck", sql`${t.effectiveTo} is null or ${t.effectiveTo} > ${t.effectiveFrom}`),
    check("power_items_action_type_ck", sql`${t.actionType} in ('permit','penalty','coercion','inspection','levy','requisition','fee','reward','confirmation')`),
  ],
);
