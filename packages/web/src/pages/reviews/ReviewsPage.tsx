import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Badge, Card, Col, Empty, Grid, Input, List, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography, message } from "antd";
import { REVIEW_STATE_LABELS } from "@zhifa/domain";
import { errorMessage, get, qs, type Page } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { DueTag, StateTag, day, type ReviewSummary } from "../cases/ReviewSection.tsx";

type TabKey = "pending" | "in_review" | "returned" | "decided" | "head" | "all";

interface Counts {
  pending: number;
  returned: number;
  inReview: number;
  mine: number;
  overdue: number;
  disputed: number;
  extensions: number;
}

interface WorkloadRow {
  userId: string;
  name: string;
  inReview: number;
  overdue: number;
  decided30: number;
}

interface Stats {
  from: string;
  to: string;
  total: number;
  byState: Record<string, number>;
  decided: number;
  averageDays: number | null;
  p90Days: number | null;
  correctedShare: number | null;
  overdueShare: number | null;
}

interface Filters {
  tab: TabKey;
  mine: boolean;
  q: string;
  light?: string;
  page: number;
}

const TAB_STATES: Record<TabKey, string | undefined> = {
  pending: "pending",
  in_review: "in_review",
  returned: "returned",
  decided: "agreed,corrected,transferred,overruled",
  head: undefined,
  all: undefined,
};

/** Tabs where the deadline light filter means something (it concerns rounds in review). */
const LIGHT_TABS: readonly TabKey[] = ["in_review", "head", "all"];

const percent = (share: number | null) => (share == null ? "—" : `${Math.round(share * 1000) / 10}%`);
const days = (n: number | null) => (n == null ? "—" : `${n}`);

/**
 * 法制审核队列 (R-REV-04…08, reviewer work): the legal unit's rounds by state with deadline
 * lights; what waits for the agency head; each reviewer's workload and the statistics.
 */
