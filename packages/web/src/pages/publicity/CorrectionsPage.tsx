import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { Alert, Button, Empty, Form, Grid, Input, List, Modal, Radio, Segmented, Space, Spin, Table, Tag, Typography, message } from "antd";
import { errorMessage, fieldProblems, get, post, qs, type Page } from "../../api.ts";
import { showSaveError } from "../../components/errors.ts";
import { useSession } from "../../session.tsx";
import { when } from "../cases/common.tsx";
import { CORRECTION_COLORS, FIELD_FORM_LABELS, PublicFieldItems, changedFields, flattenRedacted, keysInUse, todayInChina, type Correction, type Fields, type PublicationDetail } from "./common.tsx";

/** The handling deadline of a correction request (R-PUB-08): red once passed while pending. */
export function CorrectionDue({ c }: { c: Pick<Correction, "due" | "status"> }) {
  const today = todayInChina();
  if (c.status !== "pending") return <Typography.Text type="secondary">{c.due}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Typography.Text>{c.due}</Typography.Text>
      {c.due < today ? <Tag color="red">已超期</Tag> : c.due === today ? <Tag color="orange">今日到期</Tag> : null}
    </Space>
  );
}

/** What the applicant asked (their contact is for the agency only: it is never published). */
export function CorrectionText({ c }: { c: Correction }) {
  return (
    <div style={{ minWidth: 0 }}>
      <div style={{ whiteSpace: "pre-wrap" }}>
        <Typography.Text type="secondary">不准确的内容：</Typography.Text>
        {c.problem}
      </div>
      <div style={{ whiteSpace: "pre-wrap" }}>
        <Typography.Text type="secondary">请求更正为：</Typography.Text>
        {c.requested}
      </div>
      <div style={{ whiteSpace: "pre-wrap" }}>
        <Typography.Text type="secondary">证据材料：</Typography.Text>
        {c.evidence}
      </div>
      {c.status !== "pending" && (
        <div style={{ whiteSpace: "pre-wrap" }}>
          <Typography.Text type="secondary">处理：</Typography.Text>
          {c.statusLabel}
          {c.reason ? `，${c.reason}` : ""}
          {c.handledByName ? `（${c.handledByName}${c.handledAt ? `，${when(c.handledAt)}` : ""}）` : ""}
        </div>
      )}
    </div>
  );
}

interface DecideValues extends Partial<Fields> {
  accept?: boolean;
  reason?: string;
  note?: string;
}

/**
 * 处理更正申请 (R-PUB-08): 予以更正 publishes a new version of the public text (the old one stays
 * visible as history), with a public note; 不予更正 needs reasons. The applicant sees the answer
 * with their code.
 */
