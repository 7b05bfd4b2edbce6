import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase } from "../../test/harness.ts";
import { afterAll } from "vitest";
import { mutate, systemContext } from "./audit.ts";
import { agencies } from "../modules/agencies/tables.ts";
import { auditEvents } from "../modules/audit/tables.ts";

const database = await createTestDatabase();
afterAll(() => database.close());
const db = database.db;

/** Tables that are themselves logs (the audit trail, login attempts, the ledger), and so carry no audit trigger. */
const LOG_TABLES = ["audit_events", "login_attempts", "ledger_entries", "ledger_pending", "ledger_leaves", "ledger_nodes", "ledger_checkpoints"];

describe("audit by construction", () => {
  it("every table carries the audit trigger, so no write can skip its audit event", async () => {
    const result = await db.execute(sql`
      select c.relname as name,
             exists (select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                     where t.tgrelid = c.oid and p.proname = 'zhifa_audit') as audited
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'`);
    const rows = (result as unknown as { rows: { name: string; audited: boolean }[] }).rows;
    expect(rows.length).toBeGreaterThan(4);
    const missing = rows.filter((r) => !r.audited && !LOG_TABLES.includes(r.name)).map((r) => r.name);
    expect(missing).toEqual([]);
  });

  it("refuses a write without an audit context", async () => {
    await expect(
      db.insert(agencies).values({ code: "X1", name: "无审计", path: "/x/", level: "city", regionCode: "990100", regionName: "示范市" }),
    ).rejects.toMatchObject({ cause: { code: "ZA001" } });
  });

  it("records who changed what, with the changed columns", async () => {
    const [a] = await mutate(db, systemContext("test", "agency.create"), (tx) =>
      tx.insert(agencies).values({ code: "X2", name: "甲局", path: "/x2/", level: "city", regionCode: "990100", regionName: "示范市" }).returning(),
    );
    await mutate(db, { actor: "user:00000000-0000-0000-0000-000000000001", actorName: "张三", ip: "10.0.0.9", requestId: "r1", action: "agency.update" }, (tx) =>
      tx.update(agencies).set({ name: "乙局" }).where(sql`id = ${a!.id}`),
    );
    const events = await db.select().from(auditEvents).where(sql`row_id = ${a!.id}`).orderBy(auditEvents.id);
    expect(events.map((e) => e.op)).toEqual(["INSERT", "UPDATE"]);
    expect(events[1]).toMatchObject({ actorName: "张三", ip: "10.0.0.9", requestId: "r1", action: "agency.update", changed: ["name"], agencyId: a!.id });
    expect((events[1]!.oldRow as { name: string }).name).toBe("甲局");
    expect((events[1]!.newRow as { name: string }).name).toBe("乙局");
  });

  it("the audit trail itself cannot be altered or deleted", async () => {
    await expect(db.execute(sql`update audit_events set actor = 'x'`)).rejects.toMatchObject({ cause: { code: "ZA002" } });
    await expect(db.execute(sql`delete from audit_events`)).rejects.toMatchObject({ cause: { code: "ZA002" } });
  });
});

describe("the embedded database's one connection", () => {
  it.skipIf(database.kind !== "pglite")("a query on the database inside a transaction of the same work fails at once instead of waiting for itself forever", async () => {
    const started = Date.now();
    const attempt = mutate(db, systemContext("test", "agency.create"), async (tx) => {
      await tx.insert(agencies).values({ code: "X3", name: "丙局", path: "/x3/", level: "city", regionCode: "990100", regionName: "示范市" });
      return db.select().from(agencies); // the mistake: `db` instead of `tx`
    });
    await expect(attempt).rejects.toMatchObject({ cause: { code: "db_self_deadlock" } });
    expect(Date.now() - started).toBeLessThan(5_000);
    // rolled back with the failure, and the database still answers
    expect(await db.select().from(agencies).where(sql`code = 'X3'`)).toEqual([]);
  });

  it("work started inside a transaction may query the database once the transaction has ended", async () => {
    let later: Promise<unknown> | undefined;
    await mutate(db, systemContext("test", "agency.create"), async (tx) => {
      await tx.insert(agencies).values({ code: "X4", name: "丁局", path: "/x4/", level: "city", regionCode: "990100", regionName: "示范市" });
      // e.g. a cache refresh scheduled by a write, running after the commit
      later = new Promise((resolve) => setTimeout(resolve, 50)).then(() => db.select().from(agencies).where(sql`code = 'X4'`));
    });
    const [outside, inside] = await Promise.all([db.select().from(agencies).where(sql`code = 'X4'`), later]);
    expect(outside).toHaveLength(1);
    expect(inside).toHaveLength(1);
  });
});
