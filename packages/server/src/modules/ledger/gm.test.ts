import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leafHash, rootOf, SM2_DEFAULT_USER_ID, sm2Digest, sm2PublicKey, sm2Sign, sm2SignatureFromDer, sm2SignatureToDer, sm2Verify, sm3 } from "@zhifa/domain";
import { sm2PrivateKeyFromPkcs8, sm2PublicKeyToSpkiPem } from "./keys.ts";

// SM2 signatures with SM3 and the GM/T 0009 user id (R-REC-10), pure TypeScript in domain,
// checked against GM/T 0003.5 Annex A, node:crypto (OpenSSL) and the openssl command line.
const fixture = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/gm/sm2-sm3.json"), "utf8")) as {
  sm3: { messageUtf8: string; digestHex: string }[];
  sm2Sign: { privateKeyHex: string; publicKeyHex: string; userIdUtf8: string; messageUtf8: string; nonceKHex: string; eHex: string; rHex: string; sHex: string; signatureDerHex: string };
};
const v = fixture.sm2Sign;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const random = (n: number): Uint8Array => new Uint8Array(crypto.randomBytes(n));

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("SM3 in pure TypeScript (GB/T 32905-2016)", () => {
  it.each(fixture.sm3.map((x) => [x.messageUtf8.slice(0, 12), x]))("digests %s… as the standard's example", (_m, x) => {
    expect(hex(sm3(utf8(x.messageUtf8)))).toBe(x.digestHex);
  });

  it("equals node:crypto's sm3 on every length around the block and padding edges", () => {
    for (let n = 0; n < 300; n++) {
      const data = new Uint8Array(crypto.randomBytes(n));
      expect(hex(sm3(data)), `length ${n}`).toBe(crypto.createHash("sm3").update(data).digest("hex"));
    }
  });

  it("equals node:crypto's sm3 on the standard's examples too", () => {
    for (const x of fixture.sm3) expect(crypto.createHash("sm3").update(x.messageUtf8).digest("hex")).toBe(x.digestHex);
  });

  it("drives the same Merkle code (the hash is a parameter)", () => {
    const leaves = ["a", "b", "c"].map((s) => leafHash(sm3, utf8(s)));
    const root = rootOf(sm3, leaves);
    expect(root).toHaveLength(32);
    expect(hex(root)).not.toBe(hex(rootOf((d) => new Uint8Array(crypto.createHash("sha256").update(d).digest()), leaves)));
  });

  it("equals node:crypto's sm3 on random inputs (property)", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => hex(sm3(data)) === crypto.createHash("sm3").update(data).digest("hex")), { numRuns: 200 });
  });
});

