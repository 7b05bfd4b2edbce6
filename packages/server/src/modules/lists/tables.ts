// Tables of the generic lists (re-exported by src/db/schema.ts for drizzle-kit).
export * from "./defs/random-inspection.ts";
export * from "./defs/power-items.ts";
export * from "./defs/discretion-tiers.ts";
export * from "./defs/major-catalog.ts";
export * from "./defs/av-records.ts";
export * from "./defs/service-guides.ts";
export * from "./defs/legal-reviewers.ts";
export * from "./defs/officers.ts";
export * from "./defs/officer-annual-records.ts";
