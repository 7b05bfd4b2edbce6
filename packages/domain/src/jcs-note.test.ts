import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalize, CanonicalError } from "./jcs.ts";
import { formatCheckpoint, NoteError, parseCheckpoint, parseNote } from "./note.ts";
import { fromBase64, fromHex, toBase64, toHex } from "./bytes.ts";
import { completeSubtrees, consistencyRanges, inclusionRanges, parseTilePath, tilePath } from "./tiles.ts";

describe("RFC 8785 canonical JSON (ledger entries, R-REC-02)", () => {
  it("sorts keys by UTF-16 code units and writes numbers as ECMAScript does (RFC 8785 §3.2.3 example)", () => {
    const input = { "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis" };
    expect([...canonicalize(input).matchAll(/":"([^"]+)"/g)].map((m) => m[1])).toEqual(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"]);
    expect(canonicalize({ numbers: [Number("333333333.33333329"), 1e30, 4.5, 2e-3, 0.000000000000000000000000001], literals: [null, true, false] })).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}');
    expect(canonicalize({ b: { y: 1, x: [2, { d: 1, c: 2 }] }, a: "执法" })).toBe('{"a":"执法","b":{"x":[2,{"c":2,"d":1}],"y":1}}');
  });

  it("refuses what JSON cannot carry", () => {
    expect(() => canonicalize({ x: Number.NaN })).toThrow(CanonicalError);
    expect(() => canonicalize({ x: Infinity })).toThrow(CanonicalError);
    expect(() => canonicalize({ x: new Date() })).toThrow(CanonicalError);
    expect(() => canonicalize("\ud800")).toThrow(CanonicalError);
  });

  it("is stable under key order and round trips through JSON.parse (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalize(v);
        expect(canonicalize(JSON.parse(c))).toBe(c);
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkpoints and signed notes (C2SP)", () => {
  const root = new Uint8Array(32).fill(7);
  it("formats and parses a checkpoint", () => {
    const text = formatCheckpoint({ origin: "zhifa.example/ledger", size: 42, root, extensions: [] });
    expect(text).toBe(`zhifa.example/ledger\n42\n${toBase64(root)}\n`);
    expect(parseCheckpoint(text)).toEqual({ origin: "zhifa.example/ledger", size: 42, root, extensions: [] });
  });

  it.each([
    ["no final newline", "o\n1\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="],
    ["leading zero size", "o\n01\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"],
    ["short root", "o\n1\nBwcH\n"],
    ["empty origin", "\n1\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"],
  ])("rejects a checkpoint with %s", (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(NoteError);
  });

  it("rejects malformed notes", () => {
    expect(() => parseNote("text\n")).toThrow(/空行/);
    expect(() => parseNote("text\n\n— name notbase64!\n")).toThrow(/签名行/);
    expect(() => parseNote("te\u0001xt\n\n— name AAAAAAAA\n")).toThrow(/控制字符/);
  });
});

describe("bytes, tiles and proof ranges", () => {
  it("base64 and hex round trip, strictly", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => toHex(fromBase64(toBase64(b))!) === toHex(b) && toHex(fromHex(toHex(b))!) === toHex(b)));
    expect(fromBase64("AB==")).toBeNull(); // stray bits
    expect(fromBase64("A")).toBeNull();
    expect(fromHex("0g")).toBeNull();
  });

  it("tile paths round trip (C2SP tlog-tiles)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 256 }), (index, level, width) => {
      expect(parseTilePath(tilePath(level, index, width).slice(5))).toEqual({ level, index, width });
    }));
  });

  it("proof ranges decompose into complete subtrees that exactly cover them", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), (size, seed) => {
      const index = seed % size;
      for (const [a, b] of [...inclusionRanges(index, size), ...consistencyRanges(Math.max(1, index), size)]) {
        let at = a;
        for (const s of completeSubtrees(a, b)) {
          expect(s.index * 2 ** s.level).toBe(at);
          at += 2 ** s.level;
        }
        expect(at).toBe(b);
      }
    }));
  });
});
