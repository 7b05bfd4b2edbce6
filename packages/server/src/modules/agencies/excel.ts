import crypto from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { ACTION_TYPES, ACTION_TYPE_LABELS, AGENCY_LEVELS, AGENCY_LEVEL_LABELS, agencyPath, isInSubtree } from "@zhifa/domain";
import type { Db } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import type { ListDefinition, FieldDef } from "../lists/definition.ts";
import type { ListRow } from "../lists/service.ts";
import { normalise } from "../lists/service.ts";
import { exportWorkbook, parseWorkbook, type ImportProblem, type ImportProgress, type ImportResult } from "../lists/excel.ts";
import { agencies } from "./tables.ts";
import { agencyPolicy } from "./policy.ts";
import { childLevelProblem } from "./service.ts";

const CODE = "^[0-9A-Za-z_-]+$";
const fields: FieldDef[] = [
  { key: "parentCode", label: "上级主体编码", type: "text", maxLength: 32, pattern: CODE, patternMessage: "编码只能包含数字、字母、下划线和连字符", help: "已有主体的编码，或本表中另一行的主体编码；顶级主体不填" },
  { key: "code", label: "主体编码", type: "text", required: true, maxLength: 32, pattern: CODE, patternMessage: "编码只能包含数字、字母、下划线和连字符", help: "全平台唯一；已存在的编码将更新该主体" },
  { key: "name", label: "主体名称", type: "text", required: true, maxLength: 100 },
  { key: "level", label: "层级", type: "enum", required: true, options: AGENCY_LEVELS.map((v) => ({ value: v, label: AGENCY_LEVEL_LABELS[v] })) },
  { key: "regionCode", label: "行政区划代码", type: "text", required: true, pattern: "^\\d{6}$", patternMessage: "行政区划代码应为 6 位数字" },
  { key: "regionName", label: "行政区划名称", type: "text", required: true, maxLength: 60 },
  { key: "actionTypes", label: "执法类别", type: "enumArray", options: ACTION_TYPES.map((v) => ({ value: v, label: ACTION_TYPE_LABELS[v] })) },
  { key: "nature", label: "主体性质", type: "text", maxLength: 40, help: "法定行政机关 / 法律法规授权组织 / 受委托组织；不填为法定行政机关" },
  { key: "legalBasis", label: "执法依据", type: "longtext", maxLength: 4000 },
  { key: "socialCreditCode", label: "统一社会信用代码", type: "text", pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$", patternMessage: "统一社会信用代码应为 18 位数字或大写字母" },
  { key: "address", label: "地址", type: "text", maxLength: 200 },
  { key: "phone", label: "电话", type: "text", maxLength: 40 },
];

/**
 * 执法主体 (R-LIST-01) as a sheet: the tree is kept by its own routes (paths, levels), so this
 * declaration serves only the Excel template, export and import (R-DX-03), with the same field
 * rules as the other lists.
 */
export const agencySheet = { kind: "agencies", label: "执法主体清单", rule: "R-LIST-01", tableName: "agencies", table: agencies as never, fields } as unknown as ListDefinition;

/** The agencies at and below the caller's own, parents first, as sheet rows. */
export async function exportAgencies(db: Db, actor: Actor, template = false): Promise<Buffer> {
  if (template) return exportWorkbook(agencySheet, [], { template: true });
  const rows = await db
    .select()
    .from(agencies)
    .where(sql`${agencies.path} like ${actor.agencyPath + "%"}`)
    .orderBy(agencies.path);
  const codeOf = new Map((await db.select({ id: agencies.id, code: agencies.code }).from(agencies)).map((r) => [r.id, r.code]));
  const out = rows.map((r) => ({ ...r, parentCode: r.parentId ? (codeOf.get(r.parentId) ?? "") : "" })) as unknown as ListRow[];
  return exportWorkbook(agencySheet, out, { agencyColumn: false });
}

/**
 * All-or-nothing import of agencies (R-DX-03): a row whose code exists updates that agency
 * (its parent, level and region code stay: moving an agency is not an import); other rows add
 * an agency below their parent, which is an existing agency the caller administers or another
 * row of the file. Any problem → nothing is written and every problem is reported.
 */
export async function importAgencies(db: Db, actor: Actor, ctx: AuditContext, buffer: Buffer, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
  const parsed = await parseWorkbook(agencySheet, buffer, onProgress);
  const problems: ImportProblem[] = [...parsed.problems];
  const label = (key: string) => fields.find((f) => f.key === key)!.label;
  const rows = parsed.rows.map((r) => ({ excelRow: r.excelRow, v: normalise(agencySheet, r.values) as Record<string, string | string[] | null> }));
  const codes = [...new Set(rows.flatMap((r) => [String(r.v.code), String(r.v.parentCode ?? "")]))];
  const known = new Map((await db.select().from(agencies).where(inArray(agencies.code, codes))).map((a) => [a.code, a]));

  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const code = String(r.v.code);
    const dup = firstRow.get(code);
    if (dup !== undefined) problems.push({ row: r.excelRow, column: label("code"), message: `与第 ${dup} 行的主体编码重复` });
    else firstRow.set(code, r.excelRow);
  }

  type Planned = { id: string; path: string; level: string };
  const planned = new Map<string, Planned>();
  const updates: { row: number; id: string; v: Record<string, unknown> }[] = [];
  const inserts: Record<string, unknown>[] = [];
  // new rows may come before their parent row: resolve in passes until nothing changes
  let pending = rows.filter((r) => !problems.some((p) => p.row === r.excelRow));
  for (let changed = true; changed && pending.length; ) {
    changed = false;
    const next: typeof pending = [];
    for (const r of pending) {
      const code = String(r.v.code);
      const parentCode = String(r.v.parentCode ?? "");
      const existing = known.get(code);
      const parentRow = known.get(parentCode);
      const parent: Planned | undefined = parentRow ? { id: parentRow.id, path: parentRow.path, level: parentRow.level } : planned.get(parentCode);
      if (existing) {
        const currentParent = existing.parentId ? [...known.values()].find((a) => a.id === existing.parentId)?.code : "";
        if (!agencyPolicy.can(actor, "update", { agencyId: existing.id, agencyPath: existing.path })) problems.push({ row: r.excelRow, column: label("code"), message: "无权修改该执法主体" });
        else if (currentParent !== parentCode) problems.push({ row: r.excelRow, column: label("parentCode"), message: "不能通过导入调整上级主体" });
        else if (existing.level !== r.v.level) problems.push({ row: r.excelRow, column: label("level"), message: "不能通过导入修改层级" });
        else if (existing.regionCode !== r.v.regionCode) problems.push({ row: r.excelRow, column: label("regionCode"), message: "不能通过导入修改行政区划代码" });
        else updates.push({ row: r.excelRow, id: existing.id, v: r.v });
        changed = true;
        continue;
      }
      if (!parentCode) {
        problems.push({ row: r.excelRow, column: label("parentCode"), message: "请填写上级主体编码（顶级主体不能通过导入新增）" });
        changed = true;
        continue;
      }
      if (!parent) {
        next.push(r);
        continue;
      }
      changed = true;
      if (parentRow && !agencyPolicy.can(actor, "createChild", { agencyId: parentRow.id, agencyPath: parentRow.path })) {
        problems.push({ row: r.excelRow, column: label("parentCode"), message: "无权在该主体下新增下级主体" });
        continue;
      }
      const levelProblem = childLevelProblem(parent.level, String(r.v.level));
      if (levelProblem) {
        problems.push({ row: r.excelRow, column: label("level"), message: levelProblem });
        continue;
      }
      const id = crypto.randomUUID();
      const path = agencyPath(parent.path, id);
      if (!isInSubtree(actor.agencyPath, path)) {
        problems.push({ row: r.excelRow, column: label("parentCode"), message: "无权在该主体下新增下级主体" });
        continue;
      }
      planned.set(code, { id, path, level: String(r.v.level) });
      inserts.push({ ...values(r.v), code, level: r.v.level, regionCode: r.v.regionCode, id, parentId: parent.id, path });
    }
    pending = next;
  }
  for (const r of pending) problems.push({ row: r.excelRow, column: label("parentCode"), message: `上级主体编码“${String(r.v.parentCode)}”不存在（或与本表其他行循环引用）` });
  if (problems.length) throw errors.importFailed({ problems: problems.sort((a, b) => a.row - b.row) });

  return mutate(db, ctx, async (tx) => {
    // parents before children: planned paths are longer the deeper the agency
    inserts.sort((a, b) => String(a.path).length - String(b.path).length);
    for (let i = 0; i < inserts.length; i += 500) await tx.insert(agencies).values(inserts.slice(i, i + 500) as never);
    for (const u of updates) {
      await tx
        .update(agencies)
        .set({ ...values(u.v), version: sql`${agencies.version} + 1`, updatedAt: new Date() } as never)
        .where(eq(agencies.id, u.id));
    }
    onProgress?.({ phase: "write", done: rows.length, total: rows.length });
    return { created: inserts.length, updated: updates.length };
  });
}

/** The editable columns of a sheet row, with the table's defaults for empty optional cells. */
function values(v: Record<string, unknown>): Record<string, unknown> {
  return {
    name: v.name,
    regionName: v.regionName,
    actionTypes: v.actionTypes ?? [],
    nature: v.nature ?? "法定行政机关",
    legalBasis: v.legalBasis ?? "",
    socialCreditCode: v.socialCreditCode ?? null,
    address: v.address ?? "",
    phone: v.phone ?? "",
  };
}
