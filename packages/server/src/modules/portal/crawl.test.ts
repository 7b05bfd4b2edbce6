import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { setupTestApp } from "../../../test/harness.ts";
import { rows } from "../../db/client.ts";
import { seedDemo } from "../../seed/demo.ts";
import { seedDemoCases } from "../../seed/demo-cases.ts";
import { seedDemoPublicity } from "../../seed/demo-publicity.ts";

/**
 * The whole public surface of the demo — every portal page reachable by links from the portal's
 * entry points, every feed, every public JSON answer — holds none of the personal data of the
 * originals (R-PUB-05): names, ID numbers, phones and addresses of individuals, and the contacts
 * of those who asked for corrections.
 */
const { app, database } = await setupTestApp();
const db = database.db;

const ENTRY = ["/portal", "/portal/decisions", "/portal/officers", "/portal/agencies", "/portal/lists", "/portal/powers", "/portal/flowcharts"];
const MAX_PAGES = 600;

/** Links on a page to follow: portal pages and feeds of this site (not forms, not other sites). */
function linksOf(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/\bhref="([^"#]+)(?:#[^"]*)?"/g)) {
    const href = m[1]!.replace(/&amp;/g, "&");
    if (href.startsWith("/portal") || href.startsWith("/api/public/")) out.push(href);
  }
  return out;
}

describe("no personal data on the public side of the demo (R-PUB-05)", () => {
  it("crawls every public page, feed and API answer and finds none of the originals' personal data", { timeout: 600_000 }, async () => {
    await seedDemo(db, { officersPerAgency: 4, powerItems: 5 });
    await seedDemoCases(app, { count: 40 });
    const demo = await seedDemoPublicity(app);
    expect(demo.published).toBeGreaterThan(2);

    // what must never be public: individuals' data from the cases and the publications' originals
    const people = await rows<{ name: string; id_no: string; phone: string; address: string }>(
      db,
      sql`select party_name as name, party_id_no as id_no, party_phone as phone, party_address as address from cases where party_type = 'person'
        union all select original->>'partyName', original->>'partyIdNo', '', '' from publications where party_type = 'person'`,
    );
    const contacts = await rows<{ contact: string }>(db, sql`select contact from publication_corrections`);
    // officers' and agencies' names are public by law (R-PUB-01): a party who shares one is not a leak
    const publicNames = new Set((await rows<{ name: string }>(db, sql`select name from officers union select name from agencies`)).map((r) => r.name));
    const secrets = new Set<string>();
    for (const p of people) {
      // an individual's name (2–4 characters, or with ·); a 个体工商户's trade name (…店, …公司) is not private, a name already masked (张某) neither
      if (p.name && /^(?:[\u4e00-\u9fa5]{2,4}|[\u4e00-\u9fa5]+·[\u4e00-\u9fa5·]+)$/.test(p.name) && !p.name.includes("某") && !publicNames.has(p.name)) secrets.add(p.name);
      for (const v of [p.id_no, p.phone]) if (v && v.length >= 6) secrets.add(v);
      // the part of an address below the district (the district itself may be shown)
      const below = p.address?.replace(/^.*?[区县旗]/, "");
      if (below && below.length >= 4) secrets.add(below);
    }
    for (const c of contacts) if (c.contact.length >= 6) secrets.add(c.contact);
    // the test can fail: published decisions of individuals exist, so their data was there to leak
    const personPublished = await rows<{ n: number }>(db, sql`select count(*)::int as n from publications where party_type = 'person' and status in ('published', 'withdrawn')`);
    expect(personPublished[0]!.n).toBeGreaterThan(0);
    expect(secrets.size).toBeGreaterThan(5);

    // crawl
    const seen = new Map<string, number>();
    const queue = [...ENTRY, "/portal/decisions.json?pageSize=100", "/portal/decisions.csv", "/api/public/decisions?pageSize=50", "/api/ledger/checkpoint"];
    const leaks: string[] = [];
    while (queue.length && seen.size < MAX_PAGES) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      const res = await app.inject({ method: "GET", url, remoteAddress: `10.77.${seen.size >> 8}.${seen.size & 255}` });
      seen.set(url, res.statusCode);
      const body = res.body;
      for (const s of secrets) if (body.includes(s)) leaks.push(`${url}: ${s}`);
      if ((res.headers["content-type"] ?? "").toString().includes("html")) for (const l of linksOf(body)) if (!seen.has(l)) queue.push(l);
      if (url.startsWith("/api/public/decisions?")) {
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { items: { id: string }[]; total: number; page: number; pageSize: number };
        for (const item of page.items) queue.push(`/api/public/decisions/${item.id}`);
        if (page.page * page.pageSize < page.total) queue.push(`/api/public/decisions?pageSize=50&page=${page.page + 1}`);
      }
    }
    expect(leaks).toEqual([]);
    // the crawl reached what matters: every published decision's page, feeds of every agency with decisions
    const published = await rows<{ id: string; agency_id: string }>(db, sql`select id, agency_id from publications where status = 'published'`);
    for (const p of published) {
      expect(seen.get(`/portal/decisions/${p.id}`), `decision page ${p.id}`).toBe(200);
      expect(seen.get(`/api/public/decisions/${p.id}`), `decision JSON ${p.id}`).toBe(200);
      expect(seen.has(`/portal/agencies/${p.agency_id}/decisions.rss`) || seen.has(`/portal/agencies/${p.agency_id}/decisions.atom`), `feed of ${p.agency_id}`).toBe(true);
    }
    expect([...seen.values()].filter((s) => s >= 500)).toEqual([]);
    expect(seen.size).toBeGreaterThan(50);
  });
});
