import { and, eq, ne } from "drizzle-orm";
import { boolean, date, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ValidationDetail } from "../../../core/errors.ts";
import type { Tx } from "../../../db/client.ts";
import { users } from "../../users/tables.ts";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";

/** 法制审核人员资格 (R-LIST-12). */
export const REVIEWER_QUALIFICATIONS = [
  { value: "legal_profession", label: "法律职业资格" },
  { value: "public_lawyer", label: "公职律师" },
  { value: "legal_adviser", label: "法律顾问" },
  { value: "other", label: "其他" },
] as const;

/**
 * 法制审核人员名册 (R-LIST-12): a registry of its own, distinct from the officers list. Each
 * agency's active reviewers should be ≥ 5% of its officers; modules/reviewers reports the
 * agencies below that.
 */
export const legalReviewers = pgTable(
  "legal_reviewers",
  {
    ...listColumns(),
    /** 人员编号: the natural key within the agency (names repeat, certificates are optional). */
    staffNo: text("staff_no").notNull(),
    name: text("name").notNull(),
    /** 所在法制机构 */
    unitName: text("unit_name").notNull(),
    post: text("post"),
    qualification: text("qualification").notNull(),
    certificateNo: text("certificate_no"),
    /** Login of the agency's user who reviews on the platform (optional). */
    username: text("username"),
    since: date("since"),
    active: boolean("active").notNull().default(true),
  },
  (t) => [uniqueIndex("legal_reviewers_agency_staff_uq").on(t.agencyId, t.staffNo)],
);

/** Only a login being set or changed is checked: a later move of that user does not block other edits. */
async function usernameChanged(tx: Tx, username: string, id?: string): Promise<boolean> {
  if (!id) return true;
  const [current] = await tx.select({ username: legalReviewers.username }).from(legalReviewers).where(eq(legalReviewers.id, id));
  return current?.username !== username;
}

export const legalReviewersList: ListDefinition = {
  kind: "legal-reviewers",
  label: "法制审核人员名册",
  rule: "R-LIST-12",
  table: legalReviewers as never,
  tableName: "legal_reviewers",
  naturalKey: ["staffNo"],
  orderBy: "staffNo",
  fields: [
    { key: "staffNo", label: "人员编号", type: "text", required: true, maxLength: 40, column: true, search: true, pattern: "^[0-9A-Za-z_-]+$", patternMessage: "只能包含字母、数字、下划线和连字符" },
    { key: "name", label: "姓名", type: "text", required: true, maxLength: 60, column: true, search: true },
    { key: "unitName", label: "法制机构", type: "text", required: true, maxLength: 100, column: true, help: "例如：法制科、政策法规科" },
    { key: "post", label: "职务", type: "text", maxLength: 60, column: true },
    { key: "qualification", label: "资格类别", type: "enum", required: true, column: true, filter: true, options: REVIEWER_QUALIFICATIONS },
    { key: "certificateNo", label: "资格证书编号", type: "text", maxLength: 60, search: true },
    { key: "username", label: "系统账号", type: "text", maxLength: 60, help: "本机关用户的登录名，用于在平台上办理法制审核（可不填）" },
    { key: "since", label: "从事法制审核起始日期", type: "date" },
    { key: "active", label: "在岗", type: "bool", column: true, filter: true, help: "离岗人员不计入法制审核人员比例" },
  ],
  async validate(row, ctx) {
    const problems: ValidationDetail[] = [];
    if (typeof row.staffNo === "string" && row.staffNo !== "") {
      const clash = await ctx.tx
        .select({ id: legalReviewers.id })
        .from(legalReviewers)
        .where(and(eq(legalReviewers.agencyId, ctx.agencyId), eq(legalReviewers.staffNo, row.staffNo), ...(ctx.id ? [ne(legalReviewers.id, ctx.id)] : [])))
        .limit(1);
      if (clash.length > 0) problems.push({ field: "staffNo", message: "本机关已有相同人员编号的法制审核人员" });
    }
    if (typeof row.username === "string" && row.username !== "" && (await usernameChanged(ctx.tx, row.username, ctx.id))) {
      const [user] = await ctx.tx.select({ id: users.id }).from(users).where(and(eq(users.username, row.username), eq(users.agencyId, ctx.agencyId))).limit(1);
      if (!user) problems.push({ field: "username", message: "本机关没有该登录名的用户" });
    }
    return problems;
  },
};
