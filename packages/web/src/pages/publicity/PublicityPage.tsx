import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Badge, Card, Col, DatePicker, Empty, Grid, Input, List, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography, message } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { ACTION_TYPES, ACTION_TYPE_LABELS, PUBLICITY_LIGHT_LABELS, type PublicityLight } from "@zhifa/domain";
import { errorMessage, get, qs, type Page } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { inListScope, useAgencies } from "../../components/agencies.tsx";
import { CorrectionsPage } from "./CorrectionsPage.tsx";
import { DeadlineTag, StatusTag, type PublicationSummary } from "./common.tsx";

type QueueTab = "draft" | "published" | "withheld" | "withdrawn" | "all";
type TabKey = QueueTab | "corrections" | "overdue";
const QUEUE_TABS: readonly string[] = ["draft", "published", "withheld", "withdrawn", "all"];
const TAB_KEYS: readonly string[] = [...QUEUE_TABS, "corrections", "overdue"];

interface Filters {
  q: string;
  actionType?: string;
  light?: PublicityLight;
  agencyId?: string;
  page: number;
}

interface OverdueItem extends PublicationSummary {
  rulingDate: string | null;
  withdrawalDeadline: string | null;
}

interface AgencyRow {
  agencyId: string;
  agencyName: string;
  total: number;
  drafts: number;
  overdueDrafts: number;
  published: number;
  latePublished: number;
  withheld: number;
  withdrawn: number;
  lateWithdrawn: number;
}

interface Overdue {
  today: string;
  drafts: OverdueItem[];
  latePublications: OverdueItem[];
  lateWithdrawals: OverdueItem[];
  byAgency: AgencyRow[];
  /** Annual statistics reports (R-PUB-10) not published by 31 January, or published late. */
  annualReports: { agencyId: string; agencyName: string; year: number; deadline: string; status: string }[];
}

interface Counts {
  drafts: number;
  dueSoon: number;
  overdue: number;
  corrections: number | null;
  latePublished: number | null;
  lateWithdrawn: number | null;
}

const LIGHTS: PublicityLight[] = ["normal", "due_soon", "overdue"];

/** The document number, linking to the publication (and its agency for a supervisor's subtree). */
function NumberLink({ p, agency }: { p: PublicationSummary; agency: boolean }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Link to={`/publicity/${p.id}`} data-publication={p.documentNumber} style={{ wordBreak: "break-all" }}>
        {p.documentNumber}
      </Link>
      {agency && (
        <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }} title={p.agencyName}>
          {p.agencyName}
        </Typography.Text>
      )}
    </div>
  );
}

function PartyTitle({ p }: { p: PublicationSummary }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text ellipsis style={{ display: "block" }} title={p.partyName}>
        {p.partyName || "—"}
      </Typography.Text>
      <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }} title={p.title}>
        {p.title}
      </Typography.Text>
    </div>
  );
}

function StatusCell({ p }: { p: PublicationSummary }) {
  return (
    <Space size={2} wrap>
      <StatusTag p={p} />
      {p.status === "draft" && p.exclusion && (
        <Tag color="magenta" title={p.exclusionLabel ?? ""} style={{ marginInlineEnd: 0 }}>
          拟不予公示
        </Tag>
      )}
      {p.publicVersion > 1 && <Tag style={{ marginInlineEnd: 0 }}>已更正</Tag>}
    </Space>
  );
}

/**
 * 信息公示 (R-PUB-03…R-PUB-09, R-PUB-12): the review queue of decisions to publish by status, with
 * their deadline lights (7 working days for permits and penalties, 20 otherwise); correction
 * requests; and for heads and supervisors the accountability report (overdue and late).
 */
