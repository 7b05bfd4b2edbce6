import { Type } from "typebox";
import { CASE_SOURCES, DOC_KINDS } from "@zhifa/domain";
import { Abilities, IsoDate, Uuid } from "../../core/schemas.ts";

/** Text up to `max`; a required one (min > 0) must hold more than spaces. */
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: "\\S" } : {}) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Light = Type.Union([Type.Literal("normal"), Type.Literal("due_soon"), Type.Literal("overdue"), Type.Literal("suspended"), Type.Literal("done")]);

export const DeadlineOut = Type.Object({
  due: Nullable(Type.String()),
  light: Type.String(),
  label: Type.String(),
  basis: Type.String(),
  confirmed: Type.Boolean(),
});

export const CaseSummary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  agencyId: Type.String(),
  agencyName: Type.String(),
  actionType: Type.String(),
  title: Type.String(),
  partyName: Type.String(),
  status: Type.String(),
  stage: Type.String(),
  stageName: Type.String(),
  workflowName: Type.String(),
  stageDue: Nullable(Type.String()),
  caseDue: Nullable(Type.String()),
  light: Light,
  lead: Nullable(Type.String()),
  flagCount: Type.Integer(),
  openedOn: Type.String(),
});

export const CaseListQuery = Type.Object({
  q: Type.Optional(Str(100)),
  stage: Type.Optional(Str(60)),
  status: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("suspended"), Type.Literal("closed"), Type.Literal("archived"), Type.Literal("terminated")])),
  actionType: Type.Optional(Str(30)),
  light: Type.Optional(Type.Union([Type.Literal("normal"), Type.Literal("due_soon"), Type.Literal("overdue"), Type.Literal("suspended")])),
  officerId: Type.Optional(Uuid),
  mine: Type.Optional(Type.Boolean()),
  flagged: Type.Optional(Type.Boolean()),
  agencyId: Type.Optional(Uuid),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const OpenCaseBody = Type.Object({
  workflowKey: Str(60, 1),
  title: Str(200, 1),
  source: Type.Union(CASE_SOURCES.map((s) => Type.Literal(s))),
  sourceDetail: Type.Optional(Str(2000)),
  party: Type.Object({
    type: Type.Union([Type.Literal("person"), Type.Literal("org")]),
    name: Str(200, 1),
    idNo: Type.Optional(Type.String({ maxLength: 30, pattern: "^[0-9A-Za-z]*$" })),
    address: Type.Optional(Str(300)),
    phone: Type.Optional(Type.String({ maxLength: 30, pattern: "^[0-9+\\- ]*$" })),
  }),
  regionCode: Type.Optional(Type.String({ pattern: "^\\d{6}$" })),
  powerItemCode: Type.Optional(Nullable(Str(60))),
  officerIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }),
  openedOn: Type.Optional(IsoDate),
});

export const RecordBody = Type.Object({
  kind: Type.Union(DOC_KINDS.map((k) => Type.Literal(k))),
  title: Type.Optional(Str(200)),
  body: Str(50_000, 1),
  actedAt: Type.Optional(Type.String({ format: "date-time" })),
  stage: Type.Optional(Str(60, 1)),
  supersedes: Type.Optional(Nullable(Uuid)),
});

