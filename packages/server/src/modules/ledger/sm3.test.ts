import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { leafHash, rootOf, type HashFn } from "@zhifa/domain";

// The SM3 digest (GB/T 32905-2016) for the checkpoints' Chinese-compliance line (R-REC-02):
// node:crypto's "sm3" against the standard's examples, copied into test/fixtures/gm.
const vectors = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/gm/sm2-sm3.json"), "utf8")) as { sm3: { messageUtf8: string; digestHex: string }[] };
const sm3: HashFn = (d) => new Uint8Array(crypto.createHash("sm3").update(d).digest());

describe("SM3 (GB/T 32905-2016)", () => {
  it.each(vectors.sm3.map((v) => [v.messageUtf8.slice(0, 12), v]))("digests %s… as the standard's example", (_m, v) => {
    expect(Buffer.from(sm3(new TextEncoder().encode(v.messageUtf8))).toString("hex")).toBe(v.digestHex);
  });

  it("drives the same Merkle code (the hash is a parameter)", () => {
    const leaves = ["a", "b", "c"].map((s) => leafHash(sm3, new TextEncoder().encode(s)));
    const root = rootOf(sm3, leaves);
    expect(root).toHaveLength(32);
    expect(Buffer.from(root).toString("hex")).not.toBe(Buffer.from(rootOf((d) => new Uint8Array(crypto.createHash("sha256").update(d).digest()), leaves)).toString("hex"));
  });
});
