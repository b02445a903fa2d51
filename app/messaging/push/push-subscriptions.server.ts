// A person's push subscriptions (one per browser that turned alerts on) and what they want
// pushed. A subscription belongs to the person signed in when it was saved: saving an endpoint
// another person had (a shared ward computer) moves it to the new person.
import { createECDH } from "node:crypto";
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
 * Whether `p256dh` and `auth` are a browser's push keys (RFC 8291): a P-256 public key, 65
 * bytes uncompressed (0x04, then x and y) and a point on the curve, and a 16-byte secret.
 * Checked before saving, because web-push cannot encrypt to anything else.
 */
export function pushKeysProblem(p256dh: string, auth: string): string | null {
  if (!BASE64URL.test(p256dh) || !BASE64URL.test(auth))
    return "The browser's push keys could not be read.";
  const key = Buffer.from(p256dh, "base64url");
  if (key.length !== 65 || key[0] !== 4) return "The browser's push key is not a P-256 public key.";
  try {
    const ours = createECDH("prime256v1");
    ours.generateKeys();
    ours.computeSecret(key);
  } catch {
    return "The browser's push key is not a P-256 public key.";
  }
  if (Buffer.from(auth, "base64url").length !== 16)
    return "The browser's push secret is not 16 bytes.";
  return null;
}

/** Devices one person may have alerts on: beyond this, the oldest must be turned off first. */
export const MAX_DEVICES_PER_PERSON = 10;

const subscriptionByEndpoint = preparedOnce((db) =>
  db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, sql.placeholder("endpoint")))
    .prepare(),
);

const subscriptionOfSession = preparedOnce((db) =>
  db
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(
      and(
        eq(pushSubscriptions.sessionId, sql.placeholder("sessionId")),
        eq(pushSubscriptions.userId, sql.placeholder("userId")),
      ),
    )
    .orderBy(desc(pushSubscriptions.updatedAt))
    .limit(1)
    .prepare(),
);

/**
 * Saves this browser's subscription for the actor, tied to their session.
 *
 * - `refresh: false` (the person tapped "Turn on alerts"): creates it, or takes over the same
 *   browser's subscription from whoever had it (a shared ward computer), but only when the keys
 *   match, so knowing another browser's address is not enough to take its alerts.
 * - `refresh: true` (every load of the signed-in app, and the service worker's
 *   `pushsubscriptionchange`): only updates a subscription this person already has with the same
 *   keys, or replaces the one this session (this browser) turned on when the browser has changed
 *   it (a new address and keys: push services rotate them). It never creates one where this
 *   session has none, or moves one between people, so turning a device off sticks and nobody is
 *   signed up without tapping.
 *
 * @returns its id, or null for a refresh of a subscription the server does not hold for them.
 * @throws InputError when the endpoint is not a push service's address, the keys are not a
 *   browser's push keys, a takeover's keys do not match, or the person has too many devices.
 */
export function saveSubscription({
  actor,
  sessionId,
  endpoint,
  p256dh,
  auth,
  userAgent,
  refresh = false,
  now = new Date(),
}: {
  actor: Actor;
  sessionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string;
  refresh?: boolean;
  now?: Date;
}): { id: string } | null {
  checkLength(endpoint, "pushEndpoint", { label: "The push address", field: "endpoint" });
  checkLength(p256dh, "pushKey", { label: "The push key", field: "p256dh" });
  checkLength(auth, "pushKey", { label: "The push secret", field: "auth" });
  if (!pushServiceAllowed(endpoint))
    throw new InputError("That is not the address of a push service Baton sends to.", "endpoint");
  const problem = pushKeysProblem(p256dh, auth);
  if (problem) throw new InputError(problem, "p256dh");
  const deviceName = describeDevice(userAgent);
  const known = subscriptionByEndpoint().get({ endpoint });
  const sameKeys = known !== undefined && known.p256dh === p256dh && known.auth === auth;
  if (refresh) {
    if (!known) return replaceChangedSubscription();
    if (known.userId !== actor.userId || !sameKeys) return null;
    // Nothing changed: no write on an ordinary page load.
    if (known.sessionId === sessionId && known.deviceName === deviceName) return { id: known.id };
  } else if (known && known.userId !== actor.userId && !sameKeys) {
    throw new InputError("This browser's alerts could not be turned on: try again.", "endpoint");
  }
  /** The browser changed its subscription: this session's one takes the new address and keys. */
  function replaceChangedSubscription(): { id: string } | null {
    const mine = subscriptionOfSession().get({ sessionId, userId: actor.userId });
    if (!mine) return null;
    writeTransaction(() =>
      getDb()
        .update(pushSubscriptions)
        .set({
          endpoint,
          p256dh,
          auth,
          deviceName,
          updatedAt: now,
          lastSuccessAt: null,
          lastFailureAt: null,
        })
        .where(eq(pushSubscriptions.id, mine.id))
        .run(),
    );
    return { id: mine.id };
  }
  return writeTransaction(() => {
    const db = getDb();
    if (known) {
      db.update(pushSubscriptions)
        .set({ userId: actor.userId, sessionId, p256dh, auth, deviceName, updatedAt: now })
        .where(eq(pushSubscriptions.id, known.id))
        .run();
      if (known.userId !== actor.userId) audit(actor, "push.subscribed", known.id);
      return { id: known.id };
    }
    const devices = db
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, actor.userId))
      .all();
    if (devices.length >= MAX_DEVICES_PER_PERSON)
      throw new InputError(
        `Alerts are on for ${MAX_DEVICES_PER_PERSON} of your devices: turn one off first.`,
        "endpoint",
      );
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
