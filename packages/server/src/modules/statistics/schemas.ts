/** TypeBox schemas of the statistics API (R-PUB-10): validation, serialisation and the OpenAPI document. */
import { Type } from "typebox";
import { MIN_STATISTICS_YEAR } from "@zhifa/domain";
import { Uuid } from "../../core/schemas.ts";

const NStr = () => Type.Union([Type.String(), Type.Null()]);
const NNum = () => Type.Union([Type.Number(), Type.Null()]);
const Int = () => Type.Integer();

export const Year = Type.Integer({ minimum: MIN_STATISTICS_YEAR, maximum: 2100, description: "年度" });
export const QuarterQ = Type.Integer({ minimum: 1, maximum: 4, description: "季度（1–4）；不填为全年" });

const Count = Type.Object({ key: Type.String(), label: Type.String(), count: Int() });
const Counts = Type.Array(Count);
const TypeRow = Type.Object({ actionType: Type.String(), label: Type.String(), opened: Int(), decided: Int(), closed: Int(), pending: Int() });
const Remedy = Type.Object({ filed: Int(), decided: Int(), pending: Int(), byOutcome: Counts, corrected: Int(), correctionRate: NNum() });

/** The figures of a period (`StatisticsFigures` in the domain). */
export const Figures = Type.Object({
  period: Type.Object({ year: Int(), quarter: Type.Union([Int(), Type.Null()]), from: Type.String(), to: Type.String(), label: Type.String() }),
  asOf: Type.String({ description: "统计日期：在办、超期等状态以该日为准" }),
  cases: Type.Object({
    byType: Type.Array(TypeRow),
    total: Type.Object({ opened: Int(), decided: Int(), closed: Int(), pending: Int() }),
    bySource: Counts,
    byStatus: Counts,
  }),
  penalties: Type.Object({ decided: Int(), general: Int(), simple: Int(), withFine: Int(), fineFen: Type.Integer({ description: "罚款金额（分）" }), byMeasure: Counts, paidFen: Int(), payments: Int() }),
  permits: Type.Object({ applications: Int(), decided: Int(), byMeasure: Counts }),
  inspections: Type.Object({ opened: Int(), completed: Int(), casesFromInspections: Int() }),
  reviews: Type.Object({ submitted: Int(), opinions: Int(), byOutcome: Counts, onTime: Int(), late: Int(), onTimeRate: NNum(), pending: Int() }),
  publicity: Type.Object({
    decisions: Int(),
    publishedOnTime: Int(),
    publishedLate: Int(),
    overdue: Int(),
    awaiting: Int(),
    withheld: Int(),
    byExclusion: Counts,
    withdrawn: Int(),
    withdrawnLate: Int(),
    timelinessRate: NNum(),
    corrections: Int(),
    correctionRequests: Int(),
    correctionRequestsAccepted: Int(),
    correctionRequestsRejected: Int(),
    correctionRequestsPending: Int(),
  }),
  remedies: Type.Object({ reconsideration: Remedy, litigation: Remedy }),
});

export const FiguresQuery = Type.Object({ agencyId: Type.Optional(Uuid), year: Year, quarter: Type.Optional(QuarterQ) });
export const LiveFigures = Type.Object({ agencyId: Type.String(), agencyName: Type.String(), figures: Figures });

const Can = Type.Object({ read: Type.Boolean(), prepare: Type.Boolean(), publish: Type.Boolean() });

export const ReportStatus = Type.Union([Type.Literal("none"), Type.Literal("draft"), Type.Literal("published")], { description: "none 未生成 | draft 草稿 | published 已发布" });

/** 版次 and 更正: which edition a report is, what it corrects, and the edition that corrected it. */
const Edition = {
  edition: Type.Integer({ minimum: 1, description: "版次：1 为首次发布，此后每次更正加 1" }),
  supersedes: Type.Union([Type.String(), Type.Null()], { description: "所更正的上一版本" }),
  correctionReason: Type.String({ description: "更正说明（随更正版本公开）" }),
  correctedBy: Type.Union([Type.String(), Type.Null()], { description: "更正本版本的新版本（已发布时）" }),
  supersededAt: Type.Union([Type.String(), Type.Null()], { description: "本版本被更正的时间" }),
};

export const ListItem = Type.Object({
  agencyId: Type.String(),
  agencyName: Type.String(),
  year: Int(),
  deadline: Type.String({ description: "发布期限：次年 1 月 31 日（R-PUB-10）" }),
  late: Type.Boolean({ description: "已超期：期限后发布，或期限已过仍未发布" }),
  status: ReportStatus,
  statusLabel: Type.String(),
  reportId: NStr(),
  generatedAt: NStr(),
  publishedOn: NStr(),
  edition: Int(),
  correctionDraftId: Type.Union([Type.String(), Type.Null()], { description: "待发布的更正草稿" }),
  can: Can,
});

export const Report = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  year: Int(),
  status: Type.String(),
  statusLabel: Type.String(),
  deadline: Type.String(),
  late: Type.Boolean(),
  note: Type.String({ description: "说明（随报告公开）" }),
  figures: Figures,
  generatedAt: Type.String(),
  generatedByName: NStr(),
  publishedOn: NStr(),
  publishedByName: NStr(),
  sha256: NStr(),
  ledgerEntryId: Type.Union([Int(), Type.Null()]),
  version: Int(),
  ...Edition,
  can: Can,
});

export const GenerateBody = Type.Object({ agencyId: Type.Optional(Uuid), year: Year });
export const NoteBody = Type.Object({ note: Type.String({ maxLength: 5000, description: "说明：数据口径、变化原因等（将随报告公开，不得含个人信息）" }), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) });

export const CorrectBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, description: "更正说明：哪些数据有误、为何更正（随更正版本公开，不得含个人信息）" }) });

export const PublicItem = Type.Object({ id: Type.String(), agencyId: Type.String(), agencyName: Type.String(), year: Int(), publishedOn: NStr(), late: Type.Boolean(), edition: Int() });
export const PublicReport = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  year: Int(),
  publishedOn: NStr(),
  late: Type.Boolean(),
  note: Type.String(),
  figures: Figures,
  sha256: Type.Union([Type.String({ description: "公开内容（RFC 8785 规范化 JSON）的 SHA-256，已写入账本" }), Type.Null()]),
  ledgerEntryId: Type.Union([Int(), Type.Null()]),
  status: Type.Union([Type.Literal("published"), Type.Literal("superseded")], { description: "published 现行版本 | superseded 已被更正" }),
  ...Edition,
  payload: Type.Object({}, { additionalProperties: true, description: "公开内容：其 RFC 8785 规范化 JSON 的 SHA-256 即 sha256" }),
  ledger: Type.Union(
    [
      Type.Object({
        body: Type.String({ description: "账本条目（规范化 JSON），data.sha256 为公开内容的摘要" }),
        salt: Type.String({ description: "条目的随机盐（十六进制）：承诺值 = SHA-256(盐 ‖ 条目)" }),
        commitment: Type.String(),
        leafIndex: Type.Union([Int(), Type.Null()], { description: "账本叶子序号；null 表示尚在写入" }),
      }),
      Type.Null(),
    ],
    { description: "发布时写入的账本条目，可据此向账本请求包含证明" },
  ),
});
