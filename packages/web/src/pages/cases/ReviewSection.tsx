import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { Alert, Button, Card, Checkbox, Drawer, Empty, Form, Grid, Input, List, Modal, Space, Spin, Tag, Typography, message } from "antd";
import { AuditOutlined, RollbackOutlined, SendOutlined, WarningOutlined } from "@ant-design/icons";
import { DOC_KIND_LABELS, REVIEW_STATE_LABELS, type ReviewState } from "@zhifa/domain";
import { errorMessage, fieldProblems, get, post } from "../../api.ts";
import { showSaveError } from "../../components/errors.ts";
import { LightTag, when, type Light } from "./common.tsx";

// ---------------------------------------------------------------------------------------
// Shapes of the legal-review API (server: modules/reviews/schemas.ts), shared by the case
// page's section, the queue (/reviews) and the review page (/reviews/:id).
// ---------------------------------------------------------------------------------------

/** 送审材料 (R-REV-03). */
export interface Submission {
  facts: string;
  lawApplied: string;
  discretion: string;
  evidenceCollection: string;
  hearing: string;
  draftDecision: string;
  recordIds: string[];
  evidenceIds: string[];
  otherMaterials: string;
}

export interface ReviewSummary {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  partyName: string;
  actionType: string;
  agencyName: string;
  round: number;
  state: string;
  stateLabel: string;
  submittedAt: string;
  assigneeId: string | null;
  assigneeName: string | null;
  acceptedOn: string | null;
  due: string | null;
  completeBy: string | null;
  light: string | null;
  lightLabel: string;
  outcome: string | null;
  late: boolean | null;
  extensionPending: boolean;
  majorBecause: string[];
}

export interface ReviewDecision {
  measures?: string[];
  amountFen?: number | null;
  tierLabel?: string | null;
  discretionReason?: string;
  outsideTierReason?: string | null;
}

export interface ChecklistEntry {
  key: string;
  result: "ok" | "problem" | null;
  note: string;
}

export interface ReviewDetail extends ReviewSummary {
  caseStage: string;
  caseStatus: string;
  submittedByName: string;
  submission: Submission;
  decision: ReviewDecision | null;
  returnReason: string | null;
  checklist: ChecklistEntry[];
  opinion: string | null;
  correction: string | null;
  transferTo: string | null;
  opinionAt: string | null;
  opinionByName: string | null;
  documentSha256: string | null;
  extension: { reason: string; requestedByName: string; requestedAt: string; decision: string | null; decisionReason: string | null; decidedByName: string | null; decidedAt: string | null } | null;
  dispute: { reason: string; byName: string; at: string; previous: string; decision: string | null; decisionReason: string | null; decidedByName: string | null; decidedAt: string | null } | null;
  version: number;
  events: { id: string; kind: string; actorName: string; at: string; summary: string; ledgerEntryId: number | null }[];
  rounds: { id: string; round: number; state: string; stateLabel: string; outcome: string | null; opinion: string | null; correction: string | null }[];
  abilities: Record<string, boolean>;
  blocked: { action: string; code: string; message: string }[];
}

export interface CaseReviewInfo {
  major: boolean;
  because: string[];
  atReviewableStage: boolean;
  hasDecision: boolean;
  canSubmit: boolean;
  draft: Submission;
  records: { id: string; kind: string; title: string; actedAt: string }[];
  files: { id: string; name: string; category: string; capturedAt: string }[];
  rounds: ReviewSummary[];
  gate: { passed: boolean; pending: boolean; stale: boolean };
}

/** The written parts of a submission, in the order of the 情况说明. */
export const SUBMISSION_SECTIONS: { key: keyof Submission; label: string; required: boolean; rows: number; hint?: string }[] = [
  { key: "facts", label: "案件事实", required: true, rows: 5, hint: "当事人基本情况、违法事实及认定的证据" },
  { key: "evidenceCollection", label: "调查取证情况", required: true, rows: 3, hint: "现场检查、询问、抽样、鉴定等取证经过" },
  { key: "lawApplied", label: "适用法律依据", required: true, rows: 3, hint: "违反的条款和处罚依据的条款" },
  { key: "discretion", label: "裁量基准运用情况", required: true, rows: 3, hint: "适用的裁量阶次及理由" },
  { key: "hearing", label: "陈述申辩、听证情况", required: false, rows: 2 },
  { key: "otherMaterials", label: "其他需要说明的材料", required: false, rows: 2 },
];

