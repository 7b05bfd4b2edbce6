/**
 * The report's charts as inline SVG, rendered on the server with ECharts (no script on the page):
 * each `<svg>` gets role="img" and an aria-label saying its data in words; the tables beside
 * them hold the same figures for anyone who cannot see the chart.
 */
import { statisticsCharts, type StatisticsFigures } from "@zhifa/domain";
import type * as Echarts from "echarts";
import { escapeHtml } from "../portal/html.ts";

export interface RenderedChart {
  key: string;
  title: string;
  description: string;
  svg: string;
}

let loaded: Promise<typeof Echarts> | null = null;
/** ECharts is loaded on the first chart, not at boot. */
const echarts = () => (loaded ??= import("echarts"));

export async function renderCharts(figures: StatisticsFigures, size = { width: 640, height: 360 }): Promise<RenderedChart[]> {
  const lib = await echarts();
  return statisticsCharts(figures).map((c) => {
    const chart = lib.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
    try {
      chart.setOption(c.option);
      const svg = chart
        .renderToSVGString()
        .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(c.description)}" focusable="false" `)
        .replace(/ width="(\d+)" height="(\d+)"/, ' width="100%" preserveAspectRatio="xMidYMid meet"');
      return { key: c.key, title: c.title, description: c.description, svg };
    } finally {
      chart.dispose();
    }
  });
}
