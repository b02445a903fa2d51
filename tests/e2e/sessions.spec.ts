// Ending sessions: a manager signs a member out everywhere (a lost phone), and a person signs
// themselves out everywhere from Settings > Devices. The other device finds out on its next step
// at the latest.
import { expect, test } from "./fixtures";

test("a manager's Sign out everywhere ends the member's session on their phone", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const phone = await newContext();
  await signIn(trust.staff, phone);
  const memberPage = await phone.newPage();
  await memberPage.goto("/shifts");
  await expect(memberPage.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();

  await signIn(trust.manager);
  await page.goto("/shifts");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
  await page.getByRole("link", { name: trust.staff.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.staff.name })).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  // It asks first: a lost-phone action that ends every session.
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page.getByRole("status")).toHaveText(
    `${trust.staff.name} was signed out of 1 device.`,
  );

  // The phone is sent to sign in: at the latest on its next tap, or sooner if its page reloads
  // its data first (the live stream can prompt that), in which case it returns to Shifts.
  if (!new URL(memberPage.url()).pathname.startsWith("/login")) {
    await memberPage
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Messages" })
      .click()
      .catch(() => {
        // Already on its way to sign in: the link went with the page.
      });
  }
  await expect(memberPage).toHaveURL(/\/login\?next=%2F(messages|shifts)$/);
  await expect(
    memberPage.getByRole("heading", { level: 1, name: "Sign in to Baton" }),
  ).toBeVisible();

  // The manager's own session is untouched.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Shifts" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Priya" })).toBeVisible();
});

test("a person's own Sign out everywhere ends every one of their sessions", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const otherDevice = await newContext();
  await signIn(trust.staff, otherDevice);
  const otherPage = await otherDevice.newPage();
  await otherPage.goto("/shifts");
  await expect(otherPage.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();

  await signIn(trust.staff);
  await page.goto("/shifts");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("link", { name: "Devices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Devices" })).toBeVisible();
  await expect(page.getByText("This device", { exact: true })).toBeVisible();
  // Each device's own button and "Sign out all other devices"; "Sign out everywhere" asks first.
  await expect(page.getByRole("button", { name: /^Sign out/ })).toHaveCount(3);
  await page.getByRole("link", { name: "Sign out everywhere…" }).click();

  const signOut = page.waitForResponse(
    (response) =>
      response.request().method() === "POST" &&
      new URL(response.url()).pathname.startsWith("/settings/devices"),
  );
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  expect(await (await signOut).headerValue("clear-site-data")).toBe(
    '"cache", "cookies", "storage"',
  );
  await expect(page).toHaveURL(/\/login$/);

  // The other phone is sent to sign in: at the latest on its next tap, or sooner if its page
  // reloads its data first (the live stream can prompt that), in which case it returns to Shifts.
  if (!new URL(otherPage.url()).pathname.startsWith("/login")) {
    await otherPage
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Team" })
      .click()
      .catch(() => {
        // Already on its way to sign in: the link went with the page.
      });
  }
  await expect(otherPage).toHaveURL(/\/login\?next=%2F(team|shifts)$/);
  await expect(otherPage.getByRole("heading", { level: 1, name: /sign in/i })).toBeVisible();
});
