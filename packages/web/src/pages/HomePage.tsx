import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Alert, Card, Col, Descriptions, Empty, List, Row, Statistic, Table, Tag, Typography } from "antd";
import { ROLE_LABELS, type Role } from "@zhifa/domain";
import { get, qs, type ListMeta, type ListRowData, type Page } from "../api.ts";
import { useSession } from "../session.tsx";
import { FieldValue } from "../components/fields.tsx";
import { inListScope, useAgencies } from "../components/agencies.tsx";

/**
 * Loads an optional endpoint: `undefined` while loading, `null` when the module is not
 * deployed (404) or refuses — the card that needs it is then hidden (graceful degradation).
 */
function useOptional<T>(url: string | null): T | null | undefined {
  const [state, setState] = useState<{ url: string | null; data: T | null | undefined }>({ url: null, data: undefined });
  useEffect(() => {
    if (!url) return;
    let live = true;
    get<T>(url)
      .then((d) => live && setState({ url, data: d }))
      .catch(() => live && setState({ url, data: null }));
    return () => {
      live = false;
    };
  }, [url]);
  if (!url) return null;
  return state.url === url ? state.data : undefined;
}

const Tile = ({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) => (
  <Col xs={24} md={12} xl={8}>
    <Card title={title} extra={extra} size="small" style={{ height: "100%" }}>
      {children}
    </Card>
  </Col>
);

/** 执法证 status of the logged-in officer (R-LIST-02, R-LIST-11). */
function MyCertificate({ lists }: { lists: ListMeta[] }) {
  const { me } = useSession();
  const officers = lists.find((l) => l.kind === "officers");
  const page = useOptional<Page<ListRowData>>(officers && me ? `/api/lists/officers${qs({ q: me.user.displayName, agencyId: me.agency.id, pageSize: 50 })}` : null);
  if (!officers || page === null) return null;
  const mine = page?.items.find((o) => o.username === me?.user.username);
  const field = (k: string) => officers.fields.find((f) => f.key === k);
  const show = ["certNumber", "certStatus", "validTo", "categories"].map(field).filter((f) => !!f);
  return (
    <Tile title="我的执法证" extra={<Link to="/lists/officers">执法人员清单</Link>}>
      {page === undefined ? null : !mine ? (
        <Alert type="warning" showIcon title="执法人员清单中没有与您的账号关联的执法证" description="请联系本单位管理员在执法人员清单中填写“关联登录账号”。" />
      ) : (
        <Descriptions column={1} size="small">
          {show.map((f) => (
            <Descriptions.Item key={f.key} label={f.label}>
              <FieldValue field={f} value={mine[f.key]} />
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Tile>
  );
}

/** Rows per list in the user's agency, with shortcuts (admin, agency head). */
function ListCounts({ lists }: { lists: ListMeta[] }) {
  const { me } = useSession();
  const [counts, setCounts] = useState<Record<string, number | null>>({});
  useEffect(() => {
    if (!me) return;
    let live = true;
    for (const l of lists)
      get<Page<unknown>>(`/api/lists/${l.kind}${qs({ agencyId: me.agency.id, pageSize: 1 })}`)
        .then((p) => live && setCounts((c) => ({ ...c, [l.kind]: p.total })))
        .catch(() => live && setCounts((c) => ({ ...c, [l.kind]: null })));
    return () => {
      live = false;
    };
  }, [lists, me]);
  return (
    <Col xs={24}>
      <Card title="本单位清单" size="small">
        <Row gutter={[12, 12]}>
          {lists.map((l) => (
            <Col key={l.kind} xs={12} sm={8} lg={6} xl={4}>
              <Link to={`/lists/${l.kind}`} style={{ display: "block", height: "100%" }}>
                <Card size="small" hoverable style={{ height: "100%" }}>
                  <Statistic title={l.label} value={counts[l.kind] ?? "—"} suffix={counts[l.kind] !== undefined && counts[l.kind] !== null ? "条" : undefined} />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </Card>
    </Col>
  );
}

interface RatioReport {
  target: number;
  belowCount: number;
  items: { agencyId: string; agencyName: string; officers: number; reviewers: number; ratio: number | null; required: number; below: boolean }[];
}

/** 法制审核人员配备 (R-LIST-12): agencies below 5 % are highlighted. */
function ReviewerRatio() {
  const report = useOptional<RatioReport>("/api/reports/reviewer-ratio");
  if (!report) return null;
  return (
    <Col xs={24} xl={16}>
      <Card size="small" title="法制审核人员配备情况" extra={report.belowCount > 0 ? <Tag color="red">{report.belowCount} 个主体低于 {Math.round(report.target * 100)}%</Tag> : <Tag color="green">全部达标</Tag>}>
        <Table
          size="small"
          rowKey="agencyId"
          dataSource={[...report.items].sort((a, b) => Number(b.below) - Number(a.below))}
          pagination={report.items.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
          scroll={{ x: "max-content" }}
          rowClassName={(r) => (r.below ? "row-below" : "")}
          onRow={(r) => ({ style: r.below ? { background: "#fff1f0" } : undefined })}
          columns={[
            { title: "执法主体", dataIndex: "agencyName" },
            { title: "执法人员", dataIndex: "officers", align: "right" },
            { title: "法制审核人员", dataIndex: "reviewers", align: "right" },
            { title: "比例", dataIndex: "ratio", align: "right", render: (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`) },
            { title: "应配", dataIndex: "required", align: "right" },
            { title: "", dataIndex: "below", render: (b: boolean) => (b ? <Tag color="red">低于标准</Tag> : <Tag color="green">达标</Tag>) },
          ]}
        />
      </Card>
    </Col>
  );
}

interface QualificationReport {
  agencyName: string;
  officers: number;
  items: { officerId: string; name: string; certNumber: string; issues: { message: string; blocking: boolean }[] }[];
}

/** 执法资格预警 (R-LIST-11) of the user's agency. */
function QualificationAlerts() {
  const report = useOptional<QualificationReport>("/api/officers/qualification-report");
  if (!report) return null;
  return (
    <Tile title="执法资格预警" extra={<Typography.Text type="secondary">{report.officers} 名在岗人员</Typography.Text>}>
      {report.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无预警" />
      ) : (
        <List
          size="small"
          dataSource={report.items.slice(0, 6)}
          footer={report.items.length > 6 ? `另有 ${report.items.length - 6} 人` : undefined}
          renderItem={(o) => (
            <List.Item>
              <div>
                <Typography.Text strong>{o.name}</Typography.Text> <Typography.Text type="secondary">{o.certNumber}</Typography.Text>
                <div>
                  {o.issues.map((i) => (
                    <Tag key={i.message} color={i.blocking ? "red" : "orange"} style={{ whiteSpace: "normal" }}>
                      {i.message}
                    </Tag>
                  ))}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Tile>
  );
}

interface ReviewCounts {
  pending: number;
  returned: number;
  inReview: number;
  mine: number;
  overdue: number;
  disputed: number;
  extensions: number;
}

/** 法制审核待办 (R-REV): the reviewer's and the head's queue at a glance. */
function ReviewTodo({ head }: { head: boolean }) {
  const counts = useOptional<ReviewCounts>("/api/reviews/counts");
  if (!counts) return null;
  const items = head
    ? [
        { label: "待决定的分歧", value: counts.disputed, to: "/reviews?tab=head" },
        { label: "待审批的延期", value: counts.extensions, to: "/reviews?tab=head" },
        { label: "超期未出具意见", value: counts.overdue, to: "/reviews?tab=head" },
      ]
    : [
        { label: "待受理", value: counts.pending, to: "/reviews?tab=pending" },
        { label: "我在审核", value: counts.mine, to: "/reviews?tab=mine" },
        { label: "超期", value: counts.overdue, to: "/reviews?tab=in_review" },
      ];
  return (
    <Tile title="法制审核" extra={<Link to="/reviews">审核队列</Link>}>
      <Row gutter={8}>
        {items.map((i) => (
          <Col span={8} key={i.label}>
            <Link to={i.to}>
              <Statistic title={i.label} value={i.value} styles={{ content: i.value > 0 && i.label.includes("超期") ? { color: "#cf1322" } : undefined }} />
            </Link>
          </Col>
        ))}
      </Row>
    </Tile>
  );
}

/** 待审核公示 (R-PUB-03, R-PUB-06): the publicity reviewer's drafts by deadline light, and pending correction requests. */
function PublicityTodo() {
  const drafts = useOptional<Page<unknown>>("/api/publicity?status=draft&pageSize=1");
  const dueSoon = useOptional<Page<unknown>>("/api/publicity?status=draft&light=due_soon&pageSize=1");
  const overdue = useOptional<Page<unknown>>("/api/publicity?status=draft&light=overdue&pageSize=1");
  const corrections = useOptional<Page<unknown>>("/api/publicity/corrections?status=pending&pageSize=1");
  if (!drafts) return null;
  const items = [
    { label: "待审核", value: drafts.total, to: "/publicity", danger: false },
    { label: "即将到期", value: dueSoon?.total ?? 0, to: "/publicity?light=due_soon", danger: true },
    { label: "已超期", value: overdue?.total ?? 0, to: "/publicity?light=overdue", danger: true },
  ];
  return (
    <Tile title="待审核公示" extra={<Link to="/publicity">公示审核</Link>}>
      <Row gutter={8} data-testid="publicity-todo">
        {items.map((i) => (
          <Col span={8} key={i.label}>
            <Link to={i.to}>
              <Statistic title={i.label} value={i.value} styles={{ content: i.value > 0 && i.danger ? { color: "#cf1322" } : undefined }} />
            </Link>
          </Col>
        ))}
      </Row>
      {corrections && corrections.total > 0 && (
        <Link to="/publicity?tab=corrections">
          <Tag color="orange" style={{ marginTop: 8 }}>
            {corrections.total} 件更正申请待处理
          </Tag>
        </Link>
      )}
    </Tile>
  );
}

interface MissingCaseFiles {
  total: number;
  items: { id: string; number: string; title: string; agencyName: string; daysSinceClosed: number }[];
}

/** R-REC-07: cases ended 30 days ago whose electronic case file nobody has assembled. */
function CaseFileAlerts() {
  const report = useOptional<MissingCaseFiles>("/api/case-files/missing?pageSize=5");
  if (!report) return null;
  return (
    <Tile title="电子卷宗提醒" extra={report.total > 0 ? <Tag color="orange">{report.total} 件</Tag> : undefined}>
      {report.total === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="结案满 30 日的案件均已形成电子卷宗" />
      ) : (
        <List
          size="small"
          dataSource={report.items}
          footer={report.total > report.items.length ? `另有 ${report.total - report.items.length} 件` : undefined}
          renderItem={(c) => (
            <List.Item>
              <div>
                <Link to={`/cases/${c.id}`}>{c.number}</Link> <Typography.Text type="secondary">{c.title}</Typography.Text>
                <div>
                  <Tag color="orange">结案已 {c.daysSinceClosed} 日，未形成电子卷宗</Tag>
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Tile>
  );
}

/** Agencies in the supervisor's subtree (R-GEN-03). */
function SupervisedAgencies() {
  const { me } = useSession();
  const { agencies } = useAgencies();
  if (!me) return null;
  const mine = inListScope(me, agencies).filter((a) => a.id !== me.agency.id);
  return (
    <Tile title="监督范围内的执法主体" extra={<Link to="/agencies">查看全部</Link>}>
      <Statistic value={mine.length} suffix="个" />
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ marginTop: 8, marginBottom: 0 }}>
        {mine.map((a) => a.name).join("、") || "—"}
      </Typography.Paragraph>
    </Tile>
  );
}

function Shortcuts({ title, kinds, lists, extra = [] }: { title: string; kinds: string[]; lists: ListMeta[]; extra?: { to: string; label: string }[] }) {
  const links = [...extra, ...kinds.map((k) => lists.find((l) => l.kind === k)).filter((l) => !!l).map((l) => ({ to: `/lists/${l.kind}`, label: l.label }))];
  if (links.length === 0) return null;
  return (
    <Tile title={title}>
      <List size="small" dataSource={links} renderItem={(l) => <List.Item><Link to={l.to}>{l.label}</Link></List.Item>} />
    </Tile>
  );
}

/** `/`: what each role needs first. */
export function HomePage() {
  const { me, lists, hasRole, can } = useSession();
  if (!me) return null;
  const powers = "power" in me.abilities && can("power", "read") ? [{ to: "/powers", label: "权力清单" }] : [];
  const maintainer = hasRole("admin", "agency_head");
  return (
    <Row gutter={[16, 16]}>
      <Tile title={`您好，${me.user.displayName}`}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="所属主体">{me.agency.name}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {me.user.roles.map((r) => (
              <Tag key={r}>{ROLE_LABELS[r as Role] ?? r}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Tile>
      {hasRole("officer", "unit_lead") && <MyCertificate lists={lists} />}
      {hasRole("officer", "unit_lead") && <Shortcuts title="执法依据" kinds={["discretion-tiers", "av-records", "service-guides"]} lists={lists} extra={powers} />}
      {hasRole("legal_reviewer") && <Shortcuts title="法制审核常用" kinds={["major-catalog", "legal-reviewers", "discretion-tiers"]} lists={lists} extra={powers} />}
      {hasRole("publicity_reviewer") && <Shortcuts title="公示清单" kinds={lists.map((l) => l.kind)} lists={lists} extra={powers} />}
      {hasRole("legal_reviewer") && <ReviewTodo head={false} />}
      {hasRole("publicity_reviewer") && <PublicityTodo />}
      {hasRole("agency_head") && <ReviewTodo head />}
      {hasRole("unit_lead", "agency_head", "legal_reviewer", "supervisor") && <CaseFileAlerts />}
      {(maintainer || hasRole("unit_lead", "supervisor")) && <QualificationAlerts />}
      {hasRole("supervisor") && <SupervisedAgencies />}
      {hasRole("supervisor", "admin") && <ReviewerRatio />}
      {maintainer && <ListCounts lists={lists} />}
    </Row>
  );
}
