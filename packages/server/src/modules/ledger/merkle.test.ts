import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { consistencyProof, inclusionProof, leafHash, ProofError, rootFromInclusionProof, rootOf, verifyConsistency, verifyInclusion, type HashFn } from "@zhifa/domain";

// R-REC-02: the ledger's Merkle tree. Vectors: transparency-dev/merkle testdata (Apache-2.0),
// copied into test/fixtures/rfc6962 (see its README) so any clone runs them.
const sha256: HashFn = (d) => new Uint8Array(crypto.createHash("sha256").update(d).digest());
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/rfc6962");
const b64 = (s: string | null | undefined) => new Uint8Array(Buffer.from(s ?? "", "base64"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function vectorFiles(kind: "inclusion" | "consistency"): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) out.push(p);
    }
  };
  walk(path.join(fixtures, kind));
  return out.sort();
}

const rejected = (f: () => void): boolean => {
  try {
    f();
    return false;
  } catch (e) {
    if (!(e instanceof ProofError)) throw e;
    return true;
  }
};

describe("RFC 6962 vectors (R-REC-02)", () => {
  const tree = JSON.parse(fs.readFileSync(path.join(fixtures, "tree.json"), "utf8")) as { leavesHex: string[]; rootsHexBySize: string[] };
  it("computes the reference roots of every size", () => {
    const leaves = tree.leavesHex.map((x) => leafHash(sha256, new Uint8Array(Buffer.from(x, "hex"))));
    tree.rootsHexBySize.forEach((want, size) => expect(hex(rootOf(sha256, leaves.slice(0, size))), `size ${size}`).toBe(want));
  });

  const inclusion = vectorFiles("inclusion");
  const consistency = vectorFiles("consistency");
  it("has the vectors", () => {
    expect(inclusion.length).toBeGreaterThan(50);
    expect(consistency.length).toBeGreaterThan(50);
  });

  it.each(inclusion.map((f) => [path.relative(fixtures, f), f]))("inclusion %s", (_name, file) => {
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean };
    const bad = rejected(() => verifyInclusion(sha256, v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root)));
    expect(bad).toBe(v.wantErr);
  });

  it.each(consistency.map((f) => [path.relative(fixtures, f), f]))("consistency %s", (_name, file) => {
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean };
    const bad = rejected(() => verifyConsistency(sha256, v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2)));
    expect(bad).toBe(v.wantErr);
  });
});

describe("proofs of random trees (properties)", () => {
  // distinct leaves: identical entries are indistinguishable by design (each ledger leaf is salted)
  const leavesArb = fc.uniqueArray(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70, selector: (d) => hex(d) }).map((ds) => ds.map((d) => leafHash(sha256, d)));

  it("every inclusion proof verifies; a changed leaf, index, root or proof hash fails", () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), (leaves, i, flip) => {
        const index = i % leaves.length;
        const root = rootOf(sha256, leaves);
        const proof = inclusionProof(sha256, leaves, index);
        verifyInclusion(sha256, index, leaves.length, leaves[index]!, proof, root);
        const other = leafHash(sha256, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, flip % 256]));
        expect(rejected(() => verifyInclusion(sha256, index, leaves.length, other, proof, root))).toBe(true);
        if (leaves.length > 1) expect(rejected(() => verifyInclusion(sha256, (index + 1) % leaves.length, leaves.length, leaves[index]!, proof, root))).toBe(true);
        // (the size itself is bound by the signed checkpoint, not by the path: an index outside it fails)
        expect(rejected(() => verifyInclusion(sha256, leaves.length, leaves.length, leaves[index]!, proof, root))).toBe(true);
        if (proof.length) {
          const bent = proof.map((p) => p.slice());
          const at = flip % bent.length;
          bent[at]![flip % 32]! ^= 1 << (flip % 8);
          expect(rejected(() => verifyInclusion(sha256, index, leaves.length, leaves[index]!, bent, root))).toBe(true);
          expect(rejected(() => verifyInclusion(sha256, index, leaves.length, leaves[index]!, proof.slice(1), root))).toBe(true);
        }
        const badRoot = root.slice();
        badRoot[flip % 32]! ^= 1;
        expect(rejected(() => verifyInclusion(sha256, index, leaves.length, leaves[index]!, proof, badRoot))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("every consistency proof verifies; a changed proof hash, swapped sizes or roots, or a rewritten old tree fails", () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), (leaves, m, flip) => {
        const size1 = 1 + (m % leaves.length);
        const root1 = rootOf(sha256, leaves.slice(0, size1));
        const root2 = rootOf(sha256, leaves);
        const proof = consistencyProof(sha256, leaves, size1);
        verifyConsistency(sha256, size1, leaves.length, proof, root1, root2);
        if (size1 === leaves.length) return;
        const bent = proof.map((p) => p.slice());
        bent[flip % bent.length]![flip % 32]! ^= 1 << (flip % 8);
        expect(rejected(() => verifyConsistency(sha256, size1, leaves.length, bent, root1, root2))).toBe(true);
        expect(rejected(() => verifyConsistency(sha256, leaves.length, size1, proof, root2, root1))).toBe(true);
        expect(rejected(() => verifyConsistency(sha256, size1, leaves.length, proof, root2, root1))).toBe(true);
        // an old tree whose last leaf was replaced is not consistent with the new one
        const forged = leaves.slice(0, size1);
        forged[size1 - 1] = leafHash(sha256, new Uint8Array([9, 9, 9, 9, 9, 9, 9, 9, 9, flip % 256]));
        expect(rejected(() => verifyConsistency(sha256, size1, leaves.length, proof, rootOf(sha256, forged), root2))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("large trees", () => {
  it("asks for the exact proof length near 2^53 (no floating-point rounding)", () => {
    const size = Number.MAX_SAFE_INTEGER; // 2^53 − 1 leaves: the tree is 53 levels high
    const leaf = leafHash(sha256, new Uint8Array([1]));
    const proof = Array.from({ length: 53 }, () => leaf);
    // index 0: 53 inner siblings (index ^ (size − 1) has 53 bits) and no border node
    expect(() => rootFromInclusionProof(sha256, 0, size, leaf, proof)).not.toThrow();
    expect(() => rootFromInclusionProof(sha256, 0, size, leaf, proof.slice(1))).toThrow(ProofError);
  });
});
