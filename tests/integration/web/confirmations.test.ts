// Destructive and broadcast actions act only when confirmed (docs/decisions/024): a plain POST
// without confirmed=yes (a stray tap, JavaScript off, a hand-made request) answers with the
// question and changes nothing; the same POST confirmed acts and ends with a toast.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  invitations,
  leaveRequests,
  memberships,
  notifications,
  rotaPatterns,
  rotaPeriods,
  sessions,
  shifts,
  users,
} from "~/db/schema.server";
import { invitePerson } from "~/models/accounts/invitations.server";
import { enableCalendarFeed } from "~/models/rota/calendar-feed.server";
import { requestLeave } from "~/models/rota/leave.server";
import { createRecurrencePattern } from "~/models/rota/rota-patterns.server";
import * as calendarPage from "~/routes/_app.settings.calendar";
import * as teamPage from "~/routes/_app.team.$teamId._index";
import * as leavePage from "~/routes/_app.team.$teamId.leave";
import * as memberPage from "~/routes/_app.team.$teamId.members.$membershipId";
import * as patternsPage from "~/routes/_app.team.$teamId.patterns";
import * as periodPage from "~/routes/_app.team.$teamId.rota.$periodId._index";
import * as shiftPage from "~/routes/_app.team.$teamId.shifts.$shiftId";
import { signInAs } from "../../support/factories";
import { callAction, callLoader, toastOf } from "../../support/requests";
import { createWard, type Ward } from "../../support/ward";

type Page = { action: (args: never) => unknown };

/** Every row of every table but sessions: what "changes nothing" means. */
function snapshot(): string {
  const client = getDb().$client;
  const tables = client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name <> 'sessions' ORDER BY name",
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, client.prepare(`SELECT * FROM "${name}"`).all()]),
  );
}

/** Posts a form as `userId`; the answer returned, or the Response thrown (a redirect). */
async function post(
  page: Page,
  path: string,
  params: Record<string, string>,
  userId: string,
  form: Record<string, string>,
) {
  const { cookie } = signInAs(userId);
  try {
    const data = await callAction(page.action as never, { path, params, cookie, form });
    return { data: data as Record<string, unknown>, response: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { data: null, response: thrown };
    throw thrown;
  }
}

let w: Ward;
/** A date `n` days after a Monday four to five weeks from now: in the future, within any limit. */
const D = (n: number) => {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + 28 + ((8 - date.getUTCDay()) % 7) + n);
  return date.toISOString().slice(0, 10);
};

beforeEach(async () => {
  w = await createWard();
});

/**
 * Posts `form` unconfirmed and expects the question and no change at all; then confirmed, and
 * expects a redirect with a toast. Returns the confirmed answer.
 */
async function asksThenActs(
  page: Page,
  path: string,
  params: Record<string, string>,
  userId: string,
  form: Record<string, string>,
  fields: Record<string, string> = {},
) {
  const before = snapshot();
  const asked = await post(page, path, params, userId, form);
  expect(asked.response).toBeNull();
  expect(asked.data?.confirm).toEqual({ intent: form.intent, fields });
  expect(snapshot()).toBe(before);
  const acted = await post(page, path, params, userId, { ...form, confirmed: "yes" });
  expect(acted.response?.status).toBe(302);
  expect(toastOf(acted.response!)?.kind).toBe("success");
  expect(snapshot()).not.toBe(before);
  return acted.response!;
}

