import path from "node:path";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { isEmpty, seedDemo } from "./seed/demo.ts";
import { ensureCalendar } from "./modules/calendar/service.ts";
import { generateLedgerKeys, ledgerSigning, LedgerKeyError, loadLedgerKeys, serverVerifier } from "./modules/ledger/keys.ts";
import { fsckLedger } from "./modules/ledger/fsck.ts";
import { defaultKeyFile } from "./modules/ledger/setup.ts";
import { BundleReadError, readKeysFile, verifyBundleFile } from "./modules/casefile/verify.ts";
import { BlobStoreError, LocalBlobStore, blobStoreFromConfig, copyBlobs, evidenceRoot, type BlobStore } from "./modules/evidence/blobs.ts";
import { fsckBlobs } from "./modules/evidence/fsck.ts";
import fs from "node:fs";

const USAGE = `用法 usage:
  zhifa seed                    载入演示数据（空数据库）/ load the demo data into an empty database
  zhifa ledger fsck [--key K]…  检查账本 / re-derive every root, checkpoint and chain of the ledger
  zhifa ledger keygen           生成账本签名密钥（JSON）/ print a new ledger key file (JSON)
  zhifa verify <bundle.zip> (--key K … | --keys FILE) [--later-checkpoint FILE --consistency-proof FILE]
                                离线验证电子卷宗 / verify an exported case file offline
  zhifa blobs copy              把本地证据文件复制到 S3 存储桶（BLOB_STORE=s3 与 S3_* 配置）/
                                copy the local evidence files into the configured bucket
  zhifa blobs fsck [--deep]     检查记录所指的每个文件都在存储中（--deep：逐个重算哈希）/
                                check every file the records point at is stored (--deep: re-hash each)`;

/** The command line: `seed`, `ledger fsck`, `ledger keygen`, `verify`, `blobs copy`, `blobs fsck`. */
async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === "verify") return verifyCommand([sub, ...rest].filter((a): a is string => a !== undefined));
  if (command === "ledger" && sub === "keygen") {
    console.log(JSON.stringify(generateLedgerKeys(), null, 2));
    return 0;
  }
  if (command === "blobs" && sub === "copy") return blobsCopyCommand();
  if (command !== "seed" && !(command === "ledger" && sub === "fsck") && !(command === "blobs" && sub === "fsck")) {
    console.error(USAGE);
    return 2;
  }
  const config = configOrNull();
  if (!config) return 2;
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
    if (command === "blobs") return await blobsFsckCommand(config, database.db, rest.includes("--deep"));
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

