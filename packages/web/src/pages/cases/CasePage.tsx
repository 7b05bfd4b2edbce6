import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Grid, Input, InputNumber, List, Modal, Result, Row, Select, Space, Spin, Steps, Tag, Timeline, Typography, message } from "antd";
import { CheckCircleOutlined, ClockCircleOutlined, FileAddOutlined, PauseCircleOutlined, PlayCircleOutlined, VideoCameraOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { DECISION_MEASURES, DOC_KIND_LABELS, DOC_KINDS, finesAllowed, isActionType, type ActionType } from "@zhifa/domain";
import { ApiError, errorMessage, get, post, put } from "../../api.ts";
import { FLAG_LABELS, LightTag, STATUS_LABELS, when, yuan, type CaseDetail, type Light } from "./common.tsx";
import { ReviewSection } from "./ReviewSection.tsx";
import { DocumentsCard } from "./DocumentsCard.tsx";
import { ExecutionCard } from "./ExecutionCard.tsx";
import { CaseFilesCard } from "./CaseFilesCard.tsx";
import { RemediesCard } from "./RemediesCard.tsx";
import { chinaToday } from "../../today.ts";

/**
 * 案件详情 (R-CASE-01): the stage timeline, what may be done next and why not, records,
 * media, deadlines, approvals and problem flags; usable on a phone on site.
 */
export function CasePage() {
  const { id } = useParams();
  const screens = Grid.useBreakpoint();
  const [c, setCase] = useState<CaseDetail | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [recordOpen, setRecordOpen] = useState<string | null>(null);
  const [prompt, setPrompt] = useState<{ title: string; label: string; run: (text: string) => Promise<CaseDetail> } | null>(null);
  const [decisionOpen, setDecisionOpen] = useState(false);
  const [teamOpen, setTeamOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      setCase(await get<CaseDetail>(`/api/cases/${id}`));
    } catch (e) {
      setFailed(errorMessage(e));
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  const act = async (run: () => Promise<CaseDetail>, done: string) => {
    setBusy(true);
    setRefusal(null);
    try {
      setCase(await run());
      message.success(done);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setRefusal(e.body.message);
      else message.error(errorMessage(e));
      await load();
    } finally {
      setBusy(false);
    }
  };

  if (failed) return <Result status="404" title="无法打开案件" subTitle={failed} extra={<Link to="/cases">返回案件列表</Link>} />;
  if (!c) return <Spin style={{ display: "block", margin: 48 }} />;

  const stageNames = new Map(c.workflow.stages.map((s) => [s.key, s.name]));
  const current = c.workflow.stages.find((s) => s.key === c.stage);
  const active = c.status === "open" || c.status === "suspended";
  const doneStages = new Set(c.stages.filter((s) => s.completedAt).map((s) => s.stage));
  const stageIndex = c.workflow.stages.findIndex((s) => s.key === c.stage);
  const pendingApprovals = c.approvals.filter((a) => !a.decision);
  const avFilesHere = c.evidence.filter((e) => e.stage === c.stage && (e.category === "audio" || e.category === "video")).length;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small">
        <Space direction="vertical" size={4} style={{ width: "100%" }}>
          <Typography.Text type="secondary">
            <Link to="/cases">案件办理</Link> / {c.workflowName}
          </Typography.Text>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number">
            {c.number}
          </Typography.Title>
          <Space wrap>
            <Typography.Text strong>{c.title}</Typography.Text>
            <Tag>{STATUS_LABELS[c.status]}</Tag>
            {active && <LightTag light={c.light} />}
            {c.flagCount > 0 && <Tag color="volcano">{c.flagCount} 个问题标记</Tag>}
          </Space>
          <Typography.Text type="secondary">
            当事人：{c.partyName}{"\u3000"}主办：{c.lead ?? "—"}
          </Typography.Text>
        </Space>
      </Card>

      <Card size="small" title="办理环节">
        <Steps
          size="small"
          direction={screens.md ? "horizontal" : "vertical"}
          current={c.status === "archived" ? c.workflow.stages.length : stageIndex}
          items={c.workflow.stages.map((s) => ({
            title: s.name,
            status: doneStages.has(s.key) && s.key !== c.stage ? "finish" : s.key === c.stage && active ? "process" : c.status === "archived" ? "finish" : "wait",
            description: s.key === c.stage && active && c.stageDeadline ? c.stageDeadline.label : undefined,
          }))}
        />
      </Card>

      {(active || c.status === "closed") && current && (
        <Card size="small" title={`当前环节：${current.name}`} data-testid="next-actions">
          <Space direction="vertical" style={{ width: "100%" }}>
            {current.hint && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{current.hint}</Typography.Paragraph>}
            <Descriptions size="small" column={screens.md ? 3 : 1}>
              {c.stageDeadline && (
                <Descriptions.Item label="环节期限">
                  <Space size={4} wrap>
                    <LightTag light={c.stageDeadline.light as Light} text={c.stageDeadline.label} />
                    {c.stageDeadline.due && <span>{c.stageDeadline.due}</span>}
                  </Space>
                </Descriptions.Item>
              )}
              {c.caseDeadline && (
                <Descriptions.Item label="办案期限">
                  <Space size={4} wrap>
                    <LightTag light={c.caseDeadline.light as Light} text={c.caseDeadline.label} />
                    {c.caseDeadline.due && <span>{c.caseDeadline.due}</span>}
                  </Space>
                </Descriptions.Item>
              )}
              {c.requirements.minTeam > 0 && <Descriptions.Item label="承办人员">须 {c.requirements.minTeam} 名以上具备执法资格</Descriptions.Item>}
              {c.requirements.av && <Descriptions.Item label="音像记录">{c.requirements.av === "mandatory" ? `全过程音像记录（本环节已有 ${avFilesHere} 个音视频）` : "应当音像记录"}</Descriptions.Item>}
              {c.requirements.documentsMissing.length > 0 && <Descriptions.Item label="还缺文书">{c.requirements.documentsMissing.join("、")}</Descriptions.Item>}
              {c.requirements.majorReview?.required && (
                <Descriptions.Item label="法制审核">{c.requirements.majorReview.passed ? "已通过" : c.requirements.majorReview.pending ? "审核中" : `须审核（${c.requirements.majorReview.because.join("；")}）`}</Descriptions.Item>
              )}
            </Descriptions>
            {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} message="不能办结" description={refusal} />}
            {c.nextActions.map((a) => (
              <div key={a.next ?? "end"}>
                <Button type={a.allowed ? "primary" : "default"} icon={<CheckCircleOutlined />} loading={busy} disabled={!c.can.handle} onClick={() => act(() => post<CaseDetail>(`/api/cases/${c.id}/advance`, a.next ? { next: a.next, expectedVersion: c.version } : { expectedVersion: c.version }), "已办结本环节")} block={!screens.md}>
                  {a.name}
                </Button>
                {!a.allowed && (
                  <ul style={{ margin: "6px 0 0", paddingLeft: 20, color: "#a8071a" }} data-testid="refusals">
                    {a.refusals.map((r) => (
                      <li key={r.code}>
                        {r.message} <Typography.Text type="secondary">（{r.rule}）</Typography.Text>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
            {c.can.handle && (
              <Space wrap>
                <Button icon={<FileAddOutlined />} onClick={() => setRecordOpen(c.stage)}>
                  添加笔录/文书
                </Button>
                <Link to={`/evidence?caseRef=${encodeURIComponent(c.number)}`}>
                  <Button icon={<VideoCameraOutlined />}>拍照、录像、上传证据</Button>
                </Link>
                <Button onClick={() => setTeamOpen(true)}>增加承办人员</Button>
                {current.majorGate && <Button onClick={() => setDecisionOpen(true)}>拟决定内容</Button>}
                {c.requirements.av === "mandatory" && avFilesHere === 0 && !pendingApprovals.some((p) => p.kind === "av_exception") && (
                  <Button onClick={() => setPrompt({ title: "未全过程音像记录的情况说明", label: "原因", run: (reason) => post(`/api/cases/${c.id}/approvals`, { kind: "av_exception", reason }) })}>提交未音像记录说明</Button>
                )}
              </Space>
            )}
            {c.can.suspend && current.suspendable && c.status === "open" && (
              <Button icon={<PauseCircleOutlined />} onClick={() => setPrompt({ title: "中止计时", label: "中止原因（如：检验、鉴定、听证期间）", run: (reason) => post(`/api/cases/${c.id}/suspend`, { reason }) })}>
                中止计时
              </Button>
            )}
            {c.can.suspend && c.status === "suspended" && (
              <Button icon={<PlayCircleOutlined />} onClick={() => act(() => post<CaseDetail>(`/api/cases/${c.id}/resume`, {}), "已恢复计时")}>
                恢复计时
              </Button>
            )}
          </Space>
        </Card>
      )}

      <ReviewSection caseId={c.id} caseVersion={c.version} onChanged={load} />

      <ExecutionCard caseId={c.id} caseVersion={c.version} onChanged={load} />

      <RemediesCard caseId={c.id} caseVersion={c.version} />

      {pendingApprovals.length > 0 && (
        <Card size="small" title="待机关负责人审批">
          <List
            dataSource={pendingApprovals}
            renderItem={(a) => (
              <List.Item
                actions={
                  c.can.approve
                    ? [
                        <Button key="ok" type="link" onClick={() => setPrompt({ title: "批准", label: "审批意见", run: (reason) => post(`/api/cases/${c.id}/approvals/${a.id}/decide`, { decision: "approved", reason }) })}>
                          批准
                        </Button>,
                        <Button key="no" type="link" danger onClick={() => setPrompt({ title: "不予批准", label: "理由", run: (reason) => post(`/api/cases/${c.id}/approvals/${a.id}/decide`, { decision: "refused", reason }) })}>
                          不批准
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta title={a.kind === "av_exception" ? `未全过程音像记录（${stageNames.get(a.stage) ?? a.stage}）` : "当事人申请回避"} description={`${a.reason} · ${when(a.requestedAt)}`} />
              </List.Item>
            )}
          />
        </Card>
      )}

      <DocumentsCard caseId={c.id} stage={current ? { key: current.key, name: current.name } : null} canHandle={!!c.can.handle && active} team={c.team} onGenerated={load} />

      <CaseFilesCard caseId={c.id} caseVersion={c.version} />

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={`记录（${c.records.length}）`}>
            {c.records.length === 0 ? (
              <Empty description="尚无记录" />
            ) : (
              <Timeline
                items={c.records.map((r) => ({
                  color: r.flags.length ? "red" : r.superseded ? "gray" : "blue",
                  children: (
                    <div data-record={r.kind}>
                      <Space wrap size={4}>
                        <Typography.Text strong delete={r.superseded}>
                          {r.title}
                        </Typography.Text>
                        <Tag>{stageNames.get(r.stage) ?? r.stage}</Tag>
                        {r.flags.map((f) => (
                          <Tag color="red" key={f}>
                            {FLAG_LABELS[f] ?? f}
                          </Tag>
                        ))}
                        {r.superseded && <Tag>已更正</Tag>}
                      </Space>
                      <div>
                        <Typography.Text type="secondary">
                          {r.byName} · 办理 {when(r.actedAt)} · 录入 {when(r.enteredAt)} · 账本条目 #{r.ledgerEntryId}
                        </Typography.Text>
                      </div>
                      <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: "展开" }} style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
                        {r.body}
                      </Typography.Paragraph>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <Card size="small" title="当事人与承办人员">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="当事人">{c.partyName}</Descriptions.Item>
                {c.partyIdNo && <Descriptions.Item label="证件号码">{c.partyIdNo}</Descriptions.Item>}
                {c.partyAddress && <Descriptions.Item label="地址">{c.partyAddress}</Descriptions.Item>}
                <Descriptions.Item label="案件来源">{c.sourceLabel}</Descriptions.Item>
                <Descriptions.Item label="发现日期">{c.openedOn}</Descriptions.Item>
                <Descriptions.Item label="承办人员">{c.team.map((t) => `${t.name}（${t.role === "lead" ? "主办" : "协办"}，证号 ${t.certNumber}）`).join("；")}</Descriptions.Item>
              </Descriptions>
            </Card>
            {c.decision && (
              <Card size="small" title="拟决定">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="处理措施">{c.decision.measures.join("、")}</Descriptions.Item>
                  {c.decision.amountFen != null && <Descriptions.Item label="罚款">{yuan(c.decision.amountFen)}</Descriptions.Item>}
                  {c.decision.tierLabel && <Descriptions.Item label="裁量阶次">{c.decision.tierLabel}</Descriptions.Item>}
                  <Descriptions.Item label="裁量说明">{c.decision.discretionReason}</Descriptions.Item>
                </Descriptions>
              </Card>
            )}
            <Card size="small" title={`音像与证据（${c.evidence.length}）`} extra={<Link to={`/evidence?caseRef=${encodeURIComponent(c.number)}`}>全部</Link>}>
              {c.evidence.length === 0 ? (
                <Typography.Text type="secondary">尚无证据文件</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={c.evidence}
                  renderItem={(e) => (
                    <List.Item>
                      <Space wrap size={4}>
                        <span>{e.filename}</span>
                        <Tag>{stageNames.get(e.stage ?? "") ?? "—"}</Tag>
                        {e.late && <Tag color="red">超 24 小时上传</Tag>}
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            {c.flags.length > 0 && (
              <Card size="small" title="问题标记（供执法监督）">
                <List size="small" dataSource={c.flags} renderItem={(f) => <List.Item>{`${FLAG_LABELS[f.kind] ?? f.kind}：${f.detail}`}</List.Item>} />
              </Card>
            )}
            <Card size="small" title="环节记录">
              <Timeline
                items={c.stages.map((s) => ({
                  color: s.completedAt ? (s.late ? "red" : "green") : "blue",
                  dot: s.completedAt ? undefined : <ClockCircleOutlined />,
                  children: `${s.name}：${when(s.startedAt)} 开始${s.completedAt ? `，${when(s.completedAt)} 办结${s.late ? "（超期）" : ""}` : s.due ? `，期限 ${s.due}` : ""}`,
                }))}
              />
              {c.suspensions.map((s) => (
                <div key={s.id}>
                  <Typography.Text type="secondary">{`中止计时 ${s.from}${s.to ? ` 至 ${s.to}` : " 起"}：${s.reason}`}</Typography.Text>
                </div>
              ))}
            </Card>
          </Space>
        </Col>
      </Row>

      <RecordModal open={!!recordOpen} caseDetail={c} onClose={() => setRecordOpen(null)} onSaved={(d) => { setCase(d); setRecordOpen(null); }} />
      <DecisionModal open={decisionOpen} caseDetail={c} onClose={() => setDecisionOpen(false)} onSaved={(d) => { setCase(d); setDecisionOpen(false); }} />
      <TeamModal open={teamOpen} caseDetail={c} onClose={() => setTeamOpen(false)} onSaved={(d) => { setCase(d); setTeamOpen(false); }} />
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} onDone={(d) => { setCase(d); setPrompt(null); }} />
    </Space>
  );
}

/** 笔录 / 文书 entry: what happened, when (the server adds the time of entry, R-CASE-05). */
function RecordModal({ open, caseDetail: c, onClose, onSaved }: { open: boolean; caseDetail: CaseDetail; onClose: () => void; onSaved: (d: CaseDetail) => void }) {
  const [form] = Form.useForm<{ kind: string; title?: string; body: string; actedAt: Dayjs }>();
  const [saving, setSaving] = useState(false);
  const current = c.workflow.stages.find((s) => s.key === c.stage);
  const suggested = (current?.documents ?? []).flat();
  const kinds = [...new Set([...suggested, ...DOC_KINDS])];
  useEffect(() => {
    if (open) form.setFieldsValue({ kind: suggested.find((k) => c.requirements.documentsMissing.some((m) => m.includes(DOC_KIND_LABELS[k as keyof typeof DOC_KIND_LABELS]))) ?? suggested[0] ?? "other", actedAt: dayjs(), body: "" });
  }, [open, form]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      onSaved(await post<CaseDetail>(`/api/cases/${c.id}/records`, { kind: v.kind, title: v.title || undefined, body: v.body, actedAt: v.actedAt.toISOString() }));
      message.success("记录已保存并记入账本");
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title="添加笔录/文书" open={open} onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={kinds.map((k) => ({ value: k, label: `${DOC_KIND_LABELS[k as keyof typeof DOC_KIND_LABELS]}${suggested.includes(k) ? "（本环节）" : ""}` }))} />
        </Form.Item>
        <Form.Item name="title" label="标题（可选）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="actedAt" label="办理时间" rules={[{ required: true }]} extra="超过 24 小时补录的记录会标记给执法监督">
          <DatePicker showTime style={{ width: "100%" }} disabledDate={(d) => d.isAfter(chinaToday(), "day")} />
        </Form.Item>
        <Form.Item name="body" label="内容" rules={[{ required: true, whitespace: true, message: "请填写内容" }]}>
          <Input.TextArea rows={8} maxLength={50000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 拟决定: measures, amount, discretion tier and reasons (R-CASE-06, R-LIST-09). */
function DecisionModal({ open, caseDetail: c, onClose, onSaved }: { open: boolean; caseDetail: CaseDetail; onClose: () => void; onSaved: (d: CaseDetail) => void }) {
  const [form] = Form.useForm<{ measures: string[]; amount?: number | null; discretionReason: string; outsideTierReason?: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // what this kind of action decides; a fine only where the law has one (R-CASE-06)
  const actionType: ActionType = isActionType(c.actionType) ? c.actionType : "penalty";
  const measures = DECISION_MEASURES[actionType];
  const fines = finesAllowed(actionType);
  useEffect(() => {
    if (open) form.setFieldsValue({ measures: c.decision?.measures ?? (fines ? ["罚款"] : [measures[0]!]), amount: c.decision?.amountFen != null ? c.decision.amountFen / 100 : null, discretionReason: c.decision?.discretionReason ?? "", outsideTierReason: c.decision?.outsideTierReason ?? "" });
  }, [open, form, c.decision, fines, measures]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      onSaved(await put<CaseDetail>(`/api/cases/${c.id}/decision`, { measures: v.measures, amountFen: fines && v.amount != null ? Math.round(v.amount * 100) : null, tierId: c.decision?.tierId ?? null, discretionReason: v.discretionReason, outsideTierReason: v.outsideTierReason || null, majorFlags: c.majorFlags }));
      message.success("拟决定内容已保存");
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title="拟决定内容" open={open} onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="measures" label="处理措施" rules={[{ required: true, message: "请选择处理措施" }]}>
          <Select mode="tags" options={measures.map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        {fines && (
          <Form.Item name="amount" label="罚款金额（元）">
            <InputNumber min={0} precision={2} style={{ width: "100%" }} />
          </Form.Item>
        )}
        <Form.Item name="discretionReason" label="裁量说明" rules={[{ required: true, whitespace: true, message: "请填写裁量说明" }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="outsideTierReason" label="超出裁量范围的理由（如有）">
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </Modal>
  );
}

function PromptModal({ prompt, onClose, onDone }: { prompt: { title: string; label: string; run: (text: string) => Promise<CaseDetail> } | null; onClose: () => void; onDone: (d: CaseDetail) => void }) {
  const [text, setText] = useState("");
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(""), [prompt]);
  const ok = async () => {
    if (!prompt || !text.trim()) return message.warning(`请填写${prompt?.label ?? "内容"}`);
    setSaving(true);
    try {
      onDone(await prompt.run(text.trim()));
      message.success("已提交");
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title={prompt?.title} open={!!prompt} onCancel={onClose} onOk={ok} okText="提交" confirmLoading={saving} destroyOnHidden>
      <Typography.Text>{prompt?.label}</Typography.Text>
      <Input.TextArea aria-label={prompt?.label} rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
    </Modal>
  );
}

/** 增加承办人员: the server checks qualification (R-LIST-11) and avoidance (R-CASE-04). */
function TeamModal({ open, caseDetail: c, onClose, onSaved }: { open: boolean; caseDetail: CaseDetail; onClose: () => void; onSaved: (d: CaseDetail) => void }) {
  const [officers, setOfficers] = useState<{ id: string; name: string; certNumber: string; active?: boolean }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!open) return;
    setChosen([]);
    setProblem(null);
    get<{ items: { id: string; name: string; certNumber: string; active?: boolean }[] }>(`/api/lists/officers?agencyId=${c.agencyId}&pageSize=200`)
      .then((r) => setOfficers(r.items.filter((o) => o.active !== false && !c.team.some((t) => t.officerId === o.id))))
      .catch(() => setOfficers([]));
  }, [open, c.agencyId, c.team]);
  const save = async () => {
    if (!chosen.length) return;
    setSaving(true);
    setProblem(null);
    try {
      onSaved(await post<CaseDetail>(`/api/cases/${c.id}/team`, { add: chosen, remove: [] }));
      message.success("承办人员已调整");
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title="增加承办人员" open={open} onCancel={onClose} onOk={save} okText="确定" confirmLoading={saving} destroyOnHidden>
      <Select aria-label="执法人员" mode="multiple" style={{ width: "100%" }} placeholder="选择执法人员" optionFilterProp="label" value={chosen} onChange={setChosen} options={officers.map((o) => ({ value: o.id, label: `${o.name}（${o.certNumber}）` }))} />
      {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
