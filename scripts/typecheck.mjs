// Type-checks every TypeScript project, two at a time (CI has 2 cores); exits non-zero if any fails.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const projects = ["packages/server", "packages/web/e2e", "packages/web", "packages/domain"];
const run = (project) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["node_modules/typescript/bin/tsc", "-p", project], { stdio: "inherit" });
    child.on("exit", (code) => resolve(code === 0));
  });
const queue = [...projects];
const failed = [];
await Promise.all(
  Array.from({ length: Math.min(2, availableParallelism()) }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) if (!(await run(p))) failed.push(p);
  }),
);
if (failed.length) {
  console.error(`type errors in: ${failed.join(", ")}`);
  process.exit(1);
}
