// A nurse asks for leave on their phone; the ward manager approves it; the nurse is told.
import { expect, expectNoSeriousAccessibilityViolations, test } from "./fixtures";

function isoDateInDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

test("a member requests annual leave and the manager approves it", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const first = isoDateInDays(30);
  const last = isoDateInDays(32);

  const phone = await newContext();
  await signIn(trust.staff, phone);
  const nurse = await phone.newPage();
  await nurse.goto(`/team/${trust.teamId}`);
  await nurse.getByRole("link", { name: "Leave" }).click();
  await expect(nurse.getByRole("heading", { level: 1, name: "Leave" })).toBeVisible();
  // Backwards dates: a clear message, nothing requested.
  await nurse.getByLabel("First day").fill(last);
  await nurse.getByLabel("Last day").fill(first);
  await nurse.getByRole("button", { name: "Request leave" }).click();
  await expect(nurse.getByRole("alert")).toContainText(
    "The last day must be on or after the first day.",
  );
  await nurse.getByLabel("First day").fill(first);
  await nurse.getByLabel("Last day").fill(last);
  await nurse.getByRole("button", { name: "Request leave" }).click();
  await expect(nurse.getByRole("status")).toHaveText(
    /^Annual leave requested for .*\. Your manager has been told\.$/,
  );
  await expect(nurse.getByRole("status")).toBeInViewport();
  // The form is empty again, so a second tap sends nothing twice.
  await expect(nurse.getByLabel("First day")).toHaveValue("");
  await expect(nurse.getByRole("heading", { level: 2, name: "Your leave" })).toBeVisible();
  await expect(nurse.getByText("requested", { exact: true })).toBeVisible();

  await signIn(trust.manager);
  await page.goto("/shifts");
  await page.getByRole("link", { name: "Notifications, 1 unread" }).click();
  await page.getByRole("link", { name: `${trust.staff.name} asks for annual leave` }).click();
  await expect(
    page.getByRole("heading", { level: 2, name: "Waiting for your decision" }),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole("button", { name: new RegExp(`^Approve ${trust.staff.name}`) }).click();
  await expect(page.getByRole("status")).toHaveText("Leave approved. They have been told.");
  await expect(
    page.getByRole("heading", { level: 2, name: "Approved leave in the team" }),
  ).toBeVisible();

  await nurse.goto("/notifications");
  await expect(nurse.getByRole("link", { name: "Your annual leave was approved" })).toBeVisible();
});
