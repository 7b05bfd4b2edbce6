import type { ReactNode } from "react";
import { Form, Input, Space, Tag, Tooltip, Typography } from "antd";
import { REDACTION_KIND_LABELS, todayInShanghai, type RedactionKind } from "@zhifa/domain";
import { ApiError } from "../../api.ts";

/** Shapes of the publicity API (`packages/server/src/modules/publicity/schemas.ts`). */

export const FIELD_KEYS = ["partyName", "partyIdNo", "title", "facts", "conclusion", "basis", "fullText"] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];
export type Fields = Record<FieldKey, string>;

/** The same labels as the server's messages (service.ts FIELD_LABELS). */
export const FIELD_LABELS: Record<FieldKey, string> = { partyName: "当事人", partyIdNo: "证件号码", title: "案由（事项）", facts: "主要事实", conclusion: "处理结果", basis: "依据", fullText: "决定书全文" };

export interface PublicationSummary {
  id: string;
  agencyId: string;
  agencyName: string;
  caseId: string | null;
  caseNumber: string | null;
  source: string;
  actionType: string;
  actionTypeLabel: string;
  documentNumber: string;
  decisionDate: string;
  title: string;
  partyType: string;
  partyName: string;
  status: string;
  statusLabel: string;
  exclusion: string | null;
  exclusionLabel: string | null;
  deadline: string;
  deadlineConfirmed: boolean;
  light: string | null;
  lightLabel: string;
  late: boolean | null;
  publishedOn: string | null;
  withdrawnOn: string | null;
  withdrawalLate: boolean | null;
  publicVersion: number;
}

export interface Hit {
  field: string;
  kind: string;
  start: number;
  end: number;
  original: string;
  replacement: string;
  note: string | null;
}

export interface Problem {
  field: string;
  kind: string;
  start: number;
  end: number;
  message: string;
}

export interface Version {
  version: number;
  kind: string;
  note: string;
  sha256: string;
  ledgerEntryId: number;
  createdAt: string;
  createdByName: string | null;
  fields: Fields;
}

export interface Correction {
  id: string;
  publicationId: string;
  publicationTitle: string;
  documentNumber: string;
  agencyName: string;
  problem: string;
  requested: string;
  evidence: string;
  contactName: string;
  contact: string;
  status: string;
  statusLabel: string;
  due: string;
  reason: string | null;
  versionId: string | null;
  handledByName: string | null;
  handledAt: string | null;
  createdAt: string;
}

export interface PublicationDetail extends PublicationSummary {
  original: Fields;
  redacted: Fields;
  hits: Hit[];
  problems: Problem[];
  keep: string[];
  partyIsMinor: boolean;
  exclusionNote: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  rulingKind: string | null;
  rulingKindLabel: string | null;
  rulingDate: string | null;
  withdrawalDeadline: string | null;
  withdrawalNotice: string | null;
  publicSha256: string | null;
  ledgerEntryId: number | null;
  versions: Version[];
  corrections: Correction[];
  version: number;
  can: { edit: boolean; publish: boolean; withhold: boolean; withdraw: boolean; correct: boolean; decideCorrections: boolean };
  blocked: { action: string; code: string; message: string }[];
}

/** R-PUB-07 rulings (the server's RULING_KIND_LABELS). */
export const RULING_KIND_LABELS: Record<string, string> = { revoked: "撤销", illegal: "确认违法", invalid: "确认无效", review_changed: "复议变更", litigation_changed: "诉讼变更" };

export const STATUS_COLORS: Record<string, string> = { draft: "processing", published: "green", withheld: "default", withdrawn: "volcano" };
export const CORRECTION_COLORS: Record<string, string> = { pending: "orange", accepted: "green", rejected: "default" };
const LIGHT_COLORS: Record<string, string> = { normal: "green", due_soon: "orange", overdue: "red" };

/** Each redaction kind's colour: the highlight of the original and the legend. */
export const KIND_COLORS: Record<string, { bg: string; line: string }> = {
  person_name: { bg: "#bae0ff", line: "#1677ff" },
  id_number: { bg: "#ffccc7", line: "#f5222d" },
  phone: { bg: "#ffe7ba", line: "#fa8c16" },
  bank_card: { bg: "#efdbff", line: "#722ed1" },
  address: { bg: "#d9f7be", line: "#52c41a" },
  plate: { bg: "#b5f5ec", line: "#13c2c2" },
  email: { bg: "#ffd6e7", line: "#eb2f96" },
};
const OTHER_KIND = { bg: "#e8e8e8", line: "#8c8c8c" };
export const kindLabel = (kind: string) => REDACTION_KIND_LABELS[kind as RedactionKind] ?? (kind === "known" ? "当事人个人信息" : kind);
export const kindColor = (kind: string) => KIND_COLORS[kind] ?? OTHER_KIND;

export function StatusTag({ p }: { p: Pick<PublicationSummary, "status" | "statusLabel"> }) {
  return (
    <Tag color={STATUS_COLORS[p.status] ?? "default"} data-status={p.status} style={{ marginInlineEnd: 0 }}>
      {p.statusLabel}
    </Tag>
  );
}

/**
 * The publication deadline (R-PUB-03): a draft's light and its last day; once published, on time
 * or late (R-PUB-12); a withheld one has none.
 */
