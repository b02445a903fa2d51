// Push delivery end to end against a real push service (web-push-testing in its own process):
// who is pushed what for each kind of event, off duty and on, what a payload holds (never message
// text or an NHS number), collapsing, 404/410 pruning, retries, and a crash between the commit
// and the send (issue 13).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import webpush from "web-push";
import { closeDb, getDb, onCommit, writeTransaction } from "~/db/connection.server";
import { pushAttempts, pushDeliveries, pushSubscriptions } from "~/db/schema.server";
import {
  openDirectConversation,
  openShiftThread,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { planPushes, planTestAlert } from "~/messaging/push/push-planner.server";
import { type PushTransport, sendDuePushes } from "~/messaging/push/push-sender.server";
import { savePushChoices, saveSubscription } from "~/messaging/push/push-subscriptions.server";
import { planEscalations } from "~/messaging/push/urgent-escalation.server";
import type { VapidDetails } from "~/messaging/push/vapid.server";
import { acknowledgeUrgent } from "~/messaging/urgent.server";
import { deleteSession, purgeExpiredSessions } from "~/models/accounts/sessions.server";
import { listNotifications, notify } from "~/models/notifications/notifications.server";
import { createRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift } from "~/models/rota/shifts.server";
import { actorFor, addToTeam, signInAs } from "../../support/factories";
import {
  startPushService,
  type TestDevice,
  type TestPushService,
} from "../../support/push-service";
import { addShiftType, createWard, type Ward } from "../../support/ward";

// Tuesday 5 January 2027, 10:00 in London (GMT): Nia is on the early (07:30-15:30), Omar's night
// starts at 20:00 (10 hours away: off duty), Pat has no shift.
const NOW = new Date("2027-01-05T10:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

let service: TestPushService;
let w: Ward;
let vapid: VapidDetails;
type Person = { id: string; name: string };
const devices = new Map<string, TestDevice & { sessionId: string; subscriptionId: string }>();
const seen = new Map<string, number>();

beforeAll(async () => {
  service = await startPushService();
  process.env.BATON_PUSH_SERVICES = service.origin;
  const keys = webpush.generateVAPIDKeys();
  vapid = { subject: "mailto:rota-office@northgate.example", ...keys };
});
afterAll(() => service.stop());

beforeEach(async () => {
  w = await createWard();
  devices.clear();
  seen.clear();
  w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: w.types.E, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
  ]);
  for (const person of [w.nia, w.omar, w.pat, w.trust.manager7]) await subscribe(person);
  // Each test starts with an empty outbox: the publish above and earlier tests' wards are done.
  planPushes({ now: NOW });
  getDb().delete(pushDeliveries).run();
});

async function subscribe(person: Person) {
  const device = await service.subscribe(vapid.publicKey);
  const { sessionId } = signInAs(person.id, NOW);
  const saved = saveSubscription({
    actor: actorFor(person.id),
    sessionId,
    endpoint: device.endpoint,
    p256dh: device.p256dh,
    auth: device.auth,
    userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36",
    now: NOW,
  });
  devices.set(person.id, { ...device, sessionId, subscriptionId: saved!.id });
}

/** Plans and sends at `now`, then what reached each person's device since the last call. */
async function deliver(now = NOW, transport?: PushTransport) {
  planPushes({ now });
  await sendDuePushes({ vapid, now: () => now, ...(transport ? { transport } : {}) });
  const arrived = new Map<string, Record<string, string>[]>();
  for (const [userId, device] of devices) {
    const all = (await service.received(device)) as Record<string, string>[];
    arrived.set(userId, all.slice(seen.get(userId) ?? 0));
    seen.set(userId, all.length);
  }
  return (person: Person) => arrived.get(person.id) ?? [];
}

const send = (from: Person, conversationId: string, body: string, extra = {}, now = NOW) =>
  sendMessage({
    actor: actorFor(from.id),
    conversationId,
    clientId: `c${Math.random().toString(36).slice(2)}`,
    body,
    now,
    ...extra,
  });

