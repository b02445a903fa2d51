import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { invitePerson } from "~/models/accounts/invitations.server";
import { removeMembership, updateMembership } from "~/models/accounts/members.server";
import {
  listNotifications,
  markNotificationsRead,
  unreadNotificationCount,
} from "~/models/notifications/notifications.server";
import { loader as appLoader } from "~/routes/_app";
import {
  action as notificationsAction,
  loader as notificationsLoader,
} from "~/routes/_app.notifications";
import { actorFor, createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader } from "../../support/requests";

const member = { role: "staff" as const, grade: "Band 5 RN", skills: [], clinical: true };

describe("notifications", () => {
  it("tells a person when they are added to a team, their details change, or they are removed", async () => {
    const trust = await createTwoWardTrust();
    const admin = actorFor(trust.admin.id);
    invitePerson({ actor: admin, email: trust.staff12.email, teamId: trust.ward7.id, member });
    const staff = actorFor(trust.staff12.id);
    expect(listNotifications({ actor: staff })[0]).toMatchObject({
      title: "You were added to Ward 7 as staff",
      link: `/team/${trust.ward7.id}`,
    });

    const ward7Membership = getDb()
      .query.memberships.findFirst({
        where: (m, { and, eq }) =>
          and(eq(m.userId, trust.staff12.id), eq(m.teamId, trust.ward7.id)),
      })
      .sync()!;
    updateMembership({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      membershipId: ward7Membership.id,
      fields: { role: "manager", grade: "Band 6", skills: ["IV"], clinical: true },
    });
    removeMembership({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      membershipId: ward7Membership.id,
    });

    expect(listNotifications({ actor: staff }).map((n) => [n.title, n.body])).toEqual([
      ["You were removed from Ward 7", ""],
      ["Your details in Ward 7 changed", "Role: manager. Grade: Band 6. Skills: IV."],
      ["You were added to Ward 7 as staff", ""],
    ]);
    expect(unreadNotificationCount({ actor: staff })).toBe(3);
  });

  it("does not notify someone of a change they made themselves, nor a change that changed nothing", async () => {
    const trust = await createTwoWardTrust();
    updateMembership({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      membershipId: trust.staff7.membershipId,
      fields: { role: "staff", grade: "Band 5 RN", skills: [], clinical: true },
    });
    expect(listNotifications({ actor: actorFor(trust.staff7.id) })).toEqual([]);
  });

  it("shows each person only their own, with the unread count in the app's navigation, and marks them read", async () => {
    const trust = await createTwoWardTrust();
    updateMembership({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      membershipId: trust.staff7.membershipId,
      fields: { role: "staff", grade: "Band 6", skills: [], clinical: true },
    });
    const staff = signInAs(trust.staff7.id);
    const other = signInAs(trust.staff12.id);
    expect(
      (
        (await callLoader(appLoader, { path: "/shifts", cookie: staff.cookie })) as {
          unread: number;
        }
      ).unread,
    ).toBe(1);
    expect(
      (
        (await callLoader(appLoader, { path: "/shifts", cookie: other.cookie })) as {
          unread: number;
        }
      ).unread,
    ).toBe(0);
    const mine = (await callLoader(notificationsLoader, {
      path: "/notifications",
      cookie: staff.cookie,
    })) as { notifications: { unread: boolean }[] };
    expect(mine.notifications).toMatchObject([{ unread: true }]);
    const theirs = (await callLoader(notificationsLoader, {
      path: "/notifications",
      cookie: other.cookie,
    })) as { notifications: unknown[] };
    expect(theirs.notifications).toEqual([]);

    // Someone else marking "all read" touches only their own.
    await callAction(notificationsAction, {
      path: "/notifications",
      cookie: other.cookie,
      form: {},
    });
    expect(unreadNotificationCount({ actor: actorFor(trust.staff7.id) })).toBe(1);
    await callAction(notificationsAction, {
      path: "/notifications",
      cookie: staff.cookie,
      form: {},
    });
    expect(unreadNotificationCount({ actor: actorFor(trust.staff7.id) })).toBe(0);
    expect(markNotificationsRead({ actor: actorFor(trust.staff7.id) })).toBe(0);
  });
});
