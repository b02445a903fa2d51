// The push outbox's record is kept 30 days (prunePushHistory): finished deliveries and their
// attempts go after that, in batches; a delivery still pending stays however old it is.
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { pushAttempts, pushDeliveries, pushSubscriptions } from "~/db/schema.server";
import { prunePushHistory } from "~/messaging/push/push-history.server";
import { newId } from "~/models/ids.server";
import { createTwoWardTrust } from "../../support/factories";

const NOW = new Date("2027-03-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60_000);
let userId: string;
let subscriptionId: string;

beforeEach(async () => {
  const trust = await createTwoWardTrust();
  userId = trust.staff7.id;
  subscriptionId = newId();
  getDb()
    .insert(pushSubscriptions)
    .values({
      id: subscriptionId,
      userId,
      endpoint: `https://push.example/${subscriptionId}`,
      p256dh: "key",
      auth: "auth",
      updatedAt: NOW,
    })
    .run();
});

function delivery(state: "pending" | "sent" | "failed" | "gone", createdAt: Date): string {
  const id = newId();
  getDb()
    .insert(pushDeliveries)
    .values({
      id,
      subscriptionId,
      userId,
      source: `event:${id}`,
      kind: "message.created",
      tag: "t",
      title: "Baton",
      body: "New message",
      path: "/messages",
      urgency: "normal",
      ttlSeconds: 60,
      state,
      nextAttemptAt: createdAt,
      createdAt,
    })
    .run();
  getDb()
    .insert(pushAttempts)
    .values({ deliveryId: id, at: createdAt, statusCode: 201, outcome: "sent" })
    .run();
  return id;
}

const left = () =>
  getDb()
    .select({ id: pushDeliveries.id })
    .from(pushDeliveries)
    .all()
    .map((d) => d.id)
    .sort();

describe("the push outbox's record", () => {
  it("keeps 30 days; older finished deliveries go with their attempts; pending ones stay", () => {
    const kept = [
      delivery("sent", daysAgo(29)),
      delivery("failed", daysAgo(1)),
      delivery("pending", daysAgo(45)),
    ];
    delivery("sent", daysAgo(31));
    delivery("failed", daysAgo(40));
    delivery("gone", daysAgo(90));
    expect(prunePushHistory({ now: NOW })).toBe(3);
    expect(left()).toEqual(kept.sort());
    expect(getDb().select().from(pushAttempts).all()).toHaveLength(3);
    // Idempotent: a second run finds nothing more.
    expect(prunePushHistory({ now: NOW })).toBe(0);
  });

  it("works through more than one batch", () => {
    const old = Array.from({ length: 7 }, () => delivery("sent", daysAgo(60)));
    expect(prunePushHistory({ now: NOW, batchSize: 3 })).toBe(7);
    expect(left().filter((id) => old.includes(id))).toEqual([]);
  });
});
