/**
 * A stored Merkle log as tiles (C2SP tlog-tiles): which complete subtrees a proof or a root
 * needs, where each lives in the tiles, tile paths, and a compact range for streaming roots.
 * Pure; the server reads tiles from the database, a client may read them over HTTP.
 */
import { emptyRoot, nodeHash, rootOf, splitPoint as split, type HashFn } from "./merkle.ts";

/** Tile height in levels (256 hashes per full tile). */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** A complete subtree: 2^level leaves starting at leaf index * 2^level. */
export interface Subtree {
  level: number;
  index: number;
}

/** A range [start, end) of leaves whose MTH is one hash of a proof. */
export type LeafRange = readonly [number, number];

const isPow2 = (n: number): boolean => n > 0 && 2 ** Math.round(Math.log2(n)) === n;
const log2 = (n: number): number => Math.round(Math.log2(n));

/** The ranges whose hashes form PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf side first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  const out: LeafRange[] = [];
  const path = (m: number, a: number, b: number): void => {
    if (b - a <= 1) return;
    const k = split(b - a);
    if (m < k) {
      path(m, a, a + k);
      out.push([a + k, b]);
    } else {
      path(m - k, a + k, b);
      out.push([a, a + k]);
    }
  };
  path(index, 0, size);
  return out;
}

/** The ranges whose hashes form PROOF(size1, D[0:size2]) (RFC 9162 §2.1.4.1). */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  const out: LeafRange[] = [];
  if (size1 <= 0 || size1 >= size2) return out;
  const sub = (m: number, a: number, b: number, complete: boolean): void => {
    if (m === b - a) {
      if (!complete) out.push([a, b]);
      return;
    }
    const k = split(b - a);
    if (m <= k) {
      sub(m, a, a + k, complete);
      out.push([a + k, b]);
    } else {
      sub(m - k, a + k, b, false);
      out.push([a, a + k]);
    }
  };
  sub(size1, 0, size2, true);
  return out;
}

/**
 * The complete subtrees, largest first, whose right-fold gives MTH(D[start:end]) for a range of
 * the RFC's recursion (start aligned to a power of two at least end - start), or for [0, size).
 */
export function completeSubtrees(start: number, end: number): Subtree[] {
  const out: Subtree[] = [];
  let a = start;
  while (a < end) {
    const n = end - a;
    const k = isPow2(n) ? n : split(n);
    out.push({ level: log2(k), index: a / k });
    a += k;
  }
  return out;
}

/** MTH from the hashes of `completeSubtrees(...)`: fold from the right. */
export function foldSubtrees(h: HashFn, hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot(h);
  let r = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(h, hashes[i]!, r);
  return r;
}

/**
 * Where a complete subtree's hash comes from when hashes are stored every `height` levels:
 * the hashes [from, from + count) stored at band `tileLevel` (band 0 = leaf hashes, band t =
 * hashes of complete subtrees of 2^(t·height) leaves), hashed together as a perfect tree.
 * With height 8 the bands are the C2SP tiles' levels.
 */
export function subtreeSource(s: Subtree, height = TILE_HEIGHT): { tileLevel: number; from: number; count: number } {
  const tileLevel = Math.floor(s.level / height);
  const h = s.level - tileLevel * height;
  return { tileLevel, from: s.index * 2 ** h, count: 2 ** h };
}

/** Hash of a perfect subtree from its 2^h stored hashes. */
export const subtreeFromStored = (h: HashFn, stored: readonly Uint8Array[]): Uint8Array => (stored.length === 1 ? stored[0]! : rootOf(h, stored));

/** Path of a tile per C2SP tlog-tiles: "tile/<L>/<N>[.p/<W>]", or "tile/entries/<N>[.p/<W>]". */
export function tilePath(level: number | "entries", index: number, width = TILE_WIDTH): string {
  const digits = String(index).padStart(3 * Math.max(1, Math.ceil(String(index).length / 3)), "0");
  const parts: string[] = [];
  for (let i = 0; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
  const n = parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join("/");
  return `tile/${level}/${n}${width < TILE_WIDTH ? `.p/${width}` : ""}`;
}

/** Parses the part after "tile/": "<L>/<N>[.p/<W>]" or "entries/<N>[.p/<W>]"; null if malformed. */
export function parseTilePath(rest: string): { level: number | "entries"; index: number; width: number } | null {
  const m = /^(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(rest);
  if (!m) return null;
  const level = m[1] === "entries" ? "entries" : Number(m[1]);
  if (typeof level === "number" && level > 63) return null;
  const groups = [...m[2]!.matchAll(/x(\d{3})\//g)].map((g) => g[1]!);
  if (groups.length > 0 && groups[0] === "000") return null; // no leading zero groups
  const index = Number([...groups, m[3]!].join(""));
  const width = m[4] ? Number(m[4]) : TILE_WIDTH;
  if (!Number.isSafeInteger(index) || (m[4] !== undefined && width > 255)) return null;
  return { level, index, width };
}

/**
 * A compact range over the leaves appended so far: the roots of the maximal complete subtrees,
 * enough to give the tree's root at any point while streaming leaves (ledger fsck).
 */
export class CompactRange {
  private readonly stack: { level: number; hash: Uint8Array }[] = [];
  size = 0;
  constructor(private readonly h: HashFn) {}

  /** Appends a leaf hash; `onComplete` sees every complete subtree hash it finishes. */
  append(leaf: Uint8Array, onComplete?: (s: Subtree, hash: Uint8Array) => void): void {
    let node = { level: 0, hash: leaf };
    let index = this.size;
    onComplete?.({ level: 0, index }, leaf);
    while (this.stack.length && this.stack[this.stack.length - 1]!.level === node.level) {
      const left = this.stack.pop()!;
      node = { level: node.level + 1, hash: nodeHash(this.h, left.hash, node.hash) };
      index = Math.floor(index / 2);
      onComplete?.({ level: node.level, index }, node.hash);
    }
    this.stack.push(node);
    this.size++;
  }

  root(): Uint8Array {
    return foldSubtrees(this.h, this.stack.map((s) => s.hash));
  }
}
