/**
 * Templates of the standard 执法文书 of the case workflows (R-CASE-06): one versioned template per
 * document kind, filled from the case's data (agency, 案号/文号, party, 案由, team with 执法证号, dates,
 * the drafted decision with its 裁量阶次 and 裁量说明) plus the free-text parts the officer edits
 * (违法事实, 证据, 依据, 询问内容, 检查情况, 送达方式…). The result is a {@link DocModel} the server renders
 * to DOCX and PDF. Pure: the same inputs always give the same model.
 *
 * Wording follows the statutes where it is standard: 《中华人民共和国行政处罚法》(2021) 第四十四条、第四十五条
 * (事先告知, 陈述申辩), 第五十一条、第五十二条 (当场处罚), 第五十六条 (先行登记保存), 第五十九条 (决定书内容),
 * 第六十一条 (送达), 第六十三条、第六十四条 (听证), 第六十七条、第七十二条 (缴纳罚款, 加处罚款), 第八十五条 (日 =
 * 工作日); 《中华人民共和国行政强制法》第二十四条、第二十五条 (查封扣押); 《中华人民共和国行政复议法》(六十日)
 * and 《中华人民共和国行政诉讼法》第四十六条 (六个月).
 */
import type { ActionType } from "./enums.ts";
import type { DocBlock, DocModel } from "./document-model.ts";
import { formatYuan } from "./execution.ts";
import { todayInShanghai } from "./calendar.ts";
import type { DocKind, WorkflowDefinition } from "./workflow.ts";

// ---------------------------------------------------------------------------------------
// Case data a document is filled from
// ---------------------------------------------------------------------------------------

export interface CaseDocParty {
  type: "person" | "org";
  name: string;
  /** 身份证件号码 / 统一社会信用代码 */
  idNo?: string | null;
  address?: string | null;
  phone?: string | null;
}

export interface CaseDocOfficer {
  name: string;
  /** 执法证号 */
  certNumber?: string | null;
  /** lead (主办) | member (协办) */
  role?: string | null;
}

export interface CaseDocDecision {
  /** 处罚种类/措施, e.g. ["警告", "罚款"] */
  measures?: string[] | null;
  amountFen?: number | null;
  /** 裁量阶次 */
  tierLabel?: string | null;
  /** 裁量说明 */
  discretionReason?: string | null;
  outsideTierReason?: string | null;
}

/** What a document is filled from: a snapshot of the case when the document is generated. */
export interface CaseDocData {
  agencyName: string;
  /** 案号, e.g. 示市监罚〔2026〕00001号; the 文号 of the documents issued to the party */
  caseNumber: string;
  /** 案由 */
  caseTitle: string;
  /** 案件来源 (label) and the lead's details */
  sourceLabel?: string | null;
  sourceDetail?: string | null;
  /** 立案（发现线索）日期, YYYY-MM-DD */
  openedOn?: string | null;
  party: CaseDocParty;
  /** The team, 主办 first. */
  officers: CaseDocOfficer[];
  decision?: CaseDocDecision | null;
  /** The document generated before this one (a 送达回证 names it). */
  lastDocument?: { title: string; number?: string | null } | null;
}

// ---------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------

export const CASE_TEMPLATE_KINDS = [
  "filing_approval",
  "inspection_notice",
  "permit_acceptance",
  "site_inspection",
  "inquiry",
  "pre_registration",
  "seizure_decision",
  "seizure_release",
  "case_report",
  "penalty_notice",
  "statement",
  "hearing_notice",
  "hearing_report",
  "penalty_decision",
  "simple_decision",
  "permit_decision",
  "inspection_result",
  "generic_decision",
  "service_proof",
  "closing_approval",
] as const satisfies readonly DocKind[];
export type CaseTemplateKind = (typeof CASE_TEMPLATE_KINDS)[number];

export const isCaseTemplateKind = (v: unknown): v is CaseTemplateKind => typeof v === "string" && (CASE_TEMPLATE_KINDS as readonly string[]).includes(v);

/** Where a field's initial value comes from in the case's data. */
export type PrefillSource = "partyName" | "partyAddress" | "personName" | "personIdNo" | "personPhone" | "orgName" | "discretionReason" | "lastDocument";

export interface TemplateField {
  key: string;
  label: string;
  /** Guidance for the officer. */
  hint: string;
  /**
   * Standard text (may use {机关} {当事人} {案由} {你}: the agency, the party's name, 案由, and 你/你单位).
   * Used when the officer gives no text for the field.
   */
  default?: string;
  /** Must not be empty. */
  required?: boolean;
  /** Several lines (a text area). */
  multiline?: boolean;
  /** A choice: the value is one of these (the document prints the label). */
  options?: { value: string; label: string }[];
  /** Prefilled from the case's data (before the default). */
  prefill?: PrefillSource;
  /** Prefilled from the latest value of these keys in the case's earlier documents (before the default). */
  carry?: string[];
}

export interface CaseTemplate {
  kind: CaseTemplateKind;
  /** Raised whenever the wording or layout changes; a generated document records the version it used. */
  version: number;
  title: string;
  /** The statute the document follows. */
  legalBasis: string;
  /** The free-text parts the officer edits. */
  editable: TemplateField[];
  /** Offered in every workflow (笔录, 送达回证). */
  general?: boolean;
  /** Also offered, beyond the kinds a workflow's stages require, in workflows of these action types (and procedure). */
  offeredIn?: { actionTypes: ActionType[]; procedure?: "general" | "simple" };
}

/** The longest text a field may hold. */
export const DOCUMENT_TEXT_MAX = 20_000;

export const SERVICE_METHODS = ["direct", "lodged", "post", "notice", "electronic"] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = {
  direct: "直接送达",
  lodged: "留置送达",
  post: "邮寄送达",
  notice: "公告送达",
  electronic: "电子送达",
};

const REMEDY_DEFAULT = "{你}如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。";
const REMEDY_PENALTY =
  "{你}如不服本行政处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。";
const PAYMENT_DEFAULT =
  "{你}应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。";

const F = {
  facts: (required = true): TemplateField => ({
    key: "facts",
    label: "违法事实",
    hint: "查明的违法事实：时间、地点、行为、情节、后果、违法所得等。",
    required,
    multiline: true,
    carry: ["facts"],
  }),
  evidence: (): TemplateField => ({
    key: "evidence",
    label: "证据",
    hint: "证明上述事实的证据，逐项列明（现场检查笔录、询问笔录、票据、检验报告等）。",
    required: true,
    multiline: true,
    carry: ["evidence"],
  }),
  violated: (): TemplateField => ({
    key: "violated",
    label: "违反的规定",
    hint: "违反的法律、法规、规章条款，例如：《中华人民共和国食品安全法》第三十四条第（十）项。",
    required: true,
    carry: ["violated"],
  }),
  basis: (): TemplateField => ({
    key: "basis",
    label: "处罚依据",
    hint: "作出处罚所依据的条款，例如：《中华人民共和国食品安全法》第一百二十四条第一款第（五）项。",
    required: true,
    carry: ["basis"],
  }),
  discretion: (): TemplateField => ({
    key: "discretion",
    label: "裁量说明",
    hint: "适用裁量基准的理由：违法行为的事实、性质、情节、社会危害程度，从轻、减轻或者从重的情形。默认取自拟决定内容。",
    multiline: true,
    prefill: "discretionReason",
    carry: ["discretion"],
  }),
  remedy: (text = REMEDY_DEFAULT): TemplateField => ({
    key: "remedy",
    label: "复议和诉讼权利告知",
    hint: "申请行政复议（六十日）、提起行政诉讼（六个月）的途径和期限；可写明复议机关和人民法院的名称。",
    default: text,
    required: true,
    multiline: true,
  }),
  contact: (): TemplateField => ({ key: "contact", label: "联系人及联系电话", hint: "本机关的联系人、电话和地址。", carry: ["contact"] }),
};

