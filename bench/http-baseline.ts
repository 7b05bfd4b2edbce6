/**
 * http-baseline: authenticated list read (officers of one agency, page of 20) in requests/s,
 * against the unauthenticated static JSON route (/api/version) on the same server, same run.
 * Target: ratio ≥ 0.3 on PostgreSQL. Uses DATABASE_URL if set, else starts a throw-away
 * PostgreSQL from local binaries. Env: BENCH_SECONDS (default 10), BENCH_CONCURRENCY (16).
 */
import pg from "pg";
import { benchDatabase } from "./_pg.ts";
import { load } from "./_load.ts";
import { startBenchServer } from "./_server.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

// the server reaches its PostgreSQL through the Unix socket (BENCH_PG_TCP=1: loopback TCP)
const pgServer = await benchDatabase({ tcp: !!process.env.BENCH_PG_TCP });
const url = pgServer.url;

const server = await startBenchServer(url);
const base = server.base;
try {
  const { cookie, agencyId } = await server.login("scjg_admin");
  const listUrl = `${base}/api/lists/officers?agencyId=${agencyId}&page=1&pageSize=20`;
  const check = await fetch(listUrl, { headers: { cookie } });
  if (!check.ok) throw new Error(`list read failed: ${check.status} ${await check.text()}`);

  await load(`${base}/api/version`, { seconds: 2, concurrency }); // warm-up
  await load(listUrl, { seconds: 2, concurrency, headers: { cookie } });
  const baseline = await load(`${base}/api/version`, { seconds, concurrency });
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  const transactions = async () => Number((await stats.query("select xact_commit from pg_stat_database where datname = current_database()")).rows[0].xact_commit);
  const before = await transactions();
  const value = await load(listUrl, { seconds, concurrency, headers: { cookie } });
  await new Promise((r) => setTimeout(r, 600)); // statistics are flushed at most every 500 ms
  const perRequest = Math.max(0, (await transactions()) - before - 1) / value.requests;
  await stats.end();
  if (baseline.errors || value.errors) throw new Error(`errors during load: baseline ${baseline.errors}, list ${value.errors}`);
  const ratio = value.rps / baseline.rps;
  console.log(`static JSON: ${baseline.rps.toFixed(0)} req/s; authenticated officer list: ${value.rps.toFixed(0)} req/s, ${perRequest.toFixed(2)} database statements per request`);
  console.log(JSON.stringify({ bench: "http-baseline", value: Math.round(value.rps), unit: "req/s", baseline: Math.round(baseline.rps), ratio: Number(ratio.toFixed(3)), target: 0.3, pass: ratio >= 0.3 }));
} finally {
  await server.stop();
  pgServer.stop();
}
