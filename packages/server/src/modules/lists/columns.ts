import { integer, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies } from "../agencies/tables.ts";

/** The columns every list table starts with. */
export function listColumns() {
  return {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => agencies.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  };
}
