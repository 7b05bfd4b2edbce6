import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DeleteObjectCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll } from "vitest";
import type { Config } from "../src/config.ts";
import { blobKey } from "../src/modules/evidence/blobs.ts";

/**
 * The two kinds of content-addressed store (decision 010), for tests that run once per kind:
 * "local" (a temporary EVIDENCE_DIR) and "s3" (a real S3-compatible server, s3rver, started here
 * on a free loopback port with a temporary directory). A server that cannot start fails the
 * tests: they are never skipped.
 */
export type BlobStoreKind = "local" | "s3";
export const BLOB_STORE_KINDS: BlobStoreKind[] = ["local", "s3"];

export interface TestBlobs {
  kind: BlobStoreKind;
  /** EVIDENCE_DIR: unfinished uploads (both kinds) and finished files (local). */
  dir: string;
  /** Configuration for setupTestApp. */
  config: Partial<Config>;
  /** The stored bytes of a blob, read behind the server's back; null when it is not stored. */
  stored(sha256: string): Promise<Buffer | null>;
  /** Every blob's key under the store's root (`blobs/aa/bb/<sha256>`). */
  keys(): Promise<string[]>;
  /** Removes a blob behind the server's back (a store that lost a file). */
  remove(sha256: string): Promise<void>;
  /** Replaces a stored file's bytes behind the server's back (damage). */
  overwrite(sha256: string, bytes: Buffer): Promise<void>;
  /** The S3 client the test reads with (s3 only). */
  s3?: S3Client;
}

const BUCKET = "zhifa-evidence";
const PREFIX = "zhifa-test/";

function walk(dir: string, rel = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name), `${rel}${d.name}/`) : [`${rel}${d.name}`]));
}

/** A store of the kind, removed after the file's tests. */
export async function testBlobStore(kind: BlobStoreKind): Promise<TestBlobs> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-evidence-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const local = (sha256: string) => path.join(dir, ...blobKey(sha256).split("/"));
  if (kind === "local") {
    return {
      kind,
      dir,
      config: { EVIDENCE_DIR: dir, BLOB_STORE: "local" },
      stored: async (sha256) => (fs.existsSync(local(sha256)) ? fs.readFileSync(local(sha256)) : null),
      keys: async () => walk(path.join(dir, "blobs"), "blobs/"),
      remove: async (sha256) => fs.rmSync(local(sha256), { force: true }),
      overwrite: async (sha256, bytes) => fs.writeFileSync(local(sha256), bytes),
    };
  }
  const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory: s3dir, silent: true, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
  afterAll(async () => {
    s3.destroy();
    await server.close();
    fs.rmSync(s3dir, { recursive: true, force: true });
  });
  return {
    kind,
    dir,
    s3,
    config: {
      EVIDENCE_DIR: dir,
      BLOB_STORE: "s3",
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_BUCKET: BUCKET,
      S3_PREFIX: PREFIX,
      S3_FORCE_PATH_STYLE: true,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    stored: async (sha256) => {
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${blobKey(sha256)}` }));
        return Buffer.from(await got.Body!.transformToByteArray());
      } catch (e) {
        if ((e as { name?: string }).name === "NoSuchKey") return null;
        throw e;
      }
    },
    keys: async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!.slice(PREFIX.length)));
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    remove: async (sha256) => void (await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${blobKey(sha256)}` }))),
    overwrite: async (sha256, bytes) => void (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${blobKey(sha256)}`, Body: bytes }))),
  };
}