/** `zhifa verify`: no configuration, no database, no network (R-REC-07). */
async function verifyCommand(args: string[]): Promise<number> {
  const opt = (name: string) => args.flatMap((a, i) => (args[i - 1] === name ? [a] : []));
  const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  let vkeys: string[];
  try {
    vkeys = [...opt("--key"), ...opt("--keys").flatMap(readKeysFile)];
  } catch (e) {
    console.error(`无法读取公钥文件 cannot read the keys file: ${(e as Error).message}`);
    return 2;
  }
  if (!file || vkeys.length === 0) {
    console.error("用法 usage: zhifa verify <bundle.zip> --key <公钥 verifier key> [--key …] | --keys <file>\n请用 --key 指定您信任的账本公钥（可在平台“账本验证”页面取得）/ give the log's public keys you trust");
    return 2;
  }
  let later: { note: string; proof: string[] } | undefined;
  const [laterFile] = opt("--later-checkpoint");
  const [proofFile] = opt("--consistency-proof");
  try {
    if (laterFile) later = { note: fs.readFileSync(laterFile, "utf8"), proof: proofFile ? ((JSON.parse(fs.readFileSync(proofFile, "utf8")) as { proof: string[] }).proof ?? []) : [] };
    const v = await verifyBundleFile(file, { vkeys, later });
    if (v.ok) {
      console.log(`卷宗验证通过 VERIFIED: ${v.entries} 条记录 entries, ${v.files} 个证据文件 files; 检查点 checkpoint ${v.checkpoint!.origin} 大小 size ${v.checkpoint!.size}, 签名 signed by ${v.signedBy.join(" + ")}${later ? "; 与后来的检查点一致 consistent with the later checkpoint" : ""}`);
      return 0;
    }
    console.log(`卷宗验证未通过 NOT VERIFIED: ${v.problem!.item}: ${v.problem!.zh} / ${v.problem!.en}`);
    return 1;
  } catch (e) {
    if (e instanceof BundleReadError || (e as Error).name === "NoteError" || (e as NodeJS.ErrnoException).code === "ENOENT") {
      console.error(`无法读取 cannot read: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}

/** The configuration, or null after saying in Chinese and English what is wrong with it. */
function configOrNull(): Config | null {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return null;
    }
    throw e;
  }
}


const PROBLEM_TEXT = { missing: "文件不在存储中 / missing from the store", size: "大小与记录不符 / size differs from the record", damaged: "内容与哈希不符（已损坏）/ content does not match its hash" };

/**
 * `zhifa blobs fsck [--deep]`: every evidence file and assembled case file the database points
 * at is in the configured store with its size (--deep: and hashes to its SHA-256). Exit 0 when
 * all are, 1 naming each problem with the records it hurts, 2 when the store cannot be reached.
 */
async function blobsFsckCommand(config: Config, db: Database["db"], deep: boolean): Promise<number> {
  return withBlobStore(blobStoreFromConfig(config), async (blobs) => {
    const result = await fsckBlobs(db, blobs, {
      deep,
      onFile: (sha256, problem) => {
        if (problem) console.error(`${PROBLEM_TEXT[problem.problem]}: ${sha256}（记录 ${problem.expectedSize} 字节${problem.actualSize !== null && problem.actualSize !== problem.expectedSize ? `，存储 ${problem.actualSize} 字节` : ""}）\n  ${problem.refs.join("\n  ")}`);
      },
    });
    console.log(`检查文件 files ${result.files}（记录 records ${result.records}${deep ? "，已逐个重算哈希 re-hashed" : ""}），问题 problems ${result.problems.length}（${whereIs(blobs)}）`);
    return result.problems.length ? 1 : 0;
  });
}

/** A store checked before use and closed after; one it cannot reach is exit 2 with its message. */
async function withBlobStore(store: BlobStore, fn: (store: BlobStore) => Promise<number>): Promise<number> {
  try {
    await store.check();
    return await fn(store);
  } catch (e) {
    if (e instanceof BlobStoreError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  } finally {
    await store.close();
  }
}

/** Where a store keeps its files: the folder or the bucket and prefix. */
const whereIs = (store: BlobStore): string => store.locate("0".repeat(64)).replace(/blobs\/.*$/, "");

/**
 * `zhifa blobs copy`: when a deployment moves its finished evidence files to a bucket, copies
 * those of the local folder (EVIDENCE_DIR or DATA_DIR/evidence) into the bucket the S3_*
 * settings name, checking each against its hash. Run again after an interruption: what the
 * bucket has is skipped. Exit 0 when every file is in the bucket, 1 naming the damaged ones.
 */
async function blobsCopyCommand(): Promise<number> {
  const config = configOrNull();
  if (!config) return 2;
  if (config.BLOB_STORE !== "s3") {
    console.error("请设置 BLOB_STORE=s3 及 S3_BUCKET 等存储桶配置 / set BLOB_STORE=s3 and the S3_* settings of the target bucket");
    return 2;
  }
  const root = evidenceRoot(config);
  return withBlobStore(blobStoreFromConfig(config), async (target) => {
    const result = await copyBlobs(new LocalBlobStore(root), target, path.join(root, "tmp"), (sha256, outcome) => {
      if (outcome === "corrupt") console.error(`内容与哈希不符，未复制 / content does not match its hash, not copied: ${sha256}`);
    });
    console.log(`已复制 copied ${result.copied}，已存在 already there ${result.present}，损坏 damaged ${result.corrupt.length}（${root} → ${whereIs(target)}）`);
    return result.corrupt.length ? 1 : 0;
  });
}

// last: every declaration above is initialised before the command runs
process.exit(await main(process.argv.slice(2)));
