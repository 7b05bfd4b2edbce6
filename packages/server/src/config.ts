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
const boolean = new Set(["COOKIE_SECURE", "TRUST_PROXY", "SEED_DEMO"]);

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
    const message = key === "LOG_LEVEL" ? `must be one of ${LOG_LEVELS.join(", ")}` : error.message;
    problems.push(`${key}=${JSON.stringify(withDefaults[key])}: ${message}`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);
  const config = withDefaults as Config;
  return { ...config, DATA_DIR: path.resolve(config.DATA_DIR) };
}
