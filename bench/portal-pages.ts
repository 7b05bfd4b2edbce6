/**
 * portal-pages: requests/s of the public portal's server-rendered pages — a published decision
 * (/portal/decisions/:id: the redacted text, its versions, the SHA-256 recomputed and checked
 * against its ledger entry) and an officer's certificate verification (/portal/officers/:certNo)
 * — against the portal's static stylesheet (/portal/assets/portal.css, served from memory by the
 * same server) at the same concurrency in the same run. Target (issue "public portal"): each
 * page ≥ 0.3 × the static route; value = the lower of the two ratios.
 *
 * BENCH_DECISIONS decisions (default 3 000) of 示范市市场监督管理局 are made with the SQL generator
 * (bench/_decisions.ts) as drafts and published through the staff API by its publicity reviewer,
 * so every page has its public version and ledger entry as in production. Requests go round the
 * published decisions and the demo officers' certificates (valid, expired, revoked…).
 * Pages are kept rendered in each server process until a write to their tables is notified
 * (decision 003); the run prints for information the rate of first visits, each decision page
 * once, rendered from the database.
 * Env: BENCH_DECISIONS, BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 16).
 */
import pg from "pg";
import { benchDatabase } from "./_pg.ts";
import { startBenchServer } from "./_server.ts";
import { generateDecisions } from "./_decisions.ts";
import { load as loadUrls } from "./_load.ts";

const decisions = Number(process.env.BENCH_DECISIONS ?? 3000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TARGET = 0.3;
const STATIC = "/portal/assets/portal.css";

const pgServer = await benchDatabase();
const server = await startBenchServer(pgServer.url);
const client = new pg.Client({ connectionString: pgServer.url });
await client.connect();

/** Closed-loop load on keep-alive sockets: each request takes the next path of `paths`. */
const load = (paths: string[], secs: number) => loadUrls(paths.map((p) => `${server.base}${p}`), { seconds: secs, concurrency });

try {
  const started = Date.now();
  const made = await generateDecisions(client, { count: decisions, status: "draft", agencyCodes: ["SJ9901"], days: 365, batch: 10_000 });
  // published by the agency's publicity reviewer through the API: public version, ledger entry, audit
  const { cookie, csrf } = await server.login("gongshi");
  const { rows: drafts } = await client.query<{ id: string }>("select id from publications where status = 'draft' and external_key like 'bench-%' order by document_number");
  let cursor = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (cursor < drafts.length) {
        const { id } = drafts[cursor++]!;
        const res = await fetch(`${server.base}/api/publicity/${id}/publish`, { method: "POST", headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" }, body: "{}" });
        if (!res.ok) throw new Error(`publish ${id}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      }
    }),
  );
  await client.query("vacuum (analyze) publications, publication_versions, ledger_entries");
  const { rows: published } = await client.query<{ id: string }>("select id from publications where status = 'published' order by random()");
  const { rows: officers } = await client.query<{ cert: string }>("select cert_number as cert from officers order by random()");
  console.log(`${made.rows} decisions made in ${made.seconds.toFixed(0)} s and ${drafts.length} published through the API (${((Date.now() - started) / 1000).toFixed(0)} s in all); ${published.length} published decisions, ${officers.length} officers`);

  const decisionPaths = published.map((p) => `/portal/decisions/${p.id}`);
  const officerPaths = officers.map((o) => `/portal/officers/${encodeURIComponent(o.cert)}`);
  // each page renders what it should: the decision checked against its ledger entry, the officer's standing
  const page = await (await fetch(server.base + decisionPaths[0])).text();
  if (!page.includes("公示内容与账本记录一致")) throw new Error(`the decision page does not show a consistent ledger check: ${decisionPaths[0]}`);
  const verification = await fetch(server.base + officerPaths[0]);
  if (!verification.ok) throw new Error(`officer page: ${verification.status}`);
  const css = await (await fetch(server.base + STATIC)).text();
  console.log(`sizes: decision page ${Buffer.byteLength(page)} bytes, officer page ${Buffer.byteLength(await verification.text())} bytes, stylesheet ${Buffer.byteLength(css)} bytes`);

  // for information: each decision page once, as a first visitor finds it (rendered from the database, not yet kept)
  const firstVisits = await loadUrls(decisionPaths.map((p) => `${server.base}${p}`), { seconds: 120, concurrency, maxRequests: decisionPaths.length });
  for (const paths of [[STATIC], decisionPaths, officerPaths]) await load(paths, 2); // warm-up
  const staticBefore = await load([STATIC], seconds);
  const decision = await load(decisionPaths, seconds);
  const officer = await load(officerPaths, seconds);
  const staticAfter = await load([STATIC], seconds);
  const errors = staticBefore.errors + decision.errors + officer.errors + staticAfter.errors;
  if (errors) throw new Error(`errors during load: ${errors}`);
  const baseline = (staticBefore.rps + staticAfter.rps) / 2;
  const decisionRatio = decision.rps / baseline;
  const officerRatio = officer.rps / baseline;
  const value = Math.min(decisionRatio, officerRatio);
  console.log(`static ${STATIC}: ${staticBefore.rps.toFixed(0)} req/s before, ${staticAfter.rps.toFixed(0)} req/s after (mean ${baseline.toFixed(0)}), ${concurrency} clients, ${seconds} s each`);
  console.log(`decision page /portal/decisions/:id: ${decision.rps.toFixed(0)} req/s, ratio ${decisionRatio.toFixed(3)}`);
  console.log(`decision pages on first visit (each once, rendered from the database): ${firstVisits.rps.toFixed(0)} req/s over ${firstVisits.requests} pages${firstVisits.errors ? `, ${firstVisits.errors} errors` : ""}`);
  console.log(`officer verification /portal/officers/:certNo: ${officer.rps.toFixed(0)} req/s, ratio ${officerRatio.toFixed(3)}`);
  console.log(JSON.stringify({ bench: "portal-pages", value: Number(value.toFixed(3)), unit: "ratio (lower page req/s ÷ static req/s)", baseline: Math.round(baseline), ratio: Number(value.toFixed(3)), target: TARGET, pass: decisionRatio >= TARGET && officerRatio >= TARGET }));
} finally {
  await client.end();
  await server.stop();
  pgServer.stop();
}
