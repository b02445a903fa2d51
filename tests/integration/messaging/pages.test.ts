// The Messages pages through their real loaders and actions, with real sessions: the Messages tab,
// a conversation (reading, sending, the patient-data guard, idempotent sends, urgent
// acknowledgements, older pages), opening a shift thread or team channel, starting a direct
// message or group, and the unread total on the Messages tab.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { conversations, messages, shiftTypes } from "~/db/schema.server";
import { openShiftThread, openTeamChannel } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { PATIENT_DATA_REFUSAL } from "~/messaging/patient-data-guard";
import { addDays, localDateKey } from "~/models/local-time";
import { formatClock, formatDay } from "~/models/rota/shift-display";
import { changeShift } from "~/models/rota/shifts.server";
import * as layout from "~/routes/_app";
import * as inboxPage from "~/routes/_app.messages._index";
import * as conversationPage from "~/routes/_app.messages.$conversationId";
import * as directPage from "~/routes/_app.messages.direct.$userId";
import * as newPage from "~/routes/_app.messages.new";
import * as shiftThreadPage from "~/routes/_app.messages.shift.$teamId.$shiftTypeId.$date";
import * as teamChannelPage from "~/routes/_app.messages.team.$teamId";
import * as shiftsPage from "~/routes/_app.shifts";
import * as outboxSend from "~/routes/messages.$conversationId.send";
import { actorFor, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";
import { addShiftType, createWard, type Ward } from "../../support/ward";

const LONDON = "Europe/London";
let w: Ward;
let channelId: string;
/** A shift type in progress now, worked today by Nia and Omar; Pat has the night after next. */
let nowType: string;
let nowDate: string;
let nightDate: string;

beforeAll(async () => {
  w = await createWard();
  const now = Date.now();
  const start = now - 3_600_000;
  nowDate = localDateKey(start, LONDON);
  nowType = addShiftType(
    w.ward,
    "X",
    formatClock(start, LONDON),
    formatClock(now + 3 * 3_600_000, LONDON),
  );
  nightDate = addDays(localDateKey(now, LONDON), 2);
  getDb().update(shiftTypes).set({ name: "Night" }).where(eq(shiftTypes.id, w.types.N)).run();
  w.rota(addDays(nowDate, -1), addDays(nowDate, 3), [
    { userId: w.nia.id, type: nowType, date: nowDate },
    { userId: w.omar.id, type: nowType, date: nowDate },
    { userId: w.pat.id, type: w.types.N, date: nightDate },
  ]);
  channelId = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward }).id;
});

type Person = { id: string };
const cookieOf = (person: Person) => signInAs(person.id).cookie;
let n = 0;
const say = (person: Person, conversationId: string, body: string, extra = {}) =>
  sendMessage({
    actor: actorFor(person.id),
    conversationId,
    clientId: `seed-${n++}`,
    body,
    ...extra,
  }).message;

type ConversationData = Awaited<ReturnType<typeof conversationPage.loader>>;
const openPage = async (person: Person, id: string, query = "") =>
  (await callLoader(conversationPage.loader, {
    path: `/messages/${id}${query}`,
    params: { conversationId: id },
    cookie: cookieOf(person),
  })) as ConversationData;
const post = (person: Person, id: string, form: Record<string, string>) =>
  callAction(conversationPage.action, {
    path: `/messages/${id}`,
    params: { conversationId: id },
    form,
    cookie: cookieOf(person),
  });
const messagesIn = (conversationId: string) =>
  getDb().select().from(messages).where(eq(messages.conversationId, conversationId)).all();

