import { Tag } from "antd";
import { BACKFILL_FLAG_LABELS, CASE_SOURCES, CASE_SOURCE_LABELS, formatYuan } from "@zhifa/domain";

/** Shapes of the case API (server: modules/cases/schemas.ts). */
export type Light = "normal" | "due_soon" | "overdue" | "suspended" | "done";

export interface CaseSummary {
  id: string;
  number: string;
  agencyId: string;
  agencyName: string;
  actionType: string;
  title: string;
  partyName: string;
  status: string;
  stage: string;
  stageName: string;
  workflowName: string;
  stageDue: string | null;
  caseDue: string | null;
  light: Light;
  lead: string | null;
  flagCount: number;
  openedOn: string;
}

export interface StageDef {
  key: string;
  name: string;
  phase: string;
  actors: string[];
  documents: string[][];
  minTeam?: number;
  av?: string;
  majorGate?: boolean;
  suspendable?: boolean;
  limit?: { amount: number; unit: string; basis: string };
  next: string[];
  hint?: string;
}

export interface Workflow {
  id: string;
  key: string;
  version: number;
  name: string;
  actionType: string;
  procedure?: string;
  current: boolean;
  caseLimit?: { amount: number; unit: string; basis: string };
  stages: StageDef[];
}

export interface Deadline {
  due: string | null;
  light: string;
  label: string;
  basis: string;
  confirmed: boolean;
}

export interface Refusal {
  code: string;
  message: string;
  rule: string;
}

export interface CaseDetail extends CaseSummary {
  sourceLabel: string;
  sourceDetail: string;
  partyType: string;
  partyIdNo: string;
  partyAddress: string;
  partyPhone: string;
  regionCode: string;
  powerItemCode: string | null;
  version: number;
  decision: { measures: string[]; amountFen: number | null; tierId: string | null; tierLabel: string | null; discretionReason: string; outsideTierReason: string | null } | null;
  majorFlags: string[];
  workflow: Workflow;
  stageDeadline: Deadline | null;
  caseDeadline: Deadline | null;
  team: { officerId: string; name: string; role: string; certNumber: string; isMe: boolean }[];
  stages: { stage: string; name: string; startedAt: string; due: string | null; completedAt: string | null; late: boolean | null }[];
  records: { id: string; stage: string; kind: string; kindLabel: string; title: string; body: string; actedAt: string; enteredAt: string; byName: string; flags: string[]; supersedes: string | null; superseded: boolean; ledgerEntryId: number }[];
  evidence: { id: string; stage: string | null; category: string; filename: string; capturedAt: string; proves: string; late: boolean; sha256: string }[];
  suspensions: { id: string; stage: string; reason: string; from: string; to: string | null }[];
  approvals: { id: string; kind: string; stage: string; reason: string; officerId: string | null; requestedAt: string; decision: string | null; decisionReason: string | null; decidedAt: string | null }[];
  flags: { id: string; kind: string; stage: string; detail: string; createdAt: string }[];
  nextActions: { next: string | null; name: string; allowed: boolean; refusals: Refusal[] }[];
  requirements: { documentsMissing: string[]; av: string | null; minTeam: number; majorReview: { required: boolean; passed: boolean; pending: boolean; because: string[] } | null };
  can: Record<string, boolean>;
}

export const LIGHTS: Record<Light, { label: string; color: string }> = {
  normal: { label: "正常", color: "green" },
  due_soon: { label: "即将到期", color: "orange" },
  overdue: { label: "已超期", color: "red" },
  suspended: { label: "中止计时", color: "default" },
  done: { label: "已办结", color: "blue" },
};

export const STATUS_LABELS: Record<string, string> = { open: "办理中", suspended: "中止", closed: "已结案", archived: "已归档", terminated: "已终止" };

export const FLAG_LABELS: Record<string, string> = { ...BACKFILL_FLAG_LABELS, av_exception: "未全过程音像记录（已批准）" };

export const SOURCES = CASE_SOURCES.map((value) => ({ value, label: CASE_SOURCE_LABELS[value] }));

export function LightTag({ light, text }: { light: Light; text?: string }) {
  const l = LIGHTS[light] ?? LIGHTS.normal;
  return (
    <Tag color={l.color} data-light={light}>
      {text ?? l.label}
    </Tag>
  );
}

export const yuan = (fen: number | null | undefined) => (fen == null ? "" : `${formatYuan(fen)} 元`);
export const when = (iso: string) => new Date(iso).toLocaleString("zh-CN", { hour12: false });
