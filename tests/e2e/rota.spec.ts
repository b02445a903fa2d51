// The rota from start to finish on a phone: a manager sets up shift types and a rotating pattern,
// fills a draft, sees a coverage gap and a working-time breach, and publishes; the member of
// staff then sees their shifts and subscribes to them in their calendar.
import { expect, expectNoSeriousAccessibilityViolations, test } from "./fixtures";

/** The Monday after today, as YYYY-MM-DD in London (where the fixture team is). */
function nextMonday(): string {
  const today = new Date(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()),
  );
  const days = (8 - today.getUTCDay()) % 7 || 7;
  today.setUTCDate(today.getUTCDate() + days);
  return today.toISOString().slice(0, 10);
}

test("a manager builds a rota, sees a gap and a breach, publishes, and staff see and subscribe", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  test.slow(); // one long story across two people
  await signIn(trust.manager);

  // Two shift types: an early that needs two staff nurses, and a late.
  for (const [code, name, starts, ends, needs] of [
    ["E", "Early", "07:30", "15:30", "2 x Band 5 RN"],
    ["L", "Late", "13:30", "21:30", ""],
  ] as const) {
    await page.goto(`/team/${trust.teamId}/shift-types/new`);
    await page.getByLabel("Code").fill(code);
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Starts").fill(starts);
    await page.getByLabel("Ends").fill(ends);
    await page.getByLabel("Paid break (minutes)").fill("30");
    await page.getByLabel("Staff needed on each shift (optional)").fill(needs);
    await page.getByRole("button", { name: "Add shift type" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Shift types" })).toBeVisible();
  }

  // The ward checks its rota against the Working Time Regulations.
  await page.goto(`/team/${trust.teamId}`);
  await page.getByRole("link", { name: "Rota", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rota" })).toBeVisible();
  await page
    .getByLabel("Check this team's rota against")
    .selectOption({ label: "Working Time Regulations 1998" });
  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText("Working-time rules saved.")).toBeVisible();

  // A rotating rota of one line: a late on Monday, then an early on Tuesday (only 10 h apart).
  const monday = nextMonday();
  await page.getByRole("link", { name: "Patterns" }).click();
  await page.getByText("A rotating rota", { exact: true }).click();
  // Picked day by day; the days left blank in a used line are days off.
  await page.getByLabel("Line 1, Monday").selectOption("L");
  await page.getByLabel("Line 1, Tuesday").selectOption("E");
  await page.getByLabel("First week starts on (a Monday)").fill(monday);
  await page.getByLabel(`${trust.staff.name} (Band 5 RN)`).check();
  await page.getByRole("button", { name: "Save rotating rota" }).click();
  await expect(page.getByText("Rotating rota saved for 1 person.")).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  // A four-week draft from next Monday (the suggested dates), filled from the pattern.
  await page.getByRole("link", { name: "Back to the rota" }).click();
  await page.getByRole("link", { name: "New rota period" }).click();
  await expect(page.getByLabel("First day")).toHaveValue(monday);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByText("Only managers can see this draft.")).toBeVisible();
  await page.getByRole("button", { name: "Fill from patterns" }).click();
  await expect(page.getByRole("status")).toContainText("Patterns added 8 shifts.");

  // The gap: every early has one Band 5 RN of the two it needs.
  await expect(page.getByRole("link", { name: "28 shifts short of staff" })).toBeVisible();
  await page
    .getByText(/^Week of .*: 7 short$/)
    .first()
    .click();
  await expect(page.getByText("Early (E): 1 Band 5 RN short (1 of 2)").first()).toBeVisible();
  // The breach: 10 hours of rest between the late and the next early, so the 24 hours from the
  // late's start hold no 11 consecutive hours of rest (WTR reg. 10).
  await page.getByText(`${trust.staff.name}: 4 breaches`).click();
  await expect(
    page
      .getByText(
        /The longest rest in the 24 hours from .* is 10 h; at least 11 consecutive hours are needed\./,
      )
      .first(),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  // The other ways in: a spreadsheet, or a shift at a time.
  await page.getByRole("link", { name: "Import a spreadsheet" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Import the rota from a spreadsheet" }),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.goBack();
  await page.getByRole("link", { name: "Add a shift" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a shift" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.goBack();

  // Staff cannot see the draft yet.
  const staffContext = await newContext();
  await signIn(trust.staff, staffContext);
  const staffPage = await staffContext.newPage();
  await staffPage.goto("/shifts");
  await expect(staffPage.getByText("No shifts in the next eight weeks.")).toBeVisible();

  await page.getByRole("button", { name: "Publish rota" }).click();
  const publish = page.getByRole("dialog", { name: "Publish this rota?" });
  await expect(publish).toContainText("The 1 person on it will be told");
  await publish.getByRole("button", { name: "Yes, publish and tell 1 person" }).click();
  await expect(page.getByRole("status")).toHaveText("Published. 1 person has been told.");
  await expect(page.getByRole("status")).toBeInViewport();

  // The grid, as the manager: the shifts in place, the days scrolling under fixed names.
  await page.getByRole("link", { name: "See the grid" }).click();
  await expect(page.getByRole("region", { name: /rota, Mon/ })).toBeVisible();
  await expect(
    page.getByRole("link", { name: new RegExp(`^${trust.staff.name}, .*: L\\. Change$`) }).first(),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);

  // A change after publishing: the first late becomes an early, and the person is told. The
  // grid's links navigate in the page once it has loaded (no full reload: the marker survives).
  await page.evaluate(() => {
    (window as unknown as { stillThisPage: boolean }).stillThisPage = true;
  });
  await page
    .getByRole("link", { name: new RegExp(`^${trust.staff.name}, .*: L\\. Change$`) })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Change a shift" })).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage),
  ).toBe(true);
  await expectNoSeriousAccessibilityViolations(page);
  await page
    .getByLabel("Shift", { exact: true })
    .selectOption({ label: "E Early, 07:30 to 15:30" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rota" })).toBeVisible();

  // Staff: told, and their shifts listed with times, new and changed ones marked.
  await staffPage.reload();
  await expect(staffPage.getByRole("link", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(staffPage.getByText("Late, 13:30 to 21:30").first()).toBeVisible();
  await expect(staffPage.getByText("Early, 07:30 to 15:30").first()).toBeVisible();
  await expect(staffPage.getByText("Changed", { exact: true })).toHaveCount(1);
  await expect(staffPage.getByText("New", { exact: true })).toHaveCount(7);
  await expectNoSeriousAccessibilityViolations(staffPage);
  await staffPage.getByRole("button", { name: "Mark as seen" }).click();
  await expect(staffPage.getByText("Changed", { exact: true })).toHaveCount(0);

  // ...and subscribe to them in a calendar: the feed holds all eight.
  await staffPage.getByRole("link", { name: "Add your shifts to your phone's calendar" }).click();
  await staffPage.getByRole("button", { name: "Turn on" }).click();
  const address = (await staffPage.locator(".baton-link-box").first().textContent())?.trim() ?? "";
  expect(address).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/);
  const feed = await staffPage.request.get(address);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const body = await feed.text();
  expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(8);
  expect(body).toContain("SUMMARY:Late (L)");
  await expectNoSeriousAccessibilityViolations(staffPage);
});

test("staff see the published rota but never a draft, and cannot change it", async ({
  page,
  trust,
  signIn,
  db,
}) => {
  // A published week and a draft week, written as the app would (fixture SQL only).
  const monday = nextMonday();
  const now = Date.now();
  const id = () => Math.random().toString(36).slice(2, 12);
  const typeId = id();
  db.prepare(
    `INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, colour, requirements, created_at)
     VALUES (?, ?, 'N', 'Night', '20:00', '08:00', 'darkBlue', '[]', ?)`,
  ).run(typeId, trust.teamId, now);
  const publishedId = id();
  const draftId = id();
  const addPeriod = db.prepare(
    `INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const plus = (days: number) =>
    new Date(Date.parse(`${monday}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  addPeriod.run(publishedId, trust.teamId, monday, plus(6), "published", trust.manager.userId, now);
  addPeriod.run(draftId, trust.teamId, plus(7), plus(13), "draft", trust.manager.userId, now);
  const addShift = db.prepare(
    `INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Times are roughly right; the grid shows codes by date, which is what this test reads.
  for (const [periodId, date] of [
    [publishedId, plus(2)],
    [draftId, plus(9)],
  ] as const) {
    const start = Date.parse(`${date}T20:00:00Z`);
    addShift.run(
      id(),
      trust.teamId,
      periodId,
      typeId,
      trust.staff.userId,
      date,
      start,
      start + 12 * 3_600_000,
      now,
      now,
    );
  }

  await signIn(trust.staff);
  await page.goto(`/team/${trust.teamId}/rota?week=${monday}`);
  await expect(page.getByRole("cell", { name: "N" })).toHaveCount(1);
  await expect(page.getByRole("link", { name: /Change$/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Add a shift/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Next week" }).click();
  await expect(page.getByRole("cell", { name: "N" })).toHaveCount(0);
  await page.goto(`/team/${trust.teamId}/rota?period=${draftId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.goto(`/team/${trust.teamId}/rota/${draftId}/shifts/new`);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("publishing a draft with a shift during approved leave asks the manager first, without JavaScript", async ({
  page,
  trust,
  signIn,
  newContext,
  db,
}) => {
  // A draft week with the staff nurse on an early during her approved annual leave (fixture SQL).
  const monday = nextMonday();
  const tuesday = new Date(Date.parse(`${monday}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const now = Date.now();
  const id = () => Math.random().toString(36).slice(2, 12);
  const typeId = id();
  const periodId = id();
  db.prepare(
    `INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, colour, requirements, created_at)
     VALUES (?, ?, 'E', 'Early', '07:30', '15:30', 'blue', '[]', ?)`,
  ).run(typeId, trust.teamId, now);
  db.prepare(
    `INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, created_at)
     VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
  ).run(periodId, trust.teamId, monday, sunday, trust.manager.userId, now);
  const start = Date.parse(`${tuesday}T07:30:00Z`);
  const shiftId = id();
  db.prepare(
    `INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    shiftId,
    trust.teamId,
    periodId,
    typeId,
    trust.staff.userId,
    tuesday,
    start,
    start + 8 * 3_600_000,
    now,
    now,
  );
  db.prepare(
    `INSERT INTO leave_requests (id, team_id, user_id, kind, start_date, end_date, status, note,
       requested_by_user_id, decided_by_user_id, decided_at, created_at)
     VALUES (?, ?, ?, 'annual', ?, ?, 'approved', '', ?, ?, ?, ?)`,
  ).run(
    id(),
    trust.teamId,
    trust.staff.userId,
    tuesday,
    tuesday,
    trust.staff.userId,
    trust.manager.userId,
    now,
    now,
  );

  // With JavaScript: the question lists them before anything is published.
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/rota/${periodId}`);
  await page.getByRole("button", { name: "Publish rota" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish this rota?" });
  await expect(dialog).toContainText("1 shift falls during leave or sickness");
  await expect(dialog).toContainText(trust.staff.name);
  await expectNoSeriousAccessibilityViolations(page);
  await dialog.getByRole("button", { name: "No, go back" }).click();
  await expect(dialog).toBeHidden();

  // The shift's own page names the leave, and says only what is true now (nothing saved yet).
  await page.goto(`/team/${trust.teamId}/shifts/${shiftId}`);
  await expect(page.getByRole("heading", { level: 2, name: /Annual leave on / })).toBeVisible();
  await expect(page.getByText(`${trust.staff.name} is on annual leave: `)).toBeVisible();
  await expect(page.getByText(/has been saved/)).toHaveCount(0);
  await expectNoSeriousAccessibilityViolations(page);

  // Without: plain HTML forms, the confirmation a second post that the server checks.
  const context = await newContext({ javaScriptEnabled: false });
  await signIn(trust.manager, context);
  const plain = await context.newPage();
  await plain.goto(`/team/${trust.teamId}/rota/${periodId}`);
  await plain.getByRole("button", { name: "Publish rota" }).click();
  const warning = plain.getByRole("alert");
  await expect(warning).toContainText("Publish this rota?");
  await expect(warning).toContainText("1 shift falls during leave or sickness");
  await expect(warning).toContainText(`${trust.staff.name}`);
  await expect(warning).toContainText("on leave");
  await expect(plain.getByText("Only managers can see this draft.")).toBeVisible();
  await warning.getByRole("button", { name: "Yes, publish and tell 1 person" }).click();
  await expect(plain.getByText("Published. 1 person has been told.")).toBeVisible();
  await expect(plain.getByRole("alert")).toHaveCount(0);
});
