// One notion of seen (issue 12, docs/decisions/023-one-notion-of-seen.md): a notification is read
// when its person opens it, opens the page it leads to, or marks the change it announces as seen.
import { and, eq, gt } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb, writeTransaction } from "~/db/connection.server";
import { events, notifications, shiftTypes } from "~/db/schema.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { newId } from "~/models/ids.server";
import { newestEventSeq } from "~/models/notifications/events.server";
import {
  listNotifications,
  markNotificationsSeenAt,
  notify,
  unreadNotificationCount,
} from "~/models/notifications/notifications.server";
import { markShiftsSeen } from "~/models/rota/my-shifts.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift, removeShift } from "~/models/rota/shifts.server";
import { loader as conversationLoader } from "~/routes/_app.messages.$conversationId";
import { loader as openLoader } from "~/routes/_app.notifications_.$notificationId";
import { action as shiftsAction } from "~/routes/_app.shifts";
import { loader as dayLoader } from "~/routes/_app.team.$teamId.day.$date";
import { actorFor, createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";
import { createWard } from "../../support/ward";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let periodId: string;
let shiftTypeId: string;

beforeEach(async () => {
  trust = await createTwoWardTrust();
  shiftTypeId = newId();
  getDb()
    .insert(shiftTypes)
    .values({
      id: shiftTypeId,
      teamId: trust.ward7.id,
      code: "E",
      name: "Early",
      startLocal: "07:30",
      endLocal: "15:30",
      colour: "blue",
    })
    .run();
  const manager = actorFor(trust.manager7.id);
  periodId = createRotaPeriod({
    actor: manager,
    teamId: trust.ward7.id,
    startDate: "2027-03-01",
    endDate: "2027-03-14",
  }).periodId;
  addShift({
    actor: manager,
    teamId: trust.ward7.id,
    periodId,
    userId: trust.staff7.id,
    shiftTypeId,
    date: "2027-03-02",
  });
  publishRotaPeriod({ actor: manager, teamId: trust.ward7.id, periodId });
});

const staff = () => actorFor(trust.staff7.id);
const mine = () => listNotifications({ actor: staff() });
const addLateShift = (date: string) =>
  addShift({
    actor: actorFor(trust.manager7.id),
    teamId: trust.ward7.id,
    periodId,
    userId: trust.staff7.id,
    shiftTypeId,
    date,
  }).shiftId;
const readEvents = (after: number) =>
  getDb()
    .select()
    .from(events)
    .where(and(gt(events.seq, after), eq(events.kind, "notification.read")))
    .all();

describe("where a notification leads", () => {
  it("leads a published rota to its first week, and a new shift to who is on that day", () => {
    addLateShift("2027-03-05");
    const [shift, published] = mine();
    expect(shift).toMatchObject({
      kind: "shift.added",
      link: `/team/${trust.ward7.id}/day/2027-03-05`,
    });
    expect(published).toMatchObject({
      kind: "rota.published",
      link: `/team/${trust.ward7.id}/rota?week=2027-03-01`,
    });
  });

  it("leads a removed shift to the day it was on", () => {
    const shiftId = addLateShift("2027-03-06");
    removeShift({ actor: actorFor(trust.manager7.id), teamId: trust.ward7.id, shiftId });
    expect(mine()[0]).toMatchObject({
      kind: "shift.removed",
      link: `/team/${trust.ward7.id}/day/2027-03-06`,
    });
  });
});

describe("opening a notification", () => {
  it("marks it read and sends the person to what it is about", async () => {
    addLateShift("2027-03-05");
    const [note] = mine();
    const before = unreadNotificationCount({ actor: staff() });
    const response = (await callLoader(openLoader, {
      path: `/notifications/${note!.id}`,
      params: { notificationId: note!.id },
      cookie: signInAs(trust.staff7.id).cookie,
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/team/${trust.ward7.id}/day/2027-03-05`);
    expect(mine()[0]!.readAt).not.toBeNull();
    expect(unreadNotificationCount({ actor: staff() })).toBe(before - 1);
  });

  it("answers 404 for someone else's notification and leaves it unread", async () => {
    const [note] = mine();
    const refused = await thrownResponse(() =>
      callLoader(openLoader, {
        path: `/notifications/${note!.id}`,
        params: { notificationId: note!.id },
        cookie: signInAs(trust.staff12.id).cookie,
      }),
    );
    expect(refused.status).toBe(404);
    expect(mine()[0]!.readAt).toBeNull();
  });

  it("sends a notification without a link back to the list", async () => {
    writeTransaction(() =>
      notify({ userIds: [trust.staff7.id], kind: "membership.changed", title: "Changed" }),
    );
    const [note] = mine();
    const response = (await callLoader(openLoader, {
      path: `/notifications/${note!.id}`,
      params: { notificationId: note!.id },
      cookie: signInAs(trust.staff7.id).cookie,
    })) as Response;
    expect(response.headers.get("Location")).toBe("/notifications");
  });
});

describe("seeing the thing itself", () => {
  it("reads a shift's notification when the person opens the day it leads to", async () => {
    addLateShift("2027-03-05");
    const after = newestEventSeq();
    await callLoader(dayLoader, {
      path: `/team/${trust.ward7.id}/day/2027-03-05`,
      params: { teamId: trust.ward7.id, date: "2027-03-05" },
      cookie: signInAs(trust.staff7.id).cookie,
    });
    expect(mine().find((n) => n.kind === "shift.added")!.readAt).not.toBeNull();
    // Only that day's: the published rota's notification leads elsewhere and stays unread.
    expect(mine().find((n) => n.kind === "rota.published")!.readAt).toBeNull();
    // The person's other pages hear that the count fell.
    expect(readEvents(after)).toHaveLength(1);
  });

  it("writes nothing when there is nothing unread at that page", () => {
    const after = newestEventSeq();
    expect(markNotificationsSeenAt({ actor: staff(), path: "/swaps/nothing" })).toBe(0);
    expect(readEvents(after)).toEqual([]);
  });

  it("never reads another person's notification at the same page", () => {
    addLateShift("2027-03-05");
    const path = `/team/${trust.ward7.id}/day/2027-03-05`;
    expect(markNotificationsSeenAt({ actor: actorFor(trust.manager7.id), path })).toBe(0);
    expect(mine().find((n) => n.link === path)!.readAt).toBeNull();
  });
});

describe("Mark as seen on Shifts", () => {
  it("clears the bell's shift and rota notifications too, and nothing else", async () => {
    addLateShift("2027-03-05");
    writeTransaction(() =>
      notify({ userIds: [trust.staff7.id], kind: "swap.requested", title: "A swap", link: "/x" }),
    );
    expect(unreadNotificationCount({ actor: staff() })).toBe(3);
    await callAction(shiftsAction, {
      path: "/shifts",
      cookie: signInAs(trust.staff7.id).cookie,
      form: {},
    });
    expect(unreadNotificationCount({ actor: staff() })).toBe(1);
    expect(
      mine()
        .filter((n) => !n.readAt)
        .map((n) => n.kind),
    ).toEqual(["swap.requested"]);
  });

  it("leaves a change made after the moment it was seen unread", () => {
    const seenAt = new Date();
    const later = new Date(seenAt.getTime() + 60_000);
    writeTransaction(() =>
      notify({ userIds: [trust.staff7.id], kind: "shift.changed", title: "Later", now: later }),
    );
    markShiftsSeen({ actor: staff(), now: seenAt });
    const unread = getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.userId, trust.staff7.id))
      .all()
      .filter((n) => !n.readAt);
    expect(unread.map((n) => n.title)).toEqual(["Later"]);
  });
});

describe("a mention", () => {
  it("is read when the person opens the conversation it was made in", async () => {
    const w = await createWard();
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    sendMessage({
      actor: actorFor(w.nia.id),
      conversationId: channel.id,
      clientId: `mention-${channel.id}`,
      body: "@Omar the drug fridge alarm is going",
      mentionUserIds: [w.omar.id],
    });
    const omar = actorFor(w.omar.id);
    expect(unreadNotificationCount({ actor: omar })).toBe(1);
    await callLoader(conversationLoader, {
      path: `/messages/${channel.id}`,
      params: { conversationId: channel.id },
      cookie: signInAs(w.omar.id).cookie,
    });
    expect(unreadNotificationCount({ actor: omar })).toBe(0);
  });
});
