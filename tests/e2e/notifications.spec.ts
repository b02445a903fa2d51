// A manager changes a member's grade; the member sees the unread count in the header, reads
// what changed, and marks it read.
import { expect, expectNoSeriousAccessibilityViolations, test } from "./fixtures";

test("a member is told when their manager changes their details", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/members/${trust.staff.membershipId}`);
  await page.getByLabel("Grade or staff group").fill("Band 6 Sister/Charge Nurse");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Changes saved.");

  const phone = await newContext();
  await signIn(trust.staff, phone);
  const memberPage = await phone.newPage();
  await memberPage.goto("/shifts");
  const bell = memberPage.getByRole("link", { name: "Notifications, 1 unread" });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(
    memberPage.getByRole("link", { name: `Your details in ${trust.teamName} changed` }),
  ).toBeVisible();
  await expect(memberPage.getByText("Grade: Band 6 Sister/Charge Nurse.")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(memberPage);
  await memberPage.getByRole("button", { name: "Mark all as read" }).click();
  await expect(memberPage.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(memberPage.getByRole("button", { name: "Mark all as read" })).toHaveCount(0);
});
