/**
 * Where evidence bytes live (R-REC-06): unfinished tus uploads in the local `uploads/` folder;
 * finished files, once their hash is verified, in the content-addressed BlobStore (`blobs.ts`:
 * the local `blobs/<2 hex>/<2 hex>/<sha256>` or an S3-compatible bucket, decision 010). Uploads are hashed while they stream
 * in, in a worker thread (the hash state follows each PATCH; a process that did not see the
 * earlier chunks, after a restart or behind a load balancer, re-reads the part on disk once).
 * Nothing is buffered whole.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import stream from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileStore } from "@tus/file-store";
import { ERRORS, type Upload } from "@tus/utils";
import { ACCEPTED_MEDIA, detectMediaType } from "@zhifa/domain";
import { Hasher } from "./hasher.ts";
import type { BlobStore } from "./blobs.ts";

/** An error tus sends as is: our JSON error body with a stable id. */
export class TusError extends Error {
  readonly body: string;
  constructor(
    readonly status_code: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.body = JSON.stringify({ error: { id, message } });
  }
}

export const wrongType = () => new TusError(415, "evidence_bad_type", `文件类型不受支持（按文件内容识别）。可上传：${ACCEPTED_MEDIA}`);

/** An upload's running hash: bytes so far, hashed under `key` in the hasher worker. */
interface HashState {
  key: string;
  bytes: number;
}

export class EvidenceFileStore extends FileStore {
  private readonly hashes = new Map<string, HashState>();
  readonly hasher = new Hasher();

  constructor(
    readonly root: string,
    readonly blobs: BlobStore,
  ) {
    super({ directory: path.join(root, "uploads") });
  }

