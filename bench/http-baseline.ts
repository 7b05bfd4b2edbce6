/**
 * http-baseline: authenticated list read (officers of one agency, page of 20) in requests/s,
 * against the unauthenticated static JSON route (/api/version) on the same server, same run.
 * Target: ratio ≥ 0.3 on PostgreSQL. Uses DATABASE_URL if set, else starts a throw-away
 * PostgreSQL from local binaries. Env: BENCH_SECONDS (default 10), BENCH_CONCURRENCY (16).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { benchDatabase } from "./_pg.ts";
import { load } from "./_load.ts";
import { generateLedgerKeys } from "../packages/server/src/modules/ledger/keys.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// the server reaches its PostgreSQL through the Unix socket (BENCH_PG_TCP=1: loopback TCP)
const pgServer = await benchDatabase({ tcp: !!process.env.BENCH_PG_TCP });
const url = pgServer.url;

// several processes on one PostgreSQL share configured ledger keys; a bench deployment gets fresh ones
const ledgerKeys = generateLedgerKeys();
const port = 3900 + Math.floor(Math.random() * 90);
const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE] : []), "--import", "tsx", "packages/server/src/main.ts"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), LOG_LEVEL: "warn", SEED_DEMO: "true", LEDGER_ED25519_KEY: ledgerKeys.ed25519PrivateKey, LEDGER_SM2_KEY: ledgerKeys.sm2PrivateKey },
  stdio: ["ignore", "pipe", "inherit"],
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 600) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "scjg_admin", password: "zhifa2026demo" }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const me = (await login.json()) as { agency: { id: string } };
  const listUrl = `${base}/api/lists/officers?agencyId=${me.agency.id}&page=1&pageSize=20`;
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
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  pgServer.stop();
}
