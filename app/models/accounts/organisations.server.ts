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
