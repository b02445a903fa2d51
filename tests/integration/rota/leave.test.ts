import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, leaveRequests } from "~/db/schema.server";
import { listNotifications } from "~/models/notifications/notifications.server";
import {
  cancelLeave,
  decideLeave,
  leaveOverview,
  recordSickness,
  requestLeave,
} from "~/models/rota/leave.server";
import { action as leaveAction, loader as leaveLoader } from "~/routes/_app.team.$teamId.leave";
import { actorFor, createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

const TODAY = "2026-11-25";

async function setUp() {
  const trust = await createTwoWardTrust();
  const staff = actorFor(trust.staff7.id);
  const manager = actorFor(trust.manager7.id);
  return { trust, staff, manager };
}

describe("leave", () => {
  it("lets staff request leave, tells the managers, and lets a manager approve it", async () => {
    const { trust, staff, manager } = await setUp();
    const { leaveId } = requestLeave({
      actor: staff,
      teamId: trust.ward7.id,
      kind: "annual",
      startDate: "2026-12-21",
      endDate: "2026-12-23",
      today: TODAY,
    });
    expect(listNotifications({ actor: manager })[0]).toMatchObject({
      title: "Sam Staff asks for annual leave",
      body: "Mon, 21 Dec 2026 to Wed, 23 Dec 2026 (3 days)",
    });
    decideLeave({ actor: manager, teamId: trust.ward7.id, leaveId, decision: "approved" });
    expect(
      getDb().select().from(leaveRequests).where(eq(leaveRequests.id, leaveId)).get(),
    ).toMatchObject({ status: "approved", decidedByUserId: trust.manager7.id });
    expect(listNotifications({ actor: staff })[0]?.title).toBe("Your annual leave was approved");
    const last = getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
    expect(last).toMatchObject({ action: "leave.approved", targetId: leaveId });
  });

  it("refuses overlapping leave, leave in the past, and sickness requested by the person", async () => {
    const { trust, staff } = await setUp();
    requestLeave({
      actor: staff,
      teamId: trust.ward7.id,
      kind: "study",
      startDate: "2026-12-01",
      endDate: "2026-12-03",
      today: TODAY,
    });
    expect(() =>
      requestLeave({
        actor: staff,
        teamId: trust.ward7.id,
        kind: "annual",
        startDate: "2026-12-03",
        endDate: "2026-12-04",
        today: TODAY,
      }),
    ).toThrow(/overlaps study leave already requested/);
    expect(() =>
      requestLeave({
        actor: staff,
        teamId: trust.ward7.id,
        kind: "annual",
        startDate: "2026-11-20",
        endDate: "2026-11-21",
        today: TODAY,
      }),
    ).toThrow(/from today onwards/);
    expect(() =>
      requestLeave({
        actor: staff,
        teamId: trust.ward7.id,
        kind: "sick" as "annual",
        startDate: "2026-12-10",
        endDate: "2026-12-10",
        today: TODAY,
      }),
    ).toThrow(/recorded by your manager/);
  });

  it("does not let a manager decide their own leave, nor decide twice", async () => {
    const { trust, manager } = await setUp();
    const { leaveId } = requestLeave({
      actor: manager,
      teamId: trust.ward7.id,
      kind: "annual",
      startDate: "2026-12-21",
      endDate: "2026-12-21",
      today: TODAY,
    });
    expect(() =>
      decideLeave({ actor: manager, teamId: trust.ward7.id, leaveId, decision: "approved" }),
    ).toThrow(/Another manager/);
    decideLeave({
      actor: actorFor(trust.admin.id),
      teamId: trust.ward7.id,
      leaveId,
      decision: "declined",
      reason: "The ward is short that day.",
    });
    expect(() =>
      decideLeave({
        actor: actorFor(trust.admin.id),
        teamId: trust.ward7.id,
        leaveId,
        decision: "approved",
      }),
    ).toThrow(/already been decided/);
  });

  it("keeps staff out of deciding, and other wards out altogether, with the same 404", async () => {
    const { trust, staff } = await setUp();
    const { leaveId } = requestLeave({
      actor: staff,
      teamId: trust.ward7.id,
      kind: "annual",
      startDate: "2026-12-21",
      endDate: "2026-12-21",
      today: TODAY,
    });
    const colleague = actorFor(trust.manager12.id);
    expect(
      (
        await thrownResponse(() =>
          decideLeave({ actor: colleague, teamId: trust.ward7.id, leaveId, decision: "approved" }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await thrownResponse(() =>
          decideLeave({ actor: colleague, teamId: trust.ward12.id, leaveId, decision: "approved" }),
        )
      ).status,
    ).toBe(404);
    expect(
      (await thrownResponse(() => leaveOverview({ actor: colleague, teamId: trust.ward7.id })))
        .status,
    ).toBe(404);
    expect(
      getDb().select().from(leaveRequests).where(eq(leaveRequests.id, leaveId)).get()?.status,
    ).toBe("requested");
  });

  it("lets a manager record sickness, past dates included, which staff cannot", async () => {
    const { trust, staff, manager } = await setUp();
    const { leaveId } = recordSickness({
      actor: manager,
      teamId: trust.ward7.id,
      userId: trust.staff7.id,
      startDate: "2026-11-20",
      endDate: "2026-11-26",
    });
    expect(
      getDb().select().from(leaveRequests).where(eq(leaveRequests.id, leaveId)).get(),
    ).toMatchObject({ kind: "sick", status: "approved" });
    expect(listNotifications({ actor: staff })[0]?.title).toBe(
      "Your manager recorded sickness for you",
    );
    expect(
      (
        await thrownResponse(() =>
          recordSickness({
            actor: staff,
            teamId: trust.ward7.id,
            userId: trust.staff7.id,
            startDate: "2026-12-01",
            endDate: "2026-12-01",
          }),
        )
      ).status,
    ).toBe(404);
    expect(() =>
      recordSickness({
        actor: manager,
        teamId: trust.ward7.id,
        userId: trust.staff12.id,
        startDate: "2026-12-01",
        endDate: "2026-12-01",
      }),
    ).toThrow(/member of this team/);
  });

  it("shows sickness only to the person and the team's managers", async () => {
    const { trust, manager } = await setUp();
    recordSickness({
      actor: manager,
      teamId: trust.ward7.id,
      userId: trust.staff7.id,
      startDate: "2026-11-25",
      endDate: "2026-11-27",
    });
    const asManager = leaveOverview({ actor: manager, teamId: trust.ward7.id, today: TODAY });
    expect(asManager.upcoming.map((r) => r.leave.kind)).toEqual(["sick"]);
    const asAdmin = leaveOverview({
      actor: actorFor(trust.admin.id),
      teamId: trust.ward7.id,
      today: TODAY,
    });
    expect(asAdmin.upcoming).toHaveLength(1);
    const asSelf = leaveOverview({
      actor: actorFor(trust.staff7.id),
      teamId: trust.ward7.id,
      today: TODAY,
    });
    expect(asSelf.mine.map((r) => r.kind)).toEqual(["sick"]);
    expect(asSelf.upcoming).toEqual([]);
    expect(asSelf.pending).toEqual([]);
  });

  it("lets a person cancel their own request or future approved leave, not someone else's", async () => {
    const { trust, staff, manager } = await setUp();
    const { leaveId } = requestLeave({
      actor: staff,
      teamId: trust.ward7.id,
      kind: "annual",
      startDate: "2026-12-21",
      endDate: "2026-12-22",
      today: TODAY,
    });
    expect(
      (
        await thrownResponse(() =>
          cancelLeave({ actor: manager, teamId: trust.ward7.id, leaveId, today: TODAY }),
        )
      ).status,
    ).toBe(404);
    decideLeave({ actor: manager, teamId: trust.ward7.id, leaveId, decision: "approved" });
    expect(() =>
      cancelLeave({ actor: staff, teamId: trust.ward7.id, leaveId, today: "2026-12-21" }),
    ).toThrow(/started/);
    cancelLeave({ actor: staff, teamId: trust.ward7.id, leaveId, today: TODAY });
    expect(
      getDb().select().from(leaveRequests).where(eq(leaveRequests.id, leaveId)).get()?.status,
    ).toBe("cancelled");
  });
});

describe("the leave page", () => {
  it("answers a bad request with messages and writes nothing", async () => {
    const { trust } = await setUp();
    const { cookie } = signInAs(trust.staff7.id);
    const before = getDb().select().from(leaveRequests).all().length;
    const result = (await callAction(leaveAction, {
      path: "/x",
      params: { teamId: trust.ward7.id },
      cookie,
      form: { intent: "request", kind: "annual", startDate: "2030-01-10", endDate: "2030-01-01" },
    })) as { errors: { field?: string; message: string }[] };
    expect(result.errors).toEqual([
      { field: "endDate", message: "The last day must be on or after the first day." },
    ]);
    expect(getDb().select().from(leaveRequests).all()).toHaveLength(before);
  });

  it("puts a sickness form's errors on its own fields", async () => {
    const { trust } = await setUp();
    const { cookie } = signInAs(trust.manager7.id);
    const result = (await callAction(leaveAction, {
      path: "/x",
      params: { teamId: trust.ward7.id },
      cookie,
      form: {
        intent: "record-sickness",
        userId: trust.staff7.id,
        startDate: "2026-13-01",
        endDate: "2026-12-01",
      },
    })) as { errors: { field?: string }[] };
    expect(result.errors[0]?.field).toBe("sickStart");
  });

  it("lists pending requests for the manager", async () => {
    const { trust, staff } = await setUp();
    requestLeave({
      actor: staff,
      teamId: trust.ward7.id,
      kind: "annual",
      startDate: "2030-12-21",
      endDate: "2030-12-21",
    });
    const { cookie } = signInAs(trust.manager7.id);
    const data = (await callLoader(leaveLoader, {
      path: "/x",
      params: { teamId: trust.ward7.id },
      cookie,
    })) as {
      pending: { name: string; kind: string }[];
    };
    expect(data.pending).toEqual([
      expect.objectContaining({ name: "Sam Staff", kind: "Annual leave" }),
    ]);
  });
});
