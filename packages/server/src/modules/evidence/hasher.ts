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
    h.update(new Uint8Array(m.data));
  } else if (m.op === "digest") {
    const h = states.get(m.id) ?? crypto.createHash("sha256");
    states.delete(m.id);
    parentPort.postMessage({ ticket: m.ticket, hex: h.digest("hex") });
  } else if (m.op === "drop") {
    states.delete(m.id);
  }
});
`;

export class Hasher {
  private worker: Worker | null = null;
  private tickets = new Map<number, (hex: string) => void>();
  private next = 1;

  private get w(): Worker {
    if (!this.worker) {
      this.worker = new Worker(WORKER, { eval: true });
      this.worker.unref();
      this.worker.on("message", (m: { ticket: number; hex: string }) => {
        this.tickets.get(m.ticket)?.(m.hex);
        this.tickets.delete(m.ticket);
      });
    }
    return this.worker;
  }

  /** Adds bytes to the hash of `key` (the chunk is copied; the caller may reuse it). */
  update(key: string, chunk: Uint8Array): void {
    const copy = new ArrayBuffer(chunk.byteLength);
    new Uint8Array(copy).set(chunk);
    this.w.postMessage({ op: "update", id: key, data: copy }, [copy]);
  }

  /** The hex digest of everything added under `key`; forgets it. */
  digest(key: string): Promise<string> {
    const ticket = this.next++;
    return new Promise((resolve) => {
      this.tickets.set(ticket, resolve);
      this.w.postMessage({ op: "digest", id: key, ticket });
    });
  }

  drop(key: string): void {
    this.w.postMessage({ op: "drop", id: key });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
