/**
 * The browser tests' demo database: seeded once by the global setup and dumped to a file;
 * each test file's server opens its own copy (seeding took ~8 s of each file's start).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../../server/src/config.ts";
import { openDatabase, type Database } from "../../server/src/db/client.ts";
import { buildApp } from "../../server/src/app.ts";
import { seedDemo } from "../../server/src/seed/demo.ts";
import { seedDemoCases } from "../../server/src/seed/demo-cases.ts";

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const SNAPSHOT_ENV = "ZHIFA_E2E_DEMO_DATABASE";

export function e2eConfig(): Config {
  return loadConfig({ LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "silent", DATA_DIR: "/tmp/zhifa-e2e-unused", WEB_DIST: webDist, HOST: "127.0.0.1", PORT: "0" });
}

/** The demo data with 12 cases, made through the real services (ledger integrated on close). */
async function seeded(): Promise<Database> {
  const database = await openDatabase({ dataDir: "memory://" });
  await seedDemo(database.db);
  const app = await buildApp({ config: e2eConfig(), db: database.db, listen: database.listen });
  await app.ready();
  await seedDemoCases(app, { count: 12 });
  await app.close();
  return database;
}

/** A fresh in-memory database with the demo data: a copy of the global setup's, or seeded here. */
export async function demoDatabase(): Promise<Database> {
  const file = process.env[SNAPSHOT_ENV];
  if (file && fs.existsSync(file)) return openDatabase({ dataDir: "memory://", loadDataDir: new Blob([fs.readFileSync(file)]) });
  return seeded();
}

/** Vitest global setup of the browser project. */
export default async function setup(): Promise<() => void> {
  const file = path.join(os.tmpdir(), `zhifa-e2e-demo-${process.pid}.tar`);
  const database = await seeded();
  fs.writeFileSync(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
  await database.close();
  process.env[SNAPSHOT_ENV] = file;
  return () => fs.rmSync(file, { force: true });
}
