// Messaging on two phones (issue 9): one person writes in the team channel and the other reads it
// after moving to the page (live updates without a reload are in live.spec.ts); an urgent message
// is acknowledged and its sender sees who has; a message written offline waits in the tab's
// outbox and goes once when the network returns; a refused one comes back into the composer; the
// composer works as a plain form with JavaScript off; and each new page passes axe. Runs on the
// desktop and phone projects.
import { randomBytes } from "node:crypto";
import type { Page, Request } from "@playwright/test";
import type Database from "better-sqlite3";
import {
  expect,
  expectNoSeriousAccessibilityViolations,
  type Person,
  type Trust,
  test,
} from "./fixtures";

/** Today's date in UK time, as the rota stores a shift's local date. */
function londonDate(instant: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(instant);
}

/**
 * A published shift in progress now for the member of staff, written as the app would: the
 * people on shift when an urgent message is sent are the ones asked to acknowledge it.
 */
function putStaffOnShiftNow(db: Database.Database, trust: Trust) {
  const now = Date.now();
  const id = () => randomBytes(10).toString("hex");
  const typeId = id();
  const periodId = id();
  const start = now - 3_600_000;
  const date = londonDate(start);
  db.prepare(
    `INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, colour, requirements, created_at)
     VALUES (?, ?, 'D', 'Day', '07:00', '19:00', 'blue', '[]', ?)`,
  ).run(typeId, trust.teamId, now);
  db.prepare(
    `INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, published_at, published_by_user_id, created_at)
     VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?)`,
  ).run(
    periodId,
    trust.teamId,
    londonDate(start - 86_400_000),
    londonDate(start + 86_400_000),
    trust.manager.userId,
    now,
    trust.manager.userId,
    now,
  );
  db.prepare(
    `INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id(),
    trust.teamId,
    periodId,
    typeId,
    trust.staff.userId,
    date,
    start,
    now + 3 * 3_600_000,
    now,
    now,
  );
}

async function openTeamChannel(page: Page, trust: Trust) {
  await page.goto("/messages");
  await page
    .getByRole("region", { name: "Team channels" })
    .getByRole("link", { name: `${trust.teamName} team channel` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
}

/**
 * Waits until React has taken over the composer after a whole page load (typing before then is
 * lost when the controlled textarea hydrates).
 */
async function composerReady(page: Page) {
  await page.waitForFunction(() => {
    const box = document.querySelector("textarea#message");
    return box !== null && Object.keys(box).some((key) => key.startsWith("__reactFiber"));
  });
}

/** As openTeamChannel, but by the app's own links: the tab keeps what it holds in memory. */
async function openTeamChannelInApp(page: Page, trust: Trust) {
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Messages/ })
    .click();
  await page
    .getByRole("region", { name: "Team channels" })
    .getByRole("link", { name: `${trust.teamName} team channel` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
}

async function send(page: Page, text: string, { urgent = false } = {}) {
  await page.getByLabel("Message", { exact: true }).fill(text);
  if (urgent) await page.getByLabel(/^Urgent/).check();
  await page.getByRole("button", { name: "Send" }).click();
}

const messageList = (page: Page) => page.getByRole("list", { name: "Messages" });

test("a member writes in the team channel and a colleague reads it after moving to Messages", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await openTeamChannel(nurse, trust);
  await expect(nurse.getByText("Messages are not the clinical record")).toBeVisible();
  await send(nurse, "Bay 2 obs done, anyone want a tea? https://intranet.example/tea-rota");
  await expect(messageList(nurse).getByRole("listitem").last()).toContainText(
    "Bay 2 obs done, anyone want a tea?",
  );
  await expect(nurse.getByLabel("Message", { exact: true })).toHaveValue("");
  const link = messageList(nurse).getByRole("link", { name: "https://intranet.example/tea-rota" });
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");

  await signIn(trust.manager);
  await page.goto("/shifts");
  await page.getByRole("link", { name: "Messages, 1 unread" }).click();
  await page
    .getByRole("region", { name: "Conversations" })
    .getByRole("link", { name: new RegExp(`^${trust.teamName}.*1.*unread`) })
    .click();
  const last = messageList(page).getByRole("listitem").last();
  await expect(last).toContainText(trust.staff.name);
  await expect(last).toContainText("Bay 2 obs done");
  // Opening the conversation read it: the tab's count has gone.
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Messages/ }),
  ).toHaveAccessibleName("Messages");
  await expectNoSeriousAccessibilityViolations(page);
});

test("an urgent message is acknowledged by the nurse on shift and its sender sees it", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  putStaffOnShiftNow(db, trust);
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await send(page, "Need a second pair of hands in bay 2 now please", { urgent: true });
  const sent = messageList(page).getByRole("listitem").last();
  await expect(sent.getByText("Urgent", { exact: true })).toBeVisible();
  await expect(sent.getByText("Acknowledged by 0 of 1")).toBeVisible();

  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await openTeamChannel(nurse, trust);
  const waiting = nurse.getByRole("region", { name: "Urgent: please acknowledge" });
  await expect(waiting).toContainText("Need a second pair of hands in bay 2 now please");
  await expectNoSeriousAccessibilityViolations(nurse);
  await waiting.getByRole("button", { name: /^Acknowledge/ }).click();
  await expect(waiting).toBeHidden();

  await page.reload();
  const status = messageList(page).getByRole("listitem").last();
  await status.getByText("Acknowledged by 1 of 1").click();
  await expect(status.getByText(`Acknowledged: ${trust.staff.name}`)).toBeVisible();
});

test("a direct message is started from New message and opens at the conversation", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/messages");
  await page.getByRole("link", { name: "New message or group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New message" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByLabel("Search by name").fill(trust.manager.name.split(" ")[0]!);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("checkbox", { name: new RegExp(`^${trust.manager.name}`) }).check();
  await page.getByRole("button", { name: "Start conversation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.manager.name })).toBeVisible();
  await expect(page.getByText("Direct message · 2 people")).toBeVisible();
  await expect(page.getByText("No messages yet.")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

/** Marks the window: the mark survives only if the page is never reloaded or left. */
async function markWindow(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { batonMark: string }).batonMark = "still here";
  });
}
const windowMark = (page: Page) =>
  page.evaluate(() => (window as unknown as { batonMark?: string }).batonMark);

/** How many of the person's messages with this text the server holds (other tests run alongside). */
const storedCount = (db: Database.Database, sender: Person, body: string) =>
  (
    db
      .prepare("SELECT count(*) AS n FROM messages WHERE body = ? AND sender_user_id = ?")
      .get(body, sender.userId) as { n: number }
  ).n;

test("a message written while the network is down waits, then reaches the colleague once when it returns", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await openTeamChannel(nurse, trust);
  await markWindow(page);
  await markWindow(nurse);

  await page.context().setOffline(true);
  await expect(
    page.getByText("Offline: messages will send when you're back online."),
  ).toBeVisible();
  const text = "Porter booked for bed 12 at 14:00";
  await send(page, text);
  const waiting = messageList(page).getByRole("listitem").last();
  await expect(waiting).toContainText(text);
  await expect(waiting).toContainText("Waiting for connection");
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue("");
  await expect(page.getByRole("status").filter({ hasText: "1 message waiting" })).toBeAttached();
  expect(storedCount(db, trust.manager, text)).toBe(0);
  await expect(nurse.getByText("No messages yet.")).toBeVisible();

  await page.context().setOffline(false);
  await expect(messageList(nurse).getByRole("listitem").last()).toContainText(text);
  await expect(messageList(page).getByRole("listitem").last()).not.toContainText(
    "Waiting for connection",
  );
  await expect(page.getByText("Offline: messages will send")).toBeHidden();
  await expect(messageList(page).getByRole("listitem").filter({ hasText: text })).toHaveCount(1);
  await expect(messageList(nurse).getByRole("listitem").filter({ hasText: text })).toHaveCount(1);
  expect(storedCount(db, trust.manager, text)).toBe(1);
  expect(await windowMark(page)).toBe("still here");
  expect(await windowMark(nurse)).toBe("still here");

  // The composer is ready for the next message, which goes at once.
  await send(page, "And bay 3 needs a commode");
  await expect(messageList(nurse).getByRole("listitem").last()).toContainText(
    "And bay 3 needs a commode",
  );
  await expect(messageList(page).getByRole("listitem").filter({ hasText: text })).toHaveCount(1);
});

test("with JavaScript on, a refused message goes back into the composer with the reason", async ({
  page,
  db,
  trust,
  signIn,
}) => {
  // A non-clinical member makes the NHS-number guard refuse in the team channel.
  db.prepare("UPDATE memberships SET clinical = 0 WHERE id = ?").run(trust.staff.membershipId);
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await markWindow(page);
  const withNumber = "Bed 4 is 943 476 5919, can someone check the drug chart";
  await send(page, withNumber);
  await expect(page.getByRole("alert")).toContainText("This message has an NHS number in it");
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue(withNumber);
  await expect(page.getByText("No messages yet.")).toBeVisible();
  expect(storedCount(db, trust.manager, withNumber)).toBe(0);
  expect(await windowMark(page)).toBe("still here");
  await expectNoSeriousAccessibilityViolations(page);

  // Edited, it sends.
  await page.getByLabel("Message", { exact: true }).fill("Bed 4, can someone check the drug chart");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(messageList(page).getByRole("listitem").last()).toContainText(
    "Bed 4, can someone check the drug chart",
  );
  await expect(page.getByRole("alert")).toBeHidden();
});

/**
 * Fails every send of the outbox as a dead connection would, until the function returned is
 * called. (The outbox posts to /messages/:id/send; before, it posted with `?outbox=`.)
 */
async function cutSends(page: Page) {
  const isSend = (url: URL) => url.pathname.endsWith("/send") || url.searchParams.has("outbox");
  await page.route(isSend, (route) => route.abort("internetdisconnected"));
  return () => page.unroute(isSend);
}

test("on a shared computer, a message left waiting by the last person is never shown to or sent by the next", async ({
  page,
  db,
  trust,
  signIn,
}) => {
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await page.context().setOffline(true);
  const text = "Bed 9 family asked for a call back";
  await send(page, text);
  await expect(messageList(page).getByRole("listitem").last()).toContainText(
    "Waiting for connection",
  );
  // Back online, but the message still cannot get through when the person signs out.
  const release = await cutSends(page);
  await page.context().setOffline(false);
  // Leaving with a message unsent asks first; the person chooses to go.
  page.on("dialog", (dialog) => void dialog.accept());
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();
  await release();

  // The next person signs in in the same tab and opens the same conversation.
  await page.getByLabel("Email address").fill(trust.staff.email);
  await page.getByLabel("Password").fill(trust.staff.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();
  await openTeamChannelInApp(page, trust);
  await expect(page.getByText("No messages yet.")).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);
  // Longer than the outbox's first retries: nothing goes, under either name.
  await page.waitForTimeout(6_000);
  await expect(page.getByText(text)).toHaveCount(0);
  expect(storedCount(db, trust.manager, text)).toBe(0);
  expect(storedCount(db, trust.staff, text)).toBe(0);
});

test("when the session ends with a message waiting, the tab goes to sign in and sends nothing", async ({
  page,
  db,
  trust,
  signIn,
}) => {
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await page.context().setOffline(true);
  const text = "Drug round running late on bay 1";
  await send(page, text);
  await expect(messageList(page).getByRole("listitem").last()).toContainText(
    "Waiting for connection",
  );
  db.prepare("DELETE FROM sessions WHERE user_id = ?").run(trust.manager.userId);
  await page.context().setOffline(false);
  await expect(page).toHaveURL(/\/login\?next=%2Fmessages%2F/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();
  expect(storedCount(db, trust.manager, text)).toBe(0);

  // Signed in again in the same tab, the next message goes: nothing is left stuck "sending".
  await page.getByLabel("Email address").fill(trust.manager.email);
  await page.getByLabel("Password").fill(trust.manager.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
  await composerReady(page);
  const next = "Drug round back on time";
  await send(page, next);
  await expect.poll(() => storedCount(db, trust.manager, next), { timeout: 15_000 }).toBe(1);
  expect(storedCount(db, trust.manager, text)).toBe(0);
});

test("a waiting message still goes after moving to another page, and a refused one says so there", async ({
  page,
  db,
  trust,
  signIn,
}) => {
  // A non-clinical member makes the NHS-number guard refuse in the team channel.
  db.prepare("UPDATE memberships SET clinical = 0 WHERE id = ?").run(trust.staff.membershipId);
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  const release = await cutSends(page);
  const withNumber = "Bed 4 is 943 476 5919, please check the chart";
  const fine = "Bay 5 needs a hoist after lunch";
  await send(page, withNumber);
  await send(page, fine);
  await expect(messageList(page).getByRole("listitem").first()).toContainText(
    "Waiting for connection",
  );
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Shifts" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Priya" })).toBeVisible();
  await release();

  const notice = page.getByText(`A message to ${trust.teamName} was not sent`);
  await expect(notice).toBeVisible({ timeout: 20_000 });
  // The notice never carries the message's text.
  await expect(page.getByText(withNumber)).toHaveCount(0);
  await expect.poll(() => storedCount(db, trust.manager, fine), { timeout: 20_000 }).toBe(1);
  expect(storedCount(db, trust.manager, withNumber)).toBe(0);

  await page.getByRole("link", { name: "open it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("This message has an NHS number in it");
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue(withNumber);
  await expect(notice).toHaveCount(0);
  await expect(messageList(page).getByRole("listitem").filter({ hasText: fine })).toHaveCount(1);
});

/**
 * `count` messages from the person in the conversation, a minute apart and ending a minute ago,
 * "Note 001" oldest. Written in SQL as sendMessage stores them: the fixtures may not import app
 * modules (fixtures.ts).
 */
function seedMessages(
  db: Database.Database,
  conversationId: string,
  sender: Person,
  count: number,
): void {
  const start = Date.now() - (count + 1) * 60_000;
  const insert = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender_user_id, client_id, body, urgent, created_at)
     VALUES (?, ?, ?, ?, ?, 0, ?)`,
  );
  db.transaction(() => {
    for (let n = 1; n <= count; n++) {
      const at = start + n * 60_000;
      // Time first, as the app's time-ordered ids are.
      const id = `${at.toString(36)}${randomBytes(8).toString("hex")}`;
      insert.run(id, conversationId, sender.userId, `seed-${n}`, noteText(n), at);
    }
    db.prepare("UPDATE conversations SET last_message_at = ? WHERE id = ?").run(
      start + count * 60_000,
      conversationId,
    );
  })();
}

