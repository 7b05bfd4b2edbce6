import { execFile, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { beforeAll, describe, expect, it } from "vitest";
import { BLOB_STORE_KINDS, testBlobStore, type TestBlobs } from "../../../test/blob-stores.ts";
import { testConfig } from "../../../test/harness.ts";
import { ConfigError, loadConfig } from "../../config.ts";
import { BlobMissingError, blobStoreFromConfig, BlobStoreError, copyBlobs, LocalBlobStore, S3BlobStore, storeStream, type BlobStore } from "./blobs.ts";

// The content-addressed store of finished files (R-REC-06, decision 010): the same contract for
// the local folder and an S3-compatible bucket (a real S3 server, s3rver, on a loopback port).
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

async function bytesOf(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe.each(BLOB_STORE_KINDS)("BlobStore, %s", (kind) => {
  let blobs: TestBlobs;
  let store: BlobStore;
  const temp = (b: Buffer) => {
    const f = path.join(blobs.dir, `tmp-${crypto.randomUUID()}`);
    fs.writeFileSync(f, b);
    return f;
  };

  beforeAll(async () => {
    blobs = await testBlobStore(kind);
    store = blobStoreFromConfig(testConfig(blobs.config));
    await store.check();
    return () => store.close();
  });

  it("moves a verified file in under its hash; the same content again is kept once and its file deleted", async () => {
    const b = crypto.randomBytes(10_000);
    const first = temp(b);
    expect(await store.has(sha(b))).toBe(false);
    expect(await store.size(sha(b))).toBeNull();
    await store.putFile(sha(b), first);
    expect(fs.existsSync(first)).toBe(false);
    expect(await store.has(sha(b))).toBe(true);
    expect(await store.size(sha(b))).toBe(b.length);
    const again = temp(b);
    await store.putFile(sha(b), again);
    expect(fs.existsSync(again)).toBe(false);
    expect((await blobs.keys()).filter((k) => k.endsWith(sha(b)))).toEqual([`blobs/${sha(b).slice(0, 2)}/${sha(b).slice(2, 4)}/${sha(b)}`]);
    expect((await blobs.stored(sha(b)))?.equals(b)).toBe(true);
    expect(store.locate(sha(b))).toContain(`blobs/${sha(b).slice(0, 2)}/${sha(b).slice(2, 4)}/${sha(b)}`);
  });

  it("reads the whole blob or an inclusive byte range", async () => {
    const b = crypto.randomBytes(100_000);
    await store.putFile(sha(b), temp(b));
    expect((await bytesOf(await store.read(sha(b)))).equals(b)).toBe(true);
    expect((await bytesOf(await store.read(sha(b), { start: 1000, end: 1999 }))).equals(b.subarray(1000, 2000))).toBe(true);
    expect((await bytesOf(await store.read(sha(b), { start: b.length - 1, end: b.length - 1 }))).equals(b.subarray(b.length - 1))).toBe(true);
  });

  it("says a blob is missing before any byte (BlobMissingError)", async () => {
    const absent = sha(Buffer.from("never stored"));
    await expect(store.read(absent)).rejects.toBeInstanceOf(BlobMissingError);
    await expect(store.read(absent, { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobMissingError);
    expect(() => store.locate("../../etc/passwd")).toThrow(RangeError);
  });

  it("stores a file larger than an upload part, in parts for S3, streamed both ways", async () => {
    const size = 2 * S3BlobStore.PART + 12345;
    const b = crypto.randomBytes(size);
    let parts = 0;
    if (store instanceof S3BlobStore) {
      store.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "UploadPartCommand") parts++;
          return next(args);
        },
        { step: "initialize", name: "countParts" },
      );
    }
    await store.putFile(sha(b), temp(b));
    if (store instanceof S3BlobStore) {
      store.client.middlewareStack.remove("countParts");
      expect(parts).toBe(3);
    }
    expect(await store.size(sha(b))).toBe(size);
    const hash = crypto.createHash("sha256");
    for await (const c of await store.read(sha(b))) hash.update(c as Buffer);
    expect(hash.digest("hex")).toBe(sha(b));
  });

  it("stores a stream of unknown hash (an assembled case file) under the hash it turns out to have", async () => {
    const b = Buffer.from("电子卷宗".repeat(5000));
    const stored = await storeStream(store, path.join(blobs.dir, "tmp"), Readable.from([b.subarray(0, 7000), b.subarray(7000)]));
    expect(stored).toEqual({ sha256: sha(b), size: b.length });
    expect(await text(await store.read(sha(b)))).toBe(b.toString());
    expect(fs.readdirSync(path.join(blobs.dir, "tmp"))).toEqual([]);
  });
});

describe("object storage configuration (decision 010)", () => {
  const base = { DATA_DIR: "/tmp/zhifa-test-unused" };
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return null;
  };

  it("defaults to the local folder", () => {
    expect(loadConfig(base)).toMatchObject({ BLOB_STORE: "local", S3_PREFIX: "", S3_FORCE_PATH_STYLE: false, S3_REGION: "us-east-1" });
  });

  it("reads a complete S3 configuration", () => {
    expect(loadConfig({ ...base, BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence", S3_ENDPOINT: "http://minio:9000", S3_FORCE_PATH_STYLE: "true", S3_PREFIX: "prod/zhifa/", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" })).toMatchObject({
      BLOB_STORE: "s3",
      S3_BUCKET: "zhifa-evidence",
      S3_ENDPOINT: "http://minio:9000",
      S3_FORCE_PATH_STYLE: true,
      S3_PREFIX: "prod/zhifa/",
    });
    // credentials may come from the SDK's own chain (AWS_* variables, instance role)
    expect(problem({ BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence" })).toBeNull();
  });

  it.each([
    [{ BLOB_STORE: "s3" }, "S3_BUCKET: required when BLOB_STORE=s3"],
    [{ BLOB_STORE: "minio" }, 'BLOB_STORE="minio": must be local or s3'],
    [{ BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence", S3_ACCESS_KEY_ID: "id" }, "S3_SECRET_ACCESS_KEY: required with S3_ACCESS_KEY_ID"],
    [{ BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence", S3_SECRET_ACCESS_KEY: "secret" }, "S3_ACCESS_KEY_ID: required with S3_SECRET_ACCESS_KEY"],
    [{ BLOB_STORE: "s3", S3_BUCKET: "Zhifa_Evidence" }, 'S3_BUCKET="Zhifa_Evidence"'],
    [{ BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence", S3_ENDPOINT: "minio:9000" }, 'S3_ENDPOINT="minio:9000"'],
    [{ BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence", S3_PREFIX: "zhifa" }, 'S3_PREFIX="zhifa"'],
    [{ BLOB_STORE: "s3", S3_BUCKET: "zhifa-evidence", S3_FORCE_PATH_STYLE: "yes" }, 'S3_FORCE_PATH_STYLE="yes": must be true or false'],
    // S3 meant, but the switch forgotten: refuse rather than keep evidence on one machine's disk
    [{ S3_BUCKET: "zhifa-evidence", S3_ENDPOINT: "http://minio:9000" }, "S3_ENDPOINT, S3_BUCKET: set, but BLOB_STORE=local"],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(problem(env)).toContain(message);
  });

  it("never prints the secret key back", () => {
    expect(problem({ S3_SECRET_ACCESS_KEY: "very-secret" })).not.toContain("very-secret");
  });

  it("an unusable bucket stops the start with a message naming it", async () => {
    const s3 = await testBlobStore("s3");
    const store = blobStoreFromConfig(testConfig({ ...s3.config, S3_BUCKET: "no-such-bucket" }));
    try {
      const e = await store.check().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BlobStoreError);
      expect((e as Error).message).toContain('S3_BUCKET="no-such-bucket"');
      expect((e as Error).message).toContain("the bucket does not exist");
    } finally {
      await store.close();
    }
  });

  it("the server process exits non-zero on a bad combination, saying which", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: serverDir, env: { ...process.env, BLOB_STORE: "s3", DATA_DIR: "/tmp/zhifa-bad-config" }, encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("S3_BUCKET: required when BLOB_STORE=s3");
  });
});

describe("moving the finished files of the local folder into a bucket (zhifa blobs copy)", () => {
  it("copies each file checked against its hash, skips what the bucket has, names a damaged file, keeps the local files (R-REC-06)", async () => {
    const bucket = await testBlobStore("s3");
    const target = blobStoreFromConfig(testConfig(bucket.config));
    await target.check();
    const localDir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-local-blobs-"));
    const local = new LocalBlobStore(localDir);
    const files = [crypto.randomBytes(5_000), crypto.randomBytes(300_000), Buffer.from("内容被改动的文件")];
    for (const b of files) {
      const f = path.join(localDir, `in-${crypto.randomUUID()}`);
      fs.writeFileSync(f, b);
      await local.putFile(sha(b), f);
    }
    const damaged = sha(files[2]!);
    fs.writeFileSync(local.locate(damaged), "篡改后的内容");
    fs.writeFileSync(`${local.locate(sha(files[0]!))}.${crypto.randomUUID()}.part`, "an interrupted copy");
    try {
      const seen: string[] = [];
      expect(await copyBlobs(local, target, path.join(localDir, "tmp"), (h, outcome) => seen.push(`${h.slice(0, 8)} ${outcome}`))).toEqual({ copied: 2, present: 0, corrupt: [damaged] });
      expect(seen.sort()).toEqual([`${sha(files[0]!).slice(0, 8)} copied`, `${sha(files[1]!).slice(0, 8)} copied`, `${damaged.slice(0, 8)} corrupt`].sort());
      expect((await bucket.stored(sha(files[0]!)))?.equals(files[0]!)).toBe(true);
      expect((await bucket.stored(sha(files[1]!)))?.equals(files[1]!)).toBe(true);
      expect(await bucket.stored(damaged)).toBeNull();
      expect((await bucket.keys()).length).toBe(2);
      expect(fs.existsSync(local.locate(sha(files[0]!)))).toBe(true);
      // again (after an interruption): what the bucket has is skipped
      expect(await copyBlobs(local, target, path.join(localDir, "tmp"))).toEqual({ copied: 0, present: 2, corrupt: [damaged] });

      // the command: exit 1 naming the damaged file; 2 without a bucket configured
      const s3env = Object.fromEntries(Object.entries(bucket.config).map(([k, v]) => [k, String(v)]));
      // asynchronously: the bucket's server runs in this process
      const run = (env: Record<string, string>) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          execFile(process.execPath, ["--import", "tsx", "src/cli.ts", "blobs", "copy"], { cwd: serverDir, env: { ...process.env, DATA_DIR: localDir, ...env }, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
            resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
          );
        });
      const r = await run({ ...s3env, EVIDENCE_DIR: localDir });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`content does not match its hash, not copied: ${damaged}`);
      expect(r.stdout).toContain("已复制 copied 0，已存在 already there 2，损坏 damaged 1");
      fs.rmSync(local.locate(damaged));
      expect((await run({ ...s3env, EVIDENCE_DIR: localDir })).status).toBe(0);
      const unset = await run({ EVIDENCE_DIR: localDir, BLOB_STORE: "local" });
      expect(unset.status).toBe(2);
      expect(unset.stderr).toContain("BLOB_STORE=s3");
    } finally {
      await target.close();
      fs.rmSync(localDir, { recursive: true, force: true });
    }
  });
});
