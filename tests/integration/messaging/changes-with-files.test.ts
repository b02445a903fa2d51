// Deleting and editing a message that has photos or files (issue 14, where the edit-and-delete
// work meets the files work): deleting removes its files (rows at once, files from disk after
// the commit) and the page shows none; editing may take the words away from a photo, but not
// from a message that has only words.
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { messageAttachments } from "~/db/schema.server";
import { simplePdf } from "~/messaging/attachments/demo-files.server";
import { sendMessageWithFiles } from "~/messaging/attachments/send-with-files.server";
import { storedPath } from "~/messaging/attachments/storage.server";
import { viewConversation } from "~/messaging/conversation-view.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { deleteMessage, editMessage } from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { InputError } from "~/models/errors";
import { actorFor } from "../../support/factories";
import { phonePhoto } from "../../support/files";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
let channelId: string;
let n = 0;
beforeAll(async () => {
  w = await createWard();
  channelId = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward }).id;
});

const withFiles = async (body: string) =>
  (
    await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: `changes-${n++}`,
      body,
      files: [
        { name: "wound.jpg", bytes: await phonePhoto() },
        { name: "leaflet.pdf", bytes: simplePdf(["SSKIN"]) },
      ],
    })
  ).message;

const rowsOf = (messageId: string) =>
  getDb()
    .select()
    .from(messageAttachments)
    .where(eq(messageAttachments.messageId, messageId))
    .all();

describe("a message with photos and files", () => {
  it("loses its files with its text when deleted: rows, files on disk, and on the page", async () => {
    const message = await withFiles("Dressing changed, see photo");
    const names = rowsOf(message.id).flatMap((r) =>
      [r.storedName, r.thumbnailName].filter((x): x is string => !!x),
    );
    expect(names).toHaveLength(3);
    for (const name of names) expect(fs.existsSync(storedPath(name))).toBe(true);

    deleteMessage({ actor: actorFor(w.nia.id), conversationId: channelId, messageId: message.id });

    expect(rowsOf(message.id)).toEqual([]);
    for (const name of names) expect(fs.existsSync(storedPath(name))).toBe(false);
    const shown = viewConversation({
      actor: actorFor(w.omar.id),
      conversationId: channelId,
    }).messages.find((m) => m.id === message.id)!;
    expect(shown).toMatchObject({ deleted: true, body: "", attachments: [] });
  });

  it("keeps its files when a dry run (the page asking first) checks the delete", async () => {
    const message = await withFiles("Keep me");
    deleteMessage({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      messageId: message.id,
      dryRun: true,
    });
    expect(rowsOf(message.id)).toHaveLength(2);
  });

  it("may have its words taken away by an edit, leaving the photo; words alone may not", async () => {
    const photo = await withFiles("Wrong caption");
    editMessage({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      messageId: photo.id,
      body: "  ",
    });
    const shown = viewConversation({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
    }).messages.find((m) => m.id === photo.id)!;
    expect(shown).toMatchObject({ body: "", edited: true });
    expect(shown.attachments).toHaveLength(2);

    const words = sendMessage({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: `changes-${n++}`,
      body: "Only words",
    }).message;
    expect(() =>
      editMessage({
        actor: actorFor(w.nia.id),
        conversationId: channelId,
        messageId: words.id,
        body: "",
      }),
    ).toThrow(InputError);
  });
});