/** The standard documents, one current version each. */
export const CASE_TEMPLATES: Record<CaseTemplateKind, CaseTemplate> = {
  filing_approval: {
    kind: "filing_approval",
    version: 1,
    title: "立案审批表",
    legalBasis: "《中华人民共和国行政处罚法》第五十四条；《市场监督管理行政处罚程序规定》第十八条、第十九条",
    editable: [
      {
        key: "summary",
        label: "简要案情及立案理由",
        hint: "线索的来源、核查情况和涉嫌违法的事实，立案的理由。",
        default: "经核查，有证据初步证明当事人涉嫌存在违反法律、法规、规章的行为，依法应当给予行政处罚，属于本机关管辖，且在给予行政处罚的法定期限内，符合立案条件。",
        required: true,
        multiline: true,
      },
      { key: "opinion", label: "承办人意见", hint: "承办人员的意见。", default: "建议立案调查。", required: true },
    ],
  },
  site_inspection: {
    kind: "site_inspection",
    version: 1,
    title: "现场检查笔录",
    legalBasis: "《中华人民共和国行政处罚法》第四十二条、第五十五条",
    general: true,
    editable: [
      { key: "time", label: "检查时间", hint: "例如：2026年1月5日9时30分至10时40分。" },
      { key: "place", label: "检查地点", hint: "检查的场所；默认为当事人的住所（住址）。", prefill: "partyAddress" },
      { key: "present", label: "现场负责人", hint: "在场的当事人或现场负责人的姓名、职务、联系电话。", prefill: "personName" },
      { key: "recorder", label: "记录人", hint: "记录人的姓名。" },
      {
        key: "notice",
        label: "告知事项",
        hint: "出示执法证件，告知检查的依据和当事人的权利。",
        default: "我们是{机关}的执法人员，已向你出示执法证件。现依法进行现场检查，请予配合。你有权进行陈述和申辩；如认为执法人员与本案有直接利害关系，可以申请回避。",
        required: true,
        multiline: true,
      },
      { key: "findings", label: "检查情况", hint: "现场检查的经过和发现的情况：场所、物品、数量、标签、票据等，如实记录。", required: true, multiline: true },
    ],
  },
  inquiry: {
    kind: "inquiry",
    version: 1,
    title: "询问笔录",
    legalBasis: "《中华人民共和国行政处罚法》第四十二条、第五十五条",
    general: true,
    editable: [
      { key: "time", label: "询问时间", hint: "例如：2026年1月5日14时00分至15时10分。" },
      { key: "place", label: "询问地点", hint: "询问的地点。" },
      { key: "interviewee", label: "被询问人", hint: "被询问人的姓名；当事人为个人时默认为当事人。", required: true, prefill: "personName" },
      { key: "intervieweeId", label: "被询问人身份证件号码", hint: "居民身份证或其他身份证件号码。", prefill: "personIdNo" },
      { key: "intervieweeRole", label: "工作单位及职务", hint: "被询问人的工作单位和职务，与当事人的关系。", prefill: "orgName" },
      { key: "intervieweePhone", label: "被询问人联系电话", hint: "", prefill: "personPhone" },
      { key: "recorder", label: "记录人", hint: "记录人的姓名。" },
      {
        key: "notice",
        label: "告知事项",
        hint: "出示执法证件，告知被询问人的权利和义务。",
        default:
          "我们是{机关}的执法人员，这是我们的执法证件（出示证件）。现依法就{案由}一案向你进行调查询问。你应当如实回答询问，协助调查，不得阻挠；作伪证或者隐匿证据的，将依法承担法律责任。你有申请执法人员回避的权利，如认为执法人员与本案有直接利害关系，可以申请回避。",
        required: true,
        multiline: true,
      },
      {
        key: "qa",
        label: "询问内容",
        hint: "一问一答，每行以“问：”或“答：”开头，如实记录。",
        default: "问：以上告知事项你是否听清楚？是否申请执法人员回避？\n答：\n问：请介绍一下你的基本情况。\n答：",
        required: true,
        multiline: true,
      },
    ],
  },
  pre_registration: {
    kind: "pre_registration",
    version: 1,
    title: "先行登记保存证据决定书",
    legalBasis: "《中华人民共和国行政处罚法》第五十六条",
    offeredIn: { actionTypes: ["penalty", "inspection"], procedure: "general" },
    editable: [
      { key: "reason", label: "先行登记保存的理由", hint: "证据可能灭失或者以后难以取得的情形。", default: "有关证据可能灭失或者以后难以取得", required: true },
      { key: "items", label: "物品清单", hint: "每行一项：名称、规格型号、数量、生产日期或批号等。", required: true, multiline: true },
      { key: "keeping", label: "保存地点和方式", hint: "就地保存或者异地保存，保存地点和保管人。", default: "上述物品就地登记保存，由{你}负责保管。", required: true },
    ],
  },
  seizure_decision: {
    kind: "seizure_decision",
    version: 1,
    title: "查封扣押决定书",
    legalBasis: "《中华人民共和国行政强制法》第十八条、第二十四条、第二十五条",
    offeredIn: { actionTypes: ["coercion", "penalty"], procedure: "general" },
    editable: [
      { key: "reason", label: "查封扣押的理由", hint: "查明的涉嫌违法事实和采取强制措施的必要性。", required: true, multiline: true, carry: ["facts"] },
      {
        key: "measure",
        label: "措施",
        hint: "查封或者扣押。",
        default: "seize",
        required: true,
        options: [
          { value: "seal", label: "查封" },
          { value: "seize", label: "扣押" },
          { value: "both", label: "查封、扣押" },
        ],
      },
      {
        key: "basis",
        label: "法律依据",
        hint: "授权采取查封扣押措施的法律、法规条款。",
        default: "《中华人民共和国行政强制法》第九条、第二十二条、第二十三条，以及《________》第____条",
        required: true,
      },
      { key: "items", label: "场所、设施或者财物清单", hint: "每行一项：名称、规格型号、数量、存放地点等。", required: true, multiline: true },
      {
        key: "period",
        label: "期限",
        hint: "查封、扣押的期限不得超过三十日；情况复杂的，经负责人批准可以延长，但延长期限不得超过三十日。",
        default: "查封、扣押的期限为三十日。情况复杂的，经本机关负责人批准，可以延长，但是延长期限不得超过三十日；延长查封、扣押的决定将及时书面告知{你}。检测、检验、检疫或者技术鉴定的期间不计入查封、扣押期限。",
        required: true,
        multiline: true,
      },
      F.remedy(),
    ],
  },
  penalty_notice: {
    kind: "penalty_notice",
    version: 1,
    title: "行政处罚事先告知书",
    legalBasis: "《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条",
    editable: [
      F.facts(),
      F.evidence(),
      F.violated(),
      F.basis(),
      F.discretion(),
      {
        key: "statementRights",
        label: "陈述、申辩权利告知",
        hint: "《行政处罚法》第四十四条、第四十五条。",
        default:
          "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{你}对本机关拟作出的行政处罚享有陈述、申辩的权利。{你}如有异议，可以在收到本告知书之日起五个工作日内向本机关提出陈述、申辩意见；逾期未提出的，视为放弃此权利。本机关不因{你}陈述、申辩而给予更重的处罚。",
        required: true,
        multiline: true,
      },
      {
        key: "hearingRights",
        label: "听证权利告知",
        hint: "拟作出较大数额罚款、没收较大数额违法所得或非法财物、降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业等处罚的（第六十三条），告知听证权利；不适用的，清空本项。",
        default:
          "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{你}有权要求举行听证。如要求听证，应当在收到本告知书之日起五个工作日内向本机关提出；逾期未提出的，视为放弃此权利。",
        multiline: true,
      },
      F.contact(),
    ],
  },
  hearing_notice: {
    kind: "hearing_notice",
    version: 1,
    title: "听证通知书",
    legalBasis: "《中华人民共和国行政处罚法》第六十四条",
    editable: [
      { key: "time", label: "听证时间", hint: "举行听证的七日前通知当事人，例如：2026年2月10日9时30分。", required: true },
      { key: "place", label: "听证地点", hint: "举行听证的地点。", required: true },
      { key: "presider", label: "听证主持人", hint: "由本机关指定的非本案调查人员主持。", required: true },
      { key: "members", label: "听证员、记录员", hint: "听证员和记录员的姓名。" },
      {
        key: "openness",
        label: "是否公开举行",
        hint: "除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行。",
        default: "public",
        required: true,
        options: [
          { value: "public", label: "公开举行" },
          { value: "closed", label: "不公开举行" },
        ],
      },
      {
        key: "rules",
        label: "听证须知",
        hint: "当事人在听证中的权利和义务。",
        default:
          "{你}可以亲自参加听证，也可以委托一至二人代理。委托代理人参加听证的，应当在听证举行前向本机关提交授权委托书。{你}认为听证主持人与本案有直接利害关系的，有权申请回避。{你}及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证。请携带身份证明及有关证据材料按时参加。",
        required: true,
        multiline: true,
      },
      F.contact(),
    ],
  },
  penalty_decision: {
    kind: "penalty_decision",
    version: 1,
    title: "行政处罚决定书",
    legalBasis: "《中华人民共和国行政处罚法》第五十九条",
    editable: [
      F.facts(),
      F.evidence(),
      {
        key: "statement",
        label: "告知及陈述申辩（听证）情况",
        hint: "事先告知的时间，当事人陈述、申辩或者听证的意见，以及本机关的采纳情况和理由。",
        default: "本机关依法告知了{你}拟作出行政处罚的事实、理由、依据及处罚内容，并告知{你}依法享有陈述、申辩和要求听证的权利。{你}在法定期限内未提出陈述、申辩意见，也未要求听证。",
        required: true,
        multiline: true,
      },
      F.violated(),
      F.basis(),
      F.discretion(),
      { key: "payment", label: "履行方式和期限", hint: "缴纳罚款的方式和期限（第六十七条），逾期的后果（第七十二条）。", default: PAYMENT_DEFAULT, required: true, multiline: true },
      F.remedy(REMEDY_PENALTY),
    ],
  },
  simple_decision: {
    kind: "simple_decision",
    version: 1,
    title: "当场行政处罚决定书",
    legalBasis: "《中华人民共和国行政处罚法》第五十一条、第五十二条",
    offeredIn: { actionTypes: ["penalty"], procedure: "simple" },
    editable: [
      { key: "time", label: "违法时间", hint: "违法行为发生的时间。", required: true },
      { key: "place", label: "违法地点", hint: "违法行为发生的地点。", required: true, prefill: "partyAddress" },
      F.facts(),
      F.violated(),
      F.basis(),
      {
        key: "statement",
        label: "告知及陈述申辩情况",
        hint: "当场告知作出处罚的事实、理由和依据及陈述、申辩权利，记录当事人的意见。",
        default: "执法人员已当场告知{你}拟作出行政处罚决定的事实、理由和依据，并告知{你}依法享有陈述、申辩的权利。{你}的陈述、申辩意见：无。",
        required: true,
        multiline: true,
      },
      {
        key: "payment",
        label: "履行方式和期限",
        hint: "当场收缴（第六十八条）或者十五日内到指定银行缴纳。",
        default: "{你}应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款；依法当场收缴罚款的，执法人员当场出具专用票据。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
        required: true,
        multiline: true,
      },
      F.remedy(REMEDY_PENALTY),
    ],
  },
  service_proof: {
    kind: "service_proof",
    version: 1,
    title: "送达回证",
    legalBasis: "《中华人民共和国行政处罚法》第六十一条；《中华人民共和国民事诉讼法》送达的有关规定",
    general: true,
    editable: [
      { key: "document", label: "送达文书名称及文号", hint: "送达的文书；默认为本案最近生成的文书。", required: true, prefill: "lastDocument" },
      {
        key: "method",
        label: "送达方式",
        hint: "直接送达、留置送达、邮寄送达、公告送达，或经受送达人同意的电子送达。",
        default: "direct",
        required: true,
        options: SERVICE_METHODS.map((m) => ({ value: m, label: SERVICE_METHOD_LABELS[m] })),
      },
      { key: "place", label: "送达地点", hint: "送达的地点（邮寄送达写邮寄地址，电子送达写电子邮箱等送达地址）。", prefill: "partyAddress" },
      { key: "recipient", label: "收件人", hint: "实际签收的人：受送达人本人、其同住成年家属、法定代表人、负责收件的人或代理人。", prefill: "partyName" },
      { key: "note", label: "备注", hint: "拒收事由和日期、见证人，邮件编号，公告的载体和日期等。", multiline: true },
    ],
  },
  closing_approval: {
    kind: "closing_approval",
    version: 1,
    title: "结案审批表",
    legalBasis: "《市场监督管理行政处罚程序规定》第七十二条",
    editable: [
      { key: "summary", label: "简要案情", hint: "查明的违法事实；默认取自本案的文书。", required: true, multiline: true, carry: ["facts", "summary"] },
      { key: "execution", label: "执行情况", hint: "处罚决定的履行情况，例如：罚款已于2026年2月1日全额缴纳。", required: true, multiline: true },
      { key: "reason", label: "结案理由及承办人意见", hint: "符合结案条件的理由。", default: "行政处理决定已执行完毕，符合结案条件，建议结案。", required: true, multiline: true },
    ],
  },
  case_report: {
    kind: "case_report",
    version: 1,
    title: "案件调查终结报告",
    legalBasis: "《中华人民共和国行政处罚法》第五十七条",
    editable: [
      F.facts(),
      F.evidence(),
      F.violated(),
      F.basis(),
      {
        key: "proposal",
        label: "处理意见",
        hint: "建议给予的行政处罚（种类、幅度）及理由；违法事实不能成立、违法行为轻微不予处罚或者应当移送的，写明理由和建议。",
        default: "建议依据上述规定对当事人作出行政处罚，并依法履行事先告知程序。",
        required: true,
        multiline: true,
      },
    ],
  },
  statement: {
    kind: "statement",
    version: 1,
    title: "陈述申辩笔录",
    legalBasis: "《中华人民共和国行政处罚法》第七条、第四十五条",
    offeredIn: { actionTypes: ["penalty"] },
    editable: [
      { key: "time", label: "时间", hint: "例如：2026年1月8日10时00分至10时40分。" },
      { key: "place", label: "地点", hint: "陈述、申辩的地点。" },
      { key: "person", label: "陈述申辩人", hint: "当事人本人、法定代表人或者委托代理人的姓名及身份。", required: true, prefill: "personName" },
      { key: "recorder", label: "记录人", hint: "记录人的姓名。" },
      {
        key: "content",
        label: "陈述申辩内容",
        hint: "当事人对拟作出的行政处罚所认定的事实、理由、依据提出的意见，以及提交的证据，如实记录。",
        required: true,
        multiline: true,
      },
    ],
  },
  hearing_report: {
    kind: "hearing_report",
    version: 1,
    title: "听证报告",
    legalBasis: "《中华人民共和国行政处罚法》第六十四条、第六十五条",
    editable: [
      { key: "time", label: "听证时间", hint: "例如：2026年1月20日9时00分至11时30分。", required: true },
      { key: "place", label: "听证地点", hint: "举行听证的地点。", required: true },
      { key: "presider", label: "听证主持人", hint: "主持人（非本案调查人员）及听证员、记录员。", required: true },
      { key: "participants", label: "听证参加人", hint: "当事人及其代理人、本案调查人员、第三人等。", multiline: true },
      {
        key: "process",
        label: "听证经过",
        hint: "调查人员提出的事实、证据、依据和处罚建议；当事人的陈述、申辩和质证；辩论情况。",
        required: true,
        multiline: true,
      },
      {
        key: "opinion",
        label: "听证主持人意见",
        hint: "对案件事实、证据、依据和处理建议的意见；听证结束后，本机关依据听证笔录作出决定（第六十五条）。",
        required: true,
        multiline: true,
      },
    ],
  },
  seizure_release: {
    kind: "seizure_release",
    version: 1,
    title: "解除查封扣押决定书",
    legalBasis: "《中华人民共和国行政强制法》第二十八条",
    offeredIn: { actionTypes: ["coercion"] },
    editable: [
      {
        key: "ground",
        label: "解除的情形",
        hint: "《行政强制法》第二十八条规定的应当解除查封、扣押的情形。",
        default: "no_longer_needed",
        required: true,
        options: [
          { value: "no_violation", label: "当事人没有违法行为" },
          { value: "unrelated", label: "查封、扣押的场所、设施或者财物与违法行为无关" },
          { value: "no_longer_needed", label: "行政机关对违法行为已经作出处理决定，不再需要查封、扣押" },
          { value: "expired", label: "查封、扣押期限已经届满" },
          { value: "other", label: "其他不再需要采取查封、扣押措施的情形" },
        ],
      },
      { key: "reason", label: "具体情况", hint: "解除的具体情况。", multiline: true },
      { key: "original", label: "原查封扣押决定书文号", hint: "原查封扣押决定书的文号和日期。", prefill: "lastDocument" },
      { key: "items", label: "解除查封扣押的财物清单", hint: "每行一项：名称、规格型号、数量等。", required: true, multiline: true, carry: ["items"] },
      {
        key: "return",
        label: "财物的返还",
        hint: "解除后财物的返还方式；已将鲜活物品或者其他不易保管的财物拍卖或者变卖的，写明退还价款的情况。",
        default: "上述财物自本决定书送达之日起解除查封（扣押），请{你}凭本决定书领回。",
        required: true,
        multiline: true,
      },
    ],
  },
  inspection_notice: {
    kind: "inspection_notice",
    version: 1,
    title: "检查通知书",
    legalBasis: "《国务院办公厅关于严格规范涉企行政检查的意见》；检查所依据的法律、法规、规章",
    editable: [
      { key: "basis", label: "检查依据", hint: "实施检查的法律、法规、规章条款。", required: true },
      { key: "scope", label: "检查事项", hint: "检查的内容和范围，与公布的检查事项清单一致。", required: true, multiline: true },
      { key: "time", label: "检查时间", hint: "例如：2026年1月12日上午。", required: true },
      { key: "materials", label: "需准备的材料", hint: "请被检查人准备的证照、台账、票据等。", multiline: true },
      {
        key: "rights",
        label: "权利告知",
        hint: "检查人员出示执法证件；被检查人的陈述、申辩和申请回避的权利。",
        default: "检查时执法人员不少于两人，并将出示执法证件。{你}有权进行陈述和申辩；认为执法人员与被检查事项有直接利害关系的，可以申请回避。",
        required: true,
        multiline: true,
      },
      F.contact(),
    ],
  },
  inspection_result: {
    kind: "inspection_result",
    version: 1,
    title: "检查结果告知书",
    legalBasis: "《国务院办公厅关于严格规范涉企行政检查的意见》；检查所依据的法律、法规、规章",
    editable: [
      { key: "time", label: "检查时间", hint: "实施检查的日期。", required: true },
      { key: "findings", label: "检查情况", hint: "检查的事项和发现的情况。", required: true, multiline: true, carry: ["findings"] },
      {
        key: "result",
        label: "检查结论",
        hint: "检查结果。",
        default: "compliant",
        required: true,
        options: [
          { value: "compliant", label: "未发现违法违规问题" },
          { value: "rectify", label: "发现问题，责令限期改正" },
          { value: "refer", label: "发现涉嫌违法行为，依法另行立案处理" },
        ],
      },
      { key: "requirement", label: "整改要求", hint: "需要改正的问题、期限和要求；未发现问题的可不填。", multiline: true },
      F.contact(),
    ],
  },
  permit_acceptance: {
    kind: "permit_acceptance",
    version: 1,
    title: "受理通知书",
    legalBasis: "《中华人民共和国行政许可法》第三十二条、第四十二条",
    editable: [
      { key: "matter", label: "申请事项", hint: "申请的行政许可事项名称，与公布的事项清单一致。", required: true },
      { key: "appliedOn", label: "申请日期", hint: "收到申请材料的日期。", required: true },
      { key: "materials", label: "收到的申请材料", hint: "每行一项：材料名称、份数。", multiline: true },
      {
        key: "promise",
        label: "办理期限",
        hint: "作出决定的期限；需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在期限内（第四十五条）。",
        default: "经审查，{你}提出的申请属于本机关职权范围，申请材料齐全、符合法定形式，本机关决定予以受理。本机关将自受理之日起二十个工作日内作出行政许可决定；二十个工作日内不能作出决定的，经本机关负责人批准，可以延长十个工作日，并将延长期限的理由告知{你}。",
        required: true,
        multiline: true,
      },
      F.contact(),
    ],
  },
  permit_decision: {
    kind: "permit_decision",
    version: 1,
    title: "行政许可决定书",
    legalBasis: "《中华人民共和国行政许可法》第三十八条、第三十九条、第四十四条",
    editable: [
      { key: "matter", label: "申请事项", hint: "申请的行政许可事项名称。", required: true, carry: ["matter"] },
      { key: "appliedOn", label: "申请日期", hint: "申请的日期。", carry: ["appliedOn"] },
      {
        key: "outcome",
        label: "决定",
        hint: "准予或者不予行政许可。",
        default: "grant",
        required: true,
        options: [
          { value: "grant", label: "准予行政许可" },
          { value: "deny", label: "不予行政许可" },
        ],
      },
      { key: "examination", label: "审查情况", hint: "对申请材料和实质内容的审查、核查情况。", required: true, multiline: true },
      { key: "basis", label: "决定依据", hint: "作出决定所依据的法律、法规条款。", required: true },
      {
        key: "content",
        label: "许可内容或不予许可的理由",
        hint: "准予的：许可的范围、有效期限和证件名称，证件将在十日内颁发、送达（第四十四条）；不予许可的：具体理由（第三十八条第二款）。",
        required: true,
        multiline: true,
      },
      F.remedy(),
    ],
  },
  generic_decision: {
    kind: "generic_decision",
    version: 1,
    title: "行政执法决定书",
    legalBasis: "作出决定所依据的法律、法规、规章；《中华人民共和国行政复议法》《中华人民共和国行政诉讼法》",
    editable: [
      F.facts(),
      F.evidence(),
      { key: "basis", label: "决定依据", hint: "作出决定所依据的法律、法规、规章条款。", required: true, carry: ["basis"] },
      { key: "decision", label: "决定内容", hint: "本机关决定的内容、期限和履行方式。", required: true, multiline: true },
      F.remedy(),
    ],
  },
};