describe("messages", () => {
  it("push a direct message to its person even off duty, saying who from and never what", async () => {
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "Can you swap Saturday? Bed 4 is Mr J Smith 943 476 5919");
    const to = await deliver();
    expect(to(w.omar)).toEqual([
      {
        title: "Message from Pat Nurse",
        body: "Open Baton to read it.",
        path: `/messages/${direct.id}`,
        tag: `conversation:${direct.id}`,
      },
    ]);
    expect(to(w.pat)).toEqual([]); // not to the sender
    expect(to(w.nia)).toEqual([]);
    const payloads = JSON.stringify([...devices.keys()].map((id) => to({ id, name: "" })));
    expect(payloads).not.toMatch(/Smith|943|Saturday/);
  });

  it("push a shift thread's message to those on that shift now, not to the rest of the team", async () => {
    const thread = openShiftThread({
      actor: actorFor(w.nia.id),
      teamId: w.ward,
      shiftTypeId: w.types.E,
      date: "2027-01-05",
    });
    send(w.trust.manager7, thread.id, "Bay 3 needs a second check at 11");
    const to = await deliver();
    expect(to(w.nia)).toEqual([
      expect.objectContaining({
        title: "New message",
        body: "New message in Ward 7 e, Tue 5 Jan.",
        path: `/messages/${thread.id}`,
      }),
    ]);
    for (const other of [w.omar, w.pat]) expect(to(other)).toEqual([]);
  });

  it("push the night's thread to its staff only from 2 hours before it starts", async () => {
    const thread = openShiftThread({
      actor: actorFor(w.omar.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-01-05",
    });
    send(w.trust.manager7, thread.id, "Two admissions expected", {}, NOW);
    expect((await deliver())(w.omar)).toEqual([]);
    const at1815 = new Date("2027-01-05T18:15:00Z");
    send(w.trust.manager7, thread.id, "Now three", {}, at1815);
    expect((await deliver(at1815))(w.omar)).toHaveLength(1);
  });

  it("do not push a team channel message unless someone asked for everything", async () => {
    savePushChoices({
      actor: actorFor(w.pat.id),
      choices: { mode: "everything", openShifts: false },
    });
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    send(w.nia, channel.id, "Cake in the staff room");
    const to = await deliver();
    expect(to(w.pat)).toEqual([
      expect.objectContaining({ body: "New message in the Ward 7 team channel." }),
    ]);
    for (const other of [w.omar, w.trust.manager7]) expect(to(other)).toEqual([]);
  });

  it("push an urgent message to everyone in it, off duty and under urgent-only too, with high urgency", async () => {
    savePushChoices({
      actor: actorFor(w.omar.id),
      choices: { mode: "urgent-only", openShifts: false },
    });
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    const { message } = send(w.nia, channel.id, "Fire alarm on Ward 7", { urgent: true });
    const to = await deliver();
    for (const person of [w.omar, w.pat, w.trust.manager7])
      expect(to(person)).toEqual([
        {
          title: "Urgent message",
          body: "Urgent message in the Ward 7 team channel: open Baton to read and acknowledge it.",
          path: `/messages/${channel.id}`,
          tag: `urgent:${message.id}`,
        },
      ]);
    const row = getDb()
      .select()
      .from(pushDeliveries)
      .where(eq(pushDeliveries.tag, `urgent:${message.id}`))
      .all();
    expect(row.every((d) => d.urgency === "high")).toBe(true);
  });

  it("push a mention on duty, and not off duty under the rota's rules", async () => {
    const channel = openTeamChannel({ actor: actorFor(w.pat.id), teamId: w.ward });
    send(w.pat, channel.id, "@Nia @Omar can you check the board", {
      mentionUserIds: [w.nia.id, w.omar.id],
    });
    const to = await deliver();
    expect(to(w.nia)).toEqual([
      expect.objectContaining({ body: "You were mentioned in the Ward 7 team channel." }),
    ]);
    expect(to(w.omar)).toEqual([]);
  });

  it("collapse several messages of one conversation within a minute into one alert", async () => {
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "one", {}, NOW);
    send(w.pat, direct.id, "two", {}, later(20_000));
    expect((await deliver(later(20_000)))(w.omar)).toHaveLength(1);
    send(w.pat, direct.id, "three", {}, later(90_000));
    expect((await deliver(later(90_000)))(w.omar)).toHaveLength(1);
  });

  it("do not collapse into an alert that failed: the next message within the minute is sent", async () => {
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "one", {}, NOW);
    const refused: PushTransport = async () => 400;
    expect((await deliver(NOW, refused))(w.omar)).toEqual([]);
    expect(getDb().select().from(pushDeliveries).all()).toEqual([
      expect.objectContaining({ state: "failed" }),
    ]);
    send(w.pat, direct.id, "two", {}, later(20_000));
    expect((await deliver(later(20_000)))(w.omar)).toHaveLength(1);
  });
});

