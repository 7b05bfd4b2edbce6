/**
 * case-flow: whole simple-procedure penalty cases per second through the HTTP API on
 * PostgreSQL — open (立案, numbered), record the 当场处罚决定书, decide, record and complete
 * service (送达), record payment, close (结案) and archive: 8 requests and 8 ledger entries per
 * case, every gate evaluated — against the ledger's append rate (standalone records,
 * group-committed, integrated under signed checkpoints) on the same database in the same run.
 * Target: ≥ 100 whole cases/s on 2 cores. Uses DATABASE_URL if set, else a throw-away
 * PostgreSQL from local binaries. Env: BENCH_SECONDS (default 10), BENCH_CONCURRENCY (16);
 * BENCH_DIAG=1 prints the mean latency of each kind of request. On Linux it also prints the CPU
 * time each case costs the server, the bench's own clients and the rest (PostgreSQL), same run.
 */
import fs from "node:fs";
import os from "node:os";
import { benchDatabase } from "./_pg.ts";
import { startBenchServer } from "./_server.ts";
import { openDatabase } from "../packages/server/src/db/client.ts";
import { generateLedgerKeys, ledgerSigning } from "../packages/server/src/modules/ledger/keys.ts";
import { Ledger } from "../packages/server/src/modules/ledger/service.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

const pgServer = await benchDatabase({ tcp: !!process.env.BENCH_PG_TCP });
const url = pgServer.url;
const server = await startBenchServer(url);
const base = server.base;

