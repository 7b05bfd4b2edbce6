// Every table of the deployment, declared once in its module (drizzle-kit reads this file).
export * from "../modules/agencies/tables.ts";
export * from "../modules/users/tables.ts";
export * from "../modules/auth/tables.ts";
export * from "../modules/audit/tables.ts";
export * from "../modules/lists/tables.ts";
export * from "../modules/calendar/tables.ts";
export * from "../modules/catalog/tables.ts";
export * from "../modules/ledger/tables.ts";
export * from "../modules/evidence/tables.ts";
export * from "../modules/cases/tables.ts";
export * from "../modules/reviews/tables.ts";
export * from "../modules/access/tables.ts";
export * from "../modules/execution/tables.ts";
export * from "../modules/publicity/tables.ts";
export * from "../modules/jobs/tables.ts";
export * from "../modules/casefile/tables.ts";
