import pg from "pg";
import { openDatabase } from "../src/db/client.ts";
import { startTempPostgres } from "./pg-server.ts";

/**
 * Integration tests on a real PostgreSQL (ZHIFA_TEST_DB=postgres): starts a throw-away server
 * from local binaries, migrates a template database that every test file clones, and stops
 * it afterwards.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.ZHIFA_TEST_DB !== "postgres") return async () => {};
  const server = await startTempPostgres();
  const admin = new pg.Client({ connectionString: `${server.base}/postgres` });
  await admin.connect();
  await admin.query("create database zhifa_template");
  await admin.end();
  const template = await openDatabase({ url: `${server.base}/zhifa_template`, poolSize: 1 });
  await template.close();
  process.env.ZHIFA_TEST_PG_BASE = server.base;
  return async () => server.stop();
}