export function DecideCorrectionDialog({ correction: c, accept, publication, onClose, onDone }: { correction: Correction; accept: boolean; publication?: PublicationDetail; onClose: () => void; onDone: (c: Correction) => void }) {
  const [form] = Form.useForm<DecideValues>();
  const [pub, setPub] = useState<PublicationDetail | null>(publication ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const accepting = Form.useWatch("accept", form) ?? accept;

  useEffect(() => {
    if (publication) return;
    get<PublicationDetail>(`/api/publicity/${c.publicationId}`)
      .then(setPub)
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, [c.publicationId, publication]);

  const submit = async () => {
    let v: DecideValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (!pub) return;
    setSaving(true);
    setProblem(null);
    try {
      let body: Record<string, unknown>;
      if (v.accept) {
        const redacted = changedFields(pub.redacted, v);
        if (Object.keys(redacted).length === 0) {
          setProblem("请在公示内容中作出更正（与现有公示内容相同的不能作为更正发布）");
          return;
        }
        body = { accept: true, reason: (v.reason ?? "").trim(), redacted, note: (v.note ?? "").trim(), expectedVersion: pub.version };
      } else body = { accept: false, reason: (v.reason ?? "").trim() };
      const out = await post<Correction>(`/api/publicity/corrections/${c.id}/decide`, body);
      onDone(out);
    } catch (e) {
      const flat = flattenRedacted(e);
      const stale = showSaveError(form, flat, message, { ...FIELD_FORM_LABELS, reason: "答复", note: "更正说明" });
      if (fieldProblems(flat).length === 0 && !stale) setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="处理更正申请" okText={accepting ? "予以更正并发布新版本" : "不予更正"} cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={saving} okButtonProps={{ disabled: !pub }} width={720} destroyOnHidden>
      <Space orientation="vertical" size="small" style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {c.documentNumber} · {c.publicationTitle} · 申请人 {c.contactName}（{c.contact}，不公开）· 处理期限 {c.due}
        </Typography.Text>
        <div style={{ background: "#fafafa", border: "1px solid #f0f0f0", padding: "8px 12px", borderRadius: 6 }}>
          <CorrectionText c={c} />
        </div>
        {loadError && <Alert type="error" showIcon title={loadError} />}
        {!pub && !loadError && <Spin />}
        {pub && (
          <Form form={form} layout="vertical" preserve={false} initialValues={{ accept, ...pub.redacted }}>
            <Form.Item name="accept" label="处理结果">
              <Radio.Group
                options={[
                  { value: true, label: "予以更正" },
                  { value: false, label: "不予更正" },
                ]}
              />
            </Form.Item>
            {accepting ? (
              <>
                <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                  修改下列公示内容，发布为第 {pub.publicVersion + 1} 版；原版本仍保留可查，新版本的内容哈希记入账本。公示内容不得含有个人信息。
                </Typography.Paragraph>
                <PublicFieldItems keys={keysInUse(pub.redacted)} />
                <Form.Item name="note" label="更正说明（随更正版本公开）">
                  <Input maxLength={500} placeholder="如：更正处理结果中的罚款金额" />
                </Form.Item>
                <Form.Item name="reason" label="答复申请人（可选）">
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
              </>
            ) : (
              <Form.Item name="reason" label="不予更正的理由" rules={[{ required: true, whitespace: true, message: "不予更正的，应当说明理由" }]}>
                <Input.TextArea rows={4} maxLength={2000} showCount />
              </Form.Item>
            )}
          </Form>
        )}
        {problem && <Alert type="error" showIcon title={problem} />}
      </Space>
    </Modal>
  );
}

type StatusFilter = "pending" | "accepted" | "rejected" | "all";

/**
 * 更正申请 (R-PUB-08): requests from the public to correct published decisions, with their
 * handling deadlines; the agency's publicity reviewers decide them (heads and supervisors read).
 */
export function CorrectionsPage({ onChanged }: { onChanged?: () => void }) {
  const { hasRole } = useSession();
  const screens = Grid.useBreakpoint();
  const [status, setStatus] = useState<StatusFilter>("pending");
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<Correction> | null>(null);
  const [loading, setLoading] = useState(false);
  const [deciding, setDeciding] = useState<{ c: Correction; accept: boolean } | null>(null);
  // the list carries no abilities: deciding is the agency's publicity reviewers' (policy `correct`), the server checks it
  const mayDecide = hasRole("publicity_reviewer");

  const load = useCallback(async (s: StatusFilter, p: number) => {
    setLoading(true);
    try {
      setData(await get<Page<Correction>>(`/api/publicity/corrections${qs({ status: s === "all" ? undefined : s, page: p, pageSize: 20 })}`));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(status, page), [status, page, load]);

  const actions = (c: Correction) =>
    mayDecide && c.status === "pending" ? (
      <Space size={4} wrap>
        <Button size="small" type="primary" onClick={() => setDeciding({ c, accept: true })}>
          予以更正
        </Button>
        <Button size="small" onClick={() => setDeciding({ c, accept: false })}>
          不予更正
        </Button>
      </Space>
    ) : null;
  const pubLink = (c: Correction) => (
    <div style={{ minWidth: 0 }}>
      <Link to={`/publicity/${c.publicationId}`} data-correction={c.id}>
        {c.documentNumber}
      </Link>
      <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }} title={c.publicationTitle}>
        {c.publicationTitle}
      </Typography.Text>
    </div>
  );
  const statusTag = (c: Correction) => (
    <Tag color={CORRECTION_COLORS[c.status] ?? "default"} style={{ marginInlineEnd: 0 }}>
      {c.statusLabel}
    </Tag>
  );

  return (
    <Space orientation="vertical" size="small" style={{ width: "100%" }} data-testid="corrections">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={(s) => {
            setStatus(s);
            setPage(1);
          }}
          options={[
            { value: "pending", label: "待处理" },
            { value: "accepted", label: "已更正" },
            { value: "rejected", label: "不予更正" },
            { value: "all", label: "全部" },
          ]}
        />
        <Typography.Text type="secondary">任何人可凭证据申请更正已公示的信息；应在处理期限内予以更正或说明不予更正的理由。</Typography.Text>
      </Space>
      {screens.md ? (
        <Table<Correction>
          rowKey="id"
          size="small"
          tableLayout="fixed"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有更正申请" /> }}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: "公示信息", key: "pub", width: 190, render: (_, c) => pubLink(c) },
            { title: "申请内容", key: "text", render: (_, c) => <CorrectionText c={c} /> },
            {
              title: "申请人",
              key: "who",
              width: 130,
              render: (_, c) => (
                <div>
                  <div>{c.contactName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: "break-all" }}>
                    {c.contact}
                  </Typography.Text>
                </div>
              ),
            },
            { title: "处理期限", key: "due", width: 130, render: (_, c) => <CorrectionDue c={c} /> },
            { title: "状态", key: "status", width: 84, render: (_, c) => statusTag(c) },
            ...(mayDecide ? [{ title: "操作", key: "act", width: 110, render: (_: unknown, c: Correction) => actions(c) }] : []),
          ]}
        />
      ) : (
        <List<Correction>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有更正申请" /> }}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, size: "small", onChange: setPage, hideOnSinglePage: true }}
          renderItem={(c) => (
            <List.Item style={{ display: "block" }}>
              <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                <Space wrap size={4}>
                  {pubLink(c)}
                  {statusTag(c)}
                </Space>
                <CorrectionText c={c} />
                <Space wrap size={4}>
                  <Typography.Text type="secondary">期限</Typography.Text>
                  <CorrectionDue c={c} />
                  <Typography.Text type="secondary">
                    {c.contactName} {c.contact}
                  </Typography.Text>
                </Space>
                {actions(c)}
              </Space>
            </List.Item>
          )}
        />
      )}
      {deciding && (
        <DecideCorrectionDialog
          correction={deciding.c}
          accept={deciding.accept}
          onClose={() => setDeciding(null)}
          onDone={(out) => {
            setDeciding(null);
            message.success(out.status === "accepted" ? "已予以更正，新版本已公示" : "已答复不予更正");
            void load(status, page);
            onChanged?.();
          }}
        />
      )}
    </Space>
  );
}
