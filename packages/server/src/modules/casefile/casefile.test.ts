import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import yauzl from "yauzl";
import yazl from "yazl";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp, type TestContext } from "../../../test/harness.ts";
import { anonymous, buildAgency, buildCase, buildUser, loginAs, type Client, type TestAgency } from "../../../test/factories.ts";
import { systemContext } from "../../db/audit.ts";
import { rows } from "../../db/client.ts";
import type { Actor } from "../../core/policy.ts";
import { generateLedgerKeys, ledgerSigning } from "../ledger/keys.ts";
import { logRead, storeEvidence } from "../evidence/service.ts";
import { BLOB_STORE_KINDS, testBlobStore, type TestBlobs } from "../../../test/blob-stores.ts";
import { cases } from "../cases/tables.ts";
import { readBundle, verifyBundleFile } from "./verify.ts";
import { assembleCaseFile } from "./assemble.ts";

// The electronic case file (R-REC-07): exported as one ZIP, verified offline by `zhifa verify`
// against the log's public keys; any altered, removed or added entry or file byte is named.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const run = promisify(execFile);

async function rewriteZip(src: string, dst: string, change: (name: string, data: Buffer) => Buffer | null): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(src, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))));
  const out = new yazl.ZipFile();
  await new Promise<void>((resolve, reject) => {
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (err, s) => {
        if (err) return reject(err);
        const parts: Buffer[] = [];
        s.on("data", (c: Buffer) => parts.push(c));
        s.on("end", () => {
          const next = change(entry.fileName, Buffer.concat(parts));
          if (next) out.addBuffer(next, entry.fileName);
          zip.readEntry();
        });
      }),
    );
    zip.readEntry();
  });
  out.end();
  await new Promise<void>((resolve, reject) => out.outputStream.pipe(fs.createWriteStream(dst)).on("close", resolve).on("error", reject));
}

