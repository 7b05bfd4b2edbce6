import { and, desc, eq, getTableColumns, gt, isNull, or, sql } from "drizzle-orm";
import { ACTION_TYPE_LABELS, isInSubtree, type ActionType } from "@zhifa/domain";
import type { Db, Tx } from "../../db/client.ts";
import { mutate, type AuditContext } from "../../db/audit.ts";
import { errors, type ValidationDetail } from "../../core/errors.ts";
import type { Actor } from "../../core/policy.ts";
import { validateRow } from "../lists/fields.ts";
import { normalise } from "../lists/service.ts";
import { powerItemList } from "../lists/defs/power-items.ts";
import { CHANGE_KIND_LABELS, powerItemChanges, powerItems, type ChangeKind } from "./tables.ts";
import { loadAgency, type AgencyInfo } from "./service.ts";
import { powerPolicy } from "./policy.ts";

/** Item content: the list definition's fields (事项编码, 名称, 类别, 依据, 程序, 时限, 救济, 监督…). */
export type Content = Record<string, unknown>;
const CONTENT_KEYS = powerItemList.fields.map((f) => f.key);

interface Common {
  agencyId: string;
  effectiveDate: string;
  reason: string;
  documentNo?: string | null;
}
/** One dated change of an agency's power list (R-LIST-03: 新增/调整/取消/下放/合并). */
export type ChangeInput =
  | (Common & { kind: "add"; item: Content })
  | (Common & { kind: "adjust"; itemCode: string; changes: Content })
  | (Common & { kind: "cancel"; itemCodes: string[] })
  | (Common & { kind: "delegate"; itemCodes: string[]; toAgencyIds: string[] })
  | (Common & { kind: "merge"; itemCodes: string[]; item: Content });

/** Checks content against the field rules and the agency's action types (R-GEN-02). */
export function contentProblems(content: Content, agency: AgencyInfo, prefix = ""): ValidationDetail[] {
  const problems = validateRow(powerItemList, content, "create").map((p) => ({ field: prefix + p.field, message: p.message }));
  const type = content.actionType as ActionType | undefined;
  if (type && ACTION_TYPE_LABELS[type] && !agency.actionTypes.includes(type)) {
    problems.push({ field: `${prefix}actionType`, message: `${agency.name}的执法行为类别中没有“${ACTION_TYPE_LABELS[type]}”` });
  }
  return problems;
}

/** The content of a version (the fields an item carries from version to version). */
export function contentOf(row: Record<string, unknown>): Content {
  return Object.fromEntries(CONTENT_KEYS.map((k) => [k, row[k] ?? null]));
}

export function sameContent(a: Content, b: Content): boolean {
  return CONTENT_KEYS.every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null) || (k === "timeLimitWorkingDays" && (a[k] ?? true) === (b[k] ?? true)));
}

type Latest = typeof powerItems.$inferSelect & { endKind: string | null };

/** The latest version of an item in an agency, whether open or closed. */
export async function latestVersion(tx: Tx, agencyId: string, itemCode: string): Promise<Latest | undefined> {
  const [row] = await tx
    .select({ ...getTableColumns(powerItems), endKind: powerItemChanges.kind })
    .from(powerItems)
    .leftJoin(powerItemChanges, eq(powerItemChanges.id, powerItems.endChangeId))
    .where(and(eq(powerItems.agencyId, agencyId), eq(powerItems.itemCode, itemCode)))
    .orderBy(desc(powerItems.effectiveFrom))
    .limit(1);
  return row;
}

/**
 * Why an item cannot be changed at `date`, or null: it must exist in the agency, still be
 * open, have no later change registered, and its current version must start before `date`
 * (changes are registered in date order, so history is never rewritten).
 */
export function refusal(latest: Latest | undefined, agencyName: string, code: string, date: string, kind: ChangeKind): string | null {
  const verb = CHANGE_KIND_LABELS[kind];
  if (!latest) return `${agencyName}的权力清单中没有事项“${code}”`;
  if (latest.effectiveTo !== null) {
    const ended = CHANGE_KIND_LABELS[(latest.endKind ?? "cancel") as ChangeKind];
    if (latest.effectiveTo <= date) return `事项“${code}”已于 ${latest.effectiveTo} ${ended}，不能再${verb}`;
    return `事项“${code}”已登记 ${latest.effectiveTo} 生效的${ended}，不能再登记更早生效的${verb}`;
  }
  if (latest.effectiveFrom >= date) return `生效日期 ${date} 须晚于事项“${code}”现行版本的生效日期 ${latest.effectiveFrom}`;
  return null;
}