/** The templates a workflow uses: the kinds its stages require, the general ones, and those offered for its action type. */
export function templatesForWorkflow(def: Pick<WorkflowDefinition, "actionType" | "procedure" | "stages">): { template: CaseTemplate; requiredIn: string[] }[] {
  const requiredIn = new Map<string, string[]>();
  for (const s of def.stages) {
    for (const d of s.documents ?? []) for (const k of Array.isArray(d) ? d : [d]) requiredIn.set(k, [...(requiredIn.get(k) ?? []), s.name]);
  }
  const procedure = def.procedure ?? "general";
  return CASE_TEMPLATE_KINDS.map((k) => CASE_TEMPLATES[k])
    .filter((t) => requiredIn.has(t.kind) || t.general || (t.offeredIn && t.offeredIn.actionTypes.includes(def.actionType) && (!t.offeredIn.procedure || t.offeredIn.procedure === procedure)))
    .map((t) => ({ template: t, requiredIn: requiredIn.get(t.kind) ?? [] }));
}

// ---------------------------------------------------------------------------------------
// Texts: prefill and validation
// ---------------------------------------------------------------------------------------

/** A line to fill in by hand. */
export const DOC_BLANK = "__________";

const nonBlank = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const str = (v: unknown): string => (typeof v === "string" ? v.trim() : "");

