// Live updates (issue 9, DESIGN.md "Real time"): a message sent on one phone appears on the other
// without a reload, and the tabs of one browser share one event stream (one tab holds the Web
// Lock and passes events to the others over a BroadcastChannel), so eight tabs stay within the
// browser's six connections per origin. Runs on the desktop and phone projects.
import type { BrowserContext, Page, Request } from "@playwright/test";
import { expect, type Trust, test } from "./fixtures";

async function openTeamChannel(page: Page, trust: Trust) {
  await page.goto("/messages");
  await page
    .getByRole("region", { name: "Team channels" })
    .getByRole("link", { name: `${trust.teamName} team channel` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
}

async function send(page: Page, text: string) {
  await page.getByLabel("Message", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

const messageList = (page: Page) => page.getByRole("list", { name: "Messages" });

const isEventStream = (url: string) => new URL(url).pathname === "/events";

/**
 * Counts the context's /events requests still open: a stream's response never finishes, so a
 * request is open until it fails or its tab closes (a closed tab's request reports nothing more).
 */
function countOpenStreams(context: BrowserContext): { open: () => number; answered: () => number } {
  const open = new Set<Request>();
  let answered = 0;
  context.on("request", (request) => {
    if (isEventStream(request.url())) open.add(request);
  });
  context.on("response", (response) => {
    if (isEventStream(response.url()) && response.status() === 200) answered += 1;
  });
  context.on("requestfinished", (request) => open.delete(request));
  context.on("requestfailed", (request) => open.delete(request));
  return {
    open: () => [...open].filter((request) => !request.frame().page().isClosed()).length,
    answered: () => answered,
  };
}

/** Who holds and who waits for the shared stream's lock, as the browser sees it. */
function streamLock(page: Page) {
  return page.evaluate(async () => {
    const state = await navigator.locks.query();
    return {
      held: (state.held ?? []).filter((l) => l.name === "baton-events").length,
      waiting: (state.pending ?? []).filter((l) => l.name === "baton-events").length,
    };
  });
}

/** Marks the window: the mark survives only if the page is never reloaded or left. */
async function markWindow(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { batonMark: string }).batonMark = "still here";
  });
}
const windowMark = (page: Page) =>
  page.evaluate(() => (window as unknown as { batonMark?: string }).batonMark);

test("a message sent on one phone appears on the other without a reload, and what is typed stays", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const managerStreams = countOpenStreams(page.context());
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await expect.poll(managerStreams.answered).toBe(1);
  await markWindow(page);
  const composer = page.getByLabel("Message", { exact: true });
  await composer.fill("Half-written reply about bay 3");

  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await openTeamChannel(nurse, trust);
  await send(nurse, "Bed 12 needs a porter for X-ray");
  await expect(messageList(nurse).getByRole("listitem").last()).toContainText(
    "Bed 12 needs a porter for X-ray",
  );

  const last = messageList(page).getByRole("listitem").last();
  await expect(last).toContainText("Bed 12 needs a porter for X-ray");
  await expect(last).toContainText(trust.staff.name);
  expect(await windowMark(page)).toBe("still here");
  // The live reload kept the composer as it was, and both it and the new message are in view.
  await expect(composer).toHaveValue("Half-written reply about bay 3");
  await expect(last).toBeInViewport();
  await expect(composer).toBeInViewport();
  // And the other way: the nurse's page shows the reply that follows, also without a reload.
  await markWindow(nurse);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(composer).toHaveValue("");
  await expect(messageList(nurse).getByRole("listitem").last()).toContainText(
    "Half-written reply about bay 3",
  );
  expect(await windowMark(nurse)).toBe("still here");
  expect(managerStreams.open()).toBe(1);
});

test("eight tabs of one person share one stream and each shows a colleague's message", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  test.slow();
  const phone = await newContext();
  const streams = countOpenStreams(phone);
  await signIn(trust.staff, phone);
  const tabs: Page[] = [];
  const first = await phone.newPage();
  await openTeamChannel(first, trust);
  tabs.push(first);
  for (let i = 1; i < 8; i += 1) {
    const tab = await phone.newPage();
    await tab.goto(first.url());
    await expect(tab.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
    tabs.push(tab);
  }
  // Every tab has asked for the lock (so is listening on the channel); one holds it.
  await expect.poll(() => streamLock(first)).toEqual({ held: 1, waiting: 7 });
  await expect.poll(streams.answered).toBe(1);
  for (const tab of tabs) await markWindow(tab);

  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await send(page, "Huddle at the nurses' station in five minutes");
  for (const tab of tabs) {
    await expect(messageList(tab).getByRole("listitem").last()).toContainText(
      "Huddle at the nurses' station in five minutes",
    );
    expect(await windowMark(tab)).toBe("still here");
  }
  expect(streams.open()).toBe(1);

  // The tab holding the stream (the first, which asked first) closes: another takes it over,
  // resuming from the last id it saw on the channel, and the rest still follow.
  await first.close();
  const rest = tabs.slice(1);
  await expect.poll(() => streamLock(rest[0]!)).toEqual({ held: 1, waiting: 6 });
  await expect.poll(streams.answered).toBe(2);
  await send(page, "Huddle moved to the day room");
  for (const tab of rest) {
    await expect(messageList(tab).getByRole("listitem").last()).toContainText(
      "Huddle moved to the day room",
    );
  }
  expect(streams.open()).toBeLessThanOrEqual(1);
});
