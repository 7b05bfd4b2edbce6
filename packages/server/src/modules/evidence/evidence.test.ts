import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import * as tus from "tus-js-client";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp, type TestContext } from "../../../test/harness.ts";
import { BLOB_STORE_KINDS, testBlobStore, type TestBlobs } from "../../../test/blob-stores.ts";
import { buildAgency, buildCase, buildUser, TEST_PASSWORD, type TestAgency, type TestUser } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { fsckBlobs, type BlobProblem } from "./fsck.ts";
import { openDatabase } from "../../db/client.ts";
import { rows } from "../ledger/store.ts";
import { cases } from "../cases/tables.ts";
import { parseRange } from "./routes.ts";
import { S3BlobStore } from "./blobs.ts";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");

// Evidence uploads with the official tus client (R-REC-01, R-REC-03, R-REC-04, R-REC-06,
// R-REC-08, R-REC-09): resumable across interruptions, hash checked, type by content, size
// limit, stored content-addressed with its ledger entry, range playback, every read logged.
// Every file belongs to a real case (R-REC-01): its 案号 must name an open case the uploader
// may handle, and the file records the stage the case is in.
const MAX = 2 * 1024 * 1024;

/** A file that looks like MP4 (ftyp box) followed by random bytes. */
function fakeMp4(size: number): Buffer {
  const b = crypto.randomBytes(size);
  Buffer.from("0000002066747970697336d00000000000", "hex").copy(b, 0);
  b.write("ftypisom", 4, "latin1");
  return b;
}
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

interface Session {
  cookie: string;
  csrf: string;
}

