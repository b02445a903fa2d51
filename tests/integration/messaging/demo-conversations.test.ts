// The demo's Ward 7 conversations: written through the messaging functions, readable by the
// people in them, with an urgent call everyone on shift acknowledged, and no NHS number.
import fs from "node:fs";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  conversations,
  messageAttachments,
  messages,
  urgentAcknowledgements,
  users,
} from "~/db/schema.server";
import { seedDemoAttachments } from "~/messaging/attachments/demo-files.server";
import { pdfProblem } from "~/messaging/attachments/pdf-check";
import { storedPath } from "~/messaging/attachments/storage.server";
import { listMyConversations } from "~/messaging/conversation-list.server";
import { viewConversation } from "~/messaging/conversation-view.server";
import { seedDemoConversations } from "~/messaging/demo-conversations.server";
import { searchMessages } from "~/messaging/search.server";
import { createDemoTrust, demoEmail } from "~/models/demo/demo-trust.server";
import { containsNhsNumber } from "~/models/nhs-number";
import { actorFor } from "../../support/factories";

const idOf = (name: string) =>
  getDb()
    .select()
    .from(users)
    .where(eq(users.email, demoEmail(name)))
    .get()!.id;

beforeAll(async () => {
  await createDemoTrust();
  seedDemoConversations();
});

describe("the demo's conversations", () => {
  it("give Ward 7 a team channel, a night thread and a direct message", () => {
    const kinds = getDb()
      .select({ kind: conversations.kind })
      .from(conversations)
      .all()
      .map((c) => c.kind)
      .sort();
    expect(kinds).toEqual(["direct", "shift", "team"]);
  });

  it("have an urgent message that everyone asked has acknowledged", () => {
    const urgent = getDb().select().from(messages).where(eq(messages.urgent, true)).all();
    expect(urgent).toHaveLength(1);
    const asked = getDb()
      .select()
      .from(urgentAcknowledgements)
      .where(eq(urgentAcknowledgements.messageId, urgent[0]!.id))
      .all();
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((a) => a.acknowledgedAt !== null)).toBe(true);
  });

  it("give a search for bloods or obs something to find, and pin the ward meeting", () => {
    const amelia = actorFor(idOf("Amelia Hughes"));
    expect(searchMessages({ actor: amelia, query: "bloods" }).results.length).toBeGreaterThan(0);
    expect(searchMessages({ actor: amelia, query: "obs" }).results.length).toBeGreaterThan(0);
    const channel = getDb()
      .select()
      .from(conversations)
      .where(eq(conversations.kind, "team"))
      .get();
    // As Grace: opening the channel reads it, and Amelia's unread messages are for another test.
    const page = viewConversation({
      actor: actorFor(idOf("Grace Okafor")),
      conversationId: channel?.id ?? "",
    });
    expect(page.pins.map((p) => p.body)).toEqual([expect.stringContaining("Ward meeting")]);
  });

  it("hold no NHS number", () => {
    const bodies = getDb().select({ body: messages.body }).from(messages).all();
    expect(bodies.some((m) => containsNhsNumber(m.body))).toBe(false);
  });

  it("leave Amelia two unread messages from Grace and some in the channel", () => {
    const list = listMyConversations({ actor: actorFor(idOf("Amelia Hughes")) });
    const unread = Object.fromEntries(list.conversations.map((c) => [c.title, c.unread]));
    expect(unread).toMatchObject({ "Grace Okafor": 2 });
    expect(unread["Ward 7 Acute Medical Unit"]).toBeGreaterThan(0);
  });
});

describe("the demo's photo and leaflet", () => {
  it("put a re-encoded dressing photo in the night thread and a PDF leaflet in the team channel", async () => {
    await seedDemoAttachments();
    const rows = getDb()
      .select({
        kind: messageAttachments.kind,
        conversationKind: conversations.kind,
        storedName: messageAttachments.storedName,
        thumbnailName: messageAttachments.thumbnailName,
      })
      .from(messageAttachments)
      .innerJoin(conversations, eq(conversations.id, messageAttachments.conversationId))
      .all()
      .sort((a, b) => a.kind.localeCompare(b.kind));
    expect(rows.map((r) => [r.kind, r.conversationKind])).toEqual([
      ["image", "shift"],
      ["pdf", "team"],
    ]);
    const photo = fs.readFileSync(storedPath(rows[0]!.storedName));
    expect((await sharp(photo).metadata()).exif).toBeUndefined();
    expect(fs.existsSync(storedPath(rows[0]!.thumbnailName!))).toBe(true);
    expect(pdfProblem(fs.readFileSync(storedPath(rows[1]!.storedName)))).toBeNull();
    // The night thread's photo is its newest message, so the thread's time stays in order.
    const newest = getDb()
      .select()
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(conversations.kind, "shift"))
      .all()
      .sort((a, b) => b.messages.createdAt.getTime() - a.messages.createdAt.getTime())[0]!;
    expect(newest.messages.clientId).toBe("demo-photo");
  });
});
