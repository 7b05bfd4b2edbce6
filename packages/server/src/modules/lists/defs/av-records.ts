import { sql } from "drizzle-orm";
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { ACTION_TYPES, ACTION_TYPE_LABELS } from "@zhifa/domain";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";

/** How an activity must be recorded (R-LIST-05, R-REC-05). */
export const AV_REQUIREMENTS = [
  { value: "full_process", label: "全过程音像记录" },
  { value: "recommended", label: "应当音像记录" },
  { value: "text_only", label: "文字记录" },
] as const;
export type AvRequirement = (typeof AV_REQUIREMENTS)[number]["value"];

/**
 * 音像记录事项清单 (R-LIST-05): which enforcement activities need audio/video, and which need
 * it for the whole process. R-REC-05: 限制人身自由, 查封扣押, 强制执行 (强制拆除) are
 * full-process; 现场执法, 调查取证, 听证, 留置送达, 公告送达 where disputes are likely.
 */
export const avRecordItems = pgTable(
  "av_record_items",
  {
    ...listColumns(),
    /** 执法环节/事项 */
    activity: text("activity").notNull(),
    actionTypes: text("action_types").array().notNull().default(sql`'{}'::text[]`),
    requirement: text("requirement").notNull(),
    basis: text("basis"),
    /** Why full-process recording is mandatory, e.g. 限制人身自由. */
    mandatoryReason: text("mandatory_reason"),
    note: text("note"),
  },
  (t) => [index("av_record_items_agency_idx").on(t.agencyId, t.activity)],
);

export const avRecordsList: ListDefinition = {
  kind: "av-records",
  label: "音像记录事项清单",
  rule: "R-LIST-05",
  table: avRecordItems as never,
  tableName: "av_record_items",
  naturalKey: ["activity"],
  orderBy: "activity",
  fields: [
    { key: "activity", label: "执法环节/事项", type: "text", required: true, maxLength: 200, column: true, search: true, help: "例如：查封扣押、现场检查、听证" },
    {
      key: "actionTypes",
      label: "执法行为类别",
      type: "enumArray",
      column: true,
      filter: true,
      options: ACTION_TYPES.map((t) => ({ value: t, label: ACTION_TYPE_LABELS[t] })),
      help: "不选表示适用于各类执法行为",
    },
    { key: "requirement", label: "记录要求", type: "enum", required: true, column: true, filter: true, options: AV_REQUIREMENTS },
    { key: "basis", label: "依据", type: "longtext", maxLength: 2000, search: true },
    { key: "mandatoryReason", label: "全过程记录理由", type: "text", maxLength: 200, column: true, help: "例如：限制人身自由、查封扣押财物、强制拆除" },
    { key: "note", label: "备注", type: "longtext", maxLength: 1000 },
  ],
  validate: (row) =>
    // R-REC-05: a full-process requirement states why it is mandatory.
    row.requirement === "full_process" && (typeof row.mandatoryReason !== "string" || row.mandatoryReason.trim() === "")
      ? [{ field: "mandatoryReason", message: "全过程音像记录事项应当说明理由（如限制人身自由、查封扣押、强制拆除）" }]
      : [],
};
