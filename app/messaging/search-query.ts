// What a person typed into Search, made safe for SQLite FTS5 (issue 14). FTS5 reads its MATCH
// text as a query language: quotes, `*`, `-`, `:`, `^`, brackets and the words AND, OR, NOT and
// NEAR all mean something, and a stray one is a syntax error (DESIGN.md, "Known traps"). So the
// words are never passed raw: the text is cut into words the way the index's tokenizer
// (unicode61) cuts messages, and each word becomes a quoted prefix term, all of them required.
// Pure: tested in tests/unit/messaging/search-query.test.ts.
import { InputError } from "~/models/errors";
import { TEXT_LIMITS } from "~/models/text-limits";

/** Words this long or shorter are matched whole, not as prefixes. */
export const SHORT_WORD = 2;

/** At most this many words are searched for together; more would only ever narrow to nothing. */
export const MAX_SEARCH_TERMS = 8;

/**
 * The words of a search, lower-cased, each once, in the order typed: runs of letters, digits and
 * combining marks, as FTS5's unicode61 tokenizer separates them (so "K+" is "k", "obs," is
 * "obs" and "NEWS2" is "news2").
 */
export function searchWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  return [...new Set(words)];
}

/**
 * The FTS5 MATCH expression for what was typed: each word a quoted prefix term ("obs" finds
 * "obs" and "observations"), but a word of one or two letters only itself, all required. Double quotes cannot occur inside a word, but any
 * would be doubled, FTS5's own escape.
 *
 * @throws InputError when the text is longer than TEXT_LIMITS.searchQuery, holds no word, or
 *   more than MAX_SEARCH_TERMS words.
 */
export function matchExpression(text: string): string {
  if (text.length > TEXT_LIMITS.searchQuery)
    throw new InputError(`A search must be ${TEXT_LIMITS.searchQuery} characters or fewer.`, "q");
  const words = searchWords(text);
  if (words.length === 0) throw new InputError("Type a word to search for.", "q");
  if (words.length > MAX_SEARCH_TERMS)
    throw new InputError(`Search for at most ${MAX_SEARCH_TERMS} words at once.`, "q");
  // A word of one or two letters ("k", "iv") is matched whole: as a prefix it would match most of
  // the index and make one search slow for everyone (the server answers one request at a time).
  return words
    .map((w) => `"${w.replaceAll('"', '""')}"${w.length > SHORT_WORD ? "*" : ""}`)
    .join(" ");
}

/** A piece of a search result's text: `hit` where it matched what was searched for. */
export type SnippetPart = { text: string; hit: boolean };

/** The marks that FTS5's snippet() puts around each match (control characters no one types). */
export const HIT_START = "\u0002";
export const HIT_END = "\u0003";

/**
 * Splits a snippet marked with HIT_START and HIT_END into plain and matched pieces, so the page
 * can show matches in <mark> without ever rendering the text as HTML. Empty pieces are dropped.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  let text = "";
  const flush = () => {
    if (text) parts.push({ text, hit });
    text = "";
  };
  for (const ch of snippet) {
    if (ch === HIT_START || ch === HIT_END) {
      flush();
      hit = ch === HIT_START;
    } else text += ch;
  }
  flush();
  return parts;
}