  private uploadPath(id: string): string {
    if (!/^[\w-]+$/.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return path.join(this.directory, id);
  }

  /** The hash state for an upload at `offset`, rebuilt from disk when this process lacks it. */
  private async stateAt(id: string, offset: number): Promise<HashState> {
    const known = this.hashes.get(id);
    if (known && known.bytes === offset) return known;
    if (known) this.hasher.drop(known.key);
    const state: HashState = { key: `${id}:${crypto.randomUUID()}`, bytes: 0 };
    if (offset > 0) {
      const hasher = this.hasher;
      await pipeline(
        fs.createReadStream(this.uploadPath(id), { start: 0, end: offset - 1, highWaterMark: 1024 * 1024 }),
        new stream.Writable({
          write(chunk: Buffer, _e, cb) {
            hasher.update(state.key, chunk);
            state.bytes += chunk.length;
            cb();
          },
        }),
      );
    }
    this.hashes.set(id, state);
    return state;
  }

  /** As FileStore.write, hashing what is written and checking the type from the first bytes. */
  override async write(readable: stream.Readable, id: string, offset: number, limit = Number.MAX_SAFE_INTEGER): Promise<number> {
    const state = await this.stateAt(id, offset);
    let received = 0;
    let head: Buffer | null = offset === 0 ? Buffer.alloc(0) : null;
    const hasher = this.hasher;
    const tap = new stream.Transform({
      transform(chunk: Buffer, _e, callback) {
        if (received + chunk.length > limit) return callback(new TusError(413, "evidence_too_large", "上传的数据超过声明的文件大小"));
        if (head) {
          // the type is known from the first bytes: refuse a wrong file before storing more of it
          head = Buffer.concat([head, chunk.subarray(0, 256)]);
          if (head.length >= 256) {
            if (!detectMediaType(head)) return callback(wrongType());
            head = null;
          }
        }
        hasher.update(state.key, chunk);
        state.bytes += chunk.length;
        received += chunk.length;
        const wait = hasher.ready();
        if (wait) void wait.then(() => callback(null, chunk));
        else callback(null, chunk);
      },
    });
    const out = fs.createWriteStream(this.uploadPath(id), { flags: "r+", start: offset, highWaterMark: 1024 * 1024 });
    try {
      await pipeline(readable, tap, out);
    } catch (e) {
      this.forget(id); // bytes hashed and written may differ now: rebuild next time
      if (e instanceof TusError) throw e; // the server discards the refused upload once the request is over
      throw ERRORS.FILE_WRITE_ERROR;
    }
    return offset + received;
  }

  /** SHA-256 (hex) of a complete upload. */
  async digest(upload: Upload): Promise<string> {
    const state = await this.stateAt(upload.id, upload.offset);
    this.hashes.delete(upload.id);
    return this.hasher.digest(state.key);
  }

  private forget(id: string): void {
    const state = this.hashes.get(id);
    if (state) this.hasher.drop(state.key);
    this.hashes.delete(id);
  }

  /** The first bytes of an upload (type check of a file smaller than 256 bytes). */
  async head(id: string, n = 256): Promise<Buffer> {
    const fh = await fs.promises.open(this.uploadPath(id), "r");
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /** Drops an upload and what this process knew of it. */
  async discard(id: string): Promise<void> {
    this.forget(id);
    await fs.promises.rm(this.uploadPath(id), { force: true });
    await this.configstore.delete(id).catch(() => undefined);
  }

  /**
   * Puts a finished upload, its hash verified, into the content-addressed store (the stored copy
   * stays when the same content is already there). The upload itself stays until `finished`: if
   * the store or the record fails, the next HEAD or PATCH finishes it without a new upload.
   */
  async keep(upload: Upload, sha256: string): Promise<void> {
    const file = this.uploadPath(upload.id);
    // a second name for the same bytes (no copy), handed to the blob store, which takes it away
    const staged = `${file}.${crypto.randomUUID()}.keep`;
    try {
      await fs.promises.link(file, staged).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== "EPERM" && e.code !== "EXDEV" && e.code !== "ENOTSUP") throw e;
        await fs.promises.copyFile(file, staged);
      });
      await this.blobs.putFile(sha256, staged);
    } finally {
      await fs.promises.rm(staged, { force: true });
    }
  }

  /**
   * Uploads stored lately, remembered for a while by this process: a client whose connection
   * dropped while its last PATCH was being stored asks HEAD and learns the record, instead of
   * finding nothing and uploading the file again.
   */
  private readonly recent = new Map<string, { uploader: string; size: number; evidenceId: string; at: number }>();
  static readonly RECENT_MS = 15 * 60_000;

  /** A recently stored upload of `uploader`, if this process stored it. */
  storedLately(id: string, uploader: string): { size: number; evidenceId: string } | null {
    const r = this.recent.get(id);
    return r && r.uploader === uploader && Date.now() - r.at < EvidenceFileStore.RECENT_MS ? r : null;
  }

  /** The upload's record is stored: its bytes and state go. */
  async finished(id: string, stored?: { uploader: string; size: number; evidenceId: string }): Promise<void> {
    if (stored) {
      const now = Date.now();
      for (const [k, v] of this.recent) if (now - v.at >= EvidenceFileStore.RECENT_MS) this.recent.delete(k);
      this.recent.set(id, { ...stored, at: now });
    }
    this.forget(id);
    await this.configstore.delete(id);
    await fs.promises.rm(this.uploadPath(id), { force: true });
  }

  /** The request working on an upload (PATCH, or HEAD finishing it): one at a time per upload. */
  private readonly busy = new Map<string, Promise<void>>();

  /**
   * Runs `fn` alone for upload `id`: a request arriving while another works on the same upload
   * (a client that lost its connection resumes at once) waits briefly for it to end, so the
   * offset it sees is final; null when the other is still busy after that.
   */
  async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T | null> {
    const previous = this.busy.get(id);
    if (previous) {
      await Promise.race([previous, new Promise((r) => setTimeout(r, 5000))]);
      if (this.busy.has(id)) return null;
    }
    let done!: () => void;
    this.busy.set(id, new Promise<void>((r) => (done = r)));
    try {
      return await fn();
    } finally {
      this.busy.delete(id);
      done();
    }
  }
}
