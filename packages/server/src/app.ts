import Fastify, { type FastifyServerOptions } from "fastify";
import { AjvCompiler } from "@fastify/ajv-compiler";
import { Type } from "typebox";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import crypto from "node:crypto";
import type { Config } from "./config.ts";
import type { Db, Listen } from "./db/client.ts";
import { ChangeFeed } from "./db/change-feed.ts";
import type { App } from "./core/types.ts";
import { registerErrorHandling } from "./core/error-handler.ts";
import { loggerOptions } from "./core/logging.ts";
import { registerWebApp } from "./core/web.ts";
import { authPlugin } from "./modules/auth/plugin.ts";
import { modules } from "./modules/index.ts";
import { ledgerFromConfig } from "./modules/ledger/setup.ts";
import { ensureWorkflows } from "./modules/cases/workflows.ts";
import { JobRunner } from "./modules/jobs/service.ts";
import { blobStoreFromConfig } from "./modules/evidence/blobs.ts";
import portalRoutes from "./modules/portal/routes.ts";
import statisticsPortalRoutes from "./modules/statistics/portal-routes.ts";

const AJV_OPTIONS = { allErrors: true, coerceTypes: "array", removeAdditional: true, useDefaults: true } as const;

/**
 * Validators per part of the request. Query strings, path parameters and headers arrive as
 * text and are coerced to their schema's types ("2" → 2, one value → an array). A JSON body
 * already carries its types and is not coerced: coercion turned a null sent to clear a nullable
 * field into 0, "" or false (an amount of no fine became a fine of 0).
 */
function validatorsByPart(): NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>["buildValidator"] {
  const pool = AjvCompiler();
  return (externalSchemas, options) => {
    type Options = Parameters<typeof pool>[1];
    const base = (options ?? {}) as { customOptions?: object };
    const text = pool(externalSchemas, { ...base, customOptions: { ...base.customOptions, ...AJV_OPTIONS } } as Options);
    const json = pool(externalSchemas, { ...base, customOptions: { ...base.customOptions, ...AJV_OPTIONS, coerceTypes: false } } as Options);
    return (route) => (route.httpPart === "body" ? json(route) : text(route));
  };
}

export interface BuildOptions {
  config: Config;
  db: Db;
  /** Serve the built web app (production). */
  serveWeb?: boolean;
  /** The database's LISTEN/NOTIFY; without it sessions are read from the database on every request. */
  listen?: Listen;
}

/**
 * Builds the server. Plugins load in three layers, and the order is the architecture:
 * external (security headers, cookies, limits, OpenAPI) → application (auth, errors) → modules.
 */
export async function buildApp({ config, db, serveWeb = false, listen }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL),
    trustProxy: config.TRUST_PROXY,
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    },
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: { compilersFactory: { buildValidator: validatorsByPart() } },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate("db", db);
  // what changed in the database: drives the per-process caches (decision 003)
  const changes = new ChangeFeed();
  app.decorate("changes", changes);
  if (listen) {
    const stop = await changes.start(db, listen);
    app.addHook("onClose", async () => stop());
  }
  app.decorate("config", config);
  // the ledger and this process's sequencer (R-REC-02); keys are checked before anything listens
  const ledger = ledgerFromConfig(config, db, (error) => app.log.error({ err: error }, "ledger integration failed"));
  app.decorate("ledger", ledger);
  app.addHook("onReady", async () => ledger.start());
  // the built-in workflow definitions (R-CASE-01) exist before the first case opens
  app.addHook("onReady", async () => void (await ensureWorkflows(db)));
  app.addHook("onClose", async () => ledger.stop());
  // finished files, content-addressed (R-REC-06, decision 010): a local folder or an S3 bucket, checked before anything listens
  const blobs = blobStoreFromConfig(config);
  app.decorate("blobs", blobs);
  app.addHook("onReady", async () => blobs.check());
  app.addHook("onClose", async () => blobs.close());
  // background jobs in the database (decision 008): started once every module registered its handlers
  const jobs = new JobRunner(db, app.log, { pollMs: config.JOBS_POLL_MS });
  app.decorate("jobs", jobs);
  app.addHook("onReady", async () => jobs.start());
  app.addHook("onClose", async () => jobs.stop());

  // 1. external
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: "zhifa 行政执法三项制度平台 API", version: "1" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "zhifa_session" } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  // 2. application
  registerErrorHandling(app);
  await app.register(authPlugin);

  // 3. routes
  app.get("/healthz", { config: { public: true }, schema: { hide: true } }, async () => {
    await db.execute("select 1");
    return { status: "ok" };
  });
  app.get(
    "/api/version",
    { config: { public: true }, schema: { tags: ["platform"], summary: "版本（静态）", response: { 200: Type.Object({ name: Type.String(), api: Type.Integer() }) } } },
    async () => ({ name: "zhifa", api: 1 }),
  );
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  for (const register of modules) await app.register(register, { prefix: "/api" });
  await app.register(portalRoutes); // the public portal's HTML pages, at /portal (R-PUB-01, R-PUB-02)
  await app.register(statisticsPortalRoutes); // the portal's annual statistics pages, at /portal/statistics (R-PUB-10)

  if (serveWeb) await registerWebApp(app, config);
  return app;
}
