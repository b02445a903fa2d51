// Message search (issue 14): FTS5 kept by triggers on messages, searched only over what each
// person may read now. The central test builds random conversations and messages for several
// people, with edits, deletions, a person leaving a group and a shift reassigned, and checks
// that every search equals a plain LIKE scan over what each person may read.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { conversations, messages } from "~/db/schema.server";
import { mayRead } from "~/messaging/conversation-access.server";
import {
  createGroup,
  leaveGroup,
  openDirectConversation,
  openShiftThread,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { deleteMessage, editMessage } from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { searchMessages } from "~/messaging/search.server";
import { SHORT_WORD } from "~/messaging/search-query";
import type { Actor } from "~/models/accounts/permissions";
import { changeShift } from "~/models/rota/shifts.server";
import { actorFor } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

/** A small seeded generator (mulberry32), so a failure can be run again exactly. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words of a ward's messages; none is found inside another except at its start ("obs" starts
// "observations"), which is what a prefix search should find.
const VOCABULARY = [
  "bloods",
  "obs",
  "observations",
  "bay",
  "bed",
  "lactate",
  "physio",
  "discharge",
  "keys",
  "office",
  "cover",
  "Saturday",
  "night",
  "sepsis",
  "review",
  "fluids",
];

let clients = 0;
function send(actor: Actor, conversationId: string, body: string, at: Date) {
  return sendMessage({ actor, conversationId, clientId: `s${clients++}`, body, now: at }).message;
}

/** Every page of a search, newest first. */
function searchAll(actor: Actor, query: string): string[] {
  const ids: string[] = [];
  let before: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = searchMessages({ actor, query, before, limit: 7 });
    ids.push(...page.results.map((r) => r.messageId));
    if (!page.older) return ids;
    before = page.older;
  }
  throw new Error("too many pages");
}

/**
 * The same search done the slow, obvious way: every conversation in the database that the
 * person may read now, every message in them whose text has each word at the start of a word
 * (or, for one or two letters, as a whole word; the bodies are words separated by single
 * spaces), newest first.
 */
function scan(actor: Actor, query: string): string[] {
  const db = getDb();
  const readable = db
    .select()
    .from(conversations)
    .all()
    .filter((c) => mayRead(actor, c))
    .map((c) => c.id);
  if (readable.length === 0) return [];
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const where = words.map(() => "(' ' || body || ' ') LIKE ?").join(" AND ");
  const rows = db.$client
    .prepare(
      `SELECT id FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?)) AND ${where}
       ORDER BY created_at DESC, id DESC`,
    )
    .all(
      JSON.stringify(readable),
      // A word of one or two letters is searched for whole; a longer one as a word's start.
      ...words.map((word) => (word.length <= SHORT_WORD ? `% ${word} %` : `% ${word}%`)),
    ) as { id: string }[];
  return rows.map((r) => r.id);
}

describe("search equals a scan of what each person may read", () => {
  it("for random messages, edits, deletions, a person leaving a group and a reassigned shift", () => {
    const next = random(20261201);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
    const nia = actorFor(w.nia.id);
    const omar = actorFor(w.omar.id);
    const pat = actorFor(w.pat.id);
    const cal = actorFor(w.cal.id);
    const { shiftIds } = w.rota("2028-01-03", "2028-01-09", [
      { userId: w.nia.id, type: w.types.N, date: "2028-01-04" },
      { userId: w.omar.id, type: w.types.E, date: "2028-01-04" },
    ]);
    const night = openShiftThread({
      actor: nia,
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2028-01-04",
    });
    const early = openShiftThread({
      actor: omar,
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: "2028-01-04",
    });
    const channel = openTeamChannel({ actor: nia, teamId: w.ward });
    const dm = openDirectConversation({ actor: nia, userId: w.omar.id });
    const group = createGroup({ actor: pat, name: "Bay 3", userIds: [w.nia.id, w.cal.id] });
    const writers = new Map<string, Actor[]>([
      [night.id, [nia, w.manager()]],
      [early.id, [omar]],
      [channel.id, [nia, omar, pat, cal]],
      [dm.id, [nia, omar]],
      [group.id, [pat, nia, cal]],
    ]);
    const start = Date.now() - 10 * 60_000;
    const sent: { id: string; sender: Actor; conversationId: string; at: Date }[] = [];
    for (let i = 0; i < 240; i++) {
      const conversationId = pick([...writers.keys()]);
      const sender = pick(writers.get(conversationId) ?? []);
      const words = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(VOCABULARY));
      // Some messages share a millisecond: the order then falls to the id.
      const at = new Date(start + Math.floor(i / 2) * 1000);
      sent.push({
        id: send(sender, conversationId, words.join(" "), at).id,
        sender,
        conversationId,
        at,
      });
    }
    for (const m of sent.filter(() => next() < 0.1)) {
      editMessage({
        actor: m.sender,
        conversationId: m.conversationId,
        messageId: m.id,
        body: `${pick(VOCABULARY)} ${pick(VOCABULARY)}`,
        now: new Date(m.at.getTime() + 60_000),
      });
    }
    for (const m of sent.filter(() => next() < 0.1)) {
      const row = getDb().select().from(messages).where(eq(messages.id, m.id)).get();
      if (row?.deletedAt) continue;
      deleteMessage({ actor: m.sender, conversationId: m.conversationId, messageId: m.id });
    }
    leaveGroup({ actor: cal, conversationId: group.id });
    // Omar comes off the early shift and Pat goes on: Pat reads its history, Omar nothing.
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[1] ?? "",
      userId: w.pat.id,
      shiftTypeId: w.types.E,
      date: "2028-01-04",
    });

    const people = [nia, omar, pat, cal, w.manager(), actorFor(w.outsider.id)];
    const queries = [
      ...VOCABULARY,
      "ob",
      "be",
      "obs bay",
      "bloods review",
      "SEPSIS",
      "lac",
      "night cover keys",
    ];
    let found = 0;
    for (const person of people) {
      for (const query of queries) {
        const expected = scan(person, query);
        expect(searchAll(person, query), `${person.name}: ${query}`).toEqual(expected);
        found += expected.length;
      }
    }
    // The comparison is worth something only if searches find things.
    expect(found).toBeGreaterThan(500);
    expect(searchAll(cal, "bloods").length).toBeGreaterThan(0);
    expect(searchAll(omar, "night").length).toBeGreaterThan(0);
  });
});

