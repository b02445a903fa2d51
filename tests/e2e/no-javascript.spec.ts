// Every form is a plain HTML form: with JavaScript off (or before the page's scripts arrive on a
// slow signal) the browser posts it as a document, and Baton's Origin check must let that
// through from its own pages (docs/decisions/012-origin-check-and-referrer-policy.md) while
// still refusing other sites (security.spec.ts). Runs on the desktop and phone projects.
import fs from "node:fs";
import type { Page, Request } from "@playwright/test";
import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

function nextMonday(): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + ((8 - date.getUTCDay()) % 7 || 7));
  return date.toISOString().slice(0, 10);
}

/** The next document POST the page sends: with scripts off, a form post is one of these. */
function nextFormPost(page: Page): Promise<Request> {
  return page.waitForRequest(
    (request) => request.method() === "POST" && request.resourceType() === "document",
  );
}

async function signInThroughTheForm(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/shifts$/);
}

test("a person signs in with the page's form, and the browser names Baton as the origin", async ({
  page,
  trust,
  baseURL,
}) => {
  const post = nextFormPost(page);
  await signInThroughTheForm(page, trust.staff.email, trust.staff.password);
  // Referrer-Policy: same-origin makes the browser send the real Origin, not "null".
  expect((await (await post).allHeaders()).origin).toBe(new URL(baseURL!).origin);
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
});

test("the administrator exports the audit log as CSV", async ({ page, trust }) => {
  // Signing in through the form writes the audit event the export must hold.
  await signInThroughTheForm(page, trust.admin.email, trust.admin.password);
  await page.goto("/admin/audit");
  await page.getByText("Filter and export").click();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export these events as CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^baton-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await file.path();
  const csv = fs.readFileSync(path, "utf8");
  const [header, ...rows] = csv.trimEnd().split("\r\n");
  expect(header).toBe(
    "seq,at,action,actor_user_id,target_type,target_id,ip_address,detail,prev_hash,hash",
  );
  expect(
    rows.some((row) => row.includes(",sign_in.succeeded,") && row.includes(trust.admin.userId)),
  ).toBe(true);
});

test("a member of staff requests leave", async ({ page, trust, signIn }) => {
  await signIn(trust.staff);
  await page.goto(`/team/${trust.teamId}/leave`);
  const first = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const last = new Date(Date.now() + 32 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("First day").fill(first);
  await page.getByLabel("Last day").fill(last);
  const post = nextFormPost(page);
  await page.getByRole("button", { name: "Request leave" }).click();
  await post;
  await expect(page.getByRole("status")).toHaveText(
    /^Annual leave requested for .*\. Your manager has been told\.$/,
  );
  // After the redirect the form is empty again: a second tap cannot send the same request.
  await expect(page.getByLabel("First day")).toHaveValue("");
  await expect(page.getByText("requested", { exact: true })).toBeVisible();
});

test("a manager publishes a draft rota", async ({ page, trust, signIn, db }) => {
  // A draft week with one night for the member of staff, written as the app would.
  const monday = nextMonday();
  const now = Date.now();
  const id = () => Math.random().toString(36).slice(2, 12);
  const typeId = id();
  const periodId = id();
  db.prepare(
    `INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, colour, requirements, created_at)
     VALUES (?, ?, 'N', 'Night', '20:00', '08:00', 'darkBlue', '[]', ?)`,
  ).run(typeId, trust.teamId, now);
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  db.prepare(
    `INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, created_at)
     VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
  ).run(periodId, trust.teamId, monday, sunday, trust.manager.userId, now);
  const start = Date.parse(`${monday}T20:00:00Z`);
  db.prepare(
    `INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id(),
    trust.teamId,
    periodId,
    typeId,
    trust.staff.userId,
    monday,
    start,
    start + 12 * 3_600_000,
    now,
    now,
  );

  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/rota/${periodId}`);
  // The first post only asks: the server renders the question, and nothing is published.
  const post = nextFormPost(page);
  await page.getByRole("button", { name: "Publish rota" }).click();
  await post;
  const question = page.getByRole("alert");
  await expect(question).toContainText("Publish this rota?");
  await expect(question).toContainText("The 1 person on it will be told");
  await expect(page.getByText("Only managers can see this draft.")).toBeVisible();
  const confirmed = nextFormPost(page);
  await question.getByRole("button", { name: "Yes, publish and tell 1 person" }).click();
  await confirmed;
  await expect(page.getByRole("status")).toHaveText("Published. 1 person has been told.");
});

test("a group's creator renames it, then leaves it after being asked", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/messages/new");
  await page.getByRole("checkbox", { name: new RegExp(`^${trust.manager.name}`) }).check();
  await page.getByLabel("Group name (for a group)").fill("Bay 3");
  await page.getByRole("button", { name: "Start conversation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bay 3" })).toBeVisible();
  await page.getByRole("link", { name: "2 people" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  let post = nextFormPost(page);
  await page.getByLabel("Group name").fill("Bay 3 and 4");
  await page.getByRole("button", { name: "Rename" }).click();
  await post;
  await expect(page.getByRole("link", { name: "Bay 3 and 4" })).toBeVisible();

  await page.getByRole("link", { name: "Leave this group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Leave Bay 3 and 4?" })).toBeVisible();
  post = nextFormPost(page);
  await page.getByRole("button", { name: "Leave the group" }).click();
  await post;
  await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Bay 3 and 4/ })).toHaveCount(0);
});
