// A person changes their own password in Settings, with their current one. Wrong current
// passwords count towards the same lockout as sign-in (sign-in.server.ts), so a session left
// open on a ward computer cannot be used to guess it.
import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { signInAttempts, users } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { InputError } from "../errors";
import { checkNewPassword } from "./organisations.server";
import { withdrawOpenResets } from "./password-resets.server";
import { hashPassword, verifyPassword } from "./passwords.server";
import type { Actor } from "./permissions";
import { deleteUserSessions } from "./sessions.server";
import { passwordLockMinutes } from "./sign-in.server";

/**
 * Changes the actor's password after checking their current one, and ends their other sessions
 * when they ask (the form offers it, ticked): the session in hand stays signed in. Any reset
 * link still open for them is withdrawn. Audited as "password.changed"; a wrong current password
 * is audited as "password.change_failed" and counts as a failed sign-in attempt.
 *
 * @param currentSessionId the session making the change, which is kept
 * @returns how many other sessions were ended
 * @throws InputError on field "currentPassword" (wrong, or locked out for N minutes) or
 *   "password" (the policy of password-policy.ts, or the same as the current one). Nothing is
 *   changed in any of these cases.
 */
export async function changeOwnPassword({
  actor,
  currentSessionId,
  currentPassword,
  newPassword,
  signOutOthers,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  signOutOthers: boolean;
  ipAddress: string;
  now?: Date;
}): Promise<{ otherSessionsEnded: number }> {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, actor.userId)).get();
  if (!user) throw new Error(`changeOwnPassword: no user ${actor.userId}`);
  const locked = passwordLockMinutes({ email: user.email, ipAddress, now });
  if (locked) {
    throw new InputError(
      `Too many wrong passwords. Wait ${locked === 1 ? "1 minute" : `${locked} minutes`}, then try again.`,
      "currentPassword",
    );
  }
  // Counted before the slow check, as sign-in does, so a burst of guesses sees each other.
  const attemptId = db
    .insert(signInAttempts)
    .values({ at: now, email: user.email, ipAddress, succeeded: false })
    .returning({ id: signInAttempts.id })
    .get().id;
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    writeTransaction(() =>
      recordAudit({
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: "password.change_failed",
        targetType: "user",
        targetId: actor.userId,
        ipAddress,
        at: now,
      }),
    );
    throw new InputError("Your current password is not right.", "currentPassword");
  }
  db.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId)).run();
  if (newPassword === currentPassword) {
    throw new InputError("Choose a password different from your current one.", "password");
  }
  checkNewPassword(newPassword, [...user.name.split(" "), user.email.split("@")[0] ?? ""]);
  const passwordHash = await hashPassword(newPassword);
  return writeTransaction(() => {
    db.update(users).set({ passwordHash }).where(eq(users.id, actor.userId)).run();
    const resetLinksWithdrawn = withdrawOpenResets(actor.userId, now);
    const otherSessionsEnded = signOutOthers
      ? deleteUserSessions(actor.userId, currentSessionId)
      : 0;
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "password.changed",
      targetType: "user",
      targetId: actor.userId,
      ipAddress,
      detail: { otherSessionsEnded, resetLinksWithdrawn },
      at: now,
    });
    return { otherSessionsEnded };
  });
}
