import path from "node:path";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { buildApp } from "./app.ts";
import { LedgerKeyError } from "./modules/ledger/keys.ts";
import { BlobStoreError } from "./modules/evidence/blobs.ts";
import { isEmpty, seedDemo, DEMO_LOGINS } from "./seed/demo.ts";
import { ensureCalendar } from "./modules/calendar/service.ts";
import { hasCases, seedDemoCases } from "./seed/demo-cases.ts";
import { seedDemoReviews } from "./seed/demo-reviews.ts";
import { seedDemoPublicity } from "./seed/demo-publicity.ts";
import { seedDemoStatistics } from "./seed/demo-statistics.ts";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

const config = readConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, "pglite"), poolSize: config.DB_POOL_SIZE });
let seeded = false;
if (config.SEED_DEMO && (await isEmpty(database.db))) {
  console.log("空数据库：正在载入演示数据（示范市）…");
  await seedDemo(database.db);
  seeded = true;
}
// The working-day calendar is reference data, not demo data: loaded on every start where missing.
await ensureCalendar(database.db);
let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp({ config, db: database.db, serveWeb: true, listen: database.listen });
} catch (e) {
  if (e instanceof LedgerKeyError) {
    console.error(e.message);
    await database.close();
    process.exit(2);
  }
  throw e;
}
try {
  await app.ready();
} catch (e) {
  if (e instanceof BlobStoreError) {
    console.error(e.message);
    await app.close().catch(() => undefined);
    await database.close();
    process.exit(2);
  }
  throw e;
}
if (config.SEED_DEMO && !(await hasCases(app))) {
  console.log("正在生成演示案件（经真实的立案、审批和账本流程）…");
  const made = await seedDemoCases(app, { count: config.DEMO_CASES });
  const reviewed = config.DEMO_CASES > 0 ? await seedDemoReviews(app) : 0;
  console.log(`已生成 ${made + reviewed} 件演示案件（其中 ${reviewed} 件处于法制审核各阶段）`);
  const publicity = config.DEMO_CASES > 0 ? await seedDemoPublicity(app) : null;
  if (publicity) console.log(`演示公示：已公示 ${publicity.published} 件，待审核 ${publicity.drafts} 件，不予公示 ${publicity.withheld} 件`);
  if (publicity) {
    await seedDemoStatistics(app);
    console.log("演示统计年报：已发布上一年度统计年报");
  }
}
await app.listen({ port: config.PORT, host: config.HOST });

const where = database.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite ${path.join(config.DATA_DIR, "pglite")}`;
console.log(`\nzhifa 行政执法三项制度平台 — http://localhost:${config.PORT}  (数据库: ${where})`);
if (config.SEED_DEMO) {
  console.log(seeded ? "演示账号（首次启动已创建）：" : "演示账号：");
  for (const l of DEMO_LOGINS) console.log(`  ${l.role.padEnd(8, "　")} ${l.username.padEnd(14)} 密码 ${l.password}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await app.close();
    await database.close();
    process.exit(0);
  });
}
