/**
 * 重大执法决定法制审核目录 (R-LIST-06) as evaluable rules, and the "is this decision
 * major?" test that gates legal review (R-REV-01, hard gate R-REV-02 lives elsewhere).
 * Pure rules: the catalog is data an administrator edits (R-LIST-10).
 */
import { ACTION_TYPES, ACTION_TYPE_LABELS, AGENCY_LEVELS, AGENCY_LEVEL_LABELS } from "./enums.ts";
import type { ActionType, AgencyLevel } from "./enums.ts";

/**
 * One entry of the catalog.
 *
 * Semantics: a rule matches a draft when ALL of its specified conditions hold;
 * an unspecified condition (undefined, null, empty array, or `hearingHeld` not `true`)
 * places no constraint. Within one list condition, ANY listed value suffices.
 * - `actionTypes` / `agencyLevels` / `domains`: the draft's value is one of the list;
 * - `minAmount`: the draft's `amount` is known and ≥ minAmount (inclusive); a draft
 *   without an amount does not satisfy an amount threshold;
 * - `penaltyKinds`: the draft's `measures` include at least one of them;
 * - `hearingHeld: true`: a hearing was held (`false` is the same as unspecified);
 * - `flags`: the draft has at least one of them.
 * Inactive rules never match. Strings are compared after trimming surrounding spaces.
 */
export interface CatalogRule {
  id: string;
  /** Chinese description, shown to officers and published (R-LIST-06). */
  name: string;
  /** Empty = any action type. */
  actionTypes: ActionType[];
  /** Empty/undefined = any level. */
  agencyLevels?: AgencyLevel[];
  /** 执法领域, e.g. "市场监管", "生态环境"; empty/undefined = any. */
  domains?: string[];
  /** 涉案金额/罚款金额 threshold in yuan, inclusive; null/undefined = no threshold. */
  minAmount?: number | null;
  /** e.g. "吊销许可证件", "责令停产停业", "较大数额罚款"; matched if the draft's measures include any. */
  penaltyKinds?: string[];
  /** true: matches only when a hearing was held. */
  hearingHeld?: boolean;
  /** e.g. "major_public_interest"; matched if the draft has any (see MAJOR_FLAG_LABELS). */
  flags?: string[];
  active: boolean;
}

/** The decision about to be made, as far as the catalog cares. */
export interface DecisionDraft {
  actionType: ActionType;
  agencyLevel: AgencyLevel;
  domain?: string;
  /** 涉案金额 / 罚款金额 in yuan. */
  amount?: number;
  /** 处理措施, e.g. "吊销许可证件". */
  measures?: string[];
  hearingHeld?: boolean;
  flags?: string[];
  /** 一般程序 / 简易程序; undefined is read as general procedure. */
  procedure?: "general" | "simple";
}

/** Per-deployment widening of the review scope (R-REV-01). */
export interface MajorScope {
  /** 河北: every general-procedure penalty decision goes through legal review. */
  allGeneralProcedurePenalties?: boolean;
}

export interface MajorMatch {
  ruleId: string;
  name: string;
  /** Chinese explanations of the conditions that matched, in rule-field order. */
  because: string[];
}

export interface MajorResult {
  major: boolean;
  matched: MajorMatch[];
}

/** The R-REV-01 situations, as flags a draft may carry. Other flags are allowed. */
export const MAJOR_FLAGS = [
  "major_public_interest",
  "major_social_risk",
  "third_party_major_rights",
  "complex_legal_relations",
] as const;
export type MajorFlag = (typeof MAJOR_FLAGS)[number];

export const MAJOR_FLAG_LABELS: Record<MajorFlag, string> = {
  major_public_interest: "涉及重大公共利益",
  major_social_risk: "可能造成重大社会影响或者引发社会风险",
  third_party_major_rights: "直接关系行政相对人或者第三人重大权益",
  complex_legal_relations: "案件情况疑难复杂、涉及多个法律关系",
};

/** Pseudo-rule id reported when the widened scope (河北) catches a decision. */
export const GENERAL_PROCEDURE_PENALTY_RULE_ID = "scope:general_procedure_penalty";

function flagLabel(flag: string): string {
  return (MAJOR_FLAG_LABELS as Record<string, string | undefined>)[flag] ?? `具有“${flag}”情形`;
}

function norm(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((v) => v.trim());
}

function formatYuan(n: number): string {
  return String(n);
}

