import { useEffect, useMemo, useRef } from "react";
import { Card, Col, Row, Statistic, Table, Typography } from "antd";
import * as echarts from "echarts/core";
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { statisticsCharts, statisticsTables, yuan, type StatisticsFigures, type StatisticsTable } from "@zhifa/domain";

// only what the report's charts use (the whole library is three times the size)
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

/** One ECharts chart (SVG renderer); the tables below hold the same figures for screen readers. */
function Chart({ option, label }: { option: Record<string, unknown>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: "svg" });
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} data-chart style={{ width: "100%", height: 300 }} />;
}

function SectionTable({ t }: { t: StatisticsTable }) {
  const columns = t.columns.map((title, i) => ({ title, dataIndex: String(i), key: String(i), align: i === 0 ? ("left" as const) : ("right" as const) }));
  const data = t.rows.map((r, k) => Object.fromEntries([["key", k], ...r.map((c, i) => [String(i), c ?? ""])]));
  return (
    <Card size="small" title={t.title}>
      <Table size="small" columns={columns} dataSource={data} pagination={false} />
      {t.note && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>注：{t.note}</Typography.Paragraph>}
    </Card>
  );
}

/** The figures of a period (R-PUB-10): key numbers, the four charts, and every section as a table. */
export function FiguresView({ figures }: { figures: StatisticsFigures }) {
  const charts = useMemo(() => statisticsCharts(figures), [figures]);
  const tables = useMemo(() => statisticsTables(figures), [figures]);
  const f = figures;
  return (
    <div>
      <Typography.Paragraph type="secondary">
        统计期间：{f.period.label}（{f.period.from} 至 {f.period.to}），统计日期 {f.asOf}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title="立案（受理）" value={f.cases.total.opened} suffix="件" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="行政处罚决定" value={f.penalties.decided} suffix="件" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="罚款金额" value={yuan(f.penalties.fineFen)} precision={2} suffix="元" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="公示及时率" value={f.publicity.timelinessRate ?? "—"} suffix={f.publicity.timelinessRate === null ? "" : "%"} />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {charts.map((c) => (
          <Col key={c.key} xs={24} lg={12}>
            <Card size="small">
              <Chart option={c.option} label={c.description} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {tables.map((t) => (
          <Col key={t.key} xs={24} lg={12}>
            <SectionTable t={t} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