describe("a conversation page", () => {
  it("shows a member the conversation's messages, newest last, with sender and time", async () => {
    say(w.nia, channelId, "Morning all, coffee in the staff room");
    const page = await openPage(w.omar, channelId);
    expect(page.title).toBe("Ward 7");
    expect(page.about).toBe("Team channel");
    const last = page.messages.at(-1)!;
    expect([last.senderName, last.body, last.mine]).toEqual([
      "Nia Nurse",
      "Morning all, coffee in the staff room",
      false,
    ]);
    expect(last.when).toMatch(/\d\d:\d\d$/);
  });

  it("answers 404 to someone in another team", async () => {
    const response = await thrownResponse(() => openPage(w.trust.staff12, channelId));
    expect(response.status).toBe(404);
  });

  it("answers 404 to a former member of a shift thread, for reading and for sending", async () => {
    const { shiftIds } = w.rota("2027-06-07", "2027-06-13", [
      { userId: w.pat.id, type: w.types.N, date: "2027-06-08" },
    ]);
    const thread = openShiftThread({
      actor: actorFor(w.pat.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-06-08",
    });
    say(w.pat, thread.id, "Anyone fancy this night?");
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.omar.id,
      shiftTypeId: w.types.N,
      date: "2027-06-08",
    });
    expect((await thrownResponse(() => openPage(w.pat, thread.id))).status).toBe(404);
    const refused = await thrownResponse(() =>
      post(w.pat, thread.id, { intent: "send", clientId: "late", body: "still here?" }),
    );
    expect(refused.status).toBe(404);
    expect(messagesIn(thread.id)).toHaveLength(1);
  });

  it("sends a member's message and returns to the newest messages", async () => {
    const page = await openPage(w.omar, channelId);
    const answer = (await post(w.omar, channelId, {
      intent: "send",
      clientId: page.clientId,
      body: "Bay 2 obs done",
    })) as Response;
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/messages/${channelId}#latest`);
    expect((await openPage(w.nia, channelId)).messages.at(-1)?.body).toBe("Bay 2 obs done");
  });

  it("answers the outbox's send in JSON rather than a redirect, and a retry makes no second message", async () => {
    const before = messagesIn(channelId).length;
    const clientId = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    const form = { intent: "send", clientId, body: "Porter booked for bed 12" };
    const send = async () => {
      const answer = (await callAction(outboxSend.action, {
        path: `/messages/${channelId}/send`,
        params: { conversationId: channelId },
        form,
        cookie: cookieOf(w.omar),
      })) as Response;
      return { status: answer.status, body: await answer.json() };
    };
    expect(await send()).toEqual({ status: 200, body: { sent: true } });
    expect(await send()).toEqual({ status: 200, body: { sent: true } });
    expect(messagesIn(channelId).length).toBe(before + 1);
  });

  it("answers the outbox's refused send with 422 and the reasons", async () => {
    const answer = (await callAction(outboxSend.action, {
      path: `/messages/${channelId}/send`,
      params: { conversationId: channelId },
      form: { intent: "send", clientId: "c-blank", body: "   " },
      cookie: cookieOf(w.omar),
    })) as Response;
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({
      errors: [{ field: "body", message: "Write a message." }],
    });
  });

  it("sends the outbox to sign in once the session has ended", async () => {
    const answer = await thrownResponse(() =>
      callAction(outboxSend.action, {
        path: `/messages/${channelId}/send`,
        params: { conversationId: channelId },
        form: { intent: "send", clientId: "c-late", body: "Too late" },
        cookie: "baton_session=ended",
      }),
    );
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toMatch(/^\/login/);
  });

  it("gives the viewer the client ids of their own messages only", async () => {
    say(w.nia, channelId, "Mine");
    say(w.omar, channelId, "Theirs");
    const page = await openPage(w.nia, channelId);
    const [mine, theirs] = page.messages.slice(-2);
    expect(mine?.clientId).toMatch(/^seed-/);
    expect(theirs?.clientId).toBeNull();
  });

  it("gives each rendering of the page a new client id", async () => {
    const first = await openPage(w.omar, channelId);
    const second = await openPage(w.omar, channelId);
    expect(first.clientId).not.toBe(second.clientId);
  });

  it("makes one message when the same form is sent twice", async () => {
    const { clientId } = await openPage(w.nia, channelId);
    const before = messagesIn(channelId).length;
    const form = { intent: "send", clientId, body: "Handover at 19:45 please" };
    await post(w.nia, channelId, form);
    await post(w.nia, channelId, form);
    expect(messagesIn(channelId).length).toBe(before + 1);
  });

  it("refuses an NHS number where someone is not clinical, keeping the text and storing nothing", async () => {
    const before = messagesIn(channelId).length;
    const body = "Bed 4 is 943 476 5919, can someone check the drug chart";
    const answer = (await post(w.nia, channelId, {
      intent: "send",
      clientId: "guarded",
      body,
    })) as { errors: { field?: string; message: string }[]; body: string };
    expect(answer.errors).toEqual([{ field: "body", message: PATIENT_DATA_REFUSAL }]);
    expect(answer.body).toBe(body);
    expect(messagesIn(channelId).length).toBe(before);
  });

  it("refuses an empty message with a message beside the box", async () => {
    const answer = (await post(w.nia, channelId, {
      intent: "send",
      clientId: "empty",
      body: "   ",
    })) as { errors: { field?: string; message: string }[] };
    expect(answer.errors).toEqual([{ field: "body", message: "Write a message." }]);
  });

  it("shows the message replied to, quoted", async () => {
    const original = say(w.nia, channelId, "Who has the keys to the drug cupboard?");
    const replying = await openPage(w.omar, channelId, `?replyTo=${original.id}`);
    expect(replying.replyingTo?.senderName).toBe("Nia Nurse");
    await post(w.omar, channelId, {
      intent: "send",
      clientId: replying.clientId,
      body: "I do, coming now",
      replyToMessageId: original.id,
    });
    const last = (await openPage(w.nia, channelId)).messages.at(-1)!;
    expect(last.replyTo).toEqual({
      id: original.id,
      senderName: "Nia Nurse",
      body: "Who has the keys to the drug cupboard?",
      deleted: false,
      removed: false,
    });
  });

  it("says who has seen my latest message", async () => {
    const group = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { userIds: w.omar.id, name: "Seen test" },
      cookie: cookieOf(w.nia),
    })) as Response;
    const id = group.headers.get("Location")!.split("/").at(-1)!;
    say(w.nia, id, "Anyone seen the hoist battery?");
    expect((await openPage(w.nia, id)).seen).toMatchObject({
      seen: [],
      notSeen: [{ name: "Omar Nurse" }],
    });
    await openPage(w.omar, id);
    expect((await openPage(w.nia, id)).seen).toMatchObject({
      seen: [{ name: "Omar Nurse" }],
      notSeen: [],
    });
  });
});

