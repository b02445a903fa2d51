import { PHONE } from "./environment";
import { createInvitation, expect, test, uniqueEmail } from "./fixtures";

test("a manager invites a person, who joins from the link on their phone", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const email = uniqueEmail("grace");
  await signIn(trust.manager);
  await page.goto("/shifts");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await page.getByRole("link", { name: "Add a person" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Add a person to ${trust.teamName}` }),
  ).toBeVisible();
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Role in this team").selectOption("staff");
  await page.getByLabel("Grade or staff group").fill("Band 5 RN");
  await page.getByRole("button", { name: "Add person" }).click();

  await expect(
    page.getByRole("heading", { level: 1, name: `Invitation ready for ${email}` }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code of the invitation link" })).toBeVisible();
  const link = (await page.getByText(/\/invite\/[a-z2-7]{32}$/).textContent())?.trim() ?? "";
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[a-z2-7]{32}$/);

  // A phone that has never seen Baton opens the link.
  const phone = await newContext({ ...PHONE });
  const joiner = await phone.newPage();
  await joiner.goto(link);
  await expect(
    joiner.getByRole("heading", {
      level: 1,
      name: `Join ${trust.teamName} as a member of staff`,
    }),
  ).toBeVisible();
  await joiner.getByLabel("Your full name").fill("Grace Okafor");
  await joiner.getByLabel("Choose a password").fill("lantern orchard pebble saxophone");
  await joiner.getByRole("button", { name: "Join and sign in" }).click();
  await expect(joiner).toHaveURL(/\/shifts$/);
  await expect(joiner.getByRole("heading", { level: 1, name: "Hello, Grace" })).toBeVisible();
  await expect(joiner.getByRole("link", { name: trust.teamName })).toBeVisible();

  // The link works once.
  const later = await newContext();
  const again = await later.newPage();
  await again.goto(link);
  await expect(
    again.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();
  await expect(again.getByText("This invitation has already been used.")).toBeVisible();

  // And the manager now sees Grace in the team.
  await page.goto(`/team/${trust.teamId}`);
  await expect(page.getByRole("link", { name: "Grace Okafor" })).toBeVisible();
});

test("an expired invitation says it has expired", async ({ page, db, trust }) => {
  const token = createInvitation(db, trust, {
    email: uniqueEmail("late"),
    expiresAt: Date.now() - 60_000,
  });
  await page.goto(`/invite/${token}`);
  await expect(
    page.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();
  await expect(
    page.getByText("This invitation has expired. Ask your manager for a new link."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Join and sign in" })).toHaveCount(0);
});

test("a mistyped invitation link says it is not valid", async ({ page }) => {
  await page.goto("/invite/abcdefghijklmnopqrstuvwxyz234567");
  await expect(
    page.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();
  await expect(page.getByText("This invitation link is not valid.")).toBeVisible();
});