/** 你 / 你单位, as the document addresses the party. */
function addressing(p: CaseDocParty): string {
  if (p?.type === "person") return "你";
  if (p?.type === "org") return "你单位";
  return "你（单位）";
}

/** A standard text with its placeholders filled in. */
function personalize(text: string, data: CaseDocData): string {
  return text
    .replaceAll("{机关}", str(data.agencyName) || "本机关")
    .replaceAll("{当事人}", str(data.party?.name) || DOC_BLANK)
    .replaceAll("{案由}", str(data.caseTitle) || DOC_BLANK)
    .replaceAll("{你}", addressing(data.party));
}

function fromCase(source: PrefillSource, data: CaseDocData): string {
  const p = data.party ?? ({ type: "org", name: "" } as CaseDocParty);
  switch (source) {
    case "partyName":
      return str(p.name);
    case "partyAddress":
      return str(p.address);
    case "personName":
      return p.type === "person" ? str(p.name) : "";
    case "personIdNo":
      return p.type === "person" ? str(p.idNo) : "";
    case "personPhone":
      return p.type === "person" ? str(p.phone) : "";
    case "orgName":
      return p.type === "org" ? str(p.name) : "";
    case "discretionReason":
      return str(data.decision?.discretionReason);
    case "lastDocument": {
      const d = data.lastDocument;
      if (!d || !nonBlank(d.title)) return "";
      return nonBlank(d.number) ? `《${d.title.trim()}》（${d.number.trim()}）` : `《${d.title.trim()}》`;
    }
  }
}

/** A field's value when the officer has not given one: from the case, from earlier documents, else the default. */
function fallback(f: TemplateField, data: CaseDocData, earlier: Readonly<Record<string, unknown>>): string {
  const own = f.prefill ? fromCase(f.prefill, data) : "";
  if (own) return own;
  for (const k of f.carry ?? []) if (nonBlank(earlier[k])) return earlier[k];
  return f.default !== undefined ? personalize(f.default, data) : "";
}

/**
 * The initial values of a template's editable fields for a case: from the case's data, from the latest
 * values in the case's earlier documents (`earlier`: their texts merged, later ones winning), else the
 * template's standard text.
 */
export function prefillTexts(kind: CaseTemplateKind, data: CaseDocData, earlier: Readonly<Record<string, unknown>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CASE_TEMPLATES[kind].editable) out[f.key] = fallback(f, data, earlier);
  return out;
}

export interface DocumentTextProblem {
  field: string;
  message: string;
}

/**
 * Problems of the texts for a document ([] when it can be generated): unknown fields, texts that are
 * not strings or longer than {@link DOCUMENT_TEXT_MAX}, choices outside their options, and required
 * fields that are empty (a field left out counts with its standard text).
 */
