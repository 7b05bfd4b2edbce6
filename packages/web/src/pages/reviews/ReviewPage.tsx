import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, type FormInstance, Grid, Input, List, Modal, Radio, Result, Row, Select, Space, Spin, Switch, Tabs, Tag, Timeline, Typography, message } from "antd";
import { AuditOutlined, CheckOutlined, FilePdfOutlined, FileWordOutlined, FolderOpenOutlined, SaveOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { CHECK_RESULT_LABELS, REVIEW_CHECKS, REVIEW_OUTCOME_LABELS, formatYuan, opinionProblems, type ChecklistItem, type FieldProblem, type ReviewOutcome } from "@zhifa/domain";
import { ApiError, del, download, errorMessage, fieldProblems, get, post, put } from "../../api.ts";
import { showSaveError } from "../../components/errors.ts";
import { useSession } from "../../session.tsx";
import { when } from "../cases/common.tsx";
import { DueTag, StateTag, SUBMISSION_SECTIONS, SubmissionDrawer, day, type ChecklistEntry, type ReviewDetail } from "../cases/ReviewSection.tsx";
import { chinaToday } from "../../today.ts";

interface Materials {
  records: { id: string; stage: string; kind: string; kindLabel: string; title: string; body: string; actedAt: string; byName: string; linked: boolean; superseded: boolean }[];
  files: { id: string; filename: string; category: string; mime: string; capturedAt: string; place: string; proves: string; sha256: string; linked: boolean }[];
}

interface Options {
  reviewers: { id: string; name: string }[];
  advisers: { id: string; name: string; agencyName: string; qualification: string }[];
}

interface Phrase {
  id: string;
  category: string;
  text: string;
}

const CATEGORY: Record<string, string> = { photo: "照片", audio: "录音", video: "视频", document: "文书" };
const QUALIFICATION: Record<string, string> = { legal_adviser: "法律顾问", public_lawyer: "公职律师" };
const OUTCOME_COLORS: Record<string, string> = { agreed: "green", corrected: "volcano", transferred: "purple" };

/** Offered when the legal unit has not saved its own phrases yet. */
const SUGGESTED_PHRASES: { category: string; text: string }[] = [
  { category: "agreed", text: "经审核，该案执法主体合法，执法人员具备执法资格，事实清楚，证据确实充分，适用法律正确，裁量适当，程序合法，文书规范，同意承办机构拟作出的决定。" },
  { category: "corrected", text: "经审核，该案存在下列问题，请承办机构按纠正意见处理后重新提交法制审核。" },
  { category: "corrected", text: "裁量基准适用不当，请按照本机关行政处罚裁量基准重新确定处罚幅度，并说明理由。" },
  { category: "corrected", text: "证据不足以证明违法事实，请补充调查取证。" },
  { category: "transferred", text: "经审核，当事人的违法行为涉嫌构成犯罪，依法应当移送司法机关追究刑事责任。" },
  { category: "general", text: "经查阅案卷材料并听取承办人员说明，" },
];

const emptyChecklist = (): ChecklistEntry[] => REVIEW_CHECKS.map((c) => ({ key: c.key, result: null, note: "" }));
const normalize = (items: ChecklistEntry[]): ChecklistEntry[] => REVIEW_CHECKS.map((c) => items.find((i) => i.key === c.key) ?? { key: c.key, result: null, note: "" });

interface OpinionValues {
  outcome?: ReviewOutcome;
  opinion?: string;
  correction?: string;
  transferTo?: string;
}

type DialogKind = "accept" | "return" | "assign" | "inquiry" | "consultation" | "extension" | "decideExtension" | "resolve" | "dispute" | "withdraw";

const DIALOGS: Record<DialogKind, { title: string; ok: string; done: string }> = {
  accept: { title: "受理法制审核", ok: "受理", done: "已受理，审核期限已开始计算" },
  return: { title: "材料不齐全，退回补充", ok: "退回", done: "已退回承办机构补充材料" },
  assign: { title: "指定审核人员", ok: "确定", done: "审核人员已变更" },
  inquiry: { title: "记录调查询问", ok: "记录", done: "调查询问已记录" },
  consultation: { title: "咨询法律顾问、公职律师", ok: "记录", done: "咨询意见已记录" },
  extension: { title: "申请延长审核期限", ok: "提交申请", done: "延期申请已提交，待机关负责人审批" },
  decideExtension: { title: "审批延期申请", ok: "提交", done: "已审批延期申请" },
  resolve: { title: "机关负责人决定分歧", ok: "作出决定", done: "已作出决定" },
  dispute: { title: "对审核意见提出异议", ok: "提交", done: "已提出异议，待机关负责人决定" },
  withdraw: { title: "撤回法制审核", ok: "撤回", done: "已撤回" },
};

const EVENT_COLORS: Record<string, string> = { returned: "orange", opinion: "green", disputed: "red", dispute_resolved: "purple", extension_requested: "orange", lapsed: "gray", withdrawn: "gray" };

/**
 * 法制审核 (R-REV-03…11): one round — the submission and the case materials on the left, the
 * ten review points and the opinion on the right; each action offered only when the server
 * says this user may take it now, and why not otherwise.
 */
export function ReviewPage() {
  const { id } = useParams();
  const { can } = useSession();
  const screens = Grid.useBreakpoint();
  const [modal, modalHolder] = Modal.useModal();
  const [r, setR] = useState<ReviewDetail | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [completing, setCompleting] = useState(false);
  const [checklist, setChecklist] = useState<ChecklistEntry[]>(emptyChecklist);
  const [dirty, setDirty] = useState(false);
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [opinionForm] = Form.useForm<OpinionValues>();
  const outcome = Form.useWatch("outcome", opinionForm);

  /** Shows a round; keeps the reviewer's unsaved checklist unless `reset`. */
  const show = useCallback(
    (d: ReviewDetail, reset: boolean) => {
      setR(d);
      if (reset || !dirty) {
        setChecklist(normalize(d.checklist));
        setDirty(false);
        setCheckErrors({});
      }
    },
    [dirty],
  );

  const load = useCallback(async () => {
    try {
      const d = await get<ReviewDetail>(`/api/reviews/${id}`);
      setR(d);
      setChecklist(normalize(d.checklist));
      setDirty(false);
      setCheckErrors({});
      setFailed(null);
    } catch (e) {
      setFailed(errorMessage(e));
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  /** After a read that the server logs: the new event shows, the reviewer's edits stay. */
  const refresh = async () => {
    try {
      show(await get<ReviewDetail>(`/api/reviews/${id}`), false);
    } catch {
      /* the page stays as it was */
    }
  };

  if (failed) return <Result status="404" title="无法打开法制审核" subTitle={failed} extra={<Link to="/reviews">返回审核队列</Link>} />;
  if (!r) return <Spin style={{ display: "block", margin: 48 }} />;

  const ab = r.abilities;
  const problemsCount = checklist.filter((i) => i.result === "problem").length;
  const answered = checklist.filter((i) => i.result).length;

  const setItem = (key: string, patch: Partial<ChecklistEntry>) => {
    setChecklist((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));
    setDirty(true);
    setCheckErrors((e) => {
      const rest = { ...e };
      delete rest[key];
      return rest;
    });
  };

  /** Field problems of an opinion (checklist points, outcome, texts) onto the page's fields. */
  const applyProblems = (problems: FieldProblem[]) => {
    const checks: Record<string, string> = {};
    const fields: { name: "outcome" | "opinion" | "correction" | "transferTo"; errors: string[] }[] = [];
    for (const p of problems) {
      if (p.field.startsWith("checklist.")) checks[p.field.slice("checklist.".length)] = p.message;
      else if (p.field === "outcome" || p.field === "opinion" || p.field === "correction" || p.field === "transferTo") fields.push({ name: p.field, errors: [p.message] });
    }
    setCheckErrors(checks);
    opinionForm.setFields(fields);
  };

  const saveChecklist = async () => {
    setSaving(true);
    setProblem(null);
    try {
      show(await put<ReviewDetail>(`/api/reviews/${r.id}/checklist`, { checklist }), true);
      message.success("审核要点已保存");
    } catch (e) {
      setProblem(errorMessage(e));
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const giveOpinion = async () => {
    let v: OpinionValues;
    try {
      v = await opinionForm.validateFields();
    } catch {
      return;
    }
    if (!v.outcome) return;
    const body = { outcome: v.outcome, checklist, opinion: v.opinion ?? "", correction: v.outcome === "corrected" ? (v.correction ?? "") : null, transferTo: v.outcome === "transferred" ? (v.transferTo ?? "") : null };
    const problems = opinionProblems({ ...body, checklist: checklist as ChecklistItem[] });
    if (problems.length) {
      applyProblems(problems);
      message.error(problems[0]!.message);
      return;
    }
    const confirmed = await modal.confirm({
      title: `出具审核意见：${REVIEW_OUTCOME_LABELS[v.outcome]}`,
      content: "意见出具后不能修改，系统将生成法制审核意见书并记入账本。",
      okText: "确定出具",
      cancelText: "再看看",
    });
    if (!confirmed) return;
    setSaving(true);
    setProblem(null);
    try {
      show(await post<ReviewDetail>(`/api/reviews/${r.id}/opinion`, body), true);
      opinionForm.resetFields();
      message.success("审核意见已出具，法制审核意见书已生成");
    } catch (e) {
      const fields = fieldProblems(e);
      if (fields.length) applyProblems(fields);
      else if (e instanceof ApiError && e.body.id === "review_agree_with_problems") opinionForm.setFields([{ name: "outcome", errors: [e.body.message] }]);
      else setProblem(errorMessage(e));
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const actions: { kind: DialogKind; label: string; primary?: boolean; danger?: boolean; allowed: boolean }[] = [
    { kind: "accept", label: "受理", primary: true, allowed: !!ab.accept },
    { kind: "return", label: "退回补充", allowed: !!ab.return },
    { kind: "assign", label: "指定审核人员", allowed: !!ab.assign },
    { kind: "inquiry", label: "记录调查询问", allowed: !!ab.opine },
    { kind: "consultation", label: "咨询法律顾问", allowed: !!ab.opine },
    { kind: "extension", label: "申请延期", allowed: !!ab.extend },
    { kind: "decideExtension", label: "审批延期", primary: true, allowed: !!ab.decideExtension },
    { kind: "resolve", label: "负责人决定", primary: true, allowed: !!ab.resolve },
    { kind: "dispute", label: "提出异议", allowed: !!ab.dispute },
    { kind: "withdraw", label: "撤回", danger: true, allowed: !!ab.withdraw },
  ];
  const d = r.decision;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {modalHolder}
      <Card size="small">
        <Space orientation="vertical" size={4} style={{ width: "100%" }}>
          <Typography.Text type="secondary">
            {can("review", "queue") ? <Link to="/reviews">法制审核</Link> : "法制审核"} / 第 {r.round} 轮
          </Typography.Text>
          <Space wrap align="center">
            <Typography.Title level={4} style={{ margin: 0 }}>
              <Link to={`/cases/${r.caseId}`} data-testid="review-case-number">
                {r.caseNumber}
              </Link>
            </Typography.Title>
            <Tag>第 {r.round} 轮</Tag>
            <StateTag state={r.state} label={r.stateLabel} />
            <DueTag r={r} />
            {r.extensionPending && <Tag color="orange">延期待审批</Tag>}
          </Space>
          <Typography.Text strong>{r.caseTitle}</Typography.Text>
          <Typography.Text type="secondary">
            当事人：{r.partyName}
            {"\u3000"}送审：{r.submittedByName}（{when(r.submittedAt)}）{"\u3000"}审核人员：{r.assigneeName ?? "未指定"}
            {r.acceptedOn ? `\u3000受理：${r.acceptedOn}` : ""}
          </Typography.Text>
          <Space wrap size={4} data-testid="review-because">
            <Typography.Text type="secondary">重大执法决定情形：</Typography.Text>
            {r.majorBecause.length ? r.majorBecause.map((b) => <Tag key={b} color="gold">{b}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>}
          </Space>
          {r.returnReason && r.state === "returned" && <Alert type="warning" showIcon title={`已退回补充材料（${r.completeBy ?? ""} 前补充）`} description={<span style={{ whiteSpace: "pre-wrap" }}>{r.returnReason}</span>} />}
          {r.extension && (
            <Alert
              type={r.extension.decision === null ? "warning" : "info"}
              showIcon
              title={`延期申请：${r.extension.decision === null ? "待机关负责人审批" : r.extension.decision === "approved" ? "已批准" : "不批准"}`}
              description={`${r.extension.requestedByName}（${when(r.extension.requestedAt)}）：${r.extension.reason}${r.extension.decidedByName ? `；${r.extension.decidedByName}：${r.extension.decisionReason ?? ""}` : ""}`}
            />
          )}
          {r.dispute && (
            <Alert
              type={r.dispute.decision === null ? "warning" : "info"}
              showIcon
              title={`承办机构异议：${r.dispute.decision === null ? "待机关负责人决定" : r.dispute.decision === "upheld" ? "负责人决定维持审核意见" : "负责人决定采纳承办机构意见"}`}
              description={`${r.dispute.byName}（${when(r.dispute.at)}）：${r.dispute.reason}${r.dispute.decidedByName ? `；${r.dispute.decidedByName}：${r.dispute.decisionReason ?? ""}` : ""}`}
            />
          )}
          <Space wrap style={{ marginTop: 4 }} data-testid="review-actions">
            {actions
              .filter((a) => a.allowed)
              .map((a) => (
                <Button key={a.kind} type={a.primary ? "primary" : "default"} danger={a.danger} onClick={() => setDialog(a.kind)}>
                  {a.label}
                </Button>
              ))}
            {ab.complete && (
              <Button type="primary" onClick={() => setCompleting(true)}>
                补充材料
              </Button>
            )}
            <Link to={`/cases/${r.caseId}`}>
              <Button type="link">查看案件</Button>
            </Link>
          </Space>
          {r.blocked.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="review-blocked"
              title="以下操作暂不能办理"
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {r.blocked.map((b) => (
                    <li key={`${b.action}-${b.code}`}>{b.message}</li>
                  ))}
                </ul>
              }
            />
          )}
          {problem && <Alert type="error" showIcon closable onClose={() => setProblem(null)} title={problem} />}
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Space orientation="vertical" size="middle" style={{ width: "100%", display: "flex" }}>
            <Card size="small" title={`送审材料（第 ${r.round} 轮）`} data-testid="review-submission">
              {d && (
                <Descriptions size="small" column={1} style={{ marginBottom: 12 }} bordered>
                  <Descriptions.Item label="拟决定">{[...(d.measures ?? []).filter((m) => m !== "罚款"), d.amountFen != null ? `罚款 ${formatYuan(d.amountFen)} 元` : ""].filter(Boolean).join("、") || "—"}</Descriptions.Item>
                  {d.tierLabel && <Descriptions.Item label="裁量阶次">{d.tierLabel}</Descriptions.Item>}
                  {d.discretionReason && <Descriptions.Item label="裁量说明">{d.discretionReason}</Descriptions.Item>}
                  {d.outsideTierReason && <Descriptions.Item label="超出裁量范围理由">{d.outsideTierReason}</Descriptions.Item>}
                </Descriptions>
              )}
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                情况说明
              </Typography.Title>
              {SUBMISSION_SECTIONS.map((s) => (
                <div key={s.key} style={{ marginBottom: 10 }}>
                  <Typography.Text strong>{s.label}</Typography.Text>
                  <Typography.Paragraph ellipsis={{ rows: 4, expandable: true, symbol: "展开" }} style={{ whiteSpace: "pre-wrap", margin: 0 }} type={r.submission[s.key] ? undefined : "secondary"}>
                    {(r.submission[s.key] as string) || "（未填写）"}
                  </Typography.Paragraph>
                </div>
              ))}
              <Typography.Title level={5}>决定书代拟稿</Typography.Title>
              <div data-testid="draft-decision" style={{ whiteSpace: "pre-wrap", border: "1px solid #e8e8e8", background: "#fcfcf7", padding: "12px 16px", fontFamily: "'FangSong', 'STFangsong', serif", fontSize: 15, lineHeight: 1.8, maxHeight: 320, overflowY: "auto" }}>
                {r.submission.draftDecision}
              </div>
            </Card>
            <MaterialsCard review={r} onRead={refresh} />
          </Space>
        </Col>
        <Col xs={24} xl={11}>
          <Space orientation="vertical" size="middle" style={{ width: "100%", display: "flex" }}>
            <Card
              size="small"
              title={`审核要点（已审 ${answered}/10${problemsCount ? `，${problemsCount} 项存在问题` : ""}）`}
              data-testid="review-checklist"
              extra={
                ab.opine ? (
                  <Space size={4}>
                    {dirty && <Typography.Text type="warning">未保存</Typography.Text>}
                    <Button
                      size="small"
                      onClick={() => {
                        setChecklist((list) => list.map((i) => (i.result ? i : { ...i, result: "ok" })));
                        setDirty(true);
                      }}
                    >
                      其余合格
                    </Button>
                    <Button size="small" icon={<SaveOutlined />} loading={saving} onClick={saveChecklist}>
                      保存草稿
                    </Button>
                  </Space>
                ) : undefined
              }
            >
              <Checklist items={checklist} editable={!!ab.opine} errors={checkErrors} onChange={setItem} />
            </Card>
            {ab.opine && (
              <Card size="small" title="出具审核意见" data-testid="opinion-form">
                <OpinionForm form={opinionForm} outcome={outcome} problems={problemsCount} canSavePhrases={can("review", "phrases")} />
                <Button type="primary" icon={<CheckOutlined />} block loading={saving} onClick={giveOpinion}>
                  出具审核意见
                </Button>
              </Card>
            )}
            {r.outcome && <OpinionCard review={r} />}
            <Card size="small" title="审核过程（均记入账本）" data-testid="review-events">
              {r.events.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无记录" />
              ) : (
                <Timeline
                  items={r.events.map((e) => ({
                    key: e.id,
                    color: EVENT_COLORS[e.kind] ?? "blue",
                    content: (
                      <div>
                        <div style={{ whiteSpace: "pre-wrap" }}>{e.summary}</div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {e.actorName} · {when(e.at)}
                          {e.ledgerEntryId ? ` · 账本条目 #${e.ledgerEntryId}` : ""}
                        </Typography.Text>
                      </div>
                    ),
                  }))}
                />
              )}
            </Card>
            {r.rounds.length > 0 && (
              <Card size="small" title="本案其他轮次">
                <List
                  size="small"
                  dataSource={r.rounds}
                  renderItem={(x) => (
                    <List.Item style={{ display: "block" }}>
                      <Space wrap size={4}>
                        <Link to={`/reviews/${x.id}`}>第 {x.round} 轮</Link>
                        <StateTag state={x.state} label={x.stateLabel} />
                      </Space>
                      {x.correction && <div style={{ whiteSpace: "pre-wrap" }}>纠正意见：{x.correction}</div>}
                      {x.opinion && (
                        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: "展开" }} style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                          {x.opinion}
                        </Typography.Paragraph>
                      )}
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </Space>
        </Col>
      </Row>

      {dialog && (
        <ActionDialog
          kind={dialog}
          review={r}
          onClose={() => setDialog(null)}
          onDone={(next, text) => {
            setDialog(null);
            setProblem(null);
            show(next, false);
            message.success(text);
          }}
        />
      )}
      <SubmissionDrawer
        open={completing}
        mode="complete"
        caseId={r.caseId}
        review={r}
        onClose={() => setCompleting(false)}
        onDone={(next) => {
          setCompleting(false);
          show(next, true);
          message.success("已补充材料并重新提交");
        }}
      />
      {!screens.md && <div style={{ height: 8 }} />}
    </Space>
  );
}

/** The ten points (R-REV-05): 合格 / 存在问题 and a note each. */
function Checklist({ items, editable, errors, onChange }: { items: ChecklistEntry[]; editable: boolean; errors: Record<string, string>; onChange: (key: string, patch: Partial<ChecklistEntry>) => void }) {
  return (
    <div>
      {REVIEW_CHECKS.map((c, i) => {
        const item = items.find((x) => x.key === c.key) ?? { key: c.key, result: null, note: "" };
        const error = errors[c.key];
        return (
          <div key={c.key} data-check={c.key} style={{ padding: "6px 0", borderBottom: i < REVIEW_CHECKS.length - 1 ? "1px solid #f0f0f0" : undefined }}>
            <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 8, flexWrap: "wrap" }}>
              <Typography.Text strong={item.result === "problem"} type={item.result === "problem" ? "danger" : undefined}>
                {i + 1}. {c.label}
              </Typography.Text>
              {editable ? (
                <Radio.Group
                  size="small"
                  optionType="button"
                  buttonStyle="solid"
                  aria-label={c.label}
                  value={item.result}
                  onChange={(e) => onChange(c.key, { result: e.target.value as "ok" | "problem" })}
                  options={[
                    { value: "ok", label: CHECK_RESULT_LABELS.ok },
                    { value: "problem", label: CHECK_RESULT_LABELS.problem },
                  ]}
                />
              ) : (
                <Tag color={item.result === "ok" ? "green" : item.result === "problem" ? "red" : "default"}>{item.result ? CHECK_RESULT_LABELS[item.result] : "未审核"}</Tag>
              )}
            </div>
            {editable ? (
              <Input
                size="small"
                aria-label={`${c.label}说明`}
                style={{ marginTop: 4 }}
                status={error ? "error" : undefined}
                placeholder={item.result === "problem" ? "请写明具体问题（必填）" : "说明（可选）"}
                value={item.note}
                maxLength={2000}
                onChange={(e) => onChange(c.key, { note: e.target.value })}
              />
            ) : (
              item.note && <Typography.Text type="secondary">{item.note}</Typography.Text>
            )}
            {error && <div style={{ color: "#ff4d4f", fontSize: 12 }}>{error}</div>}
          </div>
        );
      })}
    </div>
  );
}

/** Outcome, opinion (with canned phrases), correction or the receiving organ. */
function OpinionForm({ form, outcome, problems, canSavePhrases }: { form: FormInstance<OpinionValues>; outcome?: ReviewOutcome; problems: number; canSavePhrases: boolean }) {
  const [phrases, setPhrases] = useState<Phrase[]>([]);
  const loadPhrases = useCallback(async () => {
    if (!canSavePhrases) return;
    try {
      setPhrases((await get<{ items: Phrase[] }>("/api/reviews/phrases")).items);
    } catch {
      setPhrases([]);
    }
  }, [canSavePhrases]);
  useEffect(() => void loadPhrases(), [loadPhrases]);

  const fits = (category: string) => category === "general" || !outcome || category === outcome;
  const own = phrases.filter((p) => fits(p.category));
  const suggested = SUGGESTED_PHRASES.filter((p) => fits(p.category) && !phrases.some((x) => x.text === p.text));
  const insert = (text: string) => {
    const current = (form.getFieldValue("opinion") as string | undefined) ?? "";
    form.setFieldValue("opinion", current ? `${current}${/[。；\n]$/.test(current) ? "" : "\n"}${text}` : text);
    void form.validateFields(["opinion"]).catch(() => undefined);
  };
  const savePhrase = async () => {
    const text = ((form.getFieldValue("opinion") as string | undefined) ?? "").trim();
    if (!text) return message.warning("请先填写审核意见");
    try {
      await post("/api/reviews/phrases", { category: outcome ?? "general", text: text.slice(0, 2000) });
      message.success("已存为常用语");
      await loadPhrases();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const removePhrase = async (p: Phrase) => {
    try {
      await del(`/api/reviews/phrases/${p.id}`);
      await loadPhrases();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const label = (t: string) => (t.length > 36 ? `${t.slice(0, 36)}…` : t);

  return (
    <Form form={form} layout="vertical">
      <Form.Item name="outcome" label="审核结论" rules={[{ required: true, message: "请选择审核结论" }]} extra={problems > 0 && outcome === "agreed" ? `审核要点中有 ${problems} 项存在问题，不能出具同意意见` : undefined}>
        <Radio.Group
          options={[
            { value: "agreed", label: "同意" },
            { value: "corrected", label: "纠正" },
            { value: "transferred", label: "移送" },
          ]}
        />
      </Form.Item>
      <Form.Item label="常用语">
        <Space.Compact style={{ width: "100%" }}>
          <Select
            id="phrase"
            aria-label="插入常用语"
            placeholder="选择常用语插入审核意见"
            value={null}
            style={{ width: "100%" }}
            onChange={(v: string | null) => v && insert(v)}
            options={[
              ...(own.length ? [{ label: "本机关常用语", options: own.map((p) => ({ value: p.text, label: label(p.text), title: p.text })) }] : []),
              ...(suggested.length ? [{ label: "推荐用语", options: suggested.map((p) => ({ value: p.text, label: label(p.text), title: p.text })) }] : []),
            ]}
          />
          {canSavePhrases && <Button onClick={savePhrase}>存为常用语</Button>}
        </Space.Compact>
        {own.length > 0 && (
          <div style={{ marginTop: 4 }}>
            {own.map((p) => (
              <Tag key={p.id} closable onClose={(e) => { e.preventDefault(); void removePhrase(p); }} style={{ marginBottom: 4, maxWidth: "100%", overflow: "hidden", textOverflow: "ellipsis" }} title={p.text}>
                {label(p.text)}
              </Tag>
            ))}
          </div>
        )}
      </Form.Item>
      <Form.Item name="opinion" label="审核意见" rules={[{ required: true, whitespace: true, message: "请填写审核意见" }]}>
        <Input.TextArea rows={5} maxLength={20000} showCount />
      </Form.Item>
      {outcome === "corrected" && (
        <Form.Item name="correction" label="纠正意见（存在的问题和纠正要求）" rules={[{ required: true, whitespace: true, message: "纠正意见须写明存在的问题和纠正要求" }]}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
      )}
      {outcome === "transferred" && (
        <Form.Item name="transferTo" label="移送的有权机关或司法机关" rules={[{ required: true, whitespace: true, message: "移送意见须写明移送的有权机关或者司法机关" }]}>
          <Input maxLength={500} placeholder="如：示范市公安局" />
        </Form.Item>
      )}
    </Form>
  );
}

/** The opinion as given, the 法制审核意见书 downloads and a preview of its text (R-REV-06, R-REV-10). */
function OpinionCard({ review: r }: { review: ReviewDetail }) {
  const outcome = r.outcome as ReviewOutcome;
  const d = r.decision;
  const measures = [...(d?.measures ?? []), d?.amountFen != null ? `罚款 ${formatYuan(d.amountFen)} 元` : ""].filter(Boolean).join("；");
  const docx = () => download(`/api/reviews/${r.id}/opinion.docx`, `法制审核意见书-${r.caseNumber}-第${r.round}轮.docx`).catch((e) => message.error(errorMessage(e)));
  return (
    <Card
      size="small"
      title={
        <Space size={4}>
          <AuditOutlined />
          审核意见
          <Tag color={OUTCOME_COLORS[outcome]}>{REVIEW_OUTCOME_LABELS[outcome] ?? outcome}</Tag>
        </Space>
      }
      data-testid="opinion-card"
    >
      <Space orientation="vertical" size="small" style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {r.opinionByName} · {r.opinionAt ? when(r.opinionAt) : ""}
          {r.late ? "（超过审核期限）" : ""}
        </Typography.Text>
        <Space wrap>
          <Button icon={<FileWordOutlined />} onClick={docx}>
            下载意见书（Word）
          </Button>
          <Button icon={<FilePdfOutlined />} href={`/api/reviews/${r.id}/opinion.pdf`} target="_blank">
            查看意见书（PDF）
          </Button>
        </Space>
        {r.documentSha256 && (
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: "break-all" }}>
            意见书 SHA-256：{r.documentSha256}（已记入账本）
          </Typography.Text>
        )}
        <div data-testid="opinion-preview" style={{ border: "1px solid #e8e8e8", background: "#fff", padding: "16px 20px", maxHeight: 420, overflowY: "auto", fontFamily: "'FangSong', 'STFangsong', serif", lineHeight: 1.8 }}>
          <div style={{ textAlign: "center" }}>{r.agencyName}</div>
          <div style={{ textAlign: "center", fontSize: 18, fontWeight: 600 }}>重大执法决定法制审核意见书</div>
          <div style={{ textAlign: "center", color: "#666" }}>
            {r.caseNumber} 审字第 {r.round} 号
          </div>
          <div>案号：{r.caseNumber}</div>
          <div>案由：{r.caseTitle}</div>
          <div>当事人：{r.partyName}</div>
          <div>拟作出的决定：{measures || "—"}</div>
          <div>属于重大执法决定的情形：{r.majorBecause.join("；") || "—"}</div>
          <div style={{ fontWeight: 600, marginTop: 8 }}>一、审核要点</div>
          {REVIEW_CHECKS.map((c, i) => {
            const item = r.checklist.find((x) => x.key === c.key);
            return (
              <div key={c.key}>
                {i + 1}. {c.label}：{item?.result ? CHECK_RESULT_LABELS[item.result] : "—"}
                {item?.note ? `（${item.note}）` : ""}
              </div>
            );
          })}
          <div style={{ fontWeight: 600, marginTop: 8 }}>二、审核意见</div>
          <div>审核结论：{REVIEW_OUTCOME_LABELS[outcome] ?? outcome}。</div>
          <div style={{ whiteSpace: "pre-wrap" }}>{r.opinion}</div>
          {r.correction && <div style={{ whiteSpace: "pre-wrap" }}>纠正意见：{r.correction}</div>}
          {r.transferTo && <div>建议移送：{r.transferTo}</div>}
          <div style={{ textAlign: "right", marginTop: 8 }}>
            审核人员：{r.opinionByName}
            <br />
            {r.opinionAt ? day(r.opinionAt) : ""}
          </div>
        </div>
      </Space>
    </Card>
  );
}

/** 查阅案卷材料 (R-REV-09): every record and file of the case; the reviewer's read is logged. */
function MaterialsCard({ review: r, onRead }: { review: ReviewDetail; onRead: () => unknown }) {
  const [m, setM] = useState<Materials | null>(null);
  const [loading, setLoading] = useState(false);
  const [onlyLinked, setOnlyLinked] = useState(true);
  const open = async () => {
    setLoading(true);
    try {
      setM(await get<Materials>(`/api/reviews/${r.id}/materials`));
      await onRead();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  const records = m ? m.records.filter((x) => !onlyLinked || x.linked) : [];
  const files = m ? m.files.filter((x) => !onlyLinked || x.linked) : [];
  return (
    <Card
      size="small"
      title="案卷材料"
      data-testid="review-materials"
      extra={
        m && (
          <Space size={4}>
            <Switch size="small" checked={onlyLinked} onChange={setOnlyLinked} aria-label="只看送审关联的材料" />
            <span>只看送审关联的</span>
          </Space>
        )
      }
    >
      {!m ? (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Text type="secondary">
            送审关联 {r.submission.recordIds.length} 份笔录文书、{r.submission.evidenceIds.length} 个证据文件。{r.abilities.materials ? "审核人员查阅案卷材料的行为记入审核过程。" : ""}
          </Typography.Text>
          {r.abilities.materials && (
            <Button icon={<FolderOpenOutlined />} loading={loading} onClick={open}>
              查阅案卷材料
            </Button>
          )}
        </Space>
      ) : (
        <Tabs
          size="small"
          items={[
            {
              key: "records",
              label: `笔录文书（${records.length}）`,
              children: records.length ? (
                <List
                  size="small"
                  dataSource={records}
                  renderItem={(x) => (
                    <List.Item style={{ display: "block" }} data-material={x.kind}>
                      <Space wrap size={4}>
                        <Typography.Text strong delete={x.superseded}>
                          {x.title || x.kindLabel}
                        </Typography.Text>
                        <Tag>{x.kindLabel}</Tag>
                        {x.linked && <Tag color="green">送审关联</Tag>}
                        {x.superseded && <Tag>已更正</Tag>}
                      </Space>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {x.byName} · {when(x.actedAt)}
                        </Typography.Text>
                      </div>
                      <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: "展开" }} style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                        {x.body}
                      </Typography.Paragraph>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有笔录文书" />
              ),
            },
            {
              key: "files",
              label: `证据文件（${files.length}）`,
              children: files.length ? (
                <List
                  size="small"
                  dataSource={files}
                  renderItem={(f) => (
                    <List.Item style={{ display: "block" }}>
                      <Space wrap size={4}>
                        <a href={`/api/evidence/${f.id}/content`} target="_blank" rel="noreferrer">
                          {f.filename}
                        </a>
                        <Tag>{CATEGORY[f.category] ?? f.category}</Tag>
                        {f.linked && <Tag color="green">送审关联</Tag>}
                      </Space>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {when(f.capturedAt)}
                          {f.place ? ` · ${f.place}` : ""}
                          {` · SHA-256 ${f.sha256.slice(0, 16)}…`}
                        </Typography.Text>
                      </div>
                      {f.proves && <div>证明：{f.proves}</div>}
                    </List.Item>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有证据文件" />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The dialogs of the round's actions; each posts and returns the new round. */
function ActionDialog({ kind, review: r, onClose, onDone }: { kind: DialogKind; review: ReviewDetail; onClose: () => void; onDone: (d: ReviewDetail, text: string) => void }) {
  const { me } = useSession();
  const [form] = Form.useForm<{ assigneeId?: string; reason?: string; completeBy?: Dayjs | null; text?: string; adviserId?: string; approve?: boolean; uphold?: boolean }>();
  const [options, setOptions] = useState<Options | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const needsOptions = kind === "accept" || kind === "assign" || kind === "consultation";
  useEffect(() => {
    if (!needsOptions) return;
    get<Options>("/api/reviews/options")
      .then(setOptions)
      .catch(() => setOptions({ reviewers: [], advisers: [] }));
  }, [needsOptions]);

  const base = `/api/reviews/${r.id}`;
  const submit = async () => {
    const v = await form.validateFields();
    const reason = (v.reason ?? "").trim();
    setSaving(true);
    setProblem(null);
    try {
      let d: ReviewDetail;
      switch (kind) {
        case "accept":
          d = await post(`${base}/accept`, { assigneeId: v.assigneeId && v.assigneeId !== me?.user.id ? v.assigneeId : undefined, expectedVersion: r.version });
          break;
        case "return":
          d = await post(`${base}/return`, { reason, completeBy: v.completeBy ? v.completeBy.format("YYYY-MM-DD") : undefined });
          break;
        case "assign":
          d = await post(`${base}/assign`, { assigneeId: v.assigneeId, reason });
          break;
        case "inquiry":
          d = await post(`${base}/notes`, { kind: "inquiry", text: (v.text ?? "").trim() });
          break;
        case "consultation":
          d = await post(`${base}/notes`, { kind: "consultation", text: (v.text ?? "").trim(), adviserId: v.adviserId });
          break;
        case "extension":
          d = await post(`${base}/extension`, { reason });
          break;
        case "decideExtension":
          d = await post(`${base}/extension/decide`, { approve: !!v.approve, reason });
          break;
        case "resolve":
          d = await post(`${base}/dispute/decide`, { uphold: !!v.uphold, reason });
          break;
        case "dispute":
          d = await post(`${base}/dispute`, { reason });
          break;
        case "withdraw":
          d = await post(`${base}/withdraw`, { reason });
          break;
      }
      onDone(d, DIALOGS[kind].done);
    } catch (e) {
      const stale = showSaveError(form, e, message, { assigneeId: "审核人员", reason: "理由", completeBy: "补充期限", text: "内容", adviserId: "法律顾问", approve: "审批结果", uphold: "决定" });
      if (fieldProblems(e).length === 0 && !stale) setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const reviewerOptions = (options?.reviewers ?? []).map((u) => ({ value: u.id, label: u.id === me?.user.id ? `${u.name}（本人）` : u.name }));
  const reasonItem = (label: string, required: boolean, rows = 4) => (
    <Form.Item name="reason" label={label} rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
      <Input.TextArea rows={rows} maxLength={5000} showCount />
    </Form.Item>
  );

  return (
    <Modal open title={DIALOGS[kind].title} okText={DIALOGS[kind].ok} cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ assigneeId: kind === "accept" ? me?.user.id : undefined }}>
        {kind === "accept" && (
          <>
            <Typography.Paragraph type="secondary">受理后审核期限开始计算（3 个工作日，经机关负责人批准可延长 2 个工作日）。</Typography.Paragraph>
            <Form.Item name="assigneeId" label="审核人员" extra="默认由本人审核；承办或审批过本案的人员应当回避">
              <Select loading={!options} options={reviewerOptions} showSearch optionFilterProp="label" />
            </Form.Item>
          </>
        )}
        {kind === "return" && (
          <>
            {reasonItem("退回理由和需要补充的材料", true)}
            <Form.Item name="completeBy" label="补充期限" extra="不填写的，默认 5 个工作日内补充；逾期未补充的，本轮审核终止">
              <DatePicker style={{ width: "100%" }} disabledDate={(x) => x.isBefore(chinaToday(), "day") || x.isAfter(chinaToday().add(90, "day"), "day")} />
            </Form.Item>
          </>
        )}
        {kind === "assign" && (
          <>
            <Form.Item name="assigneeId" label="审核人员" rules={[{ required: true, message: "请选择审核人员" }]}>
              <Select loading={!options} options={reviewerOptions} showSearch optionFilterProp="label" placeholder="选择法制审核人员" />
            </Form.Item>
            {reasonItem("理由", false, 2)}
          </>
        )}
        {(kind === "inquiry" || kind === "consultation") && (
          <>
            {kind === "consultation" && (
              <Form.Item name="adviserId" label="法律顾问或公职律师" rules={[{ required: true, message: "请选择法律顾问或公职律师" }]}>
                <Select
                  loading={!options}
                  showSearch
                  optionFilterProp="label"
                  placeholder="选择在册的法律顾问、公职律师"
                  options={(options?.advisers ?? []).map((a) => ({ value: a.id, label: `${a.name}（${QUALIFICATION[a.qualification] ?? a.qualification}，${a.agencyName}）` }))}
                />
              </Form.Item>
            )}
            <Form.Item name="text" label={kind === "inquiry" ? "调查询问情况" : "咨询的问题和意见"} rules={[{ required: true, whitespace: true, message: "请填写记录内容" }]}>
              <Input.TextArea rows={5} maxLength={10000} showCount />
            </Form.Item>
          </>
        )}
        {kind === "extension" && (
          <>
            <Typography.Paragraph type="secondary">
              每轮审核只能申请一次延长期限，须在审核期限（{r.due}）届满前提出，由机关负责人批准。
            </Typography.Paragraph>
            {reasonItem("延期理由", true)}
          </>
        )}
        {kind === "decideExtension" && (
          <>
            {r.extension && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${r.extension.requestedByName}申请延期：${r.extension.reason}`} />}
            <Form.Item name="approve" label="审批结果" rules={[{ required: true, message: "请选择是否批准" }]}>
              <Radio.Group options={[{ value: true, label: "批准延长" }, { value: false, label: "不批准" }]} />
            </Form.Item>
            {reasonItem("审批意见", false, 2)}
          </>
        )}
        {kind === "resolve" && (
          <>
            {r.dispute && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`承办机构异议（${r.dispute.byName}）`} description={r.dispute.reason} />}
            <Form.Item name="uphold" label="决定" rules={[{ required: true, message: "请作出决定" }]}>
              <Radio.Group
                options={[
                  { value: true, label: "维持审核意见" },
                  { value: false, label: "采纳承办机构意见" },
                ]}
              />
            </Form.Item>
            {reasonItem("决定理由", true)}
          </>
        )}
        {kind === "dispute" && reasonItem("异议理由（提请机关负责人决定）", true)}
        {kind === "withdraw" && reasonItem("撤回理由", true)}
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
