/**
 * ledger-append: ledger entries durably integrated per second (committed, in the Merkle tree,
 * under a signed checkpoint) against plain single-row INSERT transactions per second on the
 * same PostgreSQL, same client count, same run. Two ways in: one append per transaction (a
 * module's change) and standalone records, which the ledger group-commits; the JSON's value is
 * the latter, `in_transaction` the former. Target ratio ≥ 0.6; also prints integration
 * latency p50/p99 (target p99 < 1 s). Uses DATABASE_URL if set, else a throw-away PostgreSQL
 * from local binaries (Unix socket). Env: BENCH_SECONDS (default 10), BENCH_CONCURRENCY (16).
 */
import { sql } from "drizzle-orm";
import { benchDatabase } from "./_pg.ts";
import { openDatabase } from "../packages/server/src/db/client.ts";
import { generateLedgerKeys, ledgerSigning } from "../packages/server/src/modules/ledger/keys.ts";
import { Ledger } from "../packages/server/src/modules/ledger/service.ts";
import { fsckLedger } from "../packages/server/src/modules/ledger/fsck.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

const pgServer = await benchDatabase();
const url = pgServer.url;

const database = await openDatabase({ url, poolSize: concurrency + 2 });
try {
  const db = database.db;
  await db.execute(sql`create table if not exists bench_plain (id bigserial primary key, payload text not null, created_at timestamptz not null default now())`);

  async function closedLoop(op: (i: number) => Promise<void>, secs: number): Promise<number> {
    const deadline = Date.now() + secs * 1000;
    let n = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await op(n++);
    }));
    return n;
  }
  const payload = (i: number) => JSON.stringify({ case: `case-${i % 1000}`, step: "询问笔录", at: new Date().toISOString(), i });

  // Baseline: one INSERT per transaction (autocommit), same payload size.
  await closedLoop((i) => db.execute(sql`insert into bench_plain (payload) values (${payload(i)})`).then(() => undefined), 2);
  const t0 = performance.now();
  const plain = await closedLoop((i) => db.execute(sql`insert into bench_plain (payload) values (${payload(i)})`).then(() => undefined), seconds);
  const plainRate = plain / ((performance.now() - t0) / 1000);

  // Ledger: the same clients append (one statement each), this process's sequencer integrates.
  const ledger = new Ledger(db, { signing: ledgerSigning("bench.zhifa/ledger", generateLedgerKeys()) });
  // latency: from the append's acknowledgement to its integration under a signed checkpoint
  const acked = new Map<number, number>();
  const latencies: number[] = [];
  ledger.events.on("integrated", ({ ids }: { ids: number[] }) => {
    const now = performance.now();
    for (const id of ids) {
      const at = acked.get(id);
      if (at !== undefined) {
        latencies.push(now - at);
        acked.delete(id);
      }
    }
  });
  ledger.start();

  /** Appends in closed loop for `seconds`; returns entries/s from the first append to the last one integrated. */
  async function measure(op: (i: number) => Promise<{ id: number }>): Promise<number> {
    const run = async (i: number) => {
      const r = await op(i);
      acked.set(r.id, performance.now());
      ledger.kick();
    };
    await closedLoop(run, 2); // warm-up
    await ledger.waitIntegrated([...acked.keys()], 60_000);
    latencies.length = 0;
    const sizeBefore = (await ledger.latestCheckpoint())!.size;
    const t = performance.now();
    const appended = await closedLoop(run, seconds);
    await ledger.waitIntegrated([...acked.keys()], 120_000);
    const elapsed = (performance.now() - t) / 1000;
    const integrated = (await ledger.latestCheckpoint())!.size - sizeBefore;
    if (integrated < appended) throw new Error(`only ${integrated} of ${appended} appends integrated`);
    return appended / elapsed;
  }
  const pct = (p: number) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  };

  // (1) one append per transaction, as a module's change does (BEGIN; INSERT; COMMIT)
  const inTxRate = await measure((i) => db.transaction((tx) => ledger.append(tx, { kind: "bench.step", actor: "system:bench", data: JSON.parse(payload(i)) })));
  const inTx = { p50: pct(50), p99: pct(99) };
  // (2) standalone entries (logged reads, stored files…): concurrent ones group-committed
  const rate = await measure((i) => ledger.record({ kind: "bench.step", actor: "system:bench", data: JSON.parse(payload(i)) }));
  await ledger.stop();
  const [{ n: checkpoints }] = ((await db.execute(sql`select count(*)::int as n from ledger_checkpoints`)) as unknown as { rows: [{ n: number }] }).rows;
  const fsck = await fsckLedger(db, { verifiers: ledger.options.signing.verifiers, origin: ledger.origin });
  if (!fsck.ok) throw new Error(`fsck after the bench: ${fsck.problem}`);
  console.log(`plain single-row INSERT transactions: ${plainRate.toFixed(0)}/s (${concurrency} clients)`);
  console.log(`ledger, one append per transaction: ${inTxRate.toFixed(0)} entries/s integrated (ratio ${(inTxRate / plainRate).toFixed(3)}), latency p50 ${inTx.p50.toFixed(0)} ms, p99 ${inTx.p99.toFixed(0)} ms`);
  console.log(`ledger, standalone records (group commit): ${rate.toFixed(0)} entries/s integrated (ratio ${(rate / plainRate).toFixed(3)}), latency p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms`);
  console.log(`${checkpoints} signed checkpoints; fsck clean (${fsck.leaves} leaves)`);
  const latencyOk = pct(99) < 1000 && inTx.p99 < 1000;
  const ratio = rate / plainRate;
  console.log(JSON.stringify({ bench: "ledger-append", value: Math.round(rate), unit: "entries/s", baseline: Math.round(plainRate), ratio: Number(ratio.toFixed(3)), target: 0.6, p50_ms: Math.round(pct(50)), p99_ms: Math.round(pct(99)), in_transaction: { value: Math.round(inTxRate), ratio: Number((inTxRate / plainRate).toFixed(3)), p50_ms: Math.round(inTx.p50), p99_ms: Math.round(inTx.p99) }, pass: ratio >= 0.6 && latencyOk }));
} finally {
  await database.close();
  pgServer.stop();
}