describe("older messages", () => {
  it("opens at the newest 30 with a cursor that shows the ones before them", async () => {
    const group = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { userIds: w.pat.id, name: "Paging" },
      cookie: cookieOf(w.omar),
    })) as Response;
    const id = group.headers.get("Location")!.split("/").at(-1)!;
    const base = Date.now() - 100_000;
    for (let i = 1; i <= 35; i++) say(w.omar, id, `note ${i}`, { now: new Date(base + i * 1000) });
    const newest = await openPage(w.pat, id);
    expect(newest.messages.map((m) => m.body)).toEqual(
      Array.from({ length: 30 }, (_, i) => `note ${i + 6}`),
    );
    expect(newest.older).toBeTruthy();
    const older = await openPage(w.pat, id, `?before=${encodeURIComponent(newest.older!)}`);
    expect(older.messages.map((m) => m.body)).toEqual([1, 2, 3, 4, 5].map((i) => `note ${i}`));
    expect(older.older).toBeNull();
    expect(older.newest).toBe(false);
  });

  it("lets me reply to a message on an older page", async () => {
    const group = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { userIds: w.pat.id, name: "Old replies" },
      cookie: cookieOf(w.omar),
    })) as Response;
    const id = group.headers.get("Location")!.split("/").at(-1)!;
    const base = Date.now() - 100_000;
    const first = say(w.omar, id, "the first", { now: new Date(base) });
    for (let i = 1; i <= 30; i++) say(w.omar, id, `later ${i}`, { now: new Date(base + i * 1000) });
    const page = await openPage(w.pat, id, `?replyTo=${first.id}`);
    expect(page.messages.map((m) => m.id)).not.toContain(first.id);
    expect(page.replyingTo).toEqual({ id: first.id, senderName: "Omar Nurse", body: "the first" });
  });

  it("ignores a reply to a message of another conversation", async () => {
    const elsewhere = say(w.nia, channelId, "in the channel");
    const group = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { userIds: w.nia.id, name: "Not here" },
      cookie: cookieOf(w.omar),
    })) as Response;
    const id = group.headers.get("Location")!.split("/").at(-1)!;
    expect((await openPage(w.omar, id, `?replyTo=${elsewhere.id}`)).replyingTo).toBeNull();
  });

  it("answers 400 to a cursor that is not one", async () => {
    const response = await thrownResponse(() => openPage(w.omar, channelId, "?before=nonsense"));
    expect(response.status).toBe(400);
  });
});

