// Accounts on a phone (issue 12): a forgotten password recovered through a reset link from the
// ward manager, changing one's own password, naming a device, and Sign out everywhere asking
// first (with and without JavaScript) and offering to stop the calendar feed.
import { expect, PASSWORD, test } from "./fixtures";

const NEW_PASSWORD = "tangerine harbour quilt lantern";

test("a manager's reset link lets a member choose a new password, and signs out their lost phone", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  // The member's lost phone is still signed in.
  const lostPhone = await newContext();
  await signIn(trust.staff, lostPhone);
  const lost = await lostPhone.newPage();
  await lost.goto("/shifts");
  await expect(lost.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();

  // The manager's phone has a Share sheet: record what it is handed.
  await page.addInitScript(() => {
    const shared: ShareData[] = [];
    Object.assign(window, { sharedLinks: shared });
    Object.defineProperty(navigator, "share", {
      value: (data: ShareData) => {
        shared.push(data);
        return Promise.resolve();
      },
    });
  });
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}`);
  await page.getByRole("link", { name: trust.staff.name }).click();
  await page.getByRole("link", { name: "Make a password reset link" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Reset ${trust.staff.name}'s password` }),
  ).toBeVisible();
  await expect(page.getByText("Using it signs Tom Whitfield out on every device")).toBeVisible();
  await page.getByRole("button", { name: "Make a reset link" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Password reset link for ${trust.staff.name}` }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code of the password reset link" })).toBeVisible();
  const link = (await page.getByText(/\/reset\/[a-z2-7]{32}$/).textContent())?.trim() ?? "";
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reset\/[a-z2-7]{32}$/);
  await page.getByRole("button", { name: "Share link" }).click();
  await expect(page.getByRole("status")).toHaveText("Link shared.");
  const shared = await page.evaluate(
    () => (window as unknown as { sharedLinks: ShareData[] }).sharedLinks,
  );
  expect(shared).toEqual([expect.objectContaining({ url: link, title: "Password reset link" })]);

  // The member opens it on a new phone; a weak password is refused, and the link still works.
  const newPhone = await (await newContext()).newPage();
  await newPhone.goto(link);
  await expect(
    newPhone.getByRole("heading", { level: 1, name: "Choose a new password" }),
  ).toBeVisible();
  await expect(newPhone.getByText(trust.staff.email)).toBeVisible();
  await newPhone.getByLabel("New password").fill("tom tom tom");
  await newPhone.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(newPhone.getByRole("alert")).toContainText("Use at least 12 characters.");
  await newPhone.getByLabel("New password").fill(NEW_PASSWORD);
  await newPhone.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(newPhone).toHaveURL(/\/settings\?password=reset$/);
  await expect(newPhone.getByRole("status")).toHaveText(
    "Your new password is saved. Every other device you used is signed out.",
  );
  await expect(newPhone.getByRole("status")).toBeInViewport();

  // The lost phone is sent to sign in at its next step.
  await lost
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Messages" })
    .click()
    .catch(() => {
      // Already on its way to sign in: the link went with the page.
    });
  await expect(lost).toHaveURL(/\/login\?next=/);

  // The link works once.
  const again = await (await newContext()).newPage();
  await again.goto(link);
  await expect(
    again.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();
  await expect(again.getByText("This link has already been used.")).toBeVisible();

  // The old password no longer signs in; the new one does.
  const signInPage = await (await newContext()).newPage();
  await signInPage.goto("/login");
  await signInPage.getByLabel("Email address").fill(trust.staff.email);
  await signInPage.getByLabel("Password").fill(PASSWORD);
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  await expect(signInPage.getByRole("alert")).toContainText("is not right");
  await signInPage.getByLabel("Password").fill(NEW_PASSWORD);
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  await expect(signInPage.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();
});

test("an invitation link says so when the browser cannot copy it", async ({
  page,
  signIn,
  trust,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", { value: undefined });
  });
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/invite`);
  await page.getByLabel("Work email address").fill(`nocopy-${Date.now()}@e2e.nhs.net`);
  await page.getByLabel("Grade or staff group").fill("HCA");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: /^Invitation ready for/ }),
  ).toBeVisible();
  await expect(
    page.getByText("This browser cannot copy for you: press and hold the link to copy it."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy link" })).toHaveCount(0);
  // Headless Chromium on Linux has no Share sheet: no button that could not work.
  await expect(page.getByRole("button", { name: "Share link" })).toHaveCount(0);
});

