/**
 * Case workflows as data (R-CASE-01, R-LIST-08): the stages of each action type, who may
 * complete them, the documents and records each needs, the time limits, and the gates the
 * platform enforces before a stage may be completed. Pure rules: the server gathers the
 * facts of a case (documents, team check, audio/video, legal review) and asks
 * {@link evaluateAdvance}; the web app and the flowchart use the same definitions.
 */
import { ACTION_TYPES, ACTION_TYPE_LABELS, ROLES, ROLE_LABELS } from "./enums.ts";
import type { ActionType, Role } from "./enums.ts";

/** 执法文书 and text records a case may hold (R-CASE-06, R-REC-01). */
export const DOC_KINDS = [
  "filing_approval",
  "site_inspection",
  "inquiry",
  "pre_registration",
  "seizure_decision",
  "seizure_release",
  "penalty_notice",
  "statement",
  "hearing_notice",
  "hearing_report",
  "appraisal",
  "case_report",
  "penalty_decision",
  "simple_decision",
  "service_proof",
  "inspection_notice",
  "inspection_result",
  "permit_acceptance",
  "permit_decision",
  "generic_decision",
  "payment_record",
  "closing_approval",
  "other",
] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DOC_KIND_LABELS: Record<DocKind, string> = {
  filing_approval: "立案审批表",
  site_inspection: "现场检查笔录",
  inquiry: "询问笔录",
  pre_registration: "先行登记保存证据决定书",
  seizure_decision: "查封扣押决定书",
  seizure_release: "解除查封扣押决定书",
  penalty_notice: "行政处罚事先告知书",
  statement: "陈述申辩笔录",
  hearing_notice: "听证通知书",
  hearing_report: "听证报告",
  appraisal: "检测、检验、鉴定意见",
  case_report: "案件调查终结报告",
  penalty_decision: "行政处罚决定书",
  simple_decision: "当场行政处罚决定书",
  service_proof: "送达回证",
  inspection_notice: "检查通知书",
  inspection_result: "检查结果告知书",
  permit_acceptance: "受理通知书",
  permit_decision: "行政许可决定书",
  generic_decision: "行政执法决定书",
  payment_record: "缴款（执行）记录",
  closing_approval: "结案审批表",
  other: "其他材料",
};

export const isDocKind = (v: unknown): v is DocKind => typeof v === "string" && (DOC_KINDS as readonly string[]).includes(v);

/** 案件来源: how a case starts (R-CASE-01 启动). */
export const CASE_SOURCES = ["lead", "inspection", "complaint", "referral", "other"] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = { lead: "线索核查", inspection: "检查发现", complaint: "投诉举报", referral: "移送交办", other: "其他" };

/** The canonical phases of R-CASE-01, for grouping and the public flowchart. */
export const PHASES = ["start", "investigation", "notice", "hearing", "review", "decision", "service", "execution", "closing", "archive"] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, string> = {
  start: "启动/立案",
  investigation: "调查取证",
  notice: "告知",
  hearing: "听证",
  review: "审查",
  decision: "决定",
  service: "送达",
  execution: "执行",
  closing: "结案",
  archive: "归档",
};

export type LimitUnitName = "workingDays" | "days";

/** A time limit and where it comes from (R-CASE-07). */
export interface StageLimit {
  amount: number;
  unit: LimitUnitName;
  /** The statute or rule, shown to officers and on the flowchart. */
  basis: string;
}

/** Audio/video requirement of a stage (R-REC-05, R-LIST-05). */
export type AvRule = "mandatory" | "expected";

export interface StageDef {
  key: string;
  name: string;
  phase: Phase;
  /** Who may complete the stage (approve and move on). */
  actors: Role[];
  /**
   * Documents that must exist before the stage completes. A nested array means "any one
   * of these" (e.g. 现场检查笔录 or 询问笔录).
   */
  documents?: (DocKind | DocKind[])[];
  /** At least this many assigned officers, each qualified on the day (R-CASE-03). */
  minTeam?: number;
  /** Audio/video requirement (R-REC-05). */
  av?: AvRule;
  /** The decision stage: closed while a required legal review has not passed (R-REV-02). */
  majorGate?: boolean;
  /** Stage time limit, counted from the day the stage began. */
  limit?: StageLimit;
  /** The clock may be stopped (听证、检测、检验、鉴定… 不计入期限). */
  suspendable?: boolean;
  /** Stages this one may lead to; empty for the final stage. The first is the usual path. */
  next: string[];
  /** Chinese guidance for the officer (what this stage is for). */
  hint?: string;
}

