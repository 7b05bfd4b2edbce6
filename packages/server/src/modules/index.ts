import type { App } from "../core/types.ts";
import authRoutes from "./auth/routes.ts";
import agencyRoutes from "./agencies/routes.ts";
import userRoutes from "./users/routes.ts";
import auditRoutes from "./audit/routes.ts";
import listRoutes from "./lists/routes.ts";
import catalogRoutes from "./catalog/routes.ts";
import reviewerRoutes from "./reviewers/routes.ts";
import calendarRoutes from "./calendar/routes.ts";
import officerRoutes from "./officers/routes.ts";
import powerRoutes from "./powers/routes.ts";
import ledgerRoutes from "./ledger/routes.ts";
import evidenceRoutes from "./evidence/routes.ts";
import caseFileRoutes from "./casefile/routes.ts";
import caseRoutes from "./cases/routes.ts";
import caseDocumentRoutes from "./cases/document-routes.ts";
import reviewRoutes from "./reviews/routes.ts";
import accessRoutes from "./access/routes.ts";
import executionRoutes from "./execution/routes.ts";
import publicityRoutes from "./publicity/routes.ts";
import remedyRoutes from "./remedies/routes.ts";
import statisticsRoutes from "./statistics/routes.ts";
import "./agencies/history.ts";
import "./users/history.ts";

/** Every module's routes, mounted under /api. */
export const modules: ((app: App) => Promise<void>)[] = [authRoutes, agencyRoutes, userRoutes, auditRoutes, listRoutes, catalogRoutes, reviewerRoutes, calendarRoutes, officerRoutes, powerRoutes, ledgerRoutes, evidenceRoutes, caseFileRoutes, caseRoutes, caseDocumentRoutes, reviewRoutes, accessRoutes, executionRoutes, publicityRoutes, remedyRoutes, statisticsRoutes];
