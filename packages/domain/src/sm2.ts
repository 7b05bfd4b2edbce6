/**
 * SM2 digital signatures (GB/T 32918 / GM/T 0003) with SM3 and the GM/T 0009 user id, in pure
 * TypeScript with BigInt (R-REC-10). The server signs checkpoints with it; the server, the CLI
 * verifier and the browser verify with the same code. Tests check it against the standard's
 * example and against `openssl pkeyutl -verify … -digest sm3 -pkeyopt distid:…`.
 *
 * Not constant-time: signing runs only on the server, over public checkpoint text, with keys
 * the server holds; verification handles no secret.
 */
import { utf8Encode } from "./bytes.ts";
import { sm3 } from "./sm3.ts";

/** GM/T 0009 default user id (distinguishing identifier). */
export const SM2_DEFAULT_USER_ID = "1234567812345678";

const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

export class Sm2Error extends Error {
  constructor(readonly code: "bad_key" | "bad_signature", message: string) {
    super(message);
    this.name = "Sm2Error";
  }
}

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function inv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError("not invertible");
  return mod(s0, m);
}

/** Jacobian point (X, Y, Z); Z = 0 is the point at infinity. */
type Jac = readonly [bigint, bigint, bigint];
const INF: Jac = [1n, 1n, 0n];

function dbl([x, y, z]: Jac): Jac {
  if (z === 0n || y === 0n) return INF;
  // a = -3 on this curve: M = 3(X - Z²)(X + Z²)
  const zz = mod(z * z, P);
  const m = mod(3n * (x - zz) * (x + zz), P);
  const yy = mod(y * y, P);
  const s = mod(4n * x * yy, P);
  const x3 = mod(m * m - 2n * s, P);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, P);
  const z3 = mod(2n * y * z, P);
  return [x3, y3, z3];
}

function add(p: Jac, q: Jac): Jac {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const z1z1 = mod(p[2] * p[2], P);
  const z2z2 = mod(q[2] * q[2], P);
  const u1 = mod(p[0] * z2z2, P);
  const u2 = mod(q[0] * z1z1, P);
  const s1 = mod(p[1] * q[2] * z2z2, P);
  const s2 = mod(q[1] * p[2] * z1z1, P);
  if (u1 === u2) return s1 === s2 ? dbl(p) : INF;
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  const hh = mod(h * h, P);
  const hhh = mod(h * hh, P);
  const v = mod(u1 * hh, P);
  const x3 = mod(r * r - hhh - 2n * v, P);
  const y3 = mod(r * (v - x3) - s1 * hhh, P);
  const z3 = mod(h * p[2] * q[2], P);
  return [x3, y3, z3];
}

function affine(p: Jac): [bigint, bigint] | null {
  if (p[2] === 0n) return null;
  const zi = inv(p[2], P);
  const zi2 = mod(zi * zi, P);
  return [mod(p[0] * zi2, P), mod(p[1] * zi2 * zi, P)];
}

/** Precomputed window table for the base point: G·(j·16^i), i < 64, j < 16. */
let gTable: Jac[][] | null = null;
function baseTable(): Jac[][] {
  if (gTable) return gTable;
  const table: Jac[][] = [];
  let base: Jac = [GX, GY, 1n];
  for (let i = 0; i < 64; i++) {
    const row: Jac[] = [INF];
    for (let j = 1; j < 16; j++) row.push(add(row[j - 1]!, base));
    table.push(row.map((pt) => {
      const a = affine(pt);
      return a ? ([a[0], a[1], 1n] as Jac) : INF;
    }));
    base = add(row[15]!, base);
  }
  gTable = table;
  return table;
}

function mulG(k: bigint): Jac {
  const table = baseTable();
  let acc: Jac = INF;
  for (let i = 0; i < 64; i++) {
    const nibble = Number((k >> BigInt(4 * i)) & 15n);
    if (nibble) acc = add(acc, table[i]![nibble]!);
  }
  return acc;
}

function mul(k: bigint, p: Jac): Jac {
  // 4-bit fixed window
  const pre: Jac[] = [INF, p];
  for (let j = 2; j < 16; j++) pre.push(add(pre[j - 1]!, p));
  let acc: Jac = INF;
  for (let i = 63; i >= 0; i--) {
    acc = dbl(dbl(dbl(dbl(acc))));
    const nibble = Number((k >> BigInt(4 * i)) & 15n);
    if (nibble) acc = add(acc, pre[nibble]!);
  }
  return acc;
}

const toBig = (b: Uint8Array): bigint => {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
};
const to32 = (v: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};

function onCurve(x: bigint, y: bigint): boolean {
  return x >= 0n && x < P && y >= 0n && y < P && mod(y * y - (x * x * x + A * x + B), P) === 0n;
}

/** Parse an uncompressed public key (0x04 || X || Y, 65 bytes) and check it lies on the curve. */
export function sm2PublicKeyPoint(publicKey: Uint8Array): [bigint, bigint] {
  if (publicKey.length !== 65 || publicKey[0] !== 0x04) throw new Sm2Error("bad_key", "SM2 公钥须为 65 字节未压缩格式（04 开头）");
  const x = toBig(publicKey.subarray(1, 33));
  const y = toBig(publicKey.subarray(33));
  if (!onCurve(x, y)) throw new Sm2Error("bad_key", "SM2 公钥不在曲线上");
  return [x, y];
}

