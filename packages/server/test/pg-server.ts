import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
/**
 * Starts a throw-away PostgreSQL server from local binaries (initdb/pg_ctl on PATH or under
 * /usr/lib/postgresql/<v>/bin) in a temporary folder on a free loopback port, migrates a
 * template database that every test file clones, and stops it afterwards.
 */
function findBin(name: string): string {
  const onPath = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const candidate = path.join(base, v, "bin", name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`PostgreSQL binary "${name}" not found on PATH or under ${base}/*/bin: install postgresql (the .ci/run script does)`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface TempPostgres {
  /** postgres://zhifa@127.0.0.1:<port> (append /<database>) */
  base: string;
  /** The same server through its Unix socket: postgres://zhifa@%2F<dir>:<port> (append /<database>) */
  socketBase: string;
  stop(): void;
}

/** Starts a throw-away PostgreSQL server; `stop()` kills it and removes its folder. */
export async function startTempPostgres(): Promise<TempPostgres> {
  const initdb = findBin("initdb");
  const pgCtl = findBin("pg_ctl");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-pg-"));
  const dataDir = path.join(dir, "data");
  // PostgreSQL refuses to run as root: run it as the postgres (or nobody) user then.
  const asRoot = process.getuid?.() === 0;
  const runAs = asRoot ? (spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody") : null;
  if (runAs) execFileSync("chown", ["-R", runAs, dir]);
  const run = (bin: string, args: string[]) =>
    runAs ? execFileSync("runuser", ["-u", runAs, "--", bin, ...args], { stdio: "pipe" }) : execFileSync(bin, args, { stdio: "pipe" });
  run(initdb, ["-D", dataDir, "-U", "zhifa", "--auth=trust", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  run(pgCtl, ["-D", dataDir, "-l", path.join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`, "start"]);
  return {
    base: `postgres://zhifa@127.0.0.1:${port}`,
    socketBase: `postgres://zhifa@${encodeURIComponent(dir)}:${port}`,
    stop: () => {
      try {
        run(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
