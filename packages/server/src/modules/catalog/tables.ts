import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Deployment settings: small key/value pairs an administrator of the whole deployment changes
 * (e.g. "major.allGeneralProcedurePenalties", R-REV-01). Generic: other modules may add keys.
 * Audited like every domain table; read and written through modules/catalog/settings.ts.
 */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
