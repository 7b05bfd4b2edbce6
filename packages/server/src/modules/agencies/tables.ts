import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** 执法主体: an enforcement agency, a node of the province → township tree (R-GEN-02, R-LIST-01). */
export const agencies = pgTable(
  "agencies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Agency code, used in case numbers (R-CASE-02); unique in the deployment. */
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    parentId: uuid("parent_id"),
    /** Materialised path of ids from the root, "/root/…/self/" (R-GEN-03 scope checks). */
    path: text("path").notNull(),
    level: text("level").notNull(),
    regionCode: text("region_code").notNull(),
    regionName: text("region_name").notNull(),
    /** Action types (R-GEN-01) this agency may exercise. */
    actionTypes: text("action_types").array().notNull().default(sql`'{}'::text[]`),
    /** 执法依据: legal basis of its powers (R-LIST-01). */
    legalBasis: text("legal_basis").notNull().default(""),
    /** 主体性质: 法定行政机关 / 法律法规授权组织 / 受委托组织. */
    nature: text("nature").notNull().default("法定行政机关"),
    socialCreditCode: text("social_credit_code"),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull().default(""),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("agencies_path_idx").on(t.path),
    index("agencies_parent_idx").on(t.parentId),
    check("agencies_level_ck", sql`${t.level} in ('province','city','county','township')`),
  ],
);

/** 内设机构 (科室): an internal unit of an agency, e.g. the legal unit 法制机构. */
export const units = pgTable(
  "units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("units_agency_idx").on(t.agencyId), check("units_kind_ck", sql`${t.kind} in ('case','legal','office','other')`)],
);
