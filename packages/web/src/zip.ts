/**
 * Reading a ZIP in the browser by its central directory, with Blob slices: only the small
 * entries are read whole; large files (hours of video) are read in slices and hashed as they
 * come, so a case file of several GB verifies without filling memory. ZIP64 is supported
 * (yazl writes it for large files). Stored and deflated entries only.
 */
import { inflateSync } from "fflate";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipError extends Error {}

const u16 = (v: DataView, o: number) => v.getUint16(o, true);
const u32 = (v: DataView, o: number) => v.getUint32(o, true);
const u64 = (v: DataView, o: number) => u32(v, o) + u32(v, o + 4) * 2 ** 32;

async function bytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

export async function listZip(blob: Blob): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, blob.size - 65_557);
  const tail = await bytes(blob, tailStart, blob.size);
  const tv = new DataView(tail.buffer);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (u32(tv, i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new ZipError("不是有效的 ZIP 文件");
  let count = u16(tv, eocd + 10);
  let cdSize = u32(tv, eocd + 12);
  let cdOffset = u32(tv, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits right before the end record
    const loc = eocd - 20;
    if (loc < 0 || u32(tv, loc) !== 0x07064b50) throw new ZipError("ZIP64 记录缺失");
    const z64 = u64(tv, loc + 8);
    const rec = new DataView((await bytes(blob, z64, z64 + 56)).buffer);
    if (u32(rec, 0) !== 0x06064b50) throw new ZipError("ZIP64 记录无效");
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  const cd = await bytes(blob, cdOffset, cdOffset + cdSize);
  const v = new DataView(cd.buffer);
  const out: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (u32(v, p) !== 0x02014b50) throw new ZipError("ZIP 目录已损坏");
    const method = u16(v, p + 10);
    let compressedSize = u32(v, p + 20);
    let size = u32(v, p + 24);
    const nameLen = u16(v, p + 28);
    const extraLen = u16(v, p + 30);
    const commentLen = u16(v, p + 32);
    let localOffset = u32(v, p + 42);
    const name = new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field: the 0xffffffff values, in order
    for (let e = p + 46 + nameLen; e < p + 46 + nameLen + extraLen; ) {
      const id = u16(v, e);
      const len = u16(v, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(v, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(v, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(v, q);
      }
      e += 4 + len;
    }
    out.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

async function dataStart(blob: Blob, e: ZipEntry): Promise<number> {
  const h = new DataView((await bytes(blob, e.localOffset, e.localOffset + 30)).buffer);
  if (u32(h, 0) !== 0x04034b50) throw new ZipError(`${e.name}：本地文件头无效`);
  return e.localOffset + 30 + u16(h, 26) + u16(h, 28);
}

/** A small entry's bytes (manifest, entries). */
export async function readEntry(blob: Blob, e: ZipEntry): Promise<Uint8Array> {
  if (e.size > 64 * 1024 * 1024) throw new ZipError(`${e.name}：过大`);
  const start = await dataStart(blob, e);
  const raw = await bytes(blob, start, start + e.compressedSize);
  if (e.method === 0) return raw;
  if (e.method === 8) return inflateSync(raw);
  throw new ZipError(`${e.name}：不支持的压缩方式 ${e.method}`);
}

/** Streams a stored entry's bytes in slices (large evidence files). */
export async function eachSlice(blob: Blob, e: ZipEntry, fn: (chunk: Uint8Array) => void, onProgress?: (done: number) => void): Promise<void> {
  if (e.method !== 0) {
    fn(await readEntry(blob, e));
    return;
  }
  const start = await dataStart(blob, e);
  const step = 4 * 1024 * 1024;
  for (let at = 0; at < e.size; at += step) {
    fn(await bytes(blob, start + at, start + Math.min(e.size, at + step)));
    onProgress?.(Math.min(e.size, at + step));
  }
}
