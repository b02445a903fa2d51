// Swaps on phones (issue 10): one nurse asks another to swap, she accepts, the manager approves,
// and both Shifts pages show their new shifts; the manager posts an open shift and a nurse
// claims it. Each new page is checked with axe on the way.
import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import {
  expect,
  expectNoSeriousAccessibilityViolations,
  PASSWORD,
  type Person,
  type Trust,
  test,
} from "./fixtures";

/** YYYY-MM-DD, `days` after today in London. */
function dayInLondon(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "Tue 3 Dec", as Baton writes a day. */
function dayLabel(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(new Date(`${date}T12:00:00Z`));
}

/** The instant a London wall-clock time falls at (GMT or BST). */
function londonInstant(date: string, time: string): number {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const shown = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(guess));
  const [h, m] = shown.split(":").map(Number);
  const [th, tm] = time.split(":").map(Number);
  return guess - (h! * 60 + m! - (th! * 60 + tm!)) * 60_000;
}

const id = () => randomBytes(10).toString("hex");

// Issue 10 asks for phones: staff swap and claim one-handed. This spec runs only in the phone
// project (playwright.config.ts ignores it for the desktop one).

/**
 * A second staff nurse, an early shift type, and a published fortnight from next week with an
 * early each for the two nurses, written as the app would (plain SQL, no audit rows).
 */
function publishedFortnight(db: Database.Database, trust: Trust) {
  const now = Date.now();
  const second: Person = {
    userId: id(),
    email: `second-${id()}@e2e.nhs.net`,
    name: "Amina Yusuf",
    password: PASSWORD,
    membershipId: id(),
  };
  const hash = (
    db.prepare("SELECT password_hash FROM users WHERE id = ?").get(trust.staff.userId) as {
      password_hash: string;
    }
  ).password_hash;
  const typeId = id();
  const periodId = id();
  const first = dayInLondon(7);
  const last = dayInLondon(20);
  const tomDate = dayInLondon(8);
  const aminaDate = dayInLondon(10);
  db.transaction(() => {
    db.prepare(
      "INSERT INTO users (id, organisation_id, email, name, password_hash, is_org_admin, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    ).run(second.userId, trust.organisationId, second.email, second.name, hash, now);
    db.prepare(
      "INSERT INTO memberships (id, team_id, user_id, role, grade, skills, clinical, created_at) VALUES (?, ?, ?, 'staff', 'Band 5 RN', '[]', 1, ?)",
    ).run(second.membershipId, trust.teamId, second.userId, now);
    db.prepare(
      "INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, paid_break_minutes, colour, requirements) VALUES (?, ?, 'E', 'Early', '07:30', '15:30', 30, 'blue', '[]')",
    ).run(typeId, trust.teamId);
    db.prepare(
      "INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, published_at, published_by_user_id) VALUES (?, ?, ?, ?, 'published', ?, ?, ?)",
    ).run(periodId, trust.teamId, first, last, trust.manager.userId, now, trust.manager.userId);
    const shift = db.prepare(
      "INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const [userId, date] of [
      [trust.staff.userId, tomDate],
      [second.userId, aminaDate],
    ] as const)
      shift.run(
        id(),
        trust.teamId,
        periodId,
        typeId,
        userId,
        date,
        londonInstant(date, "07:30"),
        londonInstant(date, "15:30"),
      );
  })();
  return { second, typeId, tomDate, aminaDate, openDate: dayInLondon(12) };
}

test("a swap is requested, accepted and approved, and both Shifts pages show the new shifts", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  test.slow(); // three people
  const { second, tomDate, aminaDate } = publishedFortnight(db, trust);

  // Tom asks Amina to swap his early for hers, after seeing what it changes.
  await signIn(trust.staff);
  await page.goto("/shifts");
  await page.getByRole("link", { name: `Swap or give away E on ${dayLabel(tomDate)}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Swap or give away" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  const theirs = page.getByLabel("Their shift");
  const option = theirs.locator("option", { hasText: `Amina Yusuf: ${dayLabel(aminaDate)}` });
  await theirs.selectOption((await option.getAttribute("value")) ?? "");
  await page.getByRole("button", { name: "Preview the swap" }).click();
  await expect(page.getByRole("heading", { name: "Check before you send" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Working-time breaches" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("status")).toContainText("Sent. Amina Yusuf has been told.");
  await expectNoSeriousAccessibilityViolations(page);

  // Amina sees the offer with its effect, and accepts.
  const amina = await (await newContext()).newPage();
  await signIn(second, amina.context());
  await amina.goto("/swaps");
  await expect(amina.getByRole("heading", { level: 1, name: "Swaps" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(amina);
  await amina.getByRole("link", { name: /Tom Whitfield asks to swap/ }).click();
  await expect(amina.getByRole("heading", { name: "What it changes" })).toBeVisible();
  await amina.getByRole("button", { name: "Accept" }).click();
  await expect(amina.getByRole("status")).toContainText("It now waits for a manager");

  // The manager approves from the queue in one tap.
  const manager = await (await newContext()).newPage();
  await signIn(trust.manager, manager.context());
  await manager.goto("/swaps");
  await expect(
    manager.getByRole("heading", { name: "Waiting for your approval (1)" }),
  ).toBeVisible();
  await expect(manager.getByText("Adds no working-time breach.")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(manager);
  await manager.getByRole("button", { name: /^Approve/ }).click();
  await expect(manager.getByRole("status")).toContainText("Approved.");

  // Each now has the other's day.
  await page.goto("/shifts");
  await expect(
    page.locator(".baton-shift__day").filter({ hasText: dayLabel(aminaDate) }),
  ).toBeVisible();
  await expect(
    page.locator(".baton-shift__day").filter({ hasText: dayLabel(tomDate) }),
  ).toHaveCount(0);
  await amina.goto("/shifts");
  await expect(
    amina.locator(".baton-shift__day").filter({ hasText: dayLabel(tomDate) }),
  ).toBeVisible();
  await expect(
    amina.locator(".baton-shift__day").filter({ hasText: dayLabel(aminaDate) }),
  ).toHaveCount(0);
});

test("a manager posts an open shift and a nurse claims it from Shifts", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  const { openDate } = publishedFortnight(db, trust);
  await signIn(trust.manager);
  await page.goto("/swaps");
  await page.getByRole("link", { name: "Post an open shift" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Post an open shift" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByLabel("Shift").selectOption({ label: "Early (E)" });
  await page.getByLabel("Date").fill(openDate);
  await page.getByRole("button", { name: "Continue" }).click();
  // It tells everyone eligible, so it asks first.
  await expect(page.getByRole("alert")).toContainText(`Early (E) on ${dayLabel(openDate)}`);
  await page.getByRole("button", { name: "Post the open shift" }).click();
  await expect(page.getByRole("status")).toContainText("Open shift posted.");

  const nurse = await (await newContext()).newPage();
  await signIn(trust.staff, nurse.context());
  await nurse.goto("/shifts");
  await expect(nurse.getByRole("heading", { name: "Open shifts you can claim" })).toBeVisible();
  await nurse.getByRole("button", { name: /^Claim/ }).click();
  await expect(nurse.getByRole("status")).toContainText("The shift is yours.");
  await nurse.goto("/shifts");
  await expect(
    nurse.locator(".baton-shift__day").filter({ hasText: dayLabel(openDate) }),
  ).toBeVisible();
  await expect(nurse.getByRole("heading", { name: "Open shifts you can claim" })).toHaveCount(0);

  // The manager's list no longer has it, and the settings page passes axe.
  await page.goto(`/team/${trust.teamId}/swap-settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Swap settings" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});
