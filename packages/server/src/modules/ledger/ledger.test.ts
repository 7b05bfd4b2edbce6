import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consistencyProof as memConsistency, emptyRoot, fromBase64, inclusionProof as memInclusion, leafHash, openNote, parseCheckpoint, parseTilePath, rootOf, tilePath, toHex,
  verifyConsistency, verifyInclusion, type LedgerEntryBody,
} from "@zhifa/domain";
import type { Database } from "../../db/client.ts";
import { createTestDatabase } from "../../../test/harness.ts";
import { fsckLedger } from "./fsck.ts";
import { generateLedgerKeys, ledgerSigning, sha256 } from "./keys.ts";
import { Ledger } from "./service.ts";
import { rows, TreeReader } from "./store.ts";

// The ledger against a real database (PGlite and PostgreSQL): appends, batched integration,
// tiles, proofs, signed checkpoints, append-only tables, chains (R-REC-02, R-REC-10).
const signing = ledgerSigning("test.zhifa/ledger", generateLedgerKeys());

async function appendMany(ledger: Ledger, n: number, chain?: (i: number) => string | undefined): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await ledger.db.transaction((tx) => ledger.append(tx, { kind: "test.entry", actor: "system:test", chain: chain?.(i), data: { i } }));
    ids.push(r.id);
  }
  return ids;
}

async function allCommitments(db: Database["db"]): Promise<Uint8Array[]> {
  const r = await rows<{ commitment: Uint8Array }>(db, sql`select e.commitment from ledger_leaves l join ledger_entries e on e.id = l.entry_id order by l.idx`);
  return r.map((x) => x.commitment);
}

