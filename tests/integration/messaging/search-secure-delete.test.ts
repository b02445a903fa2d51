// Text that is deleted, edited away or purged leaves the search index's stored data too, not just
// its results (FTS5 secure-delete, migration 0017): otherwise the words stay in messages_fts_data,
// in the database file and every backup, until segments happen to merge.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { deleteMessage, editMessage } from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { purgeExpiredMessages } from "~/messaging/retention.server";
import { actorFor } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
let channelId: string;
let n = 0;
beforeAll(async () => {
  w = await createWard();
  channelId = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward }).id;
});

/** Whether any block of the FTS5 index's own table holds these bytes. */
function indexHolds(word: string): boolean {
  const blocks = getDb().$client.prepare("SELECT block FROM messages_fts_data").all() as {
    block: Buffer | null;
  }[];
  return blocks.some((b) => b.block?.includes(Buffer.from(word)));
}

const send = (body: string, now = new Date()) =>
  sendMessage({
    actor: actorFor(w.nia.id),
    conversationId: channelId,
    clientId: `secure-${n++}`,
    body,
    now,
  }).message;

describe("the search index's stored words", () => {
  it("holds a message's words while it is there", () => {
    send("zebediah fotheringham bed twelve");
    expect(indexHolds("zebediah")).toBe(true);
  });

  it("loses a deleted message's words", () => {
    const message = send("quillfeather needs review");
    expect(indexHolds("quillfeather")).toBe(true);
    deleteMessage({ actor: actorFor(w.nia.id), conversationId: channelId, messageId: message.id });
    expect(indexHolds("quillfeather")).toBe(false);
  });

  it("loses the words an edit took away", () => {
    const message = send("wrongbay patient moved");
    editMessage({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      messageId: message.id,
      body: "patient moved",
    });
    expect(indexHolds("wrongbay")).toBe(false);
  });

  it("loses a purged message's words", async () => {
    send("marmaduke fluids chart", new Date("2026-01-05T10:00:00Z"));
    expect(indexHolds("marmaduke")).toBe(true);
    await purgeExpiredMessages({ now: new Date("2026-12-01T10:00:00Z"), ranBy: "test" });
    expect(indexHolds("marmaduke")).toBe(false);
  });
});