describe("urgent messages", () => {
  let threadId: string;
  beforeAll(() => {
    threadId = openShiftThread({
      actor: actorFor(w.nia.id),
      teamId: w.ward,
      shiftTypeId: nowType,
      date: nowDate,
    }).id;
  });

  it("stay at the top for someone on shift until they acknowledge, and the sender sees who has", async () => {
    const { clientId } = await openPage(w.nia, threadId);
    await post(w.nia, threadId, {
      intent: "send",
      clientId,
      body: "Crash call bay 3, need a second pair of hands",
      urgent: "yes",
    });
    const omarSees = await openPage(w.omar, threadId);
    expect(omarSees.awaitingMe.map((u) => [u.senderName, u.body])).toEqual([
      ["Nia Nurse", "Crash call bay 3, need a second pair of hands"],
    ]);
    const senderSees = async () =>
      (await openPage(w.nia, threadId)).messages.find((m) => m.urgent)?.acknowledgements;
    expect(await senderSees()).toEqual({
      acknowledged: [],
      waiting: ["Omar Nurse"],
      unreachable: ["Omar Nurse"],
    });

    const answer = (await post(w.omar, threadId, {
      intent: "acknowledge",
      messageId: omarSees.awaitingMe[0]!.id,
    })) as Response;
    expect(answer.status).toBe(302);
    expect((await openPage(w.omar, threadId)).awaitingMe).toEqual([]);
    expect(await senderSees()).toEqual({
      acknowledged: ["Omar Nurse"],
      waiting: [],
      unreachable: [],
    });
  });

  it("show who has acknowledged to a manager, and not to another member", async () => {
    const managerSees = (await openPage(w.trust.manager7, threadId)).messages.find((m) => m.urgent);
    expect(managerSees?.acknowledgements).toEqual({
      acknowledged: ["Omar Nurse"],
      waiting: [],
      unreachable: [],
    });
    const omarSees = (await openPage(w.omar, threadId)).messages.find((m) => m.urgent);
    expect(omarSees?.acknowledgements).toBeNull();
  });
});

describe("opening shift threads and team channels", () => {
  it("opens the thread of a shift I work, making it, and takes me to it", async () => {
    const params = { teamId: w.ward, shiftTypeId: w.types.N, date: nightDate };
    const answer = (await callLoader(shiftThreadPage.loader, {
      path: `/messages/shift/${w.ward}/${w.types.N}/${nightDate}`,
      params,
      cookie: cookieOf(w.pat),
    })) as Response;
    const thread = getDb()
      .select()
      .from(conversations)
      .where(and(eq(conversations.kind, "shift"), eq(conversations.date, nightDate)))
      .get();
    expect(answer.headers.get("Location")).toBe(`/messages/${thread?.id}#latest`);
  });

  it("answers 404 to someone not on that shift", async () => {
    const response = await thrownResponse(() =>
      callLoader(shiftThreadPage.loader, {
        path: `/messages/shift/${w.ward}/${w.types.N}/${nightDate}`,
        params: { teamId: w.ward, shiftTypeId: w.types.N, date: nightDate },
        cookie: cookieOf(w.cal),
      }),
    );
    expect(response.status).toBe(404);
  });

  it("opens my team's channel, and answers 404 for another team's", async () => {
    const mine = (await callLoader(teamChannelPage.loader, {
      path: `/messages/team/${w.ward}`,
      params: { teamId: w.ward },
      cookie: cookieOf(w.cal),
    })) as Response;
    expect(mine.headers.get("Location")).toBe(`/messages/${channelId}#latest`);
    const theirs = await thrownResponse(() =>
      callLoader(teamChannelPage.loader, {
        path: `/messages/team/${w.trust.ward12.id}`,
        params: { teamId: w.trust.ward12.id },
        cookie: cookieOf(w.cal),
      }),
    );
    expect(theirs.status).toBe(404);
  });
});