describe("the server refuses an unconfirmed destructive or broadcast post", () => {
  it("deleting a draft: asks, then deletes it with its shifts and says how many", async () => {
    const { periodId } = w.rota(
      D(0),
      D(6),
      [
        { userId: w.nia.id, type: w.types.E, date: D(0) },
        { userId: w.omar.id, type: w.types.E, date: D(1) },
      ],
      { draft: true },
    );
    const path = `/team/${w.ward}/rota/${periodId}`;
    const done = await asksThenActs(
      periodPage,
      path,
      { teamId: w.ward, periodId },
      w.trust.manager7.id,
      { intent: "delete" },
    );
    expect(done.headers.get("Location")).toBe(`/team/${w.ward}/rota`);
    expect(toastOf(done)?.message).toMatch(/has been deleted, with its 2 shifts\.$/);
    expect(getDb().select().from(rotaPeriods).where(eq(rotaPeriods.id, periodId)).get()).toBe(
      undefined,
    );
  });

  it("publishing: asks, then publishes and says how many people were told, at the top of the page", async () => {
    const { periodId } = w.rota(D(0), D(6), [{ userId: w.nia.id, type: w.types.E, date: D(0) }], {
      draft: true,
    });
    const path = `/team/${w.ward}/rota/${periodId}`;
    const done = await asksThenActs(
      periodPage,
      path,
      { teamId: w.ward, periodId },
      w.trust.manager7.id,
      { intent: "publish" },
    );
    expect(toastOf(done)?.message).toBe("Published. 1 person has been told.");
    expect(
      getDb().select().from(rotaPeriods).where(eq(rotaPeriods.id, periodId)).get()?.status,
    ).toBe("published");
  });

  it("removing a shift: asks, then removes it and tells its person", async () => {
    const { shiftIds } = w.rota(D(0), D(6), [{ userId: w.nia.id, type: w.types.E, date: D(0) }]);
    const shiftId = shiftIds[0]!;
    const done = await asksThenActs(
      shiftPage,
      `/team/${w.ward}/shifts/${shiftId}`,
      { teamId: w.ward, shiftId },
      w.trust.manager7.id,
      { intent: "remove" },
    );
    expect(toastOf(done)?.message).toMatch(
      /^Shift removed: Nia Nurse, .* Nia Nurse has been told\.$/,
    );
    expect(getDb().select().from(shifts).where(eq(shifts.id, shiftId)).get()?.removedAt).not.toBe(
      null,
    );
  });

  it("signing a member out everywhere asks, then ends every session", async () => {
    const params = { teamId: w.ward, membershipId: w.pat.membershipId };
    const path = `/team/${w.ward}/members/${w.pat.membershipId}`;
    signInAs(w.pat.id);
    const sessionsOfPat = () =>
      getDb().select().from(sessions).where(eq(sessions.userId, w.pat.id)).all().length;
    expect(sessionsOfPat()).toBeGreaterThan(0);
    const asked = await post(memberPage, path, params, w.trust.manager7.id, {
      intent: "sign-out-everywhere",
    });
    expect(asked.data?.confirm).toEqual({ intent: "sign-out-everywhere", fields: {} });
    expect(sessionsOfPat()).toBeGreaterThan(0);
    await post(memberPage, path, params, w.trust.manager7.id, {
      intent: "sign-out-everywhere",
      confirmed: "yes",
    });
    expect(sessionsOfPat()).toBe(0);
  });

  it("removing from the team and deactivating: each asks, then acts", async () => {
    const params = { teamId: w.ward, membershipId: w.omar.membershipId };
    const path = `/team/${w.ward}/members/${w.omar.membershipId}`;
    await asksThenActs(memberPage, path, params, w.trust.manager7.id, { intent: "deactivate" });
    expect(
      getDb().select().from(users).where(eq(users.id, w.omar.id)).get()?.deactivatedAt,
    ).not.toBe(null);
    const removed = await asksThenActs(memberPage, path, params, w.trust.manager7.id, {
      intent: "remove",
    });
    expect(removed.headers.get("Location")).toBe(`/team/${w.ward}`);
    expect(
      getDb().select().from(memberships).where(eq(memberships.id, w.omar.membershipId)).get(),
    ).toBe(undefined);
  });

  it("stopping a pattern: asks for that pattern, then stops it", async () => {
    const { patternId } = createRecurrencePattern({
      actor: w.manager(),
      teamId: w.ward,
      userId: w.nia.id,
      shiftTypeId: w.types.E,
      rule: "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
      startDate: D(0),
    });
    await asksThenActs(
      patternsPage,
      `/team/${w.ward}/patterns`,
      { teamId: w.ward },
      w.trust.manager7.id,
      { intent: "stop", patternId },
      { patternId },
    );
    expect(
      getDb().select().from(rotaPatterns).where(eq(rotaPatterns.id, patternId)).get()?.stoppedAt,
    ).not.toBe(null);
  });

  it("withdrawing an invitation: asks, then its link stops working", async () => {
    const invitation = invitePerson({
      actor: w.manager(),
      email: "new.nurse@trust.example",
      teamId: w.ward,
      member: { role: "staff", grade: "Band 5 RN", skills: [], clinical: true },
    });
    if (invitation.kind !== "invited") throw new Error("expected an invitation");
    const row = getDb()
      .select()
      .from(invitations)
      .where(eq(invitations.email, "new.nurse@trust.example"))
      .get()!;
    await asksThenActs(
      teamPage,
      `/team/${w.ward}`,
      { teamId: w.ward },
      w.trust.manager7.id,
      { intent: "revoke-invitation", invitationId: row.id },
      { invitationId: row.id },
    );
  });

  it("a new calendar address: asks, and the old address keeps working until confirmed", async () => {
    enableCalendarFeed({ actor: signInAs(w.nia.id).actor });
    const feedOf = () =>
      getDb()
        .select({ hash: users.calendarTokenHash })
        .from(users)
        .where(eq(users.id, w.nia.id))
        .get();
    const before = feedOf();
    const asked = await post(calendarPage, "/settings/calendar", {}, w.nia.id, {
      intent: "new-address",
    });
    expect(asked.data).toEqual({ confirm: { intent: "new-address", fields: {} } });
    expect(feedOf()).toEqual(before);
    expect(before?.hash).toBeTruthy();
  });

  it("someone who may not act is refused alike, asked or not", async () => {
    const { periodId } = w.rota(D(0), D(6), [], { draft: true });
    for (const form of [{ intent: "delete" }, { intent: "delete", confirmed: "yes" }]) {
      const answer = await post(
        periodPage,
        `/team/${w.ward}/rota/${periodId}`,
        { teamId: w.ward, periodId },
        w.nia.id,
        form as Record<string, string>,
      );
      expect(answer.response?.status).toBe(404);
    }
  });
});

