// Account recovery without email: a person who forgot their password asks their ward manager
// (or an administrator), who makes a single-use, expiring link and passes it on the way an
// invitation is passed on (shown once, to copy, share or show as a QR code). Using the link sets
// a new password and ends every session the person had: a lost phone stays signed out. Only the
// token's SHA-256 is stored, like invitations, sessions and calendar feeds.
import { and, eq, gt, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { memberships, organisations, passwordResets, users } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { hashSecretToken, newId, newSecretToken } from "../ids.server";
import { getTeamMember } from "./members.server";
import { checkNewPassword } from "./organisations.server";
import { hashPassword } from "./passwords.server";
import { type Actor, canActOnAccount } from "./permissions";
import { createSession, deleteUserSessions, type NewSession } from "./sessions.server";

/**
 * A day: long enough to pass a link on at handover and use it after a night's sleep, short
 * enough that a link forgotten in a chat is soon worthless. `BATON_PASSWORD_RESET_TTL_HOURS`
 * changes it.
 */
export const DEFAULT_PASSWORD_RESET_TTL_HOURS = 24;

/** How long a reset link works, in hours: the environment's setting if it is a positive number. */
export function passwordResetTtlHours(): number {
  const configured = Number(process.env.BATON_PASSWORD_RESET_TTL_HOURS);
  return Number.isFinite(configured) && configured > 0
    ? configured
    : DEFAULT_PASSWORD_RESET_TTL_HOURS;
}

const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/**
 * Makes a reset link's token for a person, withdrawing any earlier link of theirs still unused.
 *
 * Who may: the same rule as the other account actions (`canActOnAccount`): an administrator for
 * anyone in the organisation, a manager for a member of a team they manage unless that person is
 * an administrator (a manager who could reset an administrator's password could take over the
 * account that audits them), and nobody for themselves (Settings > Change password is theirs).
 * Anyone else, or a person from another organisation, gets the refusal's 404, audited.
 *
 * @param userId the person whose password the link resets
 * @returns the token (shown once, never stored) and when the link stops working
 * @throws the 404 Response of `refuse` when the actor may not act on that person
 * @throws InputError when the person's account is deactivated (reactivate it first)
 */
export function issuePasswordReset({
  actor,
  userId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  userId: string;
  ipAddress?: string;
  now?: Date;
}): { token: string; expiresAt: Date } {
  const db = getDb();
  const person = db
    .select({ id: users.id, isOrgAdmin: users.isOrgAdmin, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
    .get();
  const teamIds = person
    ? db
        .select({ teamId: memberships.teamId })
        .from(memberships)
        .where(eq(memberships.userId, person.id))
        .all()
        .map((m) => m.teamId)
    : [];
  if (!person || !canActOnAccount(actor, { userId, isOrgAdmin: person.isOrgAdmin, teamIds })) {
    throw refuse(actor, {
      attempted: "password_reset.issue",
      targetType: "user",
      targetId: userId,
      ipAddress,
    });
  }
  if (person.deactivatedAt) {
    throw new InputError(
      "This account is deactivated. Reactivate it before resetting its password.",
    );
  }
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + passwordResetTtlHours() * 3_600_000);
  return writeTransaction(() => {
    const withdrawn = withdrawOpenResets(person.id, now);
    const resetId = newId();
    db.insert(passwordResets)
      .values({
        id: resetId,
        organisationId: actor.organisationId,
        userId: person.id,
        tokenHash: hashSecretToken(token),
        createdByUserId: actor.userId,
        createdAt: now,
        expiresAt,
      })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "password_reset.issued",
      targetType: "user",
      targetId: person.id,
      ipAddress,
      detail: {
        resetId,
        by: actor.isOrgAdmin ? "administrator" : "manager",
        expiresAt: expiresAt.toISOString(),
        earlierLinksWithdrawn: withdrawn,
      },
      at: now,
    });
    return { token, expiresAt };
  });
}

/**
 * The member whose password a manager or administrator is about to reset, from the team's
 * member page: the team, and the person's id, name and whether their account is deactivated.
 *
 * @throws the 404 Response of `refuse` (audited) when the actor does not manage the team, the
 *   membership is not the team's, or the actor may not act on that person's account
 */
export function passwordResetTarget({
  actor,
  teamId,
  membershipId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  membershipId: string;
  ipAddress?: string;
}) {
  const member = getTeamMember({ actor, teamId, membershipId, ipAddress });
  if (!member.canActOnAccount) {
    throw refuse(actor, {
      attempted: "password_reset.view",
      targetType: "membership",
      targetId: membershipId,
      ipAddress,
    });
  }
  return {
    team: { id: member.team.id, name: member.team.name, timeZone: member.team.timeZone },
    person: {
      userId: member.person.userId,
      name: member.person.name,
      deactivated: member.person.deactivatedAt !== null,
    },
  };
}