const STATE_COLORS: Record<string, string> = {
  pending: "processing",
  returned: "orange",
  in_review: "blue",
  agreed: "green",
  corrected: "volcano",
  transferred: "purple",
  disputed: "magenta",
  overruled: "cyan",
  withdrawn: "default",
};

/** Short labels for narrow columns (the full label is the tag's tooltip). */
const SHORT_STATE_LABELS: Record<string, string> = { returned: "退回补充", disputed: "有异议待决定", overruled: "采纳承办意见" };

export function StateTag({ state, label, short = false }: { state: string; label?: string; short?: boolean }) {
  const full = REVIEW_STATE_LABELS[state as ReviewState] ?? label ?? state;
  return (
    <Tag color={STATE_COLORS[state] ?? "default"} data-state={state} title={full} style={{ whiteSpace: "normal", maxWidth: "100%", marginInlineEnd: 0 }}>
      {(short && SHORT_STATE_LABELS[state]) || full}
    </Tag>
  );
}

/** The review's deadline light (the case light style) and due date. */
export function DueTag({ r, showDate = true }: { r: Pick<ReviewSummary, "light" | "lightLabel" | "due" | "state" | "late" | "completeBy">; showDate?: boolean }) {
  if (r.light === "done") return r.late ? <Tag color="red">{r.lightLabel}</Tag> : <LightTag light="done" text={r.lightLabel} />;
  if (r.light)
    return (
      <Space size={4} wrap>
        <LightTag light={r.light as Light} text={r.lightLabel} />
        {showDate && r.due && <Typography.Text type="secondary">{r.due}</Typography.Text>}
      </Space>
    );
  if (r.state === "returned") return <Tag color="orange">{r.lightLabel || `待补充（${r.completeBy ?? ""}前）`}</Tag>;
  if (r.state === "disputed") return <Tag color="magenta">{r.lightLabel || "待负责人决定"}</Tag>;
  if (r.state === "pending") return <Typography.Text type="secondary">待受理</Typography.Text>;
  return null;
}

export const day = (iso: string) => new Date(iso).toLocaleDateString("zh-CN");

// ---------------------------------------------------------------------------------------
// The case page's card
// ---------------------------------------------------------------------------------------

/**
 * 法制审核 on the case page (R-REV-01…08): whether the decision is major and why, the gate,
 * the rounds and their opinions; the case unit submits, completes a returned submission or
 * contests an opinion from here.
 */
