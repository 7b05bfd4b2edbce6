/** TypeBox schemas of the publicity API: validation, serialisation and the OpenAPI document. */
import { Type } from "typebox";
import { IsoDate, Uuid } from "../../core/schemas.ts";

const Str = (max: number, min = 0, description?: string) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: "\\S" } : {}), ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NStr = () => Type.Union([Type.String(), Type.Null()]);
const NBool = () => Type.Union([Type.Boolean(), Type.Null()]);
const NInt = () => Type.Union([Type.Integer(), Type.Null()]);

export const ExclusionReason = Type.Union(
  [Type.Literal("minor"), Type.Literal("state_secret"), Type.Literal("commercial_secret"), Type.Literal("personal_privacy"), Type.Literal("hinders_enforcement")],
  { description: "R-PUB-05 不予公开的理由：minor 未成年人 | state_secret 国家秘密 | commercial_secret 商业秘密 | personal_privacy 个人隐私 | hinders_enforcement 妨碍执法" },
);
export const RulingKind = Type.Union([Type.Literal("revoked"), Type.Literal("illegal"), Type.Literal("invalid"), Type.Literal("review_changed"), Type.Literal("litigation_changed")], {
  description: "R-PUB-07 撤回原因：revoked 撤销 | illegal 确认违法 | invalid 确认无效 | review_changed 复议变更 | litigation_changed 诉讼变更",
});
export const ActionType = Type.Union(
  [Type.Literal("permit"), Type.Literal("penalty"), Type.Literal("coercion"), Type.Literal("inspection"), Type.Literal("levy"), Type.Literal("requisition"), Type.Literal("fee"), Type.Literal("reward"), Type.Literal("confirmation")],
  { description: "执法行为类别" },
);
export const Status = Type.Union([Type.Literal("draft"), Type.Literal("published"), Type.Literal("withheld"), Type.Literal("withdrawn")], { description: "draft 待审核 | published 已公示 | withheld 不予公示 | withdrawn 已撤回" });
export const Light = Type.Union([Type.Literal("normal"), Type.Literal("due_soon"), Type.Literal("overdue")], { description: "待审核公示信息的期限灯：正常 / 即将到期 / 已超期" });
export const CorrectionStatus = Type.Union([Type.Literal("pending"), Type.Literal("accepted"), Type.Literal("rejected")], { description: "pending 待处理 | accepted 已更正 | rejected 不予更正" });

/** The publication's fields (the same shape for the original and the redacted text). */
export const Fields = Type.Object({
  partyName: Type.String({ description: "当事人（自然人姓名在公示文本中脱敏）" }),
  partyIdNo: Type.String({ description: "身份证号 / 统一社会信用代码" }),
  title: Type.String({ description: "案由（事项）" }),
  facts: Type.String({ description: "主要事实" }),
  conclusion: Type.String({ description: "处理结果，如 罚款人民币5000.00元" }),
  basis: Type.String({ description: "依据" }),
  fullText: Type.String({ description: "决定书全文（一般程序行政处罚，R-PUB-04）" }),
});

/** Fields a reviewer edits (any subset). */
export const FieldsEdit = Type.Partial(
  Type.Object({
    partyName: Str(200),
    partyIdNo: Str(50),
    title: Str(300, 1),
    facts: Str(20_000),
    conclusion: Str(5_000, 1),
    basis: Str(5_000),
    fullText: Str(100_000),
  }),
);

export const Hit = Type.Object({
  field: Type.String(),
  kind: Type.String({ description: "person_name | id_number | phone | bank_card | address | plate | email" }),
  start: Type.Integer({ description: "在原文字段中的起始位置（UTF-16 码元）" }),
  end: Type.Integer(),
  original: Type.String({ description: "原文（仅本机关有权人员可见）" }),
  replacement: Type.String(),
  note: NStr(),
});

export const Problem = Type.Object({
  field: Type.String({ description: "字段名，或 note（说明）" }),
  kind: Type.String({ description: "识别出的个人信息种类；known 为当事人已知的个人信息" }),
  start: Type.Integer({ description: "在公示文本字段中的起始位置" }),
  end: Type.Integer(),
  message: Type.String(),
});

const Blocked = Type.Object({ action: Type.String(), code: Type.String(), message: Type.String() });

export const Summary = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  caseId: NStr(),
  caseNumber: NStr(),
  source: Type.String({ description: "case 由案件生成 | external 外部系统推送" }),
  actionType: Type.String(),
  actionTypeLabel: Type.String(),
  documentNumber: Type.String({ description: "文书号（或案号）" }),
  decisionDate: Type.String(),
  title: Type.String({ description: "案由（公示文本）" }),
  partyType: Type.String(),
  partyName: Type.String({ description: "当事人（公示文本）" }),
  status: Type.String(),
  statusLabel: Type.String(),
  exclusion: NStr(),
  exclusionLabel: NStr(),
  deadline: Type.String({ description: "应公示期限（许可、处罚 7 个工作日，其他 20 个工作日，R-PUB-03）" }),
  deadlineConfirmed: Type.Boolean({ description: "false：期限涉及尚未导入放假安排的年份" }),
  light: Nullable(Type.String()),
  lightLabel: Type.String(),
  late: NBool(),
  publishedOn: NStr(),
  withdrawnOn: NStr(),
  withdrawalLate: NBool(),
  publicVersion: Type.Integer({ description: "已公开的版本数（0 为未公开）" }),
});

