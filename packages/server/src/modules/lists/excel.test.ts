import { describe, expect, it } from "vitest";
import { fromCell } from "./excel.ts";
import type { FieldDef } from "./definition.ts";

const active: FieldDef = { key: "active", label: "在岗", type: "bool" };
const categories: FieldDef = { key: "c", label: "执法类别", type: "enumArray", options: [{ value: "penalty", label: "行政处罚" }, { value: "inspection", label: "行政检查" }] };

describe("Excel cells → values (R-DX-03)", () => {
  it("reads 是/否, and leaves an empty yes/no cell unset instead of 否", () => {
    expect(fromCell(active, "是")).toEqual({ value: true });
    expect(fromCell(active, "否")).toEqual({ value: false });
    expect(fromCell(active, null)).toEqual({ value: undefined });
    expect(fromCell(active, "也许")).toEqual({ problem: "应为“是”或“否”" });
  });

  it("reads several Chinese labels separated by 、 and names a bad one", () => {
    expect(fromCell(categories, "行政处罚、行政检查")).toEqual({ value: ["penalty", "inspection"] });
    expect(fromCell(categories, "行政处罚、行政审批")).toEqual({ problem: "“行政审批”不是有效取值，应为：行政处罚、行政检查" });
  });

  it("reads dates typed in the usual Chinese ways", () => {
    const d: FieldDef = { key: "d", label: "日期", type: "date" };
    expect(fromCell(d, "2026年1月5日")).toEqual({ value: "2026-01-05" });
    expect(fromCell(d, new Date("2026-01-05T00:00:00Z"))).toEqual({ value: "2026-01-05" });
    expect(fromCell(d, "明天")).toEqual({ problem: "日期格式应为 YYYY-MM-DD" });
  });
});