describe("ledger", () => {
  let database: Database;
  let ledger: Ledger;
  const checkpointsSeen: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ledger = new Ledger(database.db, { signing, batchSize: 97 });
  });
  afterAll(async () => {
    await ledger.stop();
    await database.close();
  });

  it("starts empty, then signs the empty tree once, so a checkpoint always exists", async () => {
    expect(await ledger.latestCheckpoint()).toBeNull();
    expect(await ledger.integrate()).toEqual({ integrated: 0, size: 0 });
    const cp = await ledger.latestCheckpoint();
    const parsed = parseCheckpoint(openNote(cp!.note, signing.verifiers).text);
    expect([parsed.size, toHex(parsed.root)]).toEqual([0, toHex(emptyRoot(sha256))]);
    await ledger.integrate();
    expect(Number((await rows<{ n: string }>(database.db, sql`select count(*) as n from ledger_checkpoints`))[0]!.n)).toBe(1);
  });

  it("integrates in batches across tile boundaries; every checkpoint is signed (Ed25519 + SM2) and its root is the RFC 6962 root (R-REC-02, R-REC-10)", async () => {
    await appendMany(ledger, 700, (i) => (i % 3 === 0 ? `case:${i % 7}` : undefined));
    for (;;) {
      const r = await ledger.integrate();
      if (r.integrated === 0) break;
      checkpointsSeen.push(r.size);
    }
    expect(checkpointsSeen).toEqual([97, 194, 291, 388, 485, 582, 679, 700]);
    const leaves = (await allCommitments(database.db)).map((c) => leafHash(sha256, c));
    expect(leaves).toHaveLength(700);
    for (const size of checkpointsSeen) {
      const cp = await ledger.checkpointAt(size);
      const opened = openNote(cp!.note, signing.verifiers);
      expect(opened.verifiedBy.map((v) => v.algorithm)).toEqual(["Ed25519", "SM2-SM3"]);
      const parsed = parseCheckpoint(opened.text);
      expect(parsed).toMatchObject({ origin: "test.zhifa/ledger", size });
      expect(toHex(parsed.root)).toBe(toHex(rootOf(sha256, leaves.slice(0, size))));
    }
    // node hashes stored every 4 levels: 700/16 = 43 at level 4, 2 at level 8 (the C2SP level-1 tile)
    const nodes = await rows<{ level: number; idx: number | string; hash: Uint8Array }>(database.db, sql`select level, idx, hash from ledger_nodes order by level, idx`);
    expect(nodes.filter((n) => n.level === 4)).toHaveLength(43);
    expect(nodes.filter((n) => n.level === 8).map((n) => Number(n.idx))).toEqual([0, 1]);
    expect(nodes.filter((n) => n.level > 8)).toHaveLength(0);
    expect(toHex(nodes.find((n) => n.level === 8 && Number(n.idx) === 1)!.hash)).toBe(toHex(rootOf(sha256, leaves.slice(256, 512))));
    expect(toHex(nodes.find((n) => n.level === 4 && Number(n.idx) === 42)!.hash)).toBe(toHex(rootOf(sha256, leaves.slice(672, 688))));
  });

  it("serves inclusion proofs that verify and equal the in-memory RFC 9162 proofs", async () => {
    const leaves = (await allCommitments(database.db)).map((c) => leafHash(sha256, c));
    for (const size of [1, 97, 256, 257, 512, 679, 700]) {
      const root = rootOf(sha256, leaves.slice(0, size));
      for (const index of [0, 1, Math.floor(size / 2), 255, 256, size - 1].filter((i) => i < size)) {
        const proof = await ledger.inclusionProof(index, size);
        expect(proof.map(toHex), `index ${index} size ${size}`).toEqual(memInclusion(sha256, leaves.slice(0, size), index).map(toHex));
        verifyInclusion(sha256, index, size, leaves[index]!, proof, root);
      }
    }
  });

  it("a reader whose cache is far too small (slots reused all the time) still gives the RFC proofs, asked twice and concurrently", async () => {
    const leaves = (await allCommitments(database.db)).map((c) => leafHash(sha256, c));
    const reader = new TreeReader(5);
    const size = 700;
    for (let round = 0; round < 2; round++) {
      const indexes = Array.from({ length: 60 }, (_, k) => (k * 37 + round * 11) % size);
      const proofs = await Promise.all(indexes.map((i) => reader.inclusionProof(database.db, i, size)));
      indexes.forEach((index, k) => expect(proofs[k]!.map(toHex), `index ${index}`).toEqual(memInclusion(sha256, leaves.slice(0, size), index).map(toHex)));
    }
    expect((await reader.consistencyProof(database.db, 300, 700)).map(toHex)).toEqual(memConsistency(sha256, leaves.slice(0, 700), 300).map(toHex));
    // many proofs read together (a case file's entries), across more than one statement's worth
    const many = Array.from({ length: 300 }, (_, k) => (k * 7) % size);
    const together = await reader.inclusionProofs(database.db, many, size);
    expect(together).toHaveLength(300);
    many.forEach((index, k) => expect(together[k]!.map(toHex), `index ${index}`).toEqual(memInclusion(sha256, leaves.slice(0, size), index).map(toHex)));
    expect(await new TreeReader().inclusionProofs(database.db, [], size)).toEqual([]);
  });

  it("serves consistency proofs between any two sizes", async () => {
    const leaves = (await allCommitments(database.db)).map((c) => leafHash(sha256, c));
    for (const [a, b] of [[1, 700], [97, 194], [255, 257], [256, 512], [300, 700], [699, 700]] as const) {
      const proof = await ledger.consistencyProof(a, b);
      expect(proof.map(toHex)).toEqual(memConsistency(sha256, leaves.slice(0, b), a).map(toHex));
      verifyConsistency(sha256, a, b, proof, rootOf(sha256, leaves.slice(0, a)), rootOf(sha256, leaves.slice(0, b)));
    }
  });

  it("serves tiles per C2SP tlog-tiles: full and partial, level 0 and 1, and entry bundles", async () => {
    const commitments = await allCommitments(database.db);
    const leaves = commitments.map((c) => leafHash(sha256, c));
    const t0 = await ledger.tile(0, 1, 256);
    expect(toHex(t0!)).toBe(leaves.slice(256, 512).map(toHex).join(""));
    const partial = await ledger.tile(0, 2, 700 - 512);
    expect(partial!.length).toBe((700 - 512) * 32);
    expect(await ledger.tile(0, 2, 256)).toBeNull(); // not full yet
    const t1 = await ledger.tile(1, 0, 2);
    expect(toHex(t1!)).toBe(toHex(rootOf(sha256, leaves.slice(0, 256))) + toHex(rootOf(sha256, leaves.slice(256, 512))));
    const bundle = await ledger.entryBundle(0, 3);
    expect(toHex(bundle!)).toBe(commitments.slice(0, 3).map((c) => "0020" + toHex(c)).join(""));
    expect(tilePath(0, 1234067)).toBe("tile/0/x001/x234/067");
    expect(tilePath(1, 2, 17)).toBe("tile/1/002.p/17");
    expect(parseTilePath("0/x001/x234/067")).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath("entries/002.p/17")).toEqual({ level: "entries", index: 2, width: 17 });
    for (const bad of ["0/1", "0/x000/001", "64/000", "0/000.p/256", "0/000.p/0", "00/000"]) expect(parseTilePath(bad), bad).toBeNull();
  });

  it("chains each case's entries: seq 1, 2, 3… each naming the previous commitment", async () => {
    const chain = await rows<{ seq: number; body: string; commitment: Uint8Array }>(database.db, sql`select seq, body, commitment from ledger_entries where chain = 'case:3' order by seq`);
    expect(chain.length).toBeGreaterThan(10);
    chain.forEach((e, i) => {
      const body = JSON.parse(e.body) as LedgerEntryBody;
      expect(body.seq).toBe(i + 1);
      expect(body.prev).toBe(i === 0 ? undefined : toHex(chain[i - 1]!.commitment));
    });
  });

  it("chains stay linear when many transactions append to one case at once", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => database.db.transaction((tx) => ledger.append(tx, { kind: "test.race", actor: "system:test", chain: "case:race", data: { i } }))));
    expect(results.map((r) => r.seq).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await ledger.integrate();
    const fsck = await fsckLedger(database.db, { verifiers: signing.verifiers, origin: signing.origin });
    expect(fsck).toMatchObject({ ok: true, problem: null, leaves: 712 });
  });

  it("records standalone entries in group commits, chained correctly, with odd characters intact", async () => {
    const recorded = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ledger.record({ kind: "record.read", actor: "user:reader", chain: i % 2 ? 'case:"quoted\\chain"，中文' : undefined, data: { i, note: 'a"b\\c{,}' } })),
    );
    const chained = recorded.filter((r) => r.seq !== null).sort((a, b) => a.seq! - b.seq!);
    expect(chained.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // also interleaved with in-transaction appends to the same chain
    const more = await Promise.all([
      ledger.record({ kind: "record.read", actor: "user:reader", chain: 'case:"quoted\\chain"，中文', data: {} }),
      database.db.transaction((tx) => ledger.append(tx, { kind: "record.read", actor: "user:reader", chain: 'case:"quoted\\chain"，中文', data: {} })),
    ]);
    expect(more.map((r) => r.seq).sort()).toEqual([21, 22]);
    const stored = await rows<{ body: string; commitment: Uint8Array }>(database.db, sql`select body, commitment from ledger_entries where id = ${recorded[1]!.id}`);
    expect(JSON.parse(stored[0]!.body)).toMatchObject({ chain: 'case:"quoted\\chain"，中文', data: { i: 1, note: 'a"b\\c{,}' } });
    expect(toHex(stored[0]!.commitment)).toBe(toHex(recorded[1]!.commitment));
    while ((await ledger.integrate()).integrated > 0);
    expect((await fsckLedger(database.db, { verifiers: signing.verifiers, origin: signing.origin })).problem).toBeNull();
  });

  it("the ledger's tables refuse UPDATE, DELETE and TRUNCATE (R-REC-02)", async () => {
    for (const table of ["ledger_entries", "ledger_leaves", "ledger_checkpoints", "ledger_nodes"]) {
      await expect(database.db.execute(sql.raw(`update ${table} set ${table === "ledger_nodes" ? "level = level" : table === "ledger_checkpoints" ? "size = size" : table === "ledger_leaves" ? "idx = idx" : "kind = kind"}`)), table).rejects.toMatchObject({ cause: { code: "ZA002" } });
      await expect(database.db.execute(sql.raw(`delete from ${table}`)), table).rejects.toMatchObject({ cause: { code: "ZA002" } });
      await expect(database.db.execute(sql.raw(`truncate ${table} cascade`)), table).rejects.toMatchObject({ cause: { code: "ZA002" } });
    }
  });

  it("publishes verifier keys that parse, and a key id per algorithm", () => {
    expect(signing.vkeys).toHaveLength(2);
    expect(signing.vkeys[0]).toMatch(/^test\.zhifa\/ledger\+[0-9a-f]{8}\+/);
    expect(fromBase64(signing.vkeys[1]!.split("+").slice(2).join("+"))![0]).toBe(0xff);
  });
});