describe("urgent messages not acknowledged", () => {
  const NIGHT = new Date("2027-01-05T21:00:00Z");
  const at = (minutes: number) => new Date(NIGHT.getTime() + minutes * 60_000);
  const urgentAtNight = () => {
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    // At 21:00 Omar is on the night: he must acknowledge it.
    const { message } = send(
      w.nia,
      channel.id,
      "Patient fall in bay 2, need help",
      { urgent: true },
      NIGHT,
    );
    return { channel, message };
  };

  it("re-alert whoever has not acknowledged every 5 minutes, three times, then tell the managers who", async () => {
    const { channel, message } = urgentAtNight();
    expect((await deliver(NIGHT))(w.omar)).toHaveLength(1);
    planEscalations({ now: at(4) });
    expect((await deliver(at(4)))(w.omar)).toEqual([]);
    for (const [minute, round] of [
      [5, 1],
      [10, 2],
      [15, 3],
    ] as const) {
      planEscalations({ now: at(minute) });
      planEscalations({ now: at(minute) }); // a second sweep plans nothing more
      const to = await deliver(at(minute));
      expect(to(w.omar)).toEqual([
        {
          title: `Urgent, not acknowledged (${round} of 3)`,
          body: "Urgent message in the Ward 7 team channel: open Baton to read and acknowledge it.",
          path: `/messages/${channel.id}`,
          tag: `urgent:${message.id}`,
          renotify: true,
        },
      ]);
      expect(to(w.trust.manager7)).toEqual([]);
      expect(to(w.nia)).toEqual([]);
    }
    planEscalations({ now: at(20) });
    const to = await deliver(at(20));
    expect(to(w.omar)).toEqual([]);
    expect(to(w.trust.manager7)).toEqual([
      expect.objectContaining({
        title: "Urgent message not acknowledged",
        body: "In the Ward 7 team channel, not acknowledged by Omar Nurse.",
      }),
    ]);
    planEscalations({ now: at(60) });
    expect((await deliver(at(60)))(w.trust.manager7)).toEqual([]);
  });

  it("stop once it is acknowledged", async () => {
    const { message } = urgentAtNight();
    planEscalations({ now: at(5) });
    expect((await deliver(at(5)))(w.omar)).toHaveLength(2);
    acknowledgeUrgent({ actor: actorFor(w.omar.id), messageId: message.id, now: at(6) });
    for (const minute of [10, 15, 20, 25]) planEscalations({ now: at(minute) });
    const to = await deliver(at(25));
    expect(to(w.omar)).toEqual([]);
    expect(to(w.trust.manager7)).toEqual([]);
  });
});

