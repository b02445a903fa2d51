// A person's own sessions, as Settings > Devices shows them. The page never sees a session's
// database id: each device gets a short key derived from it, enough to name it in a form.
import { writeTransaction } from "~/db/connection.server";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "./permissions";
import { deleteSession, deleteUserSessions, listUserSessions } from "./sessions.server";

const keyOf = (sessionId: string) => sessionId.slice(0, 16);

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
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    isCurrent: s.id === currentSessionId,
  }));
}

export function endOwnSessions({
  actor,
  currentSessionId,
  which,
  ipAddress,
}: {
  actor: Actor;
  currentSessionId: string;
  which: "all" | "others" | { key: string };
  ipAddress?: string;
}): { ended: number; endedCurrent: boolean } {
  return writeTransaction(() => endSessions(actor, currentSessionId, which, ipAddress));
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