export function DeadlineTag({ p, showDate = true }: { p: PublicationSummary; showDate?: boolean }) {
  if (p.status === "draft" && p.light) {
    return (
      <Space size={4} wrap>
        <Tag color={LIGHT_COLORS[p.light] ?? "default"} data-light={p.light} style={{ marginInlineEnd: 0 }}>
          {p.lightLabel}
        </Tag>
        {showDate && (
          <Typography.Text type="secondary" title={p.deadlineConfirmed ? "应公示期限" : "期限涉及尚未导入放假安排的年份，仅供参考"}>
            {p.deadline}
            {p.deadlineConfirmed ? "" : "*"}
          </Typography.Text>
        )}
      </Space>
    );
  }
  if (p.status === "published" || p.status === "withdrawn")
    return (
      <Space size={4} wrap>
        <Tag color={p.late ? "red" : "blue"} data-late={p.late ? "1" : "0"} style={{ marginInlineEnd: 0 }}>
          {p.lightLabel || (p.late ? "超期公示" : "按期公示")}
        </Tag>
        {showDate && p.publishedOn && <Typography.Text type="secondary">{p.publishedOn}</Typography.Text>}
      </Space>
    );
  if (p.status === "withheld") return <Typography.Text type="secondary">{p.exclusionLabel ?? "不予公示"}</Typography.Text>;
  return null;
}

/**
 * A text with its redaction hits highlighted by kind colour (offsets are UTF-16 indices into the
 * text, as the server sends them); the tooltip names the kind and what replaces it.
 */
export function Highlighted({ text, hits }: { text: string; hits: Hit[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const h of [...hits].sort((a, b) => a.start - b.start || b.end - a.end)) {
    // an overlapping or stale hit (outside the text) is not drawn
    if (h.start < at || h.end > text.length || h.start >= h.end) continue;
    if (h.start > at) parts.push(text.slice(at, h.start));
    const c = kindColor(h.kind);
    parts.push(
      <Tooltip key={`${h.start}-${h.end}`} title={`${kindLabel(h.kind)}：公示为“${h.replacement}”${h.note ? `（${h.note}）` : ""}`}>
        <mark data-kind={h.kind} data-replacement={h.replacement} style={{ background: c.bg, borderBottom: `2px solid ${c.line}`, color: "inherit", padding: "0 1px", borderRadius: 2 }}>
          {text.slice(h.start, h.end)}
        </mark>
      </Tooltip>,
    );
    at = h.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** The legend of the kinds found, with their counts. */
export function KindLegend({ hits }: { hits: Hit[] }) {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.kind, (counts.get(h.kind) ?? 0) + 1);
  if (counts.size === 0) return <Typography.Text type="secondary">未发现需要脱敏的个人信息</Typography.Text>;
  return (
    <Space size={4} wrap data-testid="hit-legend">
      {[...counts].map(([kind, n]) => {
        const c = kindColor(kind);
        return (
          <span key={kind} style={{ background: c.bg, borderBottom: `2px solid ${c.line}`, padding: "0 6px", borderRadius: 2, fontSize: 12, whiteSpace: "nowrap" }}>
            {kindLabel(kind)} {n}
          </span>
        );
      })}
    </Space>
  );
}

/**
 * The server names a public field `redacted.<key>`; the dialogs' forms hold the fields flat. A
 * copy of the error with `redacted.` dropped, so `showSaveError` puts each message on its field.
 */
export function flattenRedacted(e: unknown): unknown {
  if (!(e instanceof ApiError) || !Array.isArray(e.body.details)) return e;
  const details = (e.body.details as { field?: unknown }[]).map((d) => (typeof d.field === "string" ? { ...d, field: d.field.replace(/^redacted\./, "") } : d));
  return new ApiError(e.status, { ...e.body, details });
}

/** The labels `showSaveError` needs for the flat public fields. */
export const FIELD_FORM_LABELS: Record<string, string> = { ...FIELD_LABELS };

/** The changed public fields (what an edit or a correction sends). */
export function changedFields(before: Fields, after: Partial<Fields>): Partial<Fields> {
  const out: Partial<Fields> = {};
  for (const k of FIELD_KEYS) if (after[k] !== undefined && after[k] !== before[k]) out[k] = after[k];
  return out;
}

/** Today in China (the server's calendar dates are Asia/Shanghai). */
export const todayInChina = (): string => todayInShanghai(new Date());

/** Keys shown in a dialog that edits the public text: the ones in use, and the required two. */
export const keysInUse = (f: Fields): FieldKey[] => FIELD_KEYS.filter((k) => k === "title" || k === "conclusion" || f[k].trim() !== "");

const LONG: readonly FieldKey[] = ["facts", "conclusion", "basis", "fullText"];
const MAX: Record<FieldKey, number> = { partyName: 200, partyIdNo: 50, title: 300, facts: 20_000, conclusion: 5_000, basis: 5_000, fullText: 100_000 };

/** The form items of public fields (flat names), with the server's limits. */
export function PublicFieldItems({ keys, rowsFor }: { keys: readonly FieldKey[]; rowsFor?: (k: FieldKey) => { minRows: number; maxRows: number } }) {
  return (
    <>
      {keys.map((k) => (
        <Form.Item
          key={k}
          name={k}
          label={FIELD_LABELS[k]}
          rules={k === "title" || k === "conclusion" ? [{ required: true, whitespace: true, message: `请填写${FIELD_LABELS[k]}` }] : []}
        >
          {LONG.includes(k) ? <Input.TextArea autoSize={rowsFor?.(k) ?? { minRows: 2, maxRows: k === "fullText" ? 12 : 6 }} maxLength={MAX[k]} /> : <Input maxLength={MAX[k]} />}
        </Form.Item>
      ))}
    </>
  );
}
