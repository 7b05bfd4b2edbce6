import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { AuditContext } from "../db/audit.ts";
import type { Actor } from "./policy.ts";
import type { ChangeFeed } from "../db/change-feed.ts";
import type { Ledger } from "../modules/ledger/service.ts";
import type { JobRunner } from "../modules/jobs/service.ts";
import type { BlobStore } from "../modules/evidence/blobs.ts";

/** The Fastify instance every module registers its routes on (TypeBox schemas → types). */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    config: Config;
    /** What changed in the database (notifications from every process): drives the caches. */
    changes: ChangeFeed;
    /** The whole-process record (R-REC-02): modules append through it in their transactions. */
    ledger: Ledger;
    /** Background jobs of this process (decision 008); modules register their handlers. */
    jobs: JobRunner;
    /** Finished files by their SHA-256 (R-REC-06): a local folder or an S3-compatible bucket. */
    blobs: BlobStore;
  }
  interface FastifyRequest {
    /** The authenticated caller; routes not marked public never run without one. */
    actor: Actor;
    sessionId: string | null;
    /** Audit context for a mutation by this request's actor. */
    audit(action: string): AuditContext;
  }
  interface FastifyContextConfig {
    /** Route needs no login. */
    public?: boolean;
  }
}
