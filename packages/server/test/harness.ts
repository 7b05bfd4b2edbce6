import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll } from "vitest";
import { loadConfig, type Config } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/client.ts";
import { buildApp } from "../src/app.ts";
import type { App } from "../src/core/types.ts";
import { generateLedgerKeys } from "../src/modules/ledger/keys.ts";

/**
 * A fresh database per test file: an in-memory PGlite by default (a copy of the migrated one
 * the global setup dumped), or a clone of the migrated template on the PostgreSQL server the
 * global setup started (ZHIFA_TEST_DB=postgres).
 */
export async function createTestDatabase(): Promise<Database> {
  const base = process.env.ZHIFA_TEST_PG_BASE;
  if (process.env.ZHIFA_TEST_DB === "postgres") {
    if (!base) throw new Error("ZHIFA_TEST_DB=postgres but the PostgreSQL global setup did not run");
    const name = `t_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`create database ${name} template zhifa_template`);
    await admin.end();
    const database = await openDatabase({ url: `${base}/${name}`, poolSize: 5 });
    return {
      ...database,
      close: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: `${base}/postgres` });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const template = process.env.ZHIFA_TEST_PGLITE_TEMPLATE;
  if (template) return openDatabase({ dataDir: "memory://", loadDataDir: (templateBlob ??= new Blob([fs.readFileSync(template)])) });
  return openDatabase({ dataDir: "memory://" });
}

/** The migrated embedded database the global setup dumped (read once per worker). */
let templateBlob: Blob | undefined;

/** One ledger key pair per test process (a deployment's processes share keys). */
const testLedgerKeys = generateLedgerKeys();

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: "silent", DATA_DIR: "/tmp/zhifa-test-unused", LEDGER_ORIGIN: "test.zhifa/ledger", LEDGER_ED25519_KEY: testLedgerKeys.ed25519PrivateKey, LEDGER_SM2_KEY: testLedgerKeys.sm2PrivateKey }),
    ...overrides,
  };
}

export interface TestContext {
  app: App;
  database: Database;
  config: Config;
}

/** Builds the real HTTP stack on a fresh database; closed after the file's tests. */
export async function setupTestApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  const app = await buildApp({ config, db: database.db, listen: database.listen });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await database.close();
  });
  return { app, database, config };
}

/**
 * A second server process on the test's database: on PostgreSQL its own connection pool and
 * listener (it learns of the first one's writes only through the database's notifications);
 * on PGlite a second app on the same embedded database. Closed after the file's tests.
 */
export async function secondServer(ctx: TestContext): Promise<{ app: App; database: Database }> {
  const database = ctx.database.url ? await openDatabase({ url: ctx.database.url, poolSize: 2 }) : ctx.database;
  const app = await buildApp({ config: ctx.config, db: database.db, listen: database.listen });
  await app.ready();
  afterAll(async () => {
    await app.close();
    if (database !== ctx.database) await database.close();
  });
  return { app, database };
}
