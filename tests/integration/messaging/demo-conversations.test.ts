// The demo's Ward 7 conversations: written through the messaging functions, readable by the
// people in them, with an urgent call everyone on shift acknowledged, and no NHS number.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { conversations, messages, urgentAcknowledgements, users } from "~/db/schema.server";
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
