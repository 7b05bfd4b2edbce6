import { index, pgTable, text } from "drizzle-orm/pg-core";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";

/**
 * 行政执法服务指南 (R-LIST-07): per matter the public needs to know how to get it done —
 * basis, accepting and deciding bodies, conditions, materials, process, time limit, fees,
 * supervision, remedy, office hours, address and phone.
 */
export const serviceGuides = pgTable(
  "service_guides",
  {
    ...listColumns(),
    matterName: text("matter_name").notNull(),
    /** Optional link to a power item (权责清单事项) by its code. */
    itemCode: text("item_code"),
    basis: text("basis").notNull(),
    acceptingBody: text("accepting_body").notNull(),
    decidingBody: text("deciding_body").notNull(),
    conditions: text("conditions").notNull(),
    materials: text("materials").notNull(),
    process: text("process").notNull(),
    timeLimit: text("time_limit").notNull(),
    fees: text("fees").notNull(),
    supervision: text("supervision").notNull(),
    remedy: text("remedy").notNull(),
    officeHours: text("office_hours").notNull(),
    address: text("address").notNull(),
    phone: text("phone").notNull(),
  },
  (t) => [index("service_guides_agency_idx").on(t.agencyId, t.matterName)],
);

export const serviceGuidesList: ListDefinition = {
  kind: "service-guides",
  label: "行政执法服务指南",
  rule: "R-LIST-07",
  table: serviceGuides as never,
  tableName: "service_guides",
  naturalKey: ["matterName"],
  orderBy: "matterName",
  fields: [
    { key: "matterName", label: "事项名称", type: "text", required: true, maxLength: 200, column: true, search: true },
    {
      key: "itemCode",
      label: "权责事项编码",
      type: "text",
      maxLength: 60,
      column: true,
      search: true,
      // the power items list's code format
      pattern: "^[0-9A-Za-z_.-]+$",
      patternMessage: "只能包含字母、数字、点、下划线和连字符",
      help: "对应权责清单中的事项编码（可不填）",
    },
    { key: "basis", label: "设定依据", type: "longtext", required: true, maxLength: 4000, search: true },
    { key: "acceptingBody", label: "受理机构", type: "text", required: true, maxLength: 200, column: true },
    { key: "decidingBody", label: "决定机构", type: "text", required: true, maxLength: 200 },
    { key: "conditions", label: "办理条件", type: "longtext", required: true, maxLength: 4000 },
    { key: "materials", label: "申请材料", type: "longtext", required: true, maxLength: 4000 },
    { key: "process", label: "办理流程", type: "longtext", required: true, maxLength: 4000 },
    { key: "timeLimit", label: "办理时限", type: "text", required: true, maxLength: 200, column: true, help: "例如：法定 20 个工作日，承诺 10 个工作日" },
    { key: "fees", label: "收费标准及依据", type: "text", required: true, maxLength: 500, help: "不收费的填写“不收费”" },
    { key: "supervision", label: "监督投诉渠道", type: "text", required: true, maxLength: 500 },
    { key: "remedy", label: "救济途径", type: "longtext", required: true, maxLength: 2000, help: "例如：行政复议、行政诉讼的机关和期限" },
    { key: "officeHours", label: "办公时间", type: "text", required: true, maxLength: 200 },
    { key: "address", label: "办理地点", type: "text", required: true, maxLength: 200 },
    // free text: guides often list several numbers with their purpose ("咨询 …；投诉 …")
    { key: "phone", label: "咨询电话", type: "text", required: true, maxLength: 100, column: true },
  ],
};
