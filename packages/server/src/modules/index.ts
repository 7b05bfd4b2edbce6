import type { App } from "../core/types.ts";
import authRoutes from "./auth/routes.ts";
import agencyRoutes from "./agencies/routes.ts";
import userRoutes from "./users/routes.ts";
import auditRoutes from "./audit/routes.ts";
import listRoutes from "./lists/routes.ts";
import "./agencies/history.ts";
import "./users/history.ts";

/** Every module's routes, mounted under /api. */
export const modules: ((app: App) => Promise<void>)[] = [authRoutes, agencyRoutes, userRoutes, auditRoutes, listRoutes];
