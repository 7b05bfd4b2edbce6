import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies, units } from "../agencies/tables.ts";

/** A person who logs in. Belongs to exactly one agency (R-GEN-03). */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    unitId: uuid("unit_id").references(() => units.id),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    /** argon2id hash; never leaves the server, never enters the audit trail. */
    passwordHash: text("password_hash").notNull(),
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("users_agency_idx").on(t.agencyId)],
);
