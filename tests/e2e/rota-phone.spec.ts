// The rota on a phone (issue 12), on the 360 x 740 phone profile: a week fits without sideways
// scrolling, a gap opens on a tap and offers the manager a way to fill it, staff reach "who is
// on" for a day from Shifts, and a notification is read once it is opened.
import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import {
  expect,
  expectNoSeriousAccessibilityViolations,
  type Person,
  type Trust,
  test,
} from "./fixtures";

const ZONE = "Europe/London";
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const mondayOf = (date: string) =>
  addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));
const id = () => randomBytes(10).toString("hex").slice(0, 16);
/** "Tue 1 Dec", as the grid's cells name their day. */
const dayLabel = (date: string) =>
  new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(",", "");

type Week = { monday: string; tuesday: string; earlyId: string; colleague: string };

/**
 * A published rota for this week, written as the app would: the trust's nurse and three
 * colleagues with long names on earlies, lates and nights. The early needs two Band 5 RNs and
 * has one on Tuesday: the week's one gap.
 */
function publishedWeek(db: Database.Database, trust: Trust): Week {
  const monday = mondayOf(today());
  const now = Date.now();
  const hash = (
    db.prepare("SELECT password_hash AS h FROM users WHERE id = ?").get(trust.staff.userId) as {
      h: string;
    }
  ).h;
  const colleagues = ["Oluwaseun Adebayo-Williams", "Krzysztof Wiśniewski", "Siobhán Ní Bhriain"];
  const people = [trust.staff.userId];
  for (const [i, name] of colleagues.entries()) {
    const userId = id();
    db.prepare(
      "INSERT INTO users (id, organisation_id, email, name, password_hash, is_org_admin, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    ).run(userId, trust.organisationId, `c${i}-${userId}@e2e.nhs.net`, name, hash, now);
    db.prepare(
      "INSERT INTO memberships (id, team_id, user_id, role, grade, skills, clinical, created_at) VALUES (?, ?, ?, 'staff', ?, '[]', 1, ?)",
    ).run(id(), trust.teamId, userId, i === 2 ? "Band 2 HCA" : "Band 5 RN", now);
    people.push(userId);
  }
  const type = (
    code: string,
    name: string,
    start: string,
    end: string,
    colour: string,
    needs = "[]",
  ) => {
    const typeId = id();
    db.prepare(
      "INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, colour, requirements, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(typeId, trust.teamId, code, name, start, end, colour, needs, now);
    return { typeId, start, end };
  };
  const early = type(
    "E",
    "Early",
    "07:30",
    "15:30",
    "blue",
    JSON.stringify([{ count: 2, qualification: "Band 5 RN" }]),
  );
  const late = type("L", "Late", "13:30", "21:30", "green");
  const night = type("N", "Night", "19:30", "08:00", "darkBlue");
  const periodId = id();
  db.prepare(
    "INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, published_at, published_by_user_id, created_at) VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?)",
  ).run(
    periodId,
    trust.teamId,
    monday,
    addDays(monday, 27),
    trust.manager.userId,
    now,
    trust.manager.userId,
    now,
  );
  const shift = (userId: string, t: typeof early, date: string) => {
    const startsAt = Date.parse(`${date}T${t.start}:00Z`);
    let endsAt = Date.parse(`${date}T${t.end}:00Z`);
    if (endsAt <= startsAt) endsAt += 24 * 3600_000;
    db.prepare(
      "INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(id(), trust.teamId, periodId, t.typeId, userId, date, startsAt, endsAt, now, now);
  };
  const [tom, olu, kris, siobhan] = people as [string, string, string, string];
  for (let d = 0; d < 7; d++) {
    const date = addDays(monday, d);
    shift(tom, early, date);
    if (d !== 1) shift(olu, early, date);
    shift(d < 4 ? kris : siobhan, d % 2 ? late : night, date);
  }
  return {
    monday,
    tuesday: addDays(monday, 1),
    earlyId: early.typeId,
    colleague: "Oluwaseun Adebayo-Williams",
  };
}

test("staff see a whole week on a phone, without scrolling sideways", async ({
  page,
  trust,
  db,
  signIn,
}) => {
  const week = publishedWeek(db, trust);
  await signIn(trust.staff);
  await page.goto(`/team/${trust.teamId}/rota`);
  await expect(page.getByRole("heading", { level: 1, name: "Rota" })).toBeVisible();
  const widths = await page.evaluate(() => {
    const grid = document.querySelector(".baton-grid")!;
    return {
      page: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      grid: grid.scrollWidth,
      gridBox: grid.clientWidth,
    };
  });
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  expect(widths.grid).toBeLessThanOrEqual(widths.gridBox);
  // Every day of the week is on screen, Monday to Sunday, in the first screenful.
  for (let d = 0; d < 7; d++) {
    const heading = page.getByRole("link", {
      name: `${dayLabel(addDays(week.monday, d))}: who is on`,
    });
    const box = (await heading.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.y + box.height).toBeLessThanOrEqual(740);
  }
  // The full name is on screen, not cut to initials.
  await expect(page.getByText(week.colleague, { exact: true })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

test("a tap on a gap shows what is short, and offers the manager an open shift for it", async ({
  page,
  trust,
  db,
  signIn,
}) => {
  const week = publishedWeek(db, trust);
  await signIn(trust.manager);
  await page.goto(`/team/${trust.teamId}/rota`);
  await page
    .getByRole("link", { name: new RegExp(`^1 shift short on ${dayLabel(week.tuesday)}`) })
    .tap();
  await expect(page.getByRole("heading", { level: 1, name: /^Who is on/ })).toBeVisible();
  await expect(page.getByText(/^Short: 1 Band 5 RN short \(1 of 2\)\.$/)).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole("link", { name: "Post an open shift for E" }).tap();
  await expect(page.getByLabel("Date")).toHaveValue(week.tuesday);
  await expect(page.getByLabel("Shift", { exact: true })).toHaveValue(week.earlyId);
});

test("staff open who is on for one of their days from Shifts", async ({
  page,
  trust,
  db,
  signIn,
}) => {
  publishedWeek(db, trust);
  await signIn(trust.staff);
  await page.goto("/shifts");
  await page
    .getByRole("link", { name: /^Who is on / })
    .first()
    .tap();
  await expect(page.getByRole("heading", { level: 1, name: /^Who is on/ })).toBeVisible();
  const early = page.getByRole("region", { name: /^E Early/ });
  await expect(early.getByText(`${trust.staff.name} (you)`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Next day" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

test("opening a notification reads it and leads to the day it is about", async ({
  page,
  trust,
  db,
  signIn,
}) => {
  const week = publishedWeek(db, trust);
  const tell = (person: Person, title: string, link: string) =>
    db
      .prepare(
        "INSERT INTO notifications (id, user_id, kind, title, body, link, created_at) VALUES (?, ?, 'shift.added', ?, '', ?, ?)",
      )
      .run(id(), person.userId, title, link, Date.now());
  tell(
    trust.staff,
    `New shift on ${dayLabel(week.tuesday)}`,
    `/team/${trust.teamId}/day/${week.tuesday}`,
  );
  await signIn(trust.staff);
  await page.goto("/shifts");
  await page.getByRole("link", { name: "Notifications, 1 unread" }).tap();
  await page.getByRole("link", { name: `New shift on ${dayLabel(week.tuesday)}` }).tap();
  await expect(page).toHaveURL(new RegExp(`/team/${trust.teamId}/day/${week.tuesday}$`));
  await expect(page.getByRole("heading", { level: 1, name: /^Who is on/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await page.goto("/notifications");
  await expect(page.getByText("New", { exact: true })).toHaveCount(0);
  await expectNoSeriousAccessibilityViolations(page);
});
