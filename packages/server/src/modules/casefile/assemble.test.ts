import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { setupTestApp } from "../../../test/harness.ts";
import { rows } from "../../db/client.ts";
import { buildAgency, buildOfficer, buildUser, loginAs, type Client } from "../../../test/factories.ts";
import { mutate, systemContext } from "../../db/audit.ts";
import { JobRunner, enqueueJob } from "../jobs/service.ts";
import { jobs } from "../jobs/tables.ts";
import { readBundle } from "./verify.ts";

/**
 * 结案 and 归档 trigger the assembly of the electronic case file (R-REC-07): a background job in the
 * database builds the ZIP, stores it content-addressed and puts its hash in the case's chain.
 */
const { app, database } = await setupTestApp({ JOBS_POLL_MS: 200 });
const db = database.db;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function caseToClosing(): Promise<{ id: string; number: string; officer: Client; head: Client; lead: Client }> {
  const agency = await buildAgency(db);
  const u1 = await buildUser(db, agency, ["officer"]);
  const u2 = await buildUser(db, agency, ["officer"]);
  const o1 = await buildOfficer(db, agency, { user: u1 });
  const o2 = await buildOfficer(db, agency, { user: u2 });
  const officer = await loginAs(app, u1);
  const head = await loginAs(app, await buildUser(db, agency, ["agency_head"]));
  const lead = await loginAs(app, await buildUser(db, agency, ["unit_lead"]));
  const opened = await officer.post("/api/cases", { workflowKey: "penalty.simple", title: "未按规定明码标价", source: "inspection", party: { type: "org", name: "示范果品店" }, officerIds: [o1.id, o2.id] });
  expect(opened.statusCode, opened.body).toBe(201);
  const { id, number } = opened.json() as { id: string; number: string };
  const step = async (kind: string | null, body = "") => {
    if (kind) expect((await officer.post(`/api/cases/${id}/records`, { kind, body })).statusCode).toBe(201);
    const moved = await officer.post(`/api/cases/${id}/advance`, {});
    expect(moved.statusCode, moved.body).toBe(200);
    return moved.json() as { stage: string; status: string };
  };
  await step("simple_decision", "当场作出警告决定");
  await step("service_proof", "当场交付，当事人签收");
  await step("payment_record", "警告已执行");
  return { id, number, officer, head, lead };
}

