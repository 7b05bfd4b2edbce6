/** 执法行为类别: the nine enforcement action types, all first-class (R-GEN-01). */
export const ACTION_TYPES = [
  "permit", // 行政许可
  "penalty", // 行政处罚
  "coercion", // 行政强制
  "inspection", // 行政检查
  "levy", // 行政征收
  "requisition", // 行政征用
  "fee", // 行政收费
  "reward", // 行政奖励
  "confirmation", // 行政确认
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  permit: "行政许可",
  penalty: "行政处罚",
  coercion: "行政强制",
  inspection: "行政检查",
  levy: "行政征收",
  requisition: "行政征用",
  fee: "行政收费",
  reward: "行政奖励",
  confirmation: "行政确认",
};

/** Agency levels, top to bottom (R-GEN-02). */
export const AGENCY_LEVELS = ["province", "city", "county", "township"] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];
export const AGENCY_LEVEL_LABELS: Record<AgencyLevel, string> = {
  province: "省级",
  city: "市级",
  county: "县级",
  township: "乡镇级",
};

/** Internal unit kinds (科室). */
export const UNIT_KINDS = ["case", "legal", "office", "other"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  case: "执法承办机构",
  legal: "法制机构",
  office: "办公室",
  other: "其他科室",
};

/** Roles a user may hold ("Who uses it"). */
export const ROLES = [
  "officer", // 执法人员
  "unit_lead", // 执法承办机构负责人
  "legal_reviewer", // 法制审核人员
  "agency_head", // 机关负责人
  "publicity_reviewer", // 信息公开审核
  "supervisor", // 执法监督 (司法行政机关 / 上级主管部门)
  "admin", // 系统管理员
] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  officer: "执法人员",
  unit_lead: "承办机构负责人",
  legal_reviewer: "法制审核人员",
  agency_head: "机关负责人",
  publicity_reviewer: "公示审核人员",
  supervisor: "执法监督人员",
  admin: "系统管理员",
};