export function PublicityPage() {
  const { me, can, hasRole } = useSession();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const mayCorrections = can("publicity", "corrections");
  const mayOverdue = can("publicity", "overdue");
  const asked = params.get("tab") ?? "";
  const askedLight = params.get("light");
  const firstTab: TabKey = TAB_KEYS.includes(asked) && (asked !== "corrections" || mayCorrections) && (asked !== "overdue" || mayOverdue) ? (asked as TabKey) : "draft";
  const [tab, setTab] = useState<TabKey>(firstTab);
  const [filters, setFilters] = useState<Filters>({ q: "", page: 1, light: askedLight && (LIGHTS as string[]).includes(askedLight) ? (askedLight as PublicityLight) : undefined });
  const [data, setData] = useState<Page<PublicationSummary> | null>(null);
  const [loading, setLoading] = useState(false);
  const [counts, setCounts] = useState<Counts | null>(null);
  const { agencies } = useAgencies();
  const subtree = hasRole("supervisor");
  const agencyOptions = me && subtree ? inListScope(me, agencies).map((a) => ({ value: a.id, label: a.name })) : [];

  const isQueue = QUEUE_TABS.includes(tab);
  const load = useCallback(async (t: TabKey, f: Filters) => {
    if (!QUEUE_TABS.includes(t)) return;
    setLoading(true);
    try {
      setData(
        await get<Page<PublicationSummary>>(
          `/api/publicity${qs({ status: t === "all" ? undefined : t, light: t === "draft" || t === "all" ? f.light : undefined, actionType: f.actionType, agencyId: f.agencyId, q: f.q.trim(), page: f.page, pageSize: 20 })}`,
        ),
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(tab, filters), [tab, filters, load]);

  const loadCounts = useCallback(async () => {
    const total = (query: Record<string, string>) => get<Page<unknown>>(`/api/publicity${qs({ ...query, pageSize: 1 })}`).then((p) => p.total);
    try {
      const [drafts, dueSoon, overdue, corrections, report] = await Promise.all([
        total({ status: "draft" }),
        total({ status: "draft", light: "due_soon" }),
        total({ status: "draft", light: "overdue" }),
        mayCorrections
          ? get<Page<unknown>>("/api/publicity/corrections?status=pending&pageSize=1")
              .then((p) => p.total)
              .catch(() => null)
          : Promise.resolve(null),
        mayOverdue ? get<Overdue>("/api/publicity/overdue").catch(() => null) : Promise.resolve(null),
      ]);
      setCounts({ drafts, dueSoon, overdue, corrections, latePublished: report ? report.latePublications.length : null, lateWithdrawn: report ? report.lateWithdrawals.length : null });
    } catch (e) {
      message.error(errorMessage(e));
    }
  }, [mayCorrections, mayOverdue]);
  useEffect(() => void loadCounts(), [loadCounts]);

  const go = (t: TabKey, patch: Partial<Filters> = {}) => {
    setTab(t);
    setFilters((f) => ({ ...f, page: 1, light: t === "draft" || t === "all" ? f.light : undefined, ...patch }));
    setParams(t === "draft" ? {} : { tab: t }, { replace: true });
  };
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));
  const badge = (n: number | null | undefined, color = "#1677ff") => (n ? <Badge count={n} size="small" color={color} style={{ marginInlineStart: 4 }} /> : null);

  const tabs: { key: TabKey; label: ReactNode }[] = [
    { key: "draft", label: <span>待审核{badge(counts?.drafts)}</span> },
    { key: "published", label: "已公示" },
    { key: "withheld", label: "不予公示" },
    { key: "withdrawn", label: "已撤回" },
    { key: "all", label: "全部" },
    ...(mayCorrections ? [{ key: "corrections" as const, label: <span>更正申请{badge(counts?.corrections, "#fa8c16")}</span> }] : []),
    ...(mayOverdue ? [{ key: "overdue" as const, label: <span>公示问责{badge(counts?.overdue, "#f5222d")}</span> }] : []),
  ];

  const stat = (title: string, value: number | null | undefined, onClick: () => void, danger = false, testid?: string) =>
    value === null ? null : (
      <Col xs={12} sm={8} lg={4} key={title}>
        <Card size="small" hoverable onClick={onClick} data-testid={testid} styles={{ body: { padding: "8px 12px" } }}>
          <Statistic title={title} value={value ?? "—"} styles={{ content: { fontSize: 22, color: danger && value ? "#cf1322" : undefined } }} />
        </Card>
      </Col>
    );

  const columns: ColumnsType<PublicationSummary> = [
    { title: "文书号", key: "number", width: 196, render: (_, p) => <NumberLink p={p} agency={subtree} /> },
    { title: "当事人 / 案由", key: "party", ellipsis: true, render: (_, p) => <PartyTitle p={p} /> },
    { title: "类别", dataIndex: "actionTypeLabel", width: 92, render: (l: string) => <Tag style={{ marginInlineEnd: 0 }}>{l}</Tag> },
    { title: "决定日期", dataIndex: "decisionDate", width: 104 },
    { title: "状态", key: "status", width: 110, render: (_, p) => <StatusCell p={p} /> },
    { title: tab === "draft" ? "公示期限" : "公示情况", key: "deadline", width: 170, render: (_, p) => <DeadlineTag p={p} /> },
  ];

  const queue = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label="搜索公示信息" placeholder="文书号、案由或当事人" allowClear style={{ width: 220 }} onSearch={(q) => set({ q })} />
        <Select aria-label="执法类别" placeholder="执法类别" allowClear style={{ width: 120 }} value={filters.actionType} onChange={(actionType?: string) => set({ actionType })} options={ACTION_TYPES.map((t) => ({ value: t, label: ACTION_TYPE_LABELS[t] }))} />
        {(tab === "draft" || tab === "all") && (
          <Select aria-label="公示期限" placeholder="公示期限" allowClear style={{ width: 120 }} value={filters.light} onChange={(light?: PublicityLight) => set({ light })} options={LIGHTS.map((l) => ({ value: l, label: PUBLICITY_LIGHT_LABELS[l] }))} />
        )}
        {subtree && agencyOptions.length > 1 && (
          <Select aria-label="执法主体" placeholder="执法主体" allowClear showSearch optionFilterProp="label" style={{ width: 220 }} value={filters.agencyId} onChange={(agencyId?: string) => set({ agencyId })} options={agencyOptions} />
        )}
      </Space>
      {screens.md ? (
        <Table<PublicationSummary>
          rowKey="id"
          size="small"
          tableLayout="fixed"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的公示信息" /> }}
          pagination={{ current: filters.page, pageSize: 20, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: (page) => setFilters((f) => ({ ...f, page })), hideOnSinglePage: true }}
          onRow={(p) => ({ onDoubleClick: () => navigate(`/publicity/${p.id}`) })}
          columns={columns}
        />
      ) : (
        <List<PublicationSummary>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的公示信息" /> }}
          pagination={{ current: filters.page, pageSize: 20, total: data?.total ?? 0, size: "small", onChange: (page) => setFilters((f) => ({ ...f, page })), hideOnSinglePage: true }}
          renderItem={(p) => (
            <Card size="small" style={{ marginBottom: 8 }} onClick={() => navigate(`/publicity/${p.id}`)}>
              <Space orientation="vertical" size={2} style={{ width: "100%" }}>
                <Space wrap size={4}>
                  <NumberLink p={p} agency={subtree} />
                  <Tag>{p.actionTypeLabel}</Tag>
                </Space>
                <PartyTitle p={p} />
                <Space wrap size={4}>
                  <StatusCell p={p} />
                  <DeadlineTag p={p} />
                </Space>
              </Space>
            </Card>
          )}
        />
      )}
    </>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          信息公示
        </Typography.Title>
        <Typography.Text type="secondary">行政执法决定经审核后公示：行政许可、行政处罚 7 个工作日内，其他 20 个工作日内；被撤销、确认违法或无效的，2 个工作日内撤回。</Typography.Text>
      </div>
      <Row gutter={[12, 12]} data-testid="publicity-stats">
        {stat("待审核", counts?.drafts, () => go("draft", { light: undefined }), false, "stat-drafts")}
        {stat("即将到期", counts?.dueSoon, () => go("draft", { light: "due_soon" }), true, "stat-due-soon")}
        {stat("已超期未公示", counts?.overdue, () => go("draft", { light: "overdue" }), true, "stat-overdue")}
        {mayCorrections && stat("待处理更正申请", counts?.corrections, () => go("corrections"), false, "stat-corrections")}
        {mayOverdue && stat("超期公示", counts?.latePublished, () => go("overdue"), true, "stat-late")}
        {mayOverdue && stat("超期撤回", counts?.lateWithdrawn, () => go("overdue"), true, "stat-late-withdrawn")}
      </Row>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs activeKey={tab} onChange={(k) => go(k as TabKey)} items={tabs.map((t) => ({ key: t.key, label: t.label }))} />
        {isQueue && queue}
        {tab === "corrections" && <CorrectionsPage onChanged={() => void loadCounts()} />}
        {tab === "overdue" && <OverdueReport agency={subtree} />}
      </Card>
    </Space>
  );
}

