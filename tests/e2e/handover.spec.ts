// Handover on phones (issue 11): the outgoing nurse starts tonight's handover, decides the two
// actions carried from the last accepted one (one done, one carried again to the incoming
// nurse), carries the patient again and adds a new one; the incoming nurse reads it, records her
// synthesis of both watcher and unstable patients and accepts it, and the outgoing nurse's page
// shows it accepted and locked without a reload. Each new page is checked with axe on the way.
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

const id = () => randomBytes(10).toString("hex");

/** YYYY-MM-DD, `days` after today in London. */
function dayInLondon(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
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

/** "Tue 3 Dec, 20:00", as Baton names a shift change. */
function changeLabel(date: string): string {
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(new Date(`${date}T12:00:00Z`));
  return `${day}, 20:00`;
}

/**
 * Tom (the trust's staff nurse) on a day 08:00-20:00 and Amina on the night from 20:00, on a
 * published rota, so that they meet at the 20:00 change: today's if it is at least two hours
 * away, else tomorrow's (the Handover tab looks a day and a half ahead). The night before, the
 * ward accepted a handover with one unstable patient and two open actions, which carry forward.
 */
function tonightsChange(db: Database.Database, trust: Trust) {
  const now = Date.now();
  const amina: Person = {
    userId: id(),
    email: `amina-${id()}@e2e.nhs.net`,
    name: "Amina Yusuf",
    password: PASSWORD,
    membershipId: id(),
  };
  const hash = (
    db.prepare("SELECT password_hash FROM users WHERE id = ?").get(trust.staff.userId) as {
      password_hash: string;
    }
  ).password_hash;
  let date = dayInLondon(0);
  if (londonInstant(date, "20:00") - now < 2 * 3_600_000) date = dayInLondon(1);
  const at = londonInstant(date, "20:00");
  const day = id();
  const night = id();
  const periodId = id();
  const previous = id();
  const item = id();
  const ipass = JSON.stringify({
    id: "ipass",
    name: "I-PASS",
    fields: [{ key: "summary", label: "Patient summary", kind: "long", required: true }],
  });
  db.transaction(() => {
    db.prepare(
      "INSERT INTO users (id, organisation_id, email, name, password_hash, is_org_admin, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    ).run(amina.userId, trust.organisationId, amina.email, amina.name, hash, now);
    db.prepare(
      "INSERT INTO memberships (id, team_id, user_id, role, grade, skills, clinical, created_at) VALUES (?, ?, ?, 'staff', 'Band 5 RN', '[]', 1, ?)",
    ).run(amina.membershipId, trust.teamId, amina.userId, now);
    const type = db.prepare(
      "INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, paid_break_minutes, colour, requirements) VALUES (?, ?, ?, ?, ?, ?, 60, 'blue', '[]')",
    );
    type.run(day, trust.teamId, "D", "Day", "08:00", "20:00");
    type.run(night, trust.teamId, "N", "Night", "20:00", "08:00");
    db.prepare(
      "INSERT INTO rota_periods (id, team_id, start_date, end_date, status, created_by_user_id, published_at, published_by_user_id) VALUES (?, ?, ?, ?, 'published', ?, ?, ?)",
    ).run(periodId, trust.teamId, date, date, trust.manager.userId, now, trust.manager.userId);
    const shift = db.prepare(
      "INSERT INTO shifts (id, team_id, rota_period_id, shift_type_id, user_id, date, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    shift.run(id(), trust.teamId, periodId, day, trust.staff.userId, date, at - 12 * 3_600_000, at);
    shift.run(id(), trust.teamId, periodId, night, amina.userId, date, at, at + 12 * 3_600_000);
    // Last night's handover, accepted, with an unstable patient and two open actions.
    const before = at - 24 * 3_600_000;
    db.prepare(
      "INSERT INTO handovers (id, team_id, at, date, template, state, started_by_user_id, created_at, accepted_by_user_id, accepted_at, updated_at) VALUES (?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?)",
    ).run(
      previous,
      trust.teamId,
      before,
      dayInLondon(-1),
      ipass,
      trust.staff.userId,
      before,
      trust.staff.userId,
      before + 1_800_000,
      before + 1_800_000,
    );
    db.prepare(
      "INSERT INTO handover_items (id, handover_id, bay, bed, patient, severity, fields, contingency, status, created_at, updated_at) VALUES (?, ?, '1', '2', 'M.T.', 'unstable', ?, 'If NEWS 7 or more, call the registrar', 'open', ?, ?)",
    ).run(item, previous, JSON.stringify({ summary: "Day 2 pneumonia, NEWS 6" }), before, before);
    const action = db.prepare(
      "INSERT INTO handover_actions (id, handover_id, item_id, what, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?)",
    );
    action.run(id(), previous, item, "Repeat lactate", before, before);
    action.run(id(), previous, item, "Chase blood cultures", before, before);
  })();
  return { amina, label: changeLabel(date) };
}

// Issue 11 asks for phones: handover happens at the bedside. This spec runs only in the phone
// project (playwright.config.ts ignores it for the desktop one).

test("an outgoing and an incoming nurse complete a handover with two carried actions and a synthesis", async ({
  page,
  db,
  trust,
  signIn,
  newContext,
}) => {
  test.slow(); // two people, many forms
  const { amina, label } = tonightsChange(db, trust);

  // Tom hands over: the Handover tab shows what he must write.
  await signIn(trust.staff);
  await page.goto("/handover");
  await expect(page.getByRole("heading", { level: 1, name: "Handover" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole("link", { name: `You hand over, ${label}` }).click();
  await expect(page.getByText("Not started", { exact: true })).toBeVisible();
  await expect(page.getByText(/carries 1 patient and 2 open actions/)).toBeVisible();
  await page.getByRole("button", { name: "Start the handover" }).click();
  await expect(page.getByRole("status")).toContainText("Handover started.");
  await expectNoSeriousAccessibilityViolations(page);

  // The two carried actions: the lactate was done; the cultures carry on, to Amina.
  const mt = page.locator(".baton-item").filter({ hasText: "M.T." });
  const lactate = mt.locator(".baton-item__action").filter({ hasText: "Repeat lactate" });
  await lactate.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("status")).toContainText("Decision recorded.");
  const cultures = mt.locator(".baton-item__action").filter({ hasText: "Chase blood cultures" });
  await cultures.getByLabel("Owner when carried again").selectOption({ label: "Amina Yusuf" });
  await cultures.getByRole("button", { name: "Carry again" }).click();
  await expect(cultures).toContainText("Amina Yusuf");
  // The patient stays: carried again.
  await mt.locator(".baton-item__decide").getByRole("button", { name: "Carry again" }).click();
  await expect(mt).toContainText("Carried again.");

  // A new admission, added one-handed from the top of the list.
  await page.getByText("Add a patient").click();
  const add = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Add patient" }) });
  await add.getByLabel("Bay").fill("4");
  await add.getByLabel("Bed").fill("3");
  await add.getByLabel("Patient (initials or name)").fill("A.N.");
  await add.getByLabel("Watcher").check();
  await add.getByLabel("Patient summary").fill("Chest pain, first troponin normal.");
  await add.getByRole("button", { name: "Add patient" }).click();
  await expect(page.getByRole("status")).toContainText("Patient added.");
  // Unstable first, then the watcher.
  await expect(page.locator(".baton-item .baton-item__head")).toHaveText([
    /UNSTABLE\s*M\.T\./i,
    /WATCHER\s*A\.N\./i,
  ]);
  await expectNoSeriousAccessibilityViolations(page);
  // Tom says it is ready: that tells the incoming staff, so it asks first.
  await page.getByRole("button", { name: "Ready to hand over" }).click();
  await expect(
    page.getByText(/Tell \d+ incoming (person|people) the handover is ready\?/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Yes, tell them" }).click();
  await expect(page.getByRole("status")).toContainText("told the handover is ready");

  // Amina is told; she receives: she reads it, synthesises both patients, and accepts.
  const receiver = await (await newContext()).newPage();
  await signIn(amina, receiver.context());
  await receiver.goto("/notifications");
  await receiver
    .getByRole("link", { name: /Handover ready/ })
    .first()
    .click();
  await expect(receiver).toHaveURL(/\/handover\/[^/]+\/\d{8}T\d{4}Z/);
  await expect(receiver.getByText(/Ready to receive/)).toBeVisible();
  await expect(
    receiver.getByText("2 watcher or unstable patients need a receiver's synthesis."),
  ).toBeVisible();
  await expectNoSeriousAccessibilityViolations(receiver);
  await receiver.getByRole("button", { name: "I have read it" }).click();
  await expect(receiver.getByRole("status")).toContainText("read the handover");
  const theirMt = receiver.locator(".baton-item").filter({ hasText: "M.T." });
  await theirMt.getByLabel("Your synthesis (optional note)").fill("NEWS hourly; registrar if 7.");
  await theirMt.getByRole("button", { name: "Confirm synthesis" }).click();
  await expect(theirMt).toContainText("Synthesis confirmed by Amina Yusuf");
  const theirAn = receiver.locator(".baton-item").filter({ hasText: "A.N." });
  await theirAn.getByRole("button", { name: "Confirm synthesis" }).click();
  await expect(theirAn).toContainText("Synthesis confirmed by Amina Yusuf");
  await receiver.getByRole("button", { name: "Accept handover" }).click();
  // Accepting locks it, so it asks first.
  await expect(receiver.getByText("Accept this handover?")).toBeVisible();
  await receiver.getByRole("button", { name: "Yes, accept and lock" }).click();
  await expect(receiver.getByRole("status")).toContainText("Accepted.");
  await expect(receiver.getByText(/Accepted by Amina Yusuf/)).toBeVisible();
  await expectNoSeriousAccessibilityViolations(receiver);

  // Tom's page learns of it live: accepted, locked, nothing left to edit.
  await expect(page.getByText(/Accepted by Amina Yusuf/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Add patient" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Addenda" })).toBeVisible();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the outgoing nurse starts the handover, is told an NHS number is wrong without losing the patient, and adds an action", async ({
    page,
    db,
    trust,
    signIn,
  }) => {
    const { label } = tonightsChange(db, trust);
    await signIn(trust.staff);
    await page.goto("/handover");
    await page.getByRole("link", { name: `You hand over, ${label}` }).click();
    await page.getByRole("button", { name: "Start the handover" }).click();
    await expect(page.getByRole("status")).toContainText("Handover started.");

    await page.getByText("Add a patient").click();
    const add = page
      .locator("form")
      .filter({ has: page.getByRole("button", { name: "Add patient" }) });
    await add.getByLabel("Bay").fill("6");
    await add.getByLabel("Patient (initials or name)").fill("K.L.");
    await add.getByLabel("Unstable").check();
    await add.getByLabel("Patient summary").fill("GI bleed, Hb 72, second unit running.");
    await add.getByText("Ward and NHS number (optional)").click();
    await add.getByLabel("NHS number").fill("943 476 5918");
    await add.getByRole("button", { name: "Add patient" }).click();
    await expect(page.getByRole("alert").first()).toContainText("not a valid NHS number");
    // Nothing was added, and what the nurse typed is still there to correct.
    await expect(page.locator(".baton-item").filter({ hasText: "K.L." })).toHaveCount(0);
    const again = page
      .locator("form")
      .filter({ has: page.getByRole("button", { name: "Add patient" }) });
    await expect(again.getByLabel("Patient (initials or name)")).toHaveValue("K.L.");
    await expect(again.getByLabel("Patient summary")).toHaveValue(
      "GI bleed, Hb 72, second unit running.",
    );
    await again.getByText("Ward and NHS number (optional)").click();
    await again.getByLabel("NHS number").fill("943 476 5919");
    await again.getByRole("button", { name: "Add patient" }).click();
    await expect(page.getByRole("status")).toContainText("Patient added.");

    const kl = page.locator(".baton-item").filter({ hasText: "K.L." });
    await expect(kl).toContainText("NHS 943 476 5919");
    await kl.getByText("Add an action").click();
    await kl.getByLabel("What needs doing").fill("Repeat Hb after the second unit");
    await kl.getByLabel("Who (incoming)").selectOption({ label: "Amina Yusuf" });
    await kl.getByRole("button", { name: "Add action" }).click();
    await expect(page.getByRole("status")).toContainText("Action added.");
    await expect(page.locator(".baton-item").filter({ hasText: "K.L." })).toContainText(
      "Repeat Hb after the second unit",
    );
  });
});
