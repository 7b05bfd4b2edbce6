import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Alert, Badge, Button, Card, DatePicker, Drawer, Empty, Form, Grid, Input, List, Radio, Select, Space, Switch, Table, Tag, Typography, message } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { ACTION_TYPE_LABELS } from "@zhifa/domain";
import { errorMessage, fieldProblems, get, post, qs, type Page } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { LightTag, SOURCES, STATUS_LABELS, type CaseDetail, type CaseSummary, type Workflow } from "./common.tsx";
import { chinaToday } from "../../today.ts";

interface Filters {
  q: string;
  light?: string;
  actionType?: string;
  stage?: string;
  status?: string;
  mine: boolean;
  flagged: boolean;
  page: number;
}

/** 案件列表 (R-CASE-01, R-CASE-07): filters by stage, deadline light, officer and type; search by number and party. */
export function CasesPage() {
  const { can, me } = useSession();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>({ q: "", mine: me?.user.roles.includes("officer") ?? false, flagged: false, page: 1 });
  const [data, setData] = useState<Page<CaseSummary> | null>(null);
  const [loading, setLoading] = useState(false);
  const [workflows, setWorkflows] = useState<Workflow[]>([]);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async (f: Filters) => {
    setLoading(true);
    try {
      setData(await get<Page<CaseSummary>>(`/api/cases${qs({ q: f.q, light: f.light, actionType: f.actionType, stage: f.stage, status: f.status, mine: f.mine || undefined, flagged: f.flagged || undefined, page: f.page, pageSize: 20 })}`));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(filters), [filters, load]);
  useEffect(() => {
    get<{ items: Workflow[] }>("/api/workflows")
      .then((r) => setWorkflows(r.items))
      .catch(() => setWorkflows([]));
  }, []);

  const stageOptions = [...new Map(workflows.flatMap((w) => w.stages.map((s) => [s.key, s.name] as const))).entries()].map(([value, label]) => ({ value, label }));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));
  const deadlineOf = (c: CaseSummary) => {
    const due = [c.stageDue, c.caseDue].filter(Boolean).sort()[0];
    return (
      <Space size={4} wrap>
        <LightTag light={c.light} />
        {due && c.light !== "done" && c.light !== "suspended" && <Typography.Text type="secondary">{due}</Typography.Text>}
      </Space>
    );
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          案件办理
        </Typography.Title>
        {can("case", "create") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建案件
          </Button>
        )}
      </Space>
      <Card size="small">
        <Space wrap>
          <Input.Search aria-label="搜索案件" placeholder="案号、当事人或案由" allowClear style={{ width: 240 }} onSearch={(q) => set({ q })} />
          <Select aria-label="期限" placeholder="期限" allowClear style={{ width: 120 }} value={filters.light} onChange={(light) => set({ light })} options={[{ value: "normal", label: "正常" }, { value: "due_soon", label: "即将到期" }, { value: "overdue", label: "已超期" }, { value: "suspended", label: "中止计时" }]} />
          <Select aria-label="执法类别" placeholder="类别" allowClear style={{ width: 120 }} value={filters.actionType} onChange={(actionType) => set({ actionType })} options={Object.entries(ACTION_TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
          <Select aria-label="环节" placeholder="环节" allowClear style={{ width: 140 }} value={filters.stage} onChange={(stage) => set({ stage })} options={stageOptions} />
          <Select aria-label="状态" placeholder="状态" allowClear style={{ width: 110 }} value={filters.status} onChange={(status) => set({ status })} options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
          <Space size={4}>
            <Switch size="small" checked={filters.mine} onChange={(mine) => set({ mine })} aria-label="只看我承办的" />
            <span>我承办的</span>
          </Space>
          <Space size={4}>
            <Switch size="small" checked={filters.flagged} onChange={(flagged) => set({ flagged })} aria-label="只看有问题标记的" />
            <span>有问题标记</span>
          </Space>
        </Space>
      </Card>
      {screens.md ? (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的案件" /> }}
          pagination={{ current: filters.page, pageSize: 20, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: (page) => setFilters((f) => ({ ...f, page })) }}
          columns={[
            { title: "案号", dataIndex: "number", render: (n: string, c) => <Link to={`/cases/${c.id}`} style={{ whiteSpace: "nowrap" }}>{n}</Link> },
            { title: "案由", dataIndex: "title" },
            { title: "当事人", dataIndex: "partyName" },
            { title: "流程", dataIndex: "workflowName", responsive: ["lg"] },
            { title: "当前环节", dataIndex: "stageName", render: (s: string, c) => (c.status === "open" || c.status === "suspended" ? s : <Tag>{STATUS_LABELS[c.status]}</Tag>) },
            { title: "期限", key: "deadline", render: (_, c) => deadlineOf(c) },
            { title: "主办", dataIndex: "lead", responsive: ["lg"], render: (n: string | null) => <span style={{ whiteSpace: "nowrap" }}>{n}</span> },
            { title: "问题", dataIndex: "flagCount", render: (n: number) => (n ? <Badge count={n} color="volcano" title={`${n} 个问题标记`} /> : null) },
          ]}
        />
      ) : (
        <List<CaseSummary>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的案件" /> }}
          pagination={{ current: filters.page, pageSize: 20, total: data?.total ?? 0, size: "small", onChange: (page) => setFilters((f) => ({ ...f, page })) }}
          renderItem={(c) => (
            <Card size="small" style={{ marginBottom: 8 }} onClick={() => navigate(`/cases/${c.id}`)} data-case={c.number}>
              <Space direction="vertical" size={2} style={{ width: "100%" }}>
                <Link to={`/cases/${c.id}`}>{c.number}</Link>
                <Typography.Text strong>{c.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {c.partyName} · {c.stageName}
                </Typography.Text>
                {deadlineOf(c)}
              </Space>
            </Card>
          )}
        />
      )}
      <NewCaseDrawer open={creating} workflows={workflows} onClose={() => setCreating(false)} onCreated={(c) => navigate(`/cases/${c.id}`)} />
    </Space>
  );
}

interface OfficerRow {
  id: string;
  name: string;
  certNumber: string;
  username?: string | null;
  active?: boolean;
}

interface NewCaseValues {
  workflowKey: string;
  title: string;
  source: string;
  sourceDetail?: string;
  partyType: "person" | "org";
  partyName: string;
  partyIdNo?: string;
  partyAddress?: string;
  partyPhone?: string;
  openedOn: Dayjs;
  officerIds: string[];
}

/** 新建案件: from a lead, a complaint or an inspection; the number is given on saving (R-CASE-02). */
function NewCaseDrawer({ open, workflows, onClose, onCreated }: { open: boolean; workflows: Workflow[]; onClose: () => void; onCreated: (c: CaseDetail) => void }) {
  const { me } = useSession();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<NewCaseValues>();
  const [officers, setOfficers] = useState<OfficerRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!open || !me) return;
    get<Page<OfficerRow>>(`/api/lists/officers${qs({ agencyId: me.agency.id, pageSize: 200 })}`)
      .then((r) => {
        setOfficers(r.items.filter((o) => o.active !== false));
        const mine = r.items.find((o) => o.username === me.user.username);
        if (mine && !form.getFieldValue("officerIds")?.length) form.setFieldValue("officerIds", [mine.id]);
      })
      .catch(() => setOfficers([]));
  }, [open, me, form]);

  const submit = async (v: NewCaseValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const created = await post<CaseDetail>("/api/cases", {
        workflowKey: v.workflowKey,
        title: v.title,
        source: v.source,
        sourceDetail: v.sourceDetail ?? "",
        party: { type: v.partyType, name: v.partyName, idNo: v.partyIdNo ?? "", address: v.partyAddress ?? "", phone: v.partyPhone ?? "" },
        officerIds: v.officerIds,
        openedOn: v.openedOn.format("YYYY-MM-DD"),
      });
      message.success(`已立案登记，案号 ${created.number}`);
      form.resetFields();
      onCreated(created);
    } catch (e) {
      const fields = fieldProblems(e);
      setProblem(fields.length ? fields.map((f) => f.message).join("；") : errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer title="新建案件" open={open} onClose={onClose} size={screens.md ? 560 : "100%"} destroyOnHidden>
      <Form<NewCaseValues> form={form} layout="vertical" onFinish={submit} initialValues={{ source: "inspection", partyType: "org", openedOn: chinaToday() }}>
        <Form.Item name="workflowKey" label="执法流程" rules={[{ required: true, message: "请选择执法流程" }]}>
          <Select placeholder="选择流程" options={workflows.map((w) => ({ value: w.key, label: w.name }))} />
        </Form.Item>
        <Form.Item name="title" label="案由" rules={[{ required: true, whitespace: true, message: "请填写案由" }, { max: 200 }]}>
          <Input placeholder="如：销售过期食品" />
        </Form.Item>
        <Form.Item name="source" label="案件来源" rules={[{ required: true }]}>
          <Radio.Group options={SOURCES} optionType="button" />
        </Form.Item>
        <Form.Item name="sourceDetail" label="线索或检查情况">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="partyType" label="当事人类型" rules={[{ required: true }]}>
          <Radio.Group options={[{ value: "org", label: "法人或其他组织" }, { value: "person", label: "自然人" }]} />
        </Form.Item>
        <Form.Item name="partyName" label="当事人" rules={[{ required: true, whitespace: true, message: "请填写当事人" }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="partyIdNo" label="统一社会信用代码 / 身份证号" rules={[{ pattern: /^[0-9A-Za-z]*$/, message: "只能包含数字和字母" }, { max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="partyAddress" label="地址">
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="partyPhone" label="联系电话" rules={[{ pattern: /^[0-9+\- ]*$/, message: "电话号码格式不正确" }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="openedOn" label="发现线索日期" rules={[{ required: true, message: "请选择日期" }]} extra="立案期限从这一天起算">
          <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(chinaToday(), "day")} />
        </Form.Item>
        <Form.Item name="officerIds" label="承办人员" rules={[{ required: true, message: "请至少选择一名承办人员" }]} extra="调查取证须两名以上持有效执法证的执法人员；已申报利害关系的人员不能承办">
          <Select mode="multiple" placeholder="选择执法人员" optionFilterProp="label" options={officers.map((o) => ({ value: o.id, label: `${o.name}（${o.certNumber}）` }))} />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={saving} block>
          立案登记
        </Button>
      </Form>
    </Drawer>
  );
}
