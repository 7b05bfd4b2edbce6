import { describe, expect, it } from "vitest";
import { Value } from "typebox/value";
import { secondServer, setupTestApp } from "../../test/harness.ts";
import { buildAgency, buildUser, loginAs, type Client } from "../../test/factories.ts";
import { sql } from "drizzle-orm";
import { ChangeFeed, writtenTables } from "./change-feed.ts";
import { mutate, systemContext } from "./audit.ts";
import { cachedRead } from "./notified-cache.ts";
import { SessionCache } from "../modules/auth/session-cache.ts";
import { PageCache } from "../modules/lists/page-cache.ts";
import { listDefinitions } from "../modules/lists/registry.ts";
import { rowSchema } from "../modules/lists/fields.ts";
import type { ResolvedSession } from "../modules/auth/service.ts";

// Decision 003: per-process caches of sessions and list pages, dropped on the database's
// change notifications. Two server processes share one database; each must see the other's
// writes (on PostgreSQL the second has its own pool and listener).
const ctx = await setupTestApp();
const db = ctx.database.db;
const other = await secondServer(ctx);

const item = (code: string) => ({ code, matter: "食品经营许可事项监督检查", basis: "《中华人民共和国食品安全法》第一百一十条", targetType: "enterprise", ratioPercent: 5, method: "onsite", frequency: "每年一次" });