/** Marks a person's unused, unexpired links withdrawn; returns how many. Inside a transaction. */
export function withdrawOpenResets(userId: string, now: Date): number {
  return getDb()
    .update(passwordResets)
    .set({ revokedAt: now })
    .where(
      and(
        eq(passwordResets.userId, userId),
        isNull(passwordResets.usedAt),
        isNull(passwordResets.revokedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .run().changes;
}

export type PasswordResetLookup =
  | { status: "valid"; name: string; email: string; organisationName: string }
  | { status: "expired" | "used" | "revoked" | "unknown" };

/**
 * What a reset link's token opens. A deactivated account's link reads as withdrawn, so the page
 * says no more than that the link cannot be used.
 */
export function lookUpPasswordReset(token: string, now = new Date()): PasswordResetLookup {
  if (!TOKEN_PATTERN.test(token)) return { status: "unknown" };
  const row = getDb()
    .select({
      reset: passwordResets,
      name: users.name,
      email: users.email,
      deactivatedAt: users.deactivatedAt,
      organisationName: organisations.name,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .innerJoin(organisations, eq(organisations.id, passwordResets.organisationId))
    .where(eq(passwordResets.tokenHash, hashSecretToken(token)))
    .get();
  if (!row) return { status: "unknown" };
  if (row.reset.usedAt) return { status: "used" };
  if (row.reset.revokedAt || row.deactivatedAt) return { status: "revoked" };
  if (row.reset.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
  return {
    status: "valid",
    name: row.name,
    email: row.email,
    organisationName: row.organisationName,
  };
}

const NOT_USABLE: Record<Exclude<PasswordResetLookup["status"], "valid">, string> = {
  expired: "This link has expired. Ask your manager for a new one.",
  used: "This link has already been used. Sign in with your new password, or ask your manager for a new link.",
  revoked:
    "This link was replaced by a newer one, or can no longer be used. Ask your manager for a new link.",
  unknown: "This link is not valid. Check you copied all of it, or ask your manager for a new one.",
};

/** The sentence a person reads when a reset link cannot be used, and what to do about it. */
export function passwordResetProblem(
  status: Exclude<PasswordResetLookup["status"], "valid">,
): string {
  return NOT_USABLE[status];
}

/**
 * Sets a new password from a reset link, ends every session the person had (each device must
 * sign in again: the reason for a reset may be a lost phone) and signs this browser in with a new
 * session. The link stops working with this commit, whoever uses it first wins (a conditional
 * update), and both the use and the sign-in are audited. The password policy is that of
 * password-policy.ts (NCSC and NIST SP 800-63B), with the person's name and email as personal words.
 *
 * @returns the person's id, the new session for the cookie and how many sessions were ended
 * @throws InputError (no field) when the link cannot be used; (field "password") when the
 *   password breaks the policy. Nothing is written in either case.
 */
export async function redeemPasswordReset({
  token,
  password,
  ipAddress,
  userAgent,
  now = new Date(),
}: {
  token: string;
  password: string;
  ipAddress: string;
  userAgent: string;
  now?: Date;
}): Promise<{ userId: string; session: NewSession; sessionsEnded: number }> {
  const lookup = lookUpPasswordReset(token, now);
  if (lookup.status !== "valid") throw new InputError(passwordResetProblem(lookup.status));
  checkNewPassword(password, [...lookup.name.split(" "), lookup.email.split("@")[0] ?? ""]);
  // argon2 is slow: it runs before the write lock is taken (docs/decisions/007).
  const passwordHash = await hashPassword(password);
  const db = getDb();
  return writeTransaction(() => {
    const tokenHash = hashSecretToken(token);
    const claimed = db
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResets.tokenHash, tokenHash),
          isNull(passwordResets.usedAt),
          isNull(passwordResets.revokedAt),
          gt(passwordResets.expiresAt, now),
        ),
      )
      .returning({
        id: passwordResets.id,
        userId: passwordResets.userId,
        organisationId: passwordResets.organisationId,
      })
      .get();
    if (!claimed) throw new InputError(passwordResetProblem("used"));
    const person = db
      .select({ deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(eq(users.id, claimed.userId))
      .get();
    // Deactivated between the look-up and now: the claim is rolled back with the error.
    if (!person || person.deactivatedAt) throw new InputError(passwordResetProblem("revoked"));
    db.update(users).set({ passwordHash }).where(eq(users.id, claimed.userId)).run();
    withdrawOpenResets(claimed.userId, now);
    const sessionsEnded = deleteUserSessions(claimed.userId);
    recordAudit({
      organisationId: claimed.organisationId,
      actorUserId: claimed.userId,
      action: "password_reset.used",
      targetType: "user",
      targetId: claimed.userId,
      ipAddress,
      detail: { resetId: claimed.id, sessionsEnded },
      at: now,
    });
    const session = createSession({ userId: claimed.userId, userAgent, ipAddress, now });
    recordAudit({
      organisationId: claimed.organisationId,
      actorUserId: claimed.userId,
      action: "sign_in.succeeded",
      targetType: "session",
      targetId: session.sessionId.slice(0, 12),
      ipAddress,
      detail: { via: "password_reset" },
      at: now,
    });
    return { userId: claimed.userId, session, sessionsEnded };
  });
}
