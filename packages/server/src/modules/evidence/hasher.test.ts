import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Hasher } from "./hasher.ts";

describe("upload hasher (worker thread, reused batch buffers)", () => {
  const hasher = new Hasher();
  afterAll(() => hasher.close());

  it("gives each upload its own SHA-256 when chunks of several uploads interleave across many batches, and after a dropped one (R-REC-06)", async () => {
    const data = [crypto.randomBytes(13 * 1024 * 1024 + 17), crypto.randomBytes(9 * 1024 * 1024 + 5), crypto.randomBytes(6 * 1024 * 1024)];
    const at = [0, 0, 0];
    const keys = ["a", "b", "dropped"];
    let turn = 0;
    while (at.some((n, i) => n < data[i]!.length)) {
      const i = turn++ % 3;
      if (at[i]! >= data[i]!.length) continue;
      const n = 1 + crypto.randomInt(700 * 1024);
      const chunk = Buffer.from(data[i]!.subarray(at[i], at[i]! + n)); // the caller reuses its buffer:
      hasher.update(keys[i]!, chunk);
      chunk.fill(0); // what was handed over must have been copied already
      at[i] = Math.min(at[i]! + n, data[i]!.length);
      if (i === 2 && at[2]! > 5 * 1024 * 1024) {
        hasher.drop("dropped");
        at[2] = data[2]!.length;
      }
      await hasher.ready();
    }
    const expected = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
    expect(await hasher.digest("a")).toBe(expected(data[0]!));
    expect(await hasher.digest("b")).toBe(expected(data[1]!));
    // a key used again after its digest starts afresh
    hasher.update("a", data[1]!.subarray(0, 1000));
    expect(await hasher.digest("a")).toBe(expected(data[1]!.subarray(0, 1000)));
    expect(await hasher.digest("never-written")).toBe(expected(Buffer.alloc(0)));
  });
});
