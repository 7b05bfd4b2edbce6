import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, Button, Card, Descriptions, Empty, Input, Modal, Popconfirm, Segmented, Select, Space, Spin, Table, Tabs, Tag, Typography, message } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type StatisticsFigures, beijingTime } from "@zhifa/domain";
import { errorMessage, get, post, put, qs } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { inListScope, useAgencies } from "../../components/agencies.tsx";
import { FiguresView } from "./FiguresView.tsx";

/** Shapes of the statistics API (`packages/server/src/modules/statistics/schemas.ts`). */
interface Can {
  read: boolean;
  prepare: boolean;
  publish: boolean;
}
interface ListItem {
  agencyId: string;
  agencyName: string;
  year: number;
  deadline: string;
  late: boolean;
  status: "none" | "draft" | "published";
  statusLabel: string;
  reportId: string | null;
  generatedAt: string | null;
  publishedOn: string | null;
  /** 版次 of the published (or draft) report. */
  edition: number;
  /** A correction (更正) of the published report, prepared and not yet published. */
  correctionDraftId: string | null;
  can: Can;
}
interface Report {
  id: string;
  agencyId: string;
  agencyName: string;
  year: number;
  status: string;
  statusLabel: string;
  deadline: string;
  late: boolean;
  note: string;
  figures: StatisticsFigures;
  generatedAt: string;
  generatedByName: string | null;
  publishedOn: string | null;
  publishedByName: string | null;
  sha256: string | null;
  version: number;
  edition: number;
  supersedes: string | null;
  correctionReason: string;
  correctedBy: string | null;
  can: Can;
}

const STATUS_COLORS: Record<string, string> = { none: "default", draft: "processing", published: "success", superseded: "warning" };
const beijing = (iso: string) => beijingTime(new Date(iso)).slice(0, 16);

/**
 * 统计年报 (R-PUB-10): each agency's report of a year — generate the draft from the data, write the
 * 说明, publish by 31 January, download XLSX — and any year or quarter computed live (河北 quarterly).
 */
export function StatisticsPage() {
  const { me } = useSession();
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear - 1);
  const years = useMemo(() => Array.from({ length: 8 }, (_, i) => thisYear - i), [thisYear]);
  const [tab, setTab] = useState("reports");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        行政执法统计年报
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        各执法主体应于每年 1 月 31 日前公开上一年度的行政执法数据；季度数据可随时按需统计（不保存）。
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "reports", label: "年度报告", children: <Reports year={year} setYear={setYear} years={years.filter((y) => y < thisYear)} /> },
          { key: "live", label: "按季度 / 年度统计", children: me ? <Live years={years} /> : null },
        ]}
      />
    </Space>
  );
}