export function validateDocumentTexts(kind: string, texts: Readonly<Record<string, unknown>>): DocumentTextProblem[] {
  if (!isCaseTemplateKind(kind)) return [{ field: "kind", message: "没有这种文书的模板" }];
  const t = CASE_TEMPLATES[kind];
  const problems: DocumentTextProblem[] = [];
  const fields = new Map(t.editable.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(texts ?? {})) {
    const f = fields.get(key);
    if (!f) problems.push({ field: `texts.${key}`, message: `${t.title}没有“${key}”这一项` });
    else if (typeof value !== "string") problems.push({ field: `texts.${key}`, message: `“${f.label}”应为文字` });
    else if (value.length > DOCUMENT_TEXT_MAX) problems.push({ field: `texts.${key}`, message: `“${f.label}”不能超过 ${DOCUMENT_TEXT_MAX} 个字符` });
    else if (f.options && value.trim() !== "" && !f.options.some((o) => o.value === value.trim())) problems.push({ field: `texts.${key}`, message: `“${f.label}”应为：${f.options.map((o) => o.label).join("、")}` });
  }
  for (const f of t.editable) {
    if (!f.required) continue;
    const v = Object.hasOwn(texts ?? {}, f.key) ? texts[f.key] : f.default;
    if (typeof v === "string" && v.trim() === "") problems.push({ field: `texts.${f.key}`, message: `请填写“${f.label}”` });
    else if (v === undefined) problems.push({ field: `texts.${f.key}`, message: `请填写“${f.label}”` });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const PLACES = ["", "拾", "佰", "仟"];
const SECTIONS = ["", "万", "亿", "万亿"];

function sectionWords(s: number): string {
  let out = "";
  let zero = false;
  for (let p = 3; p >= 0; p -= 1) {
    const d = Math.floor(s / 10 ** p) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += DIGITS[d]! + PLACES[p]!;
  }
  return out;
}

/** An amount in fen in capital Chinese numerals (大写金额), e.g. 500000 → 伍仟元整, 1000105 → 壹万元零壹角伍分. */
export function yuanInWords(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen >= 10 ** 18) throw new RangeError(`Invalid amount ${String(fen)}: expected a non-negative integer number of fen`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = "";
  if (yuan > 0) {
    const sections: number[] = [];
    for (let n = yuan; n > 0; n = Math.floor(n / 10_000)) sections.push(n % 10_000);
    let gap = false;
    for (let i = sections.length - 1; i >= 0; i -= 1) {
      const s = sections[i]!;
      if (s === 0) {
        if (out) gap = true;
        continue;
      }
      if (gap || (out && s < 1000)) out += "零";
      gap = false;
      out += sectionWords(s) + SECTIONS[i]!;
    }
    out += "元";
  }
  if (jiao === 0 && cents === 0) return (out || "零元") + "整";
  if (jiao > 0) out += `${DIGITS[jiao]!}角`;
  if (cents === 0) return `${out}整`;
  if (jiao === 0 && yuan > 0) out += "零";
  return `${out}${DIGITS[cents]!}分`;
}

/** "罚款人民币5000.00元（大写：伍仟元整）" */
const fine = (fen: number) => `罚款人民币${formatYuan(fen)}元（大写：${yuanInWords(fen)}）`;

/** The measures of the decision, one per line, numbered when there are several; "" without any. */
export function decisionMeasureLines(d: CaseDocDecision | null | undefined): string[] {
  const measures = (Array.isArray(d?.measures) ? d.measures : []).filter(nonBlank).map((m) => m.trim());
  const amount = typeof d?.amountFen === "number" && Number.isSafeInteger(d.amountFen) && d.amountFen >= 0 ? d.amountFen : null;
  const lines = measures.map((m) => (m === "罚款" ? (amount !== null ? fine(amount) : `罚款人民币${DOC_BLANK}元`) : m));
  if (amount !== null && !measures.includes("罚款") && amount > 0) lines.push(fine(amount));
  return lines;
}

function numbered(lines: string[]): string {
  if (lines.length === 0) return DOC_BLANK;
  if (lines.length === 1) return `${lines[0]!}。`;
  return lines.map((l, i) => `${i + 1}. ${l}${i === lines.length - 1 ? "。" : "；"}`).join("\n");
}

// ---------------------------------------------------------------------------------------
// Building a document
// ---------------------------------------------------------------------------------------

export interface DocSignature {
  name?: string;
  date?: string;
  /** PNG bytes of a handwritten signature */
  image?: Uint8Array;
}

/** Signatures to print (names, dates, handwritten images); anything not given is a line to sign on. */
export interface CaseDocSignatures {
  officers?: DocSignature[];
  party?: DocSignature;
  recorder?: DocSignature;
  witness?: DocSignature;
  unitHead?: DocSignature;
  head?: DocSignature;
}

export interface BuildOptions {
  /** ISO timestamp: the document's date (in China Standard Time) and the renderers' creation date. */
  generatedAt: string;
  signatures?: CaseDocSignatures;
}

/** "2026-01-05" → "2026年1月5日" */
export function chineseDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : `${DOC_BLANK}年____月____日`;
}

interface Ctx {
  data: CaseDocData;
  party: CaseDocParty;
  /** 你 / 你单位 */
  you: string;
  /** the document's date, e.g. 2026年1月5日 */
  date: string;
  /** the field's value ("" when empty) */
  text(key: string): string;
  /** the field's value, or a line to fill in by hand */
  fill(key: string): string;
  sig: CaseDocSignatures;
}

function partyLabel(p: CaseDocParty): { id: string; address: string } {
  return p.type === "person" ? { id: "身份证件号码", address: "住址" } : { id: "统一社会信用代码", address: "住所" };
}

/** The party as the opening paragraph of a document issued to them. */
function partyParagraph(c: Ctx, withPhone = false): DocBlock {
  const l = partyLabel(c.party);
  const lines = [`当事人：${str(c.party.name) || DOC_BLANK}`, `${l.id}：${str(c.party.idNo) || DOC_BLANK}`, `${l.address}：${str(c.party.address) || DOC_BLANK}`];
  if (withPhone) lines.push(`联系电话：${str(c.party.phone) || DOC_BLANK}`);
  return { kind: "paragraph", text: lines.join("\n"), indent: false };
}

/** The party as rows of a form. */
function partyRows(c: Ctx, label = "当事人"): { label: string; value: string }[] {
  const l = partyLabel(c.party);
  return [
    { label, value: str(c.party.name) },
    { label: l.id, value: str(c.party.idNo) },
    { label: l.address, value: str(c.party.address) },
    { label: "联系电话", value: str(c.party.phone) },
  ];
}

/** "张三（执法证号：12345）、李四（执法证号：67890）" */
function officerList(data: CaseDocData): string {
  const list = (Array.isArray(data.officers) ? data.officers : []).filter((o) => nonBlank(o?.name));
  return list.map((o) => (nonBlank(o.certNumber) ? `${o.name.trim()}（执法证号：${o.certNumber.trim()}）` : o.name.trim())).join("、");
}

function officerSignatures(c: Ctx, label = "执法人员"): { label: string; name?: string; date?: string; image?: Uint8Array }[] {
  const n = Math.max(2, (Array.isArray(c.data.officers) ? c.data.officers : []).length, c.sig.officers?.length ?? 0);
  return Array.from({ length: n }, (_, i) => ({ label, ...(c.sig.officers?.[i] ?? {}) }));
}

const sign = (label: string, s?: DocSignature) => ({ label, ...(s ?? {}) });

/** The issuing agency and date, right-aligned at the end of a document issued to the party (盖章). */
function issuer(c: Ctx): DocBlock {
  return { kind: "paragraph", text: `${str(c.data.agencyName) || DOC_BLANK}（印章）\n${c.date}`, align: "right", indent: false };
}

const para = (text: string, indent = true): DocBlock => ({ kind: "paragraph", text, indent });

/** The discretion part of a notice or decision: 裁量阶次, 裁量说明, and why the amount is outside the tier. */
function discretionBlocks(c: Ctx): DocBlock[] {
  const out: DocBlock[] = [];
  const tier = str(c.data.decision?.tierLabel);
  const reason = c.text("discretion");
  const outside = str(c.data.decision?.outsideTierReason);
  if (tier) out.push(para(`适用裁量阶次：${tier}。`));
  if (reason) out.push(para(`裁量说明：${reason}`));
  if (outside) out.push(para(`超出裁量基准范围的理由：${outside}`));
  return out;
}

/** One table row per line of a list the officer typed (物品清单). */
function itemsTable(text: string): DocBlock {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return { kind: "table", header: ["序号", "名称、规格、数量等"], rows: lines.length ? lines.map((l, i) => [String(i + 1), l]) : [["1", ""]] };
}

const openedClause = (c: Ctx) => (nonBlank(c.data.openedOn) ? `本机关于${chineseDate(c.data.openedOn)}` : "本机关依法");

type Built = { number?: string; blocks: DocBlock[]; footer?: string };

const BUILDERS: Record<CaseTemplateKind, (c: Ctx) => Built> = {
  filing_approval: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          { label: "案件来源", value: str(c.data.sourceLabel) },
          { label: "线索情况", value: str(c.data.sourceDetail) },
          { label: "发现线索日期", value: nonBlank(c.data.openedOn) ? chineseDate(c.data.openedOn) : "" },
          ...partyRows(c),
          { label: "承办人员", value: officerList(c.data) },
          { label: "简要案情及立案理由", value: c.text("summary") },
          { label: "承办人意见", value: c.text("opinion") },
          { label: "承办机构负责人意见", value: "" },
          { label: "机关负责人审批意见", value: "" },
        ],
      },
      { kind: "signatures", items: [...officerSignatures(c, "承办人"), sign("承办机构负责人", c.sig.unitHead), sign("机关负责人", c.sig.head)] },
    ],
  }),

  site_inspection: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          { label: "检查时间", value: c.text("time") },
          { label: "检查地点", value: c.text("place") },
          ...partyRows(c, "被检查人"),
          { label: "现场负责人", value: c.text("present") },
          { label: "执法人员", value: officerList(c.data) },
          { label: "记录人", value: c.text("recorder") },
        ],
      },
      { kind: "heading", text: "告知事项" },
      para(c.fill("notice")),
      { kind: "heading", text: "检查情况" },
      para(c.fill("findings")),
      para(`当事人（现场负责人）对笔录的意见：${DOC_BLANK}`, false),
      { kind: "signatures", items: [sign("当事人（现场负责人）", c.sig.party), ...officerSignatures(c), sign("记录人", c.sig.recorder), sign("见证人", c.sig.witness)] },
    ],
    footer: "本笔录应当交当事人（现场负责人）核对或者向其宣读，经核对无误后逐页签名；拒绝签名的，由执法人员在笔录上注明。",
  }),

  inquiry: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          { label: "当事人", value: str(c.party.name) },
          { label: "询问时间", value: c.text("time") },
          { label: "询问地点", value: c.text("place") },
          { label: "被询问人", value: c.text("interviewee") },
          { label: "身份证件号码", value: c.text("intervieweeId") },
          { label: "工作单位及职务", value: c.text("intervieweeRole") },
          { label: "联系电话", value: c.text("intervieweePhone") },
          { label: "询问人", value: officerList(c.data) },
          { label: "记录人", value: c.text("recorder") },
        ],
      },
      para(c.fill("notice")),
      para(c.fill("qa"), false),
      para(`被询问人对笔录的意见：${DOC_BLANK}`, false),
      { kind: "signatures", items: [sign("被询问人", c.sig.party), ...officerSignatures(c, "询问人"), sign("记录人", c.sig.recorder)] },
    ],
    footer: "本笔录应当交被询问人核对或者向其宣读，经核对无误后逐页签名或者捺指印；有差错、遗漏的，允许其更正或者补充。",
  }),

  pre_registration: (c) => ({
    number: c.data.caseNumber,
    blocks: [
      partyParagraph(c),
      para(`本机关在调查${str(c.data.caseTitle) || DOC_BLANK}一案中，鉴于${c.fill("reason")}，经本机关负责人批准，依据《中华人民共和国行政处罚法》第五十六条的规定，决定对${c.you}的下列物品予以先行登记保存：`),
      itemsTable(c.text("items")),
      para(c.fill("keeping")),
      para(`在先行登记保存期间，${c.you}或者有关人员不得损毁、销毁或者转移上述物品。本机关将在七日内对先行登记保存的物品依法作出处理决定。`),
      { kind: "signatures", items: [sign("当事人", c.sig.party), ...officerSignatures(c)] },
      issuer(c),
    ],
    footer: "本决定书一式两份，一份交当事人，一份附卷。",
  }),

  seizure_decision: (c) => {
    const measure = optionLabel("seizure_decision", "measure", c.text("measure")) || "查封、扣押";
    return {
      number: c.data.caseNumber,
      blocks: [
        partyParagraph(c),
        para(`经查，${c.fill("reason")}`),
        para(`依据${c.fill("basis")}的规定，本机关决定对${c.you}的下列场所、设施或者财物予以${measure}：`),
        itemsTable(c.text("items")),
        para(c.fill("period")),
        para(`对被${measure}的场所、设施或者财物，本机关妥善保管，不得使用或者损毁；${c.you}不得擅自转移、隐匿、损毁或者处分。`),
        para(c.fill("remedy")),
        { kind: "signatures", items: [sign("当事人签收", c.sig.party), ...officerSignatures(c)] },
        issuer(c),
      ],
      footer: "查封、扣押清单一式二份，由当事人和本机关分别保存。",
    };
  },

  penalty_notice: (c) => {
    const hearing = c.text("hearingRights");
    const contact = c.text("contact");
    return {
      number: c.data.caseNumber,
      blocks: [
        para(`${str(c.party.name) || DOC_BLANK}：`, false),
        para(`${openedClause(c)}对${c.you}涉嫌${str(c.data.caseTitle) || DOC_BLANK}一案立案调查，现已调查终结。经查：`),
        para(c.fill("facts")),
        para("上述事实，有以下证据证明："),
        para(c.fill("evidence")),
        para(`${c.you}的上述行为违反了${c.fill("violated")}的规定。依据${c.fill("basis")}的规定，本机关拟对${c.you}作出如下行政处罚：`),
        para(numbered(decisionMeasureLines(c.data.decision))),
        ...discretionBlocks(c),
        para(c.fill("statementRights")),
        ...(hearing ? [para(hearing)] : []),
        para(`联系人及联系电话：${contact || DOC_BLANK}`, false),
        issuer(c),
      ],
      footer: "本告知书一式两份，一份送达当事人，一份附卷。",
    };
  },

  hearing_notice: (c) => {
    const openness = optionLabel("hearing_notice", "openness", c.text("openness")) || "公开举行";
    const members = c.text("members");
    return {
      number: c.data.caseNumber,
      blocks: [
        para(`${str(c.party.name) || DOC_BLANK}：`, false),
        para(`根据${c.you}的申请，本机关决定于${c.fill("time")}在${c.fill("place")}就${str(c.data.caseTitle) || DOC_BLANK}一案${openness}听证。`),
        para(`本次听证由${c.fill("presider")}担任听证主持人${members ? `，${members}` : ""}。`),
        para(c.fill("rules")),
        para(`联系人及联系电话：${c.text("contact") || DOC_BLANK}`, false),
        issuer(c),
      ],
      footer: "本通知书一式两份，一份送达当事人，一份附卷。",
    };
  },

  penalty_decision: (c) => ({
    number: c.data.caseNumber,
    blocks: [
      partyParagraph(c),
      para(`${c.you}涉嫌${str(c.data.caseTitle) || DOC_BLANK}一案，${openedClause(c)}立案调查，现已调查终结。经查：`),
      para(c.fill("facts")),
      para("上述事实，有以下证据证明："),
      para(c.fill("evidence")),
      para(c.fill("statement")),
      para(`本机关认为，${c.you}的上述行为违反了${c.fill("violated")}的规定。依据${c.fill("basis")}的规定，本机关决定对${c.you}作出如下行政处罚：`),
      para(numbered(decisionMeasureLines(c.data.decision))),
      ...discretionBlocks(c),
      para(c.fill("payment")),
      para(c.fill("remedy")),
      issuer(c),
    ],
    footer: "本决定书一式两份，一份送达当事人，一份附卷。",
  }),

  simple_decision: (c) => ({
    number: c.data.caseNumber,
    blocks: [
      partyParagraph(c, true),
      {
        kind: "fields",
        rows: [
          { label: "违法时间", value: c.text("time") },
          { label: "违法地点", value: c.text("place") },
          { label: "违法事实", value: c.text("facts") },
          { label: "违反的规定", value: c.text("violated") },
          { label: "处罚依据", value: c.text("basis") },
          { label: "处罚种类和罚款数额", value: numbered(decisionMeasureLines(c.data.decision)) },
          { label: "执法人员（执法证号）", value: officerList(c.data) },
        ],
      },
      para(c.fill("statement")),
      para(c.fill("payment")),
      para(c.fill("remedy")),
      { kind: "signatures", items: [sign("当事人签收", c.sig.party), ...officerSignatures(c)] },
      issuer(c),
    ],
    footer: "依据《中华人民共和国行政处罚法》第五十二条，本决定书当场交付当事人；当事人拒绝签收的，由执法人员在本决定书上注明。执法人员应当将本决定报所属行政机关备案。",
  }),

  service_proof: (c) => {
    const method = (c.text("method") || "direct") as ServiceMethod;
    return {
      blocks: [
        {
          kind: "fields",
          rows: [
            { label: "案号", value: c.data.caseNumber },
            { label: "送达文书名称及文号", value: c.text("document") },
            { label: "受送达人", value: str(c.party.name) },
            { label: "送达地点", value: c.text("place") },
            { label: "送达方式", value: SERVICE_METHOD_LABELS[method] ?? "" },
            { label: "收件人", value: c.text("recipient") },
            { label: "收件人签名或者盖章", value: "" },
            { label: "收件日期", value: "" },
            { label: "送达人", value: officerList(c.data) },
            { label: "备注", value: c.text("note") },
          ],
        },
        { kind: "signatures", items: [sign("收件人", c.sig.party), ...officerSignatures(c, "送达人"), ...(method === "lodged" ? [sign("见证人", c.sig.witness)] : [])] },
      ],
      footer: SERVICE_NOTES[method] ?? SERVICE_NOTES.direct,
    };
  },

  closing_approval: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          ...partyRows(c),
          { label: "立案日期", value: nonBlank(c.data.openedOn) ? chineseDate(c.data.openedOn) : "" },
          { label: "承办人员", value: officerList(c.data) },
          { label: "简要案情", value: c.text("summary") },
          { label: "处理结果", value: decisionMeasureLines(c.data.decision).join("；") },
          { label: "裁量阶次", value: str(c.data.decision?.tierLabel) },
          { label: "执行情况", value: c.text("execution") },
          { label: "结案理由及承办人意见", value: c.text("reason") },
          { label: "承办机构负责人意见", value: "" },
          { label: "机关负责人审批意见", value: "" },
        ],
      },
      { kind: "signatures", items: [...officerSignatures(c, "承办人"), sign("承办机构负责人", c.sig.unitHead), sign("机关负责人", c.sig.head)] },
    ],
  }),
  case_report: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          ...partyRows(c),
          { label: "立案日期", value: nonBlank(c.data.openedOn) ? chineseDate(c.data.openedOn) : "" },
          { label: "承办人员", value: officerList(c.data) },
        ],
      },
      { kind: "heading", text: "调查认定的违法事实" },
      para(c.fill("facts")),
      { kind: "heading", text: "证据" },
      para(c.fill("evidence")),
      { kind: "heading", text: "违反的规定和处罚依据" },
      para(`当事人的上述行为违反了${c.fill("violated")}的规定，依据${c.fill("basis")}的规定，应当予以处理。`),
      ...discretionBlocks(c),
      { kind: "heading", text: "处理意见" },
      para(c.fill("proposal")),
      para(`承办机构负责人审核意见：${DOC_BLANK}`, false),
      para(`机关负责人审查意见：${DOC_BLANK}`, false),
      { kind: "signatures", items: [...officerSignatures(c, "承办人"), sign("承办机构负责人", c.sig.unitHead), sign("机关负责人", c.sig.head)] },
    ],
  }),

  statement: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          { label: "当事人", value: str(c.party.name) },
          { label: "时间", value: c.text("time") },
          { label: "地点", value: c.text("place") },
          { label: "陈述申辩人", value: c.text("person") },
          { label: "承办人员", value: officerList(c.data) },
          { label: "记录人", value: c.text("recorder") },
        ],
      },
      para(`执法人员已告知：${c.you}有权对本机关拟作出的行政处罚进行陈述和申辩；本机关将充分听取${c.you}的意见，对提出的事实、理由和证据进行复核；事实、理由或者证据成立的，予以采纳，不因陈述、申辩而给予更重的处罚。`),
      { kind: "heading", text: "陈述申辩内容" },
      para(c.fill("content")),
      para(`陈述申辩人对笔录的意见：${DOC_BLANK}`, false),
      { kind: "signatures", items: [sign("陈述申辩人", c.sig.party), ...officerSignatures(c), sign("记录人", c.sig.recorder)] },
    ],
    footer: "本笔录应当交陈述申辩人核对或者向其宣读，经核对无误后逐页签名或者捺指印。",
  }),

  hearing_report: (c) => ({
    blocks: [
      {
        kind: "fields",
        rows: [
          { label: "案号", value: c.data.caseNumber },
          { label: "案由", value: c.data.caseTitle },
          ...partyRows(c),
          { label: "听证时间", value: c.text("time") },
          { label: "听证地点", value: c.text("place") },
          { label: "听证主持人", value: c.text("presider") },
          { label: "听证参加人", value: c.text("participants") },
        ],
      },
      { kind: "heading", text: "听证经过" },
      para(c.fill("process")),
      { kind: "heading", text: "听证主持人意见" },
      para(c.fill("opinion")),
      para(`机关负责人意见：${DOC_BLANK}`, false),
      { kind: "signatures", items: [sign("听证主持人"), sign("机关负责人", c.sig.head)] },
    ],
    footer: "听证结束后，行政机关应当根据听证笔录，依照《中华人民共和国行政处罚法》第五十七条的规定作出决定。",
  }),

  seizure_release: (c) => {
    const ground = optionLabel("seizure_release", "ground", c.text("ground")) || DOC_BLANK;
    const reason = c.text("reason");
    const original = c.text("original");
    return {
      number: c.data.caseNumber,
      blocks: [
        partyParagraph(c),
        para(`本机关${original ? `以${original}` : ""}对${c.you}的场所、设施或者财物采取了查封、扣押措施。鉴于${ground}${reason ? `（${reason.replace(/[。；;.]+$/, "")}）` : ""}，依据《中华人民共和国行政强制法》第二十八条的规定，本机关决定解除对下列场所、设施或者财物的查封、扣押：`),
        itemsTable(c.text("items")),
        para(c.fill("return")),
        { kind: "signatures", items: [sign("当事人签收", c.sig.party), ...officerSignatures(c)] },
        issuer(c),
      ],
      footer: "本决定书一式两份，一份送达当事人，一份附卷。",
    };
  },

  inspection_notice: (c) => {
    const materials = c.text("materials");
    return {
      number: c.data.caseNumber,
      blocks: [
        para(`${str(c.party.name) || DOC_BLANK}：`, false),
        para(`依据${c.fill("basis")}的规定，本机关定于${c.fill("time")}对${c.you}实施行政检查。检查人员：${officerList(c.data) || DOC_BLANK}。`),
        para(`检查事项：${c.fill("scope")}`),
        ...(materials ? [para(`请${c.you}准备以下材料，并安排熟悉情况的人员在场配合：${materials}`)] : []),
        para(c.fill("rights")),
        para(`联系人及联系电话：${c.text("contact") || DOC_BLANK}`, false),
        issuer(c),
      ],
      footer: "本通知书一式两份，一份送达被检查人，一份附卷。",
    };
  },

  inspection_result: (c) => {
    const result = c.text("result") || "compliant";
    const requirement = c.text("requirement");
    const conclusion = optionLabel("inspection_result", "result", result) || DOC_BLANK;
    return {
      number: c.data.caseNumber,
      blocks: [
        para(`${str(c.party.name) || DOC_BLANK}：`, false),
        para(`本机关执法人员于${c.fill("time")}依法对${c.you}进行了检查。检查情况如下：`),
        para(c.fill("findings")),
        para(`检查结论：${conclusion}。`),
        ...(requirement ? [para(`整改要求：${requirement}`)] : []),
        ...(result === "rectify" ? [para(`请${c.you}按上述要求改正，并在期限届满前将改正情况书面报告本机关；逾期不改正的，本机关将依法处理。`)] : []),
        ...(result === "refer" ? [para(`对检查中发现的涉嫌违法行为，本机关将依法立案调查，并另行告知${c.you}。`)] : []),
        para(`联系人及联系电话：${c.text("contact") || DOC_BLANK}`, false),
        issuer(c),
      ],
      footer: "本告知书一式两份，一份送达被检查人，一份附卷。",
    };
  },

  permit_acceptance: (c) => {
    const materials = c.text("materials");
    return {
      number: c.data.caseNumber,
      blocks: [
        para(`${str(c.party.name) || DOC_BLANK}：`, false),
        para(`${c.you}于${c.fill("appliedOn")}提出的${c.fill("matter")}申请，本机关已收到。${materials ? "收到的申请材料如下：" : ""}`),
        ...(materials ? [itemsTable(materials)] : []),
        para(c.fill("promise")),
        para(`联系人及联系电话：${c.text("contact") || DOC_BLANK}`, false),
        issuer(c),
      ],
      footer: "本通知书一式两份，一份交申请人，一份附卷。",
    };
  },

  permit_decision: (c) => {
    const granted = (c.text("outcome") || "grant") === "grant";
    const appliedOn = c.text("appliedOn");
    return {
      number: c.data.caseNumber,
      blocks: [
        partyParagraph(c),
        para(`${c.you}${appliedOn ? `于${appliedOn}` : ""}提出的${c.fill("matter")}申请，本机关已依法受理。经审查：`),
        para(c.fill("examination")),
        para(`依据${c.fill("basis")}的规定，本机关决定${granted ? "准予行政许可" : "不予行政许可"}。`),
        para(`${granted ? "许可内容" : "不予许可的理由"}：${c.fill("content")}`),
        ...(granted ? [para(`本机关将自本决定作出之日起十日内向${c.you}颁发、送达行政许可证件。`)] : []),
        para(c.fill("remedy")),
        issuer(c),
      ],
      footer: "本决定书一式两份，一份送达申请人，一份附卷。",
    };
  },

  generic_decision: (c) => ({
    number: c.data.caseNumber,
    blocks: [
      partyParagraph(c),
      para(`关于${str(c.data.caseTitle) || DOC_BLANK}一事，${openedClause(c)}进行了调查核实。经查：`),
      para(c.fill("facts")),
      para("上述事实，有以下证据证明："),
      para(c.fill("evidence")),
      para(`依据${c.fill("basis")}的规定，本机关决定如下：`),
      para(c.fill("decision")),
      para(c.fill("remedy")),
      issuer(c),
    ],
    footer: "本决定书一式两份，一份送达当事人，一份附卷。",
  }),
};