describe("leave", () => {
  const path = () => `/team/${w.ward}/leave`;
  const params = () => ({ teamId: w.ward });

  it("a request ends in a redirect with a toast, so the form is empty again", async () => {
    const answer = await post(leavePage, path(), params(), w.nia.id, {
      intent: "request",
      kind: "annual",
      startDate: D(10),
      endDate: D(11),
      note: "",
    });
    expect(answer.response?.headers.get("Location")).toBe(path());
    expect(toastOf(answer.response!)?.message).toMatch(
      /^Annual leave requested for .*\. Your manager has been told\.$/,
    );
  });

  it("declining asks for a reason, refuses none, and the person sees it", async () => {
    const { leaveId } = requestLeave({
      actor: signInAs(w.nia.id).actor,
      teamId: w.ward,
      kind: "annual",
      startDate: D(10),
      endDate: D(11),
    });
    const asked = await post(leavePage, path(), params(), w.trust.manager7.id, {
      intent: "decline",
      leaveId,
    });
    expect(asked.data?.confirm).toEqual({ intent: "decline", fields: { leaveId } });
    const before = snapshot();
    const noReason = await post(leavePage, path(), params(), w.trust.manager7.id, {
      intent: "decline",
      leaveId,
      confirmed: "yes",
      reason: "  ",
    });
    expect(noReason.data?.errors).toEqual([
      { field: "reason", message: "Say why you are declining: the person will see your reason." },
    ]);
    // Still asking, so the reason field shows again with its error.
    expect(noReason.data?.confirm).toEqual({ intent: "decline", fields: { leaveId } });
    expect(snapshot()).toBe(before);
    const declined = await post(leavePage, path(), params(), w.trust.manager7.id, {
      intent: "decline",
      leaveId,
      confirmed: "yes",
      reason: "Three of the team are already away that week.",
    });
    expect(declined.response?.status).toBe(302);
    expect(
      getDb().select().from(leaveRequests).where(eq(leaveRequests.id, leaveId)).get(),
    ).toMatchObject({
      status: "declined",
      decisionReason: "Three of the team are already away that week.",
    });
    const told = getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.nia.id), eq(notifications.kind, "leave.decided")))
      .get();
    expect(told?.body).toMatch(/Reason: Three of the team are already away that week\.$/);
    const page = (await callLoader(leavePage.loader, {
      path: path(),
      params: params(),
      cookie: signInAs(w.nia.id).cookie,
    })) as { mine: { id: string; reason: string }[] };
    expect(page.mine.find((l) => l.id === leaveId)?.reason).toBe(
      "Three of the team are already away that week.",
    );
  });

  it("approving says which shifts fall in the leave, each a link to the shift", async () => {
    const { shiftIds } = w.rota(D(0), D(13), [
      { userId: w.nia.id, type: w.types.E, date: D(10) },
      { userId: w.nia.id, type: w.types.E, date: D(12) },
    ]);
    const { leaveId } = requestLeave({
      actor: signInAs(w.nia.id).actor,
      teamId: w.ward,
      kind: "annual",
      startDate: D(10),
      endDate: D(11),
    });
    const approved = await post(leavePage, path(), params(), w.trust.manager7.id, {
      intent: "approve",
      leaveId,
    });
    const toast = toastOf(approved.response!) as unknown as {
      message: string;
      links: { to: string; label: string }[];
    };
    expect(toast.message).toMatch(/One shift falls in that time/);
    expect(toast.links).toEqual([
      { to: `/team/${w.ward}/shifts/${shiftIds[0]}`, label: expect.stringMatching(/ E$/) },
    ]);
    const told = getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.nia.id), eq(notifications.kind, "leave.decided")))
      .get();
    expect(told?.link).toMatch(new RegExp(`^/team/${w.ward}/rota\\?week=`));
  });

  it("cancelling one's own leave asks first", async () => {
    const { leaveId } = requestLeave({
      actor: signInAs(w.nia.id).actor,
      teamId: w.ward,
      kind: "annual",
      startDate: D(10),
      endDate: D(11),
    });
    await asksThenActs(
      leavePage,
      path(),
      params(),
      w.nia.id,
      { intent: "cancel", leaveId },
      { leaveId },
    );
    expect(
      getDb().select().from(leaveRequests).where(eq(leaveRequests.id, leaveId)).get()?.status,
    ).toBe("cancelled");
  });
});