export interface WorkflowDefinition {
  /** Stable key, e.g. "penalty.general"; a change is a new version under the same key. */
  key: string;
  version: number;
  name: string;
  actionType: ActionType;
  procedure?: "general" | "simple";
  /** Case-level limit, counted from opening (e.g. 行政处罚法 第六十条: 九十日). */
  caseLimit?: StageLimit;
  /** The stage whose completion ends the case's clock (决定). */
  caseLimitEndsAt?: string;
  stages: StageDef[];
}

// ---------------------------------------------------------------------------------------
// Built-in definitions (an administrator adapts them as new versions)
// ---------------------------------------------------------------------------------------

const HEADS: Role[] = ["unit_lead", "agency_head"];
const HANDLERS: Role[] = ["officer", "unit_lead", "agency_head"];

const common = {
  closing: (docs: (DocKind | DocKind[])[] = ["closing_approval"]): StageDef => ({
    key: "closing",
    name: "结案",
    phase: "closing",
    actors: HEADS,
    documents: docs,
    next: ["archive"],
    hint: "承办机构负责人审批结案；结案后 30 日内形成电子卷宗。",
  }),
  archive: (): StageDef => ({ key: "archive", name: "归档", phase: "archive", actors: HEADS, next: [], hint: "案卷归档，电子卷宗按保管期限保存。" }),
};

/** 行政处罚（一般程序）. Limits from 行政处罚法 (2021) and 市场监督管理行政处罚程序规定. */
export const PENALTY_GENERAL: WorkflowDefinition = {
  key: "penalty.general",
  version: 1,
  name: "行政处罚（一般程序）",
  actionType: "penalty",
  procedure: "general",
  caseLimit: { amount: 90, unit: "days", basis: "《行政处罚法》第六十条：自立案之日起九十日内作出行政处罚决定" },
  caseLimitEndsAt: "decision",
  stages: [
    {
      key: "filing",
      name: "立案",
      phase: "start",
      actors: HEADS,
      documents: ["filing_approval"],
      limit: { amount: 15, unit: "workingDays", basis: "《市场监督管理行政处罚程序规定》第十八条：发现线索之日起十五个工作日内决定是否立案" },
      next: ["investigation"],
      hint: "核查线索，填写立案审批表，报负责人批准立案。",
    },
    {
      key: "investigation",
      name: "调查取证",
      phase: "investigation",
      actors: HANDLERS,
      documents: [["site_inspection", "inquiry"], "case_report"],
      minTeam: 2,
      av: "expected",
      suspendable: true,
      next: ["notice"],
      hint: "两名以上执法人员出示证件，制作现场检查笔录或询问笔录，收集证据，形成调查终结报告。",
    },
    {
      key: "notice",
      name: "事先告知",
      phase: "notice",
      actors: HANDLERS,
      documents: ["penalty_notice"],
      limit: { amount: 5, unit: "workingDays", basis: "《行政处罚法》第六十四条、第八十五条：告知后五个工作日内可要求听证" },
      next: ["review", "hearing"],
      hint: "送达行政处罚事先告知书，听取陈述申辩；当事人要求听证的进入听证。",
    },
    {
      key: "hearing",
      name: "听证",
      phase: "hearing",
      actors: HANDLERS,
      documents: ["hearing_notice", "hearing_report"],
      av: "expected",
      suspendable: true,
      next: ["review"],
      hint: "举行听证七个工作日前送达听证通知书；听证结束后制作听证报告。听证期间不计入办案期限。",
    },
    {
      key: "review",
      name: "审查",
      phase: "review",
      actors: HEADS,
      next: ["decision"],
      hint: "承办机构负责人审查；属于重大执法决定的，提交法制审核。",
    },
    {
      key: "decision",
      name: "决定",
      phase: "decision",
      actors: ["agency_head"],
      documents: ["penalty_decision"],
      majorGate: true,
      next: ["service"],
      hint: "行政机关负责人作出决定；重大执法决定须经法制审核通过。",
    },
    {
      key: "service",
      name: "送达",
      phase: "service",
      actors: HANDLERS,
      documents: ["service_proof"],
      limit: { amount: 7, unit: "workingDays", basis: "《行政处罚法》第六十一条、第八十五条：七个工作日内送达" },
      next: ["execution"],
      hint: "直接送达、留置送达、邮寄、公告或经同意的电子送达，取得送达回证。",
    },
    {
      key: "execution",
      name: "执行",
      phase: "execution",
      actors: HANDLERS,
      documents: ["payment_record"],
      limit: { amount: 15, unit: "days", basis: "《行政处罚法》第六十七条：收到决定书之日起十五日内缴纳罚款" },
      suspendable: true,
      next: ["closing"],
      hint: "记录缴款；分期、延期缴纳须经批准；逾期每日按罚款数额 3% 加处罚款。",
    },
    common.closing(),
    common.archive(),
  ],
};