const noteText = (n: number) => `Note ${String(n).padStart(3, "0")} from the desk`;

/** The conversation the page shows, from its address. */
const conversationIdOf = (page: Page) => new URL(page.url()).pathname.split("/").at(-1) ?? "";

/** The numbers of the seeded notes the list shows, in the order shown. */
async function notesShown(page: Page): Promise<number[]> {
  const texts = await messageList(page).getByRole("listitem").allTextContents();
  return texts.flatMap((text) => {
    const match = /Note (\d{3}) from the desk/.exec(text);
    return match ? [Number(match[1])] : [];
  });
}

const oneTo = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

test("scrolling up loads older messages above without the page jumping, each once, and new ones still arrive", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  const conversationId = conversationIdOf(page);
  seedMessages(db, conversationId, trust.staff, 120);
  // Opened afresh, as from the list (a reload would keep the empty page's place at the top).
  await page.goto("/messages");
  await page.goto(`/messages/${conversationId}#latest`);
  await markWindow(page);
  const items = messageList(page).getByRole("listitem");
  await expect(items).toHaveCount(30);
  await expect(items.last()).toContainText(noteText(120));
  await expect(items.last()).toBeInViewport();

  // The message at the top of the newest page stays where it is as the older page goes above it.
  // (The older page is held back until the place has been measured.)
  const top = items.filter({ hasText: noteText(91) });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const olderPage = (url: URL) => url.searchParams.has("before");
  await page.route(olderPage, async (route) => {
    await released;
    await route.continue();
  });
  const asked = page.waitForRequest((request) => olderPage(new URL(request.url())));
  await page.evaluate(() => window.scrollTo(0, 0));
  await asked;
  const before = await top.boundingBox();
  release();
  await expect(items).toHaveCount(60);
  await page.unroute(olderPage);
  await expect(top).toBeInViewport();
  const after = await top.boundingBox();
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThan(2);
  expect(await notesShown(page)).toEqual(oneTo(120).slice(60));

  const start = page.getByText("Start of the conversation");
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(start).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(page.getByRole("link", { name: "Show older messages" })).toHaveCount(0);
  expect(await notesShown(page)).toEqual(oneTo(120));
  await expectNoSeriousAccessibilityViolations(page);

  // A colleague writes: it arrives at the foot, and nothing loaded before goes or comes twice.
  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await openTeamChannel(nurse, trust);
  await send(nurse, "Bed 9 is ready for the patient from ED");
  await expect(items.last()).toContainText("Bed 9 is ready for the patient from ED");
  await expect(items).toHaveCount(121);
  expect(await notesShown(page)).toEqual(oneTo(120));
  expect(await windowMark(page)).toBe("still here");
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  /** The next document POST the page sends: with scripts off, a form post is one of these. */
  function nextFormPost(page: Page): Promise<Request> {
    return page.waitForRequest(
      (request) => request.method() === "POST" && request.resourceType() === "document",
    );
  }

  test("the composer sends a message, and shows the patient-data refusal with the text kept", async ({
    page,
    trust,
    db,
    signIn,
  }) => {
    // A non-clinical member makes the NHS-number guard refuse in the team channel.
    db.prepare("UPDATE memberships SET clinical = 0 WHERE id = ?").run(trust.staff.membershipId);
    await signIn(trust.manager);
    await openTeamChannel(page, trust);
    let post = nextFormPost(page);
    await send(page, "Handover at 19:45 at the desk please");
    await post;
    await expect(messageList(page).getByRole("listitem").last()).toContainText(
      "Handover at 19:45 at the desk please",
    );

    const withNumber = "Bed 4 is 943 476 5919, can someone check the drug chart";
    post = nextFormPost(page);
    await send(page, withNumber);
    await post;
    await expect(page.getByRole("alert")).toContainText("This message has an NHS number in it");
    await expect(page.getByLabel("Message", { exact: true })).toHaveValue(withNumber);
    await expect(messageList(page).getByRole("listitem")).toHaveCount(1);
  });

  test("Show older messages opens the page before, back to the start of the conversation", async ({
    page,
    trust,
    db,
    signIn,
  }) => {
    await signIn(trust.manager);
    await openTeamChannel(page, trust);
    seedMessages(db, conversationIdOf(page), trust.staff, 40);
    await page.reload();
    await expect(messageList(page).getByRole("listitem")).toHaveCount(30);
    expect(await notesShown(page)).toEqual(oneTo(40).slice(10));
    await expect(page.getByText("Start of the conversation")).toHaveCount(0);

    await page.getByRole("link", { name: "Show older messages" }).click();
    await expect(page).toHaveURL(/\?before=/);
    // The address changes when the new page starts to arrive, before its list is parsed (CI read
    // an empty list once, though the server's answer held all ten): wait for the list.
    await expect.poll(() => notesShown(page)).toEqual(oneTo(10));
    await expect(page.getByText("Start of the conversation")).toBeVisible();
    await page.getByRole("link", { name: "Show the newest messages" }).click();
    await expect(messageList(page).getByRole("listitem").last()).toContainText(noteText(40));
  });
});