// every test runs against both content-addressed stores: the local folder and S3 (decision 010)
describe.each(BLOB_STORE_KINDS)("evidence uploads (tus), %s store", (kind) => {
  let ctx: TestContext;
  let blobs: TestBlobs;
  let base: string;
  let dir: string;
  let officer: Session;
  let colleague: Session;
  let head: Session;
  let outsider: Session;
  /** an officer of the same agency who is not on the case's team */
  let bystander: Session;
  let agency: TestAgency;
  let theCase: { id: string; number: string; officerIds: string[] };

  async function login(user: TestUser): Promise<Session> {
    const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: user.username, password: TEST_PASSWORD }) });
    const body = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.get("set-cookie")!.split(";")[0]!, csrf: body.csrfToken };
  }

  const meta = (file: Buffer, extra: Record<string, string> = {}) => ({
    filename: "执法记录仪 0001.mp4",
    sha256: sha(file),
    caseRef: theCase.number,
    capturedAt: new Date(Date.now() - 3600_000).toISOString(),
    place: "示范市幸福路 8 号",
    collector: "李执法",
    proves: "当事人现场销售过期食品",
    device: "DSJ-01",
    ...extra,
  });

  function upload(s: Session, file: Buffer, metadata: Record<string, string>, opts: { chunkSize?: number; interruptAt?: number[] } = {}): Promise<{ id: string | null; url: string | null; interruptions: number }> {
    return new Promise((resolve, reject) => {
      const pending = [...(opts.interruptAt ?? [])];
      let interruptions = 0;
      const up: tus.Upload = new tus.Upload(file, {
        endpoint: `${base}/api/evidence/uploads`,
        metadata,
        headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
        chunkSize: opts.chunkSize ?? 64 * 1024,
        // an interrupted client retries as real ones do: the server may still hold the upload's
        // lock from the aborted request for a moment (423) when the resumed one arrives
        retryDelays: opts.interruptAt ? [50, 100, 200, 400, 800, 1600] : [],
        onProgress: (sent) => {
          if (pending.length && sent >= pending[0]!) {
            pending.shift();
            interruptions++;
            // connection lost mid-upload; the client resumes from the server's offset
            void up.abort().then(() => setTimeout(() => up.start(), 10));
          }
        },
        onSuccess: (payload) => resolve({ id: payload.lastResponse.getHeader("X-Evidence-Id") ?? null, url: up.url, interruptions }),
        onError: (e) => reject(e),
      });
      up.start();
    });
  }

  const errorOf = async (p: Promise<unknown>): Promise<{ status: number; id: string; message: string }> => {
    try {
      await p;
    } catch (e) {
      const res = (e as tus.DetailedError).originalResponse;
      const body = JSON.parse(res!.getBody()) as { error: { id: string; message: string } };
      return { status: res!.getStatus(), ...body.error };
    }
    throw new Error("expected the upload to fail");
  };

  beforeAll(async () => {
    blobs = await testBlobStore(kind);
    dir = blobs.dir;
    ctx = await setupTestApp({ ...blobs.config, EVIDENCE_MAX_BYTES: MAX });
    await ctx.app.listen({ port: 0, host: "127.0.0.1" });
    const address = ctx.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    agency = await buildAgency(ctx.app.db);
    const other = await buildAgency(ctx.app.db);
    const officerUser = await buildUser(ctx.app.db, agency, ["officer"]);
    // the officer is on the case's team; the colleague and the bystander are not
    theCase = await buildCase(ctx.app, ctx.app.db, agency, { handlers: [officerUser] });
    officer = await login(officerUser);
    colleague = await login(await buildUser(ctx.app.db, agency, ["officer"]));
    bystander = await login(await buildUser(ctx.app.db, agency, ["officer"]));
    head = await login(await buildUser(ctx.app.db, agency, ["agency_head"]));
    outsider = await login(await buildUser(ctx.app.db, other, ["officer"]));
  });

  const get = (s: Session, url: string, headers: Record<string, string> = {}) => fetch(`${base}${url}`, { headers: { cookie: s.cookie, ...headers } });

  it("resumes an upload interrupted at three offsets and stores it content-addressed with its ledger entry (R-REC-06)", async () => {
    const file = fakeMp4(1024 * 1024 + 12345);
    // fixed offsets inside chunks (64 KiB): deterministic, and each abort cuts a request mid-body
    const cuts = [70_001, 400_123, 900_777];
    const r = await upload(officer, file, meta(file), { interruptAt: cuts });
    expect(r.interruptions).toBe(3);
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    const rec = (await (await get(officer, `/api/evidence/${r.id}`)).json()) as Record<string, unknown>;
    expect(rec).toMatchObject({ sha256: sha(file), size: file.length, mime: "video/mp4", category: "video", proves: "当事人现场销售过期食品", late: false, filename: "执法记录仪 0001.mp4" });
    // stored under its hash; nothing left of the upload
    expect((await blobs.stored(sha(file)))?.equals(file)).toBe(true);
    // with S3 nothing finished stays on the local disk
    if (kind === "s3") expect(fs.existsSync(path.join(dir, "blobs"))).toBe(false);
    expect(fs.readdirSync(path.join(dir, "uploads")).filter((f) => !f.startsWith("."))).toEqual([]);
    // the ledger entry holds the hash and the metadata, in the case's chain, after its opening
    const [entry] = await rows<{ body: string; chain: string }>(ctx.app.db, sql`select body, chain from ledger_entries where id = ${rec.ledgerEntryId as number}`);
    expect(JSON.parse(entry!.body)).toMatchObject({ kind: "evidence.stored", data: { caseId: theCase.id, sha256: sha(file), proves: "当事人现场销售过期食品", place: "示范市幸福路 8 号", collector: "李执法" } });
    expect(entry!.chain).toBe(`case:${theCase.id}`);
    const chain = await rows<{ kind: string }>(ctx.app.db, sql`select kind from ledger_entries where chain = ${entry!.chain} order by seq`);
    expect(chain.map((c) => c.kind).slice(0, 2)).toEqual(["case.opened", "evidence.stored"]);
  });

  it("a file fully received whose storing failed (bucket or database down) is finished by the client's retry, not uploaded again nor reported stored without a record (R-REC-06)", async () => {
    const put = ctx.app.blobs.putFile.bind(ctx.app.blobs);
    let failures = 0;
    const failOnce = (times: number) => {
      failures = 0;
      ctx.app.blobs.putFile = async (sha256: string, file: string) => {
        if (failures++ < times) throw new Error("bucket unavailable (test)");
        return put(sha256, file);
      };
    };
    const entries = async (hash: string) => Number((await rows<{ n: string }>(ctx.app.db, sql`select count(*) as n from ledger_entries where kind = 'evidence.stored' and body like ${`%${hash}%`}`))[0]!.n);
    try {
      // the web app's client retries: its HEAD finds every byte received and finishes the storing
      failOnce(1);
      const file = fakeMp4(300_000 + 7);
      const r = await new Promise<{ id: string | null; patches: number; url: string | null }>((resolve, reject) => {
        let patches = 0;
        const up = new tus.Upload(file, {
          endpoint: `${base}/api/evidence/uploads`,
          metadata: meta(file),
          headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf },
          chunkSize: 128 * 1024,
          retryDelays: [10, 50],
          onAfterResponse: (req) => {
            if (req.getMethod() === "PATCH") patches++;
          },
          onSuccess: (payload) => resolve({ id: payload.lastResponse.getHeader("X-Evidence-Id") ?? null, patches, url: up.url }),
          onError: reject,
        });
        up.start();
      });
      expect(failures).toBe(2);
      // asked again (a client that lost the answer): the record, not "no such upload"
      const again = await fetch(r.url!, { method: "HEAD", headers: { cookie: officer.cookie, "tus-resumable": "1.0.0" } });
      expect([again.status, again.headers.get("x-evidence-id"), again.headers.get("upload-offset")]).toEqual([200, r.id, String(file.length)]);
      expect((await fetch(r.url!, { method: "HEAD", headers: { cookie: colleague.cookie, "tus-resumable": "1.0.0" } })).status).toBe(404);
      expect(r.patches).toBe(3); // no byte sent twice
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await (await get(officer, `/api/evidence/${r.id}`)).json()).toMatchObject({ sha256: sha(file), size: file.length });
      expect((await blobs.stored(sha(file)))?.equals(file)).toBe(true);
      expect(await entries(sha(file))).toBe(1);
      expect(fs.readdirSync(path.join(dir, "uploads")).filter((f) => !f.startsWith("."))).toEqual([]);

      // a client that does not retry hears a 503 with a stable id and a Chinese message; the
      // upload stays whole, and a later HEAD finishes it
      failOnce(1);
      const other = fakeMp4(200_003);
      const refused = await errorOf(upload(officer, other, meta(other), { chunkSize: 1024 * 1024 }));
      expect(refused).toMatchObject({ status: 503, id: "evidence_store_unavailable" });
      expect(refused.message).toContain("无需重新上传");
      expect(await entries(sha(other))).toBe(0);
      const [pending] = fs.readdirSync(path.join(dir, "uploads")).filter((f) => /^[\w-]+$/.test(f));
      const headOf = () => fetch(`${base}/api/evidence/uploads/${pending}`, { method: "HEAD", headers: { cookie: officer.cookie, "tus-resumable": "1.0.0" } });
      // someone else's HEAD neither finishes nor sees it
      expect((await fetch(`${base}/api/evidence/uploads/${pending}`, { method: "HEAD", headers: { cookie: colleague.cookie, "tus-resumable": "1.0.0" } })).status).toBe(404);
      const done = await headOf();
      expect(done.status).toBe(200);
      expect(done.headers.get("upload-offset")).toBe(String(other.length));
      const id = done.headers.get("x-evidence-id");
      expect(await (await get(officer, `/api/evidence/${id}`)).json()).toMatchObject({ sha256: sha(other), size: other.length });
      expect(await entries(sha(other))).toBe(1);
      // finished: nothing stored twice; asking again gives the same record
      const twice = await headOf();
      expect([twice.status, twice.headers.get("x-evidence-id")]).toEqual([200, id]);
      expect(await entries(sha(other))).toBe(1);
    } finally {
      ctx.app.blobs.putFile = put;
    }
  });

  it("plays with range requests, and logs every read in the case's chain (R-REC-08)", async () => {
    const file = fakeMp4(300 * 1024);
    const { id } = await upload(officer, file, meta(file));
    const whole = await get(colleague, `/api/evidence/${id}/content`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);
    const part = await get(colleague, `/api/evidence/${id}/content`, { range: "bytes=1000-1999" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-1999/${file.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(1000, 2000))).toBe(true);
    const tail = await get(colleague, `/api/evidence/${id}/content`, { range: "bytes=-10" });
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(file.length - 10))).toBe(true);
    const bad = await get(colleague, `/api/evidence/${id}/content`, { range: `bytes=${file.length}-` });
    expect(bad.status).toBe(416);
    expect(((await bad.json()) as { error: { id: string } }).error.id).toBe("evidence_bad_range");
    const reads = await rows<{ body: string; chain: string }>(ctx.app.db, sql`select body, chain from ledger_entries where kind = 'evidence.read' order by id`);
    const mine = reads.map((r) => ({ chain: r.chain, ...(JSON.parse(r.body) as { data: { evidenceId: string; range: string } }) })).filter((b) => b.data.evidenceId === id);
    expect(mine.map((b) => b.data.range)).toEqual(["all", "1000-1999", `${file.length - 10}-${file.length - 1}`]);
    expect(new Set(mine.map((b) => b.chain))).toEqual(new Set([`case:${theCase.id}`]));
    // another agency's officer neither sees nor reads it
    expect((await get(outsider, `/api/evidence/${id}`)).status).toBe(404);
    expect((await get(outsider, `/api/evidence/${id}/content`)).status).toBe(404);
  });

  it("rejects a wrong declared hash and keeps nothing of the file", async () => {
    const file = fakeMp4(200 * 1024);
    const err = await errorOf(upload(officer, file, meta(file, { sha256: sha(Buffer.from("something else")) })));
    expect(err).toMatchObject({ status: 460, id: "evidence_hash_mismatch" });
    expect(err.message).toContain("未保存");
    expect(await blobs.stored(sha(file))).toBeNull();
    expect(fs.readdirSync(path.join(dir, "uploads")).filter((f) => !f.startsWith("."))).toEqual([]);
    const [{ n }] = (await rows<{ n: string }>(ctx.app.db, sql`select count(*) as n from evidence_files where sha256 = ${sha(file)}`)) as [{ n: string }];
    expect(Number(n)).toBe(0);
  });

  it("rejects an oversized file before any byte is sent, naming the limit", async () => {
    const file = fakeMp4(MAX + 1);
    const err = await errorOf(upload(officer, file, meta(file)));
    expect(err).toMatchObject({ status: 413, id: "evidence_too_large" });
    expect(err.message).toContain("2 MB");
  });

  it("rejects a file whose content is not an accepted type, whatever its name, after its first bytes", async () => {
    const file = Buffer.concat([Buffer.from("MZ this is a Windows program, named .mp4\n"), crypto.randomBytes(400 * 1024)]);
    const err = await errorOf(upload(officer, file, meta(file)));
    expect(err).toMatchObject({ status: 415, id: "evidence_bad_type" });
    expect(err.message).toContain("MP4");
    expect(fs.readdirSync(path.join(dir, "uploads")).filter((f) => !f.startsWith("."))).toEqual([]);
  });

  it.each([
    ["proves", { proves: "" }, "请填写证明对象"],
    ["caseRef", { caseRef: "" }, "请填写案号"],
    ["capturedAt", { capturedAt: "yesterday" }, "采集时间格式无效"],
    ["capturedAt in the future", { capturedAt: new Date(Date.now() + 86400_000).toISOString() }, "采集时间不能晚于现在"],
    ["sha256", { sha256: "abc" }, "64 位十六进制"],
  ])("requires the R-REC-03 metadata: %s", async (_f, extra, message) => {
    const file = fakeMp4(20 * 1024);
    const err = await errorOf(upload(officer, file, meta(file, extra)));
    expect(err.status).toBe(400);
    expect(err.id).toBe("evidence_bad_metadata");
    expect(err.message).toContain(message);
  });

  it("flags a file stored more than 24 hours after capture (R-REC-04)", async () => {
    const file = fakeMp4(10 * 1024);
    const { id } = await upload(officer, file, meta(file, { capturedAt: new Date(Date.now() - 30 * 3600_000).toISOString() }));
    expect(((await (await get(officer, `/api/evidence/${id}`)).json()) as { late: boolean }).late).toBe(true);
  });

  it("shows privacy-marked records only to those allowed (R-REC-09)", async () => {
    const file = fakeMp4(10 * 1024);
    const { id } = await upload(officer, file, meta(file, { sensitivity: "privacy" }));
    expect((await get(officer, `/api/evidence/${id}`)).status).toBe(200);
    expect((await get(head, `/api/evidence/${id}/content`)).status).toBe(200);
    expect((await get(colleague, `/api/evidence/${id}`)).status).toBe(404);
    const list = (await (await get(colleague, `/api/evidence?caseRef=${encodeURIComponent(theCase.number)}`)).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(id);
    const headList = (await (await get(head, `/api/evidence?caseRef=${encodeURIComponent(theCase.number)}`)).json()) as { items: { id: string }[] };
    expect(headList.items.map((i) => i.id)).toContain(id);
  });

  it("lets nobody else continue, inspect or cancel someone's upload; refuses anonymous uploads", async () => {
    const file = fakeMp4(200 * 1024);
    // start an upload and stop after the first chunk
    const created = await fetch(`${base}/api/evidence/uploads`, {
      method: "POST",
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "tus-resumable": "1.0.0", "upload-length": String(file.length), "upload-metadata": Object.entries(meta(file)).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(",") },
    });
    expect(created.status).toBe(201);
    const url = `${base}${created.headers.get("location")}`;
    const mine = await fetch(url, { method: "HEAD", headers: { cookie: officer.cookie, "tus-resumable": "1.0.0" } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("upload-offset")).toBe("0");
    for (const method of ["HEAD", "PATCH", "DELETE"]) {
      const res = await fetch(url, { method, headers: { cookie: colleague.cookie, "x-csrf-token": colleague.csrf, "tus-resumable": "1.0.0", "upload-offset": "0", "content-type": "application/offset+octet-stream" }, body: method === "PATCH" ? file.subarray(0, 1000) : undefined });
      expect(res.status, method).toBe(404);
    }
    const anonymous = await fetch(`${base}/api/evidence/uploads`, { method: "POST", headers: { "tus-resumable": "1.0.0", "upload-length": "10" } });
    expect(anonymous.status).toBe(401);
    const noCsrf = await fetch(`${base}/api/evidence/uploads`, { method: "POST", headers: { cookie: officer.cookie, "tus-resumable": "1.0.0", "upload-length": "10" } });
    expect(noCsrf.status).toBe(403);
  });

  it("answers protocol errors of a PATCH with tus status codes and error ids", async () => {
    const file = fakeMp4(100 * 1024);
    const created = await fetch(`${base}/api/evidence/uploads`, {
      method: "POST",
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "tus-resumable": "1.0.0", "upload-length": String(file.length), "upload-metadata": Object.entries(meta(file)).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(",") },
    });
    const url = `${base}${created.headers.get("location")}`;
    const patch = (headers: Record<string, string>, body: Buffer) =>
      fetch(url, { method: "PATCH", headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "tus-resumable": "1.0.0", "content-type": "application/offset+octet-stream", ...headers }, body });
    const idOf = async (r: Response) => ((await r.json()) as { error: { id: string } }).error.id;
    let r = await patch({ "upload-offset": "5" }, file.subarray(0, 10));
    expect([r.status, await idOf(r)]).toEqual([409, "evidence_upload_offset"]);
    r = await patch({ "upload-offset": "0", "content-type": "text/plain" }, file.subarray(0, 10));
    expect([r.status, await idOf(r)]).toEqual([415, "evidence_upload_protocol"]);
    r = await patch({ "upload-offset": "0", "tus-resumable": "0.2.2" }, file.subarray(0, 10));
    expect(r.status).toBe(412);
    r = await patch({ "upload-offset": "0" }, Buffer.concat([file, Buffer.alloc(10)]));
    expect([r.status, await idOf(r)]).toEqual([413, "evidence_too_large"]);
    // in two PATCHes: the offset advances, then the last one completes with the record's id
    r = await patch({ "upload-offset": "0" }, file.subarray(0, 40_000));
    expect([r.status, r.headers.get("upload-offset")]).toEqual([204, "40000"]);
    r = await patch({ "upload-offset": "40000" }, file.subarray(40_000));
    expect(r.status).toBe(204);
    expect(r.headers.get("x-evidence-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  /** A tus creation request (POST) alone, with the metadata of `file`. */
  const create = (s: Session, file: Buffer, metadata: Record<string, string>) =>
    fetch(`${base}/api/evidence/uploads`, {
      method: "POST",
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "tus-resumable": "1.0.0", "upload-length": String(file.length), "upload-metadata": Object.entries(metadata).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(",") },
    });
  const errorBody = async (r: Response) => ((await r.json()) as { error: { id: string; message: string } }).error;
  /** Uploads under way on disk (earlier tests leave some unfinished on purpose). */
  const pending = () => fs.readdirSync(path.join(dir, "uploads")).filter((f) => !f.startsWith(".")).sort();

  it("refuses an upload for a 案号 that names no case, at creation (R-REC-01)", async () => {
    const file = fakeMp4(10 * 1024);
    const before = pending();
    const err = await errorOf(upload(officer, file, meta(file, { caseRef: "示市监罚〔2099〕999999号" })));
    expect(err).toMatchObject({ status: 404, id: "evidence_case_not_found" });
    expect(err.message).toContain("示市监罚〔2099〕999999号");
    expect(pending()).toEqual(before);
    const [{ n }] = (await rows<{ n: string }>(ctx.app.db, sql`select count(*) as n from evidence_files where sha256 = ${sha(file)}`)) as [{ n: string }];
    expect(Number(n)).toBe(0);
  });

  it("refuses an officer of the same agency who is not on the case's team, at creation; the head may add to any of the agency's cases", async () => {
    const file = fakeMp4(10 * 1024);
    const before = pending();
    const refused = await create(bystander, file, meta(file));
    expect(refused.status).toBe(404);
    expect(refused.headers.get("location")).toBeNull();
    expect((await errorBody(refused)).id).toBe("evidence_case_not_found");
    // another agency's officer is not told the case exists either
    const foreign = await create(outsider, file, meta(file));
    expect([foreign.status, (await errorBody(foreign)).id]).toEqual([404, "evidence_case_not_found"]);
    expect(pending()).toEqual(before);
    // the head of the agency handles every case of it (casePolicy "handle")
    const { id } = await upload(head, file, meta(file));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores the record with its case and the stage the case is in, and the case's detail lists it (R-REC-01)", async () => {
    const file = fakeMp4(10 * 1024);
    const { id } = await upload(officer, file, meta(file));
    const detail = await get(officer, `/api/cases/${theCase.id}`);
    expect(detail.status).toBe(200);
    const c = (await detail.json()) as { number: string; stage: string; evidence: { id: string; stage: string | null; sha256: string; proves: string }[] };
    expect(c.number).toBe(theCase.number);
    expect(c.stage).toBeTruthy();
    const rec = (await (await get(officer, `/api/evidence/${id}`)).json()) as { caseId: string; stage: string; caseRef: string };
    expect(rec).toMatchObject({ caseId: theCase.id, stage: c.stage, caseRef: theCase.number });
    expect(c.evidence.find((e) => e.id === id)).toEqual(expect.objectContaining({ id, stage: c.stage, sha256: sha(file), proves: "当事人现场销售过期食品" }));
    // the ledger entry names the case and the stage too
    const [entry] = await rows<{ body: string }>(ctx.app.db, sql`select l.body from ledger_entries l join evidence_files e on e.ledger_entry_id = l.id where e.id = ${id}`);
    expect(JSON.parse(entry!.body)).toMatchObject({ kind: "evidence.stored", data: { evidenceId: id, caseId: theCase.id, stage: c.stage } });
  });

  it("refuses files for an archived case, at creation and when an upload under way completes after it was archived", async () => {
    const file = fakeMp4(20 * 1024);
    const closing = await buildCase(ctx.app, ctx.app.db, agency);
    const before = pending();
    const created = await create(head, file, meta(file, { caseRef: closing.number }));
    expect(created.status).toBe(201);
    await mutate(ctx.app.db, systemContext("test", "test.case.archive"), (tx) => tx.update(cases).set({ status: "archived" }).where(eq(cases.id, closing.id)));
    const done = await fetch(`${base}${created.headers.get("location")}`, {
      method: "PATCH",
      headers: { cookie: head.cookie, "x-csrf-token": head.csrf, "tus-resumable": "1.0.0", "upload-offset": "0", "content-type": "application/offset+octet-stream" },
      body: file,
    });
    expect([done.status, (await errorBody(done)).id]).toEqual([409, "evidence_case_closed"]);
    expect(pending()).toEqual(before);
    expect(await blobs.stored(sha(file))).toBeNull();
    const again = await create(head, file, meta(file, { caseRef: closing.number }));
    expect([again.status, (await errorBody(again)).id]).toEqual([409, "evidence_case_closed"]);
    const [{ n }] = (await rows<{ n: string }>(ctx.app.db, sql`select count(*) as n from evidence_files where sha256 = ${sha(file)}`)) as [{ n: string }];
    expect(Number(n)).toBe(0);
  });

  it("stores the same content once, however often it is uploaded (content addressing, R-REC-06)", async () => {
    const file = fakeMp4(150 * 1024);
    const key = `blobs/${sha(file).slice(0, 2)}/${sha(file).slice(2, 4)}/${sha(file)}`;
    // count what is written to the store: objects put in the bucket, or the file's inode on disk
    let puts = 0;
    if (ctx.app.blobs instanceof S3BlobStore) {
      ctx.app.blobs.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "PutObjectCommand" || context.commandName === "CreateMultipartUploadCommand") puts++;
          return next(args);
        },
        { step: "initialize", name: "countPuts" },
      );
    }
    const before = pending();
    try {
      const first = await upload(officer, file, meta(file));
      const inode = kind === "local" ? fs.statSync(path.join(dir, key)).ino : 0;
      const second = await upload(officer, file, meta(file, { filename: "同一文件再次上传.mp4" }));
      expect(second.id).not.toBe(first.id);
      expect((await blobs.keys()).filter((k) => k === key)).toHaveLength(1);
      if (kind === "s3") expect(puts).toBe(1);
      else expect(fs.statSync(path.join(dir, key)).ino).toBe(inode);
      // both records read the one stored copy
      for (const id of [first.id, second.id]) expect(Buffer.from(await (await get(officer, `/api/evidence/${id}/content`)).arrayBuffer()).equals(file)).toBe(true);
      expect(pending()).toEqual(before);
    } finally {
      if (ctx.app.blobs instanceof S3BlobStore) ctx.app.blobs.client.middlewareStack.remove("countPuts");
    }
  });

  it("blobs fsck names a stored file deleted, cut or damaged behind the server's back, with the records that need it (R-REC-06)", async () => {
    const files = [fakeMp4(30_001), fakeMp4(30_002), fakeMp4(30_003), fakeMp4(30_004)];
    const ids: string[] = [];
    for (const f of files) ids.push((await upload(officer, f, meta(f))).id!);
    const mine = (problems: BlobProblem[]) => problems.filter((p) => files.some((f) => sha(f) === p.sha256)).sort((a, b) => a.problem.localeCompare(b.problem));
    expect(mine((await fsckBlobs(ctx.app.db, ctx.app.blobs, { deep: true })).problems)).toEqual([]);
    const [gone, damaged, cut] = files as [Buffer, Buffer, Buffer];
    await blobs.remove(sha(gone));
    const flipped = Buffer.from(damaged);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
    await blobs.overwrite(sha(damaged), flipped);
    await blobs.overwrite(sha(cut), cut.subarray(0, 1000));
    const quick = await fsckBlobs(ctx.app.db, ctx.app.blobs);
    expect(quick.files).toBeGreaterThanOrEqual(4);
    expect(mine(quick.problems).map((p) => [p.sha256, p.problem, p.actualSize])).toEqual([
      [sha(gone), "missing", null],
      [sha(cut), "size", 1000],
    ]);
    expect(mine(quick.problems)[0]!.refs).toEqual([`证据 ${ids[0]}（${theCase.number}，执法记录仪 0001.mp4）`]);
    // the bytes re-hashed: the damaged one too
    expect(mine((await fsckBlobs(ctx.app.db, ctx.app.blobs, { deep: true })).problems).map((p) => [p.sha256, p.problem])).toEqual([
      [sha(damaged), "damaged"],
      [sha(gone), "missing"],
      [sha(cut), "size"],
    ]);

    // the same as a command (`npx zhifa blobs fsck --deep`), on a copy of this database and the
    // same store (once: the command reads the store through the same BlobStore for both kinds)
    if (kind !== "local") return;
    const cliData = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-blobs-cli-"));
    try {
      if (!ctx.database.url) await (await openDatabase({ dataDir: path.join(cliData, "pglite"), loadDataDir: await ctx.database.dump!() })).close();
      const env = { ...process.env, DATA_DIR: cliData, ...(ctx.database.url ? { DATABASE_URL: ctx.database.url } : {}), ...Object.fromEntries(Object.entries(blobs.config).map(([k, v]) => [k, String(v)])) };
      const cli = async (args: string[]) => {
        try {
          const r = await run(path.join(repoRoot, "node_modules/.bin/zhifa"), ["blobs", "fsck", ...args], { cwd: repoRoot, env });
          return { code: 0, out: r.stdout + r.stderr };
        } catch (e) {
          const err = e as { code: number; stdout: string; stderr: string };
          return { code: err.code, out: err.stdout + err.stderr };
        }
      };
      const deepRun = await cli(["--deep"]);
      expect(deepRun.code, deepRun.out).toBe(1);
      expect(deepRun.out).toContain(`文件不在存储中 / missing from the store: ${sha(gone)}`);
      expect(deepRun.out).toContain(`大小与记录不符 / size differs from the record: ${sha(cut)}（记录 ${cut.length} 字节，存储 1000 字节）`);
      expect(deepRun.out).toContain(`证据 ${ids[0]}（${theCase.number}，执法记录仪 0001.mp4）`);
      expect(deepRun.out).toContain(`内容与哈希不符（已损坏）/ content does not match its hash: ${sha(damaged)}`);
    } finally {
      fs.rmSync(cliData, { recursive: true, force: true });
    }
  });

  it("answers a file missing from the store with a clear error id, not a 500, and logs no read", async () => {
    const file = fakeMp4(40 * 1024);
    const { id } = await upload(officer, file, meta(file));
    await blobs.remove(sha(file));
    for (const range of [undefined, "bytes=0-99"]) {
      const res = await get(officer, `/api/evidence/${id}/content`, range ? { range } : {});
      const body = (await res.json()) as { error: { id: string; message: string } };
      expect([res.status, body.error.id]).toEqual([410, "evidence_blob_missing"]);
      expect(body.error.message).toContain("不在文件存储中");
    }
    const [{ n }] = (await rows<{ n: string }>(ctx.app.db, sql`select count(*) as n from ledger_entries where kind = 'evidence.read' and body::jsonb -> 'data' ->> 'evidenceId' = ${id}`)) as [{ n: string }];
    expect(Number(n)).toBe(0);
  });

  it("parses byte ranges", () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-5", 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-1,5-6", 100)).toBeNull();
  });
});