function Reports({ year, setYear, years }: { year: number; setYear: (y: number) => void; years: number[] }) {
  const [items, setItems] = useState<ListItem[]>([]);
  const [deadline, setDeadline] = useState("");
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const load = useCallback(() => {
    setLoading(true);
    get<{ items: ListItem[]; deadline: string }>(`/api/statistics/reports${qs({ year })}`)
      .then((r) => {
        setItems(r.items);
        setDeadline(r.deadline);
        setSelected((s) => s ?? (r.items.length === 1 ? r.items[0]!.agencyId : null));
      })
      .catch((e: unknown) => message.error(errorMessage(e)))
      .finally(() => setLoading(false));
  }, [year]);
  useEffect(load, [load]);
  const current = items.find((i) => i.agencyId === selected) ?? null;
  const columns: ColumnsType<ListItem> = [
    { title: "执法主体", dataIndex: "agencyName" },
    { title: "状态", dataIndex: "statusLabel", render: (v: string, r) => <Tag color={STATUS_COLORS[r.status]}>{v}</Tag> },
    { title: "发布期限", dataIndex: "deadline" },
    { title: "发布日期", dataIndex: "publishedOn", render: (v: string | null) => v ?? "—" },
    { title: "是否超期", dataIndex: "late", render: (late: boolean, r) => (late ? <Tag color="error">{r.status === "published" ? "逾期发布" : "已超期未发布"}</Tag> : <Tag color="success">未超期</Tag>) },
    {
      title: "操作",
      key: "op",
      render: (_: unknown, r) => (
        <Button size="small" type={r.agencyId === selected ? "primary" : "default"} onClick={() => setSelected(r.agencyId)}>
          {r.status === "none" ? (r.can.prepare ? "生成草稿" : "查看") : "查看"}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        <span>年度</span>
        <Select aria-label="年度" value={year} style={{ width: 120 }} options={years.map((y) => ({ value: y, label: `${y} 年度` }))} onChange={(y) => { setSelected(null); setYear(y); }} />
        {deadline && <Typography.Text type="secondary">发布期限：{deadline}</Typography.Text>}
      </Space>
      <Table rowKey="agencyId" size="small" loading={loading} columns={columns} dataSource={items} pagination={items.length > 20 ? { pageSize: 20 } : false} />
      {current && <ReportPanel key={`${current.agencyId}-${year}`} item={current} onChange={load} />}
    </Space>
  );
}

function ReportPanel({ item, onChange }: { item: ListItem; onChange: () => void }) {
  const [report, setReport] = useState<Report | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  // a correction being prepared is what there is to work on; the published edition stays public until it is published
  const shownId = item.correctionDraftId ?? item.reportId;
  const [loading, setLoading] = useState(!!shownId);
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState("");
  useEffect(() => {
    if (!shownId) return;
    get<Report>(`/api/statistics/reports/${shownId}`)
      .then((r) => {
        setReport(r);
        setNote(r.note);
      })
      .catch((e: unknown) => message.error(errorMessage(e)))
      .finally(() => setLoading(false));
  }, [shownId]);
  const act = async (fn: () => Promise<Report>, done: string) => {
    setBusy(true);
    try {
      const r = await fn();
      setReport(r);
      setNote(r.note);
      message.success(done);
      onChange();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const generate = () => act(() => post<Report>("/api/statistics/reports", { agencyId: item.agencyId, year: item.year }), "已按数据生成草稿");
  const title = `${item.agencyName} ${item.year} 年度行政执法统计年报`;
  if (loading) return <Spin />;
  if (!report)
    return (
      <Card title={title}>
        <Empty description="尚未生成本年度报告">
          {item.can.prepare ? (
            <Button type="primary" loading={busy} onClick={generate}>
              生成草稿
            </Button>
          ) : (
            <Typography.Text type="secondary">由本机关公示审核人员或机关负责人生成</Typography.Text>
          )}
        </Empty>
      </Card>
    );
  const draft = report.status === "draft";
  const correction = report.edition > 1;
  const correct = async () => {
    if (!reason.trim()) {
      message.error("请填写更正说明");
      return;
    }
    await act(() => post<Report>(`/api/statistics/reports/${report.id}/corrections`, { reason }), "已生成更正草稿：核对数据和说明后审核发布");
    setCorrecting(false);
    setReason("");
  };
  return (
    <Card
      title={title}
      extra={
        <Space wrap>
          <Button href={`/api/statistics/reports/${report.id}/xlsx`}>下载 XLSX</Button>
          {draft && report.can.prepare && (
            <Button loading={busy} onClick={generate}>
              重新生成
            </Button>
          )}
          {draft && report.can.publish && (
            <Popconfirm title={correction ? `发布后更正版本（第 ${report.edition} 版）将在公示平台公开，原版本标为“已被更正”并保留可查。确定发布？` : "发布后将在公示平台公开，且不能再修改。确定发布？"} okText="发布" cancelText="取消" onConfirm={() => act(() => post<Report>(`/api/statistics/reports/${report.id}/publish`, { expectedVersion: report.version }), "已发布")}>
              <Button type="primary" loading={busy}>
                审核发布
              </Button>
            </Popconfirm>
          )}
          {!draft && (
            <Button href={`/portal/statistics/${report.id}`} target="_blank">
              在公示平台查看
            </Button>
          )}
          {report.status === "published" && report.can.prepare && (
            <Button danger onClick={() => setCorrecting(true)}>
              更正
            </Button>
          )}
        </Space>
      }
    >
      <Modal
        title="更正已发布的统计年报"
        open={correcting}
        okText="生成更正草稿"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void correct()}
        onCancel={() => setCorrecting(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            将按现有数据重新统计，生成第 {report.edition + 1} 版草稿（保留说明）。审核发布后，公示平台显示更正后的版本，原版本标为“已被更正”并保留可查。
          </Typography.Paragraph>
          <Input.TextArea aria-label="更正说明" value={reason} onChange={(e) => setReason(e.target.value)} rows={4} maxLength={2000} showCount placeholder="哪些数据有误、为何更正（随更正版本公开，不得含个人信息）" />
        </Space>
      </Modal>
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        {draft && correction && <Alert type="info" showIcon message={`更正草稿（第 ${report.edition} 版）：发布前公示平台仍显示已发布的第 ${report.edition - 1} 版`} />}
        {correction && (
          <div>
            <Typography.Text strong>更正说明（第 {report.edition} 版）</Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{report.correctionReason}</Typography.Paragraph>
          </div>
        )}
        {report.late && <Alert type="warning" showIcon message={report.status === "published" ? `逾期发布：应于 ${report.deadline} 前发布` : `已超过发布期限（${report.deadline}），请尽快审核发布`} />}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="状态">
            <Tag color={STATUS_COLORS[report.status]}>{report.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="数据生成">
            {beijing(report.generatedAt)} {report.generatedByName ?? ""}
          </Descriptions.Item>
          <Descriptions.Item label="发布">{report.publishedOn ? `${report.publishedOn} ${report.publishedByName ?? ""}` : "未发布"}</Descriptions.Item>
          {report.sha256 && (
            <Descriptions.Item label="公开内容 SHA-256" span={3}>
              <Typography.Text code copyable>
                {report.sha256}
              </Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
        <div>
          <Typography.Text strong>说明</Typography.Text>
          {draft && report.can.prepare ? (
            <Space orientation="vertical" style={{ width: "100%" }}>
              <Input.TextArea aria-label="说明" value={note} onChange={(e) => setNote(e.target.value)} rows={4} maxLength={5000} showCount placeholder="数据口径、主要变化及原因等（随报告公开，不得含个人信息）" />
              <Button disabled={note === report.note} loading={busy} onClick={() => act(() => put<Report>(`/api/statistics/reports/${report.id}`, { note, expectedVersion: report.version }), "说明已保存")}>
                保存说明
              </Button>
            </Space>
          ) : (
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{report.note || "（无）"}</Typography.Paragraph>
          )}
        </div>
        <FiguresView figures={report.figures} />
      </Space>
    </Card>
  );
}

function Live({ years }: { years: number[] }) {
  const { me } = useSession();
  const { agencies } = useAgencies();
  const scope = useMemo(() => (me ? inListScope(me, agencies) : []), [me, agencies]);
  const [agencyId, setAgencyId] = useState(me?.agency.id ?? "");
  const [year, setYear] = useState(years[0]!);
  const [quarter, setQuarter] = useState<string>(String(Math.floor(new Date(Date.now() + 8 * 3600_000).getUTCMonth() / 3) + 1));
  const [figures, setFigures] = useState<StatisticsFigures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const query = qs({ agencyId, year, quarter: quarter === "year" ? undefined : quarter });
  useEffect(() => {
    setLoading(true);
    setError(null);
    get<{ figures: StatisticsFigures }>(`/api/statistics/figures${query}`)
      .then((r) => setFigures(r.figures))
      .catch((e: unknown) => {
        setFigures(null);
        setError(errorMessage(e));
      })
      .finally(() => setLoading(false));
  }, [query]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        {scope.length > 1 && <Select aria-label="执法主体" value={agencyId} style={{ minWidth: 240 }} options={scope.map((a) => ({ value: a.id, label: a.name }))} onChange={setAgencyId} showSearch optionFilterProp="label" />}
        <Select aria-label="统计年度" value={year} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: `${y} 年` }))} onChange={setYear} />
        <Segmented
          value={quarter}
          onChange={(v) => setQuarter(String(v))}
          options={[
            { value: "year", label: "全年" },
            { value: "1", label: "一季度" },
            { value: "2", label: "二季度" },
            { value: "3", label: "三季度" },
            { value: "4", label: "四季度" },
          ]}
        />
        <Button href={`/api/statistics/figures/xlsx${query}`} disabled={!figures}>
          下载 XLSX
        </Button>
      </Space>
      {error && <Alert type="warning" showIcon message={error} />}
      {loading ? <Spin /> : figures && <FiguresView figures={figures} />}
    </Space>
  );
}
