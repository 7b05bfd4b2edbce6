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

/**
 * What a decision of each kind of action may say (拟决定的处理措施), offered in the decision form;
 * officers may also type their own. 罚款 exists only where a penalty decision can be made: 行政处罚
 * (行政处罚法 第九条) and a 行政强制 case whose handling ends in a penalty decision.
 */
export const DECISION_MEASURES: Record<ActionType, readonly string[]> = {
  penalty: ["警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业"],
  coercion: ["查封", "扣押", "延长查封、扣押期限", "解除查封、扣押", "罚款", "没收违法所得", "没收非法财物"],
  permit: ["准予行政许可", "不予行政许可", "准予变更", "准予延续"],
  inspection: ["未发现违法问题", "责令限期改正", "移送立案调查"],
  levy: ["依法征收", "不予征收"],
  requisition: ["依法征用并给予补偿"],
  fee: ["依法收取费用", "减免收费"],
  reward: ["给予行政奖励", "不予奖励"],
  confirmation: ["予以确认", "不予确认"],
};

/** Whether a decision of this kind of action may impose a fine (罚款 and its amount). */
export const finesAllowed = (t: ActionType): boolean => DECISION_MEASURES[t].includes("罚款");

export const isActionType = (v: unknown): v is ActionType => typeof v === "string" && (ACTION_TYPES as readonly string[]).includes(v);