/** Waits for the background job to leave `n` assembled files. */
async function filesOf(client: Client, id: string, n: number) {
  for (let i = 0; i < 150; i++) {
    const res = await client.get(`/api/cases/${id}/case-files`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: string; sha256: string; size: number; trigger: string; entries: number }[]; pending: boolean };
    if (body.items.length >= n && !body.pending) return body.items;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${n} case files for ${id}`);
}

describe("case file assembled on 结案 and 归档 (R-REC-07)", () => {
  it("closing the case assembles its file: stored by hash, the hash in the chain, downloadable, verifiable; archiving assembles the final one", async () => {
    const c = await caseToClosing();
    // nothing assembled before the case ends
    expect((await c.lead.get(`/api/cases/${c.id}/case-files`)).json()).toEqual({ items: [], pending: false });
    const closed = await c.officer.post(`/api/cases/${c.id}/advance`, {});
    expect(closed.json().status).toBe("closed");
    const [first] = await filesOf(c.lead, c.id, 1);
    expect(first).toMatchObject({ trigger: "closed" });
    // the download is the stored file, its hash the one in the ledger
    const zip = await c.lead.get(`/api/cases/${c.id}/case-files/${first!.id}`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(sha(zip.rawPayload)).toBe(first!.sha256);
    expect(zip.rawPayload.length).toBe(first!.size);
    const stored = await rows<{ body: string }>(db, sql`select body from ledger_entries where chain = ${"case:" + c.id} and kind = 'casefile.stored'`);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.body).data).toMatchObject({ sha256: first!.sha256, size: first!.size, trigger: "closed", caseRef: c.number });
    // the bundle holds the case's whole chain up to its assembly, with the assembly entry itself
    const file = path.join(os.tmpdir(), `casefile-${crypto.randomUUID()}.zip`);
    fs.writeFileSync(file, zip.rawPayload);
    const bundle = await readBundle(file).finally(() => fs.rmSync(file, { force: true }));
    const kinds = bundle.entries.map((e) => (JSON.parse(e.body) as { kind: string }).kind);
    expect(kinds[0]).toBe("case.opened");
    expect(kinds.at(-1)).toBe("casefile.assembled");
    expect(kinds.filter((k) => k === "case.stage_completed")).toHaveLength(4);
    // reading it is on record (R-REC-08)
    const reads = await rows<{ n: number }>(db, sql`select count(*)::int as n from ledger_entries where chain = ${"case:" + c.id} and kind = 'casefile.downloaded'`);
    expect(reads[0]!.n).toBe(1);
    // 归档 by the head: the final file
    const archived = await c.head.post(`/api/cases/${c.id}/advance`, {});
    expect(archived.json().status, archived.body).toBe("archived");
    const files = await filesOf(c.lead, c.id, 2);
    expect(files.map((f) => f.trigger)).toEqual(["archived", "closed"]);
    expect(files[0]!.sha256).not.toBe(files[1]!.sha256);
    expect(files[0]!.entries).toBeGreaterThan(files[1]!.entries);
  });

  it("the 30-day alert no longer lists a case whose file was assembled", async () => {
    const c = await caseToClosing();
    await c.officer.post(`/api/cases/${c.id}/advance`, {});
    await filesOf(c.lead, c.id, 1);
    await mutate(db, systemContext("test", "test.backdate"), (tx) => tx.execute(sql`update cases set closed_at = now() - interval '40 days' where id = ${c.id}`));
    const missing = (await c.lead.get("/api/case-files/missing?pageSize=100")).json() as { items: { id: string }[] };
    expect(missing.items.map((i) => i.id)).not.toContain(c.id);
  });

  it("manual assembly by the unit lead; an officer of the case may not have the whole file (404)", async () => {
    const c = await caseToClosing();
    expect((await c.officer.get(`/api/cases/${c.id}/case-files`)).statusCode).toBe(404);
    expect((await c.officer.post(`/api/cases/${c.id}/case-files`, {})).statusCode).toBe(404);
    const queued = await c.lead.post(`/api/cases/${c.id}/case-files`, {});
    expect(queued.statusCode, queued.body).toBe(202);
    const [f] = await filesOf(c.lead, c.id, 1);
    expect(f!.trigger).toBe("manual");
    // the ledger names who asked for it, not the platform
    const [assembled] = await rows<{ body: string }>(db, sql`select body from ledger_entries where chain = ${"case:" + c.id} and kind = 'casefile.assembled'`);
    const body = JSON.parse(assembled!.body) as { actor: string; data: { by: string; trigger: string } };
    expect(body.actor).toMatch(/^user:/);
    expect(body.data).toMatchObject({ trigger: "manual" });
    expect(body.data.by).not.toBe("平台自动组卷");
    expect((await c.lead.get(`/api/cases/${c.id}/case-files/${crypto.randomUUID()}`)).json().error.id).toBe("not_found");
  });
});

describe("background jobs (decision 008)", () => {
  const quiet = app.log;

  it("retries a failing job with back-off, then marks it failed with its error", async () => {
    const runner = new JobRunner(db, quiet, { maxAttempts: 2, backoffMs: () => 0 });
    let calls = 0;
    runner.register("test.fail", async () => {
      calls++;
      throw new Error("磁盘已满");
    });
    await mutate(db, systemContext("test", "test.enqueue"), (tx) => enqueueJob(tx, "test.fail", { n: 1 }));
    expect(await runner.runDue()).toBe(2);
    expect(calls).toBe(2);
    const [row] = await db.select().from(jobs).where(sql`${jobs.kind} = 'test.fail'`);
    expect(row).toMatchObject({ state: "failed", attempts: 2, lastError: "磁盘已满" });
    expect(await runner.runDue()).toBe(0);
  });

  it("one pending job per dedupe key; a job whose process died (lock expired) is taken up again", async () => {
    const runner = new JobRunner(db, quiet);
    const seen: unknown[] = [];
    runner.register("test.once", async (payload) => {
      seen.push(payload.n);
      return { ok: true };
    });
    await mutate(db, systemContext("test", "test.enqueue"), async (tx) => {
      await enqueueJob(tx, "test.once", { n: 1 }, { dedupeKey: "k1" });
      await enqueueJob(tx, "test.once", { n: 2 }, { dedupeKey: "k1" });
      await enqueueJob(tx, "test.once", { n: 3 }, { dedupeKey: "k2", runAfter: new Date(Date.now() + 3600_000) });
    });
    expect(await runner.runDue()).toBe(1);
    expect(seen).toEqual([1]);
    // a job left running by a dead process, its lock expired
    await mutate(db, systemContext("test", "test.enqueue"), (tx) =>
      tx.execute(sql`insert into jobs (kind, payload, state, attempts, locked_until) values ('test.once', '{"n":4}'::jsonb, 'running', 1, now() - interval '1 minute')`),
    );
    expect(await runner.runDue()).toBe(1);
    expect(seen).toEqual([1, 4]);
    const done = await db.select().from(jobs).where(sql`${jobs.kind} = 'test.once' and ${jobs.state} = 'done'`);
    expect(done.map((j) => j.attempts).sort()).toEqual([1, 2]);
  });

  it("an idle poll commits nothing, so it does not drop the process's caches (decision 003)", async () => {
    const drops: (string | null)[] = [];
    app.changes.subscribe((table) => drops.push(table));
    await new Promise((r) => setTimeout(r, 1_000)); // five polls at JOBS_POLL_MS 200
    expect(drops.filter((t) => t === null)).toEqual([]);
  });
});
