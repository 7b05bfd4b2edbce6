/**
 * The ledger's signing keys (R-REC-10): loading or generating them, the note signers and
 * verifier keys, and their encodings for node:crypto and the openssl command line.
 * SM2 keys are raw here (32-byte scalar, 65-byte uncompressed point); these helpers wrap them
 * in the standard containers (SPKI with id-ecPublicKey + sm2 curve OID 1.2.156.10197.1.301).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { NOTE_ED25519, NOTE_SM2, canonicalize, concatBytes, formatVerifierKey, noteKeyId, parseVerifierKey, sm2PublicKey, sm2Sign, type HashFn, type JsonValue, type NoteSigner, type NoteVerifier } from "@zhifa/domain";

/** SEQUENCE { SEQUENCE { ecPublicKey, sm2p256v1 }, BIT STRING (0x00 || point) } up to the point. */
const SM2_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a811ccf5501822d034200", "hex");

export function sm2PublicKeyToSpkiDer(publicKey: Uint8Array): Buffer {
  if (publicKey.length !== 65) throw new RangeError("SM2 public key must be 65 bytes");
  return Buffer.concat([SM2_SPKI_PREFIX, publicKey]);
}

export function sm2PublicKeyToSpkiPem(publicKey: Uint8Array): string {
  const b64 = sm2PublicKeyToSpkiDer(publicKey).toString("base64");
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

/** The 32-byte private scalar from a PKCS#8 DER SM2 key (as node:crypto exports it). */
export function sm2PrivateKeyFromPkcs8(der: Buffer): Uint8Array {
  // ECPrivateKey inside PKCS#8: ... 02 01 01 04 20 <32 bytes> ...
  const marker = Buffer.from("0201010420", "hex");
  const at = der.indexOf(marker);
  if (at < 0) throw new RangeError("not an EC private key");
  return new Uint8Array(der.subarray(at + marker.length, at + marker.length + 32));
}

/** SHA-256 via the one-shot crypto.hash (Node ≥ 20.12): faster and far less garbage than createHash. */
export const sha256: HashFn = (d) => crypto.hash("sha256", d, "buffer") as unknown as Buffer;

/** SHA-256 (hex) of a value's RFC 8785 canonical JSON: what ledger entries record of a public text. */
export const canonicalSha256 = (value: unknown): string => crypto.hash("sha256", canonicalize(value as JsonValue), "hex");
const randomBytes = (n: number): Uint8Array => crypto.randomBytes(n);

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The ledger's private keys as stored in the key file / environment (hex). */
export interface LedgerKeyMaterial {
  ed25519PrivateKey: string;
  sm2PrivateKey: string;
}

export class LedgerKeyError extends Error {}

export function generateLedgerKeys(): LedgerKeyMaterial {
  for (;;) {
    const sm2 = crypto.randomBytes(32);
    try {
      sm2PublicKey(sm2); // in range [1, n-2]
    } catch {
      continue;
    }
    return { ed25519PrivateKey: crypto.randomBytes(32).toString("hex"), sm2PrivateKey: sm2.toString("hex") };
  }
}

export const ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => {
  try {
    return crypto.verify(null, message, crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: "der", type: "spki" }), signature);
  } catch {
    return false;
  }
};

/** Signers and published verifier keys of the log named `origin`. */
export interface LedgerSigning {
  origin: string;
  signers: NoteSigner[];
  verifiers: NoteVerifier[];
  /** Verifier key strings ("name+id+base64"), Ed25519 first. */
  vkeys: string[];
}

export function ledgerSigning(origin: string, material: LedgerKeyMaterial): LedgerSigning {
  if (!/^[0-9a-f]{64}$/i.test(String(material.ed25519PrivateKey))) throw new LedgerKeyError("Ed25519 私钥应为 64 位十六进制");
  if (!/^[0-9a-f]{64}$/i.test(String(material.sm2PrivateKey))) throw new LedgerKeyError("SM2 私钥应为 64 位十六进制");
  const seed = Buffer.from(material.ed25519PrivateKey, "hex");
  const sm2 = new Uint8Array(Buffer.from(material.sm2PrivateKey, "hex"));
  const edKey = crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const edPub = new Uint8Array(crypto.createPublicKey(edKey).export({ type: "spki", format: "der" }).subarray(-32));
  let smPub: Uint8Array;
  try {
    smPub = sm2PublicKey(sm2);
  } catch (e) {
    throw new LedgerKeyError((e as Error).message);
  }
  const edType = concatBytes(NOTE_ED25519, edPub);
  const smType = concatBytes(NOTE_SM2, smPub);
  const signers: NoteSigner[] = [
    { name: origin, keyId: noteKeyId(sha256, origin, edType), sign: (msg) => new Uint8Array(crypto.sign(null, msg, edKey)) },
    { name: origin, keyId: noteKeyId(sha256, origin, smType), sign: (msg) => sm2Sign(sm2, msg, randomBytes) },
  ];
  const vkeys = [formatVerifierKey(sha256, origin, edType), formatVerifierKey(sha256, origin, smType)];
  const verifiers = vkeys.map((k) => parseVerifierKey(k, { sha256, ed25519Verify }));
  return { origin, signers, verifiers, vkeys };
}

export const serverVerifier = (vkey: string): NoteVerifier => parseVerifierKey(vkey, { sha256, ed25519Verify });

/**
 * Where the keys come from: LEDGER_ED25519_KEY + LEDGER_SM2_KEY, else the key file (made on
 * first start when `generate` is allowed: the embedded mode, one process). Several processes
 * on one PostgreSQL must share keys, so there they are configured, never generated.
 */
export function loadLedgerKeys(opts: { ed25519?: string; sm2?: string; file: string; generate: boolean }): LedgerKeyMaterial {
  if (opts.ed25519 || opts.sm2) {
    if (!opts.ed25519 || !opts.sm2) throw new LedgerKeyError("LEDGER_ED25519_KEY 与 LEDGER_SM2_KEY 须同时设置");
    return { ed25519PrivateKey: opts.ed25519, sm2PrivateKey: opts.sm2 };
  }
  if (fs.existsSync(opts.file)) {
    let parsed: Partial<LedgerKeyMaterial>;
    try {
      parsed = JSON.parse(fs.readFileSync(opts.file, "utf8")) as Partial<LedgerKeyMaterial>;
    } catch {
      throw new LedgerKeyError(`账本密钥文件 ${opts.file} 不是有效的 JSON`);
    }
    if (typeof parsed.ed25519PrivateKey !== "string" || typeof parsed.sm2PrivateKey !== "string") throw new LedgerKeyError(`账本密钥文件 ${opts.file} 缺少 ed25519PrivateKey 或 sm2PrivateKey`);
    return { ed25519PrivateKey: parsed.ed25519PrivateKey, sm2PrivateKey: parsed.sm2PrivateKey };
  }
  if (!opts.generate) {
    throw new LedgerKeyError(`没有账本签名密钥：请设置 LEDGER_ED25519_KEY 与 LEDGER_SM2_KEY，或提供密钥文件 ${opts.file}（可用 \`npx zhifa ledger keygen\` 生成）`);
  }
  const material = generateLedgerKeys();
  fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  fs.writeFileSync(opts.file, JSON.stringify(material, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return material;
}
