// People join by invitation only. The inviter gets a single-use link (shown once, to copy or
// show as a QR code); accepting it sets the person's name and password and signs them in.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { invitations, memberships, organisations, teams, users } from "~/db/schema.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { hashSecretToken, newId, newSecretToken } from "../ids.server";
import { notify } from "../notifications/notifications.server";
import { checkLength } from "../text-limits";
import { announceMembershipChanged, checkMemberFields, type MemberFields } from "./members.server";
import { checkNewPassword } from "./organisations.server";
import { hashPassword } from "./passwords.server";
import { type Actor, canAdministerOrganisation, canManageTeam } from "./permissions";
import { createSession, type NewSession } from "./sessions.server";
import { normaliseEmail } from "./sign-in.server";

export const DEFAULT_INVITATION_TTL_HOURS = 72;

export function invitationTtlHours(): number {
  const configured = Number(process.env.BATON_INVITATION_TTL_HOURS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_INVITATION_TTL_HOURS;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type InvitationOutcome =
  | { kind: "invited"; invitationId: string; token: string; expiresAt: Date }
  | { kind: "added"; membershipId: string };

/**
 * Adds a person to a team. Anyone new gets an invitation link. Someone who already has an
 * account in the organisation is added at once, by an administrator only.
 */
export function invitePerson({
  actor,
  email: rawEmail,
  teamId,
  member,
  asOrgAdmin = false,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  email: string;
  teamId: string | null;
  member: MemberFields | null;
  asOrgAdmin?: boolean;
  ipAddress?: string;
  now?: Date;
}): InvitationOutcome {
  const email = normaliseEmail(rawEmail);
  const db = getDb();
  let teamName = "";
  if (teamId) {
    const team = db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.organisationId, actor.organisationId)))
      .get();
    if (!team || !canManageTeam(actor, teamId)) {
      throw refuse(actor, {
        attempted: "invitation.create",
        targetType: "team",
        targetId: teamId,
        ipAddress,
      });
    }
    teamName = team.name;
  }
  if (asOrgAdmin && !canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted: "invitation.create_admin",
      targetType: "organisation",
      targetId: actor.organisationId,
      ipAddress,
    });
  }
  if (!teamId && !asOrgAdmin)
    throw new InputError("Choose a team for the person to join.", "teamId");
  checkLength(email, "email", { label: "Email address", field: "email" });
  if (!EMAIL_PATTERN.test(email))
    throw new InputError("Enter an email address like name@nhs.net.", "email");
  const fields = teamId && member ? checkMemberFields(member) : null;
  if (teamId && !fields) throw new InputError("Enter the person's role and grade.", "grade");

  return writeTransaction((): InvitationOutcome => {
    const found = db.select().from(users).where(eq(users.email, email)).get();
    // An account in another organisation is treated like a new email, so the answer reveals
    // nothing about who uses Baton elsewhere (the invitation simply cannot be accepted).
    const existing = found?.organisationId === actor.organisationId ? found : undefined;
    if (existing) {
      if (!teamId || !fields) throw new InputError("That person already has an account.", "email");
      const already = db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, existing.id)))
        .get();
      if (already) throw new InputError("That person is already in this team.", "email");
      // Adding an existing account gives the team's managers power over it (sign out, deactivate),
      // so only an administrator may do it; a manager could otherwise capture any colleague.
      if (!canAdministerOrganisation(actor)) {
        throw new InputError(
          "That person already has a Baton account. Ask an organisation administrator to add them to this team.",
          "email",
        );
      }
      if (existing.deactivatedAt) {
        throw new InputError("That person's account is deactivated. Reactivate it first.", "email");
      }
      const membershipId = newId();
      db.insert(memberships)
        .values({ id: membershipId, teamId, userId: existing.id, ...fields })
        .run();
      // Their open streams carry the teams they had: they reconnect with this one too.
      announceMembershipChanged(existing.id, teamId);
      recordAudit({
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: "membership.added",
        targetType: "membership",
        targetId: membershipId,
        ipAddress,
        detail: { userId: existing.id, teamId, role: fields.role, grade: fields.grade },
      });
      notify({
        userIds: [existing.id],
        kind: "membership.added",
        title: `You were added to ${teamName} as ${fields.role === "manager" ? "a manager" : "staff"}`,
        link: `/team/${teamId}`,
      });
      return { kind: "added", membershipId };
    }
    const token = newSecretToken();
    const invitationId = newId();
    const expiresAt = new Date(now.getTime() + invitationTtlHours() * 3_600_000);
    db.insert(invitations)
      .values({
        id: invitationId,
        organisationId: actor.organisationId,
        tokenHash: hashSecretToken(token),
        email,
        teamId,
        role: fields?.role ?? null,
        grade: fields?.grade ?? null,
        skills: fields?.skills ?? [],
        clinical: fields?.clinical ?? false,
        asOrgAdmin,
        createdByUserId: actor.userId,
        createdAt: now,
        expiresAt,
      })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "invitation.created",
      targetType: "invitation",
      targetId: invitationId,
      ipAddress,
      detail: { email, teamId, role: fields?.role ?? null, asOrgAdmin },
      at: now,
    });
    return { kind: "invited", invitationId, token, expiresAt };
  });
}

export type InvitationLookup =
  | {
      status: "valid";
      email: string;
      organisationName: string;
      teamName: string | null;
      role: string | null;
      asOrgAdmin: boolean;
    }
  | { status: "expired" | "used" | "revoked" | "unknown" };