test("a person changes their password in Settings with their current one", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const otherDevice = await newContext();
  await signIn(trust.staff, otherDevice);
  await signIn(trust.staff);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();

  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("Your current password is not right.");
  // No password is left in a field after an answer.
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await expect(page.getByLabel("New password")).toHaveValue("");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await expect(page.getByLabel("Sign me out on my other device")).toBeChecked();
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Your password is changed. Your other device was signed out.",
  );
  await expect(page.getByRole("status")).toBeInViewport();
  await expect(page.getByLabel("New password")).toHaveValue("");

  const other = await otherDevice.newPage();
  await other.goto("/shifts");
  await expect(other).toHaveURL(/\/login\?next=%2Fshifts$/);
  await other.getByLabel("Email address").fill(trust.staff.email);
  await other.getByLabel("Password").fill(NEW_PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();
});

test("after a failed sign-in the password is cleared and the email kept", async ({
  page,
  trust,
}) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(trust.staff.email);
  await page.getByLabel("Password").fill("not the right password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("is not right");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByLabel("Email address")).toHaveValue(trust.staff.email);
});

test("a person names their device, and Sign out everywhere asks first and can stop the calendar feed", async ({
  page,
  db,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/settings/calendar");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("heading", { name: "Your calendar address" })).toBeVisible();
  const feedOn = () =>
    (
      db
        .prepare("SELECT calendar_token_hash AS hash FROM users WHERE id = ?")
        .get(trust.staff.userId) as { hash: string | null }
    ).hash !== null;
  expect(feedOn()).toBe(true);

  await page.goto("/settings/devices");
  // The device list folds each naming form away under "Name" (a details element).
  await page.locator("summary", { hasText: /^Name/ }).click();
  await page.getByLabel("Device name").fill("My ward phone");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("My ward phone", { exact: true })).toBeVisible();
  await expect(page.getByText("Sign out everywhere", { exact: true })).toBeVisible();
  await expect(page.getByText(/For a lost or stolen phone: every device/)).toBeVisible();

  // The first tap only asks.
  await page.getByRole("link", { name: "Sign out everywhere…" }).click();
  await expect(page.getByRole("heading", { name: "Sign out everywhere?" })).toBeFocused();
  await expect(page.getByLabel("Also turn off my calendar feed")).toBeChecked();
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Sign out everywhere?" })).toHaveCount(0);
  await expect(page.getByText("My ward phone", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Sign out everywhere…" }).click();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(feedOn()).toBe(false);
});

test("Sign out everywhere asks first without JavaScript too", async ({
  trust,
  signIn,
  newContext,
}) => {
  const noScript = await newContext({ javaScriptEnabled: false });
  await signIn(trust.staff, noScript);
  const page = await noScript.newPage();
  await page.goto("/settings/devices");
  await page.getByRole("link", { name: "Sign out everywhere…" }).click();
  await expect(page).toHaveURL(/\/settings\/devices\?confirm=everywhere$/);
  await expect(page.getByRole("heading", { name: "Sign out everywhere?" })).toBeVisible();
  await expect(
    page.getByText("Your calendar feed is off, so there is nothing more to stop."),
  ).toBeVisible();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/shifts");
  await expect(page).toHaveURL(/\/login\?next=%2Fshifts$/);
});

test("an administrator in no team is told what they can do, not to ask an administrator", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.admin);
  await page.goto("/shifts");
  await expect(page.getByText("As an administrator you create teams")).toBeVisible();
  await expect(page.getByText(/An administrator or ward manager adds you/)).toHaveCount(0);
  await page.getByRole("link", { name: "go to Teams" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
});
