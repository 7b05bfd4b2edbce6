import { Type } from "typebox";
import { REVIEW_CHECK_KEYS } from "@zhifa/domain";
import { Abilities, IsoDate, Uuid } from "../../core/schemas.ts";

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: "\\S" } : {}) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const Outcome = Lit(["agreed", "corrected", "transferred"] as const);

/** 送审材料 (R-REV-03). */
export const Submission = Type.Object({
  facts: Str(20000),
  lawApplied: Str(10000),
  discretion: Str(10000),
  evidenceCollection: Str(10000),
  hearing: Str(10000),
  draftDecision: Str(50000),
  recordIds: Type.Array(Uuid, { maxItems: 500 }),
  evidenceIds: Type.Array(Uuid, { maxItems: 2000 }),
  otherMaterials: Str(10000),
});

export const ChecklistItem = Type.Object({
  key: Lit(REVIEW_CHECK_KEYS),
  result: Nullable(Lit(["ok", "problem"] as const)),
  note: Str(2000),
});
export const Checklist = Type.Array(ChecklistItem, { maxItems: 10 });
const ChecklistOut = Type.Array(Type.Object({ key: Type.String(), result: Nullable(Type.String()), note: Type.String() }));

export const Extension = Nullable(
  Type.Object({
    reason: Type.String(),
    requestedByName: Type.String(),
    requestedAt: Type.String(),
    decision: Nullable(Type.String()),
    decisionReason: Nullable(Type.String()),
    decidedByName: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
  }),
);

export const Dispute = Nullable(
  Type.Object({
    reason: Type.String(),
    byName: Type.String(),
    at: Type.String(),
    previous: Type.String(),
    decision: Nullable(Type.String()),
    decisionReason: Nullable(Type.String()),
    decidedByName: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
  }),
);

export const ReviewSummary = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNumber: Type.String(),
  caseTitle: Type.String(),
  partyName: Type.String(),
  actionType: Type.String(),
  agencyName: Type.String(),
  round: Type.Integer(),
  state: Type.String(),
  stateLabel: Type.String(),
  submittedAt: Type.String(),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  acceptedOn: Nullable(Type.String()),
  due: Nullable(Type.String()),
  completeBy: Nullable(Type.String()),
  light: Nullable(Type.String()),
  lightLabel: Type.String(),
  outcome: Nullable(Type.String()),
  late: Nullable(Type.Boolean()),
  extensionPending: Type.Boolean(),
  majorBecause: Type.Array(Type.String()),
});

export const ReviewEvent = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  actorName: Type.String(),
  at: Type.String(),
  summary: Type.String(),
  ledgerEntryId: Nullable(Type.Integer()),
});

export const ReviewDetail = Type.Object({
  ...ReviewSummary.properties,
  caseStage: Type.String(),
  caseStatus: Type.String(),
  submittedByName: Type.String(),
  submission: Submission,
  decision: Type.Unknown(),
  returnReason: Nullable(Type.String()),
  checklist: ChecklistOut,
  opinion: Nullable(Type.String()),
  correction: Nullable(Type.String()),
  transferTo: Nullable(Type.String()),
  opinionAt: Nullable(Type.String()),
  opinionByName: Nullable(Type.String()),
  documentSha256: Nullable(Type.String()),
  extension: Extension,
  dispute: Dispute,
  version: Type.Integer(),
  events: Type.Array(ReviewEvent),
  /** Other rounds of the same case, newest first. */
  rounds: Type.Array(Type.Object({ id: Type.String(), round: Type.Integer(), state: Type.String(), stateLabel: Type.String(), outcome: Nullable(Type.String()), opinion: Nullable(Type.String()), correction: Nullable(Type.String()) })),
  abilities: Abilities,
  /** Why some actions are not possible now (stable id + Chinese message). */
  blocked: Type.Array(Type.Object({ action: Type.String(), code: Type.String(), message: Type.String() })),
});

