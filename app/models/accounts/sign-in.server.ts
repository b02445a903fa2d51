// Email and password sign-in, with lockout: after too many failures in a window an account (or
// an address) waits, and the person is told for how long. Every attempt is audited.
import { and, asc, eq, gte } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { signInAttempts, users } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { TEXT_LIMITS } from "../text-limits";
import { verifyAgainstDecoy, verifyPassword } from "./passwords.server";
import { createSession, type NewSession } from "./sessions.server";

export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** Failures per account in the window before it waits (the figure). */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/**
 * Failures per address in the window. Higher than per account because a whole ward signs in
 * from behind one NAT address; low enough to stop one machine guessing across many accounts.
 */
export const MAX_FAILURES_PER_ADDRESS = 50;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type SignInResult =
  | { ok: true; session: NewSession; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterMinutes: number };

/** When the earliest failure that still counts leaves the window, the lock lifts. */
function lockedUntil(failureTimes: number[], limit: number): number | null {
  if (failureTimes.length < limit) return null;
  const counting = failureTimes.slice(-limit);
  return counting[0]! + LOCKOUT_WINDOW_MS;
}

function recentFailures(column: "email" | "ipAddress", value: string, now: Date): number[] {
  const field = column === "email" ? signInAttempts.email : signInAttempts.ipAddress;
  return getDb()
    .select({ at: signInAttempts.at })
    .from(signInAttempts)
    .where(
      and(
        eq(field, value),
        eq(signInAttempts.succeeded, false),
        gte(signInAttempts.at, new Date(now.getTime() - LOCKOUT_WINDOW_MS)),
      ),
    )
    .orderBy(asc(signInAttempts.at))
    .all()
    .map((row) => row.at.getTime());
}

/**
 * Minutes until an account (by its email) or an address may try a password again, or null when
 * neither is locked. Sign-in uses the same windows; so does Settings > Change password, whose
 * wrong current passwords count as failed attempts too, so that a borrowed session cannot be used
 * to guess the password.
 */
export function passwordLockMinutes({
  email,
  ipAddress,
  now = new Date(),
}: {
  email: string;
  ipAddress: string;
  now?: Date;
}): number | null {
  const until = Math.max(
    lockedUntil(recentFailures("email", email, now), MAX_FAILURES_PER_ACCOUNT) ?? 0,
    lockedUntil(recentFailures("ipAddress", ipAddress, now), MAX_FAILURES_PER_ADDRESS) ?? 0,
  );
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 60_000) : null;
}

export async function signIn({
  email: rawEmail,
  password,
  ipAddress,
  userAgent,
  now = new Date(),
}: {
  email: string;
  password: string;
  ipAddress: string;
  userAgent: string;
  now?: Date;
}): Promise<SignInResult> {
  const db = getDb();
  // No account has a longer address (each is checked when it is created), so a longer one is
  // simply wrong; it is cut before it is counted and audited so that nobody can store more.
  const typed = normaliseEmail(rawEmail);
  const email = typed.slice(0, TEXT_LIMITS.email);
  const user =
    typed.length > TEXT_LIMITS.email
      ? undefined
      : db.select().from(users).where(eq(users.email, email)).get();
  const organisationId = user?.organisationId ?? null;

  const until = Math.max(
    lockedUntil(recentFailures("email", email, now), MAX_FAILURES_PER_ACCOUNT) ?? 0,
    lockedUntil(recentFailures("ipAddress", ipAddress, now), MAX_FAILURES_PER_ADDRESS) ?? 0,
  );
  if (until > now.getTime()) {
    recordAudit({
      organisationId,
      actorUserId: user?.id ?? null,
      action: "sign_in.locked",
      ipAddress,
      detail: { email },
      at: now,
    });
    return {
      ok: false,
      reason: "locked",
      retryAfterMinutes: Math.ceil((until - now.getTime()) / 60_000),
    };
  }

  // Count this attempt as a failure before the (slow) password check, in the same synchronous
  // step as the lockout check: a burst of simultaneous guesses then sees each other, and no more
  // than the limit get as far as argon2. A correct password turns it into a success below.
  const attemptId = db
    .insert(signInAttempts)
    .values({ at: now, email, ipAddress, succeeded: false })
    .returning({ id: signInAttempts.id })
    .get().id;

  const passwordMatches = user
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDecoy(password);
  // A deactivated account fails exactly like a wrong password: no hint that the email exists.
  const succeeded = Boolean(user && passwordMatches && !user.deactivatedAt);

  return writeTransaction(() => {
    if (!succeeded || !user) {
      recordAudit({
        organisationId,
        actorUserId: user?.id ?? null,
        action: "sign_in.failed",
        ipAddress,
        detail: { email, deactivated: Boolean(user?.deactivatedAt && passwordMatches) },
        at: now,
      });
      return { ok: false, reason: "invalid" } as const;
    }
    db.update(signInAttempts)
      .set({ succeeded: true })
      .where(eq(signInAttempts.id, attemptId))
      .run();
    const session = createSession({ userId: user.id, userAgent, ipAddress, now });
    recordAudit({
      organisationId,
      actorUserId: user.id,
      action: "sign_in.succeeded",
      targetType: "session",
      targetId: session.sessionId.slice(0, 12),
      ipAddress,
      at: now,
    });
    return { ok: true, session, userId: user.id } as const;
  });
}
