import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/client.ts";

/**
 * Embedded-database tests: migrates one PGlite database and dumps it to a file that every
 * test file opens a copy of (`createTestDatabase`): each file skips initdb and the migrations
 * (~2.5 s of a 4 s start).
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.ZHIFA_TEST_DB === "postgres") return async () => {};
  const file = path.join(os.tmpdir(), `zhifa-test-template-${process.pid}.tar`);
  const template = await openDatabase({ dataDir: "memory://" });
  fs.writeFileSync(file, Buffer.from(await (await template.dump!()).arrayBuffer()));
  await template.close();
  process.env.ZHIFA_TEST_PGLITE_TEMPLATE = file;
  return async () => fs.rmSync(file, { force: true });
}