export function ReviewSection({ caseId, caseVersion, onChanged }: { caseId: string; caseVersion?: number; onChanged?: () => unknown }) {
  const screens = Grid.useBreakpoint();
  const [info, setInfo] = useState<CaseReviewInfo | null>(null);
  const [latest, setLatest] = useState<ReviewDetail | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [drawer, setDrawer] = useState<"submit" | "complete" | null>(null);
  const [prompt, setPrompt] = useState<"dispute" | "withdraw" | null>(null);

  const load = useCallback(async () => {
    try {
      const i = await get<CaseReviewInfo>(`/api/cases/${caseId}/review`);
      const first = i.rounds[0];
      const d = first ? await get<ReviewDetail>(`/api/reviews/${first.id}`) : null;
      setInfo(i);
      setLatest(d);
      setUnavailable(false);
    } catch {
      setUnavailable(true);
    }
  }, [caseId]);
  useEffect(() => void load(), [load, caseVersion]);

  const done = async (d: ReviewDetail, text: string) => {
    message.success(text);
    setLatest(d);
    setDrawer(null);
    setPrompt(null);
    await load();
    await onChanged?.();
  };

  if (unavailable) return null;
  if (!info) return <Card size="small" title="法制审核" loading />;
  // nothing to say yet: an early stage of a case no review concerns
  if (!info.major && info.rounds.length === 0 && !info.atReviewableStage) return null;

  const ab = latest?.abilities ?? {};
  const otherRounds = new Map((latest?.rounds ?? []).map((x) => [x.id, x]));
  const opinionOf = (id: string) => (latest && latest.id === id ? { opinion: latest.opinion, correction: latest.correction } : otherRounds.get(id));
  const submitBlocked = latest?.blocked.filter((b) => ["complete", "withdraw", "dispute"].includes(b.action)) ?? [];

  const gateTag = info.gate.passed ? (
    <Tag color="green">法制审核已通过</Tag>
  ) : info.gate.stale ? (
    <Tag color="red">须重新审核</Tag>
  ) : info.gate.pending ? (
    <Tag color="processing">审核进行中</Tag>
  ) : info.major ? (
    <Tag color="orange">须经法制审核</Tag>
  ) : (
    <Tag>无需法制审核</Tag>
  );

  return (
    <Card size="small" title={<span><AuditOutlined /> 法制审核</span>} extra={gateTag} data-testid="review-section">
      <Space orientation="vertical" size="small" style={{ width: "100%" }}>
        {info.major ? (
          <Alert
            type="info"
            showIcon
            title="属于重大执法决定，作出决定前须经法制审核"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="review-because">
                {info.because.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Typography.Text type="secondary">
            {info.hasDecision ? "按重大执法决定法制审核目录，本案拟作出的决定不属于重大执法决定。" : "填写拟决定内容后，系统按重大执法决定法制审核目录判断是否须经法制审核。"}
          </Typography.Text>
        )}

        {latest?.state === "returned" && (
          <Alert
            type="warning"
            showIcon
            icon={<RollbackOutlined />}
            data-testid="review-returned"
            title={`第 ${latest.round} 轮送审材料被退回，请补充后重新提交`}
            description={
              <Space orientation="vertical" size={2}>
                <Typography.Text style={{ whiteSpace: "pre-wrap" }}>退回理由：{latest.returnReason}</Typography.Text>
                <Typography.Text strong>补充期限：{latest.completeBy} 前（逾期未补充的，本轮审核终止，须重新提交）</Typography.Text>
              </Space>
            }
          />
        )}
        {latest?.state === "corrected" && (
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            data-testid="review-corrected"
            title={`第 ${latest.round} 轮审核意见：纠正`}
            description={
              <Space orientation="vertical" size={2}>
                <Typography.Text strong style={{ whiteSpace: "pre-wrap" }}>纠正意见：{latest.correction}</Typography.Text>
                {latest.opinion && <Typography.Text style={{ whiteSpace: "pre-wrap" }}>审核意见：{latest.opinion}</Typography.Text>}
                <Typography.Text type="secondary">请按纠正意见处理（如修改拟决定内容）后重新提交法制审核；对意见有异议的，可以提请机关负责人决定。</Typography.Text>
              </Space>
            }
          />
        )}
        {latest?.state === "transferred" && (
          <Alert type="warning" showIcon title={`第 ${latest.round} 轮审核意见：移送`} description={<Typography.Text style={{ whiteSpace: "pre-wrap" }}>{`建议移送：${latest.transferTo ?? ""}\n${latest.opinion ?? ""}`}</Typography.Text>} />
        )}
        {latest?.state === "disputed" && <Alert type="info" showIcon title="已对审核意见提出异议，待机关负责人决定" description={latest.dispute?.reason} />}
        {info.gate.passed && latest && <Alert type="success" showIcon title={latest.state === "overruled" ? "机关负责人决定采纳承办机构意见，可以作出决定" : `第 ${latest.round} 轮审核意见：同意，可以作出决定`} />}
        {info.gate.stale && <Alert type="warning" showIcon title="法制审核同意后拟决定内容已修改，须就修改后的内容重新提交法制审核" />}
        {submitBlocked.length > 0 && <Alert type="warning" showIcon title={submitBlocked.map((b) => b.message).join("；")} />}

        <Space wrap>
          {info.canSubmit && !info.gate.passed && (
            <Button type={info.major ? "primary" : "default"} icon={<SendOutlined />} onClick={() => setDrawer("submit")} block={!screens.md}>
              提交法制审核
            </Button>
          )}
          {ab.complete && (
            <Button type="primary" onClick={() => setDrawer("complete")} block={!screens.md}>
              补充材料
            </Button>
          )}
          {ab.dispute && <Button onClick={() => setPrompt("dispute")}>提出异议</Button>}
          {ab.withdraw && (
            <Button danger onClick={() => setPrompt("withdraw")}>
              撤回送审
            </Button>
          )}
        </Space>
        {!info.canSubmit && info.major && info.rounds.length === 0 && (
          <Typography.Text type="secondary">{!info.hasDecision ? "请先填写拟决定内容，再提交法制审核。" : !info.atReviewableStage ? "调查终结、拟作出决定时（审查或决定环节）提交法制审核。" : ""}</Typography.Text>
        )}

        {info.rounds.length > 0 && (
          <List
            size="small"
            header={<Typography.Text strong>审核轮次</Typography.Text>}
            dataSource={info.rounds}
            renderItem={(r) => {
              const o = opinionOf(r.id);
              return (
                <List.Item data-round={r.round} style={{ display: "block" }}>
                  <Space wrap size={4}>
                    <Link to={`/reviews/${r.id}`}>第 {r.round} 轮</Link>
                    <StateTag state={r.state} label={r.stateLabel} />
                    <DueTag r={r} />
                    <Typography.Text type="secondary">
                      送审 {day(r.submittedAt)}
                      {r.assigneeName ? ` · 审核人员 ${r.assigneeName}` : ""}
                    </Typography.Text>
                  </Space>
                  {o?.correction && <div style={{ whiteSpace: "pre-wrap" }}>纠正意见：{o.correction}</div>}
                  {o?.opinion && (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: "展开" }} style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                      审核意见：{o.opinion}
                    </Typography.Paragraph>
                  )}
                </List.Item>
              );
            }}
          />
        )}
      </Space>

      <SubmissionDrawer
        open={drawer !== null}
        mode={drawer ?? "submit"}
        caseId={caseId}
        review={drawer === "complete" ? latest : null}
        onClose={() => setDrawer(null)}
        onDone={(d) => done(d, drawer === "complete" ? "已补充材料并重新提交" : `已提交法制审核（第 ${d.round} 轮）`)}
      />
      <ReasonModal
        open={prompt !== null}
        title={prompt === "dispute" ? "对审核意见提出异议" : "撤回法制审核"}
        label={prompt === "dispute" ? "异议理由（提请机关负责人决定）" : "撤回理由"}
        run={(reason) => post<ReviewDetail>(`/api/reviews/${latest?.id}/${prompt === "dispute" ? "dispute" : "withdraw"}`, { reason })}
        onClose={() => setPrompt(null)}
        onDone={(d) => done(d, prompt === "dispute" ? "已提出异议，待机关负责人决定" : "已撤回")}
      />
    </Card>
  );
}

