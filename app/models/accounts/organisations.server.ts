import { count, eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { organisations, users } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError, notFound } from "../errors";
import { newId } from "../ids.server";
import { checkLength } from "../text-limits";
import { isCommonPassword } from "./common-passwords.server";
import { judgePassword } from "./password-policy";
import { hashPassword } from "./passwords.server";
import { type Actor, canAdministerOrganisation } from "./permissions";
import { RETENTION_LIMITS } from "./retention-policy";
import { normaliseEmail } from "./sign-in.server";

/** A fresh installation has no organisation: the first visit offers setup. */
export function needsFirstRunSetup(): boolean {
  const row = getDb().select({ n: count() }).from(organisations).get();
  return (row?.n ?? 0) === 0;
}

export function checkNewPassword(password: string, personal: string[]): void {
  const verdict = judgePassword(password, isCommonPassword, personal);
  if (!verdict.ok) throw new InputError(verdict.reason, "password");
}

/**
 * First-run setup: the organisation and its first administrator, in one transaction. Refused
 * once any organisation exists, so the setup page cannot be replayed to take over an install.
 */
export async function createOrganisationWithAdministrator({
  organisationName,
  adminName,
  adminEmail,
  password,
  ipAddress,
}: {
  organisationName: string;
  adminName: string;
  adminEmail: string;
  password: string;
  ipAddress: string;
}): Promise<{ organisationId: string; userId: string }> {
  const email = normaliseEmail(adminEmail);
  checkLength(organisationName.trim(), "organisationName", {
    label: "Organisation name",
    field: "organisationName",
  });
  checkLength(adminName.trim(), "personName", { label: "Your name", field: "name" });
  checkLength(email, "email", { label: "Email address", field: "email" });
  checkNewPassword(password, [adminName, email.split("@")[0] ?? ""]);
  const passwordHash = await hashPassword(password);
  const db = getDb();
  return writeTransaction(() => {
    if (!needsFirstRunSetup()) throw new InputError("Baton has already been set up.");
    const organisationId = newId();
    const userId = newId();
    db.insert(organisations).values({ id: organisationId, name: organisationName.trim() }).run();
    db.insert(users)
      .values({
        id: userId,
        organisationId,
        email,
        name: adminName.trim(),
        passwordHash,
        isOrgAdmin: true,
      })
      .run();
    recordAudit({
      organisationId,
      actorUserId: userId,
      action: "organisation.created",
      targetType: "organisation",
      targetId: organisationId,
      ipAddress,
      detail: { name: organisationName.trim() },
    });
    return { organisationId, userId };
  });
}

const organisationById = preparedOnce((db) =>
  db
    .select()
    .from(organisations)
    .where(eq(organisations.id, sql.placeholder("id")))
    .prepare(),
);

/** The actor's own organisation (the header names it on every page). */
export function getOrganisation(actor: Actor) {
  const organisation = organisationById().get({ id: actor.organisationId });
  if (!organisation) throw notFound("Your organisation");
  return organisation;
}

/** The organisation's session policy, for its administrators. */
export function getSessionPolicy({ actor, ipAddress }: { actor: Actor; ipAddress?: string }) {
  if (!canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted: "organisation.settings_view",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
    });
  }
  const { name, sessionIdleMinutes, sessionAbsoluteMinutes } = getOrganisation(actor);
  return { name, idleMinutes: sessionIdleMinutes, absoluteMinutes: sessionAbsoluteMinutes };
}

export const SESSION_LIMITS = {
  idleMinutes: { min: 15, max: 7 * 24 * 60 },
  absoluteMinutes: { min: 60, max: 90 * 24 * 60 },
};

export function updateSessionPolicy({
  actor,
  idleMinutes,
  absoluteMinutes,
  ipAddress,
}: {
  actor: Actor;
  idleMinutes: number;
  absoluteMinutes: number;
  ipAddress?: string;
}): void {
  if (!canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted: "organisation.settings_changed",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
    });
  }
  const { idleMinutes: idle, absoluteMinutes: absolute } = SESSION_LIMITS;
  if (!Number.isInteger(idleMinutes) || idleMinutes < idle.min || idleMinutes > idle.max) {
    throw new InputError(
      `The idle timeout must be between ${idle.min} minutes and ${idle.max / 60} hours.`,
      "idleHours",
    );
  }
  if (
    !Number.isInteger(absoluteMinutes) ||
    absoluteMinutes < absolute.min ||
    absoluteMinutes > absolute.max
  ) {
    throw new InputError(
      `The absolute lifetime must be between 1 hour and ${absolute.max / 1440} days.`,
      "absoluteDays",
    );
  }
  if (idleMinutes > absoluteMinutes) {
    throw new InputError(
      "The idle timeout cannot be longer than the absolute lifetime.",
      "idleHours",
    );
  }
  const db = getDb();
  writeTransaction(() => {
    db.update(organisations)
      .set({ sessionIdleMinutes: idleMinutes, sessionAbsoluteMinutes: absoluteMinutes })
      .where(eq(organisations.id, actor.organisationId))
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "organisation.settings_changed",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
      detail: { idleMinutes, absoluteMinutes },
    });
  });
}

export type RetentionPolicy = {
  /** Days after a shift ends that its thread's messages are purged. */
  shiftDays: number;
  /** Days after posting that a channel's, direct message's or group's messages are purged. */
  otherDays: number;
};

/** The organisation's message retention settings, for its administrators (others: audited 404). */
export function getRetentionPolicy({
  actor,
  ipAddress,
}: {
  actor: Actor;
  ipAddress?: string;
}): RetentionPolicy {
  if (!canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted: "organisation.settings_view",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
    });
  }
  const { retentionShiftDays, retentionOtherDays } = getOrganisation(actor);
  return { shiftDays: retentionShiftDays, otherDays: retentionOtherDays };
}

/**
 * Sets how long messages are kept, in whole days within RETENTION_LIMITS (7 to 365; the reasons
 * are in retention-policy.ts). Audited as `organisation.settings_changed` with the old and new
 * values. The next purge (hourly, and at start-up) applies it, to messages already sent too.
 *
 * @throws Response 404 (audited) for anyone but an administrator; InputError naming the field
 *   (`shiftDays` or `otherDays`) for a value that is not a whole number within the bounds.
 */
export function updateRetentionPolicy({
  actor,
  shiftDays,
  otherDays,
  ipAddress,
}: {
  actor: Actor;
  shiftDays: number;
  otherDays: number;
  ipAddress?: string;
}): void {
  const before = getRetentionPolicy({ actor, ipAddress });
  const check = (value: number, field: "shiftDays" | "otherDays", what: string) => {
    const { min, max } = RETENTION_LIMITS[field];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new InputError(`${what} must be a whole number of days from ${min} to ${max}.`, field);
  };
  check(shiftDays, "shiftDays", "Shift threads' retention");
  check(otherDays, "otherDays", "Other conversations' retention");
  const db = getDb();
  writeTransaction(() => {
    db.update(organisations)
      .set({ retentionShiftDays: shiftDays, retentionOtherDays: otherDays })
      .where(eq(organisations.id, actor.organisationId))
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "organisation.settings_changed",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
      detail: {
        retentionShiftDays: { from: before.shiftDays, to: shiftDays },
        retentionOtherDays: { from: before.otherDays, to: otherDays },
      },
    });
  });
}
