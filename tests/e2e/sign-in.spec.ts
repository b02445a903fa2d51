import { expect, test } from "./fixtures";

test("a person signs in with their password and signs out from Settings", async ({
  page,
  trust,
}) => {
  await page.goto("/shifts");
  await expect(page).toHaveURL(/\/login\?next=%2Fshifts$/);

  await page.getByLabel("Email address").fill(trust.staff.email);
  await page.getByLabel("Password").fill(trust.staff.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/shifts$/);
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const signOut = page.waitForResponse(
    (response) =>
      response.request().method() === "POST" &&
      new URL(response.url()).pathname.startsWith("/logout"),
  );
  await page.getByRole("button", { name: "Sign out" }).click();
  // Sign-out wipes what this browser holds for Baton, so a shared computer keeps nothing.
  const response = await signOut;
  expect(await response.headerValue("clear-site-data")).toBe('"cache", "cookies", "storage"');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();

  await page.goto("/shifts");
  await expect(page).toHaveURL(/\/login\?next=%2Fshifts$/);
});

test("a wrong password shows an error and signs nobody in", async ({ page, trust }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(trust.staff.email);
  await page.getByLabel("Password").fill("not the right password at all");
  await page.getByRole("button", { name: "Sign in" }).click();

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText(
    "The email address or password is not right. Check both and try again.",
  );
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/shifts");
  await expect(page).toHaveURL(/\/login\?next=%2Fshifts$/);
});

test("signing in returns the person to the page they asked for", async ({ page, trust }) => {
  await page.goto("/messages");
  await expect(page).toHaveURL(/\/login\?next=%2Fmessages$/);
  await page.getByLabel("Email address").fill(trust.manager.email);
  await page.getByLabel("Password").fill(trust.manager.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
});
