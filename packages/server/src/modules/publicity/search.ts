/**
 * Chinese full-text search of published decisions (R-PUB-03, R-PUB-11): the redacted text is
 * segmented with jieba and stored as a `simple` tsvector; a query is segmented the same way and
 * its words ANDed. Only redacted text ever reaches the segmenter's output that is stored.
 */
import { sql, type SQL } from "drizzle-orm";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import type { PublicationFields } from "./tables.ts";

let jieba: Jieba | null = null;
/** One segmenter per process (loading the dictionary takes a fifth of a second). */
function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

/** A token worth indexing: holds a letter or a digit (punctuation and spaces are dropped). */
const WORD = /[\p{L}\p{N}]/u;
const MAX_QUERY_TOKENS = 16;
/** Longer runs (a pasted hash or code) are not words anyone searches for. */
const MAX_TOKEN_LENGTH = 64;

/** Index tokens of a text: words and their sub-words (`cutForSearch`), so a query for 保质期 or 保质 both match. */
export function indexTokens(text: string): string[] {
  if (!text.trim()) return [];
  return segmenter()
    .cutForSearch(text, true)
    .map((t) => t.trim())
    .filter((t) => WORD.test(t) && t.length <= MAX_TOKEN_LENGTH);
}

/** Query tokens: the query's words (`cut`), distinct, at most 16. */
export function queryTokens(q: string): string[] {
  if (!q.trim()) return [];
  const out: string[] = [];
  for (const t of segmenter().cut(q, true)) {
    const w = t.trim();
    if (WORD.test(w) && !out.includes(w)) out.push(w);
    if (out.length >= MAX_QUERY_TOKENS) break;
  }
  return out;
}

/**
 * The tsvector of a publication: agency, document number and the REDACTED fields (never the
 * original; the party's ID number is left out even redacted).
 */
export function searchVector(agencyName: string, documentNumber: string, f: PublicationFields): SQL {
  const text = [agencyName, documentNumber, f.title, f.partyName, f.conclusion, f.basis, f.facts, f.fullText].join("\n");
  return sql`to_tsvector('simple', ${indexTokens(text).join(" ")})`;
}

/** The tsquery of a search's words (`queryTokens`): every word must occur. Null when there are none. */
export function searchQuery(tokens: readonly string[]): SQL | null {
  return tokens.length ? sql`plainto_tsquery('simple', ${tokens.join(" ")})` : null;
}
