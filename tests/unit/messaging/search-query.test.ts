// What a person types into Search becomes FTS5 terms that cannot be a syntax error (issue 14).
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  HIT_END,
  HIT_START,
  matchExpression,
  searchWords,
  snippetParts,
} from "~/messaging/search-query";

describe("searchWords", () => {
  it("cuts words as the unicode61 tokenizer does, lower-cased and each once", () => {
    expect(searchWords("")).toEqual([]);
    expect(searchWords("  ***  ")).toEqual([]);
    expect(searchWords("K+ 5.1")).toEqual(["k", "5", "1"]);
    expect(searchWords("NEWS2 obs, Obs; OBS")).toEqual(["news2", "obs"]);
    expect(searchWords('"bay" AND (bed) NEAR/3 -x:y')).toEqual([
      "bay",
      "and",
      "bed",
      "near",
      "3",
      "x",
      "y",
    ]);
    expect(searchWords("Café naïve")).toEqual(["café", "naïve"]);
  });
});

describe("matchExpression", () => {
  it("makes each word a quoted prefix term, all required", () => {
    expect(matchExpression("bloods Obs")).toBe('"bloods"* "obs"*');
    // One or two letters match only themselves: as prefixes they would match most of the index.
    expect(matchExpression("K iv obs")).toBe('"k" "iv" "obs"*');
    expect(matchExpression("obs AND bloods")).toBe('"obs"* "and"* "bloods"*');
  });

  it("refuses a search with no words, too many, or too long, with a message", () => {
    expect(() => matchExpression(" -- ")).toThrow("Type a word to search for.");
    expect(() => matchExpression("a b c d e f g h i")).toThrow(
      "Search for at most 8 words at once.",
    );
    expect(() => matchExpression("x".repeat(201))).toThrow(
      "A search must be 200 characters or fewer.",
    );
  });

  it("never makes an FTS5 syntax error, whatever is typed", () => {
    const db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
    db.prepare("INSERT INTO t (body) VALUES (?)").run("obs and bloods (K+ 5.1) near bay");
    const query = db.prepare("SELECT count(*) AS n FROM t WHERE t MATCH ?");
    const hostile = [
      '"',
      '""',
      "AND",
      "OR obs",
      "NOT",
      "NEAR(obs bloods)",
      "(",
      ")",
      "*",
      "obs*",
      "^obs",
      "body:obs",
      "-obs",
      "+",
      "obs OR",
      "{body}: obs",
      "a\u0000b",
      "\u2028obs",
    ];
    for (const text of hostile) {
      let expression: string;
      try {
        expression = matchExpression(text);
      } catch (error) {
        expect((error as Error).message).toBe("Type a word to search for.");
        continue;
      }
      expect(() => query.get(expression), text).not.toThrow();
    }
    expect((query.get(matchExpression("K+ near")) as { n: number }).n).toBe(1);
    expect((query.get(matchExpression("blo OBS")) as { n: number }).n).toBe(1);
    db.close();
  });
});

describe("snippetParts", () => {
  it("splits marked text into plain and matched pieces", () => {
    expect(snippetParts(`…take ${HIT_START}bloods${HIT_END} at ${HIT_START}10${HIT_END}`)).toEqual([
      { text: "…take ", hit: false },
      { text: "bloods", hit: true },
      { text: " at ", hit: false },
      { text: "10", hit: true },
    ]);
    expect(snippetParts("")).toEqual([]);
  });
});