describe("notifications", () => {
  const tell = (userId: string, kind: Parameters<typeof notify>[0]["kind"], link: string) =>
    writeTransaction(() =>
      notify({
        userIds: [userId],
        kind,
        title: "Something with a reason typed by a person",
        body: "Mr J Smith",
        link,
        now: NOW,
      }),
    );

  it("push a decision on my own request off duty, and a request to me only on duty", async () => {
    tell(w.omar.id, "swap.decided", "/swaps/abc");
    tell(w.omar.id, "swap.requested", "/swaps/def");
    tell(w.nia.id, "swap.requested", "/swaps/ghi");
    const to = await deliver();
    expect(to(w.omar)).toEqual([
      {
        title: "Swap request",
        body: "Your swap request was decided.",
        path: expect.stringMatching(/^\/notifications\/[a-z0-9]+$/),
        tag: expect.stringMatching(/^notification:/),
      },
    ]);
    expect(to(w.nia)).toEqual([
      expect.objectContaining({
        body: "A swap request waits for your answer.",
        path: expect.stringMatching(/^\/notifications\//),
      }),
    ]);
  });

  it("push open shifts only to those who opted in, and never a notification's own words", async () => {
    savePushChoices({ actor: actorFor(w.nia.id), choices: { mode: "rota", openShifts: true } });
    tell(w.nia.id, "open-shift.posted", "/swaps");
    tell(w.pat.id, "open-shift.posted", "/swaps");
    const to = await deliver();
    expect(to(w.nia)).toEqual([
      expect.objectContaining({
        title: "Open shift",
        body: "An open shift you could work was posted.",
      }),
    ]);
    expect(to(w.pat)).toEqual([]);
    expect(JSON.stringify(to(w.nia))).not.toMatch(/Smith|reason typed/);
  });

  it("tell the incoming staff a handover is ready and the outgoing that it was accepted, on duty, in generic words", async () => {
    tell(w.nia.id, "handover.ready", "/handover/x/20270105T1530Z");
    tell(w.nia.id, "handover.accepted", "/handover/x/20270105T0730Z");
    // Omar's night is 10 hours away: off duty, a handover is not pushed.
    tell(w.omar.id, "handover.ready", "/handover/x/20270105T2000Z");
    const to = await deliver();
    expect(to(w.nia)).toEqual([
      expect.objectContaining({
        title: "Handover ready",
        body: "The handover for your shift is ready to receive.",
      }),
      expect.objectContaining({ title: "Handover accepted", body: "Your handover was accepted." }),
    ]);
    expect(to(w.omar)).toEqual([]);
    expect(JSON.stringify(to(w.nia))).not.toMatch(/Smith|reason typed|handover\/x/);
  });

  it("open the notification itself (which reads it and goes on), never its own link", async () => {
    tell(w.nia.id, "shift.changed", "/shifts?x=1");
    const [alert] = (await deliver())(w.nia);
    const [note] = listNotifications({ actor: actorFor(w.nia.id), limit: 1 });
    expect(alert).toMatchObject({ path: `/notifications/${note!.id}` });
  });

  it("tell managers of an overdue handover, at high urgency, without its contents, on duty or if they chose", async () => {
    // The manager has no shift today: off duty, the rota's rules do not alert them.
    tell(w.trust.manager7.id, "handover.overdue", "/handover/x/20270105T0730Z");
    expect((await deliver())(w.trust.manager7)).toEqual([]);
    savePushChoices({
      actor: actorFor(w.trust.manager7.id),
      choices: { mode: "everything", openShifts: false },
    });
    tell(w.trust.manager7.id, "handover.overdue", "/handover/x/20270105T1330Z");
    expect((await deliver())(w.trust.manager7)).toEqual([
      expect.objectContaining({
        title: "Handover overdue",
        body: "A handover has not been accepted 30 minutes into the shift.",
      }),
    ]);
    const row = getDb()
      .select()
      .from(pushDeliveries)
      .where(eq(pushDeliveries.kind, "handover.overdue"))
      .get();
    expect(row?.urgency).toBe("high");
  });
});

describe("delivery", () => {
  it("deletes a subscription the push service says is gone, and records the attempt", async () => {
    const omar = devices.get(w.omar.id)!;
    await service.expire(omar);
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "hello");
    await deliver();
    expect(
      getDb()
        .select()
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.id, omar.subscriptionId))
        .get(),
    ).toBeUndefined();
    const attempts = getDb().select().from(pushAttempts).all();
    expect(attempts).toEqual([expect.objectContaining({ statusCode: 410, outcome: "gone" })]);
  });

  it("retries a failed send with backoff and delivers it once", async () => {
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "hello");
    const unavailable: PushTransport = async () => 503;
    expect((await deliver(NOW, unavailable))(w.omar)).toEqual([]);
    const [row] = getDb().select().from(pushDeliveries).all();
    expect(row).toMatchObject({ state: "pending", attempts: 1 });
    expect(row!.nextAttemptAt.getTime()).toBe(NOW.getTime() + 30_000);
    // Not before it is due.
    expect((await deliver(later(10_000)))(w.omar)).toEqual([]);
    expect((await deliver(later(31_000)))(w.omar)).toHaveLength(1);
    expect((await deliver(later(200_000)))(w.omar)).toEqual([]);
    expect(
      getDb()
        .select()
        .from(pushAttempts)
        .all()
        .map((a) => a.outcome),
    ).toEqual(["retry", "sent"]);
  });

  it("loses nothing and sends nothing twice when the process stops between the commit and the send", async () => {
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "hello");
    planPushes({ now: NOW });
    // The process dies here: the plan is committed, nothing sent. A new process opens the file.
    closeDb();
    expect(planPushes({ now: NOW }).planned).toBe(0);
    const to = await deliver();
    expect(to(w.omar)).toHaveLength(1);
    expect((await deliver())(w.omar)).toEqual([]);
  });

  it("keeps sending to everyone when one device's keys cannot be used", async () => {
    // A row web-push cannot encrypt to (saving refuses such keys; a row from before, say).
    getDb()
      .update(pushSubscriptions)
      .set({ p256dh: "AAAA" })
      .where(eq(pushSubscriptions.id, devices.get(w.pat.id)!.subscriptionId))
      .run();
    for (let i = 0; i < 20; i++) planTestAlert({ userId: w.pat.id, now: NOW });
    const direct = openDirectConversation({ actor: actorFor(w.pat.id), userId: w.omar.id });
    send(w.pat, direct.id, "hello");
    expect((await deliver())(w.omar)).toHaveLength(1);
    const bad = getDb()
      .select()
      .from(pushDeliveries)
      .where(eq(pushDeliveries.userId, w.pat.id))
      .all();
    expect(bad.map((d) => d.state)).toEqual(Array(20).fill("failed"));
  });

  it("escalation sweeps with nothing due write nothing (no commit to wake the dispatcher)", async () => {
    const channel = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward });
    send(
      w.nia,
      channel.id,
      "Need a hand in bay 4",
      { urgent: true },
      new Date("2027-01-05T21:00:00Z"),
    );
    let commits = 0;
    const stop = onCommit(() => commits++);
    try {
      planEscalations({ now: new Date("2027-01-05T21:03:00Z") });
      expect(commits).toBe(0);
      planEscalations({ now: new Date("2027-01-05T21:05:00Z") });
      expect(commits).toBe(1);
      planEscalations({ now: new Date("2027-01-05T21:06:00Z") });
      expect(commits).toBe(1);
    } finally {
      stop();
    }
  });

  it("counts only the published rota as on duty", async () => {
    // Pat's only shift today is on Ward 12's draft: nobody has been told of it.
    const ward12 = w.trust.ward12.id;
    addToTeam(w.pat.id, ward12, "staff");
    const early = addShiftType(ward12, "E", "07:30", "15:30");
    const manager12 = actorFor(w.trust.manager12.id);
    const { periodId } = createRotaPeriod({
      actor: manager12,
      teamId: ward12,
      startDate: "2027-01-04",
      endDate: "2027-01-10",
    });
    addShift({
      actor: manager12,
      teamId: ward12,
      periodId,
      userId: w.pat.id,
      shiftTypeId: early,
      date: "2027-01-05",
    });
    writeTransaction(() =>
      notify({ userIds: [w.pat.id], kind: "swap.requested", title: "t", link: "/swaps", now: NOW }),
    );
    expect((await deliver())(w.pat)).toEqual([]);
  });

  it("never posts to an address that is not a push service", () => {
    expect(() =>
      saveSubscription({
        actor: actorFor(w.pat.id),
        sessionId: signInAs(w.pat.id).sessionId,
        endpoint: "http://169.254.169.254/latest/meta-data",
        p256dh: "BKey",
        auth: "auth",
        userAgent: "",
      }),
    ).toThrow(/not the address of a push service/);
  });

  it("stops alerting a device signed out, and keeps one whose sign-in merely lapsed", async () => {
    deleteSession(devices.get(w.nia.id)!.sessionId);
    expect(
      getDb().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, w.nia.id)).all(),
    ).toEqual([]);
    // Pat's session runs out: the purge deletes it, the subscription stays without a session.
    purgeExpiredSessions(new Date(NOW.getTime() + 400 * 86_400_000));
    expect(
      getDb().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, w.pat.id)).get(),
    ).toMatchObject({ sessionId: null });
  });

  it("sends a test alert to every device of the person", async () => {
    expect(planTestAlert({ userId: w.pat.id, now: NOW })).toBe(1);
    expect((await deliver())(w.pat)).toEqual([
      expect.objectContaining({
        body: "Alerts work on this device.",
        path: "/settings/notifications",
      }),
    ]);
  });
});
