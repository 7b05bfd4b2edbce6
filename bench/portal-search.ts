/**
 * portal-search: the public decision search (GET /api/public/decisions: keyword segmented with
 * jieba, filters by agency, action type and decision dates, newest first, with the total) with
 * BENCH_DECISIONS published decisions (default 10^6) in PostgreSQL, under BENCH_CONCURRENCY
 * closed-loop HTTP clients for BENCH_SECONDS: p50, p99 and queries/s over a mix of keyword only
 * (common, middle, rare words, a document number), keyword + agency, keyword + type + date
 * range and two-word keywords. Baseline, same run, same database, same concurrency: the bare
 * keyword query of the same keywords straight through pg — the service's page query without the
 * filters, the join, the tie-breaking sort keys and the total: `select id from publications where
 * status = 'published' and search @@ plainto_tsquery('simple', <the service's query tokens>)
 * order by decision_date desc nulls last limit 20` (without the status condition no index gives the order,
 * and a common word's 20 newest rows are then sorted out of hundreds of thousands: that form is
 * timed once per keyword, for information). Targets (issue "public portal"): p99 < 50 ms and
 * API queries/s ÷ bare queries/s ≥ 0.5; `baseline` in the result is the bare query's p99 (ms).
 *
 * The public routes are limited to 120 requests a minute per address: the server trusts
 * X-Forwarded-For here (TRUST_PROXY, as behind the deployment's load balancer) and every request
 * comes from its own address, as from many visitors. The service reads a page and one row more;
 * the total is exact when the results end there or the planner expects under 1 000 matches
 * (then counted up to 1 000: else "more than"), else the planner's estimate (kept a minute per search); a
 * search of several words first walks the newest decisions (see `searchPublished`). BENCH_EXPLAIN=1 prints, for each query of the mix,
 * the plans of the page, of the count, and of counting every match (what the service avoids).
 * Env: BENCH_DECISIONS, BENCH_SECONDS (default 20), BENCH_CONCURRENCY (default 8); BENCH_REUSE=1
 * with DATABASE_URL searches the decisions an earlier run left there instead of making new ones.
 */
import http from "node:http";
import pg from "pg";
import { todayInShanghai, addCalendarDays } from "@zhifa/domain";
import { benchDatabase } from "./_pg.ts";
import { startBenchServer } from "./_server.ts";
import { generateDecisions, verifyDecisions } from "./_decisions.ts";
import { queryTokens } from "../packages/server/src/modules/publicity/search.ts";

const decisions = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TARGET_MS = 50;
const TARGET_RATIO = 0.5;

const pgServer = await benchDatabase();
const server = await startBenchServer(pgServer.url, { TRUST_PROXY: "true" });
const client = new pg.Client({ connectionString: pgServer.url });
await client.connect();
const pool = new pg.Pool({ connectionString: pgServer.url, max: concurrency });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

interface MixItem {
  name: string;
  params: Record<string, string>;
}

/** Closed loop: `concurrency` workers run `op(i)` on the mix in turn until the deadline; latency of each. */
async function closedLoop(op: (item: MixItem, n: number) => Promise<void>, mix: MixItem[], secs: number) {
  const samples: { item: number; ms: number }[] = [];
  let next = 0;
  let errors = 0;
  const deadline = performance.now() + secs * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const n = next++;
        const item = n % mix.length;
        const t = performance.now();
        try {
          await op(mix[item]!, n);
          samples.push({ item, ms: performance.now() - t });
        } catch (e) {
          if (errors++ === 0) console.error(e);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { qps: samples.length / elapsed, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), count: samples.length, errors, samples };
}