describe("the Messages tab", () => {
  type Inbox = Awaited<ReturnType<typeof inboxPage.loader>>;
  const inboxOf = async (person: Person) =>
    (await callLoader(inboxPage.loader, { path: "/messages", cookie: cookieOf(person) })) as Inbox;

  it("pins my next shift's thread, named as the ward says it, with its times in the team's zone", async () => {
    const inbox = await inboxOf(w.pat);
    expect(inbox.pinned.map((p) => [p.title, p.now, p.teamName])).toEqual([
      [`Night, ${formatDay(nightDate)}`, false, "Ward 7"],
    ]);
    expect(inbox.pinned[0]?.times).toMatch(/20:00 to .* 08:00$/);
  });

  it("names a shift thread in the list by its shift, day and team", async () => {
    const { shiftIds } = w.rota("2027-07-05", "2027-07-11", [
      { userId: w.omar.id, type: w.types.N, date: "2027-07-06" },
    ]);
    expect(shiftIds).toHaveLength(1);
    const thread = openShiftThread({
      actor: actorFor(w.omar.id),
      teamId: w.ward,
      shiftTypeId: w.types.N,
      date: "2027-07-06",
    });
    say(w.omar, thread.id, "Who is bringing biscuits?");
    const listed = (await inboxOf(w.omar)).conversations.find((c) => c.id === thread.id);
    expect(listed?.title).toBe("Night, Tue 6 Jul · Ward 7");
  });

  it("lists my conversations with their unread counts", async () => {
    say(w.nia, channelId, "Fire drill at 11");
    const inbox = await inboxOf(w.cal);
    const channel = inbox.conversations.find((c) => c.id === channelId);
    expect(channel?.title).toBe("Ward 7");
    expect(channel?.unread).toBeGreaterThan(0);
  });
});

describe("the unread total on the Messages tab", () => {
  const total = async (person: Person) =>
    (
      (await callLoader(layout.loader, { path: "/shifts", cookie: cookieOf(person) })) as {
        unreadMessages: number;
      }
    ).unreadMessages;

  it("counts others' unread messages across my conversations, and drops when I open them", async () => {
    const group = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { userIds: w.cal.id, name: "Unread" },
      cookie: cookieOf(w.pat),
    })) as Response;
    const groupId = group.headers.get("Location")!.split("/").at(-1)!;
    await openPage(w.cal, channelId);
    expect(await total(w.cal)).toBe(0);
    say(w.pat, groupId, "one");
    say(w.pat, groupId, "two");
    // Sending is reading, so my own message comes before the one that counts.
    // (A millisecond apart: ids within one millisecond are in no particular order.)
    const t = Date.now();
    say(w.cal, channelId, "my own does not count", { now: new Date(t) });
    say(w.nia, channelId, "three", { now: new Date(t + 1) });
    expect(await total(w.cal)).toBe(3);
    await openPage(w.cal, groupId);
    expect(await total(w.cal)).toBe(1);
  });

  it("is counted again by a conversation page after it has read the conversation", async () => {
    const group = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { userIds: w.cal.id, name: "Counted after reading" },
      cookie: cookieOf(w.pat),
    })) as Response;
    const groupId = group.headers.get("Location")!.split("/").at(-1)!;
    say(w.pat, groupId, "read me");
    const before = await total(w.cal);
    expect((await openPage(w.cal, groupId)).unreadMessages).toBe(before - 1);
  });

  it("does not count a shift thread I am not on, however much is written in it", async () => {
    const before = await total(w.cal);
    const threadId = openShiftThread({
      actor: actorFor(w.nia.id),
      teamId: w.ward,
      shiftTypeId: nowType,
      date: nowDate,
    }).id;
    say(w.nia, threadId, "Just for the shift");
    expect(await total(w.cal)).toBe(before);
    expect(await total(w.omar)).toBeGreaterThan(0);
  });
});