/** Evaluate one (active or not) rule; null when it does not match. */
function matchRule(rule: CatalogRule, draft: DecisionDraft): MajorMatch | null {
  if (!rule.active) return null;
  const because: string[] = [];

  if (rule.actionTypes.length > 0) {
    if (!rule.actionTypes.includes(draft.actionType)) return null;
    because.push(`执法行为类别为${ACTION_TYPE_LABELS[draft.actionType]}`);
  }

  const levels = rule.agencyLevels ?? [];
  if (levels.length > 0) {
    if (!levels.includes(draft.agencyLevel)) return null;
    because.push(`执法机关层级为${AGENCY_LEVEL_LABELS[draft.agencyLevel]}`);
  }

  const domains = norm(rule.domains);
  if (domains.length > 0) {
    const domain = draft.domain?.trim();
    if (domain === undefined || !domains.includes(domain)) return null;
    because.push(`执法领域为${domain}`);
  }

  if (rule.minAmount !== undefined && rule.minAmount !== null) {
    const amount = draft.amount;
    if (amount === undefined || !(amount >= rule.minAmount)) return null;
    const what = draft.actionType === "penalty" ? "罚款金额" : "涉案金额";
    because.push(`${what} ${formatYuan(amount)} 元 ≥ ${formatYuan(rule.minAmount)} 元`);
  }

  const kinds = norm(rule.penaltyKinds);
  if (kinds.length > 0) {
    const measures = new Set(norm(draft.measures));
    const hit = kinds.filter((k) => measures.has(k));
    if (hit.length === 0) return null;
    because.push(`处理措施包含${hit.join("、")}`);
  }

  if (rule.hearingHeld === true) {
    if (draft.hearingHeld !== true) return null;
    because.push("已举行听证");
  }

  const flags = norm(rule.flags);
  if (flags.length > 0) {
    const draftFlags = new Set(norm(draft.flags));
    const hit = flags.filter((f) => draftFlags.has(f));
    if (hit.length === 0) return null;
    because.push(...hit.map(flagLabel));
  }

  if (because.length === 0) {
    // Only an unconstrained rule gets here (validateCatalogRule refuses it); say so.
    because.push("该目录规则未设置任何限定条件，适用于所有执法决定");
  }

  return { ruleId: rule.id, name: rule.name, because };
}

/**
 * Is the draft a major decision that needs legal review (R-REV-01)?
 *
 * `matched` lists every active catalog rule that matches, in catalog order, each with the
 * reasons in Chinese; then, when `scope.allGeneralProcedurePenalties` is set and the draft
 * is a penalty not decided under simple procedure (简易程序 is never widened; an
 * unspecified procedure counts as general), a pseudo-match with ruleId
 * "scope:general_procedure_penalty". `major` is true iff something matched.
 *
 * Rules are evaluated as given; catalog edits should go through
 * {@link validateCatalogRule}.
 */
export function isMajor(draft: DecisionDraft, rules: readonly CatalogRule[], scope?: MajorScope): MajorResult {
  const matched: MajorMatch[] = [];
  for (const rule of rules) {
    const m = matchRule(rule, draft);
    if (m) matched.push(m);
  }
  if (scope?.allGeneralProcedurePenalties && draft.actionType === "penalty" && draft.procedure !== "simple") {
    matched.push({
      ruleId: GENERAL_PROCEDURE_PENALTY_RULE_ID,
      name: "适用一般程序的行政处罚决定（本地区扩大法制审核范围）",
      because: ["行政处罚适用一般程序", "本地区规定适用一般程序的行政处罚决定均须法制审核"],
    });
  }
  return { major: matched.length > 0, matched };
}

function blankEntries(values: readonly string[] | undefined): boolean {
  return (values ?? []).some((v) => v.trim() === "");
}

/**
 * Problems with a catalog rule, in Chinese; empty when the rule may be saved.
 *
 * Refused: empty id or name; unknown action types or agency levels; blank domains,
 * penalty kinds or flags; a negative or non-finite amount threshold; and a rule that
 * constrains nothing (no condition at all, or only lists that cover every action type /
 * every level) — it would make every decision major. Use the deployment scope
 * ({@link MajorScope}) to widen review instead.
 */
export function validateCatalogRule(rule: CatalogRule): string[] {
  const problems: string[] = [];
  if (rule.id.trim() === "") problems.push("规则编号不能为空");
  if (rule.name.trim() === "") problems.push("规则名称不能为空");

  const badTypes = rule.actionTypes.filter((t) => !(ACTION_TYPES as readonly string[]).includes(t));
  if (badTypes.length > 0) problems.push(`执法行为类别无效：${badTypes.join("、")}`);

  const levels = rule.agencyLevels ?? [];
  const badLevels = levels.filter((l) => !(AGENCY_LEVELS as readonly string[]).includes(l));
  if (badLevels.length > 0) problems.push(`执法机关层级无效：${badLevels.join("、")}`);

  if (blankEntries(rule.domains)) problems.push("执法领域不能为空白");
  if (blankEntries(rule.penaltyKinds)) problems.push("处理措施种类不能为空白");
  if (blankEntries(rule.flags)) problems.push("重大情形标识不能为空白");

  const amount = rule.minAmount;
  if (amount !== undefined && amount !== null) {
    if (!Number.isFinite(amount)) problems.push("涉案金额门槛必须是有限数值");
    else if (amount < 0) problems.push(`涉案金额门槛不能为负数（当前为 ${formatYuan(amount)} 元）`);
  }

  const typesConstrain = rule.actionTypes.length > 0 && ACTION_TYPES.some((t) => !rule.actionTypes.includes(t));
  const levelsConstrain = levels.length > 0 && AGENCY_LEVELS.some((l) => !levels.includes(l));
  const constrains =
    typesConstrain ||
    levelsConstrain ||
    norm(rule.domains).some((d) => d !== "") ||
    (amount !== undefined && amount !== null) ||
    norm(rule.penaltyKinds).some((k) => k !== "") ||
    rule.hearingHeld === true ||
    norm(rule.flags).some((f) => f !== "");
  if (!constrains) {
    problems.push("规则未设置任何限定条件，将使所有执法决定都成为重大执法决定，不予保存");
  }
  return problems;
}
