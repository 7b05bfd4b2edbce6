// Tables of the generic lists (re-exported by src/db/schema.ts for drizzle-kit).
export * from "./defs/random-inspection.ts";
