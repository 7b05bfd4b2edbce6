import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, Button, Card, Col, Collapse, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Result, Row, Select, Space, Spin, Tag, Tooltip, Typography, message } from "antd";
import { CheckOutlined, EditOutlined, ExportOutlined, RollbackOutlined, SaveOutlined, StopOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { EXCLUSION_LABELS, EXCLUSION_REASONS, FAST_PUBLICATION_WORKING_DAYS, WITHDRAWAL_WORKING_DAYS, publicationLimit, type ActionType } from "@zhifa/domain";
import { errorMessage, fieldProblems, get, post, put } from "../../api.ts";
import { showSaveError } from "../../components/errors.ts";
import { useSession } from "../../session.tsx";
import { when } from "../cases/common.tsx";
import { CorrectionDue, CorrectionText, DecideCorrectionDialog } from "./CorrectionsPage.tsx";
import {
  CORRECTION_COLORS,
  DeadlineTag,
  FIELD_FORM_LABELS,
  FIELD_KEYS,
  FIELD_LABELS,
  Highlighted,
  KindLegend,
  PublicFieldItems,
  RULING_KIND_LABELS,
  StatusTag,
  changedFields,
  flattenRedacted,
  keysInUse,
  todayInChina,
  type Correction,
  type FieldKey,
  type Fields,
  type PublicationDetail,
} from "./common.tsx";

type DialogKind = "withhold" | "withdraw" | "correct";

/** A read-only text box the size of the editable one beside it. */
const BOX = { whiteSpace: "pre-wrap", overflowWrap: "anywhere", border: "1px solid #f0f0f0", borderRadius: 6, padding: "4px 11px", minHeight: 32, lineHeight: 1.5715 } as const;
const SHORT: readonly FieldKey[] = ["partyName", "partyIdNo", "title"];

/**
 * 公示审核 (R-PUB-03…R-PUB-08): one decision's publication — the original with every redaction
 * highlighted by kind on the left, the public text the reviewer edits on the right (refused by
 * the server while personal data is left: the messages show on the fields); publish after
 * review, withhold with a reason, withdraw after a ruling within 2 working days, correct with a
 * new version; the versions with their ledger entries and the public's correction requests.
 */
export function PublicationPage() {
  const { id } = useParams();
  const { can } = useSession();
  const [modal, modalHolder] = Modal.useModal();
  const [form] = Form.useForm<Fields>();
  const [p, setP] = useState<PublicationDetail | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [deciding, setDeciding] = useState<{ c: Correction; accept: boolean } | null>(null);

  const load = useCallback(async () => {
    try {
      setP(await get<PublicationDetail>(`/api/publicity/${id}`));
      setFailed(null);
    } catch (e) {
      setFailed(errorMessage(e));
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  // the public text in the form, and what the server still finds in it as the fields' errors
  useEffect(() => {
    if (!p || !p.can.edit) return;
    form.setFieldsValue(p.redacted);
    const byField = new Map<string, string[]>();
    for (const x of p.problems) if ((FIELD_KEYS as readonly string[]).includes(x.field)) byField.set(x.field, [...(byField.get(x.field) ?? []), x.message]);
    form.setFields(FIELD_KEYS.map((k) => ({ name: k, errors: byField.get(k) ?? [] })));
    setDirty(false);
  }, [p, form]);

  if (failed) return <Result status="404" title="无法打开公示信息" subTitle={failed} extra={<Link to="/publicity">返回公示审核</Link>} />;
  if (!p) return <Spin style={{ display: "block", margin: 48 }} />;

  const shown = FIELD_KEYS.filter((k) => k === "title" || k === "conclusion" || p.original[k].trim() !== "" || p.redacted[k].trim() !== "");
  const hitsOf = (k: FieldKey) => p.hits.filter((h) => h.field === k);
  const publishBlocked = p.blocked.filter((b) => b.action === "publish");
  const mayClearExclusion = p.can.edit && !!p.exclusion && !p.partyIsMinor;

  const done = (next: PublicationDetail, text: string) => {
    setP(next);
    message.success(text);
  };

  const save = async (): Promise<boolean> => {
    let values: Fields;
    try {
      values = await form.validateFields();
    } catch {
      return false;
    }
    setSaving(true);
    try {
      done(await put<PublicationDetail>(`/api/publicity/${p.id}`, { redacted: values, expectedVersion: p.version }), "公示文本已保存");
      return true;
    } catch (e) {
      if (showSaveError(form, flattenRedacted(e), message, FIELD_FORM_LABELS)) void load();
      return false;
    } finally {
      setSaving(false);
    }
  };

  const clearExclusion = async () => {
    const ok = await modal.confirm({
      title: "撤销不予公示的建议",
      content: `该信息被建议不予公示（${p.exclusionLabel ?? ""}）。确认可以公示的，撤销该建议后，完成脱敏即可审核公示。`,
      okText: "撤销建议",
      cancelText: "取消",
    });
    if (!ok) return;
    try {
      done(await put<PublicationDetail>(`/api/publicity/${p.id}`, { exclusion: null, expectedVersion: p.version }), "已撤销不予公示的建议");
    } catch (e) {
      message.error(errorMessage(e));
      void load();
    }
  };

  const publish = async () => {
    if (dirty) {
      message.warning("公示文本有未保存的修改，请先保存");
      return;
    }
    const ok = await modal.confirm({
      title: "审核通过并公示",
      content: (
        <div>
          <p>{p.documentNumber} 的公示文本将在门户网站公开，公示内容的 SHA-256 记入账本。</p>
          <p style={{ marginBottom: 0 }}>公示后只能以更正（发布新版本，原版本保留）或撤回的方式变更。</p>
        </div>
      ),
      okText: "确认公示",
      cancelText: "再看看",
    });
    if (!ok) return;
    try {
      done(await post<PublicationDetail>(`/api/publicity/${p.id}/publish`, { expectedVersion: p.version }), "已审核公示");
    } catch (e) {
      if (!showSaveError(form, flattenRedacted(e), message, FIELD_FORM_LABELS)) void load();
    }
  };

  const actions = (
    <Space wrap data-testid="publication-actions">
      {p.can.edit && (
        <Button icon={<SaveOutlined />} loading={saving} onClick={() => void save()} type={dirty ? "primary" : "default"} ghost={dirty}>
          保存公示文本
        </Button>
      )}
      {p.can.publish && (
        <Button type="primary" icon={<CheckOutlined />} onClick={() => void publish()}>
          审核通过并公示
        </Button>
      )}
      {!p.can.publish && publishBlocked.length > 0 && (
        <Tooltip title={publishBlocked.map((b) => b.message).join("；")}>
          <Button type="primary" icon={<CheckOutlined />} disabled>
            审核通过并公示
          </Button>
        </Tooltip>
      )}
      {mayClearExclusion && <Button onClick={() => void clearExclusion()}>撤销不予公示建议</Button>}
      {p.can.withhold && (
        <Button icon={<StopOutlined />} onClick={() => setDialog("withhold")}>
          不予公示
        </Button>
      )}
      {p.can.correct && (
        <Button icon={<EditOutlined />} onClick={() => setDialog("correct")}>
          更正
        </Button>
      )}
      {p.can.withdraw && (
        <Button danger icon={<RollbackOutlined />} onClick={() => setDialog("withdraw")}>
          撤回
        </Button>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {modalHolder}
      <Card size="small">
        <Row gutter={[16, 12]}>
          <Col xs={24} lg={15}>
            <Space orientation="vertical" size={4} style={{ width: "100%" }}>
              <Typography.Text type="secondary">{can("publicity", "queue") ? <Link to="/publicity">信息公示</Link> : "信息公示"} / 公示审核</Typography.Text>
              <Space wrap align="center" size={6}>
                <Typography.Title level={4} style={{ margin: 0, wordBreak: "break-all" }} data-testid="publication-number">
                  {p.documentNumber}
                </Typography.Title>
                <StatusTag p={p} />
                <Tag style={{ marginInlineEnd: 0 }}>{p.actionTypeLabel}</Tag>
                {p.publicVersion > 1 && <Tag color="purple">第 {p.publicVersion} 版（已更正）</Tag>}
              </Space>
              <Typography.Text strong>{p.redacted.title}</Typography.Text>
              <Typography.Text type="secondary">
                {p.agencyName}
                {"\u3000"}决定日期：{p.decisionDate}
                {"\u3000"}来源：
                {p.caseId ? (
                  <Link to={`/cases/${p.caseId}`}>{p.caseNumber ?? "案件"}</Link>
                ) : (
                  "外部业务系统推送"
                )}
              </Typography.Text>
              <div style={{ marginTop: 4 }}>{actions}</div>
              {p.partyIsMinor && <Alert type="error" showIcon title="当事人为未成年人：相关信息不予公示（R-PUB-05）" />}
              {publishBlocked.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="publication-blocked"
                  title="暂不能公示"
                  description={
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {publishBlocked.map((b) => (
                        <li key={b.code}>{b.message}</li>
                      ))}
                    </ul>
                  }
                />
              )}
            </Space>
          </Col>
          <Col xs={24} lg={9}>
            <DeadlinePanel p={p} />
          </Col>
        </Row>
      </Card>

      <Card
        size="small"
        title="原文与公示文本对照"
        data-testid="publication-compare"
        extra={
          <Space size={8} wrap>
            {dirty && <Typography.Text type="warning">未保存</Typography.Text>}
            <KindLegend hits={p.hits} />
          </Space>
        }
      >
        <Row gutter={16} style={{ marginBottom: 4 }}>
          <Col xs={24} md={12}>
            <Typography.Text strong>原文</Typography.Text> <Typography.Text type="secondary">（含个人信息，仅本机关有权人员可见；着色处为自动脱敏的内容）</Typography.Text>
          </Col>
          <Col xs={0} md={12}>
            <Typography.Text strong>公示文本</Typography.Text> <Typography.Text type="secondary">{p.can.edit ? "（可修改，保存时再次检查个人信息）" : p.publicVersion > 0 ? `（第 ${p.publicVersion} 版）` : ""}</Typography.Text>
          </Col>
        </Row>
        <Form form={form} name="redacted" layout="vertical" onValuesChange={() => setDirty(true)} component={p.can.edit ? "form" : false}>
          {shown.map((k) => (
            <div key={k} data-field={k} style={{ padding: "8px 0", borderTop: "1px solid #f5f5f5" }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {FIELD_LABELS[k]}
              </Typography.Text>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <div data-testid={`original-${k}`} style={{ ...BOX, background: "#fafafa", maxHeight: k === "fullText" ? 420 : undefined, overflowY: "auto" }}>
                    {p.original[k] ? <Highlighted text={p.original[k]} hits={hitsOf(k)} /> : <Typography.Text type="secondary">（空）</Typography.Text>}
                  </div>
                </Col>
                <Col xs={24} md={12}>
                  {p.can.edit ? (
                    <Form.Item name={k} style={{ marginBottom: 0 }} rules={k === "title" || k === "conclusion" ? [{ required: true, whitespace: true, message: `请填写${FIELD_LABELS[k]}` }] : []}>
                      {SHORT.includes(k) ? <Input aria-label={`公示文本：${FIELD_LABELS[k]}`} /> : <Input.TextArea aria-label={`公示文本：${FIELD_LABELS[k]}`} autoSize={{ minRows: 1, maxRows: k === "fullText" ? 18 : 8 }} />}
                    </Form.Item>
                  ) : (
                    <div data-testid={`redacted-${k}`} style={{ ...BOX, maxHeight: k === "fullText" ? 420 : undefined, overflowY: "auto" }}>
                      {p.redacted[k] || <Typography.Text type="secondary">（空）</Typography.Text>}
                    </div>
                  )}
                </Col>
              </Row>
            </div>
          ))}
        </Form>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 8, flexWrap: "wrap", marginTop: 8 }}>
          <Space size={4} wrap>
            {p.keep.length > 0 && (
              <>
                <Typography.Text type="secondary">保留原样：</Typography.Text>
                {p.keep.map((k) => (
                  <Tag key={k} style={{ marginInlineEnd: 0 }}>
                    {k}
                  </Tag>
                ))}
              </>
            )}
          </Space>
          {p.can.edit && (
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()}>
              保存公示文本
            </Button>
          )}
        </div>
      </Card>

      {/* a draft has no versions yet; correction requests come only after publication */}
      {(p.publicVersion > 0 || p.corrections.length > 0) && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Space orientation="vertical" size="middle" style={{ width: "100%", display: "flex" }}>
              {p.publicVersion > 0 && <ProofCard p={p} />}
              <VersionsCard p={p} />
            </Space>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={`更正申请（${p.corrections.length}）`} data-testid="publication-corrections">
              {p.corrections.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有更正申请" />
              ) : (
                <List
                  size="small"
                  dataSource={p.corrections}
                  renderItem={(c) => (
                    <List.Item style={{ display: "block" }} data-correction={c.id}>
                      <Space wrap size={4} style={{ marginBottom: 4 }}>
                        <Tag color={CORRECTION_COLORS[c.status] ?? "default"}>{c.statusLabel}</Tag>
                        <Typography.Text type="secondary">处理期限</Typography.Text>
                        <CorrectionDue c={c} />
                        <Typography.Text type="secondary">
                          申请人 {c.contactName}（{c.contact}）· {when(c.createdAt)}
                        </Typography.Text>
                      </Space>
                      <CorrectionText c={c} />
                      {c.status === "pending" && p.can.decideCorrections && (
                        <Space style={{ marginTop: 6 }}>
                          {p.status === "published" && (
                            <Button size="small" type="primary" onClick={() => setDeciding({ c, accept: true })}>
                              予以更正
                            </Button>
                          )}
                          <Button size="small" onClick={() => setDeciding({ c, accept: false })}>
                            不予更正
                          </Button>
                        </Space>
                      )}
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Col>
        </Row>
      )}

      {dialog && (
        <ActionDialog
          kind={dialog}
          p={p}
          onClose={() => setDialog(null)}
          onDone={(next, text) => {
            setDialog(null);
            done(next, text);
          }}
          onStale={() => void load()}
        />
      )}
      {deciding && (
        <DecideCorrectionDialog
          correction={deciding.c}
          accept={deciding.accept}
          publication={p}
          onClose={() => setDeciding(null)}
          onDone={(out) => {
            setDeciding(null);
            message.success(out.status === "accepted" ? "已予以更正，新版本已公示" : "已答复不予更正");
            void load();
          }}
        />
      )}
    </Space>
  );
}

/** The deadline, prominent: to publish (R-PUB-03), or the withdrawal's (R-PUB-07), or why not published. */
function DeadlinePanel({ p }: { p: PublicationDetail }) {
  const tone = (light: "ok" | "warn" | "bad" | "none") =>
    ({ ok: { background: "#f6ffed", borderColor: "#b7eb8f" }, warn: { background: "#fff7e6", borderColor: "#ffd591" }, bad: { background: "#fff1f0", borderColor: "#ffa39e" }, none: { background: "#fafafa", borderColor: "#f0f0f0" } })[light];
  const box = (light: "ok" | "warn" | "bad" | "none", children: ReactNode) => (
    <div data-testid="deadline-panel" style={{ ...tone(light), border: `1px solid ${tone(light).borderColor}`, borderRadius: 8, padding: "10px 14px", height: "100%" }}>
      {children}
    </div>
  );
  const limit = publicationLimit(p.actionType as ActionType);
  const rule = `${limit === FAST_PUBLICATION_WORKING_DAYS ? "行政许可、行政处罚决定" : "该类决定"}应自作出之日起 ${limit} 个工作日内公示`;
  if (p.status === "draft")
    return box(
      p.light === "overdue" ? "bad" : p.light === "due_soon" ? "warn" : "ok",
      <Space orientation="vertical" size={2}>
        <Typography.Text type="secondary">应公示期限</Typography.Text>
        <Space size={8} align="center" wrap>
          <span style={{ fontSize: 24, fontWeight: 600 }} data-testid="deadline">
            {p.deadline}
          </span>
          <DeadlineTag p={p} showDate={false} />
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {rule}
          {p.deadlineConfirmed ? "" : "；期限涉及尚未导入放假安排的年份，仅供参考"}
        </Typography.Text>
      </Space>,
    );
  if (p.status === "published")
    return box(
      p.late ? "bad" : "ok",
      <Space orientation="vertical" size={2}>
        <Typography.Text type="secondary">已公示</Typography.Text>
        <Space size={8} align="center" wrap>
          <span style={{ fontSize: 20, fontWeight: 600 }}>{p.publishedOn}</span>
          <DeadlineTag p={p} showDate={false} />
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          应公示期限 {p.deadline}（{rule}）
          {p.reviewedByName ? `；审核人员 ${p.reviewedByName}` : ""}
        </Typography.Text>
      </Space>,
    );
  if (p.status === "withdrawn")
    return box(
      p.withdrawalLate ? "bad" : "none",
      <Space orientation="vertical" size={2}>
        <Typography.Text type="secondary">已撤回</Typography.Text>
        <Space size={8} align="center" wrap>
          <span style={{ fontSize: 20, fontWeight: 600 }}>{p.withdrawnOn}</span>
          <Tag color={p.withdrawalLate ? "red" : "blue"} data-testid="withdrawal-late">
            {p.withdrawalLate ? "超期撤回" : "按期撤回"}
          </Tag>
        </Space>
        <Typography.Text data-testid="withdrawal-deadline">
          {p.rulingKindLabel ?? ""}，{p.rulingDate} 收到裁决；撤回期限 {p.withdrawalDeadline}（{WITHDRAWAL_WORKING_DAYS} 个工作日内）
        </Typography.Text>
        {p.withdrawalNotice && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            公开页面显示：{p.withdrawalNotice}
          </Typography.Text>
        )}
      </Space>,
    );
  return box(
    "none",
    <Space orientation="vertical" size={2}>
      <Typography.Text type="secondary">不予公示</Typography.Text>
      <Typography.Text strong>{p.exclusionLabel ?? "—"}</Typography.Text>
      {p.exclusionNote && <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{p.exclusionNote}</Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {p.reviewedByName ? `${p.reviewedByName}${p.reviewedAt ? `，${when(p.reviewedAt)}` : ""}` : ""}
      </Typography.Text>
    </Space>,
  );
}

/** What proves the public text: its hash, the ledger entry, the public page (R-REC-02). */
function ProofCard({ p }: { p: PublicationDetail }) {
  return (
    <Card
      size="small"
      title="公示证明"
      data-testid="publication-proof"
      extra={
        <a href={`/portal/decisions/${p.id}`} target="_blank" rel="noreferrer" data-testid="public-link">
          <ExportOutlined /> 公开页面
        </a>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="当前版本">第 {p.publicVersion} 版</Descriptions.Item>
        <Descriptions.Item label="内容 SHA-256">
          <Typography.Text copyable style={{ fontFamily: "monospace", fontSize: 12, wordBreak: "break-all" }}>
            {p.publicSha256 ?? "—"}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="账本条目">
          {p.ledgerEntryId != null ? (
            <span data-testid="ledger-entry">
              #{p.ledgerEntryId} <Link to="/ledger">账本验证</Link>
            </span>
          ) : (
            "—"
          )}
        </Descriptions.Item>
        <Descriptions.Item label="审核公示">
          {p.reviewedByName ?? "—"}
          {p.reviewedAt ? `（${when(p.reviewedAt)}）` : ""}
        </Descriptions.Item>
      </Descriptions>
      {p.status === "withdrawn" && <Typography.Text type="secondary">已撤回：公开页面只保留撤回说明。</Typography.Text>}
    </Card>
  );
}

/** Every public version (R-PUB-08): the first publication and each correction, with its ledger entry. */
function VersionsCard({ p }: { p: PublicationDetail }) {
  return (
    <Card size="small" title={`公示版本（${p.versions.length}）`} data-testid="publication-versions">
      {p.versions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未公示" />
      ) : (
        <Collapse
          size="small"
          items={[...p.versions].reverse().map((v) => ({
            key: v.version,
            label: (
              <Space wrap size={4}>
                <Typography.Text strong>第 {v.version} 版</Typography.Text>
                <Tag color={v.kind === "publish" ? "green" : "purple"} style={{ marginInlineEnd: 0 }}>
                  {v.kind === "publish" ? "首次公示" : "更正"}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when(v.createdAt)}
                  {v.createdByName ? ` · ${v.createdByName}` : ""} · 账本条目 #{v.ledgerEntryId}
                </Typography.Text>
              </Space>
            ),
            children: (
              <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                {v.note && <div>更正说明：{v.note}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: "monospace", wordBreak: "break-all" }}>
                  SHA-256 {v.sha256}
                </Typography.Text>
                <Descriptions size="small" column={1} bordered>
                  {keysInUse(v.fields).map((k) => (
                    <Descriptions.Item key={k} label={FIELD_LABELS[k]}>
                      <Typography.Paragraph ellipsis={{ rows: 4, expandable: true, symbol: "展开" }} style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                        {v.fields[k]}
                      </Typography.Paragraph>
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              </Space>
            ),
          }))}
        />
      )}
    </Card>
  );
}

interface DialogValues extends Partial<Fields> {
  reason?: string;
  note?: string;
  rulingKind?: string;
  rulingDate?: Dayjs | null;
}

const DIALOGS: Record<DialogKind, { title: string; ok: string; done: string }> = {
  withhold: { title: "决定不予公示", ok: "不予公示", done: "已决定不予公示" },
  withdraw: { title: "撤回公示信息", ok: "撤回", done: "已撤回" },
  correct: { title: "更正公示信息", ok: "发布更正版本", done: "已发布更正版本" },
};

/** 不予公示 (R-PUB-05), 撤回 (R-PUB-07), 更正 (R-PUB-08): each posts and returns the publication. */
function ActionDialog({ kind, p, onClose, onDone, onStale }: { kind: DialogKind; p: PublicationDetail; onClose: () => void; onDone: (next: PublicationDetail, text: string) => void; onStale: () => void }) {
  const [form] = Form.useForm<DialogValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const today = todayInChina();

  const submit = async () => {
    let v: DialogValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      let next: PublicationDetail;
      if (kind === "withhold") next = await post(`/api/publicity/${p.id}/withhold`, { reason: v.reason, note: (v.note ?? "").trim(), expectedVersion: p.version });
      else if (kind === "withdraw") next = await post(`/api/publicity/${p.id}/withdraw`, { rulingKind: v.rulingKind, rulingDate: v.rulingDate?.format("YYYY-MM-DD"), note: (v.note ?? "").trim(), expectedVersion: p.version });
      else {
        const redacted = changedFields(p.redacted, v);
        if (Object.keys(redacted).length === 0) {
          setProblem("请修改需要更正的公示内容");
          return;
        }
        next = await post(`/api/publicity/${p.id}/correct`, { redacted, note: (v.note ?? "").trim(), expectedVersion: p.version });
      }
      onDone(next, DIALOGS[kind].done);
    } catch (e) {
      const flat = flattenRedacted(e);
      const stale = showSaveError(form, flat, message, { ...FIELD_FORM_LABELS, reason: "理由", note: "说明", rulingKind: "撤回原因", rulingDate: "收到裁决的日期" });
      if (stale) onStale();
      else if (fieldProblems(flat).length === 0) setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={DIALOGS[kind].title} okText={DIALOGS[kind].ok} okButtonProps={{ danger: kind === "withdraw" }} cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={saving} width={kind === "correct" ? 720 : 520} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={kind === "withhold" ? { reason: p.exclusion ?? undefined, note: p.exclusionNote ?? "" } : kind === "correct" ? p.redacted : {}}>
        {kind === "withhold" && (
          <>
            <Typography.Paragraph type="secondary">涉及未成年人、国家秘密、商业秘密、个人隐私，或公开后可能妨碍行政执法的，不予公示（R-PUB-05）。该决定记入账本，并计入公示问责统计。</Typography.Paragraph>
            <Form.Item name="reason" label="不予公示的理由" rules={[{ required: true, message: "请选择不予公示的理由" }]}>
              <Select placeholder="选择理由" options={EXCLUSION_REASONS.map((r) => ({ value: r, label: EXCLUSION_LABELS[r] }))} />
            </Form.Item>
            <Form.Item name="note" label="具体情况说明" rules={[{ required: true, whitespace: true, message: "请说明不予公示的具体情况" }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
          </>
        )}
        {kind === "withdraw" && (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`已公示的决定被撤销、确认违法或无效的，应自收到裁决之日起 ${WITHDRAWAL_WORKING_DAYS} 个工作日内撤回（R-PUB-07）`}
              description="撤回后，公开页面不再显示决定内容，只保留撤回说明。"
            />
            <Form.Item name="rulingKind" label="撤回原因" rules={[{ required: true, message: "请选择撤回原因" }]}>
              <Select placeholder="选择裁决类型" options={Object.entries(RULING_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="rulingDate" label="收到裁决的日期" rules={[{ required: true, message: "请选择收到裁决的日期" }]}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format("YYYY-MM-DD") > today || d.format("YYYY-MM-DD") < p.decisionDate} />
            </Form.Item>
            <Form.Item name="note" label="补充说明（公开，不得含个人信息）">
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          </>
        )}
        {kind === "correct" && (
          <>
            <Typography.Paragraph type="secondary">
              修改下列公示内容，发布为第 {p.publicVersion + 1} 版；原版本仍保留可查，新版本的内容哈希记入账本。公示内容不得含有个人信息。
            </Typography.Paragraph>
            <PublicFieldItems keys={keysInUse(p.redacted)} />
            <Form.Item name="note" label="更正说明（随更正版本公开）" rules={[{ required: true, whitespace: true, message: "请说明更正的内容" }]}>
              <Input maxLength={500} placeholder="如：更正处理结果中的罚款金额" />
            </Form.Item>
          </>
        )}
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}