try {
  const started = Date.now();
  // BENCH_REUSE=1 with DATABASE_URL: the decisions an earlier run made there are searched again
  const existing = process.env.BENCH_REUSE === "1" && process.env.DATABASE_URL ? Number((await client.query<{ n: string }>("select count(*) n from publications where status = 'published'")).rows[0]!.n) : 0;
  if (existing >= decisions) console.log(`${existing} published decisions already in the database (BENCH_REUSE)`);
  else {
    const made = await generateDecisions(client, { count: decisions, log: (l) => console.log(l) });
    // a table in use has been vacuumed by autovacuum: the visibility map is set
    await client.query("vacuum (analyze) publications");
    console.log(`${made.rows} published decisions made in ${made.seconds.toFixed(0)} s, vacuumed in ${((Date.now() - started) / 1000 - made.seconds).toFixed(0)} s`);
  }
  console.log(`search vectors equal the service's on ${await verifyDecisions(client)} sampled rows`);
  const size = (
    await client.query<{ heap: string; toast: string; gin: string; vector: number; row: number }>(
      `select pg_size_pretty(pg_relation_size('publications')) heap, pg_size_pretty(pg_total_relation_size(reltoastrelid)) toast,
              pg_size_pretty(pg_relation_size('publications_search_idx')) gin,
              (select avg(pg_column_size(search))::int from publications tablesample system (1)) vector,
              (select avg(pg_column_size(p.*))::int from publications p tablesample system (1)) "row"
         from pg_class where oid = 'publications'::regclass`,
    )
  ).rows[0]!;
  console.log(`publications: heap ${size.heap}, TOAST ${size.toast}, GIN index ${size.gin}; a row ${size.row} bytes stored, its tsvector ${size.vector}`);

  const agency = async (code: string) => (await client.query<{ id: string }>("select id from agencies where code = $1", [code])).rows[0]!.id;
  const market = await agency("SJ9901");
  const transport = await agency("JT9901");
  const today = todayInShanghai(new Date());
  const docNo = (await client.query<{ d: string }>("select document_number d from publications where external_key = $1", [`bench-${Math.ceil(decisions / 2)}`])).rows[0]?.d ?? "1号";
  const mix: MixItem[] = [
    { name: "common word", params: { q: "罚款" } },
    { name: "common word", params: { q: "食品" } },
    { name: "middle word", params: { q: "保质期" } },
    { name: "middle word", params: { q: "危险化学品" } },
    { name: "rare word", params: { q: "甲醇" } },
    { name: "rare word", params: { q: "暗管" } },
    { name: "document number", params: { q: docNo.replace(/^.*〕/, "") } },
    { name: "two words", params: { q: "过期 食品" } },
    { name: "two words", params: { q: "违法 建设" } },
    { name: "word + agency", params: { q: "罚款", agencyId: market } },
    { name: "word + agency", params: { q: "超限运输", agencyId: transport } },
    { name: "word + type + dates", params: { q: "检查", actionType: "inspection", from: addCalendarDays(today, -90), to: today } },
    { name: "word + type + dates", params: { q: "罚款", actionType: "penalty", from: addCalendarDays(today, -365), to: addCalendarDays(today, -180) } },
  ];
  const path = (m: MixItem) => `/api/public/decisions?${new URLSearchParams(m.params)}`;

  // how many rows each query matches (the API's total), and a check that each answers
  for (const m of mix) {
    const res = await fetch(server.base + path(m));
    const body = (await res.json()) as { total?: number; totalIs?: string; items?: unknown[] };
    if (!res.ok || !Array.isArray(body.items)) throw new Error(`${path(m)}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    (m as MixItem & { total: string }).total = `${body.totalIs === "estimate" ? "~" : body.totalIs === "at_least" ? ">" : ""}${body.total ?? 0}`;
  }

  if (process.env.BENCH_EXPLAIN) {
    for (const m of mix) {
      const conds = ["p.status = 'published'"];
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      if (m.params.agencyId) conds.push(`p.agency_id = ${arg(m.params.agencyId)}`);
      if (m.params.actionType) conds.push(`p.action_type = ${arg(m.params.actionType)}`);
      if (m.params.from) conds.push(`p.decision_date >= ${arg(m.params.from)}`);
      if (m.params.to) conds.push(`p.decision_date <= ${arg(m.params.to)}`);
      conds.push(`p.search @@ plainto_tsquery('simple', ${arg(queryTokens(m.params.q!).join(" "))})`);
      const where = conds.join(" and ");
      for (const [what, q] of [
        ["page (20 and one more)", `select p.id, a.name, p.redacted from publications p join agencies a on a.id = p.agency_id where ${where} order by p.decision_date desc nulls last, p.published_at desc nulls last, p.id limit 21`],
        ["count, when the estimate is below 1 000", `select count(*)::int from (select 1 from publications p where ${where} limit 1001) t`],
        ["every match counted (not done: for information)", `select count(*)::int from publications p where ${where}`],
      ] as const) {
        const plan = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${q}`, args);
        console.log(`--- ${m.name} ${JSON.stringify(m.params)} ${what}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
      }
    }
  }

  // the API over HTTP: keep-alive sockets, each request from its own address
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (m: MixItem, n: number) =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(`${server.base}${path(m)}`, { agent, headers: { "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path(m)}: ${res.statusCode}`))));
      });
      req.on("error", reject);
    });
  // the bare keyword query of the same keywords
  const BARE = "select id from publications where status = 'published' and search @@ plainto_tsquery('simple', $1) order by decision_date desc nulls last limit 20";
  const bare = async (m: MixItem) => {
    await pool.query(BARE, [queryTokens(m.params.q!).join(" ")]);
  };
  // for information: without the status condition, once per keyword
  const literal = new Map<string, number>();
  for (const m of mix) {
    if (literal.has(m.params.q!)) continue;
    const t = performance.now();
    await client.query("select id from publications where search @@ plainto_tsquery('simple', $1) order by decision_date desc nulls last limit 20", [queryTokens(m.params.q!).join(" ")]);
    literal.set(m.params.q!, performance.now() - t);
  }

  await closedLoop(get, mix, Math.min(5, seconds)); // warm-up: caches, JIT, plans
  await closedLoop(bare, mix, Math.min(5, seconds));
  const api = await closedLoop(get, mix, seconds);
  const base = await closedLoop(bare, mix, seconds);
  agent.destroy();
  if (api.errors || base.errors) throw new Error(`errors during load: API ${api.errors}, bare query ${base.errors}`);

  console.log(`\n${"query".padEnd(64)} ${"matches".padStart(8)}  API p50/p99 ms   bare p50/p99 ms`);
  for (const [i, m] of mix.entries()) {
    const a = api.samples.filter((s) => s.item === i).map((s) => s.ms).sort((x, y) => x - y);
    const b = base.samples.filter((s) => s.item === i).map((s) => s.ms).sort((x, y) => x - y);
    const label = `${m.name}: ${Object.entries(m.params).map(([k, v]) => `${k}=${k === "agencyId" ? v.slice(0, 8) : v}`).join(" ")}`;
    console.log(`${label.padEnd(64)} ${(m as MixItem & { total: string }).total.padStart(8)}  ${quantile(a, 0.5).toFixed(1).padStart(6)} / ${quantile(a, 0.99).toFixed(1).padStart(6)}   ${quantile(b, 0.5).toFixed(1).padStart(6)} / ${quantile(b, 0.99).toFixed(1).padStart(6)}`);
  }
  console.log(`\nwithout "status = 'published'" (once each, no load): ${[...literal].map(([q, ms]) => `${q} ${ms.toFixed(0)} ms`).join(", ")}`);
  const ratio = api.qps / base.qps;
  console.log(`\n${decisions} decisions, ${concurrency} clients, ${seconds} s each`);
  console.log(`public search API:  ${api.qps.toFixed(0)} queries/s, p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms (${api.count} requests)`);
  console.log(`bare keyword query: ${base.qps.toFixed(0)} queries/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms (${base.count} queries)`);
  console.log(
    JSON.stringify({ bench: "portal-search", value: Number(api.p99.toFixed(1)), unit: "ms p99", baseline: Number(base.p99.toFixed(1)), ratio: Number(ratio.toFixed(3)), target: TARGET_MS, pass: api.p99 < TARGET_MS && ratio >= TARGET_RATIO }),
  );
} finally {
  await pool.end();
  await client.end();
  await server.stop();
  pgServer.stop();
}
