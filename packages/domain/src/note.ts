/**
 * Signed notes (C2SP signed-note) and checkpoints (C2SP tlog-checkpoint) for the ledger
 * (R-REC-02, R-REC-10). The log signs each checkpoint with Ed25519 (type 0x01, what
 * transparency-log tooling verifies) and with SM2-with-SM3 under the GM/T 0009 default user id
 * (type 0xff followed by the identifier "zhifa/sm2-sm3", as the spec reserves 0xff for types
 * it does not assign). Pure: Ed25519 verification and SHA-256 are passed in.
 */
import { concatBytes, fromBase64, toBase64, utf8Decode, utf8Encode } from "./bytes.ts";
import type { HashFn } from "./merkle.ts";
import { sm2Verify } from "./sm2.ts";

export const NOTE_ED25519 = Uint8Array.of(0x01);
export const NOTE_SM2 = concatBytes(Uint8Array.of(0xff), utf8Encode("zhifa/sm2-sm3"));

export type NoteErrorCode = "malformed" | "unverified" | "bad_signature" | "bad_key";

export class NoteError extends Error {
  constructor(readonly code: NoteErrorCode, message: string) {
    super(message);
    this.name = "NoteError";
  }
}

export interface NoteSigner {
  name: string;
  keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  /** "Ed25519" or "SM2-SM3" */
  algorithm: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** key ID = SHA-256(key name || 0x0A || type || public key)[:4], big-endian. */
export function noteKeyId(sha256: HashFn, name: string, typeAndKey: Uint8Array): number {
  const d = sha256(concatBytes(utf8Encode(name), Uint8Array.of(0x0a), typeAndKey));
  return ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
}

/** Any ASCII control character (below U+0020), optionally allowing the newline. */
function hasControl(text: string, allowNewline: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return true;
  }
  return false;
}

const validName = (name: string): boolean => name.length > 0 && !/[\s+]/.test(name) && !hasControl(name, false);

/** A verifier key string: "<name>+<key id hex>+<base64(type || public key)>". */
export function formatVerifierKey(sha256: HashFn, name: string, typeAndKey: Uint8Array): string {
  if (!validName(name)) throw new NoteError("bad_key", `密钥名称无效：${name}`);
  return `${name}+${noteKeyId(sha256, name, typeAndKey).toString(16).padStart(8, "0")}+${toBase64(typeAndKey)}`;
}

const startsWith = (a: Uint8Array, prefix: Uint8Array): boolean => a.length >= prefix.length && prefix.every((b, i) => a[i] === b);

/** Parses a verifier key string into a verifier (Ed25519 or SM2-SM3). */
export function parseVerifierKey(vkey: string, impl: { sha256: HashFn; ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean }): NoteVerifier {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  const bytes = m ? fromBase64(m[3]!) : null;
  if (!m || !bytes) throw new NoteError("bad_key", "公钥格式应为 名称+密钥号+Base64");
  const name = m[1]!;
  const keyId = parseInt(m[2]!, 16) >>> 0;
  if (noteKeyId(impl.sha256, name, bytes) !== keyId) throw new NoteError("bad_key", "公钥的密钥号与内容不符");
  if (startsWith(bytes, NOTE_SM2) && bytes.length === NOTE_SM2.length + 65) {
    const pub = bytes.slice(NOTE_SM2.length);
    return { name, keyId, algorithm: "SM2-SM3", verify: (msg, sig) => sig.length === 64 && sm2Verify(pub, msg, sig) };
  }
  if (bytes[0] === 0x01 && bytes.length === 33) {
    const pub = bytes.slice(1);
    return { name, keyId, algorithm: "Ed25519", verify: (msg, sig) => sig.length === 64 && impl.ed25519Verify(pub, msg, sig) };
  }
  throw new NoteError("bad_key", "不支持的签名算法（支持 Ed25519 与 SM2-SM3）");
}

