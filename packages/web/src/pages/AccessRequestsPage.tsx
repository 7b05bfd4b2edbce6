import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Grid, Input, InputNumber, List, Modal, Radio, Space, Table, Tabs, Tag, Typography } from "antd";
import { todayInShanghai } from "@zhifa/domain";
import { ApiError, errorMessage, fieldProblems, get, post, qs } from "../api.ts";
import { useSession } from "../session.tsx";

export interface AccessRequest {
  id: string;
  caseId: string;
  caseNumber: string;
  agencyName: string;
  requesterName: string;
  requesterIdNo: string;
  requesterPhone: string;
  relation: string;
  relationLabel: string;
  purpose: string;
  scope: "read" | "copy";
  includeFiles: boolean;
  status: "pending" | "approved" | "refused";
  decisionReason: string | null;
  validTo: string | null;
  createdAt: string;
}

interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

type TabKey = "pending" | "approved" | "refused" | "all";
const PAGE_SIZE = 20;
const SCOPE: Record<string, string> = { read: "查阅", copy: "复制" };

const dateTime = (iso: string) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

function StatusTag({ r, today }: { r: AccessRequest; today: string }) {
  if (r.status === "pending") return <Tag color="processing">待审批</Tag>;
  if (r.status === "refused") return <Tag color="error">不予批准</Tag>;
  if (r.validTo && today > r.validTo) return <Tag>已届满</Tag>;
  return <Tag color="success">已批准</Tag>;
}

const scopeText = (r: Pick<AccessRequest, "scope" | "includeFiles">) => `${SCOPE[r.scope] ?? r.scope}${r.includeFiles ? " · 含证据文件" : ""}`;

interface DecideValues {
  approve: boolean;
  days: number;
  copy: boolean;
  includeFiles: boolean;
  reason: string;
}

