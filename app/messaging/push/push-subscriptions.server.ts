// A person's push subscriptions (one per browser that turned alerts on) and what they want
// pushed. A subscription belongs to the person signed in when it was saved: saving an endpoint
// another person had (a shared ward computer) moves it to the new person.
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { pushPreferences, pushSubscriptions } from "~/db/schema.server";
import { describeDevice } from "~/models/accounts/device-name";
import type { Actor } from "~/models/accounts/permissions";
import { recordAudit } from "~/models/audit/audit.server";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { newId } from "~/models/ids.server";
import { checkLength } from "~/models/text-limits";
import type { PushMode } from "./push-policy";
import { pushServiceAllowed } from "./push-services.server";

// base64url without padding, as PushSubscription.toJSON() gives the keys.
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Saves (or refreshes) this browser's subscription for the actor, tied to their session. Called
 * when they turn alerts on and on every load of the signed-in app (a changed subscription is
 * re-registered). Returns the subscription's id.
 *
 * @throws InputError when the endpoint is not a push service's address or a key is malformed.
 */
export function saveSubscription({
  actor,
  sessionId,
  endpoint,
  p256dh,
  auth,
  userAgent,
  now = new Date(),
}: {
  actor: Actor;
  sessionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string;
  now?: Date;
}): { id: string } {
  checkLength(endpoint, "pushEndpoint", { label: "The push address", field: "endpoint" });
  checkLength(p256dh, "pushKey", { label: "The push key", field: "p256dh" });
  checkLength(auth, "pushKey", { label: "The push secret", field: "auth" });
  if (!pushServiceAllowed(endpoint))
    throw new InputError("That is not the address of a push service Baton sends to.", "endpoint");
  if (!BASE64URL.test(p256dh) || !BASE64URL.test(auth))
    throw new InputError("The browser's push keys could not be read.", "p256dh");
  return writeTransaction(() => {
    const db = getDb();
    const existing = db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, endpoint))
      .get();
    const deviceName = describeDevice(userAgent);
    if (existing) {
      db.update(pushSubscriptions)
        .set({ userId: actor.userId, sessionId, p256dh, auth, deviceName, updatedAt: now })
        .where(eq(pushSubscriptions.id, existing.id))
        .run();
      if (existing.userId !== actor.userId) audit(actor, "push.subscribed", existing.id);
      return { id: existing.id };
    }
    const id = newId();
    db.insert(pushSubscriptions)
      .values({
        id,
        userId: actor.userId,
        sessionId,
        endpoint,
        p256dh,
        auth,
        deviceName,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    audit(actor, "push.subscribed", id);
    return { id };
  });
}

function audit(
  actor: Actor,
  action: "push.subscribed" | "push.unsubscribed",
  subscriptionId: string,
) {
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action,
    targetType: "push_subscription",
    targetId: subscriptionId,
  });
}

export type MyPushDevice = {
  id: string;
  deviceName: string;
  createdAt: Date;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  /** Saved by the session making this request: "this device". */
  thisDevice: boolean;
};

const subscriptionsOfUser = preparedOnce((db) =>
  db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, sql.placeholder("userId")))
    .orderBy(desc(pushSubscriptions.updatedAt))
    .prepare(),
);

/** The actor's devices with alerts on, most recently refreshed first. Never the endpoint or keys. */
export function myPushDevices({
  actor,
  sessionId,
}: {
  actor: Actor;
  sessionId: string;
}): MyPushDevice[] {
  return subscriptionsOfUser()
    .all({ userId: actor.userId })
    .map((s) => ({
      id: s.id,
      deviceName: s.deviceName,
      createdAt: s.createdAt,
      lastSuccessAt: s.lastSuccessAt,
      lastFailureAt: s.lastFailureAt,
      thisDevice: s.sessionId === sessionId,
    }));
}

/**
 * Turns alerts off for one of the actor's devices (the subscription is deleted; the browser's
 * own subscription then fails with 404/410 and is never used again).
 *
 * @throws the audited 404 when it is not theirs.
 */
export function removeSubscription({
  actor,
  subscriptionId,
  ipAddress,
}: {
  actor: Actor;
  subscriptionId: string;
  ipAddress?: string;
}): void {
  const removed = writeTransaction(() =>
    getDb()
      .delete(pushSubscriptions)
      .where(
        and(eq(pushSubscriptions.id, subscriptionId), eq(pushSubscriptions.userId, actor.userId)),
      )
      .run(),
  );
  if (removed.changes === 0)
    throw refuse(actor, {
      attempted: "push.unsubscribe",
      targetType: "push_subscription",
      targetId: subscriptionId,
      ipAddress,
    });
  audit(actor, "push.unsubscribed", subscriptionId);
}

export type PushChoices = { mode: PushMode; openShifts: boolean };

/** What the actor wants pushed: "rota" and no open shifts unless they chose. */
export function pushChoicesOf(userId: string): PushChoices {
  const row = getDb()
    .select()
    .from(pushPreferences)
    .where(eq(pushPreferences.userId, userId))
    .get();
  return row ? { mode: row.mode, openShifts: row.openShifts } : { mode: "rota", openShifts: false };
}

/** Saves what the actor wants pushed. */
export function savePushChoices({
  actor,
  choices,
  now = new Date(),
}: {
  actor: Actor;
  choices: PushChoices;
  now?: Date;
}): void {
  writeTransaction(() => {
    getDb()
      .insert(pushPreferences)
      .values({ userId: actor.userId, ...choices, updatedAt: now })
      .onConflictDoUpdate({
        target: pushPreferences.userId,
        set: { ...choices, updatedAt: now },
      })
      .run();
  });
}
