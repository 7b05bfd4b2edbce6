import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createTestDatabase } from "../../../test/harness.ts";
import { fsckLedger, type FsckResult } from "./fsck.ts";
import { generateLedgerKeys, ledgerSigning } from "./keys.ts";
import { Ledger } from "./service.ts";
import { LedgerCorrupt, rows } from "./store.ts";

// Tamper evidence (R-REC-02): someone with database access who switches the append-only
// triggers off (session_replication_role = replica) and alters, deletes or reorders anything
// is caught by `ledger fsck`, and the sequencer refuses to sign on top of it. Each case runs
// in a transaction that is rolled back, so they all start from the same clean log.
const signing = ledgerSigning("tamper.zhifa/ledger", generateLedgerKeys());
class Rollback extends Error {}

describe("ledger fsck catches tampering", () => {
  let database: Database;
  let ledger: Ledger;

  beforeAll(async () => {
    database = await createTestDatabase();
    ledger = new Ledger(database.db, { signing, batchSize: 100 });
    for (let i = 0; i < 300; i++) {
      await database.db.transaction((tx) => ledger.append(tx, { kind: "case.step", actor: "user:x", chain: `case:${i % 5}`, data: { step: i, text: "询问笔录" } }));
      if (i % 100 === 99) await ledger.integrate();
    }
    // a few entries committed but not yet integrated
    for (let i = 0; i < 4; i++) await database.db.transaction((tx) => ledger.append(tx, { kind: "case.step", actor: "user:x", chain: "case:pending", data: { step: i } }));
  });
  afterAll(async () => {
    await ledger.stop();
    await database.close();
  });

  async function tampered(...statements: SQL[]): Promise<FsckResult> {
    let result: FsckResult | null = null;
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        for (const s of statements) await tx.execute(s);
        await tx.execute(sql`set local session_replication_role = origin`);
        result = await fsckLedger(tx, { verifiers: signing.verifiers, origin: signing.origin });
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return result!;
  }

  it("is clean on the untouched log", async () => {
    const r = await fsckLedger(database.db, { verifiers: signing.verifiers, origin: signing.origin });
    expect(r).toEqual({ ok: true, problem: null, leaves: 300, entries: 304, checkpoints: 3, chains: 6 });
  });

  it.each([
    ["an entry's content", sql`update ledger_entries set body = replace(body, '询问笔录', '询问笔灵') where id = 50`, /条目 50）：条目内容或盐值与承诺值不符/],
    ["an entry's salt", sql`update ledger_entries set salt = decode(repeat('00', 32), 'hex') where id = 7`, /条目 7）：条目内容或盐值与承诺值不符/],
    ["an entry made non-canonical", sql`update ledger_entries set body = body || ' ' where id = 8`, /条目 8）：条目内容不是规范化 JSON/],
    ["an entry's content and commitment together", sql`update ledger_entries set body = replace(body, '询问笔录', '询问笔灵'), commitment = sha256(salt || convert_to(replace(body, '询问笔录', '询问笔灵'), 'UTF8')) where id = 9`, /第 8 个叶子的哈希与其条目的承诺值不符/],
    ["a leaf hash", sql`update ledger_leaves set hash = sha256(hash) where idx = 120`, /第 120 个叶子的哈希/],
    ["a deleted entry", sql`delete from ledger_entries where id = 77`, /条目（编号 77）不存在/],
    ["a deleted leaf and entry", sql`delete from ledger_leaves where idx = 150`, /叶子序号不连续：应为 150，实为 151/],
    ["the last entries cut off", sql`delete from ledger_leaves where idx >= 290`, /最新检查点的大小为 300，账本只有 290 个叶子/],
    ["a stored node hash", sql`update ledger_nodes set hash = sha256(hash) where level = 8 and idx = 0`, /树高 8 的第 0 个节点哈希与叶子重算的不符/],
    ["a stored node hash removed", sql`delete from ledger_nodes where level = 4 and idx = 3`, /缺少树高 4 的第 3 个节点哈希/],
    ["a stored node hash added", sql`insert into ledger_nodes values (8, 5, sha256('x'))`, /树高 8 存有 2 个节点哈希，叶子只给出 1 个/],
    ["a checkpoint's signature", sql`update ledger_checkpoints set note = regexp_replace(note, '— (\\S+) (\\S{12})\\S{8}', '— \\1 \\2AAAAAAAA') where size = 200`, /检查点（大小 200）签名无效/],
    ["a checkpoint's root", sql`update ledger_checkpoints set root = sha256(root) where size = 100`, /检查点（大小 100）签名内容与存储的大小或根哈希不符/],
    ["an integrated entry's leaf removed from the end", sql`delete from ledger_leaves where idx = 299`, /最新检查点的大小为 300，账本只有 299 个叶子/],
    ["a pending entry altered", sql`update ledger_entries set body = replace(body, '"step":1', '"step":9') where id = 302`, /待入账条目 302：条目内容或盐值与承诺值不符/],
  ])("catches %s", async (_what, statement, problem) => {
    const r = await tampered(statement);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(problem);
  });

  it("catches two leaves swapped (with their hashes) through the signed roots", async () => {
    const r = await tampered(
      sql`update ledger_leaves set idx = -1 where idx = 10`,
      sql`update ledger_leaves set idx = 10 where idx = 11`,
      sql`update ledger_leaves set idx = 11 where idx = -1`,
    );
    expect(r.problem).toMatch(/由前 100 个叶子重算的根哈希与已签检查点不符/);
  });

  it("catches a chain entry removed and the later ones renumbered, even re-hashed (R-REC-02)", async () => {
    // Remove pending case:pending seq 2 and renumber 3,4 → 2,3: bodies and commitments recomputed
    // consistently, but the links to previous commitments no longer hold.
    const r = await tampered(
      sql`delete from ledger_entries where id = 302`,
      sql`update ledger_entries set seq = seq - 1, body = replace(body, '"seq":' || seq, '"seq":' || (seq - 1)) where chain = 'case:pending' and seq > 2`,
      sql`update ledger_entries set commitment = sha256(salt || convert_to(body, 'UTF8')) where chain = 'case:pending' and seq >= 2`,
    );
    expect(r.problem).toMatch(/链 case:pending 第 2 条记录指向的前一条与实际不符/);
  });

  it("the sequencer refuses to sign on top of a tampered tree, and signs nothing", async () => {
    const before = await ledger.latestCheckpoint();
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update ledger_leaves set hash = sha256(hash) where idx = 299`);
        await tx.execute(sql`set local session_replication_role = origin`);
        throw new Rollback();
      })
      .catch(() => undefined);
    // now really tamper (committed), try to integrate, then restore
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update ledger_leaves set hash = sha256(hash) where idx = 299`);
    });
    try {
      await expect(ledger.integrate()).rejects.toBeInstanceOf(LedgerCorrupt);
      expect((await ledger.latestCheckpoint())!.size).toBe(before!.size);
      const [{ n }] = await rows<{ n: number | string }>(database.db, sql`select count(*) as n from ledger_leaves`) as [{ n: number | string }];
      expect(Number(n)).toBe(300); // nothing integrated
    } finally {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update ledger_leaves l set hash = sha256(decode('00', 'hex') || e.commitment) from ledger_entries e where e.id = l.entry_id and l.idx = 299`);
      });
    }
    expect((await ledger.integrate()).size).toBe(304);
    expect((await fsckLedger(database.db, { verifiers: signing.verifiers, origin: signing.origin })).ok).toBe(true);
  });
});