export function ReviewsPage() {
  const { me } = useSession();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const roles = me?.user.roles ?? [];
  const isReviewer = roles.includes("legal_reviewer");
  const [params] = useSearchParams();
  // the home page's cards link to a tab (?tab=pending|mine|in_review|head…)
  const asked = params.get("tab");
  const TAB_KEYS: readonly string[] = ["pending", "in_review", "returned", "decided", "head", "all"];
  const firstTab: TabKey = asked === "mine" ? "in_review" : asked && TAB_KEYS.includes(asked) ? (asked as TabKey) : isReviewer ? "pending" : roles.includes("agency_head") ? "head" : "all";
  const [filters, setFilters] = useState<Filters>({ tab: firstTab, mine: asked === "mine", q: "", page: 1 });
  const [data, setData] = useState<Page<ReviewSummary> | null>(null);
  const [loading, setLoading] = useState(false);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [headCount, setHeadCount] = useState<number | null>(null);
  const [workload, setWorkload] = useState<WorkloadRow[] | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);

  const load = useCallback(async (f: Filters) => {
    setLoading(true);
    try {
      const [page, c, head] = await Promise.all([
        get<Page<ReviewSummary>>(
          `/api/reviews${qs({ state: TAB_STATES[f.tab], needsHead: f.tab === "head" || undefined, assignee: f.tab === "in_review" && f.mine ? "me" : undefined, q: f.q.trim(), light: f.light, page: f.page, pageSize: 20 })}`,
        ),
        get<Counts>("/api/reviews/counts"),
        get<Page<ReviewSummary>>(`/api/reviews${qs({ needsHead: true, pageSize: 1 })}`),
      ]);
      setData(page);
      setCounts(c);
      setHeadCount(head.total);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(filters), [filters, load]);
  useEffect(() => {
    get<WorkloadRow[]>("/api/reviews/workload")
      .then(setWorkload)
      .catch(() => setWorkload([]));
    get<Stats>("/api/reviews/stats")
      .then(setStats)
      .catch(() => setStats(null));
  }, []);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));
  const badge = (n: number | undefined | null, color = "#1677ff") => (n ? <Badge count={n} size="small" color={color} style={{ marginInlineStart: 4 }} /> : null);
  const tabs: { key: TabKey; label: ReactNode }[] = [
    { key: "pending", label: <span>待受理{badge(counts?.pending)}</span> },
    { key: "in_review", label: <span>审核中{badge(counts?.inReview)}</span> },
    { key: "returned", label: <span>退回补充{badge(counts?.returned, "#fa8c16")}</span> },
    { key: "decided", label: "已出具意见" },
    { key: "head", label: <span>待负责人处理{badge(headCount, "#f5222d")}</span> },
    { key: "all", label: "全部" },
  ];

  const caseLink = (r: ReviewSummary) => (
    <Link to={`/reviews/${r.id}`} style={{ whiteSpace: "nowrap" }} data-review={r.caseNumber}>
      {r.caseNumber}
    </Link>
  );
  /** The deadline light; a round not accepted yet shows when it came in. */
  const dueOf = (r: ReviewSummary) => (r.state === "pending" ? <Typography.Text type="secondary">{day(r.submittedAt)} 送审</Typography.Text> : <DueTag r={r} />);
  const stateOf = (r: ReviewSummary) => (
    <Space size={2} wrap>
      <StateTag state={r.state} label={r.stateLabel} short />
      {r.extensionPending && <Tag color="orange">延期待批</Tag>}
    </Space>
  );

  const queue = (
    <Card size="small" styles={{ body: { paddingTop: 0 } }}>
      <Tabs activeKey={filters.tab} onChange={(k) => set({ tab: k as TabKey, mine: false, light: LIGHT_TABS.includes(k as TabKey) ? filters.light : undefined })} items={tabs.map((t) => ({ key: t.key, label: t.label }))} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label="搜索审核" placeholder="案号、当事人或案由" allowClear style={{ width: 220 }} onSearch={(q) => set({ q })} />
        {LIGHT_TABS.includes(filters.tab) && (
          <Select aria-label="审核期限" placeholder="审核期限" allowClear style={{ width: 120 }} value={filters.light} onChange={(light) => set({ light })} options={[{ value: "normal", label: "正常" }, { value: "due_soon", label: "即将到期" }, { value: "overdue", label: "已超期" }]} />
        )}
        {filters.tab === "in_review" && isReviewer && (
          <Space size={4}>
            <Switch size="small" checked={filters.mine} onChange={(mine) => set({ mine })} aria-label="只看我审核的" />
            <span>我审核的{counts ? `（${counts.mine}）` : ""}</span>
          </Space>
        )}
        {filters.tab === "head" && counts && (
          <Typography.Text type="secondary">
            异议 {counts.disputed} · 延期申请 {counts.extensions} · 超期 {counts.overdue}
          </Typography.Text>
        )}
      </Space>
      {screens.md ? (
        <Table<ReviewSummary>
          rowKey="id"
          size="small"
          tableLayout="fixed"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的法制审核" /> }}
          pagination={{ current: filters.page, pageSize: 20, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 件`, onChange: (page) => setFilters((f) => ({ ...f, page })), hideOnSinglePage: true }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/reviews/${r.id}`) })}
          columns={[
            { title: "案号", key: "number", width: 174, render: (_, r) => caseLink(r) },
            {
              title: "当事人 / 案由",
              key: "party",
              ellipsis: true,
              render: (_, r) => (
                <div style={{ minWidth: 0 }}>
                  <Typography.Text ellipsis style={{ display: "block" }} title={r.partyName}>
                    {r.partyName}
                  </Typography.Text>
                  <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }} title={r.caseTitle}>
                    {r.caseTitle}
                  </Typography.Text>
                </div>
              ),
            },
            { title: "轮次", dataIndex: "round", width: 62, render: (n: number) => `第 ${n} 轮` },
            { title: "状态", key: "state", width: 112, render: (_, r) => stateOf(r) },
            { title: "审核人员", dataIndex: "assigneeName", width: 80, ellipsis: true, render: (n: string | null) => n ?? <Typography.Text type="secondary">—</Typography.Text> },
            { title: "审核期限", key: "due", width: 124, render: (_, r) => dueOf(r) },
          ]}
        />
      ) : (
        <List<ReviewSummary>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的法制审核" /> }}
          pagination={{ current: filters.page, pageSize: 20, total: data?.total ?? 0, size: "small", onChange: (page) => setFilters((f) => ({ ...f, page })), hideOnSinglePage: true }}
          renderItem={(r) => (
            <Card size="small" style={{ marginBottom: 8 }} onClick={() => navigate(`/reviews/${r.id}`)}>
              <Space orientation="vertical" size={2} style={{ width: "100%" }}>
                <Space wrap size={4}>
                  {caseLink(r)}
                  <Tag>第 {r.round} 轮</Tag>
                </Space>
                <Typography.Text strong>{r.partyName}</Typography.Text>
                <Typography.Text type="secondary">{r.caseTitle}</Typography.Text>
                <Space wrap size={4}>
                  {stateOf(r)}
                  {dueOf(r)}
                  {r.assigneeName && <Typography.Text type="secondary">{r.assigneeName}</Typography.Text>}
                </Space>
              </Space>
            </Card>
          )}
        />
      )}
    </Card>
  );

  const outcomes: [string, string, string][] = [
    ["agreed", "同意", "green"],
    ["corrected", "纠正", "volcano"],
    ["transferred", "移送", "purple"],
    ["overruled", "采纳承办机构意见", "cyan"],
    ["disputed", "待负责人决定", "magenta"],
  ];
  const side = (
    <Space orientation="vertical" size="middle" style={{ width: "100%", display: "flex" }}>
      <Card size="small" title="审核人员工作量" data-testid="review-workload">
        <Table<WorkloadRow>
          rowKey="userId"
          size="small"
          pagination={false}
          loading={!workload}
          dataSource={workload ?? []}
          locale={{ emptyText: "本机关没有法制审核人员" }}
          columns={[
            { title: "审核人员", dataIndex: "name", ellipsis: true },
            { title: "审核中", dataIndex: "inReview", width: 62, align: "right" },
            { title: "超期", dataIndex: "overdue", width: 50, align: "right", render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
            { title: <span title="近 30 日出具意见">30日出具</span>, dataIndex: "decided30", width: 76, align: "right" },
          ]}
        />
      </Card>
      <Card size="small" title="审核统计" extra={stats && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${stats.from} 至 ${stats.to}`}</Typography.Text>} data-testid="review-stats" loading={!stats && !!workload}>
        {stats ? (
          <Space orientation="vertical" size="small" style={{ width: "100%" }}>
            <Row gutter={[8, 8]}>
              <Col span={12}>
                <Statistic title="送审" value={stats.total} suffix="轮" />
              </Col>
              <Col span={12}>
                <Statistic title="已出具意见" value={stats.decided} suffix="轮" />
              </Col>
              <Col span={12}>
                <Statistic title="平均用时" value={days(stats.averageDays)} suffix={stats.averageDays == null ? undefined : "个工作日"} styles={{ content: { fontSize: 20 } }} />
              </Col>
              <Col span={12}>
                <Statistic title="P90 用时" value={days(stats.p90Days)} suffix={stats.p90Days == null ? undefined : "个工作日"} styles={{ content: { fontSize: 20 } }} />
              </Col>
              <Col span={12}>
                <Statistic title="纠正率" value={percent(stats.correctedShare)} styles={{ content: { fontSize: 20 } }} />
              </Col>
              <Col span={12}>
                <Statistic title="超期率" value={percent(stats.overdueShare)} styles={{ content: { fontSize: 20, color: stats.overdueShare ? "#cf1322" : undefined } }} />
              </Col>
            </Row>
            <div>
              <Typography.Text type="secondary">按审核结论：</Typography.Text>
              <div style={{ marginTop: 4 }}>
                {outcomes.map(([s, label, color]) => (
                  <Tag key={s} color={color} style={{ marginBottom: 4 }} title={REVIEW_STATE_LABELS[s as keyof typeof REVIEW_STATE_LABELS]}>
                    {label} {stats.byState[s] ?? 0}
                  </Tag>
                ))}
              </div>
            </div>
          </Space>
        ) : (
          <Typography.Text type="secondary">暂无统计</Typography.Text>
        )}
      </Card>
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          法制审核
        </Typography.Title>
        <Typography.Text type="secondary">重大执法决定法制审核：受理或退回、审核要点、出具意见；审核期限 3 个工作日，可延长 2 个工作日。</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          {queue}
        </Col>
        <Col xs={24} xl={7}>
          {side}
        </Col>
      </Row>
    </Space>
  );
}