/** The public key (0x04 || X || Y) of a 32-byte private key. */
export function sm2PublicKey(privateKey: Uint8Array): Uint8Array {
  const d = toBig(privateKey);
  if (privateKey.length !== 32 || d < 1n || d >= N - 1n) throw new Sm2Error("bad_key", "SM2 私钥须为 32 字节且在 [1, n-2] 内");
  const pt = affine(mulG(d))!;
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(to32(pt[0]), 1);
  out.set(to32(pt[1]), 33);
  return out;
}

const utf8 = (s: string): Uint8Array => utf8Encode(s);

/** Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) (GB/T 32918.2 §5.5). */
export function sm2Za(publicKey: Uint8Array, userId: string = SM2_DEFAULT_USER_ID): Uint8Array {
  const [x, y] = sm2PublicKeyPoint(publicKey);
  const id = utf8(userId);
  const bits = id.length * 8;
  if (bits > 0xffff) throw new Sm2Error("bad_key", "SM2 用户标识过长");
  const buf = new Uint8Array(2 + id.length + 32 * 6);
  buf[0] = bits >> 8;
  buf[1] = bits & 0xff;
  buf.set(id, 2);
  let o = 2 + id.length;
  for (const v of [A, B, GX, GY, x, y]) {
    buf.set(to32(v), o);
    o += 32;
  }
  return sm3(buf);
}

/** e = SM3(Z_A || M) as an integer. */
export function sm2Digest(publicKey: Uint8Array, message: Uint8Array, userId: string = SM2_DEFAULT_USER_ID): Uint8Array {
  const za = sm2Za(publicKey, userId);
  const buf = new Uint8Array(za.length + message.length);
  buf.set(za);
  buf.set(message, za.length);
  return sm3(buf);
}

export type RandomBytes = (n: number) => Uint8Array;

/**
 * Sign `message`: returns r || s (64 bytes). `random` supplies the nonce (crypto.getRandomValues
 * or node's randomBytes); `fixedK` exists for the standard's known-answer test only.
 */
export function sm2Sign(privateKey: Uint8Array, message: Uint8Array, random: RandomBytes, opts: { userId?: string; fixedK?: bigint } = {}): Uint8Array {
  const d = toBig(privateKey);
  const pub = sm2PublicKey(privateKey);
  const e = toBig(sm2Digest(pub, message, opts.userId));
  const dInv = inv(1n + d, N);
  for (let attempt = 0; attempt < 64; attempt++) {
    const k = opts.fixedK ?? mod(toBig(random(40)), N - 1n) + 1n;
    const [x1] = affine(mulG(k))!;
    const r = mod(e + x1, N);
    if (r === 0n || r + k === N) continue;
    const s = mod(dInv * (k - r * d), N);
    if (s === 0n) continue;
    const out = new Uint8Array(64);
    out.set(to32(r));
    out.set(to32(s), 32);
    return out;
  }
  throw new Sm2Error("bad_key", "SM2 签名失败");
}

/** Verify an r || s (64-byte) signature. Never throws for a bad signature: returns false. */
export function sm2Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, userId: string = SM2_DEFAULT_USER_ID): boolean {
  if (signature.length !== 64) return false;
  let q: [bigint, bigint];
  try {
    q = sm2PublicKeyPoint(publicKey);
  } catch {
    return false;
  }
  const r = toBig(signature.subarray(0, 32));
  const s = toBig(signature.subarray(32));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const e = toBig(sm2Digest(publicKey, message, userId));
  const pt = affine(add(mulG(s), mul(t, [q[0], q[1], 1n])));
  if (!pt) return false;
  return mod(e + pt[0], N) === r;
}

/** DER (SEQUENCE of two INTEGERs), the form openssl reads and writes. */
export function sm2SignatureToDer(signature: Uint8Array): Uint8Array {
  const int = (b: Uint8Array): number[] => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = Array.from(b.subarray(i));
    if (v[0]! & 0x80) v.unshift(0);
    return [0x02, v.length, ...v];
  };
  const body = [...int(signature.subarray(0, 32)), ...int(signature.subarray(32))];
  return Uint8Array.from([0x30, body.length, ...body]);
}

/** Parse DER back to r || s; throws Sm2Error("bad_signature") on malformed input. */
export function sm2SignatureFromDer(der: Uint8Array): Uint8Array {
  const bad = (): never => {
    throw new Sm2Error("bad_signature", "SM2 签名的 DER 编码无效");
  };
  if (der[0] !== 0x30 || der[1] !== der.length - 2) bad();
  const out = new Uint8Array(64);
  let o = 2;
  for (let part = 0; part < 2; part++) {
    if (der[o] !== 0x02) bad();
    const len = der[o + 1]!;
    if (len < 1 || len > 33 || o + 2 + len > der.length) bad();
    let v = der.subarray(o + 2, o + 2 + len);
    if (v.length === 33) {
      if (v[0] !== 0) bad();
      v = v.subarray(1);
    }
    out.set(v, part * 32 + (32 - v.length));
    o += 2 + len;
  }
  if (o !== der.length) bad();
  return out;
}
