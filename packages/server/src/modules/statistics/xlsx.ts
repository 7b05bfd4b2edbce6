/** The report as an XLSX workbook (R-PUB-10): a 概况 sheet, then one sheet per section, Chinese headers. */
import ExcelJS from "exceljs";
import { statisticsTables, type StatisticsFigures } from "@zhifa/domain";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export interface WorkbookMeta {
  agencyName: string;
  /** 已发布 / 草稿 / 实时统计 */
  status: string;
  note: string;
  publishedOn?: string | null;
  sha256?: string | null;
}

export async function statisticsWorkbook(meta: WorkbookMeta, figures: StatisticsFigures): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "行政执法公示平台";
  const bold = { bold: true } as const;
  const summary = wb.addWorksheet("概况");
  summary.columns = [
    { header: "项目", key: "k", width: 22 },
    { header: "内容", key: "v", width: 80 },
  ];
  summary.getRow(1).font = bold;
  const rows: [string, string][] = [
    ["执法主体", meta.agencyName],
    ["统计期间", `${figures.period.label}（${figures.period.from} 至 ${figures.period.to}）`],
    ["统计日期", figures.asOf],
    ["状态", meta.status],
    ...(meta.publishedOn ? ([["发布日期", meta.publishedOn]] as [string, string][]) : []),
    ...(meta.sha256 ? ([["公开内容 SHA-256", meta.sha256]] as [string, string][]) : []),
    ["说明", meta.note || "（无）"],
  ];
  for (const [k, v] of rows) summary.addRow({ k, v });
  summary.getColumn("v").alignment = { wrapText: true, vertical: "top" };
  for (const t of statisticsTables(figures)) {
    const ws = wb.addWorksheet(t.title.slice(0, 31));
    ws.addRow(t.columns).font = bold;
    for (const r of t.rows) ws.addRow(r.map((c) => c ?? ""));
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 32 : 16));
    if (t.note) {
      ws.addRow([]);
      ws.addRow([`注：${t.note}`]);
    }
    ws.views = [{ state: "frozen", ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