/** 行政处罚（简易程序，当场处罚）: 行政处罚法 第五十一条至第五十三条. */
export const PENALTY_SIMPLE: WorkflowDefinition = {
  key: "penalty.simple",
  version: 1,
  name: "行政处罚（简易程序）",
  actionType: "penalty",
  procedure: "simple",
  stages: [
    {
      key: "on_site",
      name: "当场处罚",
      phase: "decision",
      actors: HANDLERS,
      documents: ["simple_decision"],
      minTeam: 2,
      av: "expected",
      next: ["service"],
      hint: "违法事实确凿、有法定依据，对公民处二百元以下、对法人或其他组织处三千元以下罚款或警告的，当场作出决定（《行政处罚法》第五十一条）。",
    },
    {
      key: "service",
      name: "当场交付",
      phase: "service",
      actors: HANDLERS,
      documents: ["service_proof"],
      next: ["execution"],
      hint: "当场交付决定书，当事人签名确认。",
    },
    {
      key: "execution",
      name: "执行",
      phase: "execution",
      actors: HANDLERS,
      documents: ["payment_record"],
      limit: { amount: 15, unit: "days", basis: "《行政处罚法》第六十七条：十五日内缴纳罚款" },
      next: ["closing"],
      hint: "记录缴款或当场收缴（第六十八条）。",
    },
    // 当场处罚: the officers report the decision to their agency for the record (备案) and close
    { ...common.closing([]), actors: HANDLERS, hint: "报所属行政机关备案并结案（《行政处罚法》第五十二条）。" },
    common.archive(),
  ],
};

/** 行政强制措施（查封、扣押）: 行政强制法 第十八条至第二十八条. */
export const COERCION_SEIZURE: WorkflowDefinition = {
  key: "coercion.seizure",
  version: 1,
  name: "行政强制措施（查封、扣押）",
  actionType: "coercion",
  stages: [
    {
      key: "approval",
      name: "报批",
      phase: "start",
      actors: ["agency_head"],
      documents: ["filing_approval"],
      limit: { amount: 1, unit: "days", basis: "《行政强制法》第十九条：情况紧急当场实施的，二十四小时内补办批准手续" },
      next: ["enforcement"],
      hint: "实施前向行政机关负责人报告并经批准。",
    },
    {
      key: "enforcement",
      name: "实施查封扣押",
      phase: "investigation",
      actors: HANDLERS,
      documents: ["seizure_decision", "site_inspection"],
      minTeam: 2,
      av: "mandatory",
      next: ["service"],
      hint: "两名以上执法人员实施，通知当事人到场，制作现场笔录和清单；全过程音像记录。",
    },
    {
      key: "service",
      name: "送达",
      phase: "service",
      actors: HANDLERS,
      documents: ["service_proof"],
      next: ["handling"],
      hint: "当场交付查封扣押决定书和清单。",
    },
    {
      key: "handling",
      name: "期限内处理",
      phase: "decision",
      actors: ["agency_head"],
      documents: [["seizure_release", "penalty_decision", "generic_decision"]],
      limit: { amount: 30, unit: "days", basis: "《行政强制法》第二十五条：查封扣押期限不得超过三十日；检测、检验、检疫或者技术鉴定期间不计入" },
      suspendable: true,
      majorGate: true,
      next: ["closing"],
      hint: "期限内作出处理决定或解除查封扣押；情况复杂经负责人批准可延长，但不得超过三十日。",
    },
    common.closing(),
    common.archive(),
  ],
};

