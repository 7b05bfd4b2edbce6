/**
 * ledger-proofs: inclusion proof p99 from a log of LEDGER_LEAVES leaves (default 10^6; target
 * < 2 ms), against the p99 of a primary-key point read of one leaf in the same run; and the
 * time to verify LEDGER_BUNDLE entries (default 1,000; target < 200 ms) the way `zhifa verify`
 * does: recompute each commitment, check the case chain, each inclusion proof against one
 * checkpoint, and the checkpoint's Ed25519 and SM2 signatures. PostgreSQL (DATABASE_URL, else a
 * throw-away server from local binaries). BENCH_DIAG=1 lists the slow proofs with the garbage
 * collections that overlapped them; BENCH_WARMUP proofs before the samples (default 1000).
 */
import { sql } from "drizzle-orm";
import { chainProblem, entryCommitment, leafHash, openNote, parseCheckpoint, verifyInclusion, type LedgerEntryBody } from "@zhifa/domain";
import { benchDatabase } from "./_pg.ts";
import { openDatabase } from "../packages/server/src/db/client.ts";
import { generateLedgerKeys, ledgerSigning, sha256 } from "../packages/server/src/modules/ledger/keys.ts";
import { Ledger } from "../packages/server/src/modules/ledger/service.ts";
import { rows } from "../packages/server/src/modules/ledger/store.ts";

const leavesWanted = Number(process.env.LEDGER_LEAVES ?? 1_000_000);
const bundleSize = Number(process.env.LEDGER_BUNDLE ?? 1000);
const samples = Number(process.env.BENCH_SAMPLES ?? 3000);

