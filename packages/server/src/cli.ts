import path from "node:path";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { isEmpty, seedDemo } from "./seed/demo.ts";
import { ensureCalendar } from "./modules/calendar/service.ts";
import { generateLedgerKeys, ledgerSigning, LedgerKeyError, loadLedgerKeys, serverVerifier } from "./modules/ledger/keys.ts";
import { fsckLedger } from "./modules/ledger/fsck.ts";
import { defaultKeyFile } from "./modules/ledger/setup.ts";

const USAGE = `用法 usage:
  zhifa seed                    载入演示数据（空数据库）/ load the demo data into an empty database
  zhifa ledger fsck [--key K]…  检查账本 / re-derive every root, checkpoint and chain of the ledger
  zhifa ledger keygen           生成账本签名密钥（JSON）/ print a new ledger key file (JSON)`;

/** The command line: `seed`, `ledger fsck`, `ledger keygen`. */
async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === "ledger" && sub === "keygen") {
    console.log(JSON.stringify(generateLedgerKeys(), null, 2));
    return 0;
  }
  if (command !== "seed" && !(command === "ledger" && sub === "fsck")) {
    console.error(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, "pglite"), poolSize: config.DB_POOL_SIZE });
  try {
    if (command === "seed") {
      if (!(await isEmpty(database.db))) {
        console.error("数据库不为空，未载入演示数据");
        return 1;
      }
      await seedDemo(database.db);
      await ensureCalendar(database.db);
      return 0;
    }
    // ledger fsck: with --key verifier keys (public only), or this deployment's configured keys
    const keys = rest.flatMap((a, i) => (rest[i - 1] === "--key" ? [a] : []));
    let verifiers;
    try {
      verifiers = keys.length
        ? keys.map(serverVerifier)
        : ledgerSigning(config.LEDGER_ORIGIN, loadLedgerKeys({ ed25519: config.LEDGER_ED25519_KEY, sm2: config.LEDGER_SM2_KEY, file: defaultKeyFile(config), generate: false })).verifiers;
    } catch (e) {
      if (e instanceof LedgerKeyError || (e as Error).name === "NoteError") {
        console.error((e as Error).message);
        return 2;
      }
      throw e;
    }
    const origin = keys.length ? verifiers[0]!.name : config.LEDGER_ORIGIN;
    let lastShown = 0;
    const result = await fsckLedger(database.db, {
      verifiers,
      origin,
      onProgress: (done, total) => {
        if (done - lastShown >= 100_000 || done === total) {
          lastShown = done;
          process.stderr.write(`  已检查 checked ${done}/${total}\n`);
        }
      },
    });
    const counts = `${result.leaves} 个叶子 leaves, ${result.entries} 条条目 entries, ${result.checkpoints} 个检查点 checkpoints, ${result.chains} 条链 chains`;
    if (result.ok) {
      console.log(`账本检查通过 ledger fsck OK: ${counts}`);
      return 0;
    }
    console.log(`账本检查失败 ledger fsck FAILED: ${result.problem}`);
    console.log(`  （已检查 checked before the problem: ${counts}）`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exit(await main(process.argv.slice(2)));