const SERVICE_NOTES: Record<ServiceMethod, string> = {
  direct: "直接送达的，以受送达人或者其同住成年家属、法人的法定代表人、其他组织的主要负责人或者负责收件的人在送达回证上签收的日期为送达日期。",
  lodged: "受送达人或者其同住成年家属拒绝接收的，送达人可以邀请有关基层组织或者所在单位的代表到场，说明情况，在送达回证上记明拒收事由和日期，由送达人、见证人签名或者盖章，把文书留在受送达人的住所，即视为送达。",
  post: "邮寄送达的，以回执上注明的收件日期为送达日期；请在备注中写明邮件编号。",
  notice: "受送达人下落不明，或者用其他方式无法送达的，公告送达；自发出公告之日起，经过规定的期间即视为送达。请在备注中写明公告的载体和日期。",
  electronic: "依据《中华人民共和国行政处罚法》第六十一条，经受送达人同意并签订确认书的，可以采用传真、电子邮件等方式送达，以到达受送达人特定系统的日期为送达日期。",
};

function optionLabel(kind: CaseTemplateKind, key: string, value: string): string {
  return CASE_TEMPLATES[kind].editable.find((f) => f.key === key)?.options?.find((o) => o.value === value)?.label ?? "";
}

/**
 * The document of `kind` for the case: the template filled from the case's data and the officer's
 * texts. A text left out takes its prefill (from the case, else the standard text); anything still
 * empty is printed as a line to fill in by hand.
 */