/** 行政检查. */
export const INSPECTION: WorkflowDefinition = {
  key: "inspection.general",
  version: 1,
  name: "行政检查",
  actionType: "inspection",
  stages: [
    {
      key: "preparation",
      name: "检查准备",
      phase: "start",
      actors: HEADS,
      documents: ["inspection_notice"],
      next: ["inspection"],
      hint: "按检查计划或双随机抽取结果确定检查对象和人员，经负责人批准。",
    },
    {
      key: "inspection",
      name: "实施检查",
      phase: "investigation",
      actors: HANDLERS,
      documents: ["site_inspection"],
      minTeam: 2,
      av: "expected",
      next: ["result"],
      hint: "两名以上执法人员出示证件，制作现场检查笔录。",
    },
    {
      key: "result",
      name: "检查结果处理",
      phase: "decision",
      actors: HEADS,
      documents: ["inspection_result"],
      limit: { amount: 20, unit: "workingDays", basis: "本机关规定：检查结束后二十个工作日内告知检查结果" },
      next: ["closing"],
      hint: "告知检查结果；发现违法行为的，另行立案处罚。",
    },
    common.closing([]),
    common.archive(),
  ],
};

/** 行政许可: 行政许可法 第三十二条至第四十四条. */
export const PERMIT: WorkflowDefinition = {
  key: "permit.general",
  version: 1,
  name: "行政许可",
  actionType: "permit",
  caseLimit: { amount: 20, unit: "workingDays", basis: "《行政许可法》第四十二条：受理之日起二十日内作出决定（第八十二条：日指工作日）" },
  caseLimitEndsAt: "decision",
  stages: [
    {
      key: "acceptance",
      name: "受理",
      phase: "start",
      actors: HANDLERS,
      documents: ["permit_acceptance"],
      limit: { amount: 5, unit: "workingDays", basis: "《行政许可法》第三十二条：材料不齐全的五日内一次告知补正" },
      next: ["examination"],
    },
    {
      key: "examination",
      name: "审查",
      phase: "review",
      actors: HANDLERS,
      suspendable: true,
      next: ["decision"],
      hint: "审查申请材料；需要核查的，指派两名以上工作人员核查。听证、检验、检测、鉴定期间不计入期限（第四十五条）。",
    },
    {
      key: "decision",
      name: "决定",
      phase: "decision",
      actors: ["agency_head"],
      documents: ["permit_decision"],
      majorGate: true,
      next: ["service"],
    },
    {
      key: "service",
      name: "送达",
      phase: "service",
      actors: HANDLERS,
      documents: ["service_proof"],
      limit: { amount: 10, unit: "workingDays", basis: "《行政许可法》第四十四条：决定之日起十日内颁发、送达许可证件" },
      next: ["closing"],
    },
    common.closing([]),
    common.archive(),
  ],
};

/** A generic definition for the other action types (R-GEN-01), for an administrator to adapt. */
export function genericWorkflow(actionType: ActionType): WorkflowDefinition {
  return {
    key: `${actionType}.general`,
    version: 1,
    name: `${ACTION_TYPE_LABELS[actionType]}（通用流程）`,
    actionType,
    stages: [
      { key: "filing", name: "启动", phase: "start", actors: HEADS, documents: ["filing_approval"], next: ["investigation"] },
      { key: "investigation", name: "调查核实", phase: "investigation", actors: HANDLERS, documents: [["site_inspection", "inquiry", "other"]], minTeam: 2, suspendable: true, next: ["decision"] },
      { key: "decision", name: "决定", phase: "decision", actors: ["agency_head"], documents: ["generic_decision"], majorGate: true, next: ["service"] },
      { key: "service", name: "送达", phase: "service", actors: HANDLERS, documents: ["service_proof"], next: ["closing"] },
      common.closing([]),
      common.archive(),
    ],
  };
}

/** Every definition a new deployment starts with. */
export function builtInWorkflows(): WorkflowDefinition[] {
  const specific = [PENALTY_GENERAL, PENALTY_SIMPLE, COERCION_SEIZURE, INSPECTION, PERMIT];
  const covered = new Set(specific.map((d) => d.actionType));
  return [...specific, ...ACTION_TYPES.filter((t) => !covered.has(t)).map(genericWorkflow)].map((d) => JSON.parse(JSON.stringify(d)) as WorkflowDefinition);
}

