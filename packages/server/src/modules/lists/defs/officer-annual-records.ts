import { and, eq, ne } from "drizzle-orm";
import { doublePrecision, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ValidationDetail } from "../../../core/errors.ts";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";
import { officers } from "./officers.ts";

/**
 * 培训与年检记录 (R-LIST-11): per officer (by 执法证号) and calendar year, the training hours
 * (培训学时; 河北: ≥40 per year) and the annual check (年检). Read by `mayAct` via
 * modules/officers/service.ts when the deployment policy enforces them.
 */
export const officerAnnualRecords = pgTable(
  "officer_annual_records",
  {
    ...listColumns(),
    certNumber: text("cert_number").notNull(),
    year: integer("year").notNull(),
    trainingHours: doublePrecision("training_hours").notNull().default(0),
    annualCheck: text("annual_check").notNull().default("pending"),
    note: text("note"),
  },
  (t) => [uniqueIndex("officer_annual_records_key_uq").on(t.agencyId, t.certNumber, t.year)],
);

export type AnnualCheck = "passed" | "failed" | "pending";

export const ANNUAL_CHECK_OPTIONS: readonly { value: AnnualCheck; label: string }[] = [
  { value: "passed", label: "合格" },
  { value: "failed", label: "不合格" },
  { value: "pending", label: "未年检" },
];

export const officerAnnualRecordList: ListDefinition = {
  kind: "officer-annual-records",
  label: "培训与年检记录",
  rule: "R-LIST-11",
  table: officerAnnualRecords as never,
  tableName: "officer_annual_records",
  naturalKey: ["certNumber", "year"],
  orderBy: "certNumber",
  fields: [
    { key: "certNumber", label: "执法证号", type: "text", required: true, maxLength: 40, column: true, search: true, help: "须为本执法主体执法人员清单中的证号" },
    { key: "year", label: "年度", type: "int", required: true, min: 2000, max: 2100, column: true },
    { key: "trainingHours", label: "培训学时", type: "number", required: true, min: 0, max: 2000, column: true },
    { key: "annualCheck", label: "年检结果", type: "enum", required: true, column: true, filter: true, options: ANNUAL_CHECK_OPTIONS },
    { key: "note", label: "备注", type: "longtext", maxLength: 1000 },
  ],
  async validate(row, { tx, agencyId, id }) {
    const problems: ValidationDetail[] = [];
    const certNumber = typeof row.certNumber === "string" ? row.certNumber : null;
    if (!certNumber) return problems;
    // On an update, the reference is re-checked only when it changes (see officers.ts).
    const [stored] = id ? await tx.select({ certNumber: officerAnnualRecords.certNumber, year: officerAnnualRecords.year }).from(officerAnnualRecords).where(eq(officerAnnualRecords.id, id)) : [];
    if (stored && stored.certNumber === certNumber && stored.year === row.year) return problems;
    const [officer] = await tx
      .select({ id: officers.id })
      .from(officers)
      .where(and(eq(officers.agencyId, agencyId), eq(officers.certNumber, certNumber)))
      .limit(1);
    if (!officer) problems.push({ field: "certNumber", message: `执法证号 ${certNumber} 不是本执法主体执法人员的证号，请先在执法人员清单中登记` });
    if (typeof row.year === "number") {
      const [dup] = await tx
        .select({ id: officerAnnualRecords.id })
        .from(officerAnnualRecords)
        .where(and(eq(officerAnnualRecords.agencyId, agencyId), eq(officerAnnualRecords.certNumber, certNumber), eq(officerAnnualRecords.year, row.year), id ? ne(officerAnnualRecords.id, id) : undefined))
        .limit(1);
      if (dup) problems.push({ field: "year", message: `执法证号 ${certNumber} 的 ${row.year} 年度记录已存在` });
    }
    return problems;
  },
};