const pgServer = await benchDatabase();
const url = pgServer.url;
const database = await openDatabase({ url, poolSize: 4 });
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
try {
  const db = database.db;
  const ledger = new Ledger(db, { signing: ledgerSigning("bench.zhifa/ledger", generateLedgerKeys()), batchSize: 50_000 });
  // One case of `bundleSize` entries through the real append path (chained), the rest in bulk:
  // salted canonical bodies and their commitments computed by PostgreSQL (same definition).
  const caseIds: number[] = [];
  for (let i = 0; i < bundleSize; i++) {
    const r = await db.transaction((tx) => ledger.append(tx, { kind: "case.step", actor: "user:bench", chain: "case:bench", data: { step: i, text: "现场检查笔录" } }));
    caseIds.push(r.id);
  }
  let t = performance.now();
  for (let done = bundleSize; done < leavesWanted; ) {
    const n = Math.min(100_000, leavesWanted - done);
    await db.execute(sql`insert into ledger_entries (kind, salt, body, commitment)
      select 'bench.bulk', s.salt, s.body, sha256(s.salt || convert_to(s.body, 'UTF8'))
        from (select gen_random_bytes_compat.salt, '{"actor":"system:bench","at":"2026-11-23T00:00:00.000Z","data":{"i":' || g || '},"kind":"bench.bulk","v":1}' as body
                from generate_series(${done}::int, ${done + n - 1}::int) g
                cross join lateral (select sha256(convert_to(g::text || random()::text, 'UTF8')) as salt) gen_random_bytes_compat) s`);
    done += n;
  }
  for (;;) {
    const r = await ledger.integrate();
    if (r.integrated === 0) break;
  }
  const size = (await ledger.latestCheckpoint())!.size;
  console.log(`log of ${size} leaves built and integrated in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // settle: statistics and visibility map after the bulk load, as a running deployment has them
  await db.execute(sql`vacuum analyze ledger_entries`);
  await db.execute(sql`vacuum analyze ledger_leaves`);
  await db.execute(sql`vacuum analyze ledger_nodes`);
  await db.execute(sql`checkpoint`); // the bulk load's dirty pages written now, not during the measurement

  // Baseline: one leaf by primary key, random index.
  const baseline: number[] = [];
  for (let i = 0; i < samples; i++) {
    const idx = Math.floor(Math.random() * size);
    t = performance.now();
    await rows(db, sql`select hash from ledger_leaves where idx = ${idx}`);
    baseline.push(performance.now() - t);
  }
  // Inclusion proofs of random leaves against the latest size, from a reader of its own (a
  // fresh process): BENCH_WARMUP (default 1000) proofs first, not measured, as a server that
  // has been answering for a while has its cache of the tree's upper levels; then the samples.
  const reader = new Ledger(db, { signing: ledger.options.signing });
  const warmup = Number(process.env.BENCH_WARMUP ?? 1000);
  for (let i = 0; i < warmup; i++) await reader.inclusionProof(Math.floor(Math.random() * size), size);
  const gcs: { start: number; duration: number; kind: number }[] = [];
  const { PerformanceObserver } = await import("node:perf_hooks");
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) gcs.push({ start: e.startTime, duration: e.duration, kind: (e as unknown as { detail: { kind: number } }).detail.kind }); });
  if (process.env.BENCH_DIAG) obs.observe({ entryTypes: ["gc"] });
  const starts: number[] = [];
  const proofs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const idx = Math.floor(Math.random() * size);
    t = performance.now();
    starts.push(t);
    await reader.inclusionProof(idx, size);
    proofs.push(performance.now() - t);
  }
  if (process.env.BENCH_DIAG) {
    await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
    const slow = proofs.map((d, i) => ({ i, d, s: starts[i]! })).filter((x) => x.d > 3);
    for (const x of slow) {
      const gc = gcs.filter((g) => g.start < x.s + x.d && g.start + g.duration > x.s);
      console.log(`slow #${x.i} ${x.d.toFixed(1)} ms; gc during: ${gc.map((g) => `${g.kind}:${g.duration.toFixed(1)}`).join(",") || "none"}`);
    }
    console.log(`gc events ${gcs.length}, total ${gcs.reduce((a, g) => a + g.duration, 0).toFixed(0)} ms, max ${Math.max(...gcs.map((g) => g.duration)).toFixed(1)}`);
  }

  // Bundle verification of the case's entries: data as an exported bundle holds it.
  const cp = (await ledger.latestCheckpoint())!;
  const indexes = await ledger.leafIndexes(caseIds);
  const entries = await rows<{ id: number | string; salt: Uint8Array; body: string; commitment: Uint8Array }>(db, sql`select id, salt, body, commitment from ledger_entries where chain = 'case:bench' order by seq`);
  const bundle = await Promise.all(entries.map(async (e) => ({ salt: e.salt, body: e.body, index: indexes.get(Number(e.id))!, proof: await ledger.inclusionProof(indexes.get(Number(e.id))!, cp.size) })));
  const verifyOnce = () => {
    const checkpoint = parseCheckpoint(openNote(cp.note, ledger.options.signing.verifiers).text);
    const chained = bundle.map((b) => {
      const commitment = entryCommitment(sha256, b.salt, b.body);
      verifyInclusion(sha256, b.index, checkpoint.size, leafHash(sha256, commitment), b.proof, checkpoint.root);
      return { body: JSON.parse(b.body) as LedgerEntryBody, commitment };
    });
    const problem = chainProblem("case:bench", chained);
    if (problem) throw new Error(problem);
  };
  verifyOnce();
  const verifyTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    verifyOnce();
    verifyTimes.push(performance.now() - t);
  }
  const verifyMedian = [...verifyTimes].sort((a, b) => a - b)[5]!;

  const value = p99(proofs);
  const base = p99(baseline);
  const sortedProofs = [...proofs].sort((a, b) => a - b);
  console.log(`proof latency p90 ${sortedProofs[Math.floor(samples * 0.9)]!.toFixed(2)} p95 ${sortedProofs[Math.floor(samples * 0.95)]!.toFixed(2)} p98 ${sortedProofs[Math.floor(samples * 0.98)]!.toFixed(2)} max ${sortedProofs[samples - 1]!.toFixed(2)}; over 5 ms: ${proofs.filter((x) => x > 5).length}, first 20: ${proofs.slice(0, 20).map((x) => x.toFixed(1)).join(" ")}`);
  console.log(`inclusion proof at ${size} leaves: p50 ${[...proofs].sort((a, b) => a - b)[Math.floor(samples / 2)]!.toFixed(3)} ms, p99 ${value.toFixed(3)} ms (target < 2 ms); one leaf by primary key p99 ${base.toFixed(3)} ms`);
  console.log(`verifying ${bundle.length} entries (commitments, chain, inclusion proofs, Ed25519 + SM2 checkpoint): ${verifyMedian.toFixed(1)} ms median of 10 (target < 200 ms)`);
  console.log(JSON.stringify({ bench: "ledger-proofs", value: Number(value.toFixed(3)), unit: "ms (inclusion proof p99)", baseline: Number(base.toFixed(3)), ratio: Number((value / base).toFixed(2)), target: 2, bundle_verify_ms: Number(verifyMedian.toFixed(1)), bundle_target_ms: 200, leaves: size, pass: value < 2 && verifyMedian < 200 }));
} finally {
  await database.close();
  pgServer.stop();
}