export function buildCaseDocument(kind: CaseTemplateKind, data: CaseDocData, texts: Readonly<Record<string, unknown>>, opts: BuildOptions): DocModel {
  const template = CASE_TEMPLATES[kind];
  if (!template) throw new RangeError(`No template for document kind ${String(kind)}`);
  const when = new Date(opts.generatedAt);
  if (Number.isNaN(when.getTime())) throw new RangeError(`generatedAt is not a valid ISO timestamp: ${opts.generatedAt}`);
  const party: CaseDocParty = data.party ?? { type: "org", name: "" };
  const fields = new Map(template.editable.map((f) => [f.key, f]));
  const text = (key: string): string => {
    const f = fields.get(key);
    if (!f) return "";
    const given = texts?.[key];
    const v = typeof given === "string" ? given : fallback(f, data, {});
    return v.trim();
  };
  const c: Ctx = {
    data,
    party,
    you: addressing(party),
    date: chineseDate(todayInShanghai(when)),
    text,
    fill: (key) => text(key) || DOC_BLANK,
    sig: opts.signatures ?? {},
  };
  const built = BUILDERS[kind](c);
  return {
    agencyName: str(data.agencyName),
    title: template.title,
    ...(built.number ? { number: built.number } : {}),
    blocks: built.blocks,
    ...(built.footer ? { footer: built.footer } : {}),
    generatedAt: opts.generatedAt,
  };
}

