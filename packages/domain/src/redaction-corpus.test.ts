import { describe, expect, it } from "vitest";
import { REDACTION_CORPUS } from "./redaction-corpus.ts";
import { redactText } from "./redaction.ts";

describe("redaction corpus: realistic decision texts (R-PUB-05)", () => {
  it("holds at least 12 texts, each with planted data or as a control (R-PUB-05)", () => {
    expect(REDACTION_CORPUS.length).toBeGreaterThanOrEqual(12);
    for (const c of REDACTION_CORPUS) {
      // Every planted datum really is in the original text.
      for (const datum of c.planted) expect(c.text, `${c.title}: ${datum}`).toContain(datum);
    }
  });

  describe.each(REDACTION_CORPUS.map((c) => [c.title, c] as const))("%s", (_title, c) => {
    const result = redactText(c.text, c.options);

    it("gives exactly the expected published text (R-PUB-05)", () => {
      expect(result.text).toBe(c.expected);
    });

    it("lets no planted personal datum survive (R-PUB-05)", () => {
      for (const datum of c.planted) expect(result.text, datum).not.toContain(datum);
    });

    it("reports hits that point at the original text and rebuild the output (R-PUB-05)", () => {
      let rebuilt = "";
      let cursor = 0;
      for (const hit of result.hits) {
        expect(c.text.slice(hit.start, hit.end)).toBe(hit.original);
        expect(hit.start).toBeGreaterThanOrEqual(cursor);
        rebuilt += c.text.slice(cursor, hit.start) + hit.replacement;
        cursor = hit.end;
      }
      expect(rebuilt + c.text.slice(cursor)).toBe(result.text);
      if (c.planted.length === 0) expect(result.hits).toEqual([]);
    });

    it("is idempotent (R-PUB-05)", () => {
      expect(redactText(result.text, c.options)).toEqual({ text: result.text, hits: [] });
    });
  });
});