/** Repeats `check` until it passes (notifications arrive asynchronously), for up to 3 s. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const codes = async (client: Client, agencyId: string) => ((await client.get(`/api/lists/random-inspection?agencyId=${agencyId}`)).json().items as { code: string }[]).map((r) => r.code).sort();

describe("caches dropped on change notifications (decision 003)", () => {
  it("listens on both servers", async () => {
    await eventually(async () => {
      expect(ctx.app.changes.live).toBe(true);
      expect(other.app.changes.live).toBe(true);
    });
  });

  it("a logout on one server ends the session on the other at once (R-GEN-02)", async () => {
    const agency = await buildAgency(db);
    const user = await buildUser(db, agency, ["officer"]);
    const first = await loginAs(ctx.app, user);
    const second = first.on(other.app);
    expect((await second.get("/api/auth/me")).statusCode).toBe(200);
    expect((await second.get("/api/auth/me")).statusCode).toBe(200); // now served from its cache
    expect((await first.post("/api/auth/logout")).statusCode).toBe(204);
    expect((await first.get("/api/auth/me")).statusCode).toBe(401); // own commit: at once
    await eventually(async () => expect((await second.get("/api/auth/me")).json().error.id).toBe("session_expired"));
  });

  it("deactivating a user on one server locks them out on the other", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(ctx.app, await buildUser(db, agency, ["admin"]));
    const user = await buildUser(db, agency, ["officer"]);
    const onOther = (await loginAs(ctx.app, user)).on(other.app);
    expect((await onOther.get("/api/auth/me")).statusCode).toBe(200);
    const current = (await admin.get(`/api/users/${user.id}`)).json();
    expect((await admin.patch(`/api/users/${user.id}`, { version: current.version, active: false })).statusCode).toBe(200);
    await eventually(async () => expect((await onOther.get("/api/auth/me")).statusCode).toBe(401));
  });

  it("a list page cached on one server shows a row added, changed or deleted on the other (R-LIST-10)", async () => {
    const agency = await buildAgency(db);
    const user = await buildUser(db, agency, ["admin"]);
    const writer = await loginAs(ctx.app, user);
    const reader = writer.on(other.app);
    expect(await codes(reader, agency.id)).toEqual([]);
    expect(await codes(reader, agency.id)).toEqual([]); // cached

    const created = (await writer.post("/api/lists/random-inspection", { agencyId: agency.id, ...item("RI-C1") })).json();
    expect(await codes(writer, agency.id)).toEqual(["RI-C1"]); // own commit: at once
    await eventually(async () => expect(await codes(reader, agency.id)).toEqual(["RI-C1"]));

    expect((await writer.patch(`/api/lists/random-inspection/${created.id}`, { version: created.version, frequency: "每半年一次" })).statusCode).toBe(200);
    await eventually(async () => {
      const [row] = (await reader.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().items;
      expect(row).toMatchObject({ frequency: "每半年一次", version: created.version + 1 });
    });

    expect((await writer.delete(`/api/lists/random-inspection/${created.id}`)).statusCode).toBe(204);
    await eventually(async () => expect(await codes(reader, agency.id)).toEqual([]));
  });

  it("a renamed agency's name shows in cached pages of its lists", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(ctx.app, await buildUser(db, agency, ["admin"]));
    await admin.post("/api/lists/random-inspection", { agencyId: agency.id, ...item("RI-N1") });
    const reader = admin.on(other.app);
    const name = async () => (await reader.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().items[0].agencyName;
    expect(await name()).toBe(agency.name);
    const current = (await admin.get(`/api/agencies/${agency.id}`)).json();
    expect((await admin.patch(`/api/agencies/${agency.id}`, { version: current.version, name: "改名后的执法局" })).statusCode).toBe(200);
    await eventually(async () => expect(await name()).toBe("改名后的执法局"));
  });

  it("answers every list's read with rows that match its declared schema", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(ctx.app, await buildUser(db, agency, ["admin"]));
    await admin.post("/api/lists/random-inspection", { agencyId: agency.id, ...item("RI-S1") });
    for (const def of listDefinitions) {
      const res = await admin.get(`/api/lists/${def.kind}?agencyId=${agency.id}`);
      expect(res.statusCode, def.kind).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      const body = res.json();
      expect(body).toMatchObject({ page: 1, pageSize: 20 });
      for (const row of body.items) expect(Value.Errors(rowSchema(def), row), def.kind).toEqual([]);
    }
    const [row] = (await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().items;
    const single = (await admin.get(`/api/lists/random-inspection/${row.id}`)).json();
    expect(row).toEqual(single); // the page's JSON (built by the database) equals the detail's
  });
});

const session = (expiresInMs: number): ResolvedSession => ({
  sessionId: "s",
  csrfToken: "c",
  expiresAt: new Date(Date.now() + expiresInMs),
  mustChangePassword: false,
  actor: { id: "u", username: "u", displayName: "u", roles: ["officer"], agencyId: "a", agencyPath: "/a/", atRoot: false },
});

describe("cache rules", () => {
  it("caches nothing while the feed is not live, and drops everything when it goes down", () => {
    const feed = new ChangeFeed();
    const cache = new SessionCache(feed);
    cache.set("h", session(60_000), cache.ticket());
    expect(cache.get("h")).toBeUndefined();
    feed.setLive(true);
    cache.set("h", session(60_000), cache.ticket());
    expect(cache.get("h")).toBeDefined();
    feed.setLive(false);
    expect(cache.get("h")).toBeUndefined();
  });

  it("does not store a lookup that started before a change (the read may be stale)", () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const cache = new SessionCache(feed);
    const ticket = cache.ticket();
    feed.changed("users");
    cache.set("h", session(60_000), ticket);
    expect(cache.get("h")).toBeUndefined();
  });

  it("drops sessions on changes to sessions, users and agencies only; never past expiry or max age", () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const cache = new SessionCache(feed, 1_000);
    cache.set("h", session(60_000), cache.ticket());
    feed.changed("officers");
    expect(cache.get("h")).toBeDefined();
    feed.changed("sessions");
    expect(cache.get("h")).toBeUndefined();
    const now = Date.now();
    cache.set("short", session(10), cache.ticket(), now);
    expect(cache.get("short", now + 11)).toBeUndefined();
    cache.set("old", session(60_000), cache.ticket(), now);
    expect(cache.get("old", now + 1_001)).toBeUndefined();
  });

  it("drops a list's pages on a change to its table or to agencies, keeps other lists' pages", () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const pages = new PageCache<string>(feed);
    pages.set("a", "officers", "A", pages.ticket());
    pages.set("b", "random_inspection_items", "B", pages.ticket());
    feed.changed("officers");
    expect(pages.get("a")).toBeUndefined();
    expect(pages.get("b")).toBe("B");
    feed.changed("agencies");
    expect(pages.get("b")).toBeUndefined();
  });
});

describe("local commits drop only what they wrote (decision 003)", () => {
  it("names the tables a statement writes, or null when its text cannot say", () => {
    expect(writtenTables(`insert into "cases" ("id") values ($1) on conflict ("id") do update set "x" = 1 returning "id"`)).toEqual(["cases"]);
    expect(writtenTables(`update "cases" set "version" = "cases"."version" + 1 where "cases"."id" = $1`)).toEqual(["cases"]);
    expect(writtenTables(`delete from sessions where user_id = $1`)).toEqual(["sessions"]);
    expect(writtenTables(`with r as (insert into public.ledger_entries (a) values (1) returning id) update "Jobs" set a = 1`)).toEqual(["ledger_entries", "Jobs"]);
    expect(writtenTables(`select * from "cases" where "cases"."id" = $1 for update`)).toEqual([]);
    expect(writtenTables(`select "updated_at" from users for update of users skip locked`)).toEqual([]);
    expect(writtenTables(`truncate sessions`)).toBeNull();
    expect(writtenTables(`do $$ begin perform 1; end $$`)).toBeNull();
  });

  it("a commit drops this process's cached reads of the tables it wrote at once, and keeps the others", async () => {
    expect(ctx.app.changes.live).toBe(true);
    let loads = 0;
    const read = (tables: string[], key: string) => cachedRead(db, "test.local", key, tables, async () => ++loads);
    await read(["settings"], "s");
    await read(["users"], "u");
    expect(loads).toBe(2);
    await read(["settings"], "s");
    await read(["users"], "u");
    expect(loads).toBe(2); // both cached
    await mutate(db, systemContext("test", "test.write"), (tx) => tx.execute(sql`update settings set value = value where false`));
    await read(["users"], "u");
    expect(loads).toBe(2); // a write to settings keeps what was read from users
    await read(["settings"], "s");
    expect(loads).toBe(3); // …and the process reads its own write at once
    await mutate(db, systemContext("test", "test.write"), (tx) => tx.execute(sql`do $$ begin perform 1; end $$`));
    await read(["users"], "u");
    expect(loads).toBe(4); // a statement that does not name what it writes drops everything
  });

  it("a read that started before a change to one of its tables is not stored; changes to other tables do not matter", () => {
    const feed = new ChangeFeed();
    feed.setLive(true);
    const cache = new SessionCache(feed);
    const ticket = cache.ticket();
    feed.changedTables(new Set(["cases", "case_records"]));
    cache.set("h", session(60_000), ticket);
    expect(cache.get("h")).toBeDefined();
    const late = cache.ticket();
    feed.changedTables(new Set(["cases", "users"]));
    cache.set("h2", session(60_000), late);
    expect(cache.get("h2")).toBeUndefined();
  });
});
