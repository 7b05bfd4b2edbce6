import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Select, Space, Spin, Tag, Typography } from "antd";
import { dayOfWeek } from "@zhifa/domain";
import { ApiError, get } from "../api.ts";
import { useSession } from "../session.tsx";
import { YearGrid } from "./calendar/YearGrid.tsx";
import { DeadlineCalculator } from "./calendar/DeadlineCalculator.tsx";
import { NoticeForm } from "./calendar/NoticeForm.tsx";
import { WEEKDAY_NAMES, groupDays, type CalendarView } from "./calendar/types.ts";

const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/**
 * 工作日历 (R-CASE-07): the official holidays and adjusted working days of a year, the deadline calculator,
 * and — for administrators of a root agency — loading next year's State Council notice. Route: /calendar.
 */
export function CalendarPage() {
  const { can } = useSession();
  const admin = can("calendar", "update");
  /** The year asked for; null: the current year (the server decides, in Asia/Shanghai). */
  const [year, setYear] = useState<number | null>(null);
  const [view, setView] = useState<CalendarView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  const load = useCallback(async (y: number | null) => {
    setError(null);
    try {
      setView(await get<CalendarView>(`/api/calendar${y === null ? "" : `?year=${y}`}`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "加载失败，请稍后再试");
    }
  }, []);

  useEffect(() => {
    void load(year);
  }, [load, year]);

  if (error) return <Alert type="error" showIcon title={error} action={<Button onClick={() => void load(year)}>重试</Button>} />;
  if (!view) return <Spin />;

  const thisYear = Number(view.today.slice(0, 4));
  const low = Math.min(thisYear - 1, ...view.knownYears);
  // up to the year after the latest loaded notice: the next one to enter
  const high = Math.max(thisYear + 1, view.year, ...view.knownYears.map((y) => y + 1));
  const options = Array.from({ length: high - low + 1 }, (_, i) => high - i).map((y) => ({
    value: y,
    label: `${y} 年${view.knownYears.includes(y) ? "" : "（未载入）"}`,
  }));
  const grouped = groupDays(view.days);
  const showForm = admin && (editing || !view.notice);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {view.warning && (
        <Alert
          type={admin ? "error" : "warning"}
          showIcon
          banner={!admin}
          title={admin ? `节假日安排未确认：请载入 ${view.warning.year} 年国务院办公厅通知` : "部分期限未确认"}
          description={view.warning.message}
          action={
            admin && view.year !== view.warning.year ? (
              <Button type="primary" onClick={() => setYear(view.warning!.year)}>
                录入 {view.warning.year} 年通知
              </Button>
            ) : undefined
          }
        />
      )}
      <Card
        title="工作日历"
        extra={
          <Space wrap>
            <Select aria-label="年度" value={view.year} options={options} onChange={(y: number) => (setEditing(false), setYear(y))} style={{ width: 150 }} />
            <Typography.Link href={`/api/calendar/years/${view.year}/export`}>导出 Excel</Typography.Link>
          </Space>
        }
      >
        {view.notice ? (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="依据">
              国务院办公厅关于{view.year}年部分节假日安排的通知{view.notice.noticeNo ? `（${view.notice.noticeNo}）` : ""}
            </Descriptions.Item>
            <Descriptions.Item label="载入时间">{new Date(view.notice.loadedAt).toLocaleString("zh-CN")}</Descriptions.Item>
            {view.notice.note && <Descriptions.Item label="备注">{view.notice.note}</Descriptions.Item>}
          </Descriptions>
        ) : (
          <Alert
            style={{ marginBottom: 12 }}
            type="warning"
            showIcon
            title={`尚未载入 ${view.year} 年的国务院办公厅节假日安排通知`}
            description={`${view.year} 年的日期暂按普通周末计算，涉及该年的期限标记为“未确认”。`}
          />
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={18}>
            <YearGrid year={view.year} days={view.days} today={view.today} />
          </Col>
          <Col xs={24} xl={6}>
            <Typography.Title level={5}>本年安排</Typography.Title>
            {grouped.holidays.length === 0 && grouped.workdays.length === 0 ? (
              <Empty description="无" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Space orientation="vertical" size={4}>
                {grouped.holidays.map((h) => (
                  <span key={h.from}>
                    <Tag color="red">{h.name}</Tag>
                    {h.from === h.to ? md(h.from) : `${md(h.from)}至${md(h.to)}`}放假
                  </span>
                ))}
                {grouped.workdays.map((w) => (
                  <span key={w.date}>
                    <Tag color="gold">班</Tag>
                    {md(w.date)}（{WEEKDAY_NAMES[dayOfWeek(w.date)]}）上班 · {w.name}
                  </span>
                ))}
              </Space>
            )}
            {admin && view.notice && !editing && (
              <Button style={{ marginTop: 12 }} onClick={() => setEditing(true)}>
                修改 {view.year} 年安排
              </Button>
            )}
          </Col>
        </Row>
      </Card>
      {showForm && (
        <NoticeForm
          key={`${view.year}-${view.notice?.loadedAt ?? "new"}`}
          view={view}
          onSaved={(v) => {
            setView(v);
            setEditing(false);
          }}
        />
      )}
      <DeadlineCalculator today={view.today} />
    </Space>
  );
}