describe("starting a conversation", () => {
  type NewData = Awaited<ReturnType<typeof newPage.loader>>;

  it("offers the people of my teams, and nobody from another team", async () => {
    const data = (await callLoader(newPage.loader, {
      path: "/messages/new",
      cookie: cookieOf(w.nia),
    })) as NewData;
    const names = data.people.map((p) => p.name);
    expect(names).toContain("Omar Nurse");
    expect(names).not.toContain("Nia Nurse");
    expect(names).not.toContain("Stu Other");
  });

  it("finds people by part of their name", async () => {
    const data = (await callLoader(newPage.loader, {
      path: "/messages/new?q=oma",
      cookie: cookieOf(w.nia),
    })) as NewData;
    expect(data.people.map((p) => p.name)).toEqual(["Omar Nurse"]);
  });

  it("opens the one direct conversation with one person, whoever starts it", async () => {
    const start = async (from: Person, to: Person) =>
      (
        (await callAction(newPage.action, {
          path: "/messages/new",
          form: { userIds: to.id },
          cookie: cookieOf(from),
        })) as Response
      ).headers.get("Location");
    const first = await start(w.nia, w.pat);
    expect(first).toMatch(/^\/messages\/\w+$/);
    expect(await start(w.pat, w.nia)).toBe(first);
  });

  it("asks for a name when several people are chosen without one", async () => {
    const answer = (await callAction(newPage.action, {
      path: "/messages/new",
      form: new URLSearchParams([
        ["userIds", w.omar.id],
        ["userIds", w.pat.id],
      ]) as unknown as Record<string, string>,
      cookie: cookieOf(w.nia),
    })) as { errors: { field?: string; message: string }[] };
    expect(answer.errors).toEqual([{ field: "name", message: "Give the group a name." }]);
  });

  it("asks for at least one person", async () => {
    const answer = (await callAction(newPage.action, {
      path: "/messages/new",
      form: { name: "Nobody" },
      cookie: cookieOf(w.nia),
    })) as { errors: { field?: string; message: string }[] };
    expect(answer.errors.map((e) => e.field)).toEqual(["userIds"]);
  });
});

describe("the Shifts page's links into Messages", () => {
  type ShiftsData = Awaited<ReturnType<typeof shiftsPage.loader>>;
  const shiftsOf = async (person: Person) =>
    (
      (await callLoader(shiftsPage.loader, {
        path: "/shifts",
        cookie: cookieOf(person),
      })) as ShiftsData
    ).onShift.find((t) => t.team.id === w.ward)!;

  it("give the people on now their shift's thread, and each colleague a direct message", async () => {
    const ward = await shiftsOf(w.nia);
    expect(ward.threads).toEqual([
      { code: "X", href: `/messages/shift/${w.ward}/${nowType}/${nowDate}` },
    ]);
    const nia = ward.onNow.find((p) => p.userId === w.nia.id)!;
    const omar = ward.onNow.find((p) => p.userId === w.omar.id)!;
    expect(omar.messageHref).toBe(`/messages/direct/${w.omar.id}`);
    expect(nia.messageHref).toBeNull();
  });

  it("give no thread link to someone not on that shift", async () => {
    const ward = await shiftsOf(w.cal);
    expect(ward.threads).toEqual([]);
  });

  it("give the team's manager the thread of every shift on now", async () => {
    const ward = await shiftsOf(w.trust.manager7);
    expect(ward.threads.map((t) => t.code)).toEqual(["X"]);
  });
});

describe("opening a direct message from a link", () => {
  it("opens the one conversation with that colleague and takes me to it", async () => {
    const answer = (await callLoader(directPage.loader, {
      path: `/messages/direct/${w.omar.id}`,
      params: { userId: w.omar.id },
      cookie: cookieOf(w.cal),
    })) as Response;
    const again = (await callLoader(directPage.loader, {
      path: `/messages/direct/${w.cal.id}`,
      params: { userId: w.cal.id },
      cookie: cookieOf(w.omar),
    })) as Response;
    expect(answer.headers.get("Location")).toMatch(/^\/messages\/\w+#latest$/);
    expect(again.headers.get("Location")).toBe(answer.headers.get("Location"));
  });

  it("answers 404 for someone in another organisation", async () => {
    const response = await thrownResponse(() =>
      callLoader(directPage.loader, {
        path: `/messages/direct/${w.outsider.id}`,
        params: { userId: w.outsider.id },
        cookie: cookieOf(w.cal),
      }),
    );
    expect(response.status).toBe(404);
  });
});