export const VersionOut = Type.Object({
  version: Type.Integer(),
  kind: Type.String({ description: "publish 首次公示 | correction 更正" }),
  note: Type.String(),
  sha256: Type.String(),
  ledgerEntryId: Type.Integer(),
  createdAt: Type.String(),
  createdByName: NStr(),
  fields: Fields,
});

export const CorrectionOut = Type.Object({
  id: Type.String(),
  publicationId: Type.String(),
  publicationTitle: Type.String(),
  documentNumber: Type.String(),
  agencyName: Type.String(),
  problem: Type.String(),
  requested: Type.String(),
  evidence: Type.String(),
  contactName: Type.String(),
  contact: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  due: Type.String({ description: "处理期限" }),
  reason: NStr(),
  versionId: NStr(),
  handledByName: NStr(),
  handledAt: NStr(),
  createdAt: Type.String(),
});

export const Detail = Type.Object({
  ...Summary.properties,
  original: Fields,
  redacted: Fields,
  hits: Type.Array(Hit, { description: "自动脱敏命中（用于原文、公示文本对照高亮）" }),
  problems: Type.Array(Problem, { description: "公示文本中仍然存在的个人信息；有则不能保存或发布" }),
  keep: Type.Array(Type.String(), { description: "保留不脱敏的名称（本机关、执法人员、单位当事人）" }),
  partyIsMinor: Type.Boolean(),
  exclusionNote: NStr(),
  reviewedByName: NStr(),
  reviewedAt: NStr(),
  rulingKind: NStr(),
  rulingKindLabel: NStr(),
  rulingDate: NStr(),
  withdrawalDeadline: NStr(),
  withdrawalNotice: NStr(),
  publicSha256: NStr(),
  ledgerEntryId: NInt(),
  versions: Type.Array(VersionOut),
  corrections: Type.Array(CorrectionOut),
  version: Type.Integer({ description: "乐观锁版本号（每次修改加一）" }),
  can: Type.Object({ edit: Type.Boolean(), publish: Type.Boolean(), withhold: Type.Boolean(), withdraw: Type.Boolean(), correct: Type.Boolean(), decideCorrections: Type.Boolean() }),
  blocked: Type.Array(Blocked),
});

