import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createTestDatabase } from "../../../test/harness.ts";
import { fsckLedger } from "./fsck.ts";
import { generateLedgerKeys, ledgerSigning } from "./keys.ts";
import { Ledger } from "./service.ts";
import { rows } from "./store.ts";

// Several server processes on one PostgreSQL append at once and keep one linear log; a process
// killed with SIGKILL mid-append loses nothing it acknowledged (R-REC-02). Real processes, so
// PostgreSQL only (the embedded database belongs to one process).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const writer = path.join(root, "packages/server/test/ledger-writer.ts");
const keys = generateLedgerKeys();
const origin = "procs.zhifa/ledger";

interface Writer {
  child: ChildProcess;
  acks: number[];
  done: Promise<number | null>;
}

function startWriter(url: string, env: Record<string, string>): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", writer], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, LEDGER_ORIGIN: origin, LEDGER_ED25519_KEY: keys.ed25519PrivateKey, LEDGER_SM2_KEY: keys.sm2PrivateKey, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acks: number[] = [];
  let buffer = "";
  child.stdout!.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const l of lines) if (l.startsWith("ack ")) acks.push(Number(l.slice(4)));
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  return { child, acks, done };
}

describe.skipIf(process.env.ZHIFA_TEST_DB !== "postgres")("ledger across processes (PostgreSQL)", () => {
  let database: Database;
  let ledger: Ledger;
  const signing = ledgerSigning(origin, keys);

  beforeAll(async () => {
    database = await createTestDatabase();
    ledger = new Ledger(database.db, { signing });
  });
  afterAll(async () => {
    await ledger.stop();
    await database.close();
  });

  async function integrateAll(): Promise<void> {
    for (;;) {
      const r = await ledger.integrate();
      if (r.busy) await new Promise((res) => setTimeout(res, 20));
      else if (r.integrated === 0) return;
    }
  }

  it("two processes appending concurrently produce one linear log, every acknowledged entry in it", async () => {
    const a = startWriter(database.url!, { NAME: "a", WRITERS: "4", COUNT: "60", CHAINS: "3" });
    const b = startWriter(database.url!, { NAME: "b", WRITERS: "4", COUNT: "60", CHAINS: "3" });
    expect(await a.done).toBe(0);
    expect(await b.done).toBe(0);
    await integrateAll();
    const acked = [...a.acks, ...b.acks];
    expect(acked).toHaveLength(480);
    const leaves = await ledger.leafIndexes(acked);
    expect(leaves.size).toBe(480);
    expect(new Set(leaves.values()).size).toBe(480);
    expect(Math.max(...leaves.values())).toBe(479);
    // both processes' sequencers signed checkpoints
    const [{ n }] = (await rows<{ n: string }>(database.db, sql`select count(*) as n from ledger_checkpoints`)) as [{ n: string }];
    expect(Number(n)).toBeGreaterThan(2);
    const fsck = await fsckLedger(database.db, { verifiers: signing.verifiers, origin });
    expect(fsck).toMatchObject({ ok: true, leaves: 480, entries: 480, chains: 3 });
  }, 120_000);

  it("kill -9 during concurrent appends: after restart fsck is clean and every acknowledged append is in the log", async () => {
    const before = (await ledger.latestCheckpoint())!.size;
    const w = startWriter(database.url!, { NAME: "crash", WRITERS: "6", CHAINS: "2" });
    const deadline = Date.now() + 60_000;
    while (w.acks.length < 300 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    w.child.kill("SIGKILL");
    await w.done;
    const acked = [...w.acks];
    expect(acked.length).toBeGreaterThanOrEqual(300);
    // "restart": a fresh process's sequencer integrates what the dead one left queued
    await integrateAll();
    const fsck = await fsckLedger(database.db, { verifiers: signing.verifiers, origin });
    expect(fsck.problem).toBeNull();
    const leaves = await ledger.leafIndexes(acked);
    expect(leaves.size).toBe(acked.length);
    expect((await ledger.latestCheckpoint())!.size).toBeGreaterThanOrEqual(before + acked.length);
  }, 120_000);
});
