import { and, eq, ne, sql } from "drizzle-orm";
import { boolean, date, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ACTION_TYPES, ACTION_TYPE_LABELS, CERTIFICATE_STATUS_LABELS, type CertificateStatus } from "@zhifa/domain";
import type { ValidationDetail } from "../../../core/errors.ts";
import type { Tx } from "../../../db/client.ts";
import { agencies } from "../../agencies/tables.ts";
import { users } from "../../users/tables.ts";
import { listColumns } from "../columns.ts";
import type { ListDefinition } from "../definition.ts";

/**
 * 执法人员清单 (R-LIST-02): one row per officer with the certificate (行政执法证件) they hold.
 * The certificate fields feed `mayAct` (R-LIST-11) through modules/officers/service.ts.
 */
export const officers = pgTable(
  "officers",
  {
    ...listColumns(),
    name: text("name").notNull(),
    gender: text("gender").notNull(),
    /** 所在科室/单位 (free text: officers may sit in a 队/所 that is not a unit of the system). */
    unitName: text("unit_name"),
    /** 职务/岗位. */
    post: text("post"),
    /** 执法证号: unique in the deployment. */
    certNumber: text("cert_number").notNull(),
    /** 执法类别 (ActionType values). */
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    /** 执法区域: 6-digit 行政区划代码. */
    regionCodes: text("region_codes").array().notNull().default(sql`'{}'::text[]`),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }).notNull(),
    certStatus: text("cert_status").notNull().default("valid"),
    /** 发证机关. */
    issuer: text("issuer"),
    /** 在岗: false when transferred, retired or suspended from duty. */
    active: boolean("active").notNull().default(true),
    /** Login of a user of the same agency: maps case handlers (users) to officers. */
    username: text("username"),
  },
  (t) => [
    uniqueIndex("officers_cert_number_uq").on(t.certNumber),
    uniqueIndex("officers_username_uq").on(t.username),
    index("officers_agency_idx").on(t.agencyId, t.certNumber),
  ],
);

export const GENDER_OPTIONS = [
  { value: "male", label: "男" },
  { value: "female", label: "女" },
] as const;

export const CERT_STATUS_OPTIONS = (Object.keys(CERTIFICATE_STATUS_LABELS) as CertificateStatus[]).map((value) => ({ value, label: CERTIFICATE_STATUS_LABELS[value] }));

export const CATEGORY_OPTIONS = ACTION_TYPES.map((value) => ({ value, label: ACTION_TYPE_LABELS[value] }));

async function validateOfficer(row: Record<string, unknown>, ctx: { tx: Tx; agencyId: string; id?: string }): Promise<ValidationDetail[]> {
  const { tx, agencyId, id } = ctx;
  const problems: ValidationDetail[] = [];

  const validFrom = typeof row.validFrom === "string" ? row.validFrom : null;
  const validTo = typeof row.validTo === "string" ? row.validTo : null;
  if (validFrom && validTo && validTo < validFrom) problems.push({ field: "validTo", message: "证件有效期至不得早于有效期自" });

  // On an update, references are re-checked only when they change: an edit of other fields
  // must not fail because, say, the linked account has since moved to another agency.
  const [stored] = id ? await tx.select({ certNumber: officers.certNumber, username: officers.username }).from(officers).where(eq(officers.id, id)) : [];

  // 执法证号 is unique in the deployment (the unique index is the backstop; this gives the message).
  const certNumber = typeof row.certNumber === "string" ? row.certNumber : null;
  if (certNumber && certNumber !== stored?.certNumber) {
    const [dup] = await tx
      .select({ agencyId: officers.agencyId, agencyName: agencies.name })
      .from(officers)
      .innerJoin(agencies, eq(agencies.id, officers.agencyId))
      .where(and(eq(officers.certNumber, certNumber), id ? ne(officers.id, id) : undefined))
      .limit(1);
    if (dup) problems.push({ field: "certNumber", message: dup.agencyId === agencyId ? "执法证号已被其他执法人员使用" : `执法证号已被其他执法人员使用（${dup.agencyName}）` });
  }

  const username = typeof row.username === "string" && row.username !== "" ? row.username : null;
  if (username && username !== stored?.username) {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.username, username), eq(users.agencyId, agencyId)))
      .limit(1);
    if (!user) problems.push({ field: "username", message: `登录账号“${username}”不是本执法主体的用户` });
    else {
      const [taken] = await tx
        .select({ name: officers.name })
        .from(officers)
        .where(and(eq(officers.username, username), id ? ne(officers.id, id) : undefined))
        .limit(1);
      if (taken) problems.push({ field: "username", message: `登录账号“${username}”已关联执法人员${taken.name}` });
    }
  }
  return problems;
}

export const officerList: ListDefinition = {
  kind: "officers",
  label: "执法人员清单",
  rule: "R-LIST-02",
  table: officers as never,
  tableName: "officers",
  naturalKey: ["certNumber"],
  orderBy: "certNumber",
  fields: [
    { key: "name", label: "姓名", type: "text", required: true, maxLength: 40, column: true, search: true },
    { key: "gender", label: "性别", type: "enum", required: true, options: GENDER_OPTIONS },
    { key: "unitName", label: "所在科室/单位", type: "text", maxLength: 100, column: true, search: true },
    { key: "post", label: "职务/岗位", type: "text", maxLength: 60 },
    {
      key: "certNumber",
      label: "执法证号",
      type: "text",
      required: true,
      maxLength: 40,
      column: true,
      search: true,
      pattern: "^[0-9A-Za-z-]+$",
      patternMessage: "执法证号只能包含数字、字母和连字符",
    },
    { key: "categories", label: "执法类别", type: "enumArray", required: true, column: true, filter: true, options: CATEGORY_OPTIONS, help: "证件载明的执法类别" },
    {
      key: "regionCodes",
      label: "执法区域",
      type: "textArray",
      required: true,
      maxLength: 6,
      pattern: "^\\d{6}$",
      patternMessage: "执法区域应为 6 位行政区划代码",
      help: "6 位行政区划代码；省、市级代码覆盖其下辖区域",
    },
    { key: "validFrom", label: "证件有效期自", type: "date", required: true },
    { key: "validTo", label: "证件有效期至", type: "date", required: true, column: true },
    { key: "certStatus", label: "证件状态", type: "enum", required: true, column: true, filter: true, options: CERT_STATUS_OPTIONS },
    { key: "issuer", label: "发证机关", type: "text", maxLength: 100 },
    { key: "active", label: "在岗", type: "bool", help: "调离、退休、停职的人员填“否”，不得从事执法活动" },
    { key: "username", label: "关联登录账号", type: "text", maxLength: 64, help: "本执法主体用户的登录名，办案时据此对应执法人员" },
  ],
  validate: validateOfficer,
};