/** CPU time (ms) so far: the server process, this process, and the whole machine (Linux /proc). */
function cpuNow(serverPid: number): { server: number; client: number; busy: number } | null {
  if (!fs.existsSync("/proc/stat")) return null;
  const stat = fs.readFileSync(`/proc/${serverPid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const tick = 1000 / 100; // USER_HZ: 100 on Linux
  const server = (Number(fields[11]) + Number(fields[12])) * tick;
  const all = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const busy = (all.reduce((a, b) => a + b, 0) - all[3]! - all[4]!) * tick;
  const own = process.cpuUsage();
  return { server, client: (own.user + own.system) / 1000, busy };
}
function cpuSince(before: ReturnType<typeof cpuNow>, serverPid: number): { server: number; client: number; rest: number; busy: number } | null {
  const now = cpuNow(serverPid);
  if (!before || !now) return null;
  const server = now.server - before.server;
  const client = now.client - before.client;
  const busy = now.busy - before.busy;
  return { server, client, rest: Math.max(0, busy - server - client), busy };
}

async function closedLoop(op: () => Promise<void>, secs: number): Promise<{ done: number; elapsed: number }> {
  const deadline = Date.now() + secs * 1000;
  let done = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await op();
        done++;
      }
    }),
  );
  return { done, elapsed: (performance.now() - t) / 1000 };
}

try {
  const me = await server.login("zhifa");
  const headers = { cookie: me.cookie, "x-csrf-token": me.csrf, "content-type": "application/json" };
  /** BENCH_DIAG=1: mean latency per kind of request (the path without ids, and the record kind). */
  const timing = new Map<string, { n: number; ms: number }>();
  const call = async (method: string, p: string, body?: unknown) => {
    const t = performance.now();
    const res = await fetch(`${base}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    const out = (await res.json()) as { id: string; stage: string; status: string; items?: { id: string; username?: string }[] };
    const key = `${method} ${p.replace(/[0-9a-f-]{36}/g, ":id")}${(body as { kind?: string } | undefined)?.kind ? ` ${(body as { kind: string }).kind}` : ""}`;
    const seen = timing.get(key) ?? { n: 0, ms: 0 };
    timing.set(key, { n: seen.n + 1, ms: seen.ms + performance.now() - t });
    return out;
  };
  const officers = (await call("GET", `/api/lists/officers?agencyId=${me.agencyId}&pageSize=200`)).items!;
  const team = ["zhifa", "chengban"].map((u) => officers.find((o) => o.username === u)!.id);

  /** One whole simple-procedure case. */
  const runCase = async () => {
    const c = await call("POST", "/api/cases", { workflowKey: "penalty.simple", title: "未按规定明码标价", source: "inspection", party: { type: "org", name: "示范市鲜果超市有限公司" }, officerIds: team });
    await call("POST", `/api/cases/${c.id}/records`, { kind: "simple_decision", body: "当场作出警告决定" });
    await call("POST", `/api/cases/${c.id}/advance`, {});
    await call("POST", `/api/cases/${c.id}/records`, { kind: "service_proof", body: "当场交付，当事人签收" });
    await call("POST", `/api/cases/${c.id}/advance`, {});
    await call("POST", `/api/cases/${c.id}/records`, { kind: "payment_record", body: "警告已执行" });
    await call("POST", `/api/cases/${c.id}/advance`, {});
    const closed = await call("POST", `/api/cases/${c.id}/advance`, {});
    if (closed.status !== "closed") throw new Error(`case ended ${closed.status} at ${closed.stage}`);
  };
  await closedLoop(runCase, 2); // warm-up
  const cpuBefore = cpuNow(server.process.pid!);
  const cases = await closedLoop(runCase, seconds);
  const cpu = cpuSince(cpuBefore, server.process.pid!);
  const caseRate = cases.done / cases.elapsed;
  if (cpu) {
    // where each case's CPU time goes, measured in this run: at 100 cases/s two cores give 20 ms
    // to each case, for the clients, the server and the database together
    const per = (ms: number) => (ms / cases.done).toFixed(1);
    console.log(`CPU per case: server process ${per(cpu.server)} ms, this bench's HTTP clients ${per(cpu.client)} ms, PostgreSQL and the rest of the machine ${per(cpu.rest)} ms; ${(cpu.busy / 1000 / cases.elapsed).toFixed(2)} of ${os.cpus().length} cores busy (100 cases/s on 2 cores leaves 20 ms per case in all)`);
  }
  if (process.env.BENCH_DIAG) for (const [k, v] of timing) console.log(`${k}: ${(v.ms / v.n).toFixed(1)} ms mean over ${v.n}`);

  // the ledger's own append rate on the same database, same clients, same run
  const database = await openDatabase({ url, poolSize: concurrency + 2 });
  const ledger = new Ledger(database.db, { signing: ledgerSigning("bench.zhifa/ledger", generateLedgerKeys()) });
  // the server's sequencer integrates these too (one deployment, one log); its keys sign them
  const ids: number[] = [];
  const append = async () => {
    const r = await ledger.record({ kind: "bench.step", actor: "system:bench", data: { step: "询问笔录", at: new Date().toISOString() } });
    ids.push(r.id);
  };
  await closedLoop(append, 2);
  ids.length = 0;
  const appended = await closedLoop(append, seconds);
  await database.close();
  const appendRate = appended.done / appended.elapsed;
  const entriesPerCase = 8;
  console.log(`simple-procedure cases: ${caseRate.toFixed(1)}/s through HTTP (${concurrency} clients; ${(caseRate * entriesPerCase).toFixed(0)} ledger entries/s, ${(caseRate * 8).toFixed(0)} requests/s)`);
  console.log(`ledger standalone appends: ${appendRate.toFixed(0)} entries/s (same database, same run)`);
  const ratio = (caseRate * entriesPerCase) / appendRate;
  console.log(JSON.stringify({ bench: "case-flow", value: Number(caseRate.toFixed(1)), unit: "cases/s", baseline: Math.round(appendRate), baseline_unit: "ledger entries/s", ratio: Number(ratio.toFixed(3)), ratio_meaning: "ledger entries/s written by whole cases ÷ plain ledger appends/s", target: 100, pass: caseRate >= 100 }));
} finally {
  await server.stop();
  pgServer.stop();
}