type OverdueSection = "drafts" | "late" | "withdrawals" | "agencies";

/**
 * 公示问责 (R-PUB-12): decisions past their deadline and still unpublished, publications made
 * late, withdrawals made late, and per agency the counts that reveal selective publishing.
 */
function OverdueReport({ agency }: { agency: boolean }) {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [report, setReport] = useState<Overdue | null>(null);
  const [loading, setLoading] = useState(false);
  const [section, setSection] = useState<OverdueSection>("drafts");
  useEffect(() => {
    let live = true;
    setLoading(true);
    get<Overdue>(`/api/publicity/overdue${qs({ from: range?.[0]?.format("YYYY-MM-DD"), to: range?.[1]?.format("YYYY-MM-DD") })}`)
      .then((r) => live && setReport(r))
      .catch((e: unknown) => live && message.error(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [range]);

  const base: ColumnsType<OverdueItem> = [
    { title: "文书号", key: "number", width: 196, render: (_, p) => <NumberLink p={p} agency={agency} /> },
    { title: "当事人 / 案由", key: "party", ellipsis: true, render: (_, p) => <PartyTitle p={p} /> },
    { title: "决定日期", dataIndex: "decisionDate", width: 104 },
  ];
  const lists: Record<Exclude<OverdueSection, "agencies">, { items: OverdueItem[]; columns: ColumnsType<OverdueItem>; empty: string }> = {
    drafts: {
      items: report?.drafts ?? [],
      empty: "没有超期未公示的决定",
      columns: [
        ...base,
        { title: "应公示期限", dataIndex: "deadline", width: 110 },
        { title: "状态", key: "light", width: 100, render: (_, p) => <DeadlineTag p={p} showDate={false} /> },
      ],
    },
    late: {
      items: report?.latePublications ?? [],
      empty: "没有超期公示的决定",
      columns: [
        ...base,
        { title: "应公示期限", dataIndex: "deadline", width: 110 },
        { title: "公示日期", dataIndex: "publishedOn", width: 110, render: (d: string | null) => <Typography.Text type="danger">{d ?? "—"}</Typography.Text> },
      ],
    },
    withdrawals: {
      items: report?.lateWithdrawals ?? [],
      empty: "没有超期撤回的决定",
      columns: [
        ...base,
        { title: "收到裁决", dataIndex: "rulingDate", width: 104 },
        { title: "撤回期限", dataIndex: "withdrawalDeadline", width: 104 },
        { title: "撤回日期", dataIndex: "withdrawnOn", width: 104, render: (d: string | null) => <Typography.Text type="danger">{d ?? "—"}</Typography.Text> },
      ],
    },
  };
  const n = (v: number, danger = false) => (v && danger ? <Typography.Text type="danger">{v}</Typography.Text> : v);

  return (
    <Space orientation="vertical" size="small" style={{ width: "100%" }} data-testid="overdue-report">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Segmented<OverdueSection>
          value={section}
          onChange={setSection}
          options={[
            { value: "drafts", label: `超期未公示（${report?.drafts.length ?? "…"}）` },
            { value: "late", label: `超期公示（${report?.latePublications.length ?? "…"}）` },
            { value: "withdrawals", label: `超期撤回（${report?.lateWithdrawals.length ?? "…"}）` },
            { value: "agencies", label: "各主体公示情况" },
          ]}
        />
        <Space size={4}>
          <Typography.Text type="secondary">决定日期</Typography.Text>
          <DatePicker.RangePicker aria-label="决定日期范围" value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} style={{ width: 240 }} />
        </Space>
      </Space>
      {report && report.annualReports.length > 0 && (
        <Typography.Text type="danger">
          {report.annualReports[0]!.year} 年度统计年报（应于 {report.annualReports[0]!.deadline} 前发布）未按时发布：{report.annualReports.map((a) => `${a.agencyName}（${a.status === "published" ? "逾期发布" : "未发布"}）`).join("、")}。<Link to="/statistics">查看统计年报</Link>
        </Typography.Text>
      )}
      {section === "agencies" ? (
        <Table<AgencyRow>
          rowKey="agencyId"
          size="small"
          loading={loading}
          dataSource={report?.byAgency ?? []}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description="没有公示信息" /> }}
          columns={[
            { title: "执法主体", dataIndex: "agencyName" },
            { title: "决定总数", dataIndex: "total", align: "right" },
            { title: "待审核", dataIndex: "drafts", align: "right" },
            { title: "超期未公示", dataIndex: "overdueDrafts", align: "right", render: (v: number) => n(v, true) },
            { title: "已公示", dataIndex: "published", align: "right" },
            { title: "超期公示", dataIndex: "latePublished", align: "right", render: (v: number) => n(v, true) },
            { title: <span title="不予公示的决定数：选择性公示的线索">不予公示</span>, dataIndex: "withheld", align: "right" },
            { title: "已撤回", dataIndex: "withdrawn", align: "right" },
            { title: "超期撤回", dataIndex: "lateWithdrawn", align: "right", render: (v: number) => n(v, true) },
          ]}
        />
      ) : (
        <Table<OverdueItem>
          rowKey="id"
          size="small"
          tableLayout="fixed"
          loading={loading}
          dataSource={lists[section].items}
          pagination={lists[section].items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 720 }}
          locale={{ emptyText: <Empty description={lists[section].empty} /> }}
          columns={lists[section].columns}
        />
      )}
      {report && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          统计截至 {report.today}；每类最多列出 500 件。
        </Typography.Text>
      )}
    </Space>
  );
}