/** One required reason, posted by `run`. */
export function ReasonModal({ open, title, label, run, onClose, onDone }: { open: boolean; title: string; label: string; run: (reason: string) => Promise<ReviewDetail>; onClose: () => void; onDone: (d: ReviewDetail) => unknown }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const ok = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await onDone(await run(v.reason.trim()));
    } catch (e) {
      showSaveError(form, e, message, { reason: label });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title={title} open={open} onCancel={onClose} onOk={ok} okText="提交" confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type SubmissionValues = Omit<Submission, "recordIds" | "evidenceIds"> & { recordIds: string[]; evidenceIds: string[]; note?: string };

const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(SUBMISSION_SECTIONS.map((s) => [s.key, s.label])),
  draftDecision: "决定书代拟稿",
  recordIds: "关联笔录文书",
  evidenceIds: "关联证据文件",
  note: "补充说明",
};

/**
 * 提交法制审核 / 补充材料: the 情况说明 prefilled from the case (or the returned round's
 * submission), the 决定书代拟稿, and the records and files linked as evidence.
 */
export function SubmissionDrawer({ open, mode, caseId, review, onClose, onDone }: { open: boolean; mode: "submit" | "complete"; caseId: string; review: ReviewDetail | null; onClose: () => void; onDone: (d: ReviewDetail) => unknown }) {
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<SubmissionValues>();
  const [info, setInfo] = useState<CaseReviewInfo | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setInfo(null);
    get<CaseReviewInfo>(`/api/cases/${caseId}/review`)
      .then((i) => {
        setInfo(i);
        const start = mode === "complete" && review ? review.submission : i.draft;
        form.setFieldsValue({ ...start, note: "" });
      })
      .catch((e) => setProblem(errorMessage(e)));
  }, [open, mode, caseId, review, form]);

  const save = async () => {
    const v = await form.validateFields();
    const submission: Submission = {
      facts: v.facts ?? "",
      lawApplied: v.lawApplied ?? "",
      discretion: v.discretion ?? "",
      evidenceCollection: v.evidenceCollection ?? "",
      hearing: v.hearing ?? "",
      draftDecision: v.draftDecision ?? "",
      recordIds: v.recordIds ?? [],
      evidenceIds: v.evidenceIds ?? [],
      otherMaterials: v.otherMaterials ?? "",
    };
    setSaving(true);
    setProblem(null);
    try {
      const d = mode === "complete" && review ? await post<ReviewDetail>(`/api/reviews/${review.id}/complete`, { submission, note: v.note ?? "" }) : await post<ReviewDetail>(`/api/cases/${caseId}/reviews`, submission);
      await onDone(d);
    } catch (e) {
      showSaveError(form, e, message, FIELD_LABELS);
      if (fieldProblems(e).length === 0) setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const title = mode === "complete" ? `补充送审材料（第 ${review?.round ?? ""} 轮）` : "提交法制审核";
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      size={screens.md ? 720 : "100%"}
      destroyOnHidden
      footer={
        <Space style={{ width: "100%", justifyContent: "flex-end" }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" icon={<SendOutlined />} loading={saving} disabled={!info} onClick={save}>
            {mode === "complete" ? "提交补充材料" : "提交法制审核"}
          </Button>
        </Space>
      }
    >
      {!info && !problem ? (
        <Spin style={{ display: "block", margin: 48 }} />
      ) : (
        <Form<SubmissionValues> form={form} layout="vertical" preserve={false}>
          {mode === "complete" && review?.returnReason && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="退回理由" description={<span style={{ whiteSpace: "pre-wrap" }}>{`${review.returnReason}\n补充期限：${review.completeBy ?? ""} 前`}</span>} />
          )}
          {mode === "submit" && info && info.because.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`属于重大执法决定：${info.because.join("；")}`} />}
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            情况说明
          </Typography.Title>
          {SUBMISSION_SECTIONS.map((s) => (
            <Form.Item key={s.key} name={s.key} label={s.label} extra={s.hint} rules={s.required ? [{ required: true, whitespace: true, message: `请填写${s.label}` }] : []}>
              <Input.TextArea rows={s.rows} maxLength={s.key === "facts" ? 20000 : 10000} />
            </Form.Item>
          ))}
          <Typography.Title level={5}>决定书代拟稿</Typography.Title>
          <Form.Item name="draftDecision" label="决定书代拟稿" rules={[{ required: true, whitespace: true, message: "请提供决定书代拟稿" }]} extra="系统按拟决定内容生成，请核对修改">
            <Input.TextArea rows={10} maxLength={50000} style={{ fontFamily: "'FangSong', 'STFangsong', serif" }} />
          </Form.Item>
          <Typography.Title level={5}>证据材料</Typography.Title>
          <Form.Item name="recordIds" label={`关联笔录文书（${info?.records.length ?? 0}）`}>
            {info && info.records.length > 0 ? (
              <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 4 }} options={info.records.map((r) => ({ value: r.id, label: `${r.title || DOC_KIND_LABELS[r.kind as keyof typeof DOC_KIND_LABELS] || r.kind}（${day(r.actedAt)}）` }))} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本案尚无笔录文书" />
            )}
          </Form.Item>
          <Form.Item name="evidenceIds" label={`关联证据文件（${info?.files.length ?? 0}）`}>
            {info && info.files.length > 0 ? (
              <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 4 }} options={info.files.map((f) => ({ value: f.id, label: `${f.name}（${when(f.capturedAt)}）` }))} />
            ) : (
              <Typography.Text type="secondary">本案尚无证据文件</Typography.Text>
            )}
          </Form.Item>
          {mode === "complete" && (
            <Form.Item name="note" label="补充说明" extra="说明补充了哪些材料">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          )}
          {problem && <Alert type="error" showIcon title={problem} />}
        </Form>
      )}
    </Drawer>
  );
}
