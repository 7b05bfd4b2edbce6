import { Col, Row, Space, Typography } from "antd";
import { dayOfWeek } from "@zhifa/domain";
import { WEEKDAY_NAMES, type CalendarDayOut } from "./types.ts";

const HEADERS = ["一", "二", "三", "四", "五", "六", "日"];
const HOLIDAY = { background: "#fff1f0", color: "#cf1322" };
const WORKDAY = { background: "#fffbe6", color: "#ad6800" };

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One month, Monday first: holidays in red (休), adjusted working days marked 班 (R-CASE-07). */
function Month({ year, month, entries, today }: { year: number; month: number; entries: Map<string, CalendarDayOut>; today: string }) {
  const offset = (dayOfWeek(iso(year, month, 1)) + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(offset).fill(null)];
  for (let d = 1; d <= daysIn(year, month); d++) cells.push(d);
  return (
    <div style={{ border: "1px solid #f0f0f0", borderRadius: 6, padding: 8 }}>
      <Typography.Text strong>{month}月</Typography.Text>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 2, marginTop: 4, textAlign: "center", fontSize: 12 }}>
        {HEADERS.map((h, i) => (
          <div key={h} style={{ color: i >= 5 ? "#8c8c8c" : "#595959" }}>
            {h}
          </div>
        ))}
        {cells.map((day, i) => {
          if (day === null) return <div key={`e${i}`} />;
          const date = iso(year, month, day);
          const entry = entries.get(date);
          const weekend = i % 7 >= 5;
          const style = entry?.kind === "holiday" ? HOLIDAY : entry?.kind === "workday" ? WORKDAY : { color: weekend ? "#8c8c8c" : undefined };
          const label = `${date} ${WEEKDAY_NAMES[dayOfWeek(date)]}${entry ? `：${entry.name}${entry.kind === "holiday" ? "放假" : "调休上班"}` : weekend ? "：休息日" : ""}`;
          return (
            <div
              key={date}
              title={label}
              aria-label={label}
              style={{ ...style, position: "relative", borderRadius: 4, padding: "2px 0", lineHeight: "18px", outline: date === today ? "2px solid #1f4e9c" : undefined }}
            >
              {day}
              {entry && <span style={{ position: "absolute", top: -2, right: 1, fontSize: 9, fontWeight: 600 }}>{entry.kind === "holiday" ? "休" : "班"}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function YearGrid({ year, days, today }: { year: number; days: CalendarDayOut[]; today: string }) {
  const entries = new Map(days.map((d) => [d.date, d]));
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap size="large">
        <span>
          <span style={{ ...HOLIDAY, padding: "0 6px", borderRadius: 4 }}>休</span> 法定节假日（放假）
        </span>
        <span>
          <span style={{ ...WORKDAY, padding: "0 6px", borderRadius: 4 }}>班</span> 调休上班
        </span>
        <span style={{ color: "#8c8c8c" }}>灰色：周末</span>
      </Space>
      <Row gutter={[12, 12]}>
        {Array.from({ length: 12 }, (_, i) => (
          <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
            <Month year={year} month={i + 1} entries={entries} today={today} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}