/** Signs `text` (which must end in a newline) with every signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  const msg = utf8Encode(text);
  let out = `${text}\n`;
  for (const s of signers) {
    const id = Uint8Array.of(s.keyId >>> 24, (s.keyId >>> 16) & 255, (s.keyId >>> 8) & 255, s.keyId & 255);
    out += `\u2014 ${s.name} ${toBase64(concatBytes(id, s.sign(msg)))}\n`;
  }
  return out;
}

function checkText(text: string): void {
  if (!text.endsWith("\n")) throw new NoteError("malformed", "签名文本须以换行结尾");
  if (hasControl(text, true)) throw new NoteError("malformed", "签名文本含控制字符");
}

export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Uint8Array;
}

/** Splits a signed note into its text and signature lines (no verification). */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (hasControl(note, true)) throw new NoteError("malformed", "签名文件含控制字符");
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) throw new NoteError("malformed", "签名文件缺少正文与签名之间的空行");
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  const signatures = lines.map((line, i) => {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    const raw = m ? fromBase64(m[2]!) : null;
    if (!m || !raw || raw.length < 5 || !validName(m[1]!)) throw new NoteError("malformed", `第 ${i + 1} 个签名行格式无效`);
    return { name: m[1]!, keyId: ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0, signature: raw.slice(4) };
  });
  if (signatures.length === 0) throw new NoteError("malformed", "签名文件没有签名");
  return { text, signatures };
}

/**
 * Verifies a signed note: signatures from unknown keys are ignored; a known key whose signature
 * fails rejects the note; at least one known key must have signed. Returns the text and which
 * keys verified.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): { text: string; verifiedBy: NoteVerifier[] } {
  const { text, signatures } = parseNote(note);
  const msg = utf8Encode(text);
  const verifiedBy: NoteVerifier[] = [];
  for (const s of signatures) {
    const v = verifiers.find((k) => k.name === s.name && k.keyId === s.keyId);
    if (!v) continue;
    if (!v.verify(msg, s.signature)) throw new NoteError("bad_signature", `${v.algorithm} 签名（${v.name}）验证失败`);
    if (!verifiedBy.includes(v)) verifiedBy.push(v);
  }
  if (verifiedBy.length === 0) throw new NoteError("unverified", "没有可信公钥签过这份文件");
  return { text, verifiedBy };
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
}

export function formatCheckpoint(c: Checkpoint): string {
  if (!c.origin || /\n/.test(c.origin)) throw new NoteError("malformed", "检查点来源无效");
  return `${c.origin}\n${c.size}\n${toBase64(c.root)}\n${c.extensions.map((e) => `${e}\n`).join("")}`;
}

/** Parses checkpoint text (the signed note's text part). */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length < 4 || lines[lines.length - 1] !== "") throw new NoteError("malformed", "检查点应至少有三行并以换行结尾");
  const [origin, size, root, ...rest] = lines.slice(0, -1);
  if (!origin) throw new NoteError("malformed", "检查点缺少来源行");
  if (!/^(0|[1-9]\d*)$/.test(size!) || !Number.isSafeInteger(Number(size))) throw new NoteError("malformed", "检查点的树大小无效");
  const rootBytes = fromBase64(root!);
  if (!rootBytes || rootBytes.length !== 32) throw new NoteError("malformed", "检查点的根哈希应为 32 字节的 Base64");
  if (rest.some((l) => l === "")) throw new NoteError("malformed", "检查点含空的扩展行");
  return { origin, size: Number(size), root: rootBytes, extensions: rest };
}

export const keyIdHex = (id: number): string => id.toString(16).padStart(8, "0");
/** UTF-8 decode that rejects invalid sequences (signed notes must be valid UTF-8). */
export function noteFromBytes(bytes: Uint8Array): string {
  try {
    return utf8Decode(bytes);
  } catch {
    throw new NoteError("malformed", "签名文件不是有效的 UTF-8");
  }
}
