/**
 * SHA-256 of uploads off the main thread: SHA-256 alone runs at ~500 MB/s on one core here,
 * so hashing inline would cap an upload well below what the network and disk allow. The main
 * thread copies each chunk to a worker (messages keep their order) and keeps receiving and
 * writing while the worker hashes.
 */
import { Worker } from "node:worker_threads";

const WORKER = `
const { parentPort } = require("node:worker_threads");
const crypto = require("node:crypto");
const states = new Map();
parentPort.on("message", (m) => {
  if (m.op === "update") {
    let h = states.get(m.id);
    if (!h) states.set(m.id, (h = crypto.createHash("sha256")));
    h.update(new Uint8Array(m.data, 0, m.length));
    // the buffer goes back to the main thread to be filled again (no allocation per batch)
    parentPort.postMessage({ ack: m.length, data: m.data }, [m.data]);
  } else if (m.op === "digest") {
    const h = states.get(m.id) ?? crypto.createHash("sha256");
    states.delete(m.id);
    parentPort.postMessage({ ticket: m.ticket, hex: h.digest("hex") });
  } else if (m.op === "drop") {
    states.delete(m.id);
  }
});
`;

const BATCH = 4 * 1024 * 1024;
const MAX_INFLIGHT = 32 * 1024 * 1024;
/** Buffers kept for reuse: as many as may be in flight, and one being filled. */
const POOL = MAX_INFLIGHT / BATCH + 2;

export class Hasher {
  private worker: Worker | null = null;
  private tickets = new Map<number, (hex: string) => void>();
  private next = 1;

  private get w(): Worker {
    if (!this.worker) {
      this.worker = new Worker(WORKER, { eval: true });
      this.worker.unref();
      this.worker.on("message", (m: { ticket?: number; hex?: string; ack?: number; data?: ArrayBuffer }) => {
        if (m.ack !== undefined) {
          this.inflight -= m.ack;
          if (m.data && this.free.length < POOL) this.free.push(new Uint8Array(m.data));
          if (this.inflight <= MAX_INFLIGHT / 2) for (const wake of this.waiting.splice(0)) wake();
          return;
        }
        this.tickets.get(m.ticket!)?.(m.hex!);
        this.tickets.delete(m.ticket!);
      });
    }
    return this.worker;
  }

  /** Batch buffers the worker has hashed and handed back, reused (no fresh 4 MB per batch). */
  private readonly free: Uint8Array[] = [];

  /** Chunks gathered per key into one buffer, sent to the worker a few MB at a time. */
  private readonly batches = new Map<string, { buf: Uint8Array; used: number }>();

  /** Adds bytes to the hash of `key` (the chunk is copied; the caller may reuse it). */
  update(key: string, chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.byteLength) {
      let batch = this.batches.get(key);
      if (!batch) this.batches.set(key, (batch = { buf: this.free.pop() ?? new Uint8Array(BATCH), used: 0 }));
      const n = Math.min(BATCH - batch.used, chunk.byteLength - at);
      batch.buf.set(chunk.subarray(at, at + n), batch.used);
      batch.used += n;
      at += n;
      if (batch.used === BATCH) this.flush(key);
    }
  }

  private flush(key: string): void {
    const batch = this.batches.get(key);
    if (!batch) return;
    this.batches.delete(key);
    if (batch.used === 0) {
      if (this.free.length < POOL) this.free.push(batch.buf);
      return;
    }
    // the whole buffer moves to the worker (no copy), with the length that counts
    this.inflight += batch.used;
    this.w.postMessage({ op: "update", id: key, data: batch.buf.buffer, length: batch.used }, [batch.buf.buffer as ArrayBuffer]);
  }

  /** Bytes sent to the worker and not hashed yet. */
  private inflight = 0;
  private waiting: (() => void)[] = [];

  /**
   * Resolves when the worker has caught up enough: an upload faster than hashing must slow
   * down (back-pressure to the socket) rather than queue its bytes in memory.
   */
  ready(): Promise<void> | null {
    if (this.inflight <= MAX_INFLIGHT) return null;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The hex digest of everything added under `key`; forgets it. */
  digest(key: string): Promise<string> {
    this.flush(key);
    const ticket = this.next++;
    return new Promise((resolve) => {
      this.tickets.set(ticket, resolve);
      this.w.postMessage({ op: "digest", id: key, ticket });
    });
  }

  drop(key: string): void {
    const batch = this.batches.get(key);
    if (batch && this.free.length < POOL) this.free.push(batch.buf);
    this.batches.delete(key);
    this.w.postMessage({ op: "drop", id: key });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
