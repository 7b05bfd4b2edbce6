import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/harness.ts";
import { buildAgency, buildUser, loginAs } from "../../../test/factories.ts";

// A deployment with a small upload limit, so "a huge file" is cheap to build.
const { app, database } = await setupTestApp({ IMPORT_MAX_BYTES: 4096 });
const db = database.db;

describe("import size limit (R-DX-03)", () => {
  it("refuses a file over IMPORT_MAX_BYTES with payload_too_large and imports nothing", async () => {
    const agency = await buildAgency(db);
    const admin = await loginAs(app, await buildUser(db, agency, ["admin"]));
    const boundary = "----zhifahuge";
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64 * 1024, 1)]);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      big,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await admin.request({
      method: "POST",
      url: `/api/lists/random-inspection/import?agencyId=${agency.id}`,
      payload,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.id).toBe("payload_too_large");
    expect((await admin.get(`/api/lists/random-inspection?agencyId=${agency.id}`)).json().total).toBe(0);
  });
});
