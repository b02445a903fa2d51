// Message search (issue 14): SQLite FTS5 over the text of the messages a person may read now,
// newest first, a page at a time, each result with its conversation, sender, time and the
// matching words marked. The index (`messages_fts`) is kept by triggers on `messages`
// (drizzle/0013), so a message is in it exactly while its body is not empty: deleted and purged
// messages are never found. Which conversations are searched is decided here, per person, by the
// same rule that opens a conversation (conversation-access.server.ts): a group they left or a
// shift thread they came off gives nothing. docs/decisions/025.
import { inArray } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { teams } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { InputError } from "~/models/errors";
import { conversationTitles, readableConversations } from "./conversation-list.server";
import { formatMessageTime } from "./conversation-view.server";
import {
  HIT_END,
  HIT_START,
  matchExpression,
  type SnippetPart,
  snippetParts,
} from "./search-query";

/** How many words of context a result shows around its matches (FTS5 snippet tokens). */
const SNIPPET_WORDS = 24;

// Prepared once (decision 014): the person's readable conversations go in as one JSON list.
// FTS5 finds the matching rows; the join keeps those in the person's conversations and the
// newest come first, keyset-paged on (created_at, id) as the thread is. The snippets are made by
// a second statement for the page's rows only: in this one SQLite would make one for every match
// before sorting (a common word matches thousands).
const matches = preparedOnce((db) =>
  db.$client.prepare<
    { match: string; ids: string; beforeAt: number | null; beforeId: string; limit: number },
    {
      id: string;
      searchId: number;
      conversationId: string;
      createdAt: number;
      senderName: string;
      editedAt: number | null;
    }
  >(
    `SELECT m.id AS id, s.search_id AS searchId, m.conversation_id AS conversationId,
            m.created_at AS createdAt, m.edited_at AS editedAt, u.name AS senderName
       FROM messages_fts
       JOIN message_search_rows s ON s.search_id = messages_fts.rowid
       JOIN messages m ON m.id = s.message_id
       JOIN users u ON u.id = m.sender_user_id
      WHERE messages_fts MATCH @match
        AND m.conversation_id IN (SELECT value FROM json_each(@ids))
        AND m.deleted_at IS NULL
        AND (@beforeAt IS NULL OR (m.created_at, m.id) < (@beforeAt, @beforeId))
      ORDER BY m.created_at DESC, m.id DESC
      LIMIT @limit`,
  ),
);

const snippets = preparedOnce((db) =>
  db.$client.prepare<
    { match: string; searchIds: string; start: string; end: string; words: number },
    { searchId: number; snippet: string }
  >(
    `SELECT rowid AS searchId, snippet(messages_fts, 0, @start, @end, '…', @words) AS snippet
       FROM messages_fts
      WHERE messages_fts MATCH @match
        AND rowid IN (SELECT value FROM json_each(@searchIds))`,
  ),
);

export type SearchResult = {
  messageId: string;
  conversationId: string;
  /** "Night, Tue 3 Dec · Ward 7", the team's name, the other person's name or the group's. */
  conversationTitle: string;
  senderName: string;
  /** ISO 8601 (UTC). */
  at: string;
  /** "14:05" today, "Mon 30 Nov, 14:05" before, in the conversation's team zone or UK time. */
  when: string;
  edited: boolean;
  /** The matching part of the text, the matched words marked. */
  snippet: SnippetPart[];
  /** The page of the conversation that ends with this message, at the message. */
  href: string;
};

export type SearchPage = {
  results: SearchResult[];
  /** The cursor for the next (older) page, or null when these are the last. */
  older: string | null;
};

function parseSearchCursor(cursor: string): { at: number; id: string } {
  const match = /^(\d{1,15})\.([a-z0-9]{1,40})$/.exec(cursor);
  if (!match) throw new InputError("That page of results could not be found. Search again.", "q");
  return { at: Number(match[1]), id: match[2] ?? "" };
}

/**
 * Searches the text of every message the actor may read now, newest first, `limit` (20) a page.
 * `query` is what they typed: its words are each required, as prefixes ("obs" finds
 * "observations"), case and accents ignored (search-query.ts). `before` is the `older` cursor of
 * the previous page. Deleted and purged messages are never found (their text is gone from the
 * index), nor messages in a conversation the actor has left or come off.
 *
 * @throws InputError for a search with no words, too many, or too long, and for a malformed
 *   cursor; never an FTS5 syntax error.
 */
export function searchMessages({
  actor,
  query,
  before,
  limit = 20,
  now = new Date(),
}: {
  actor: Actor;
  query: string;
  before?: string;
  limit?: number;
  now?: Date;
}): SearchPage {
  const match = matchExpression(query);
  const cursor = before ? parseSearchCursor(before) : null;
  const readable = readableConversations(actor);
  if (readable.length === 0) return { results: [], older: null };
  const rows = matches().all({
    match,
    ids: JSON.stringify(readable.map((c) => c.id)),
    beforeAt: cursor?.at ?? null,
    beforeId: cursor?.id ?? "",
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const snippetOf = new Map(
    page.length
      ? snippets()
          .all({
            match,
            searchIds: JSON.stringify(page.map((r) => r.searchId)),
            start: HIT_START,
            end: HIT_END,
            words: SNIPPET_WORDS,
          })
          .map((s) => [s.searchId, s.snippet])
      : [],
  );
  const byId = new Map(readable.map((c) => [c.id, c]));
  const shown = [...new Set(page.map((r) => r.conversationId))].flatMap((id) => {
    const c = byId.get(id);
    return c ? [c] : [];
  });
  const titles = conversationTitles(actor, shown);
  const teamIds = [...new Set(shown.flatMap((c) => (c.teamId ? [c.teamId] : [])))];
  const zones = new Map(
    teamIds.length
      ? getDb()
          .select({ id: teams.id, timeZone: teams.timeZone })
          .from(teams)
          .where(inArray(teams.id, teamIds))
          .all()
          .map((t) => [t.id, t.timeZone])
      : [],
  );
  const last = page.at(-1);
  return {
    results: page.map((r) => {
      const conversation = byId.get(r.conversationId);
      const zone = zones.get(conversation?.teamId ?? "") ?? "Europe/London";
      const createdAt = new Date(r.createdAt);
      return {
        messageId: r.id,
        conversationId: r.conversationId,
        conversationTitle: titles.get(r.conversationId) ?? "",
        senderName: r.senderName,
        at: createdAt.toISOString(),
        when: formatMessageTime(createdAt, zone, now),
        edited: r.editedAt !== null,
        snippet: snippetParts(snippetOf.get(r.searchId) ?? ""),
        // The thread's page of messages up to and including this one (a cursor one millisecond
        // after it: messages.server.ts pages on (created_at, id) < cursor), opened at it.
        href: `/messages/${r.conversationId}?before=${r.createdAt + 1}.0#m-${r.id}`,
      };
    }),
    older: rows.length > limit && last ? `${last.createdAt}.${last.id}` : null,
  };
}