describe("what search never finds", () => {
  it("drops a deleted message at once and finds an edited one by its new words only", () => {
    const nia = actorFor(w.nia.id);
    const dm = openDirectConversation({ actor: nia, userId: w.pat.id });
    const gone = send(nia, dm.id, "zebrafish bloods in bay 4", new Date());
    const changed = send(nia, dm.id, "zebrafish obs due", new Date());
    expect(searchAll(nia, "zebrafish").sort()).toEqual([gone.id, changed.id].sort());
    deleteMessage({ actor: nia, conversationId: dm.id, messageId: gone.id });
    editMessage({ actor: nia, conversationId: dm.id, messageId: changed.id, body: "walrus obs" });
    expect(searchAll(nia, "zebrafish")).toEqual([]);
    expect(searchAll(actorFor(w.pat.id), "walrus")).toEqual([changed.id]);
    const indexed = getDb()
      .$client.prepare("SELECT count(*) AS n FROM message_search_rows WHERE message_id = ?")
      .get(gone.id) as { n: number };
    expect(indexed.n).toBe(0);
  });

  it("gives a person who left a group nothing from it", () => {
    const pat = actorFor(w.pat.id);
    const group = createGroup({ actor: pat, name: "Quokka", userIds: [w.omar.id] });
    send(pat, group.id, "quokka handover at seven", new Date());
    expect(searchAll(actorFor(w.omar.id), "quokka")).toHaveLength(1);
    leaveGroup({ actor: actorFor(w.omar.id), conversationId: group.id });
    expect(searchAll(actorFor(w.omar.id), "quokka")).toEqual([]);
  });

  it("turns FTS5 syntax into plain words, never an error", () => {
    const nia = actorFor(w.nia.id);
    const dm = openDirectConversation({ actor: nia, userId: w.omar.id });
    send(nia, dm.id, 'NEAR the obs AND bloods (K+ 5.1) "urgent"', new Date());
    for (const query of [
      '"',
      "AND",
      "obs OR",
      "(bloods",
      "K+ NEAR*",
      "obs:bloods",
      "-obs ^bay",
      "*",
    ]) {
      expect(() => searchMessages({ actor: nia, query })).not.toThrow(/fts5|syntax/i);
    }
    expect(searchMessages({ actor: nia, query: '"K+' }).results.length).toBeGreaterThan(0);
    expect(() => searchMessages({ actor: nia, query: "  ***  " })).toThrow(
      "Type a word to search for.",
    );
    expect(() => searchMessages({ actor: nia, query: "x".repeat(201) })).toThrow(
      "A search must be 200 characters or fewer.",
    );
    expect(() => searchMessages({ actor: nia, query: "obs", before: "nonsense" })).toThrow(
      "That page of results could not be found. Search again.",
    );
  });

  it("marks the matched words and names the conversation, the sender and the time", () => {
    const omar = actorFor(w.omar.id);
    const dm = openDirectConversation({ actor: omar, userId: w.pat.id });
    send(omar, dm.id, "Pangolin bloods are back", new Date());
    const [result] = searchMessages({ actor: actorFor(w.pat.id), query: "pangol" }).results;
    expect(result?.snippet).toEqual([
      { text: "Pangolin", hit: true },
      { text: " bloods are back", hit: false },
    ]);
    expect(result?.conversationTitle).toBe("Omar Nurse");
    expect(result?.senderName).toBe("Omar Nurse");
    expect(result?.href).toMatch(new RegExp(`^/messages/${dm.id}\\?before=\\d+\\.0#m-`));
  });
});
