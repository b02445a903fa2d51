// Every page, scanned by axe against WCAG 2.2 AA at both sizes (desktop and phone projects).
// /setup is scanned in first-run.spec.ts, the only place its empty database exists.
import {
  createInvitation,
  createPasswordReset,
  expect,
  expectNoSeriousAccessibilityViolations,
  type Trust,
  test,
  uniqueEmail,
} from "./fixtures";

type SignedInPage = {
  title: string;
  path: (trust: Trust) => string;
  heading: (trust: Trust) => string;
};

// Seen as the organisation administrator, who sees the most of each page.
const SIGNED_IN_PAGES: SignedInPage[] = [
  { title: "Shifts", path: () => "/shifts", heading: () => "Hello, Olusegun" },
  { title: "Messages", path: () => "/messages", heading: () => "Messages" },
  { title: "New message", path: () => "/messages/new", heading: () => "New message" },
  {
    title: "Search messages",
    path: () => "/messages/search",
    heading: () => "Search messages",
  },
  { title: "Handover", path: () => "/handover", heading: () => "Handover" },
  { title: "Teams", path: () => "/team", heading: () => "Teams" },
  { title: "a team", path: (t) => `/team/${t.teamId}`, heading: (t) => t.teamName },
  {
    title: "Add a person",
    path: (t) => `/team/${t.teamId}/invite`,
    heading: (t) => `Add a person to ${t.teamName}`,
  },
  {
    title: "a team member",
    path: (t) => `/team/${t.teamId}/members/${t.staff.membershipId}`,
    heading: (t) => t.staff.name,
  },
  {
    title: "Shift types",
    path: (t) => `/team/${t.teamId}/shift-types`,
    heading: () => "Shift types",
  },
  {
    title: "Add a shift type",
    path: (t) => `/team/${t.teamId}/shift-types/new`,
    heading: () => "Add a shift type",
  },
  { title: "Rota", path: (t) => `/team/${t.teamId}/rota`, heading: () => "Rota" },
  {
    title: "New rota period",
    path: (t) => `/team/${t.teamId}/rota/new`,
    heading: () => "New rota period",
  },
  { title: "Patterns", path: (t) => `/team/${t.teamId}/patterns`, heading: () => "Patterns" },
  {
    title: "Who is on today",
    path: (t) =>
      `/team/${t.teamId}/day/${new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date())}`,
    heading: () => "Who is on today",
  },
  { title: "Calendar feed", path: () => "/settings/calendar", heading: () => "Calendar feed" },
  { title: "Notifications", path: () => "/notifications", heading: () => "Notifications" },
  { title: "Leave", path: (t) => `/team/${t.teamId}/leave`, heading: () => "Leave" },
  { title: "Settings", path: () => "/settings", heading: () => "Settings" },
  { title: "Devices", path: () => "/settings/devices", heading: () => "Devices" },
  {
    title: "Devices, asking before Sign out everywhere",
    path: () => "/settings/devices?confirm=everywhere",
    heading: () => "Devices",
  },
  {
    title: "Change password",
    path: () => "/settings/password",
    heading: () => "Change your password",
  },
  {
    title: "a member's password reset",
    path: (t) => `/team/${t.teamId}/members/${t.staff.membershipId}/password-reset`,
    heading: (t) => `Reset ${t.staff.name}'s password`,
  },
  {
    title: "Settings > Notifications",
    path: () => "/settings/notifications",
    heading: () => "Notifications",
  },
  {
    title: "Organisation settings",
    path: () => "/admin/settings",
    heading: () => "Organisation settings",
  },
  {
    title: "Export messages, with a range chosen",
    path: () => {
      const today = new Date().toISOString().slice(0, 10);
      return `/admin/message-export?from=${today}&to=${today}`;
    },
    heading: () => "Export messages",
  },
  {
    title: "a page that is not there",
    path: () => "/team/nosuchteam",
    heading: () => "Page not found",
  },
];

for (const { title, path, heading } of SIGNED_IN_PAGES) {
  test(`${title} has no serious accessibility violations`, async ({ page, trust, signIn }) => {
    await signIn(trust.admin);
    await page.goto(path(trust));
    await expect(page.getByRole("heading", { level: 1, name: heading(trust) })).toBeVisible();
    await expectNoSeriousAccessibilityViolations(page);
  });
}

test("the audit log, with events in it, has no serious accessibility violations", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.admin);
  // An invitation made through the page gives the log something to show.
  await page.goto(`/team/${trust.teamId}/invite`);
  await page.getByLabel("Work email address").fill(uniqueEmail("audit"));
  await page.getByLabel("Grade or staff group").fill("HCA");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: /^Invitation ready for/ }),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "invitation.created" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

test("a group's People page, and the question before leaving it, have no serious accessibility violations", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/messages/new");
  await page.getByRole("checkbox", { name: new RegExp(`^${trust.manager.name}`) }).check();
  await page.getByLabel("Group name (for a group)").fill("Axe group");
  await page.getByRole("button", { name: "Start conversation" }).click();
  await page.getByRole("link", { name: "2 people" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole("link", { name: "Leave this group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Leave Axe group?" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

test("sign-in, and sign-in with an error, have no serious accessibility violations", async ({
  page,
  trust,
}) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  await page.getByLabel("Email address").fill(trust.staff.email);
  await page.getByLabel("Password").fill("not the right password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expectNoSeriousAccessibilityViolations(page);
});

test("an invitation, valid and expired, has no serious accessibility violations", async ({
  page,
  db,
  trust,
}) => {
  const valid = createInvitation(db, trust, {
    email: uniqueEmail("axe"),
    expiresAt: Date.now() + 3_600_000,
  });
  await page.goto(`/invite/${valid}`);
  await expect(page.getByRole("heading", { level: 1, name: /^Join / })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  const expired = createInvitation(db, trust, {
    email: uniqueEmail("axe-late"),
    expiresAt: Date.now() - 1_000,
  });
  await page.goto(`/invite/${expired}`);
  await expect(
    page.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

test("a password reset link, made, valid and expired, has no serious accessibility violations", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/members/${trust.staff.membershipId}/password-reset`);
  await page.getByRole("button", { name: "Make a reset link" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Password reset link for ${trust.staff.name}` }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  const visitor = await (await newContext()).newPage();
  const valid = createPasswordReset(db, trust, {
    person: trust.staff,
    expiresAt: Date.now() + 3_600_000,
  });
  await visitor.goto(`/reset/${valid}`);
  await expect(
    visitor.getByRole("heading", { level: 1, name: "Choose a new password" }),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(visitor);
  await visitor.getByLabel("New password").fill("short");
  await visitor.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(visitor.getByRole("alert")).toContainText("There is a problem");
  await expectNoSeriousAccessibilityViolations(visitor);

  const expired = createPasswordReset(db, trust, {
    person: trust.staff,
    expiresAt: Date.now() - 1_000,
  });
  await visitor.goto(`/reset/${expired}`);
  await expect(
    visitor.getByRole("heading", { level: 1, name: "This link cannot be used" }),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(visitor);
});

test("the offline page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/offline.html");
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});
