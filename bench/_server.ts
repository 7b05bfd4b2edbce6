import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateLedgerKeys } from "../packages/server/src/modules/ledger/keys.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BenchServer {
  base: string;
  port: number;
  process: ChildProcess;
  /** Logs a demo user in: the session cookie, the CSRF token and the user's agency. */
  login(username: string): Promise<{ cookie: string; csrf: string; agencyId: string }>;
  stop(): Promise<void>;
}

/**
 * One server process (`npm start`'s entry) on the bench's PostgreSQL with the demo data but no
 * demo cases, fresh ledger keys, on a random port; resolves when /healthz answers.
 * BENCH_PROFILE=<dir> writes a CPU profile.
 */
export async function startBenchServer(url: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const keys = generateLedgerKeys();
  const port = 3900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE] : []), "--import", "tsx", "packages/server/src/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), LOG_LEVEL: "warn", SEED_DEMO: "true", DEMO_CASES: "0", LEDGER_ED25519_KEY: keys.ed25519PrivateKey, LEDGER_SM2_KEY: keys.sm2PrivateKey, ...env },
    stdio: ["ignore", process.env.BENCH_SERVER_STDOUT ? "inherit" : "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 900 || child.exitCode !== null) {
      await stop();
      throw new Error("server did not start");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    port,
    process: child,
    stop,
    async login(username) {
      const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "zhifa2026demo" }) });
      if (!res.ok) throw new Error(`login ${username} failed: ${res.status}`);
      const body = (await res.json()) as { csrfToken: string; agency: { id: string } };
      return { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0]!, csrf: body.csrfToken, agencyId: body.agency.id };
    },
  };
}