export const QueueQuery = Type.Object({
  status: Type.Optional(Status),
  light: Type.Optional(Light),
  agencyId: Type.Optional(Uuid),
  actionType: Type.Optional(ActionType),
  source: Type.Optional(Type.Union([Type.Literal("case"), Type.Literal("external")])),
  q: Type.Optional(Str(100, 0, "文书号、案由或当事人（含原文）")),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const EditBody = Type.Object({
  redacted: Type.Optional(FieldsEdit),
  keep: Type.Optional(Type.Array(Str(200, 1), { maxItems: 50 })),
  exclusion: Type.Optional(Type.Union([ExclusionReason, Type.Null()])),
  exclusionNote: Type.Optional(Str(2000)),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const PushBody = Type.Object({
  agencyId: Type.Optional(Uuid),
  actionType: ActionType,
  documentNumber: Str(100, 1),
  decisionDate: IsoDate,
  title: Str(300, 1),
  party: Type.Object({
    type: Type.Union([Type.Literal("person"), Type.Literal("org")]),
    name: Str(200, 1),
    idNo: Type.Optional(Str(50)),
    phone: Type.Optional(Str(30)),
    address: Type.Optional(Str(300)),
    isMinor: Type.Optional(Type.Boolean({ description: "当事人为未成年人（不予公示）" })),
  }),
  facts: Type.Optional(Str(20_000)),
  conclusion: Str(5_000, 1),
  basis: Str(5_000),
  fullText: Type.Optional(Str(100_000)),
  marks: Type.Optional(Type.Array(ExclusionReason, { maxItems: 5 })),
  personNames: Type.Optional(Type.Array(Str(50, 1), { maxItems: 50, description: "须脱敏的其他自然人姓名" })),
  keep: Type.Optional(Type.Array(Str(200, 1), { maxItems: 50, description: "保留不脱敏的名称（执法人员等）" })),
});

export const OverdueItem = Type.Object({
  ...Summary.properties,
  rulingDate: NStr(),
  withdrawalDeadline: NStr(),
});

export const Overdue = Type.Object({
  today: Type.String(),
  drafts: Type.Array(OverdueItem, { description: "超过期限仍未公示（也未决定不予公示）" }),
  latePublications: Type.Array(OverdueItem, { description: "超期公示" }),
  lateWithdrawals: Type.Array(OverdueItem, { description: "超过 2 个工作日才撤回" }),
  overdueCorrections: Type.Array(CorrectionOut, { description: "超过处理期限仍未处理的更正申请" }),
  annualReports: Type.Array(
    Type.Object({ agencyId: Type.String(), agencyName: Type.String(), year: Type.Integer(), deadline: Type.String(), status: Type.String({ description: "none 未生成 | draft 未发布 | published 逾期发布" }), publishedOn: NStr() }),
    { description: "上一年度统计年报超过 1 月 31 日未发布或逾期发布（R-PUB-10）" },
  ),
  byAgency: Type.Array(
    Type.Object({
      agencyId: Type.String(),
      agencyName: Type.String(),
      total: Type.Integer(),
      drafts: Type.Integer(),
      overdueDrafts: Type.Integer(),
      published: Type.Integer(),
      latePublished: Type.Integer(),
      withheld: Type.Integer({ description: "不予公示（选择性公示的线索）" }),
      withdrawn: Type.Integer(),
      lateWithdrawn: Type.Integer(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------------------

export const PublicQuery = Type.Object({
  q: Type.Optional(Str(100, 0, "关键词（中文分词，全部词语均须出现）")),
  agencyId: Type.Optional(Uuid),
  actionType: Type.Optional(ActionType),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
});

export const PublicItem = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  actionType: Type.String(),
  actionTypeLabel: Type.String(),
  documentNumber: Type.String(),
  decisionDate: Type.String(),
  title: Type.String(),
  partyType: Type.String(),
  partyName: Type.String(),
  conclusion: Type.String(),
  publishedOn: Type.String(),
  version: Type.Integer(),
  corrected: Type.Boolean(),
});

/** A page of the public search: `total` exact, a lower bound or the database's estimate (`totalIs`). */
export const PublicPage = Type.Object({
  items: Type.Array(PublicItem),
  total: Type.Integer({ description: "符合条件的条数，含义见 totalIs" }),
  totalIs: Type.String({ description: "exact：精确条数；at_least：至少这么多条（超过 1000 条不再计数）；estimate：按数据库统计信息估算的条数" }),
  hasMore: Type.Boolean({ description: "是否还有下一页（最多可翻到第 10000 条）" }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

const Payload = Type.Object(
  {
    publicationId: Type.String(),
    version: Type.Integer(),
    agencyId: Type.String(),
    agencyName: Type.String(),
    actionType: Type.String(),
    documentNumber: Type.String(),
    decisionDate: Type.String(),
    partyType: Type.String(),
    fields: Fields,
  },
  { description: "被哈希的公示内容：sha256 = SHA-256(RFC 8785 规范化 JSON)" },
);

export const PublicDetail = Type.Object({
  ...PublicItem.properties,
  fields: Fields,
  sha256: Type.String({ description: "当前版本公示内容的 SHA-256" }),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      kind: Type.String(),
      note: Type.String({ description: "更正说明" }),
      publishedAt: Type.String(),
      fields: Fields,
      sha256: Type.String(),
      payload: Payload,
      payloadMatches: Type.Boolean(),
      ledger: Type.Union([
        Type.Object(
          {
            entryId: Type.Integer(),
            kind: Type.String(),
            body: Type.String({ description: "账本条目（规范化 JSON），其 data.sha256 即公示内容的哈希" }),
            salt: Type.String({ description: "盐（十六进制）" }),
            commitment: Type.String({ description: "承诺值 = SHA-256(盐 ‖ 条目)，十六进制；/api/ledger/leaf/{commitment} 查叶子序号" }),
            leafIndex: NInt(),
          },
          { description: "账本证明：以 leafIndex 调用 /api/ledger/proof/inclusion 取得包含证明，对照 /api/ledger/checkpoint 的签名检查点" },
        ),
        Type.Null(),
      ]),
    }),
  ),
});

export const PublicCorrectionBody = Type.Object({
  problem: Str(2000, 1, "公示信息中不准确的内容"),
  requested: Str(2000, 1, "请求更正为"),
  evidence: Str(4000, 1, "证据材料说明"),
  contactName: Str(50, 1),
  contact: Str(100, 1, "联系电话或电子邮箱（不公开）"),
});

export const CodeParams = Type.Object({ code: Type.String({ minLength: 16, maxLength: 16, pattern: "^[A-Za-z0-9]+$" }) });

export const CorrectionStatusOut = Type.Object({
  status: Type.String(),
  statusLabel: Type.String(),
  publication: Type.Object({ id: Type.String(), title: Type.String(), documentNumber: Type.String(), agencyName: Type.String() }),
  problem: Type.String(),
  requested: Type.String(),
  due: Type.String(),
  createdAt: Type.String(),
  handledAt: NStr(),
  reason: NStr(),
  version: NInt(),
});
