// A person's own sessions, as Settings > Devices shows them. The page never sees a session's
// database id: each device gets a short key derived from it, enough to name it in a form.
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { sessions } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { InputError } from "../errors";
import { disableCalendarFeed } from "../rota/calendar-feed.server";
import { checkLength } from "../text-limits";
import type { Actor } from "./permissions";
import { deleteSession, deleteUserSessions, listUserSessions } from "./sessions.server";

const keyOf = (sessionId: string) => sessionId.slice(0, 16);

/**
 * The actor's live sessions, most recently used first: a key for forms, the User-Agent (for
 * describeDevice), the name they gave the device (null if none), and which one is in hand.
 */
export function listOwnDevices({
  actor,
  currentSessionId,
}: {
  actor: Actor;
  currentSessionId: string;
}) {
  return listUserSessions(actor.userId).map((s) => ({
    key: keyOf(s.id),
    userAgent: s.userAgent,
    name: s.deviceName,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    isCurrent: s.id === currentSessionId,
  }));
}

/**
 * Names one of the actor's own devices ("My phone", "Ward 7 desk PC"), since every phone reads
 * "Chrome on Android". Spaces are tidied; an empty name goes back to the browser and system.
 * Not audited: a label changes nobody's access.
 *
 * @param key a key from listOwnDevices; a key that is not one of the actor's live sessions
 *   matches nothing
 * @returns whether a device was named
 * @throws InputError (field "name") when the name is longer than TEXT_LIMITS.deviceName
 */
export function nameOwnDevice({
  actor,
  key,
  name,
}: {
  actor: Actor;
  key: string;
  name: string;
}): boolean {
  const clean = name.trim().replace(/\s+/g, " ");
  checkLength(clean, "deviceName", { label: "Device name", field: "name" });
  // Only the actor's own sessions are searched, so a key from someone else's list matches nothing.
  const target = listUserSessions(actor.userId).find((s) => keyOf(s.id) === key);
  if (!target) return false;
  return writeTransaction(
    () =>
      getDb()
        .update(sessions)
        .set({ deviceName: clean || null })
        .where(and(eq(sessions.id, target.id), eq(sessions.userId, actor.userId)))
        .run().changes === 1,
  );
}

/**
 * Ends the actor's own sessions: all of them ("Sign out everywhere", for a lost phone), all but
 * the one in hand, or one device by its key. With `turnOffCalendarFeed` it also turns off their
 * calendar feed in the same transaction: a lost phone's calendar app still holds the feed's
 * address, which works without signing in (docs/decisions/010). Audited.
 *
 * @returns how many sessions ended, whether the one in hand is among them, and whether a feed
 *   that was on was turned off
 */
export function endOwnSessions({
  actor,
  currentSessionId,
  which,
  turnOffCalendarFeed = false,
  ipAddress,
}: {
  actor: Actor;
  currentSessionId: string;
  which: "all" | "others" | { key: string };
  turnOffCalendarFeed?: boolean;
  ipAddress?: string;
}): { ended: number; endedCurrent: boolean; calendarFeedTurnedOff: boolean } {
  if (turnOffCalendarFeed && which !== "all") {
    throw new InputError(
      "The calendar feed is turned off with Sign out everywhere, or in Settings.",
    );
  }
  return writeTransaction(() => {
    const result = endSessions(actor, currentSessionId, which, ipAddress);
    const calendarFeedTurnedOff = turnOffCalendarFeed
      ? disableCalendarFeed({ actor, ipAddress }).wasOn
      : false;
    return { ...result, calendarFeedTurnedOff };
  });
}

function endSessions(
  actor: Actor,
  currentSessionId: string,
  which: "all" | "others" | { key: string },
  ipAddress?: string,
): { ended: number; endedCurrent: boolean } {
  let ended = 0;
  let endedCurrent = false;
  if (which === "all" || which === "others") {
    ended = deleteUserSessions(actor.userId, which === "others" ? currentSessionId : undefined);
    endedCurrent = which === "all";
  } else {
    // Only the actor's own sessions are searched, so a key from someone else's list matches nothing.
    const target = listUserSessions(actor.userId).find((s) => keyOf(s.id) === which.key);
    if (target) {
      deleteSession(target.id);
      ended = 1;
      endedCurrent = target.id === currentSessionId;
    }
  }
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: which === "all" || which === "others" ? "sessions.revoked_all" : "session.revoked",
    targetType: "user",
    targetId: actor.userId,
    ipAddress,
    detail: {
      sessionsEnded: ended,
      scope: typeof which === "string" ? which : "one",
      byOwner: true,
    },
  });
  return { ended, endedCurrent };
}