// ---------------------------------------------------------------------------------------
// Validation of an adapted definition
// ---------------------------------------------------------------------------------------

const KEY = /^[a-z][a-z0-9_.]{0,59}$/;

/** Chinese problems of a definition; [] when it can be used. */
export function validateWorkflow(def: WorkflowDefinition): string[] {
  const problems: string[] = [];
  if (typeof def.key !== "string" || !KEY.test(def.key)) problems.push("流程编码应为小写字母开头的字母、数字、点或下划线");
  if (!Number.isInteger(def.version) || def.version < 1) problems.push("版本号应为正整数");
  const text = (v: unknown): boolean => typeof v === "string" && v.trim() !== "";
  if (!text(def.name)) problems.push("请填写流程名称");
  if (!(ACTION_TYPES as readonly string[]).includes(def.actionType)) problems.push("执法行为类别无效");
  if (def.procedure !== undefined && def.procedure !== "general" && def.procedure !== "simple") problems.push("程序类型应为一般程序或简易程序");
  if (!Array.isArray(def.stages) || def.stages.length < 2) {
    problems.push("流程至少需要两个环节");
    return problems;
  }
  const keys = new Set<string>();
  for (const [i, s] of def.stages.entries()) {
    if (typeof s !== "object" || s === null) {
      problems.push(`第 ${i + 1} 个环节格式无效`);
      continue;
    }
    const at = `第 ${i + 1} 个环节（${s.name || s.key}）`;
    if (!Array.isArray(s.next) || s.next.some((n) => typeof n !== "string")) problems.push(`${at}的后续环节应为环节编码列表`);
    if (typeof s.key !== "string" || !KEY.test(s.key)) problems.push(`${at}的编码无效`);
    if (keys.has(s.key)) problems.push(`${at}的编码重复`);
    keys.add(s.key);
    if (!text(s.name)) problems.push(`${at}缺少名称`);
    if (s.hint !== undefined && typeof s.hint !== "string") problems.push(`${at}的说明应为文字`);
    if (!(PHASES as readonly string[]).includes(s.phase)) problems.push(`${at}的阶段无效`);
    if (s.documents !== undefined && !Array.isArray(s.documents)) problems.push(`${at}的必备文书无效`);
    if (!Array.isArray(s.actors) || s.actors.length === 0 || s.actors.some((r) => !(ROLES as readonly string[]).includes(r))) problems.push(`${at}的办理角色无效`);
    for (const d of Array.isArray(s.documents) ? s.documents : []) {
      const list = Array.isArray(d) ? d : [d];
      if (list.length === 0 || list.some((k) => !isDocKind(k))) problems.push(`${at}的必备文书无效`);
    }
    if (s.minTeam !== undefined && (!Number.isInteger(s.minTeam) || s.minTeam < 1 || s.minTeam > 20)) problems.push(`${at}的最少执法人员数无效`);
    if (s.av !== undefined && s.av !== "mandatory" && s.av !== "expected") problems.push(`${at}的音像记录要求无效`);
    if (s.limit && !limitOk(s.limit)) problems.push(`${at}的办理期限无效`);
  }
  if (def.caseLimit && !limitOk(def.caseLimit)) problems.push("案件办理期限无效");
  if (def.caseLimitEndsAt !== undefined && !keys.has(def.caseLimitEndsAt)) problems.push("案件期限的截止环节不存在");
  if (problems.length) return problems;
  for (const s of def.stages) {
    for (const n of s.next) if (!keys.has(n)) problems.push(`环节“${s.name}”的后续环节 ${n} 不存在`);
    if (s.next.includes(s.key)) problems.push(`环节“${s.name}”不能流转到自身`);
  }
  if (problems.length) return problems;
  // every stage reachable from the first, and a final stage reachable from every stage
  const byKey = new Map(def.stages.map((s) => [s.key, s]));
  const reached = new Set<string>();
  const walk = (k: string) => {
    if (reached.has(k)) return;
    reached.add(k);
    for (const n of byKey.get(k)!.next) walk(n);
  };
  walk(def.stages[0]!.key);
  for (const s of def.stages) if (!reached.has(s.key)) problems.push(`环节“${s.name}”无法从第一个环节到达`);
  const finals = def.stages.filter((s) => s.next.length === 0);
  if (finals.length === 0) problems.push("流程缺少结束环节（没有后续环节的环节）");
  const ends = new Set(finals.map((s) => s.key));
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of def.stages) {
      if (!ends.has(s.key) && s.next.some((n) => ends.has(n))) {
        ends.add(s.key);
        changed = true;
      }
    }
  }
  for (const s of def.stages) if (!ends.has(s.key)) problems.push(`环节“${s.name}”无法到达结束环节`);
  return problems;
}

