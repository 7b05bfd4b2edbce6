import { sql } from "drizzle-orm";
import { boolean, index, numeric, pgTable, text } from "drizzle-orm/pg-core";
import {
  ACTION_TYPES,
  ACTION_TYPE_LABELS,
  AGENCY_LEVELS,
  AGENCY_LEVEL_LABELS,
  MAJOR_FLAGS,
  MAJOR_FLAG_LABELS,
  validateCatalogRule,
  type ActionType,
  type AgencyLevel,
  type CatalogRule,
} from "@zhifa/domain";
import type { ValidationDetail } from "../../../core/errors.ts";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";

/**
 * 重大执法决定法制审核目录清单 (R-LIST-06): one row = one evaluable `CatalogRule` of
 * packages/domain/src/major.ts. A rule applies to decisions of its agency and of every agency
 * below it (a city justice bureau's catalog covers the county agencies under it); see
 * modules/catalog/service.ts `evaluateMajor` (R-REV-01).
 */
export const majorCatalogRules = pgTable(
  "major_catalog_rules",
  {
    ...listColumns(),
    name: text("name").notNull(),
    actionTypes: text("action_types").array().notNull().default(sql`'{}'::text[]`),
    agencyLevels: text("agency_levels").array().notNull().default(sql`'{}'::text[]`),
    domains: text("domains").array().notNull().default(sql`'{}'::text[]`),
    /** 涉案金额/罚款金额 threshold in yuan, inclusive. */
    minAmount: numeric("min_amount", { precision: 16, scale: 2, mode: "number" }),
    penaltyKinds: text("penalty_kinds").array().notNull().default(sql`'{}'::text[]`),
    hearingHeld: boolean("hearing_held").notNull().default(false),
    flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    note: text("note"),
  },
  (t) => [index("major_catalog_rules_agency_idx").on(t.agencyId, t.active)],
);

const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The list row as the domain rule `isMajor` evaluates. */
export function toCatalogRule(row: Record<string, unknown>): CatalogRule {
  const amount = row.minAmount;
  return {
    id: String(row.id ?? ""),
    name: String(row.name ?? ""),
    actionTypes: arr(row.actionTypes) as ActionType[],
    agencyLevels: arr(row.agencyLevels) as AgencyLevel[],
    domains: arr(row.domains),
    minAmount: amount === null || amount === undefined ? null : Number(amount),
    penaltyKinds: arr(row.penaltyKinds),
    hearingHeld: row.hearingHeld === true,
    flags: arr(row.flags),
    active: row.active !== false,
  };
}

/** Which field a Chinese problem of `validateCatalogRule` is about (by its leading words). */
const PROBLEM_FIELDS: [prefix: string, field: string][] = [
  ["规则名称", "name"],
  ["执法行为类别", "actionTypes"],
  ["执法机关层级", "agencyLevels"],
  ["执法领域", "domains"],
  ["处理措施", "penaltyKinds"],
  ["重大情形", "flags"],
  ["涉案金额", "minAmount"],
];

/** Runs the domain's catalog-rule check and keys its problems by field (R-LIST-06). */
export function catalogRuleProblems(row: Record<string, unknown>, id?: string): ValidationDetail[] {
  // The row id does not exist yet on create; the domain only needs it non-empty.
  const rule = { ...toCatalogRule(row), id: id ?? "new" };
  return validateCatalogRule(rule).map((message) => ({
    // "constrains nothing" is about the conditions as a whole: reported on the first of them.
    field: PROBLEM_FIELDS.find(([prefix]) => message.startsWith(prefix))?.[1] ?? "actionTypes",
    message,
  }));
}

export const majorCatalogList: ListDefinition = {
  kind: "major-catalog",
  label: "重大执法决定法制审核目录清单",
  rule: "R-LIST-06",
  table: majorCatalogRules as never,
  tableName: "major_catalog_rules",
  naturalKey: ["name"],
  orderBy: "name",
  fields: [
    { key: "name", label: "目录事项", type: "text", required: true, maxLength: 200, column: true, search: true, help: "例如：较大数额罚款、吊销许可证件" },
    {
      key: "actionTypes",
      label: "执法行为类别",
      type: "enumArray",
      column: true,
      filter: true,
      options: ACTION_TYPES.map((t) => ({ value: t, label: ACTION_TYPE_LABELS[t] })),
      help: "不选表示不限执法行为类别",
    },
    {
      key: "agencyLevels",
      label: "执法机关层级",
      type: "enumArray",
      column: true,
      filter: true,
      options: AGENCY_LEVELS.map((l) => ({ value: l, label: AGENCY_LEVEL_LABELS[l] })),
      help: "不选表示不限层级；目录适用于本机关及其下级机关作出的决定",
    },
    { key: "domains", label: "执法领域", type: "textArray", maxLength: 40, search: true, help: "例如：市场监管、生态环境；不填表示不限领域" },
    { key: "minAmount", label: "金额门槛(元)", type: "number", min: 0, max: 1e13, column: true, help: "罚款金额或涉案金额达到（含）该数额的为重大；不填表示不设金额条件" },
    { key: "penaltyKinds", label: "处理措施种类", type: "textArray", maxLength: 60, search: true, help: "例如：吊销许可证件、责令停产停业；决定包含其中任一项即适用" },
    { key: "hearingHeld", label: "经过听证", type: "bool", help: "选“是”表示仅适用于经过听证程序的决定" },
    {
      key: "flags",
      label: "重大情形",
      type: "enumArray",
      options: MAJOR_FLAGS.map((f) => ({ value: f, label: MAJOR_FLAG_LABELS[f] })),
      help: "决定具有其中任一情形即适用",
    },
    { key: "active", label: "有效", type: "bool", column: true, filter: true, help: "停用的目录事项不再参与判断" },
    { key: "note", label: "依据及说明", type: "longtext", maxLength: 2000, search: true },
  ],
  validate: (row, ctx) => catalogRuleProblems(row, ctx.id),
};
