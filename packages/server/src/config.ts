import { Type, type Static } from "typebox";
import { Value } from "typebox/value";
import path from "node:path";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Process configuration, read from the environment once at boot and validated. */
const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: "0.0.0.0" }),
  DATA_DIR: Type.String({ minLength: 1, default: "./data" }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: "^postgres(ql)?://" })),
  /** Connections per server process to PostgreSQL (ignored for the embedded database). */
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    { default: "info" },
  ),
  SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12 }),
  /** Cookies get the Secure flag when the deployment is served over HTTPS. */
  COOKIE_SECURE: Type.Boolean({ default: false }),
  /** Trust X-Forwarded-For from a load balancer in front of several processes. */
  TRUST_PROXY: Type.Boolean({ default: false }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ minimum: 1, maximum: 10000, default: 30 }),
  IMPORT_MAX_BYTES: Type.Integer({ minimum: 1024, default: 20 * 1024 * 1024 }),
  SEED_DEMO: Type.Boolean({ default: true }),
  /** Demo cases generated on the first start with demo data. */
  DEMO_CASES: Type.Integer({ minimum: 0, maximum: 5000, default: 200 }),
  WEB_DIST: Type.Optional(Type.String()),
  /** The ledger's name in its checkpoints (C2SP origin): the deployment's URL without scheme. */
  LEDGER_ORIGIN: Type.String({ pattern: "^[^\\s+]+$", default: "zhifa.localhost/ledger" }),
  /** Ledger signing keys (hex): both, or neither and a key file. */
  LEDGER_ED25519_KEY: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{64}$" })),
  LEDGER_SM2_KEY: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{64}$" })),
  /** Key file (JSON); default DATA_DIR/ledger-keys.json, generated on first start in the embedded mode. */
  LEDGER_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Evidence files (证据): unfinished uploads and the content-addressed store; default DATA_DIR/evidence. */
  EVIDENCE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Where finished files (evidence, assembled case files) are kept, content-addressed (R-REC-06,
   * decision 010): "local" = EVIDENCE_DIR/blobs; "s3" = an S3-compatible bucket (S3_*), shared by
   * every server process. Unfinished uploads stay in EVIDENCE_DIR/uploads either way.
   */
  BLOB_STORE: Type.Union([Type.Literal("local"), Type.Literal("s3")], { default: "local" }),
  /** S3-compatible server (MinIO, Ceph RGW, OSS…), e.g. http://minio:9000; unset for AWS S3. */
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: "^https?://[^\\s/]+(/\\S*)?$" })),
  S3_REGION: Type.String({ minLength: 1, default: "us-east-1" }),
  S3_BUCKET: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" })),
  /** Both, or neither (then the AWS SDK's own chain: AWS_* variables, instance role). */
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /** Key prefix: path segments each ending with "/", e.g. "zhifa/"; keys are <prefix>blobs/aa/bb/<sha256>. */
  S3_PREFIX: Type.String({ pattern: "^([A-Za-z0-9._-]+/)*$", default: "" }),
  /** Bucket in the path (http://host/bucket/key) rather than the host name: what MinIO and most self-hosted servers need. */
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: false }),
  /** Largest evidence file accepted (bytes); default 20 GiB (hours of body-cam video). */
  EVIDENCE_MAX_BYTES: Type.Integer({ minimum: 1024, default: 20 * 1024 ** 3 }),
  /** The deployment's public address (e.g. https://zhifa.example.gov.cn), encoded in the QR codes of the portal; default: the request's host. */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: "^https?://[^\\s/]+(/\\S*)?$" })),
  /** Most entries the sequencer integrates per checkpoint. */
  LEDGER_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 100000, default: 5000 }),
  /** How often each process looks for due background jobs (ms); jobs enqueued by the process itself start at once. */
  JOBS_POLL_MS: Type.Integer({ minimum: 100, maximum: 3600000, default: 5000 }),
});

export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

const numeric = new Set(["DB_POOL_SIZE", "PORT", "SESSION_TTL_HOURS", "LOGIN_MAX_FAILURES", "LOGIN_LOCK_MINUTES", "LOGIN_MAX_FAILURES_PER_IP", "IMPORT_MAX_BYTES", "LEDGER_BATCH_SIZE", "EVIDENCE_MAX_BYTES", "DEMO_CASES", "JOBS_POLL_MS"]);
const boolean = new Set(["COOKIE_SECURE", "TRUST_PROXY", "SEED_DEMO", "S3_FORCE_PATH_STYLE"]);
/** Never printed back in an error message. */
const secret = new Set(["S3_SECRET_ACCESS_KEY"]);
const S3_VARIABLES = ["S3_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX", "S3_FORCE_PATH_STYLE"];

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === "") continue;
    if (numeric.has(key)) {
      if (!/^-?\d+$/.test(value)) problems.push(`${key}=${JSON.stringify(value)}: must be an integer`);
      else raw[key] = Number(value);
    } else if (boolean.has(key)) {
      if (!["true", "false", "1", "0"].includes(value)) problems.push(`${key}=${JSON.stringify(value)}: must be true or false`);
      else raw[key] = value === "true" || value === "1";
    } else raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, raw) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    if (withDefaults[key] === undefined) continue;
    const [error] = Value.Errors(schema, withDefaults[key]);
    if (!error) continue;
    const message = key === "LOG_LEVEL" ? `must be one of ${LOG_LEVELS.join(", ")}` : key === "BLOB_STORE" ? "must be local or s3" : error.message;
    problems.push(`${key}=${secret.has(key) ? '"***"' : JSON.stringify(withDefaults[key])}: ${message}`);
  }
  problems.push(...blobStoreProblems(withDefaults, env));
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);
  const config = withDefaults as Config;
  return { ...config, DATA_DIR: path.resolve(config.DATA_DIR) };
}

/** The object store's variables make sense together (R-REC-06, decision 010). */
function blobStoreProblems(c: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (c.BLOB_STORE === "s3") {
    if (c.S3_BUCKET === undefined) problems.push("S3_BUCKET: required when BLOB_STORE=s3");
    if (c.S3_ACCESS_KEY_ID !== undefined && c.S3_SECRET_ACCESS_KEY === undefined) problems.push("S3_SECRET_ACCESS_KEY: required with S3_ACCESS_KEY_ID");
    if (c.S3_ACCESS_KEY_ID === undefined && c.S3_SECRET_ACCESS_KEY !== undefined) problems.push("S3_ACCESS_KEY_ID: required with S3_SECRET_ACCESS_KEY");
  } else {
    // evidence silently kept on one machine's disk while S3 was meant is worse than not starting
    const set = S3_VARIABLES.filter((k) => env[k] !== undefined && env[k] !== "");
    if (set.length > 0) problems.push(`${set.join(", ")}: set, but BLOB_STORE=${String(c.BLOB_STORE)}: set BLOB_STORE=s3 to use the bucket, or unset ${set.length > 1 ? "them" : "it"}`);
  }
  return problems;
}