// ---------------------------------------------------------------------------------------
// Handwritten signatures captured on site
// ---------------------------------------------------------------------------------------

/** Who signs a document on site: the party (被检查人/被询问人), an officer, a witness, the recipient of a 送达回证. */
export const SIGNATURE_ROLES = ["party", "officer", "witness", "recipient"] as const;
export type SignatureRole = (typeof SIGNATURE_ROLES)[number];

export const SIGNATURE_ROLE_LABELS: Record<SignatureRole, string> = { party: "当事人", officer: "执法人员", witness: "见证人", recipient: "收件人" };

export interface OnSiteSigner {
  role: SignatureRole;
  /** the signature line's label in the document */
  label: string;
  /** the editable field whose value names the signer (e.g. 被询问人) */
  nameFrom?: string;
  /** not every document has this signer: offered on demand */
  optional?: boolean;
  /** only when this editable field has this value (a witness signs a 留置送达) */
  onlyIf?: { key: string; value: string };
}

/**
 * The documents signed by hand on site (笔录 and 送达回证, R-CASE-06) and their signers, in the
 * order a signature pad is offered for each; the officers sign one after another.
 */
export const ON_SITE_SIGNERS: Partial<Record<CaseTemplateKind, OnSiteSigner[]>> = {
  site_inspection: [
    { role: "party", label: "当事人（现场负责人）", nameFrom: "present" },
    { role: "officer", label: "执法人员" },
    { role: "witness", label: "见证人", optional: true },
  ],
  inquiry: [
    { role: "party", label: "被询问人", nameFrom: "interviewee" },
    { role: "officer", label: "询问人" },
  ],
  statement: [
    { role: "party", label: "陈述申辩人", nameFrom: "person" },
    { role: "officer", label: "执法人员" },
  ],
  service_proof: [
    { role: "recipient", label: "收件人", nameFrom: "recipient" },
    { role: "officer", label: "送达人" },
    { role: "witness", label: "见证人", onlyIf: { key: "method", value: "lodged" } },
  ],
};

/** A handwritten signature as captured: who signed, their name, the PNG of the signature. */
export interface SignatureInput {
  role: SignatureRole;
  name: string;
  image: Uint8Array;
}

/** The longest signer's name. */
export const SIGNER_NAME_MAX = 50;

/**
 * The signatures to print from those captured, dated the document's date (`generatedAt`, in China
 * Standard Time): the party's (a 送达回证's recipient signs on the same line), a witness's, and the
 * officers' in the order given. Problems: a name missing or too long, the party (or recipient) or
 * the witness given twice.
 */
export function collectSignatures(inputs: readonly SignatureInput[], generatedAt: string): { signatures: CaseDocSignatures; problems: DocumentTextProblem[] } {
  const when = new Date(generatedAt);
  if (Number.isNaN(when.getTime())) throw new RangeError(`generatedAt is not a valid ISO timestamp: ${generatedAt}`);
  const date = chineseDate(todayInShanghai(when));
  const signatures: CaseDocSignatures = {};
  const problems: DocumentTextProblem[] = [];
  inputs.forEach((s, i) => {
    const name = str(s.name);
    if (!name) problems.push({ field: `signatures.${i}.name`, message: `请填写${SIGNATURE_ROLE_LABELS[s.role] ?? "签名人"}的姓名` });
    else if (name.length > SIGNER_NAME_MAX) problems.push({ field: `signatures.${i}.name`, message: `签名人姓名不能超过 ${SIGNER_NAME_MAX} 个字符` });
    const sig: DocSignature = { name, date, image: s.image };
    switch (s.role) {
      case "officer":
        (signatures.officers ??= []).push(sig);
        break;
      case "party":
      case "recipient":
        if (signatures.party) problems.push({ field: `signatures.${i}.role`, message: "当事人（收件人）只能签名一次" });
        else signatures.party = sig;
        break;
      case "witness":
        if (signatures.witness) problems.push({ field: `signatures.${i}.role`, message: "见证人只能签名一次" });
        else signatures.witness = sig;
        break;
      default:
        problems.push({ field: `signatures.${i}.role`, message: "签名人身份无效" });
    }
  });
  return { signatures, problems };
}

/**
 * The captured signatures a built document does not print, because its template has no line for
 * them (a witness on a 询问笔录, a party on a 立案审批表…): their indexes in `inputs`.
 */
export function unprintedSignatures(model: DocModel, inputs: readonly SignatureInput[]): number[] {
  const printed = new Set<Uint8Array>();
  for (const b of model.blocks) if (b.kind === "signatures") for (const s of b.items) if (s.image) printed.add(s.image);
  return inputs.flatMap((s, i) => (printed.has(s.image) ? [] : [i]));
}
