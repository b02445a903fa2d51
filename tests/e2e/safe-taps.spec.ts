// Issue 12, "Safe taps" and "Visible results": a destructive or broadcast action asks first (a
// <dialog> with JavaScript, a confirmation step without), and every result shows at the top of
// the page, in view, where focus goes.
import { expect, expectNoSeriousAccessibilityViolations, test } from "./fixtures";

test("deleting a draft asks first and names what is lost; going back keeps it", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/rota/new`);
  await page.getByRole("button", { name: "Create draft" }).click();
  // The redirect's toast: at the top, in view, with focus.
  const made = page.getByRole("status").filter({ hasText: "Draft rota period made." });
  await expect(made).toBeInViewport();
  await expect(made).toBeFocused();
  const draftUrl = page.url();

  await page.getByRole("button", { name: "Delete this draft" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this draft?" });
  await expect(dialog).toContainText("All 0 shifts in this draft, for 0 people, will be deleted.");
  await expectNoSeriousAccessibilityViolations(page);
  // A second stray tap lands on "No, go back", which has focus.
  await expect(dialog.getByRole("button", { name: "No, go back" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(draftUrl);

  await page.getByRole("button", { name: "Delete this draft" }).click();
  await dialog.getByRole("button", { name: "Yes, delete the draft and its 0 shifts" }).click();
  const deleted = page.getByRole("status");
  await expect(deleted).toHaveText(/^The draft for .* has been deleted, with its 0 shifts\.$/);
  await expect(deleted).toBeInViewport();
  await expect(page.getByRole("heading", { level: 1, name: "Rota" })).toBeVisible();
});

test("without JavaScript, removing a member is a confirmation step, and the first tap changes nothing", async ({
  trust,
  signIn,
  newContext,
}) => {
  const context = await newContext({ javaScriptEnabled: false });
  await signIn(trust.manager, context);
  const page = await context.newPage();
  await page.goto(`/team/${trust.teamId}/members/${trust.staff.membershipId}`);
  await page.getByRole("button", { name: `Remove from ${trust.teamName}` }).click();
  const step = page.getByRole("alert");
  await expect(step).toContainText(`Remove ${trust.staff.name} from ${trust.teamName}?`);
  await expect(step).toContainText("Nothing has changed yet.");
  await expect(step).toBeInViewport();
  // (axe needs JavaScript in the page: the same step is scanned in the leave test below.)
  await step.getByRole("link", { name: "No, go back" }).click();
  await page.goto(`/team/${trust.teamId}`);
  await expect(page.getByRole("link", { name: trust.staff.name })).toBeVisible();

  await page.goto(`/team/${trust.teamId}/members/${trust.staff.membershipId}`);
  await page.getByRole("button", { name: `Remove from ${trust.teamName}` }).click();
  await page.getByRole("button", { name: `Yes, remove ${trust.staff.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/team/${trust.teamId}$`));
  await expect(page.getByRole("status")).toHaveText(
    `${trust.staff.name} has been removed from ${trust.teamName}, and their shifts from now on are off the rota.`,
  );
  await expect(page.getByRole("link", { name: trust.staff.name })).toHaveCount(0);
});

test("declining leave asks for a reason, which the person then sees", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const first = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await nurse.goto(`/team/${trust.teamId}/leave`);
  await nurse.getByLabel("First day").fill(first);
  await nurse.getByLabel("Last day").fill(first);
  await nurse.getByRole("button", { name: "Request leave" }).click();
  await expect(nurse.getByRole("status")).toContainText("Your manager has been told.");

  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/leave`);
  await page.getByRole("button", { name: new RegExp(`^Decline ${trust.staff.name}`) }).click();
  const dialog = page.getByRole("dialog", { name: `Decline ${trust.staff.name}'s annual leave?` });
  await expectNoSeriousAccessibilityViolations(page);
  // No reason: refused, and asked again with the reason field and its error.
  await dialog.getByRole("button", { name: "Decline with this reason" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Say why you are declining");
  const step = page.locator("#confirm");
  await expect(step).toBeInViewport();
  await expectNoSeriousAccessibilityViolations(page);
  await step.getByLabel(`Reason (${trust.staff.name} sees this)`).fill("Two others are away then.");
  await step.getByRole("button", { name: "Decline with this reason" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Leave declined. They have been told, with your reason.",
  );

  await nurse.reload();
  await expect(nurse.getByText("Declined because: “Two others are away then.”")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(nurse);
});
