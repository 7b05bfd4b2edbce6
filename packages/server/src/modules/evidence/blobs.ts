/**
 * The content-addressed store of finished files (R-REC-06): evidence files and assembled case
 * files, each kept once under its SHA-256 at `blobs/<2 hex>/<2 hex>/<sha256>`. Two kinds
 * (decision 010): a local folder (EVIDENCE_DIR, the default) or an S3-compatible bucket
 * (BLOB_STORE=s3: AWS S3, MinIO, Ceph RGW, OSS…) shared by every server process. Bytes are only
 * ever streamed: memory stays flat whatever the file's size.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Config } from "../../config.ts";

/** Bytes `start`…`end`, both inclusive (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/** The blob is not in the store (its record is: the store lost it, or was pointed elsewhere). */
export class BlobMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`blob ${sha256} is not in the store`);
  }
}

/** The store cannot be used as configured (unreachable bucket, bad credentials…): the server does not start. */
export class BlobStoreError extends Error {}

export interface BlobStore {
  readonly kind: "local" | "s3";
  /** Where the blob lives (a path or an s3:// URL), for logs and messages. */
  locate(sha256: string): string;
  /**
   * Moves a local file holding exactly the blob `sha256` (the caller checked the hash) into the
   * store; the file is gone afterwards. Content addressing: when the blob is already stored, the
   * stored copy stays and the file is just deleted.
   */
  putFile(sha256: string, file: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /** The blob's size in bytes; null when it is not stored. */
  size(sha256: string): Promise<number | null>;
  /**
   * The blob's bytes, or the inclusive `range` of them. Resolves once the blob is open, so a
   * missing one (BlobMissingError) is known before any response starts.
   */
  read(sha256: string, range?: ByteRange): Promise<Readable>;
  /** Throws BlobStoreError when the store cannot be used (checked at start). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** `blobs/<aa>/<bb>/<sha256>`: the same relative layout on disk and in a bucket. */
export function blobKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError("bad sha256");
  return `blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

const CHUNK = 1024 * 1024;

/** Finished files in `<root>/blobs/…` (the layout of decision 005, unchanged). */
export class LocalBlobStore implements BlobStore {
  readonly kind = "local";
  constructor(readonly root: string) {}

  locate(sha256: string): string {
    return path.join(this.root, ...blobKey(sha256).split("/"));
  }

  async putFile(sha256: string, file: string): Promise<void> {
    const target = this.locate(sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) return fs.promises.rm(file, { force: true });
    try {
      await fs.promises.rename(file, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      // uploads on another file system than the store: copy under a temporary name, then rename (atomic)
      const part = `${target}.${crypto.randomUUID()}.part`;
      await pipeline(fs.createReadStream(file, { highWaterMark: CHUNK }), fs.createWriteStream(part));
      await fs.promises.rename(part, target);
      await fs.promises.rm(file, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    const stat = await fs.promises.stat(this.locate(sha256)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return null;
      throw e;
    });
    return stat ? stat.size : null;
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const fh = await fs.promises.open(this.locate(sha256), "r").catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") throw new BlobMissingError(sha256);
      throw e;
    });
    // the handle closes when the stream ends or is destroyed
    return fh.createReadStream({ start: range?.start, end: range?.end, highWaterMark: CHUNK });
  }

  async check(): Promise<void> {
    await fs.promises.mkdir(path.join(this.root, "blobs"), { recursive: true });
  }

  async close(): Promise<void> {}
}

export interface S3Options {
  bucket: string;
  /** Prepended to every key: "" or path segments ending with "/". */
  prefix: string;
  region: string;
  /** An S3-compatible server (MinIO, Ceph RGW, OSS…); none for AWS S3 itself. */
  endpoint?: string;
  /** Bucket in the path (`http://host/bucket/key`), as most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Both, or neither for the SDK's own chain (AWS_* variables, instance role…). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

const isNotFound = (e: unknown): boolean => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NotFound" || err.name === "NoSuchKey" || err.$metadata?.httpStatusCode === 404;
};

/** Finished files in an S3-compatible bucket, under `<prefix>blobs/…`. */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3";
  readonly client: S3Client;
  /** Each part is buffered while it uploads: memory ≤ PART × QUEUE per upload, whatever the file size. */
  static readonly PART = 8 * 1024 * 1024;
  static readonly QUEUE = 4;

  constructor(readonly options: S3Options) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // checksums only where S3 requires them: the SDK's default (CRC32 trailers in aws-chunked
      // bodies) is refused by many S3-compatible servers; our own SHA-256 names every blob
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  key(sha256: string): string {
    return `${this.options.prefix}${blobKey(sha256)}`;
  }

