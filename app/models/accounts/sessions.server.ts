// Sessions as in Lucia's "Basic session API" guide: the cookie holds a random token, the
// database holds only its SHA-256. A session ends at the first of: idle for the organisation's
// idle timeout, its absolute lifetime, sign-out, revocation, or the account being deactivated.
import { and, desc, eq, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import {
  memberships,
  organisations,
  pushSubscriptions,
  sessions,
  signInAttempts,
  users,
} from "~/db/schema.server";
import { hashSecretToken, newSecretToken } from "../ids.server";
import { appendEvent } from "../notifications/events.server";
import { TEXT_LIMITS } from "../text-limits";
import type { Actor } from "./permissions";

/** Writing last-seen on every request would make every page view a write; once a minute is enough. */
const LAST_SEEN_GRANULARITY_MS = 60_000;

export type NewSession = { token: string; sessionId: string; expiresAt: Date };

export function createSession({
  userId,
  userAgent,
  ipAddress,
  now = new Date(),
}: {
  userId: string;
  userAgent: string;
  ipAddress: string;
  now?: Date;
}): NewSession {
  const db = getDb();
  const row = db
    .select({ absolute: organisations.sessionAbsoluteMinutes })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .get();
  if (!row) throw new Error(`createSession: no user ${userId}`);
  const token = newSecretToken();
  const sessionId = hashSecretToken(token);
  const expiresAt = new Date(now.getTime() + row.absolute * 60_000);
  db.insert(sessions)
    .values({
      id: sessionId,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      // A header, not something a person typed: cut to the limit rather than refuse a sign-in.
      userAgent: userAgent.slice(0, TEXT_LIMITS.userAgent),
      ipAddress,
    })
    .run();
  return { token, sessionId, expiresAt };
}

export type ValidSession = {
  sessionId: string;
  actor: Actor;
  email: string;
  expiresAt: Date;
};

/**
 * Alive until idle for the organisation's idle timeout, or past its absolute end: the earlier of
 * the end fixed at sign-in and the organisation's current lifetime, so shortening the lifetime
 * reaches sessions that already exist.
 */
function isSessionAlive(
  session: { createdAt: Date; lastSeenAt: Date; expiresAt: Date },
  policy: { idleMinutes: number; absoluteMinutes: number },
  now: Date,
): boolean {
  const idleEnd = session.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  const absoluteEnd = Math.min(
    session.expiresAt.getTime(),
    session.createdAt.getTime() + policy.absoluteMinutes * 60_000,
  );
  return now.getTime() < idleEnd && now.getTime() < absoluteEnd;
}

// Every signed-in request runs these: prepared once (decision 012), not rebuilt per request.
const sessionWithUser = preparedOnce((db) =>
  db
    .select({
      session: sessions,
      user: users,
      idleMinutes: organisations.sessionIdleMinutes,
      absoluteMinutes: organisations.sessionAbsoluteMinutes,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare(),
);
const endSession = preparedOnce((db) =>
  db
    .delete(sessions)
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare(),
);
const touchSession = preparedOnce((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder("now")}` })
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare(),
);
const teamsOfUser = preparedOnce((db) =>
  db
    .select({ teamId: memberships.teamId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .prepare(),
);

/** The session a cookie token names, if it is still valid; ends it if it has run out. */
export function validateSessionToken(token: string, now = new Date()): ValidSession | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const sessionId = hashSecretToken(token);
  const row = sessionWithUser().get({ sessionId });
  if (!row) return null;
  if (row.user.deactivatedAt || !isSessionAlive(row.session, row, now)) {
    endSession().run({ sessionId });
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() >= LAST_SEEN_GRANULARITY_MS) {
    touchSession().run({ sessionId, now: now.getTime() });
  }
  return {
    sessionId,
    email: row.user.email,
    expiresAt: row.session.expiresAt,
    actor: loadActor(row.user),
  };
}

export function loadActor(user: typeof users.$inferSelect): Actor {
  const teams = teamsOfUser().all({ userId: user.id });
  return {
    userId: user.id,
    organisationId: user.organisationId,
    name: user.name,
    isOrgAdmin: user.isOrgAdmin,
    teams,
  };
}

/**
 * Tells the stream hub, in the same transaction, that a session has ended, so that its open
 * streams close at once rather than at their next heartbeat (docs/decisions/017).
 */
function announceSessionEnded(userId: string, sessionId: string): void {
  appendEvent({
    audience: { type: "user", id: userId },
    kind: "session.ended",
    ids: { sessionId },
  });
}

/**
 * A device signed out (or revoked) stops getting alerts: its push subscription goes with the
 * session (issue 13). A session that merely expires keeps it (the foreign key sets it null).
 */
function removePushSubscriptionsOf(sessionIds: string[]): void {
  if (sessionIds.length === 0) return;
  getDb().delete(pushSubscriptions).where(inArray(pushSubscriptions.sessionId, sessionIds)).run();
}

/** Ends one session (sign-out, a device removed, signing in again over it). */
export function deleteSession(sessionId: string): void {
  writeTransaction(() => {
    removePushSubscriptionsOf([sessionId]);
    const ended = getDb()
      .delete(sessions)
      .where(eq(sessions.id, sessionId))
      .returning({ userId: sessions.userId })
      .get();
    if (ended) announceSessionEnded(ended.userId, sessionId);
  });
}

/**
 * Ends every session of a user (optionally keeping one: "sign out my other devices"), and turns
 * off alerts on every device but the one kept.
 */
export function deleteUserSessions(userId: string, keepSessionId?: string): number {
  const where = keepSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
    : eq(sessions.userId, userId);
  return writeTransaction(() => {
    // Every device but the one kept stops getting alerts, including any whose sign-in had
    // already lapsed (a lost phone): "sign out everywhere" is the lost-phone action.
    getDb()
      .delete(pushSubscriptions)
      .where(
        keepSessionId
          ? and(
              eq(pushSubscriptions.userId, userId),
              or(
                isNull(pushSubscriptions.sessionId),
                ne(pushSubscriptions.sessionId, keepSessionId),
              ),
            )
          : eq(pushSubscriptions.userId, userId),
      )
      .run();
    const ended = getDb().delete(sessions).where(where).returning({ id: sessions.id }).all();
    for (const { id } of ended) announceSessionEnded(userId, id);
    return ended.length;
  });
}

/**
 * Whether a session is still usable, without extending it: the stream re-checks its session on
 * each heartbeat, and an open stream must not keep an idle session alive (only a person's
 * requests do). Dead sessions are left for the next request or the hourly purge to delete.
 */
export function sessionIsLive(sessionId: string, now = new Date()): boolean {
  const row = sessionWithUser().get({ sessionId });
  return Boolean(row && !row.user.deactivatedAt && isSessionAlive(row.session, row, now));
}

/** Sessions (all, or one person's) with their organisation's policy, to judge which are alive. */
function sessionsWithPolicy(userId?: string) {
  return getDb()
    .select({
      session: {
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        userAgent: sessions.userAgent,
        ipAddress: sessions.ipAddress,
        deviceName: sessions.deviceName,
      },
      idleMinutes: organisations.sessionIdleMinutes,
      absoluteMinutes: organisations.sessionAbsoluteMinutes,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(userId ? eq(sessions.userId, userId) : undefined)
    .orderBy(desc(sessions.lastSeenAt))
    .all();
}

/** A person's live sessions, most recently used first (dead ones are not shown, nor counted). */
export function listUserSessions(userId: string, now = new Date()) {
  return sessionsWithPolicy(userId)
    .filter((row) => isSessionAlive(row.session, row, now))
    .map((row) => row.session);
}

/**
 * Deletes sessions that can no longer be used and sign-in attempts too old to count towards a
 * lockout, so neither table grows without end. Run at start-up and hourly.
 */
export function purgeExpiredSessions(now = new Date()): { sessions: number; attempts: number } {
  const db = getDb();
  const dead = sessionsWithPolicy()
    .filter((row) => !isSessionAlive(row.session, row, now))
    .map((row) => row.session.id);
  return writeTransaction(() => {
    for (const id of dead) db.delete(sessions).where(eq(sessions.id, id)).run();
    // A day is far beyond the lockout window, and keeps a little history for investigations.
    const attempts = db
      .delete(signInAttempts)
      .where(lt(signInAttempts.at, new Date(now.getTime() - 86_400_000)))
      .run().changes;
    return { sessions: dead.length, attempts };
  });
}