export function lookUpInvitation(token: string, now = new Date()): InvitationLookup {
  if (!/^[a-z2-7]{32}$/.test(token)) return { status: "unknown" };
  const row = getDb()
    .select({ invitation: invitations, organisationName: organisations.name, teamName: teams.name })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(teams, eq(teams.id, invitations.teamId))
    .where(eq(invitations.tokenHash, hashSecretToken(token)))
    .get();
  if (!row) return { status: "unknown" };
  const { invitation } = row;
  if (invitation.acceptedAt) return { status: "used" };
  if (invitation.revokedAt) return { status: "revoked" };
  if (invitation.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
  return {
    status: "valid",
    email: invitation.email,
    organisationName: row.organisationName,
    teamName: row.teamName,
    role: invitation.role,
    asOrgAdmin: invitation.asOrgAdmin,
  };
}

const NOT_USABLE: Record<Exclude<InvitationLookup["status"], "valid">, string> = {
  expired: "This invitation has expired. Ask your manager for a new link.",
  used: "This invitation has already been used. Sign in instead, or ask your manager for a new link.",
  revoked: "This invitation was withdrawn. Ask your manager for a new link.",
  unknown: "This invitation link is not valid. Check you copied all of it, or ask for a new one.",
};

export function invitationProblem(status: Exclude<InvitationLookup["status"], "valid">): string {
  return NOT_USABLE[status];
}

/** Creates the account and membership and signs the person in; the link then stops working. */
export async function acceptInvitation({
  token,
  name,
  password,
  ipAddress,
  userAgent,
  now = new Date(),
}: {
  token: string;
  name: string;
  password: string;
  ipAddress: string;
  userAgent: string;
  now?: Date;
}): Promise<{ userId: string; session: NewSession }> {
  const lookup = lookUpInvitation(token, now);
  if (lookup.status !== "valid") throw new InputError(invitationProblem(lookup.status));
  const cleanName = name.trim().replace(/\s+/g, " ");
  if (cleanName.length < 2) throw new InputError("Enter your full name.", "name");
  checkLength(cleanName, "personName", { label: "Your name", field: "name" });
  checkNewPassword(password, [...cleanName.split(" "), lookup.email.split("@")[0] ?? ""]);
  const passwordHash = await hashPassword(password);
  const db = getDb();
  return writeTransaction(() => {
    const invitation = db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashSecretToken(token)))
      .get();
    // Claim the invitation with a conditional update so two tabs accepting at once cannot both win.
    const claimed = db
      .update(invitations)
      .set({ acceptedAt: now })
      .where(
        and(
          eq(invitations.tokenHash, hashSecretToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .run();
    if (!invitation || claimed.changes !== 1) throw new InputError(invitationProblem("used"));
    if (db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get()) {
      throw new InputError("An account with this email address already exists. Sign in instead.");
    }
    const userId = newId();
    db.insert(users)
      .values({
        id: userId,
        organisationId: invitation.organisationId,
        email: invitation.email,
        name: cleanName,
        passwordHash,
        isOrgAdmin: invitation.asOrgAdmin,
        createdAt: now,
      })
      .run();
    db.update(invitations)
      .set({ acceptedUserId: userId })
      .where(eq(invitations.id, invitation.id))
      .run();
    if (invitation.teamId && invitation.role && invitation.grade) {
      db.insert(memberships)
        .values({
          id: newId(),
          teamId: invitation.teamId,
          userId,
          role: invitation.role,
          grade: invitation.grade,
          skills: invitation.skills,
          clinical: invitation.clinical,
        })
        .run();
      // Nobody has a stream for a brand-new account yet; written all the same, so that every way
      // into a team leaves the same trace for the hub (docs/decisions/017).
      announceMembershipChanged(userId, invitation.teamId);
    }
    recordAudit({
      organisationId: invitation.organisationId,
      actorUserId: userId,
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: invitation.id,
      ipAddress,
      detail: {
        teamId: invitation.teamId,
        role: invitation.role,
        asOrgAdmin: invitation.asOrgAdmin,
      },
      at: now,
    });
    const session = createSession({ userId, userAgent, ipAddress, now });
    recordAudit({
      organisationId: invitation.organisationId,
      actorUserId: userId,
      action: "sign_in.succeeded",
      targetType: "session",
      targetId: session.sessionId.slice(0, 12),
      ipAddress,
      detail: { via: "invitation" },
      at: now,
    });
    return { userId, session };
  });
}

export function listPendingInvitations({
  actor,
  teamId,
  now = new Date(),
}: {
  actor: Actor;
  teamId: string;
  now?: Date;
}) {
  if (!canManageTeam(actor, teamId)) return [];
  return getDb()
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      grade: invitations.grade,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.teamId, teamId),
        eq(invitations.organisationId, actor.organisationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .all();
}

export function revokeInvitation({
  actor,
  invitationId,
  ipAddress,
}: {
  actor: Actor;
  invitationId: string;
  ipAddress?: string;
}): void {
  const db = getDb();
  const invitation = db
    .select()
    .from(invitations)
    .where(
      and(eq(invitations.id, invitationId), eq(invitations.organisationId, actor.organisationId)),
    )
    .get();
  const allowed =
    invitation &&
    (invitation.teamId
      ? canManageTeam(actor, invitation.teamId)
      : canAdministerOrganisation(actor));
  if (!invitation || !allowed) {
    throw refuse(actor, {
      attempted: "invitation.revoke",
      targetType: "invitation",
      targetId: invitationId,
      ipAddress,
    });
  }
  if (invitation.acceptedAt) throw new InputError("That invitation has already been accepted.");
  writeTransaction(() => {
    // Conditional, so an acceptance that lands first is never undone by a late withdrawal.
    const withdrawn = db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .run();
    if (withdrawn.changes !== 1) throw new InputError("That invitation has already been accepted.");
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: invitation.id,
      ipAddress,
      detail: { email: invitation.email },
    });
  });
}
