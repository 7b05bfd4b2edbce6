import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The database handle every service receives: PGlite and node-postgres share this type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle (same query API as Db). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Notifications from the database (LISTEN/NOTIFY). `onState(false)` means messages may be
 * missed from now on (connection lost) until `onState(true)`; users must not trust a cache
 * built on the notifications meanwhile.
 */
export type Listen = (channel: string, onMessage: (payload: string) => void, onState: (live: boolean) => void) => Promise<() => Promise<void>>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** The PostgreSQL server's URL (not for the embedded database). */
  url?: string;
  listen: Listen;
  close(): Promise<void>;
  /** The embedded database's files as a tar (to open copies with `loadDataDir`); not for PostgreSQL. */
  dump?: () => Promise<Blob>;
}

/** The rows of a raw SQL query, on either engine (both drivers answer `{ rows }`). */
export async function rows<T>(q: Db | Tx, query: SQL): Promise<T[]> {
  return ((await q.execute(query)) as unknown as { rows: T[] }).rows;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

/**
 * Opens the database: a PostgreSQL server when `url` is given, otherwise the embedded PGlite
 * in `dataDir` (or in memory when dataDir is "memory://"). Applies pending migrations.
 */
export async function openDatabase(options: { url?: string; dataDir?: string; poolSize?: number; loadDataDir?: Blob }): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // A connection that breaks while idle or closing (server restart, database dropped) must not
    // crash the process: the pool replaces it, and a query in flight fails with its own error.
    pool.on("error", () => undefined);
    pool.on("connect", (client) => client.on("error", () => undefined));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    const url = options.url;
    return { db, kind: "postgres", url, listen: (channel, onMessage, onState) => listenPg(url, channel, onMessage, onState), close: () => pool.end() };
  }
  const dataDir = options.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  // loadDataDir: start from a dump (`dumpEmbedded`) instead of an empty cluster: no initdb
  const client = await PGlite.create(options.loadDataDir ? { dataDir, loadDataDir: options.loadDataDir } : { dataDir });
  guardSelfDeadlock(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  const listen: Listen = async (channel, onMessage, onState) => {
    // one embedded connection: notifications of committed transactions arrive in-process
    const unlisten = await client.listen(channel, onMessage);
    onState(true);
    return async () => {
      onState(false);
      await unlisten();
    };
  };
  return { db, kind: "pglite", listen, close: () => client.close(), dump: () => client.dumpDataDir("none") };
}

/** Raised instead of waiting forever: see `guardSelfDeadlock`. */
export class SelfDeadlock extends Error {
  readonly code = "db_self_deadlock";
}

/**
 * PGlite has one connection: a query on the database (not on the transaction handle) made
 * while that same work's transaction is open waits for the transaction to end, which waits
 * for the query — the process would hang with every later request queued behind it. The
 * guard notes which async work runs inside a transaction and makes such a query fail at
 * once, naming itself, so the mistake is a clear error (and a failing test), not a hang.
 * Work merely started inside a transaction that queries after its commit is not refused.
 */
function guardSelfDeadlock(client: PGlite): void {
  const inside = new AsyncLocalStorage<{ open: boolean }>();
  const check = (what: string): void => {
    if (inside.getStore()?.open) throw new SelfDeadlock(`${what} on the embedded database inside an open transaction of the same work: use the transaction handle (it would wait for itself forever)`);
  };
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = ((...args: Parameters<PGlite["query"]>) => {
    check("a query");
    return query(...args);
  }) as PGlite["query"];
  client.exec = ((...args: Parameters<PGlite["exec"]>) => {
    check("a statement");
    return exec(...args);
  }) as PGlite["exec"];
  client.transaction = (<T>(fn: Parameters<PGlite["transaction"]>[0]) => {
    check("a transaction");
    return transaction(async (tx) => {
      const state = { open: true };
      try {
        return (await inside.run(state, () => fn(tx))) as T;
      } finally {
        state.open = false;
      }
    });
  }) as PGlite["transaction"];
}

/** LISTEN on a dedicated connection, reconnecting (with back-off) when it drops. */
async function listenPg(url: string, channel: string, onMessage: (payload: string) => void, onState: (live: boolean) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = 250;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    const lost = () => {
      if (client !== c) return;
      client = null;
      onState(false);
      c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), delay);
      delay = Math.min(delay * 2, 10_000);
    };
    c.on("error", lost);
    c.on("end", lost);
    c.on("notification", (n) => {
      if (n.channel === channel) onMessage(n.payload ?? "");
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      lost(); // stays not live; retried in the background
      return;
    }
    delay = 250;
    onState(true);
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    onState(false);
    await c?.end().catch(() => undefined);
  };
}