  locate(sha256: string): string {
    return `s3://${this.options.bucket}/${this.key(sha256)}`;
  }

  async putFile(sha256: string, file: string): Promise<void> {
    if (!(await this.has(sha256))) {
      const { size } = await fs.promises.stat(file);
      // at most 10 000 parts per upload: larger parts for files above ~80 GB
      const partSize = Math.max(S3BlobStore.PART, Math.ceil(size / 9000));
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.options.bucket, Key: this.key(sha256), Body: fs.createReadStream(file, { highWaterMark: CHUNK }), ContentType: "application/octet-stream" },
        partSize,
        queueSize: S3BlobStore.QUEUE,
      });
      await upload.done();
    }
    await fs.promises.rm(file, { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      return head.ContentLength ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      // in Node the body is the HTTP response itself (an IncomingMessage): streamed, not buffered
      return got.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new BlobMissingError(sha256);
      throw e;
    }
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why = status === 404 ? "the bucket does not exist" : status === 403 ? "access denied (S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY)" : `${(e as Error).name}: ${(e as Error).message}`;
      throw new BlobStoreError(`BLOB_STORE=s3: cannot use bucket S3_BUCKET=${JSON.stringify(this.options.bucket)} at ${this.options.endpoint ? `S3_ENDPOINT=${this.options.endpoint}` : "AWS S3"}: ${why}`);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/** Where evidence lives locally: EVIDENCE_DIR, or DATA_DIR/evidence (unfinished uploads always; finished files with BLOB_STORE=local). */
export const evidenceRoot = (config: { EVIDENCE_DIR?: string; DATA_DIR: string }): string => config.EVIDENCE_DIR ?? path.join(config.DATA_DIR, "evidence");

/** The store the configuration names (loadConfig checked the combination). */
export function blobStoreFromConfig(config: Config): BlobStore {
  if (config.BLOB_STORE !== "s3") return new LocalBlobStore(evidenceRoot(config));
  return new S3BlobStore({
    bucket: config.S3_BUCKET!,
    prefix: config.S3_PREFIX,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
}

/** Writes a stream to `file`, hashing it on the way: its SHA-256 and size. */
async function writeHashed(source: Readable, file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, tap, fs.createWriteStream(file));
  return { sha256: hash.digest("hex"), size };
}

/**
 * Stores a stream whose hash is not known beforehand (an assembled case file): hashed while it
 * is written to a temporary file in `tmpDir`, then moved into the store under its SHA-256.
 */
export async function storeStream(blobs: BlobStore, tmpDir: string, source: Readable): Promise<{ sha256: string; size: number }> {
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `blob-${crypto.randomUUID()}`);
  try {
    const { sha256, size } = await writeHashed(source, tmp);
    await blobs.putFile(sha256, tmp);
    return { sha256, size };
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** The hashes of the finished files in a local store (`blobs/aa/bb/<sha256>`; temporary `.part` files left out). */
export async function* localBlobs(store: LocalBlobStore): AsyncGenerator<string> {
  const root = path.join(store.root, "blobs");
  const dirs = async (dir: string) => (await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => d.name).sort();
  for (const a of await dirs(root))
    for (const b of await dirs(path.join(root, a)))
      for (const name of (await fs.promises.readdir(path.join(root, a, b))).sort()) if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(a + b)) yield name;
}

/**
 * Copies every finished file of a local store into another (moving a deployment to a bucket:
 * BLOB_STORE=s3), each checked against its name while it is read: a file whose content no longer
 * has its hash is not copied and is named in `corrupt`. Files the target has are skipped, so an
 * interrupted copy is simply run again. The local files stay.
 */
export async function copyBlobs(from: LocalBlobStore, to: BlobStore, tmpDir: string, onFile?: (sha256: string, outcome: "copied" | "present" | "corrupt") => void): Promise<{ copied: number; present: number; corrupt: string[] }> {
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const result = { copied: 0, present: 0, corrupt: [] as string[] };
  for await (const sha256 of localBlobs(from)) {
    let outcome: "copied" | "present" | "corrupt";
    if (await to.has(sha256)) outcome = "present";
    else {
      const tmp = path.join(tmpDir, `copy-${crypto.randomUUID()}`);
      try {
        if ((await writeHashed(await from.read(sha256), tmp)).sha256 === sha256) {
          await to.putFile(sha256, tmp);
          outcome = "copied";
        } else outcome = "corrupt";
      } finally {
        await fs.promises.rm(tmp, { force: true });
      }
    }
    if (outcome === "corrupt") result.corrupt.push(sha256);
    else result[outcome] += 1;
    onFile?.(sha256, outcome);
  }
  return result;
}
