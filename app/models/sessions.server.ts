// Sessions as in Lucia's "Basic session API" guide: the cookie holds a random token, the
// database holds only its SHA-256. A session ends at the first of: idle for the organisation's
// idle timeout, its absolute lifetime, sign-out, revocation, or the account being deactivated.
import { and, desc, eq, ne } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { memberships, organisations, sessions, users } from "~/db/schema.server";
import { hashSecretToken, newSecretToken } from "./ids.server";
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
      userAgent: userAgent.slice(0, 400),
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

/** The session a cookie token names, if it is still valid; ends it if it has run out. */
export function validateSessionToken(token: string, now = new Date()): ValidSession | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const db = getDb();
  const sessionId = hashSecretToken(token);
  const row = db
    .select({
      session: sessions,
      user: users,
      idleMinutes: organisations.sessionIdleMinutes,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return null;
  const idleEnd = row.session.lastSeenAt.getTime() + row.idleMinutes * 60_000;
  if (
    row.user.deactivatedAt ||
    now.getTime() >= row.session.expiresAt.getTime() ||
    now.getTime() >= idleEnd
  ) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() >= LAST_SEEN_GRANULARITY_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
  }
  return {
    sessionId,
    email: row.user.email,
    expiresAt: row.session.expiresAt,
    actor: loadActor(row.user),
  };
}

export function loadActor(user: typeof users.$inferSelect): Actor {
  const teams = getDb()
    .select({ teamId: memberships.teamId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .all();
  return {
    userId: user.id,
    organisationId: user.organisationId,
    name: user.name,
    isOrgAdmin: user.isOrgAdmin,
    teams,
  };
}

export function deleteSession(sessionId: string): void {
  getDb().delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user (optionally keeping one: "sign out my other devices"). */
export function deleteUserSessions(userId: string, keepSessionId?: string): number {
  const where = keepSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
    : eq(sessions.userId, userId);
  return getDb().delete(sessions).where(where).run().changes;
}

export function listUserSessions(userId: string) {
  return getDb()
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt))
    .all();
}