async function closeVersion(tx: Tx, agency: AgencyInfo, code: string, date: string, changeId: string, kind: ChangeKind): Promise<Latest> {
  const latest = await latestVersion(tx, agency.agencyId, code);
  const why = refusal(latest, agency.name, code, date, kind);
  if (why) throw errors.conflict(why);
  const rows = await tx
    .update(powerItems)
    .set({ effectiveTo: date, endChangeId: changeId, version: sql`${powerItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(powerItems.id, latest!.id), isNull(powerItems.effectiveTo)))
    .returning({ id: powerItems.id });
  if (rows.length === 0) throw errors.staleVersion();
  return latest!;
}

/** Why `code` cannot be opened in the agency at `date` (it is in use then or later), or null. */
export async function codeInUse(tx: Tx, agency: AgencyInfo, code: string, date: string): Promise<string | null> {
  const [clash] = await tx
    .select({ from: powerItems.effectiveFrom, to: powerItems.effectiveTo })
    .from(powerItems)
    .where(and(eq(powerItems.agencyId, agency.agencyId), eq(powerItems.itemCode, code), or(isNull(powerItems.effectiveTo), gt(powerItems.effectiveTo, date))))
    .limit(1);
  if (!clash) return null;
  return `事项编码“${code}”在${agency.name}已有有效事项（${clash.from} 起${clash.to ? `至 ${clash.to}` : ""}），不能重复使用`;
}

async function openVersion(tx: Tx, agency: AgencyInfo, content: Content, date: string, changeId: string): Promise<void> {
  const why = await codeInUse(tx, agency, String(content.itemCode), date);
  if (why) throw errors.conflict(why);
  await tx.insert(powerItems).values({ ...content, agencyId: agency.agencyId, effectiveFrom: date, startChangeId: changeId } as never);
}

export async function insertChange(
  tx: Tx,
  ctx: AuditContext,
  values: { agencyId: string; kind: ChangeKind; effectiveDate: string; reason: string; documentNo?: string | null; itemCodes: string[]; resultItemCode?: string | null; targetAgencyIds?: string[] },
): Promise<string> {
  const [row] = await tx
    .insert(powerItemChanges)
    .values({
      agencyId: values.agencyId,
      kind: values.kind,
      effectiveDate: values.effectiveDate,
      reason: values.reason.trim(),
      documentNo: values.documentNo?.trim() || null,
      itemCodes: values.itemCodes,
      resultItemCode: values.resultItemCode ?? null,
      targetAgencyIds: values.targetAgencyIds ?? [],
      actor: ctx.actor,
      actorName: ctx.actorName,
    })
    .returning({ id: powerItemChanges.id });
  return row!.id;
}

/**
 * Registers one dated change (R-LIST-03) in one transaction: checks the actor may maintain
 * every agency involved, validates the content, refuses impossible changes (Chinese message),
 * closes the versions it ends and opens the versions it starts. Returns the change id.
 */
export async function applyChange(db: Db, actor: Actor, ctx: AuditContext, input: ChangeInput): Promise<string> {
  const agency = await loadAgency(db, input.agencyId);
  powerPolicy.authorize(actor, "change", agency);
  const date = input.effectiveDate;
  if (input.reason.trim() === "") throw errors.validation([{ field: "reason", message: "不能为空" }]);

  if (input.kind === "add" || input.kind === "merge") {
    const item = normalise(powerItemList, input.item);
    const problems = contentProblems(item, agency, "item.");
    if (problems.length) throw errors.validation(problems);
    return mutate(db, ctx, async (tx) => {
      const sources = input.kind === "merge" ? input.itemCodes : [];
      const id = await insertChange(tx, ctx, { ...input, itemCodes: input.kind === "merge" ? sources : [String(item.itemCode)], resultItemCode: input.kind === "merge" ? String(item.itemCode) : null });
      for (const code of sources) await closeVersion(tx, agency, code, date, id, "merge");
      await openVersion(tx, agency, item, date, id);
      return id;
    });
  }

  if (input.kind === "adjust") {
    return mutate(db, ctx, async (tx) => {
      const latest = await latestVersion(tx, agency.agencyId, input.itemCode);
      const why = refusal(latest, agency.name, input.itemCode, date, "adjust");
      if (why) throw errors.conflict(why);
      const current = contentOf(latest!);
      const next = { ...current, ...normalise(powerItemList, input.changes), itemCode: input.itemCode };
      const problems = contentProblems(next, agency).map((p) => ({ ...p, field: `changes.${p.field}` }));
      if (problems.length) throw errors.validation(problems);
      if (sameContent(current, next)) throw errors.conflict(`调整后的内容与事项“${input.itemCode}”现行版本相同，无需调整`);
      const id = await insertChange(tx, ctx, { ...input, itemCodes: [input.itemCode] });
      await closeVersion(tx, agency, input.itemCode, date, id, "adjust");
      await openVersion(tx, agency, next, date, id);
      return id;
    });
  }

  if (input.kind === "cancel") {
    return mutate(db, ctx, async (tx) => {
      const id = await insertChange(tx, ctx, { ...input });
      for (const code of input.itemCodes) await closeVersion(tx, agency, code, date, id, "cancel");
      return id;
    });
  }

  // 下放: to agencies below (R-GEN-02 tree), each of which the actor must also maintain
  const targets: AgencyInfo[] = [];
  for (const targetId of input.toAgencyIds) {
    const target = await loadAgency(db, targetId);
    if (target.agencyId === agency.agencyId || !isInSubtree(agency.agencyPath, target.agencyPath)) {
      throw errors.validation([{ field: "toAgencyIds", message: `${target.name}不是${agency.name}的下级执法主体，不能下放` }]);
    }
    powerPolicy.authorize(actor, "change", target);
    targets.push(target);
  }
  return mutate(db, ctx, async (tx) => {
    const id = await insertChange(tx, ctx, { ...input, targetAgencyIds: input.toAgencyIds });
    for (const code of input.itemCodes) {
      const closed = await closeVersion(tx, agency, code, date, id, "delegate");
      const content = contentOf(closed);
      for (const target of targets) {
        const type = content.actionType as ActionType;
        if (!target.actionTypes.includes(type)) throw errors.conflict(`${target.name}的执法行为类别中没有“${ACTION_TYPE_LABELS[type]}”，不能下放事项“${code}”`);
        await openVersion(tx, target, content, date, id);
      }
    }
    return id;
  });
}

/**
 * 更正: fixes a typo in the open version of an item without a dated change. The item code
 * (its identity) and the dates never change this way; the audit trail records who corrected
 * what (decision: a correction is not a change of the list, an 调整 is).
 */
export async function correctVersion(db: Db, actor: Actor, ctx: AuditContext, id: string, input: { version: number } & Content): Promise<void> {
  const [row] = await db.select().from(powerItems).where(eq(powerItems.id, id));
  if (!row) throw errors.notFound("权力事项");
  const agency = await loadAgency(db, row.agencyId);
  if (!powerPolicy.can(actor, "read", agency)) throw errors.notFound("权力事项");
  powerPolicy.authorize(actor, "correct", agency);
  if (row.effectiveTo !== null) throw errors.conflict("历史版本不能更正；如事项内容发生变化，请登记“调整”");
  const changes = normalise(powerItemList, input);
  delete changes.itemCode;
  const next = { ...contentOf(row), ...changes };
  const problems = contentProblems(next, agency);
  if (problems.length) throw errors.validation(problems);
  await mutate(db, ctx, async (tx) => {
    const rows = await tx
      .update(powerItems)
      .set({ ...changes, version: sql`${powerItems.version} + 1`, updatedAt: new Date() } as never)
      .where(and(eq(powerItems.id, id), eq(powerItems.version, input.version), isNull(powerItems.effectiveTo)))
      .returning({ id: powerItems.id });
    if (rows.length === 0) throw errors.staleVersion();
  });
}
