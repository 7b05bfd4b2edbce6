import { ACTION_TYPES, ACTION_TYPE_LABELS } from "@zhifa/domain";
import type { ListDefinition } from "../definition.ts";
import { powerItems } from "../../powers/tables.ts";

export { powerItems, powerItemChanges } from "../../powers/tables.ts";

/**
 * 权力清单 / 执法事项清单 (R-LIST-03): the fields of one item version. This definition drives
 * validation, Excel template/export/import and the web form, but it is NOT registered with
 * the generic CRUD routes: the list changes only through dated changes (新增/调整/取消/下放/
 * 合并, modules/powers), so the list as of any past date can be shown (R-LIST-10).
 */
export const powerItemList: ListDefinition = {
  kind: "power-items",
  label: "权力清单",
  rule: "R-LIST-03",
  table: powerItems as never,
  tableName: "power_items",
  naturalKey: ["itemCode"],
  orderBy: "itemCode",
  fields: [
    { key: "itemCode", label: "事项编码", type: "text", required: true, maxLength: 60, column: true, search: true, pattern: "^[0-9A-Za-z_.-]+$", patternMessage: "只能包含字母、数字、点、下划线和连字符" },
    { key: "name", label: "事项名称", type: "text", required: true, maxLength: 300, column: true, search: true },
    { key: "actionType", label: "事项类别", type: "enum", required: true, column: true, filter: true, options: ACTION_TYPES.map((v) => ({ value: v, label: ACTION_TYPE_LABELS[v] })) },
    { key: "domain", label: "执法领域", type: "text", maxLength: 40, column: true, filter: true },
    { key: "basisLaw", label: "设定依据（法律法规名称）", type: "text", required: true, maxLength: 200, column: true, search: true, help: "例如：《中华人民共和国食品安全法》" },
    { key: "basisArticle", label: "设定依据（条款）", type: "text", required: true, maxLength: 100, column: true, help: "例如：第一百二十四条第一款" },
    { key: "basisText", label: "依据条文内容", type: "longtext", maxLength: 5000, search: true },
    { key: "procedure", label: "办理程序", type: "text", maxLength: 100, help: "例如：一般程序、简易程序、普通程序、特别程序" },
    { key: "timeLimitDays", label: "法定时限（天）", type: "int", min: 0, max: 3650 },
    { key: "timeLimitWorkingDays", label: "时限按工作日计算", type: "bool", help: "“是”按工作日计算，“否”按自然日计算" },
    { key: "remedy", label: "救济渠道", type: "text", maxLength: 500, help: "例如：依法申请行政复议或者提起行政诉讼" },
    { key: "supervision", label: "监督方式", type: "text", maxLength: 200, help: "例如：监督电话 0999-12345" },
    { key: "note", label: "备注", type: "longtext", maxLength: 2000 },
  ],
};