function limitOk(l: StageLimit): boolean {
  return typeof l === "object" && Number.isInteger(l.amount) && l.amount >= 0 && l.amount <= 3650 && (l.unit === "workingDays" || l.unit === "days") && typeof l.basis === "string";
}

export function stageOf(def: WorkflowDefinition, key: string): StageDef | undefined {
  return def.stages.find((s) => s.key === key);
}

// ---------------------------------------------------------------------------------------
// Gates (R-CASE-03, R-CASE-06, R-REC-05, R-REV-02)
// ---------------------------------------------------------------------------------------

/** Stable ids of the reasons a stage may not be completed. */
export type GateCode =
  | "case_not_open"
  | "case_suspended"
  | "stage_role"
  | "stage_next_invalid"
  | "team_insufficient"
  | "documents_missing"
  | "av_missing"
  | "av_exception_pending"
  | "legal_review_required"
  | "legal_review_pending"
  | "legal_review_stale";

export interface GateRefusal {
  code: GateCode;
  /** Chinese explanation for the officer. */
  message: string;
  /** The rule enforced, e.g. "R-CASE-03". */
  rule: string;
}

/** What the server knows about the case when someone tries to complete its current stage. */
export interface CaseFacts {
  status: "open" | "suspended" | "closed" | "archived" | "terminated";
  stage: string;
  /** Kinds of the case's current (not superseded) documents and records. */
  documents: ReadonlySet<DocKind>;
  /** The team check of the assigned officers on the day (R-CASE-03), when the stage needs one. */
  team?: { qualified: number; problems: string[] };
  /** Audio/video files attached to the current stage. */
  avFiles: number;
  /** An audio/video exception for the stage: pending approval or approved (R-REC-05). */
  avException?: "pending" | "approved" | null;
  /** The audio/video list (R-LIST-05) makes this stage full-process even if the definition does not. */
  avMandatoryByList?: boolean;
  /** Legal review (R-REV-02): required for this decision, and the latest round's state. */
  review?: { required: boolean; passed: boolean; pending: boolean; because?: string[]; stale?: boolean };
}

/** Roles of whoever is trying to act. */
export interface ActorFacts {
  roles: readonly Role[];
}

/** The audio/video requirement that applies to a stage (definition or list). */
export function avRequirement(stage: StageDef, facts: Pick<CaseFacts, "avMandatoryByList">): AvRule | undefined {
  if (stage.av === "mandatory" || facts.avMandatoryByList) return "mandatory";
  return stage.av;
}

/** Which required documents are still missing (each entry a label; "A或B" for any-of). */
export function missingDocuments(stage: StageDef, have: ReadonlySet<DocKind>): string[] {
  const out: string[] = [];
  for (const d of stage.documents ?? []) {
    const list = Array.isArray(d) ? d : [d];
    if (!list.some((k) => have.has(k))) out.push(list.map((k) => DOC_KIND_LABELS[k]).join("或"));
  }
  return out;
}

/**
 * May the current stage be completed towards `next`? Returns every refusal (not just the
 * first) so the case page can show all that is missing at once.
 */
