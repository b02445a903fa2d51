// Editing, pinning and deleting a message, seen live on another phone, and searching (issue 14).
// Runs on the desktop and phone projects.
import type { Page } from "@playwright/test";
import { expect, expectNoSeriousAccessibilityViolations, type Trust, test } from "./fixtures";

async function openTeamChannel(page: Page, trust: Trust) {
  await page.goto("/messages");
  await page
    .getByRole("region", { name: "Team channels" })
    .getByRole("link", { name: `${trust.teamName} team channel` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
}

const messageList = (page: Page) => page.getByRole("list", { name: "Messages" });
const messageWith = (page: Page, text: string) =>
  messageList(page).getByRole("listitem").filter({ hasText: text });

/** Marks the window: the mark survives only if the page is never reloaded or left. */
async function markWindow(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { batonMark: string }).batonMark = "still here";
  });
}
const windowMark = (page: Page) =>
  page.evaluate(() => (window as unknown as { batonMark?: string }).batonMark);

test("an edit, a pin and a delete on one phone show on the other without a reload", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  await signIn(trust.manager);
  await openTeamChannel(page, trust);
  await markWindow(page);

  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await openTeamChannel(nurse, trust);
  await nurse.getByLabel("Message", { exact: true }).fill("Porter booked for bed 12 at 14:00");
  await nurse.getByRole("button", { name: "Send" }).click();
  await expect(messageWith(page, "Porter booked for bed 12 at 14:00")).toBeVisible();

  // The nurse corrects the time: the manager's page shows the new text, marked edited.
  const mine = messageWith(nurse, "Porter booked for bed 12");
  await mine.getByText("More").click();
  await mine.getByRole("link", { name: "Edit your message" }).click();
  await nurse.getByLabel("Change your message").fill("Porter booked for bed 12 at 15:00");
  await nurse.getByRole("button", { name: "Save" }).click();
  const seen = messageWith(page, "Porter booked for bed 12");
  await expect(seen).toContainText("at 15:00");
  await expect(seen).toContainText("(edited)");
  await expect(seen).not.toContainText("at 14:00");

  // She pins it: the manager's page gains the pinned strip.
  await messageWith(nurse, "at 15:00").getByText("More").click();
  await messageWith(nurse, "at 15:00").getByRole("button", { name: "Pin your message" }).click();
  const pinned = page.getByRole("region", { name: /Pinned/ });
  await expect(pinned).toContainText("Porter booked for bed 12 at 15:00");
  // The thread with its pinned strip and an open menu meets WCAG 2.2 AA.
  await messageWith(nurse, "at 15:00").getByText("More").click();
  await expectNoSeriousAccessibilityViolations(nurse);

  // The manager deletes it, after saying yes: the nurse's page says "Message deleted".
  await seen.getByText("More").click();
  await seen.getByRole("button", { name: `Delete ${trust.staff.name}'s message` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${trust.staff.name}'s message?` });
  await expect(dialog.getByRole("button", { name: "No, go back" })).toBeFocused();
  await dialog.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Message deleted." })).toBeVisible();
  await expect(messageList(nurse)).toContainText("Message deleted");
  await expect(messageList(nurse)).not.toContainText("Porter booked for bed 12");
  await expect(nurse.getByRole("region", { name: /Pinned/ })).toHaveCount(0);
  // The manager's page saw the edit and the pin without ever reloading.
  expect(await windowMark(page)).toBe("still here");
});

test("search finds a message with its words marked, and FTS5 syntax is only words", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await openTeamChannel(page, trust);
  await page.getByLabel("Message", { exact: true }).fill("Repeat bloods for bay 3 due at 18:00");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(messageWith(page, "Repeat bloods for bay 3")).toBeVisible();

  await page.goto("/messages");
  await page.getByRole("link", { name: "Search messages" }).click();
  await page.getByLabel("Words to find").fill('blood* "bay (');
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByRole("region", { name: "Messages found, newest first" });
  await expect(results).toContainText("Repeat bloods for bay 3");
  await expect(results.locator("mark").first()).toHaveText("bloods");
  // The words were posted, never put in the address.
  expect(new URL(page.url()).search).toBe("");
  await expectNoSeriousAccessibilityViolations(page);
  await results.getByRole("link", { name: trust.teamName }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
  await expect(messageWith(page, "Repeat bloods for bay 3")).toBeVisible();
});

test("without JavaScript, deleting asks first and then deletes", async ({
  trust,
  signIn,
  newContext,
}) => {
  const plain = await newContext({ javaScriptEnabled: false });
  await signIn(trust.staff, plain);
  const page = await plain.newPage();
  await openTeamChannel(page, trust);
  await page.getByLabel("Message", { exact: true }).fill("Sent to the wrong ward");
  await page.getByRole("button", { name: "Send" }).click();
  const mine = messageWith(page, "Sent to the wrong ward");
  await mine.getByText("More").click();
  await mine.getByRole("button", { name: "Delete your message" }).click();
  const ask = page.getByRole("alert").filter({ hasText: "Delete your message?" });
  await expect(ask).toContainText("Nothing has changed yet.");
  await expect(messageWith(page, "Sent to the wrong ward")).toBeVisible();
  await ask.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page.getByText("Message deleted.")).toBeVisible();
  await expect(messageList(page)).not.toContainText("Sent to the wrong ward");
});