export const AdvanceBody = Type.Object({
  next: Type.Optional(Str(60, 1)),
  note: Type.Optional(Str(2000)),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const DecisionBody = Type.Object({
  measures: Type.Array(Str(100, 1), { maxItems: 10 }),
  amountFen: Nullable(Type.Integer({ minimum: 0, maximum: 1e14 })),
  tierId: Nullable(Uuid),
  discretionReason: Str(5000),
  outsideTierReason: Nullable(Str(5000)),
  majorFlags: Type.Array(Str(60, 1), { maxItems: 10 }),
});

export const TeamBody = Type.Object({
  add: Type.Array(Uuid, { maxItems: 20 }),
  remove: Type.Array(Type.Object({ officerId: Uuid, reason: Str(500, 1) }), { maxItems: 20 }),
});

export const SuspendBody = Type.Object({ reason: Str(500, 1), from: Type.Optional(IsoDate) });
export const ResumeBody = Type.Object({ to: Type.Optional(IsoDate) });
export const ApprovalBody = Type.Object({ kind: Type.Union([Type.Literal("av_exception"), Type.Literal("avoidance")]), reason: Str(2000, 1), officerId: Type.Optional(Uuid) });
export const DecideBody = Type.Object({ decision: Type.Union([Type.Literal("approved"), Type.Literal("refused")]), reason: Str(2000, 1) });
export const InterestBody = Type.Object({ officerId: Uuid, partyName: Str(200, 1), partyIdNo: Type.Optional(Type.String({ maxLength: 30, pattern: "^[0-9A-Za-z]*$" })), relation: Str(200, 1) });

const Refusal = Type.Object({ code: Type.String(), message: Type.String(), rule: Type.String() });

const StageDefOut = Type.Object({
  key: Type.String(),
  name: Type.String(),
  phase: Type.String(),
  actors: Type.Array(Type.String()),
  documents: Type.Array(Type.Array(Type.String())),
  minTeam: Type.Optional(Type.Integer()),
  av: Type.Optional(Type.String()),
  majorGate: Type.Optional(Type.Boolean()),
  suspendable: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Object({ amount: Type.Integer(), unit: Type.String(), basis: Type.String() })),
  next: Type.Array(Type.String()),
  hint: Type.Optional(Type.String()),
});

export const WorkflowOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  actionType: Type.String(),
  procedure: Type.Optional(Type.String()),
  current: Type.Boolean(),
  caseLimit: Type.Optional(Type.Object({ amount: Type.Integer(), unit: Type.String(), basis: Type.String() })),
  stages: Type.Array(StageDefOut),
  createdAt: Type.String(),
});

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  sourceLabel: Type.String(),
  sourceDetail: Type.String(),
  partyType: Type.String(),
  partyIdNo: Type.String(),
  partyAddress: Type.String(),
  partyPhone: Type.String(),
  regionCode: Type.String(),
  powerItemCode: Nullable(Type.String()),
  version: Type.Integer(),
  decision: Nullable(
    Type.Object({
      measures: Type.Array(Type.String()),
      amountFen: Nullable(Type.Integer()),
      tierId: Nullable(Type.String()),
      tierLabel: Nullable(Type.String()),
      discretionReason: Type.String(),
      outsideTierReason: Nullable(Type.String()),
    }),
  ),
  majorFlags: Type.Array(Type.String()),
  workflow: WorkflowOut,
  stageDeadline: Nullable(DeadlineOut),
  caseDeadline: Nullable(DeadlineOut),
  team: Type.Array(Type.Object({ officerId: Type.String(), name: Type.String(), role: Type.String(), certNumber: Type.String(), isMe: Type.Boolean() })),
  stages: Type.Array(Type.Object({ stage: Type.String(), name: Type.String(), startedAt: Type.String(), due: Nullable(Type.String()), completedAt: Nullable(Type.String()), late: Nullable(Type.Boolean()) })),
  records: Type.Array(
    Type.Object({
      id: Type.String(),
      stage: Type.String(),
      kind: Type.String(),
      kindLabel: Type.String(),
      title: Type.String(),
      body: Type.String(),
      actedAt: Type.String(),
      enteredAt: Type.String(),
      byName: Type.String(),
      flags: Type.Array(Type.String()),
      supersedes: Nullable(Type.String()),
      superseded: Type.Boolean(),
      ledgerEntryId: Type.Integer(),
    }),
  ),
  evidence: Type.Array(Type.Object({ id: Type.String(), stage: Nullable(Type.String()), category: Type.String(), filename: Type.String(), capturedAt: Type.String(), proves: Type.String(), late: Type.Boolean(), sha256: Type.String() })),
  suspensions: Type.Array(Type.Object({ id: Type.String(), stage: Type.String(), reason: Type.String(), from: Type.String(), to: Nullable(Type.String()) })),
  approvals: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      stage: Type.String(),
      reason: Type.String(),
      officerId: Nullable(Type.String()),
      requestedAt: Type.String(),
      decision: Nullable(Type.String()),
      decisionReason: Nullable(Type.String()),
      decidedAt: Nullable(Type.String()),
    }),
  ),
  flags: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), stage: Type.String(), detail: Type.String(), createdAt: Type.String() })),
  nextActions: Type.Array(Type.Object({ next: Nullable(Type.String()), name: Type.String(), allowed: Type.Boolean(), refusals: Type.Array(Refusal) })),
  requirements: Type.Object({
    documentsMissing: Type.Array(Type.String()),
    av: Nullable(Type.String()),
    minTeam: Type.Integer(),
    majorReview: Nullable(Type.Object({ required: Type.Boolean(), passed: Type.Boolean(), pending: Type.Boolean(), because: Type.Array(Type.String()) })),
  }),
  can: Abilities,
});
