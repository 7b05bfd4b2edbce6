import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client.ts";
import { createTestDatabase } from "../../../test/harness.ts";
import { generateLedgerKeys, ledgerSigning } from "./keys.ts";
import { Ledger } from "./service.ts";

// `zhifa ledger fsck` on the command line (R-REC-02): exit 0 on a clean log, 1 naming the first
// problem, 2 without keys; works with the deployment's keys or with published verifier keys.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const keys = generateLedgerKeys();
const signing = ledgerSigning("cli.zhifa/ledger", keys);
const run = promisify(execFile);

describe("zhifa ledger fsck (command line)", () => {
  let database: Database;
  let dataDir: string;
  let env: Record<string, string>;

  const reopen = async (): Promise<Database> => (database.url ? database : openDatabase({ dataDir: path.join(dataDir, "pglite") }));

  async function fsck(args: string[] = [], extraEnv: Record<string, string> = env): Promise<{ code: number; out: string }> {
    try {
      const r = await run(path.join(root, "node_modules/.bin/zhifa"), ["ledger", "fsck", ...args], { cwd: root, env: { ...process.env, ...extraEnv } });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-cli-"));
    database = process.env.ZHIFA_TEST_DB === "postgres" ? await createTestDatabase() : await openDatabase({ dataDir: path.join(dataDir, "pglite") });
    env = { DATA_DIR: dataDir, LEDGER_ORIGIN: signing.origin, LEDGER_ED25519_KEY: keys.ed25519PrivateKey, LEDGER_SM2_KEY: keys.sm2PrivateKey, ...(database.url ? { DATABASE_URL: database.url } : {}) };
    const ledger = new Ledger(database.db, { signing });
    for (let i = 0; i < 40; i++) await database.db.transaction((tx) => ledger.append(tx, { kind: "test", actor: "system:cli", chain: "case:1", data: { i } }));
    await ledger.integrate();
    if (!database.url) await database.close(); // PGlite: one process at a time
  });
  afterAll(async () => {
    if (database.url) await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("passes a clean log (exit 0), with configured keys or with published verifier keys", async () => {
    const r = await fsck();
    expect(r.out).toContain("账本检查通过 ledger fsck OK: 40 个叶子 leaves, 40 条条目 entries, 1 个检查点 checkpoints, 1 条链 chains");
    expect(r.code).toBe(0);
    const byKey = await fsck(signing.vkeys.flatMap((k) => ["--key", k]), { DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) });
    expect(byKey.code).toBe(0);
  });

  it("exits 2 without keys", async () => {
    const r = await fsck([], { DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) });
    expect(r.code).toBe(2);
    expect(r.out).toContain("没有账本签名密钥");
  });

  it("exits 1 naming the first problem after tampering", async () => {
    const db = await reopen();
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update ledger_entries set body = replace(body, '"i":7', '"i":8') where seq = 8`);
    });
    if (!database.url) await db.close();
    const r = await fsck();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/账本检查失败 ledger fsck FAILED: 第 7 个叶子（条目 \d+）：条目内容或盐值与承诺值不符/);
  });
});
