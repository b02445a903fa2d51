// What the accounts models tell the stream hub, in the same transaction as the change: a session
// that ended ("session.ended") and a person whose teams changed ("membership.changed"), so that
// their open streams close at once (docs/decisions/017).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { sessions } from "~/db/schema.server";
import { endOwnSessions } from "~/models/accounts/devices.server";
import { acceptInvitation, invitePerson } from "~/models/accounts/invitations.server";
import {
  type MemberFields,
  removeMembership,
  updateMembership,
} from "~/models/accounts/members.server";
import {
  deleteSession,
  deleteUserSessions,
  sessionIsLive,
} from "~/models/accounts/sessions.server";
import { newestEventSeq, readAllEventsAfter } from "~/models/notifications/events.server";
import { actorFor, createPerson, createTwoWardTrust, signInAs } from "../../support/factories";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
beforeAll(async () => {
  trust = await createTwoWardTrust();
});

/** The events written while `run` ran, as kind and ids. */
function eventsWrittenBy(run: () => unknown) {
  const after = newestEventSeq();
  run();
  return eventsSince(after);
}

function eventsSince(after: number) {
  return readAllEventsAfter({ after }).map((e) => ({
    kind: e.kind,
    audience: e.audience,
    ids: e.ids,
  }));
}

const member: MemberFields = { role: "staff", grade: "HCA", skills: [], clinical: true };

describe("session and membership events", () => {
  it("records the end of one session, addressed to its owner", () => {
    const session = signInAs(trust.staff7.id);
    expect(eventsWrittenBy(() => deleteSession(session.sessionId))).toEqual([
      {
        kind: "session.ended",
        audience: { type: "user", id: trust.staff7.id },
        ids: { sessionId: session.sessionId },
      },
    ]);
  });

  it("records nothing for a session that had already ended", () => {
    const session = signInAs(trust.staff7.id);
    deleteSession(session.sessionId);
    expect(eventsWrittenBy(() => deleteSession(session.sessionId))).toEqual([]);
  });

  it("records the end of each session when a person's sessions end, except the one kept", () => {
    deleteUserSessions(trust.staff12.id);
    const kept = signInAs(trust.staff12.id);
    const others = [signInAs(trust.staff12.id), signInAs(trust.staff12.id)];
    const written = eventsWrittenBy(() =>
      endOwnSessions({
        actor: actorFor(trust.staff12.id),
        currentSessionId: kept.sessionId,
        which: "others",
      }),
    );
    expect(written.map((e) => e.ids.sessionId).sort()).toEqual(
      others.map((s) => s.sessionId).sort(),
    );
  });

  it("records a membership change for a person removed from a team", async () => {
    const written = eventsWrittenBy(() =>
      removeMembership({
        actor: actorFor(trust.manager12.id),
        teamId: trust.ward12.id,
        membershipId: trust.staff12.membershipId,
      }),
    );
    expect(written).toContainEqual({
      kind: "membership.changed",
      audience: { type: "user", id: trust.staff12.id },
      ids: { userId: trust.staff12.id, teamId: trust.ward12.id },
    });
  });

  it("records a membership change when a person's role in a team changes", () => {
    const written = eventsWrittenBy(() =>
      updateMembership({
        actor: actorFor(trust.admin.id),
        teamId: trust.ward7.id,
        membershipId: trust.staff7.membershipId,
        fields: { role: "manager", grade: "Band 6", skills: [], clinical: true },
      }),
    );
    expect(written.map((e) => e.kind)).toContain("membership.changed");
  });

  it("records a membership change for a person who joins a team by accepting an invitation", async () => {
    const invitation = invitePerson({
      actor: actorFor(trust.manager7.id),
      email: "joiner.one@trust.example",
      teamId: trust.ward7.id,
      member,
    });
    if (invitation.kind !== "invited") throw new Error("expected an invitation");
    const after = newestEventSeq();
    const { userId } = await acceptInvitation({
      token: invitation.token,
      name: "Jo Iner",
      password: "marmalade sandwich",
      ipAddress: "10.0.0.5",
      userAgent: "phone",
    });
    expect(eventsSince(after)).toContainEqual({
      kind: "membership.changed",
      audience: { type: "user", id: userId },
      ids: { userId, teamId: trust.ward7.id },
    });
  });

  it("records a membership change for a person an administrator adds to another team, so that their open streams reconnect with it", async () => {
    const person = await createPerson({
      organisationId: trust.organisation.id,
      name: "Al Ready",
      email: "al.ready@trust.example",
    });
    const written = eventsWrittenBy(() =>
      invitePerson({
        actor: actorFor(trust.admin.id),
        email: "al.ready@trust.example",
        teamId: trust.ward12.id,
        member,
      }),
    );
    expect(written).toContainEqual({
      kind: "membership.changed",
      audience: { type: "user", id: person.id },
      ids: { userId: person.id, teamId: trust.ward12.id },
    });
  });
});

describe("checking a session without using it", () => {
  it("answers whether the session is live and leaves its last use as it was", () => {
    const session = signInAs(trust.manager7.id, new Date(Date.now() - 5 * 60_000));
    const lastSeen = () =>
      getDb().select().from(sessions).where(eq(sessions.id, session.sessionId)).get()?.lastSeenAt;
    const before = lastSeen();
    expect(sessionIsLive(session.sessionId)).toBe(true);
    expect(lastSeen()).toEqual(before);
    deleteSession(session.sessionId);
    expect(sessionIsLive(session.sessionId)).toBe(false);
  });
});
