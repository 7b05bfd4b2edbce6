/**
 * RFC 6962 / RFC 9162 Merkle trees for the ledger (R-REC-02): hashing, roots, inclusion and
 * consistency proofs, and their verification. Pure: the hash function is passed in (SHA-256
 * from node:crypto on the server and in the CLI, a JavaScript one in the browser verifier).
 */

/** A synchronous SHA-256 (or SM3) over bytes. */
export type HashFn = (data: Uint8Array) => Uint8Array;

export const HASH_SIZE = 32;

/** Why a proof does not verify (stable code + Chinese message). */
export class ProofError extends Error {
  constructor(
    readonly code: "bad_size" | "bad_index" | "bad_hash" | "bad_proof_length" | "root_mismatch",
    message: string,
  ) {
    super(message);
    this.name = "ProofError";
  }
}

const concat = (prefix: number, ...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const leafHash = (h: HashFn, data: Uint8Array): Uint8Array => h(concat(0x00, data));
export const nodeHash = (h: HashFn, left: Uint8Array, right: Uint8Array): Uint8Array => h(concat(0x01, left, right));
export const emptyRoot = (h: HashFn): Uint8Array => h(new Uint8Array(0));

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The largest power of two smaller than n (n ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH: the root of the tree over these leaf hashes. */
export function rootOf(h: HashFn, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return emptyRoot(h);
  // bottom-up: pair neighbours, carry an odd last node up unchanged (same result as the RFC's split)
  let level = leaves.slice();
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(h, level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** PATH(m, D[n]): the audit path of leaf `index` in the tree of these leaf hashes. */
export function inclusionProof(h: HashFn, leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new ProofError("bad_index", `叶子序号 ${index} 超出树的大小 ${leaves.length}`);
  const path = (m: number, d: readonly Uint8Array[]): Uint8Array[] => {
    if (d.length <= 1) return [];
    const k = splitPoint(d.length);
    return m < k ? [...path(m, d.slice(0, k)), rootOf(h, d.slice(k))] : [...path(m - k, d.slice(k)), rootOf(h, d.slice(0, k))];
  };
  return path(index, leaves);
}

/** PROOF(m, D[n]): the consistency proof from the first `size1` leaves to all of them. */
export function consistencyProof(h: HashFn, leaves: readonly Uint8Array[], size1: number): Uint8Array[] {
  const n = leaves.length;
  if (!Number.isInteger(size1) || size1 < 0 || size1 > n) throw new ProofError("bad_size", `旧树大小 ${size1} 不能大于新树大小 ${n}`);
  if (size1 === 0 || size1 === n) return [];
  const sub = (m: number, d: readonly Uint8Array[], complete: boolean): Uint8Array[] => {
    if (m === d.length) return complete ? [] : [rootOf(h, d)];
    const k = splitPoint(d.length);
    return m <= k ? [...sub(m, d.slice(0, k), complete), rootOf(h, d.slice(k))] : [...sub(m - k, d.slice(k), false), rootOf(h, d.slice(0, k))];
  };
  return sub(size1, leaves, true);
}

function checkHash(what: string, x: Uint8Array): void {
  if (x.length !== HASH_SIZE) throw new ProofError("bad_hash", `${what}长度应为 ${HASH_SIZE} 字节，实为 ${x.length} 字节`);
}

/** Number of bits of n (exact up to 2^53, unlike Math.log2 near powers of two). */
const bitLength = (n: number): number => {
  let bits = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) bits++;
  return bits;
};
const ones = (n: number): number => {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
};
/** Number of trailing zero bits (x > 0). */
const trailingZeros = (x: number): number => {
  let c = 0;
  while (x % 2 === 0) {
    x /= 2;
    c++;
  }
  return c;
};
/** x >> k for integers beyond 32 bits. */
const shr = (x: number, k: number): number => Math.floor(x / 2 ** k);

/** The root implied by a leaf hash and its audit path (RFC 9162 §2.1.3.2). */
export function rootFromInclusionProof(h: HashFn, index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0 || !Number.isSafeInteger(index) || index < 0) throw new ProofError("bad_size", "树大小或叶子序号无效");
  if (index >= size) throw new ProofError("bad_index", `叶子序号 ${index} 超出树的大小 ${size}`);
  checkHash("叶子哈希", leaf);
  // the path splits into an inner part (where index and size-1 differ) and a border part of right siblings
  const inner = bitLength(xor(index, size - 1));
  const border = ones(shr(index, inner));
  if (proof.length !== inner + border) throw new ProofError("bad_proof_length", `证明应有 ${inner + border} 个哈希，实有 ${proof.length} 个`);
  proof.forEach((p, i) => checkHash(`证明第 ${i + 1} 个哈希`, p));
  let r = leaf;
  for (let i = 0; i < inner; i++) r = shr(index, i) % 2 === 0 ? nodeHash(h, r, proof[i]!) : nodeHash(h, proof[i]!, r);
  for (let i = inner; i < proof.length; i++) r = nodeHash(h, proof[i]!, r);
  return r;
}

/** XOR for non-negative integers up to 2^53. */
function xor(a: number, b: number): number {
  let out = 0;
  for (let bit = 1, x = a, y = b; x > 0 || y > 0; bit *= 2, x = Math.floor(x / 2), y = Math.floor(y / 2)) if (x % 2 !== y % 2) out += bit;
  return out;
}

/** Throws a ProofError unless `leaf` is at `index` in the tree of `size` with this `root`. */
export function verifyInclusion(h: HashFn, index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  checkHash("根哈希", root);
  const computed = rootFromInclusionProof(h, index, size, leaf, proof);
  if (!equalBytes(computed, root)) throw new ProofError("root_mismatch", "由证明算出的根哈希与给定的根哈希不一致");
}

/**
 * Throws a ProofError unless the tree of `size2` with `root2` extends the tree of `size1` with
 * `root1` (RFC 9162 §2.1.4.2): the log only appended, nothing was changed or removed.
 */
export function verifyConsistency(h: HashFn, size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) throw new ProofError("bad_size", `旧树大小 ${size1} 不能大于新树大小 ${size2}`);
  // RFC 9162 §2.1.4 defines the proof for 0 < size1: nothing is proved about an empty tree
  if (size1 === 0) throw new ProofError("bad_size", "旧树为空，一致性证明没有意义");
  if (size1 === size2) {
    if (proof.length) throw new ProofError("bad_proof_length", "两棵树大小相同时证明应为空");
    if (!equalBytes(root1, root2)) throw new ProofError("root_mismatch", "大小相同的两棵树根哈希不一致");
    return;
  }
  checkHash("旧根哈希", root1);
  checkHash("新根哈希", root2);
  if (proof.length === 0) throw new ProofError("bad_proof_length", "证明不能为空");
  proof.forEach((p, i) => checkHash(`证明第 ${i + 1} 个哈希`, p));

  // RFC 9162: when size1 is a power of two the old root is the first node of the path
  const inner = bitLength(xor(size1 - 1, size2 - 1));
  const shift = trailingZeros(size1);
  const seedIsRoot1 = shr(size1, shift) === 1; // size1 is an exact power of two
  const start = seedIsRoot1 ? 0 : 1;
  const expected = (seedIsRoot1 ? 0 : 1) + (inner - shift) + ones(shr(size1 - 1, inner));
  if (proof.length !== expected) throw new ProofError("bad_proof_length", `证明应有 ${expected} 个哈希，实有 ${proof.length} 个`);
  const seed = seedIsRoot1 ? root1 : proof[0]!;
  let fn = shr(size1 - 1, shift);
  let sn = shr(size2 - 1, shift);
  let fr = seed;
  let sr = seed;
  for (let i = start; i < proof.length; i++) {
    const c = proof[i]!;
    if (sn === 0) throw new ProofError("bad_proof_length", "证明过长");
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(h, c, fr);
      sr = nodeHash(h, c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = shr(fn, 1);
        sn = shr(sn, 1);
      }
    } else {
      sr = nodeHash(h, sr, c);
    }
    fn = shr(fn, 1);
    sn = shr(sn, 1);
  }
  if (sn !== 0) throw new ProofError("bad_proof_length", "证明过短");
  if (!equalBytes(fr, root1)) throw new ProofError("root_mismatch", "由证明算出的旧根哈希与给定的不一致");
  if (!equalBytes(sr, root2)) throw new ProofError("root_mismatch", "由证明算出的新根哈希与给定的不一致");
}
