/**
 * upload: BENCH_UPLOAD_MB (default 1024) MiB of body-cam video through the evidence tus
 * endpoint (a server process on PostgreSQL, over loopback; hashed, type-checked, stored,
 * recorded in the ledger) against the same bytes through a plain Node HTTP upload to a handler
 * that discards them, same run. Target ratio ≥ 0.7, and the server's RSS growth < 100 MB
 * during the upload. Uses DATABASE_URL if set, else a throw-away PostgreSQL. BENCH_CHUNK_MB sets
 * the client's PATCH size (default 1024: one PATCH per GiB over loopback; the web app uses 8); BENCH_ROUNDS
 * (default 3) alternating rounds of both uploads, medians compared; BENCH_RAW=1 also times one whole-file PATCH without
 * tus-js-client (the server's own limit). Each round also sends the file to a bare server that
 * only writes and hashes it (the floor: what keeping and hashing the bytes costs on this machine,
 * printed as `floor` and `floor_ratio`, with tus against it as `tus_to_floor`).
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import * as tus from "tus-js-client";
import { benchDatabase } from "./_pg.ts";
import { startBenchServer } from "./_server.ts";

const mib = Number(process.env.BENCH_UPLOAD_MB ?? 1024);
const chunkMiB = Number(process.env.BENCH_CHUNK_MB ?? 1024);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-upload-bench-"));

const pgServer = await benchDatabase();
const url = pgServer.url;

// the file: an MP4 header, then random bytes, written in 4 MiB blocks (never whole in memory)
const file = path.join(work, "bodycam.mp4");
{
  const out = fs.createWriteStream(file);
  const hash = crypto.createHash("sha256");
  for (let i = 0; i < mib / 4; i++) {
    const block = crypto.randomBytes(4 * 1024 * 1024);
    if (i === 0) block.write("\0\0\0\x20ftypisom", 0, "latin1");
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  fs.writeFileSync(`${file}.sha256`, hash.digest("hex"));
}
const sha256 = fs.readFileSync(`${file}.sha256`, "utf8");
const size = fs.statSync(file).size;

const server = await startBenchServer(url, { DATA_DIR: work, EVIDENCE_MAX_BYTES: String(size + 1) });
const port = server.port;
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

try {
  const base = server.base;

  // Baseline: a plain Node HTTP server that discards the body, in its own process like the server.
  const sink = spawn(process.execPath, ["-e", `require("http").createServer((q, s) => { q.on("data", () => {}); q.on("end", () => s.end("ok")); }).listen(${port + 100}, "127.0.0.1", () => console.log("up"))`], { stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => sink.kill());
  await new Promise<void>((r) => sink.stdout!.once("data", () => r()));
  const baselineOnce = async (to = port + 100): Promise<number> => {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: to, method: "PUT", path: "/", headers: { "content-length": size } }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      void pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), req).catch(reject);
    });
    return size / 1024 ** 2 / ((performance.now() - t) / 1000);
  };

  // Floor: the least any implementation must do with the bytes: a bare Node HTTP server in its
  // own process that writes the body to a file in the same folder and hashes it (SHA-256,
  // inline: the fastest of the bare variants measured on 2 cores with the client on the same
  // machine). No tus, no database: what is left of the target once the bytes are kept.
  const floorFile = path.join(work, "floor.bin");
  const floor = spawn(process.execPath, ["-e", `const fs = require("fs"), crypto = require("crypto"), { pipeline } = require("stream/promises");
    require("http").createServer(async (q, s) => { const h = crypto.createHash("sha256"); q.on("data", (c) => h.update(c));
      await pipeline(q, fs.createWriteStream(${JSON.stringify(floorFile)}, { highWaterMark: 1 << 20 })); h.digest(); s.end("ok"); fs.rmSync(${JSON.stringify(floorFile)}); })
    .listen(${port + 101}, "127.0.0.1", () => console.log("up"))`], { stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => floor.kill());
  await new Promise<void>((r) => floor.stdout!.once("data", () => r()));

  const { cookie, csrf: csrfToken } = await server.login("zhifa");
  // evidence belongs to a case the uploader handles (R-REC-01): 李执法 opens one with 王承办,
  // the two demo officers linked to logins
  const officerId = async (name: string, username: string) => {
    const page = (await (await fetch(`${base}/api/lists/officers?q=${encodeURIComponent(name)}`, { headers: { cookie } })).json()) as { items: { id: string; username: string | null }[] };
    const found = page.items.find((o) => o.username === username);
    if (!found) throw new Error(`demo officer ${name} (${username}) not found`);
    return found.id;
  };
  const opened = await fetch(`${base}/api/cases`, {
    method: "POST",
    headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
    body: JSON.stringify({ workflowKey: "penalty.general", title: "上传基准测试", source: "inspection", party: { type: "org", name: "基准测试当事人有限公司" }, officerIds: [await officerId("李执法", "zhifa"), await officerId("王承办", "chengban")] }),
  });
  if (opened.status !== 201) throw new Error(`could not open the bench case: ${opened.status} ${await opened.text()}`);
  const caseRef = ((await opened.json()) as { number: string }).number;

  if (process.env.BENCH_RAW) {
    const meta = { filename: "raw.mp4", sha256, caseRef, capturedAt: new Date().toISOString(), place: "基准地点", collector: "基准", proves: "基准测试", device: "bench" };
    const created = await fetch(`${base}/api/evidence/uploads`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "tus-resumable": "1.0.0", "upload-length": String(size), "upload-metadata": Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(",") } });
    const loc = created.headers.get("location")!;
    const t0 = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method: "PATCH", path: loc, headers: { cookie, "x-csrf-token": csrfToken, "tus-resumable": "1.0.0", "upload-offset": "0", "content-type": "application/offset+octet-stream", "content-length": size } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      });
      req.on("error", reject);
      void pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), req).catch(reject);
    });
    console.log(`raw single PATCH: ${status} ${(size / 1024 ** 2 / ((performance.now() - t0) / 1000)).toFixed(0)} MB/s`);
  }
  // the client reads the file in 1 MiB blocks, as the baseline does (tus-js-client's own Node
  // file source opens each slice with the 64 KiB default)
  const fileReader = {
    openFile: async () => ({
      size,
      slice: async (start: number, end: number) => {
        const value = Object.assign(fs.createReadStream(file, { start, end: Math.min(end, size) - 1, highWaterMark: 1024 * 1024 }), { size: Math.min(end, size) - start });
        return { value, done: Math.min(end, size) >= size };
      },
      close: () => undefined,
    }),
  } as unknown as tus.UploadOptions["fileReader"];
  const tusOnce = async (): Promise<number> => {
    const t = performance.now();
    const evidenceId = await new Promise<string>((resolve, reject) => {
      const up = new tus.Upload(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), {
        fileReader,
        endpoint: `${base}/api/evidence/uploads`,
        uploadSize: size,
        chunkSize: chunkMiB * 1024 * 1024,
        headers: { cookie, "x-csrf-token": csrfToken },
        metadata: { filename: "bodycam.mp4", sha256, caseRef, capturedAt: new Date().toISOString(), place: "基准地点", collector: "基准", proves: "基准测试", device: "bench" },
        retryDelays: [],
        onSuccess: (p) => resolve(p.lastResponse.getHeader("X-Evidence-Id") ?? ""),
        onError: reject,
      });
      up.start();
    });
    const mbs = size / 1024 ** 2 / ((performance.now() - t) / 1000);
    const rec = (await (await fetch(`${base}/api/evidence/${evidenceId}`, { headers: { cookie } })).json()) as { sha256: string; size: number };
    if (rec.sha256 !== sha256 || rec.size !== size) throw new Error(`stored record does not match: ${JSON.stringify(rec)}`);
    return mbs;
  };

  // rounds alternate the two uploads (the machine's speed drifts: a lone measurement of each
  // can land on a fast and a slow moment); each figure is the median of its rounds
  const rssBefore = rssOf(server.process.pid!);
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(server.process.pid!))), 50);
  const baselines: number[] = [];
  const tuses: number[] = [];
  const floors: number[] = [];
  for (let round = 0; round < rounds; round++) {
    baselines.push(await baselineOnce());
    tuses.push(await tusOnce());
    floors.push(await baselineOnce(port + 101));
    console.log(`round ${round + 1}: plain ${baselines.at(-1)!.toFixed(0)} MB/s, tus ${tuses.at(-1)!.toFixed(0)} MB/s, bare write+hash ${floors.at(-1)!.toFixed(0)} MB/s`);
  }
  clearInterval(sampler);
  sink.kill();
  floor.kill();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const baselineMBs = median(baselines);
  const tusMBs = median(tuses);
  const floorMBs = median(floors);
  const growth = (rssMax - rssBefore) / 1024 ** 2;
  const ratio = tusMBs / baselineMBs;
  console.log(`${(size / 1024 ** 2).toFixed(0)} MiB: plain HTTP upload to a discarding handler ${baselineMBs.toFixed(0)} MB/s; tus evidence upload (hashed, type-checked, stored, in the ledger) ${tusMBs.toFixed(0)} MB/s in ${chunkMiB} MiB PATCHes (medians of ${rounds} rounds)`);
  console.log(`bare server that only writes and hashes the bytes: ${floorMBs.toFixed(0)} MB/s = ${(floorMBs / baselineMBs).toFixed(2)} of the discarding baseline (the most any implementation keeping and hashing the bytes reaches here); tus = ${(tusMBs / floorMBs).toFixed(2)} of it`);
  console.log(`server RSS ${(rssBefore / 1024 ** 2).toFixed(0)} MB before, ${(rssMax / 1024 ** 2).toFixed(0)} MB at most during the uploads: growth ${growth.toFixed(0)} MB (target < 100 MB)`);
  console.log(JSON.stringify({ bench: "upload", value: Number(tusMBs.toFixed(1)), unit: "MB/s", baseline: Number(baselineMBs.toFixed(1)), ratio: Number(ratio.toFixed(3)), target: 0.7, rss_growth_mb: Math.round(growth), floor: Number(floorMBs.toFixed(1)), floor_ratio: Number((floorMBs / baselineMBs).toFixed(3)), tus_to_floor: Number((tusMBs / floorMBs).toFixed(3)), pass: ratio >= 0.7 && growth < 100 }));
} finally {
  await server.stop();
  pgServer.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
