// A manager sets up the ward's shift types on a phone; staff see them but cannot change them.
import { expect, expectNoSeriousAccessibilityViolations, test } from "./fixtures";

test("a manager adds a night shift type, edits it, and staff see it", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}`);
  await page.getByRole("link", { name: "Shift types" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shift types" })).toBeVisible();
  await page.getByRole("link", { name: "Add a shift type" }).click();

  // A mistake first: every problem is named, and nothing is saved.
  await page.getByLabel("Code").fill("N-1");
  await page.getByRole("button", { name: "Add shift type" }).click();
  await expect(page.getByRole("alert")).toContainText("Use a code of 1 to 4 letters or digits");
  await expect(page.getByRole("alert")).toContainText("Enter a name of 2 to 40 characters");

  await page.getByLabel("Code").fill("N");
  await page.getByLabel("Name").fill("Night");
  await page.getByLabel("Starts").fill("20:00");
  await page.getByLabel("Ends").fill("08:00");
  await page.getByLabel("Paid break (minutes)").fill("60");
  await page.getByLabel("Colour on the rota").selectOption({ label: "Dark blue" });
  await page.getByLabel("Staff needed on each shift (optional)").fill("2 x Band 5 RN, 1 x HCA");
  await page.getByRole("button", { name: "Add shift type" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Shift types" })).toBeVisible();
  await expect(page.getByText("20:00–08:00 · 12 h, 60 min paid break")).toBeVisible();
  await expect(page.getByText("Needs 2 x Band 5 RN, 1 x HCA")).toBeVisible();

  await page.getByRole("link", { name: "Night" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "N Night" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByLabel("Ends").fill("08:30");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("20:00–08:30 · 12 h 30 min, 60 min paid break")).toBeVisible();

  // Archived: gone from the list of current types, offered for restoring.
  await page.getByRole("link", { name: "Night" }).click();
  await page.getByRole("button", { name: "Archive Night" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Archived" })).toBeVisible();
  await page.getByRole("button", { name: "Restore Night" }).click();
  await expect(page.getByRole("link", { name: "Night" })).toBeVisible();

  const staffContext = await newContext();
  await signIn(trust.staff, staffContext);
  const staffPage = await staffContext.newPage();
  await staffPage.goto(`/team/${trust.teamId}/shift-types`);
  await expect(staffPage.getByText("20:00–08:30 · 12 h 30 min, 60 min paid break")).toBeVisible();
  await expect(staffPage.getByRole("link", { name: "Add a shift type" })).toHaveCount(0);
  await expect(staffPage.getByRole("link", { name: "Night" })).toHaveCount(0);
});