// against both content-addressed stores: the local folder and S3 (decision 010)
describe.each(BLOB_STORE_KINDS)("electronic case file: export and offline verification, %s store", (kind) => {
  let ctx: TestContext;
  let dir: string;
  let bundle: string;
  let vkeys: string[];
  let head: Client;
  let target: TestAgency;
  let parent: TestAgency;
  /** the case's 案号 */
  let CASE: string;
  let blobs: TestBlobs;
  /** the case's officer, as the services see them */
  let actor: Actor;
  const photo = crypto.randomBytes(5000);
  photo.write("\xff\xd8\xff\xe0", 0, "latin1");

  beforeAll(async () => {
    blobs = await testBlobStore(kind);
    dir = blobs.dir;
    ctx = await setupTestApp(blobs.config);
    parent = await buildAgency(ctx.app.db, { level: "city" });
    target = await buildAgency(ctx.app.db, { parent, level: "county" });
    const officer = await buildUser(ctx.app.db, target, ["officer"]);
    head = await loginAs(ctx.app, await buildUser(ctx.app.db, target, ["agency_head"]));
    const theCase = await buildCase(ctx.app, ctx.app.db, target, { handlers: [officer] });
    CASE = theCase.number;
    const [{ stage }] = (await ctx.app.db.select({ stage: cases.stage }).from(cases).where(eq(cases.id, theCase.id))) as [{ stage: string }];
    actor = { id: officer.id, username: officer.username, displayName: "李执法", roles: ["officer"], agencyId: target.id, agencyPath: target.path, atRoot: false } as Actor;
    const sha = crypto.createHash("sha256").update(photo).digest("hex");
    const tmp = path.join(dir, "photo.jpg");
    fs.writeFileSync(tmp, photo);
    await ctx.app.blobs.putFile(sha, tmp);
    expect((await blobs.stored(sha))?.equals(photo)).toBe(true);
    const meta = { filename: "现场照片.jpg", sha256: sha, caseRef: CASE, capturedAt: new Date().toISOString(), place: "幸福路 8 号", collector: "李执法", proves: "现场堆放过期食品", device: "", sensitivity: "none" as const };
    const row = await storeEvidence(ctx.app.db, ctx.app.ledger, systemContext("test", "evidence"), { actor, meta, type: { mime: "image/jpeg", category: "photo", label: "JPEG" }, size: photo.length, caseId: theCase.id, stage });
    await logRead(ctx.app.ledger, actor, row, null, "t1");
    await logRead(ctx.app.ledger, actor, row, "0-99", "t2");
    vkeys = ((await anonymous(ctx.app).get("/api/ledger/keys")).json() as { keys: { vkey: string }[] }).keys.map((k) => k.vkey);
    const res = await head.get(`/api/case-files/export?caseRef=${encodeURIComponent(CASE)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    bundle = path.join(dir, "bundle.zip");
    fs.writeFileSync(bundle, res.rawPayload);
  });

  it("holds the manifest, every entry with its proof, the checkpoint, keys, the file and a Chinese index", async () => {
    const b = await readBundle(bundle);
    expect(b.manifest).toMatchObject({ format: "zhifa-case-file/1", caseRef: CASE, origin: "test.zhifa/ledger" });
    // the case's opening, the file stored, two reads, and the export itself
    expect(b.entries.map((e) => (JSON.parse(e.body) as { kind: string }).kind)).toEqual(["case.opened", "evidence.stored", "evidence.read", "evidence.read", "casefile.exported"]);
    expect([...b.fileHashes.values()]).toEqual([crypto.createHash("sha256").update(photo).digest("hex")]);
    const names: string[] = [];
    await rewriteZip(bundle, path.join(dir, "copy.zip"), (n, d) => (names.push(n), d));
    expect(names).toEqual(expect.arrayContaining(["manifest.json", "checkpoint.txt", "keys.txt", "目录.html"]));
  });

  it("verifies offline with the log's keys, through the command line too (exit 0)", async () => {
    const v = await verifyBundleFile(bundle, { vkeys });
    expect(v).toMatchObject({ ok: true, entries: 5, files: 1, signedBy: ["Ed25519", "SM2-SM3"] });
    // the command line reads the same ZIP whatever store it came from: run once, with the local store
    if (kind !== "local") return;
    const keysFile = path.join(dir, "keys.txt");
    fs.writeFileSync(keysFile, vkeys.join("\n"));
    const r = await run(path.join(root, "node_modules/.bin/zhifa"), ["verify", bundle, "--keys", keysFile], { cwd: dir });
    expect(r.stdout).toContain("卷宗验证通过 VERIFIED: 5 条记录 entries, 1 个证据文件 files");
  });

  const fails = async (change: (name: string, data: Buffer) => Buffer | null, keys = vkeys) => {
    const bad = path.join(dir, `bad-${crypto.randomUUID()}.zip`);
    await rewriteZip(bundle, bad, change);
    return verifyBundleFile(bad, { vkeys: keys });
  };

  it.each([
    // entry 1 opens the case, entry 2 stores the file
    ["an entry's content", (n: string, d: Buffer) => (n === "entries/000002.json" ? Buffer.from(d.toString().replace("现场堆放过期食品", "现场堆放新鲜食品")) : d), /entries\/000002.json.*不在已签名的账本中/],
    ["the case's opening", (n: string, d: Buffer) => (n === "entries/000001.json" ? Buffer.from(d.toString().replace("测试当事人有限公司", "另一家公司")) : d), /entries\/000001.json.*不在已签名的账本中/],
    ["an entry's salt", (n: string, d: Buffer) => (n === "entries/000003.json" ? Buffer.from(JSON.stringify({ ...JSON.parse(d.toString()), salt: "00".repeat(32) })) : d), /entries\/000003.json.*不在已签名的账本中/],
    ["a byte of the evidence file", (n: string, d: Buffer) => (n.startsWith("files/") ? Buffer.concat([d.subarray(0, 100), Buffer.from([d[100]! ^ 1]), d.subarray(101)]) : d), /files\/.*证据文件内容与记录的校验值不符/],
    ["the evidence file removed", (n: string, d: Buffer) => (n.startsWith("files/") ? null : d), /files\/.*证据文件缺失/],
    ["the checkpoint's signatures", (n: string, d: Buffer) => (n === "manifest.json" ? Buffer.from(JSON.stringify({ ...JSON.parse(d.toString()), checkpoint: (JSON.parse(d.toString()) as { checkpoint: string }).checkpoint.replace(/\n(\d+)\n/, (_m, s: string) => `\n${Number(s) + 1}\n`) })) : d), /checkpoint.txt.*检查点签名无效/],
  ])("names %s altered (exit 1)", async (_what, change, problem) => {
    const v = await fails(change);
    expect(v.ok).toBe(false);
    expect(`${v.problem!.item}: ${v.problem!.zh}`).toMatch(problem);
  });

  it("catches an entry left out, even with the manifest fixed to match (the chain breaks)", async () => {
    const v = await fails((n, d) => {
      if (n === "entries/000003.json") return null;
      if (n === "manifest.json") {
        const m = JSON.parse(d.toString()) as { entries: { path: string }[] };
        return Buffer.from(JSON.stringify({ ...m, entries: m.entries.filter((e) => e.path !== "entries/000003.json") }));
      }
      return d;
    });
    expect(v.problem!.zh).toMatch(/第 3 条记录的序号为 4：记录有缺失/);
  });

  it("does not trust the keys inside the bundle: other keys fail, and the command line says so (exit 1)", async () => {
    const other = ledgerSigning("test.zhifa/ledger", generateLedgerKeys()).vkeys;
    const v = await verifyBundleFile(bundle, { vkeys: other });
    expect(v.problem!.zh).toMatch(/检查点签名无效：没有可信公钥/);
    if (kind !== "local") return; // the command line: run once, as above
    const r = await run(path.join(root, "node_modules/.bin/zhifa"), ["verify", bundle, "--key", other[0]!], { cwd: dir }).catch((e: { code: number; stdout: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stdout: string }).stdout).toContain("卷宗验证未通过 NOT VERIFIED: checkpoint.txt");
    const usage = await run(path.join(root, "node_modules/.bin/zhifa"), ["verify", bundle], { cwd: dir }).catch((e: { code: number }) => e);
    expect((usage as { code: number }).code).toBe(2);
  });

  it("checks a later checkpoint for consistency with the bundle's", async () => {
    const b = await readBundle(bundle);
    const size = Number(b.manifest.checkpoint.split("\n")[1]);
    for (let i = 0; i < 5; i++) await ctx.app.ledger.record({ kind: "test.more", actor: "system:test", data: { i } });
    await ctx.app.ledger.waitIntegrated([], 0).catch(() => undefined);
    for (let i = 0; i < 50 && (await ctx.app.ledger.latestCheckpoint())!.size < size + 5; i++) await new Promise((r) => setTimeout(r, 50));
    const note = (await anonymous(ctx.app).get("/api/ledger/checkpoint")).body;
    const later = Number(note.split("\n")[1]);
    const proof = (await anonymous(ctx.app).get(`/api/ledger/proof/consistency?from=${size}&to=${later}`)).json() as { proof: string[] };
    expect((await verifyBundleFile(bundle, { vkeys, later: { note, proof: proof.proof } })).ok).toBe(true);
    const bent = await verifyBundleFile(bundle, { vkeys, later: { note, proof: proof.proof.map(() => Buffer.alloc(32).toString("base64")) } });
    expect(bent.problem!.zh).toMatch(/与卷宗的检查点不一致/);
  });

  it("exports only for those who may read the whole file; an unknown 案号 or another agency's is a clear 404", async () => {
    const officer = await loginAs(ctx.app, await buildUser(ctx.app.db, target, ["officer"]));
    expect((await officer.get(`/api/case-files/export?caseRef=${encodeURIComponent(CASE)}`)).statusCode).toBe(404);
    const supervisor = await loginAs(ctx.app, await buildUser(ctx.app.db, parent, ["supervisor"]));
    expect((await supervisor.get(`/api/case-files/export?caseRef=${encodeURIComponent(CASE)}&agencyId=${target.id}`)).statusCode).toBe(200);
    const stranger = await loginAs(ctx.app, await buildUser(ctx.app.db, await buildAgency(ctx.app.db), ["supervisor"]));
    expect((await stranger.get(`/api/case-files/export?caseRef=${encodeURIComponent(CASE)}&agencyId=${target.id}`)).statusCode).toBe(404);
    // the case is found by its 案号; an agencyId, if given, must be the case's own
    const unknown = await head.get(`/api/case-files/export?caseRef=${encodeURIComponent("无此案")}`);
    expect([unknown.statusCode, unknown.json().error.id]).toEqual([404, "not_found"]);
    expect((await head.get(`/api/case-files/export?caseRef=${encodeURIComponent(CASE)}&agencyId=${target.id}`)).statusCode).toBe(200);
    const elsewhere = await supervisor.get(`/api/case-files/export?caseRef=${encodeURIComponent(CASE)}&agencyId=${parent.id}`);
    expect([elsewhere.statusCode, elsewhere.json().error.id]).toEqual([404, "not_found"]);
    // a case just opened has its opening entry: it exports, never "empty"
    const fresh = await buildCase(ctx.app, ctx.app.db, target);
    const opened = await head.get(`/api/case-files/export?caseRef=${encodeURIComponent(fresh.number)}`);
    expect(opened.statusCode).toBe(200);
    fs.writeFileSync(path.join(dir, "fresh.zip"), opened.rawPayload);
    const freshBundle = await readBundle(path.join(dir, "fresh.zip"));
    expect(freshBundle.manifest).toMatchObject({ caseRef: fresh.number });
    expect(freshBundle.entries.map((e) => (JSON.parse(e.body) as { kind: string }).kind)).toEqual(["case.opened", "casefile.exported"]);
    expect(freshBundle.fileHashes.size).toBe(0);
    expect((await anonymous(ctx.app).get(`/api/case-files/export?caseRef=x`)).statusCode).toBe(401);
  });

  /** A case of the target agency with one evidence file of `bytes` (stored in the store when `stored`). */
  async function caseWithFile(bytes: Buffer, stored: boolean) {
    const c = await buildCase(ctx.app, ctx.app.db, target);
    const [{ stage }] = (await ctx.app.db.select({ stage: cases.stage }).from(cases).where(eq(cases.id, c.id))) as [{ stage: string }];
    const sha = crypto.createHash("sha256").update(bytes).digest("hex");
    if (stored) {
      const tmp = path.join(dir, `file-${crypto.randomUUID()}`);
      fs.writeFileSync(tmp, bytes);
      await ctx.app.blobs.putFile(sha, tmp);
    }
    const meta = { filename: "执法记录仪.mp4", sha256: sha, caseRef: c.number, capturedAt: new Date().toISOString(), place: "幸福路 8 号", collector: "李执法", proves: "现场检查过程", device: "DSJ-01", sensitivity: "none" as const };
    await storeEvidence(ctx.app.db, ctx.app.ledger, systemContext("test", "evidence"), { actor, meta, type: { mime: "video/mp4", category: "video", label: "MP4" }, size: bytes.length, caseId: c.id, stage });
    return { ...c, sha };
  }

  it("streams a file of several MB from the store into the ZIP with its hash, and the assembled file back out of the store", async () => {
    const video = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const c = await caseWithFile(video, true);
    const res = await head.get(`/api/case-files/export?caseRef=${encodeURIComponent(c.number)}`);
    expect(res.statusCode).toBe(200);
    const zip = path.join(dir, `video-${kind}.zip`);
    fs.writeFileSync(zip, res.rawPayload);
    expect([...(await readBundle(zip)).fileHashes.values()]).toEqual([c.sha]);
    expect((await verifyBundleFile(zip, { vkeys })).ok).toBe(true);
    // assembled (结案/归档/手动组卷): the ZIP goes into the same store under its own hash
    const stored = await assembleCaseFile(ctx.app.db, ctx.app.ledger, ctx.app.blobs, dir, c.id, "manual");
    expect((await blobs.keys()).filter((k) => k.endsWith(stored!.sha256))).toHaveLength(1);
    const download = await head.get(`/api/cases/${c.id}/case-files/${stored!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["x-content-sha256"]).toBe(stored!.sha256);
    expect(crypto.createHash("sha256").update(download.rawPayload).digest("hex")).toBe(stored!.sha256);
    // a stored file lost by the store: a clear error, not a 500
    await blobs.remove(stored!.sha256);
    const gone = await head.get(`/api/cases/${c.id}/case-files/${stored!.id}`);
    expect([gone.statusCode, gone.json().error.id]).toEqual([410, "casefile_blob_missing"]);
  });

  it("refuses to export a case file whose evidence is missing from the store, before logging the export (clear error id)", async () => {
    const c = await caseWithFile(crypto.randomBytes(2048), false);
    const res = await head.get(`/api/case-files/export?caseRef=${encodeURIComponent(c.number)}`);
    expect([res.statusCode, res.json().error.id]).toEqual([410, "casefile_blob_missing"]);
    expect(res.json().error.message).toContain("执法记录仪.mp4");
    const chain = await rows<{ kind: string }>(ctx.app.db, sql`select kind from ledger_entries where chain = ${"case:" + c.id} order by seq`);
    expect(chain.map((r) => r.kind)).not.toContain("casefile.exported");
  });
});
