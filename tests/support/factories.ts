// Test data built with real inserts into the test file's own SQLite database.
import { getDb } from "~/db/connection.server";
import { memberships, organisations, teams, users } from "~/db/schema.server";
import { hashPassword } from "~/models/accounts/passwords.server";
import type { Actor, TeamRole } from "~/models/accounts/permissions";
import { createSession, loadActor } from "~/models/accounts/sessions.server";
import { newId } from "~/models/ids.server";

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export function createOrganisation(name = "Test Trust") {
  const id = newId();
  getDb().insert(organisations).values({ id, name }).run();
  return { id, name };
}

export function createTeam(
  organisationId: string,
  name = `Ward ${unique()}`,
  timeZone = "Europe/London",
) {
  const id = newId();
  getDb().insert(teams).values({ id, organisationId, name, timeZone }).run();
  return { id, name, timeZone };
}

export async function createPerson({
  organisationId,
  name = "Test Person",
  isOrgAdmin = false,
  email = `person-${unique()}@trust.example`,
}: {
  organisationId: string;
  name?: string;
  isOrgAdmin?: boolean;
  email?: string;
}) {
  const id = newId();
  getDb()
    .insert(users)
    .values({ id, organisationId, email, name, passwordHash: await passwordHash(), isOrgAdmin })
    .run();
  return { id, email, name };
}

export function addToTeam(
  userId: string,
  teamId: string,
  role: TeamRole = "staff",
  grade = "Band 5 RN",
) {
  const id = newId();
  getDb()
    .insert(memberships)
    .values({ id, teamId, userId, role, grade, skills: [], clinical: true })
    .run();
  return { id };
}

export function actorFor(userId: string): Actor {
  const user = getDb()
    .query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId) })
    .sync();
  if (!user) throw new Error(`no user ${userId}`);
  return loadActor(user);
}

/** A signed-in person: their actor and a cookie header for requests. */
export function signInAs(userId: string, now = new Date()) {
  const session = createSession({
    userId,
    userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36",
    ipAddress: "127.0.0.1",
    now,
  });
  return { ...session, cookie: `baton_session=${session.token}`, actor: actorFor(userId) };
}

/**
 * A small trust for permission tests: two wards, each with a manager and a staff member, plus
 * an administrator who is in no team.
 */
export async function createTwoWardTrust() {
  const organisation = createOrganisation();
  const ward7 = createTeam(organisation.id, "Ward 7");
  const ward12 = createTeam(organisation.id, "Ward 12");
  const admin = await createPerson({
    organisationId: organisation.id,
    name: "Ada Admin",
    isOrgAdmin: true,
  });
  const manager7 = await createPerson({ organisationId: organisation.id, name: "Mo Manager" });
  const staff7 = await createPerson({ organisationId: organisation.id, name: "Sam Staff" });
  const manager12 = await createPerson({ organisationId: organisation.id, name: "Max Other" });
  const staff12 = await createPerson({ organisationId: organisation.id, name: "Stu Other" });
  const m7 = addToTeam(manager7.id, ward7.id, "manager", "Band 7 Ward Manager");
  const s7 = addToTeam(staff7.id, ward7.id, "staff");
  const m12 = addToTeam(manager12.id, ward12.id, "manager", "Band 7 Ward Manager");
  const s12 = addToTeam(staff12.id, ward12.id, "staff");
  return {
    organisation,
    ward7,
    ward12,
    admin,
    manager7: { ...manager7, membershipId: m7.id },
    staff7: { ...staff7, membershipId: s7.id },
    manager12: { ...manager12, membershipId: m12.id },
    staff12: { ...staff12, membershipId: s12.id },
  };
}
