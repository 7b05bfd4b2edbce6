import path from "node:path";
import { loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { isEmpty, seedDemo } from "./seed/demo.ts";
import { ensureCalendar } from "./modules/calendar/service.ts";

/** Command line: `seed` loads the demo data into an empty database. */
const [command] = process.argv.slice(2);
const config = loadConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, "pglite"), poolSize: config.DB_POOL_SIZE });
let code = 0;
try {
  if (command === "seed") {
    if (!(await isEmpty(database.db))) {
      console.error("数据库不为空，未载入演示数据");
      code = 1;
    } else {
      await seedDemo(database.db);
      await ensureCalendar(database.db);
    }
  } else {
    console.error("usage: cli.ts seed");
    code = 2;
  }
} finally {
  await database.close();
}
process.exit(code);