/** 机关负责人审批: approve for 1..30 days, possibly narrowed (read only, no files), or refuse with reasons. */
function DecideDialog({ request, onClose, onDone }: { request: AccessRequest; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DecideValues>();
  const approve = Form.useWatch("approve", form) ?? true;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let v: DecideValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body = v.approve
        ? { approve: true, reason: (v.reason ?? "").trim(), days: v.days, scope: request.scope === "copy" && !v.copy ? "read" : undefined, includeFiles: request.includeFiles ? !!v.includeFiles : undefined }
        : { approve: false, reason: (v.reason ?? "").trim() };
      const out = await post<{ status: string; validTo: string | null }>(`/api/access-requests/${request.id}/decide`, body);
      void message.success(out.status === "approved" ? `已批准，有效期至 ${out.validTo}` : "已作出不予批准的决定");
      onDone();
    } catch (e) {
      const problems = fieldProblems(e);
      if (problems.some((p) => p.field === "reason")) form.setFields([{ name: "reason", errors: problems.filter((p) => p.field === "reason").map((p) => p.message) }]);
      if (e instanceof ApiError && e.body.id === "access_decided") {
        void message.warning("该申请已经审批，列表已刷新");
        onDone();
        return;
      }
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open centered title="审批查阅、复制申请" okText={approve ? "批准" : "不予批准"} okButtonProps={{ danger: !approve }} cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={saving} destroyOnHidden width={560}>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }} styles={{ label: { width: 96 } }}>
        <Descriptions.Item label="案号">{request.caseNumber}</Descriptions.Item>
        <Descriptions.Item label="申请人">
          {request.requesterName}（{request.relationLabel}）
        </Descriptions.Item>
        <Descriptions.Item label="用途">
          <span style={{ whiteSpace: "pre-wrap" }}>{request.purpose}</span>
        </Descriptions.Item>
        <Descriptions.Item label="申请范围">{scopeText(request)}</Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {/* the reason is required only when refusing: switching the decision clears its error */}
      <Form<DecideValues>
        form={form}
        name="decide"
        layout="vertical"
        preserve={false}
        onValuesChange={(changed: Partial<DecideValues>) => {
          if ("approve" in changed) form.setFields([{ name: "reason", errors: [] }]);
        }}
        initialValues={{ approve: true, days: 7, copy: request.scope === "copy", includeFiles: request.includeFiles, reason: "" }}
      >
        <Form.Item name="approve" label="审批决定">
          <Radio.Group
            aria-label="审批决定"
            options={[
              { value: true, label: "批准" },
              { value: false, label: "不予批准" },
            ]}
          />
        </Form.Item>
        {approve && (
          <>
            <div style={{ display: "flex", flexWrap: "wrap", columnGap: 32 }}>
              <Form.Item name="days" label="查阅期限（天）" tooltip="自今日起计算，1 至 30 天" rules={[{ required: true, message: "请填写查阅期限" }, { type: "number", min: 1, max: 30, message: "期限为 1 至 30 天" }]}>
                <InputNumber min={1} max={30} precision={0} style={{ width: 120 }} />
              </Form.Item>
              {request.scope === "copy" && (
                <Form.Item name="copy" label="批准范围">
                  <Radio.Group
                    aria-label="批准范围"
                    options={[
                      { value: true, label: "查阅、复制" },
                      { value: false, label: "仅查阅" },
                    ]}
                  />
                </Form.Item>
              )}
            </div>
            {request.includeFiles && (
              <Form.Item name="includeFiles" label="证据文件" valuePropName="checked" tooltip="涉及个人隐私或秘密的证据文件始终不予公开">
                <Checkbox>准许查阅音像等证据文件（涉及隐私或秘密的除外）</Checkbox>
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="reason"
          label={approve ? "审批意见" : "不予批准的理由"}
          rules={approve ? [{ max: 2000, message: "不超过 2000 个字" }] : [{ required: true, whitespace: true, message: "不予批准的，应当说明理由" }, { max: 2000, message: "不超过 2000 个字" }]}
          extra={approve ? undefined : "理由将告知申请人"}
        >
          <Input.TextArea rows={2} maxLength={2000} placeholder={approve ? "可不填" : undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 查阅申请 (R-REC-08): requests from parties, agents, interested persons and the public to read
 * or copy a case's records; the agency head approves for a limited time and scope or refuses.
 */
export function AccessRequestsPage() {
  const { me, can } = useSession();
  const screens = Grid.useBreakpoint();
  const [tab, setTab] = useState<TabKey>("pending");
  const [page, setPage] = useState(1);
  const [data, setData] = useState<PageOf<AccessRequest> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<AccessRequest | null>(null);
  const [pendingCount, setPendingCount] = useState<number | null>(null);
  const today = todayInShanghai(new Date());

  const load = useCallback(async (t: TabKey, p: number) => {
    setLoading(true);
    setError(null);
    try {
      const [list, pending] = await Promise.all([
        get<PageOf<AccessRequest>>(`/api/access-requests${qs({ status: t === "all" ? undefined : t, page: p, pageSize: PAGE_SIZE })}`),
        get<PageOf<AccessRequest>>(`/api/access-requests${qs({ status: "pending", pageSize: 1 })}`),
      ]);
      setData(list);
      setPendingCount(pending.total);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(tab, page), [tab, page, load]);

  // the head decides the requests of their own agency (a supervisor sees those below too)
  const mayDecide = (r: AccessRequest) => r.status === "pending" && can("access-request", "decide") && r.agencyName === me?.agency.name;
  const decideButton = (r: AccessRequest) =>
    mayDecide(r) ? (
      <Button type="primary" size="small" onClick={() => setDeciding(r)} aria-label={`审批 ${r.requesterName} 的申请`}>
        审批
      </Button>
    ) : null;
  const caseLink = (r: AccessRequest) => (
    <Link to={`/cases/${r.caseId}`} style={{ wordBreak: "keep-all", overflowWrap: "anywhere" }}>
      {r.caseNumber}
    </Link>
  );
  const outcome = (r: AccessRequest) => (
    <Space orientation="vertical" size={0}>
      <StatusTag r={r} today={today} />
      {r.status === "approved" && r.validTo && <Typography.Text type="secondary" style={{ fontSize: 12 }}>至 {r.validTo}</Typography.Text>}
      {r.decisionReason && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.decisionReason }}>
          {r.decisionReason}
        </Typography.Text>
      )}
    </Space>
  );
  const showAgency = (data?.items ?? []).some((r) => r.agencyName !== me?.agency.name);

  const tabs = [
    { key: "pending", label: `待审批${pendingCount ? `（${pendingCount}）` : ""}` },
    { key: "approved", label: "已批准" },
    { key: "refused", label: "未批准" },
    { key: "all", label: "全部" },
  ];
  const pagination = { current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showTotal: (t: number) => `共 ${t} 件` };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          查阅申请
        </Typography.Title>
        <Typography.Text type="secondary">
          当事人、代理人、利害关系人和社会公众查阅、复制案卷的申请，由机关负责人审批，批准的限定期限和范围。申请人通过<Link to="/access">公开申请页面</Link>提交，凭查询码查看结果和查阅。
        </Typography.Text>
      </div>
      {error && <Alert type="error" showIcon title={error} />}
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setTab(k as TabKey);
            setPage(1);
          }}
          items={tabs}
        />
        {screens.lg ? (
          <Table<AccessRequest>
            rowKey="id"
            size="small"
            tableLayout="fixed"
            loading={loading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description="没有查阅申请" /> }}
            pagination={pagination}
            columns={[
              { title: "申请时间", dataIndex: "createdAt", width: 100, render: (v: string) => <span style={{ whiteSpace: "pre-line" }}>{dateTime(v).replace(" ", "\n")}</span> },
              {
                title: "案号",
                key: "case",
                width: 200,
                render: (_, r) => (
                  <div>
                    {caseLink(r)}
                    {showAgency && (
                      <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                        {r.agencyName}
                      </Typography.Text>
                    )}
                  </div>
                ),
              },
              {
                title: "申请人",
                key: "requester",
                width: 210,
                render: (_, r) => (
                  <div>
                    <Space size={4} wrap>
                      <Typography.Text strong>{r.requesterName}</Typography.Text>
                      <Tag>{r.relationLabel}</Tag>
                    </Space>
                    <div style={{ fontSize: 12 }}>
                      <div style={{ wordBreak: "break-all" }}>证件：{r.requesterIdNo}</div>
                      <div>电话：{r.requesterPhone}</div>
                    </div>
                  </div>
                ),
              },
              {
                title: "用途",
                dataIndex: "purpose",
                render: (v: string) => (
                  <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: v }}>
                    {v}
                  </Typography.Paragraph>
                ),
              },
              { title: "申请范围", key: "scope", width: 90, render: (_, r) => (r.includeFiles ? <span>{SCOPE[r.scope]}<br />含证据文件</span> : SCOPE[r.scope]) },
              { title: "审批情况", key: "status", width: 130, render: (_, r) => outcome(r) },
              { title: "操作", key: "action", width: 72, render: (_, r) => decideButton(r) },
            ]}
          />
        ) : (
          <List<AccessRequest>
            loading={loading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description="没有查阅申请" /> }}
            pagination={{ ...pagination, size: "small" }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }}>
                <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                  <Space wrap size={4}>
                    {caseLink(r)}
                    <StatusTag r={r} today={today} />
                  </Space>
                  <Space wrap size={4}>
                    <Typography.Text strong>{r.requesterName}</Typography.Text>
                    <Tag>{r.relationLabel}</Tag>
                    <Typography.Text type="secondary">{scopeText(r)}</Typography.Text>
                  </Space>
                  <Typography.Text style={{ fontSize: 12, wordBreak: "break-all" }}>
                    证件：{r.requesterIdNo} · 电话：{r.requesterPhone}
                  </Typography.Text>
                  <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, expandable: true, symbol: "展开" }}>
                    用途：{r.purpose}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dateTime(r.createdAt)} 申请{r.validTo ? ` · 有效期至 ${r.validTo}` : ""}
                    {r.decisionReason ? ` · ${r.decisionReason}` : ""}
                  </Typography.Text>
                  {decideButton(r)}
                </Space>
              </Card>
            )}
          />
        )}
      </Card>
      {deciding && (
        <DecideDialog
          request={deciding}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            void load(tab, page);
          }}
        />
      )}
    </Space>
  );
}
