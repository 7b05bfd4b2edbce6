import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors } from "../../core/errors.ts";
import type { ImportProblem, ParsedRow } from "../lists/excel.ts";
import { normalise } from "../lists/service.ts";
import { powerItemList } from "../lists/defs/power-items.ts";
import { powerItems } from "./tables.ts";
import { contentOf, contentProblems, insertChange, refusal, sameContent, type Content } from "./changes.ts";
import type { AgencyInfo } from "./service.ts";

const labelOf = (key: string) => powerItemList.fields.find((f) => f.key === key)?.label ?? key;

/**
 * Excel import of an agency's power list at an effective date (R-DX-03, R-LIST-03): a row
 * whose code is new (or was closed before the date) is a 新增, a row that differs from the
 * item's current version is a 调整 (columns missing from the sheet keep their value), an
 * identical row is left alone. All or nothing; one change record per kind.
 */
export async function importPowerItems(
  db: Db,
  ctx: AuditContext,
  agency: AgencyInfo,
  opts: { effectiveDate: string; reason: string; documentNo?: string | null },
  parsed: { rows: ParsedRow[]; problems: ImportProblem[] },
): Promise<{ created: number; updated: number; unchanged: number }> {
  const problems = [...parsed.problems];
  const seen = new Map<string, number>();
  for (const r of parsed.rows) {
    const code = String(r.values.itemCode ?? "");
    const first = seen.get(code);
    if (first !== undefined) problems.push({ row: r.excelRow, column: labelOf("itemCode"), message: `与第 ${first} 行重复` });
    else seen.set(code, r.excelRow);
  }
  if (problems.length) throw errors.importFailed({ problems: problems.sort((a, b) => a.row - b.row) });
  const date = opts.effectiveDate;

  return mutate(db, ctx, async (tx) => {
    const codes = [...seen.keys()];
    const latest = new Map<string, typeof powerItems.$inferSelect>();
    for (let i = 0; i < codes.length; i += 1000) {
      const rows = await tx
        .select()
        .from(powerItems)
        .where(and(eq(powerItems.agencyId, agency.agencyId), inArray(powerItems.itemCode, codes.slice(i, i + 1000))))
        .orderBy(desc(powerItems.effectiveFrom));
      for (const r of rows) if (!latest.has(r.itemCode)) latest.set(r.itemCode, r);
    }
    const adds: Content[] = [];
    const adjusts: { id: string; content: Content }[] = [];
    let unchanged = 0;
    for (const r of parsed.rows) {
      const values = normalise(powerItemList, r.values);
      const code = String(values.itemCode);
      const current = latest.get(code);
      const open = current && current.effectiveTo === null;
      const content = open ? { ...contentOf(current), ...values } : values;
      const report = (column: string, message: string) => problems.push({ row: r.excelRow, column, message });
      for (const p of contentProblems(content, agency)) report(labelOf(p.field), p.message);
      if (!open) {
        if (current && current.effectiveTo! > date) report(labelOf("itemCode"), `事项“${code}”至 ${current.effectiveTo} 仍然有效，不能在 ${date} 重新新增`);
        else adds.push(content);
        continue;
      }
      if (sameContent(contentOf(current), content)) {
        unchanged++;
        continue;
      }
      const why = refusal({ ...current, endKind: null }, agency.name, code, date, "adjust");
      if (why) report(labelOf("itemCode"), why);
      else adjusts.push({ id: current.id, content });
    }
    if (problems.length) throw errors.importFailed({ problems: problems.sort((a, b) => a.row - b.row) });

    const inserts: Record<string, unknown>[] = [];
    const common = { agencyId: agency.agencyId, effectiveDate: date, reason: opts.reason, documentNo: opts.documentNo ?? null };
    if (adds.length) {
      const changeId = await insertChange(tx, ctx, { ...common, kind: "add", itemCodes: adds.map((c) => String(c.itemCode)) });
      for (const c of adds) inserts.push({ ...c, agencyId: agency.agencyId, effectiveFrom: date, startChangeId: changeId });
    }
    if (adjusts.length) {
      const changeId = await insertChange(tx, ctx, { ...common, kind: "adjust", itemCodes: adjusts.map((a) => String(a.content.itemCode)) });
      for (let i = 0; i < adjusts.length; i += 1000) {
        const ids = adjusts.slice(i, i + 1000).map((a) => a.id);
        await tx
          .update(powerItems)
          .set({ effectiveTo: date, endChangeId: changeId, version: sql`${powerItems.version} + 1`, updatedAt: new Date() })
          .where(and(inArray(powerItems.id, ids), isNull(powerItems.effectiveTo)));
      }
      for (const a of adjusts) inserts.push({ ...a.content, agencyId: agency.agencyId, effectiveFrom: date, startChangeId: changeId });
    }
    for (let i = 0; i < inserts.length; i += 500) await tx.insert(powerItems).values(inserts.slice(i, i + 500) as never);
    return { created: adds.length, updated: adjusts.length, unchanged };
  });
}