export const QueueQuery = Type.Object({
  state: Type.Optional(Str(200)),
  light: Type.Optional(Lit(["normal", "due_soon", "overdue"] as const)),
  assignee: Type.Optional(Type.Union([Type.Literal("me"), Type.Literal("none"), Uuid])),
  q: Type.Optional(Str(100)),
  caseId: Type.Optional(Uuid),
  needsHead: Type.Optional(Type.Boolean()),
  agencyId: Type.Optional(Uuid),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const QueueCounts = Type.Object({
  pending: Type.Integer(),
  returned: Type.Integer(),
  inReview: Type.Integer(),
  mine: Type.Integer(),
  overdue: Type.Integer(),
  disputed: Type.Integer(),
  extensions: Type.Integer(),
});

export const CaseReviewInfo = Type.Object({
  major: Type.Boolean(),
  because: Type.Array(Type.String()),
  atReviewableStage: Type.Boolean(),
  hasDecision: Type.Boolean(),
  canSubmit: Type.Boolean(),
  draft: Submission,
  records: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), title: Type.String(), actedAt: Type.String() })),
  files: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), category: Type.String(), capturedAt: Type.String() })),
  rounds: Type.Array(ReviewSummary),
  gate: Type.Object({ passed: Type.Boolean(), pending: Type.Boolean(), stale: Type.Boolean() }),
});

export const AcceptBody = Type.Object({ assigneeId: Type.Optional(Uuid), expectedVersion: Type.Optional(Type.Integer()) });
export const ReturnBody = Type.Object({ reason: Str(5000, 1), completeBy: Type.Optional(IsoDate) });
export const CompleteBody = Type.Object({ submission: Submission, note: Str(2000) });
export const ReasonBody = Type.Object({ reason: Str(5000, 1) });
export const AssignBody = Type.Object({ assigneeId: Uuid, reason: Str(2000) });
export const ChecklistBody = Type.Object({ checklist: Checklist });
export const NoteBody = Type.Object({ kind: Lit(["inquiry", "consultation"] as const), text: Str(10000, 1), adviserId: Type.Optional(Uuid) });
export const DecideBody = Type.Object({ approve: Type.Boolean(), reason: Str(2000) });
export const ResolveBody = Type.Object({ uphold: Type.Boolean(), reason: Str(5000, 1) });
export const OpinionBody = Type.Object({
  outcome: Outcome,
  checklist: Checklist,
  opinion: Str(20000, 1),
  correction: Type.Optional(Nullable(Str(10000))),
  transferTo: Type.Optional(Nullable(Str(500))),
});

export const Materials = Type.Object({
  records: Type.Array(Type.Object({ id: Type.String(), stage: Type.String(), kind: Type.String(), kindLabel: Type.String(), title: Type.String(), body: Type.String(), actedAt: Type.String(), byName: Type.String(), linked: Type.Boolean(), superseded: Type.Boolean() })),
  files: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), category: Type.String(), mime: Type.String(), capturedAt: Type.String(), place: Type.String(), proves: Type.String(), sha256: Type.String(), linked: Type.Boolean() })),
});

export const Workload = Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), inReview: Type.Integer(), overdue: Type.Integer(), decided30: Type.Integer() }));

export const Stats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  total: Type.Integer(),
  byState: Type.Record(Type.String(), Type.Integer()),
  decided: Type.Integer(),
  averageDays: Nullable(Type.Number()),
  p90Days: Nullable(Type.Number()),
  correctedShare: Nullable(Type.Number()),
  overdueShare: Nullable(Type.Number()),
});

export const Phrase = Type.Object({ id: Type.String(), category: Type.String(), text: Type.String() });
export const PhraseBody = Type.Object({ category: Lit(["general", "agreed", "corrected", "transferred", "return", ...REVIEW_CHECK_KEYS] as const), text: Str(2000, 1) });

export const Options = Type.Object({
  reviewers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  advisers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), agencyName: Type.String(), qualification: Type.String() })),
});
