import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";

/** 随机抽查事项清单 (R-LIST-04, 双随机一公开 R-RAND-02). */
export const randomInspectionItems = pgTable(
  "random_inspection_items",
  {
    ...listColumns(),
    code: text("code").notNull(),
    matter: text("matter").notNull(),
    basis: text("basis").notNull(),
    targetType: text("target_type").notNull(),
    ratioPercent: integer("ratio_percent").notNull(),
    method: text("method").notNull(),
    frequency: text("frequency").notNull(),
    domain: text("domain"),
    note: text("note"),
  },
  (t) => [index("random_inspection_items_agency_idx").on(t.agencyId, t.code)],
);

export const randomInspectionList: ListDefinition = {
  kind: "random-inspection",
  label: "随机抽查事项清单",
  rule: "R-LIST-04",
  table: randomInspectionItems as never,
  tableName: "random_inspection_items",
  naturalKey: ["code"],
  orderBy: "code",
  fields: [
    { key: "code", label: "事项编码", type: "text", required: true, maxLength: 40, column: true, search: true, pattern: "^[0-9A-Za-z_-]+$", patternMessage: "只能包含字母、数字、下划线和连字符" },
    { key: "matter", label: "抽查事项", type: "text", required: true, maxLength: 200, column: true, search: true },
    { key: "basis", label: "抽查依据", type: "longtext", required: true, maxLength: 2000, search: true },
    {
      key: "targetType",
      label: "抽查对象",
      type: "enum",
      required: true,
      column: true,
      filter: true,
      options: [
        { value: "enterprise", label: "企业" },
        { value: "individual_business", label: "个体工商户" },
        { value: "institution", label: "事业单位" },
        { value: "social_org", label: "社会组织" },
        { value: "product", label: "产品" },
        { value: "site", label: "场所" },
      ],
    },
    { key: "ratioPercent", label: "抽查比例(%)", type: "int", required: true, min: 1, max: 100, column: true },
    {
      key: "method",
      label: "抽查方式",
      type: "enum",
      required: true,
      column: true,
      options: [
        { value: "onsite", label: "现场检查" },
        { value: "document", label: "书面检查" },
        { value: "online", label: "网络监测" },
        { value: "sampling", label: "抽样检测" },
      ],
    },
    { key: "frequency", label: "抽查频次", type: "text", required: true, maxLength: 60, column: true, help: "例如：每年一次" },
    { key: "domain", label: "执法领域", type: "text", maxLength: 40, filter: false },
    { key: "note", label: "备注", type: "longtext", maxLength: 1000 },
  ],
};
