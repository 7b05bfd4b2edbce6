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