describe("SM2 with SM3 and the GM/T 0009 user id (R-REC-10)", () => {
  const priv = bytes(v.privateKeyHex);
  const pub = bytes(v.publicKeyHex);

  it("derives the standard's public key from its private key", () => {
    expect(hex(sm2PublicKey(priv))).toBe(v.publicKeyHex);
  });

  it("computes e = SM3(Z_A || M) as the standard's example", () => {
    expect(v.userIdUtf8).toBe(SM2_DEFAULT_USER_ID);
    expect(hex(sm2Digest(pub, utf8(v.messageUtf8)))).toBe(v.eHex);
  });

  it("signs with the standard's nonce to exactly (r, s), and the DER form matches", () => {
    const sig = sm2Sign(priv, utf8(v.messageUtf8), random, { fixedK: BigInt("0x" + v.nonceKHex) });
    expect(hex(sig)).toBe(v.rHex + v.sHex);
    expect(hex(sm2SignatureToDer(sig))).toBe(v.signatureDerHex);
    expect(hex(sm2SignatureFromDer(bytes(v.signatureDerHex)))).toBe(v.rHex + v.sHex);
  });

  it("verifies the standard's signature and its own randomised ones, and rejects any change", () => {
    const msg = utf8(v.messageUtf8);
    expect(sm2Verify(pub, msg, bytes(v.rHex + v.sHex))).toBe(true);
    const sig = sm2Sign(priv, msg, random);
    expect(sm2Verify(pub, msg, sig)).toBe(true);
    expect(sm2Verify(pub, utf8(v.messageUtf8 + "!"), sig)).toBe(false);
    expect(sm2Verify(pub, msg, sig, "1234567812345679")).toBe(false);
    for (const i of [0, 17, 31, 32, 50, 63]) {
      const bad = sig.slice();
      bad[i]! ^= 1;
      expect(sm2Verify(pub, msg, bad), `bit flipped in byte ${i}`).toBe(false);
    }
    expect(sm2Verify(pub, msg, sig.subarray(0, 63))).toBe(false);
    expect(sm2Verify(pub, msg, new Uint8Array(64))).toBe(false);
    const otherPub = sm2PublicKey(random(32));
    expect(sm2Verify(otherPub, msg, sig)).toBe(false);
    const offCurve = pub.slice();
    offCurve[64]! ^= 1;
    expect(sm2Verify(offCurve, msg, sig)).toBe(false);
  });

  it("rejects malformed DER", () => {
    expect(() => sm2SignatureFromDer(bytes("3006020101020101ff"))).toThrow(/DER/);
    expect(() => sm2SignatureFromDer(bytes("300602010102"))).toThrow(/DER/);
  });

  it("reads node:crypto's SM2 keys (node cannot set the GM/T 0009 id, so it does not sign for us)", () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "SM2" });
    const d = sm2PrivateKeyFromPkcs8(privateKey.export({ type: "pkcs8", format: "der" }));
    expect(hex(publicKey.export({ type: "spki", format: "der" }).subarray(-65))).toBe(hex(sm2PublicKey(d)));
    expect(sm2PublicKeyToSpkiPem(sm2PublicKey(d))).toBe(publicKey.export({ type: "spki", format: "pem" }));
  });

  it.skipIf(!hasOpenssl())("is accepted by `openssl pkeyutl -verify -digest sm3 -pkeyopt distid:1234567812345678`", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-sm2-"));
    try {
      const d = random(32);
      d[0] = 0x7f; // keep the scalar in [1, n-2]
      const rawPub = sm2PublicKey(d);
      const msg = utf8("zhifa.example/ledger\n3\nq2GJ4pBmjDl1g9jFzE6a9pDj1M1QWbrtl0w9hFw8bWo=\n");
      fs.writeFileSync(path.join(dir, "pub.pem"), sm2PublicKeyToSpkiPem(rawPub));
      fs.writeFileSync(path.join(dir, "msg"), msg);
      const run = (sig: Uint8Array): string => {
        fs.writeFileSync(path.join(dir, "sig"), sig);
        try {
          return execFileSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig", "-digest", "sm3", "-pkeyopt", `distid:${SM2_DEFAULT_USER_ID}`], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
          return String((e as { stdout?: string }).stdout ?? "") + "failed";
        }
      };
      const good = sm2SignatureToDer(sm2Sign(d, msg, random));
      expect(run(good)).toMatch(/Signature Verified Successfully/);
      const bad = sm2SignatureToDer(sm2Sign(d, utf8("other"), random));
      expect(run(bad)).toMatch(/failed|Failure/);
      // openssl signs with the same id, we verify
      const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "SM2" });
      fs.writeFileSync(path.join(dir, "priv.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
      execFileSync("openssl", ["pkeyutl", "-sign", "-inkey", "priv.pem", "-rawin", "-in", "msg", "-out", "theirs", "-digest", "sm3", "-pkeyopt", `distid:${SM2_DEFAULT_USER_ID}`], { cwd: dir, stdio: "ignore" });
      const theirs = sm2SignatureFromDer(new Uint8Array(fs.readFileSync(path.join(dir, "theirs"))));
      const theirPub = sm2PublicKey(sm2PrivateKeyFromPkcs8(privateKey.export({ type: "pkcs8", format: "der" })));
      expect(sm2Verify(theirPub, msg, theirs)).toBe(true);
      expect(sm2Verify(theirPub, utf8("other"), theirs)).toBe(false);
      // and the standard's signature with the standard's key
      fs.writeFileSync(path.join(dir, "pub.pem"), sm2PublicKeyToSpkiPem(pub));
      fs.writeFileSync(path.join(dir, "msg"), utf8(v.messageUtf8));
      expect(run(bytes(v.signatureDerHex))).toMatch(/Signature Verified Successfully/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
