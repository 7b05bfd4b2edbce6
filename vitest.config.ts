import { defineConfig } from "vitest/config";

// a file that would start in the last minutes of the day in Shanghai waits for midnight (dates)
const MIDNIGHT = "packages/server/test/midnight.ts";

// Three projects: "unit" (pure + integration on embedded PGlite), "integration" (the same
// integration tests, on a real PostgreSQL the harness starts), "browser" (Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // one module graph per worker, not per file: importing the server's modules was half
          // the run (hooks are registered at module level, once per graph: safe to share)
          isolate: false,
          include: ["packages/*/src/**/*.test.ts"],
          // the migrated embedded database, dumped once; each file opens a copy
          globalSetup: ["packages/server/test/pglite-global-setup.ts"],
          setupFiles: [MIDNIGHT],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "integration",
          isolate: false,
          include: ["packages/server/src/**/*.test.ts"],
          globalSetup: ["packages/server/test/pg-global-setup.ts"],
          setupFiles: [MIDNIGHT],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["packages/web/e2e/**/*.e2e.ts"],
          // the demo database, seeded once; each file's server opens a copy
          globalSetup: ["packages/web/e2e/demo-database.ts"],
          setupFiles: [MIDNIGHT],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // two files at a time on 2 cores: each starts its own in-process server (in-memory PGlite, port 0)
          maxWorkers: 2,
        },
      },
    ],
  },
});
