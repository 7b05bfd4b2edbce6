import pg from "pg";
import { startTempPostgres } from "../packages/server/test/pg-server.ts";

/**
 * The bench's PostgreSQL: DATABASE_URL if set, else a throw-away server from local binaries with
 * an empty database `zhifa`, reached through its Unix socket as on a one-machine deployment
 * (`tcp` for loopback TCP). `stop()` removes the throw-away server.
 */
export async function benchDatabase(opts: { tcp?: boolean } = {}): Promise<{ url: string; stop(): void }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => undefined };
  const temp = await startTempPostgres();
  const admin = new pg.Client({ connectionString: `${temp.base}/postgres` });
  await admin.connect();
  await admin.query("create database zhifa");
  await admin.end();
  return { url: `${opts.tcp ? temp.base : temp.socketBase}/zhifa`, stop: () => temp.stop() };
}