export function evaluateAdvance(def: WorkflowDefinition, facts: CaseFacts, actor: ActorFacts, next?: string): GateRefusal[] {
  const stage = stageOf(def, facts.stage);
  const out: GateRefusal[] = [];
  if (facts.status === "suspended") out.push({ code: "case_suspended", message: "案件处于中止状态，恢复后才能继续办理", rule: "R-CASE-07" });
  // a closed case (结案) still has its 归档 to do
  else if (facts.status !== "open" && !(facts.status === "closed" && stage?.phase === "archive")) out.push({ code: "case_not_open", message: "案件已结案或终止，不能再办理", rule: "R-CASE-01" });
  if (!stage) {
    out.push({ code: "stage_next_invalid", message: "当前环节不在本流程中", rule: "R-CASE-01" });
    return out;
  }
  if (!stage.actors.some((r) => actor.roles.includes(r))) {
    out.push({ code: "stage_role", message: `“${stage.name}”环节由${stage.actors.map(roleLabel).join("或")}办理`, rule: "R-CASE-01" });
  }
  // no `next`: the usual path (the first listed), or, at the final stage, archiving the case
  if (next !== undefined && !stage.next.includes(next)) {
    out.push({ code: "stage_next_invalid", message: stage.next.length ? `“${stage.name}”之后只能进入${stage.next.map((k) => `“${stageOf(def, k)?.name ?? k}”`).join("或")}` : "流程已到最后一个环节", rule: "R-CASE-01" });
  }
  if (stage.minTeam) {
    const team = facts.team ?? { qualified: 0, problems: [] };
    if (team.qualified < stage.minTeam) {
      const detail = team.problems.length ? `：${team.problems.join("；")}` : "";
      out.push({ code: "team_insufficient", message: `“${stage.name}”须由至少 ${stage.minTeam} 名具备执法资格的执法人员承办，目前符合条件的有 ${team.qualified} 名${detail}`, rule: "R-CASE-03" });
    }
  }
  const missing = missingDocuments(stage, facts.documents);
  if (missing.length) out.push({ code: "documents_missing", message: `“${stage.name}”还缺少：${missing.join("、")}`, rule: "R-CASE-06" });
  if (avRequirement(stage, facts) === "mandatory" && facts.avFiles === 0) {
    if (facts.avException === "pending") out.push({ code: "av_exception_pending", message: `“${stage.name}”须全过程音像记录；未记录的情况说明正在等待机关负责人批准`, rule: "R-REC-05" });
    else if (facts.avException !== "approved") out.push({ code: "av_missing", message: `“${stage.name}”须全过程音像记录：请上传音像记录，或提交未记录的情况说明并经机关负责人批准`, rule: "R-REC-05" });
  }
  if (stage.majorGate && facts.review?.required && !facts.review.passed) {
    const why = facts.review.because?.length ? `（${facts.review.because.join("；")}）` : "";
    out.push(
      facts.review.pending
        ? { code: "legal_review_pending", message: `属于重大执法决定${why}，法制审核尚未通过，不能作出决定`, rule: "R-REV-02" }
        : facts.review.stale
          ? { code: "legal_review_stale", message: `法制审核同意后拟决定内容已修改，须就修改后的内容重新提交法制审核`, rule: "R-REV-02" }
          : { code: "legal_review_required", message: `属于重大执法决定${why}，须先提交法制审核并经审核同意`, rule: "R-REV-02" },
    );
  }
  return out;
}

const roleLabel = (r: Role): string => ROLE_LABELS[r];

// ---------------------------------------------------------------------------------------
// Backfilling (R-CASE-05)
// ---------------------------------------------------------------------------------------

export type BackfillFlag = "backfilled" | "after_stage_closed";

export const BACKFILL_FLAG_LABELS: Record<BackfillFlag, string> = {
  backfilled: "事后补录",
  after_stage_closed: "所属环节已办结后录入",
};

/** Default tolerance between the act and its entry: on-site work is entered the same day. */
export const DEFAULT_BACKFILL_TOLERANCE_HOURS = 24;

/**
 * R-CASE-05: every entry records the server's time of entry. An act claimed more than the
 * tolerance before its entry, or entered for a stage that had already been completed, is
 * accepted but flagged for supervisors — never silently.
 */
export function backfillFlags(input: { actedAt: Date; enteredAt: Date; toleranceHours?: number; stageCompletedAt?: Date | null }): BackfillFlag[] {
  const flags: BackfillFlag[] = [];
  const tolerance = (input.toleranceHours ?? DEFAULT_BACKFILL_TOLERANCE_HOURS) * 3600_000;
  if (input.enteredAt.getTime() - input.actedAt.getTime() > tolerance) flags.push("backfilled");
  if (input.stageCompletedAt && input.stageCompletedAt.getTime() < input.enteredAt.getTime()) flags.push("after_stage_closed");
  return flags;
}
