import { describe, expect, it, beforeAll } from "vitest";
import {
  fromBase64, leafHash, openNote, parseCheckpoint, parseVerifierKey, rootFromInclusionProof, tilePath, toHex, verifyConsistency, verifyInclusion, type NoteVerifier,
} from "@zhifa/domain";
import { setupTestApp, type TestContext } from "../../../test/harness.ts";
import { anonymous } from "../../../test/factories.ts";
import { ed25519Verify, sha256 } from "./keys.ts";

// The public read API (R-REC-02, R-REC-10): no login, checkpoint + tiles per C2SP, proofs as JSON
// that a client verifies with nothing but the published keys.
describe("ledger public API", () => {
  let ctx: TestContext;
  let verifiers: NoteVerifier[];
  const commitments: Uint8Array[] = [];

  beforeAll(async () => {
    ctx = await setupTestApp();
    const ids: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = await ctx.app.db.transaction((tx) => ctx.app.ledger.append(tx, { kind: "test.entry", actor: "system:test", data: { i } }));
      ids.push(r.id);
      commitments.push(r.commitment);
    }
    const indexes = await ctx.app.ledger.waitIntegrated(ids);
    // leaves are in integration order: map back
    const byIndex = [...indexes.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => commitments[ids.indexOf(id)]!);
    commitments.splice(0, commitments.length, ...byIndex);
    const keys = (await anonymous(ctx.app).get("/api/ledger/keys")).json() as { origin: string; keys: { algorithm: string; vkey: string }[] };
    verifiers = keys.keys.map((k) => parseVerifierKey(k.vkey, { sha256, ed25519Verify }));
  });

  it("serves the latest checkpoint as a signed note without login, briefly cacheable", async () => {
    const res = await anonymous(ctx.app).get("/api/ledger/checkpoint");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=2");
    const opened = openNote(res.body, verifiers);
    expect(opened.verifiedBy.map((v) => v.algorithm)).toEqual(["Ed25519", "SM2-SM3"]);
    expect(parseCheckpoint(opened.text)).toMatchObject({ origin: "test.zhifa/ledger", size: 300 });
  });

  it("publishes the verifier keys of both algorithms", async () => {
    const res = (await anonymous(ctx.app).get("/api/ledger/keys")).json();
    expect(res.origin).toBe("test.zhifa/ledger");
    expect(res.keys.map((k: { algorithm: string }) => k.algorithm)).toEqual(["Ed25519", "SM2-SM3"]);
  });

  it("serves tiles and entry bundles at C2SP paths, immutable", async () => {
    const full = await anonymous(ctx.app).get(`/api/ledger/${tilePath(0, 0)}`);
    expect(full.statusCode).toBe(200);
    expect(full.headers["content-type"]).toBe("application/octet-stream");
    expect(full.headers["cache-control"]).toContain("immutable");
    expect(toHex(full.rawPayload)).toBe(commitments.slice(0, 256).map((c) => toHex(leafHash(sha256, c))).join(""));
    const partial = await anonymous(ctx.app).get(`/api/ledger/${tilePath(0, 1, 44)}`);
    expect(partial.rawPayload.length).toBe(44 * 32);
    expect((await anonymous(ctx.app).get(`/api/ledger/${tilePath(1, 0, 1)}`)).rawPayload.length).toBe(32);
    const bundle = await anonymous(ctx.app).get(`/api/ledger/${tilePath("entries", 1, 44)}`);
    expect(bundle.rawPayload.length).toBe(44 * 34);
    expect((await anonymous(ctx.app).get(`/api/ledger/${tilePath(0, 1)}`)).json().error.id).toBe("ledger_tile_not_found");
    expect((await anonymous(ctx.app).get("/api/ledger/tile/0/1")).json().error.id).toBe("ledger_bad_tile_path");
  });

  it("answers inclusion proofs that verify against the signed checkpoint", async () => {
    for (const index of [0, 17, 255, 256, 299]) {
      const res = await anonymous(ctx.app).get(`/api/ledger/proof/inclusion?index=${index}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { size: number; leafHash: string; proof: string[]; checkpoint: string };
      const cp = parseCheckpoint(openNote(body.checkpoint, verifiers).text);
      const leaf = leafHash(sha256, commitments[index]!);
      expect(body.leafHash).toBe(Buffer.from(leaf).toString("base64"));
      verifyInclusion(sha256, index, body.size, leaf, body.proof.map((p) => fromBase64(p)!), cp.root);
    }
    const older = (await anonymous(ctx.app).get("/api/ledger/proof/inclusion?index=3&size=100")).json();
    expect(older.size).toBe(100);
    expect(toHex(rootFromInclusionProof(sha256, 3, 100, leafHash(sha256, commitments[3]!), older.proof.map((p: string) => fromBase64(p)!)))).toHaveLength(64);
  });

  it("answers consistency proofs", async () => {
    const res = (await anonymous(ctx.app).get("/api/ledger/proof/consistency?from=10&to=300")).json();
    const root10 = rootFromInclusionProof(sha256, 0, 10, leafHash(sha256, commitments[0]!), (await anonymous(ctx.app).get("/api/ledger/proof/inclusion?index=0&size=10")).json().proof.map((p: string) => fromBase64(p)!));
    const cp = parseCheckpoint(openNote(res.checkpoint, verifiers).text);
    verifyConsistency(sha256, 10, 300, res.proof.map((p: string) => fromBase64(p)!), root10, cp.root);
  });

  it("finds a leaf by its commitment", async () => {
    const res = (await anonymous(ctx.app).get(`/api/ledger/leaf/${toHex(commitments[42]!)}`)).json();
    expect(res.index).toBe(42);
    expect((await anonymous(ctx.app).get(`/api/ledger/leaf/${"0".repeat(64)}`)).statusCode).toBe(404);
    expect((await anonymous(ctx.app).get("/api/ledger/leaf/xyz")).json().error.id).toBe("ledger_bad_commitment");
  });

  it.each([
    ["/api/ledger/proof/inclusion?index=300", "ledger_bad_index"],
    ["/api/ledger/proof/inclusion?index=0&size=301", "ledger_bad_size"],
    ["/api/ledger/proof/inclusion?index=-1", "validation_failed"],
    ["/api/ledger/proof/consistency?from=200&to=100", "ledger_bad_size"],
    ["/api/ledger/proof/consistency?from=0", "validation_failed"],
  ])("rejects %s with %s", async (url, id) => {
    const res = await anonymous(ctx.app).get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.id).toBe(id);
  });
});

// The platform's own transparency (issue "public portal"): every signed checkpoint stays public.
describe("checkpoint history: API and portal page", () => {
  let ctx: TestContext;
  const sizes: number[] = [];

  beforeAll(async () => {
    ctx = await setupTestApp();
    // a new log signs its empty tree first: wait for it (an entry appended before the sequencer's
    // first run would be integrated at once, and no size-0 checkpoint signed)
    for (const deadline = Date.now() + 10_000; !(await ctx.app.ledger.latestCheckpoint()); ) {
      if (Date.now() > deadline) throw new Error("the ledger signed no checkpoint of its empty tree");
      await new Promise((r) => setTimeout(r, 20));
    }
    // three integrations, three checkpoints
    for (let i = 0; i < 3; i++) {
      const r = await ctx.app.db.transaction((tx) => ctx.app.ledger.append(tx, { kind: "test.entry", actor: "system:test", data: { i } }));
      await ctx.app.ledger.waitIntegrated([r.id]);
      sizes.push((await ctx.app.ledger.latestCheckpoint())!.size);
    }
  });

  it("lists the signed checkpoints newest first with keyset paging, each note served by its size", async () => {
    const anon = anonymous(ctx.app);
    const latest = sizes[sizes.length - 1]!;
    const first = await anon.get("/api/ledger/checkpoints?limit=2");
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: { size: number; rootHex: string; createdAt: string }[]; next: number | null };
    expect(page1.items.map((c) => c.size)).toEqual([latest, sizes[1]]);
    expect(page1.next).toBe(sizes[1]);
    const page2 = (await anon.get(`/api/ledger/checkpoints?limit=2&before=${page1.next}`)).json() as typeof page1;
    expect(page2.items[0]!.size).toBe(sizes[0]);
    // each listed root is the one its signed note names
    for (const c of [...page1.items, page2.items[0]!]) {
      const note = await anon.get(`/api/ledger/checkpoints/${c.size}`);
      expect(note.statusCode).toBe(200);
      expect(note.headers["cache-control"]).toContain("immutable");
      const cp = parseCheckpoint(note.body.split("\n\n")[0]! + "\n");
      expect(cp.size).toBe(c.size);
      expect(toHex(cp.root)).toBe(c.rootHex);
    }
    // the empty tree's checkpoint, signed at start, is listed and served too
    const empty = await anon.get("/api/ledger/checkpoints/0");
    expect(empty.statusCode).toBe(200);
    expect(parseCheckpoint(empty.body.split("\n\n")[0]! + "\n").size).toBe(0);
    const missing = await anon.get("/api/ledger/checkpoints/999999");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.id).toBe("ledger_checkpoint_not_found");
    for (const bad of ["/api/ledger/checkpoints/abc", "/api/ledger/checkpoints?before=0", "/api/ledger/checkpoints?limit=1000"]) expect((await anon.get(bad)).statusCode, bad).toBe(400);
  });

  it("the portal page shows the latest checkpoint and the history, with a consistency proof to the latest; bad input → 400 page", async () => {
    const anon = anonymous(ctx.app);
    const latest = (await ctx.app.ledger.latestCheckpoint())!;
    const res = await anon.get("/portal/ledger");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<code class="hash" id="latest-root">${toHex(latest.root)}</code>`);
    for (const s of sizes) expect(res.body).toContain(`href="/api/ledger/checkpoints/${s}"`);
    expect(res.body).toContain(`href="/api/ledger/proof/consistency?from=${sizes[0]}&amp;to=${latest.size}"`);
    const older = await anon.get(`/portal/ledger?before=${latest.size}`);
    expect(older.body).not.toContain(`href="/api/ledger/checkpoints/${latest.size}"`);
    expect(older.body).toContain(`href="/api/ledger/checkpoints/${sizes[0]}"`);
    const bad = await anon.get("/portal/ledger?before=-1");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("参数“before”应为正整数");
  });
});
