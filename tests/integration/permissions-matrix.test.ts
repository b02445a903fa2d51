// The matrix of docs/permissions.md, exercised through the routes' loaders and actions with
// real requests, sessions and database. A forbidden object answers exactly like a missing one.

import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, writeTransaction } from "~/db/connection.server";
import {
  auditEvents,
  handovers,
  memberships,
  openShifts,
  passwordResets,
  rotaPeriods,
  shifts,
  shiftTypes,
  teams,
} from "~/db/schema.server";
import { attachmentsByMessage } from "~/messaging/attachments/attachments.server";
import { simplePdf } from "~/messaging/attachments/demo-files.server";
import { sendMessageWithFiles } from "~/messaging/attachments/send-with-files.server";
import {
  createGroup,
  openDirectConversation,
  openTeamChannel,
} from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { newId } from "~/models/ids.server";
import { listNotifications, notify } from "~/models/notifications/notifications.server";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift } from "~/models/rota/shifts.server";
import { requestSwap } from "~/models/swaps/swap-requests.server";
import { loader as auditLoader } from "~/routes/_app.admin.audit";
import { action as auditCsvAction } from "~/routes/_app.admin.audit[.]csv";
import { loader as messageExportLoader } from "~/routes/_app.admin.message-export";
import { action as messageDownloadAction } from "~/routes/_app.admin.message-export_.download";
import {
  action as orgSettingsAction,
  loader as orgSettingsLoader,
} from "~/routes/_app.admin.settings";
import {
  action as handoverAction,
  loader as handoverLoader,
} from "~/routes/_app.handover.$teamId.$at";
import { loader as handoverFhirLoader } from "~/routes/_app.handover.$teamId.$at_.fhir[.]json";
import { loader as handoverPrintLoader } from "~/routes/_app.handover.$teamId.$at_.print";
import { loader as handoverTemplatesLoader } from "~/routes/_app.handover.templates.$teamId";
import { action as conversationAction } from "~/routes/_app.messages.$conversationId";
import { action as searchAction } from "~/routes/_app.messages.search";
import { loader as openNotificationLoader } from "~/routes/_app.notifications_.$notificationId";
import { action as swapsAction } from "~/routes/_app.swaps._index";
import {
  action as swapRequestAction,
  loader as swapRequestLoader,
} from "~/routes/_app.swaps.$requestId";
import { loader as newSwapLoader } from "~/routes/_app.swaps.new.$teamId.$shiftId";
import { loader as claimantsLoader } from "~/routes/_app.swaps.open.$openShiftId";
import { action as teamsAction, loader as teamsLoader } from "~/routes/_app.team._index";
import { action as teamAction, loader as teamLoader } from "~/routes/_app.team.$teamId._index";
import { loader as dayLoader } from "~/routes/_app.team.$teamId.day.$date";
import { action as inviteAction, loader as inviteLoader } from "~/routes/_app.team.$teamId.invite";
import {
  action as memberAction,
  loader as memberLoader,
} from "~/routes/_app.team.$teamId.members.$membershipId";
import {
  action as passwordResetAction,
  loader as passwordResetLoader,
} from "~/routes/_app.team.$teamId.members.$membershipId_.password-reset";
import {
  action as postOpenAction,
  loader as postOpenLoader,
} from "~/routes/_app.team.$teamId.open-shifts.new";
import { loader as patternsLoader } from "~/routes/_app.team.$teamId.patterns";
import { action as rotaAction } from "~/routes/_app.team.$teamId.rota._index";
import {
  action as periodAction,
  loader as periodLoader,
} from "~/routes/_app.team.$teamId.rota.$periodId._index";
import { action as addShiftAction } from "~/routes/_app.team.$teamId.rota.$periodId.shifts.new";
import { loader as swapSettingsLoader } from "~/routes/_app.team.$teamId.swap-settings";
import { loader as attachmentLoader } from "~/routes/attachments.$attachmentId";
import { loader as thumbnailLoader } from "~/routes/attachments.$attachmentId_.thumbnail";
import {
  actorFor,
  addToTeam,
  createPerson,
  createTwoWardTrust,
  signInAs,
} from "../support/factories";
import { phonePhoto } from "../support/files";
import { callAction, callLoader, thrownResponse } from "../support/requests";
import { setClinical } from "../support/ward";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
let cookies: Record<"admin" | "manager7" | "staff7" | "manager12" | "staff12", string>;

beforeAll(async () => {
  trust = await createTwoWardTrust();
  cookies = {
    admin: signInAs(trust.admin.id).cookie,
    manager7: signInAs(trust.manager7.id).cookie,
    staff7: signInAs(trust.staff7.id).cookie,
    manager12: signInAs(trust.manager12.id).cookie,
    staff12: signInAs(trust.staff12.id).cookie,
  };
});

const teamPath = () => ({ path: `/team/${trust.ward7.id}`, params: { teamId: trust.ward7.id } });
const memberPath = () => ({
  path: `/team/${trust.ward7.id}/members/${trust.staff7.membershipId}`,
  params: { teamId: trust.ward7.id, membershipId: trust.staff7.membershipId },
});

describe("viewing a team", () => {
  it.each(["admin", "manager7", "staff7"] as const)("%s can see Ward 7's members", async (who) => {
    const data = (await callLoader(teamLoader, { ...teamPath(), cookie: cookies[who] })) as {
      members: { name: string }[];
    };
    expect(data.members.map((m) => m.name).sort()).toEqual(["Mo Manager", "Sam Staff"]);
  });

  it.each(["manager12", "staff12"] as const)(
    "%s from another ward gets the same 404 as for a team that does not exist",
    async (who) => {
      const forbidden = await thrownResponse(() =>
        callLoader(teamLoader, { ...teamPath(), cookie: cookies[who] }),
      );
      const missing = await thrownResponse(() =>
        callLoader(teamLoader, {
          path: "/team/nope",
          params: { teamId: "nope" },
          cookie: cookies[who],
        }),
      );
      expect(forbidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(await forbidden.text()).toBe(await missing.text());
    },
  );

  it("records the refusal in the audit log", async () => {
    await thrownResponse(() => callLoader(teamLoader, { ...teamPath(), cookie: cookies.staff12 }));
    const last = getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
    expect(last).toMatchObject({
      action: "permission.denied",
      actorUserId: trust.staff12.id,
      targetId: trust.ward7.id,
    });
  });

  it("lists only their own teams for staff, and every team for administrators", async () => {
    const staffView = await thrownResponse(() =>
      callLoader(teamsLoader, { path: "/team", cookie: cookies.staff7 }),
    );
    expect(staffView.headers.get("Location")).toBe(`/team/${trust.ward7.id}`);
    const adminView = (await callLoader(teamsLoader, { path: "/team", cookie: cookies.admin })) as {
      teams: { name: string }[];
    };
    expect(adminView.teams.map((t) => t.name)).toEqual(["Ward 12", "Ward 7"]);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await thrownResponse(() => callLoader(teamLoader, teamPath()));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      `/login?next=${encodeURIComponent(`/team/${trust.ward7.id}`)}`,
    );
  });
});

describe("managing members", () => {
  it("lets the ward's manager and an administrator open a member's page", async () => {
    for (const who of ["manager7", "admin"] as const) {
      const data = (await callLoader(memberLoader, { ...memberPath(), cookie: cookies[who] })) as {
        person: { name: string };
      };
      expect(data.person.name).toBe("Sam Staff");
    }
  });

  it.each(["staff7", "manager12", "staff12"] as const)(
    "answers 404 to %s for a member's page",
    async (who) => {
      const response = await thrownResponse(() =>
        callLoader(memberLoader, { ...memberPath(), cookie: cookies[who] }),
      );
      expect(response.status).toBe(404);
    },
  );

  it("answers 404 when a membership id from one ward is used under another ward's address", async () => {
    const response = await thrownResponse(() =>
      callLoader(memberLoader, {
        path: "/x",
        params: { teamId: trust.ward12.id, membershipId: trust.staff7.membershipId },
        cookie: cookies.manager12,
      }),
    );
    expect(response.status).toBe(404);
  });

  it("refuses another ward's manager changing a member, and changes nothing", async () => {
    const response = await thrownResponse(() =>
      callAction(memberAction, {
        ...memberPath(),
        cookie: cookies.manager12,
        form: { intent: "update", role: "manager", grade: "Band 6", skills: "" },
      }),
    );
    expect(response.status).toBe(404);
    const row = getDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, trust.staff7.membershipId))
      .get();
    expect(row).toMatchObject({ role: "staff", grade: "Band 5 RN" });
  });

  it("lets the ward's manager change a member's grade and skills, and audits the change", async () => {
    const saved = await thrownResponse(() =>
      callAction(memberAction, {
        ...memberPath(),
        cookie: cookies.manager7,
        form: {
          intent: "update",
          role: "staff",
          grade: "Band 6 Sister",
          skills: "IV, NIV, iv",
          clinical: "yes",
        },
      }),
    );
    expect(saved.headers.get("Location")).toBe(memberPath().path);
    expect(saved.headers.get("Set-Cookie")).toMatch(/^baton_toast=/);
    const row = getDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, trust.staff7.membershipId))
      .get();
    expect(row).toMatchObject({ grade: "Band 6 Sister", skills: ["IV", "NIV"], clinical: true });
    const last = getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
    expect(last?.action).toBe("membership.changed");
  });

  it("answers bad input with a message and changes nothing", async () => {
    const before = getDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, trust.staff7.membershipId))
      .get();
    const result = (await callAction(memberAction, {
      ...memberPath(),
      cookie: cookies.manager7,
      form: { intent: "update", role: "overlord", grade: "", skills: "" },
    })) as { errors: { field?: string }[] };
    expect(result.errors.map((e) => e.field).sort()).toEqual(["grade", "role"]);
    expect(
      getDb().select().from(memberships).where(eq(memberships.id, trust.staff7.membershipId)).get(),
    ).toEqual(before);
  });

  it("does not let staff invite people, even to their own ward", async () => {
    const page = await thrownResponse(() =>
      callLoader(inviteLoader, {
        path: "/x",
        params: { teamId: trust.ward7.id },
        cookie: cookies.staff7,
      }),
    );
    expect(page.status).toBe(404);
    const post = await thrownResponse(() =>
      callAction(inviteAction, {
        path: "/x",
        params: { teamId: trust.ward7.id },
        cookie: cookies.staff7,
        form: { email: "new@trust.example", role: "staff", grade: "HCA" },
      }),
    );
    expect(post.status).toBe(404);
  });
});

describe("password reset links (account recovery)", () => {
  const resetPath = (membershipId = trust.staff7.membershipId, teamId = trust.ward7.id) => ({
    path: `/team/${teamId}/members/${membershipId}/password-reset`,
    params: { teamId, membershipId },
  });
  const linksFor = (userId: string) =>
    getDb().select().from(passwordResets).where(eq(passwordResets.userId, userId)).all();

  it.each(["manager7", "admin"] as const)(
    "lets %s make a single-use link for Ward 7's staff member",
    async (who) => {
      const page = (await callLoader(passwordResetLoader, {
        ...resetPath(),
        cookie: cookies[who],
      })) as { person: { name: string } };
      expect(page.person.name).toBe("Sam Staff");
      const answer = (await callAction(passwordResetAction, {
        ...resetPath(),
        cookie: cookies[who],
        form: { intent: "issue" },
      })) as { issued: { link: string; qrImage: string } };
      expect(answer.issued.link).toMatch(/^http:\/\/localhost:3000\/reset\/[a-z2-7]{32}$/);
      expect(answer.issued.qrImage).toMatch(/^data:image\/png;base64,/);
      // Only the newest link works: the earlier one (if any) was withdrawn.
      expect(linksFor(trust.staff7.id).filter((l) => l.revokedAt === null)).toHaveLength(1);
    },
  );

  it.each(["staff7", "manager12", "staff12"] as const)(
    "answers 404 to %s, for the page and the post, and makes no link",
    async (who) => {
      const before = linksFor(trust.staff7.id).length;
      const page = await thrownResponse(() =>
        callLoader(passwordResetLoader, { ...resetPath(), cookie: cookies[who] }),
      );
      expect(page.status).toBe(404);
      const post = await thrownResponse(() =>
        callAction(passwordResetAction, {
          ...resetPath(),
          cookie: cookies[who],
          form: { intent: "issue" },
        }),
      );
      expect(post.status).toBe(404);
      expect(linksFor(trust.staff7.id)).toHaveLength(before);
    },
  );

  it("answers 404 to another ward's manager using their own ward's address for Ward 7's member", async () => {
    const response = await thrownResponse(() =>
      callAction(passwordResetAction, {
        ...resetPath(trust.staff7.membershipId, trust.ward12.id),
        cookie: cookies.manager12,
        form: { intent: "issue" },
      }),
    );
    expect(response.status).toBe(404);
  });

  it("answers 404 to a manager for their own account and for an administrator in their ward", async () => {
    const own = await thrownResponse(() =>
      callLoader(passwordResetLoader, {
        ...resetPath(trust.manager7.membershipId),
        cookie: cookies.manager7,
      }),
    );
    expect(own.status).toBe(404);
    const boss = await createPerson({
      organisationId: trust.organisation.id,
      name: "Bea Boss",
      isOrgAdmin: true,
    });
    const membership = addToTeam(boss.id, trust.ward7.id, "manager");
    const forAdmin = await thrownResponse(() =>
      callAction(passwordResetAction, {
        ...resetPath(membership.id),
        cookie: cookies.manager7,
        form: { intent: "issue" },
      }),
    );
    expect(forAdmin.status).toBe(404);
    expect(linksFor(boss.id)).toEqual([]);
    // An administrator may: the people who audit managers answer to each other.
    await callAction(passwordResetAction, {
      ...resetPath(membership.id),
      cookie: cookies.admin,
      form: { intent: "issue" },
    });
    expect(linksFor(boss.id)).toHaveLength(1);
  });

  it("answers a post that did not come from the page with a 400", async () => {
    const response = await thrownResponse(() =>
      callAction(passwordResetAction, { ...resetPath(), cookie: cookies.manager7, form: {} }),
    );
    expect(response.status).toBe(400);
  });
});

describe("organisation administration", () => {
  it("lets only administrators create teams", async () => {
    const refused = await thrownResponse(() =>
      callAction(teamsAction, {
        path: "/team",
        cookie: cookies.manager7,
        form: { name: "Ward 99", timeZone: "Europe/London" },
      }),
    );
    expect(refused.status).toBe(404);
    expect(getDb().select().from(teams).where(eq(teams.name, "Ward 99")).get()).toBeUndefined();
    const created = await thrownResponse(() =>
      callAction(teamsAction, {
        path: "/team",
        cookie: cookies.admin,
        form: { name: "Ward 99", timeZone: "Europe/London" },
      }),
    );
    expect(created.status).toBe(302);
    expect(getDb().select().from(teams).where(eq(teams.name, "Ward 99")).get()).toBeDefined();
  });

  it("refuses an unknown time zone with a message", async () => {
    const result = (await callAction(teamsAction, {
      path: "/team",
      cookie: cookies.admin,
      form: { name: "Ward 100", timeZone: "Mars/Olympus" },
    })) as {
      errors: { field?: string; message: string }[];
    };
    expect(result.errors).toEqual([
      { field: "timeZone", message: "Choose a time zone from the list." },
    ]);
  });

  it("lets only administrators rename a team", async () => {
    const refused = await thrownResponse(() =>
      callAction(teamAction, {
        ...teamPath(),
        cookie: cookies.manager7,
        form: { intent: "update-team", name: "Renamed", timeZone: "Europe/London" },
      }),
    );
    expect(refused.status).toBe(404);
  });

  it.each(["manager7", "staff7", "manager12"] as const)(
    "keeps %s out of message retention settings and the compliance export (404 for the page and the download)",
    async (who) => {
      const today = new Date().toISOString().slice(0, 10);
      for (const run of [
        () =>
          callAction(orgSettingsAction, {
            path: "/admin/settings",
            cookie: cookies[who],
            form: { intent: "retention", shiftDays: "7", otherDays: "7" },
          }),
        () =>
          callLoader(messageExportLoader, { path: "/admin/message-export", cookie: cookies[who] }),
        () =>
          callLoader(messageExportLoader, {
            path: `/admin/message-export?from=${today}&to=${today}`,
            cookie: cookies[who],
          }),
        () =>
          callAction(messageDownloadAction, {
            path: "/admin/message-export/download",
            cookie: cookies[who],
            form: { scope: "person", id: trust.staff7.id, from: today, to: today, format: "csv" },
          }),
      ]) {
        expect((await thrownResponse(run)).status).toBe(404);
      }
    },
  );

  it("lets an administrator set message retention and export their organisation's messages only", async () => {
    const saved = (await callAction(orgSettingsAction, {
      path: "/admin/settings",
      cookie: cookies.admin,
      form: { intent: "retention", shiftDays: "30", otherDays: "90" },
    })) as { saved: string | null };
    expect(saved.saved).toBe("retention");
    const today = new Date().toISOString().slice(0, 10);
    const page = (await callLoader(messageExportLoader, {
      path: `/admin/message-export?from=${today}&to=${today}&email=${encodeURIComponent(trust.staff7.email)}`,
      cookie: cookies.admin,
    })) as { choices: { kind: string; person: { id: string } | null } };
    expect(page.choices.person?.id).toBe(trust.staff7.id);
    const download = (await callAction(messageDownloadAction, {
      path: "/admin/message-export/download",
      cookie: cookies.admin,
      form: { scope: "person", id: trust.staff7.id, from: today, to: today, format: "json" },
    })) as Response;
    expect(download.status).toBe(200);
    // Someone not in the organisation (here: no one) is the audited 404.
    const elsewhere = await thrownResponse(() =>
      callAction(messageDownloadAction, {
        path: "/admin/message-export/download",
        cookie: cookies.admin,
        form: { scope: "person", id: "nobody-here", from: today, to: today, format: "csv" },
      }),
    );
    expect(elsewhere.status).toBe(404);
  });

  it.each(["manager7", "staff7"] as const)(
    "keeps %s out of the audit log, its export and the session settings",
    async (who) => {
      for (const run of [
        () => callLoader(auditLoader, { path: "/admin/audit", cookie: cookies[who] }),
        () =>
          callAction(auditCsvAction, { path: "/admin/audit.csv", cookie: cookies[who], form: {} }),
        () => callLoader(orgSettingsLoader, { path: "/admin/settings", cookie: cookies[who] }),
        () =>
          callAction(orgSettingsAction, {
            path: "/admin/settings",
            cookie: cookies[who],
            form: { idleHours: "100", absoluteDays: "90" },
          }),
      ]) {
        expect((await thrownResponse(run)).status).toBe(404);
      }
    },
  );

  it("lets an administrator read the audit log of their organisation only", async () => {
    const data = (await callLoader(auditLoader, {
      path: "/admin/audit?action=permission",
      cookie: cookies.admin,
    })) as {
      events: { action: string }[];
    };
    expect(data.events.length).toBeGreaterThan(0);
    expect(new Set(data.events.map((e) => e.action))).toEqual(new Set(["permission.denied"]));
  });
});

describe("the rota", () => {
  let periodId: string;
  let shiftTypeId: string;
  beforeAll(() => {
    shiftTypeId = newId();
    getDb()
      .insert(shiftTypes)
      .values({
        id: shiftTypeId,
        teamId: trust.ward7.id,
        code: "E",
        name: "Early",
        startLocal: "07:30",
        endLocal: "15:30",
        colour: "blue",
      })
      .run();
    periodId = createRotaPeriod({
      actor: actorFor(trust.manager7.id),
      teamId: trust.ward7.id,
      startDate: "2027-01-04",
      endDate: "2027-01-31",
    }).periodId;
  });
  const periodPath = () => ({
    path: `/team/${trust.ward7.id}/rota/${periodId}`,
    params: { teamId: trust.ward7.id, periodId },
  });
  const status = () =>
    getDb().select().from(rotaPeriods).where(eq(rotaPeriods.id, periodId)).get()?.status;

  it("lets the ward's manager and an administrator review a draft, and nobody else", async () => {
    for (const cookie of [cookies.manager7, cookies.admin]) {
      const data = (await callLoader(periodLoader, { ...periodPath(), cookie })) as {
        period: { status: string };
      };
      expect(data.period.status).toBe("draft");
    }
    for (const cookie of [cookies.staff7, cookies.manager12, cookies.staff12]) {
      expect(
        (await thrownResponse(() => callLoader(periodLoader, { ...periodPath(), cookie }))).status,
      ).toBe(404);
    }
  });

  it("refuses staff and other wards publishing, filling or adding to the rota, and changes nothing", async () => {
    for (const cookie of [cookies.staff7, cookies.manager12]) {
      for (const intent of ["publish", "apply-patterns", "delete"]) {
        // Asking first and acting are refused alike.
        for (const form of [{ intent }, { intent, confirmed: "yes" }] as Record<string, string>[]) {
          const refused = await thrownResponse(() =>
            callAction(periodAction, { ...periodPath(), cookie, form }),
          );
          expect(refused.status).toBe(404);
        }
      }
      const addPath = { path: `${periodPath().path}/shifts/new`, params: periodPath().params };
      const form = { userId: trust.staff7.id, date: "2027-01-05", shiftTypeId };
      expect(
        (await thrownResponse(() => callAction(addShiftAction, { ...addPath, cookie, form })))
          .status,
      ).toBe(404);
      const rulesPath = {
        path: `/team/${trust.ward7.id}/rota`,
        params: { teamId: trust.ward7.id },
      };
      expect(
        (
          await thrownResponse(() =>
            callAction(rotaAction, {
              ...rulesPath,
              cookie,
              form: { intent: "rule-set", ruleSet: "wtr" },
            }),
          )
        ).status,
      ).toBe(404);
      const patternsPath = {
        path: `/team/${trust.ward7.id}/patterns`,
        params: { teamId: trust.ward7.id },
      };
      expect(
        (await thrownResponse(() => callLoader(patternsLoader, { ...patternsPath, cookie })))
          .status,
      ).toBe(404);
    }
    expect(status()).toBe("draft");
    expect(getDb().select().from(shifts).where(eq(shifts.rotaPeriodId, periodId)).all()).toEqual(
      [],
    );
    expect(
      getDb().select().from(teams).where(eq(teams.id, trust.ward7.id)).get()?.ruleSet,
    ).toBeNull();
  });

  it("lets the ward's manager publish, after which staff are sent to the grid", async () => {
    const published = await thrownResponse(() =>
      callAction(periodAction, {
        ...periodPath(),
        cookie: cookies.manager7,
        form: { intent: "publish", confirmed: "yes" },
      }),
    );
    expect(published.headers.get("Location")).toBe(periodPath().path);
    expect(status()).toBe("published");
    const redirect = await thrownResponse(() =>
      callLoader(periodLoader, { ...periodPath(), cookie: cookies.staff7 }),
    );
    expect(redirect.headers.get("Location")).toBe(
      `/team/${trust.ward7.id}/rota?period=${periodId}`,
    );
    expect(
      (
        await thrownResponse(() =>
          callLoader(periodLoader, { ...periodPath(), cookie: cookies.staff12 }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("swaps and open shifts", () => {
  let shiftTypeId: string;
  let staffShift: string;
  let otherShift: string;
  let other: { id: string };
  const who = ["admin", "manager7", "staff7", "manager12", "staff12"] as const;
  beforeAll(async () => {
    shiftTypeId = newId();
    getDb()
      .insert(shiftTypes)
      .values({
        id: shiftTypeId,
        teamId: trust.ward7.id,
        code: "L",
        name: "Late",
        startLocal: "13:30",
        endLocal: "21:30",
        colour: "green",
      })
      .run();
    other = await createPerson({ organisationId: trust.organisation.id, name: "Sue Second" });
    addToTeam(other.id, trust.ward7.id, "staff");
    const manager = actorFor(trust.manager7.id);
    const { periodId } = createRotaPeriod({
      actor: manager,
      teamId: trust.ward7.id,
      startDate: "2027-03-01",
      endDate: "2027-03-14",
    });
    const add = (userId: string, date: string) =>
      addShift({ actor: manager, teamId: trust.ward7.id, periodId, userId, shiftTypeId, date })
        .shiftId;
    staffShift = add(trust.staff7.id, "2027-03-02");
    otherShift = add(other.id, "2027-03-04");
    publishRotaPeriod({ actor: manager, teamId: trust.ward7.id, periodId });
  });
  const statusOf = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };

  it("lets only the shift's own person open Swap or give away for it", async () => {
    const path = {
      path: `/swaps/new/${trust.ward7.id}/${staffShift}`,
      params: { teamId: trust.ward7.id, shiftId: staffShift },
    };
    const seen = await Promise.all(
      who.map((w) => statusOf(() => callLoader(newSwapLoader, { ...path, cookie: cookies[w] }))),
    );
    expect(seen).toEqual([404, 404, 200, 404, 404]);
  });

  it("shows a request to the people in it, the ward's manager and an administrator only", async () => {
    const requestId = requestSwap({
      actor: actorFor(trust.staff7.id),
      teamId: trust.ward7.id,
      shiftId: staffShift,
      colleagueShiftId: otherShift,
    }).requestId;
    const path = { path: `/swaps/${requestId}`, params: { requestId } };
    const seen = await Promise.all(
      who.map((w) =>
        statusOf(() => callLoader(swapRequestLoader, { ...path, cookie: cookies[w] })),
      ),
    );
    expect(seen).toEqual([200, 200, 200, 404, 404]);
    // Approving: nobody before the colleague accepts; never staff or another ward (404).
    for (const w of ["staff7", "manager12", "staff12"] as const) {
      const refused = await thrownResponse(() =>
        callAction(swapRequestAction, { ...path, cookie: cookies[w], form: { intent: "approve" } }),
      );
      expect(refused.status).toBe(404);
    }
    const cancelled = await thrownResponse(() =>
      callAction(swapRequestAction, {
        ...path,
        cookie: cookies.staff7,
        form: { intent: "cancel", confirmed: "yes" },
      }),
    );
    expect(cancelled.headers.get("Location")).toBe(`/swaps/${requestId}`);
  });

  it("lets managers and administrators post open shifts and set swap rules; staff and other wards get 404", async () => {
    const team = { teamId: trust.ward7.id };
    const post = { path: `/team/${trust.ward7.id}/open-shifts/new`, params: team };
    const settings = { path: `/team/${trust.ward7.id}/swap-settings`, params: team };
    const seen = await Promise.all(
      who.map(async (w) => [
        await statusOf(() => callLoader(postOpenLoader, { ...post, cookie: cookies[w] })),
        await statusOf(() => callLoader(swapSettingsLoader, { ...settings, cookie: cookies[w] })),
      ]),
    );
    expect(seen).toEqual([
      [200, 200],
      [200, 200],
      [404, 404],
      [404, 404],
      [404, 404],
    ]);
  });

  it("lets staff of the ward claim an open shift; another ward gets 404 and only managers see claimants", async () => {
    await callAction(postOpenAction, {
      path: `/team/${trust.ward7.id}/open-shifts/new`,
      params: { teamId: trust.ward7.id },
      cookie: cookies.manager7,
      form: { intent: "post", shiftTypeId, date: "2027-03-06" },
    }).catch((thrown) => {
      if (!(thrown instanceof Response) || thrown.status !== 302) throw thrown;
    });
    const open = getDb()
      .select()
      .from(openShifts)
      .all()
      .find((o) => o.teamId === trust.ward7.id)!;
    const claimants = { path: `/swaps/open/${open.id}`, params: { openShiftId: open.id } };
    const seen = await Promise.all(
      who.map((w) =>
        statusOf(() => callLoader(claimantsLoader, { ...claimants, cookie: cookies[w] })),
      ),
    );
    expect(seen).toEqual([200, 200, 404, 404, 404]);
    const refused = await thrownResponse(() =>
      callAction(swapsAction, {
        path: "/swaps",
        cookie: cookies.staff12,
        form: { intent: "claim", openShiftId: open.id },
      }),
    );
    expect(refused.status).toBe(404);
    const claimed = await thrownResponse(() =>
      callAction(swapsAction, {
        path: "/swaps",
        cookie: cookies.staff7,
        form: { intent: "claim", openShiftId: open.id },
      }),
    );
    expect(claimed.headers.get("Location")).toBe("/swaps");
  });
});

describe("handover", () => {
  // Ward 7's day (08:00-20:00) hands over to its night (20:00-08:00) at 20:00 BST on 3 May 2027.
  const at = "20270503T1900Z";
  const people: Record<string, { id: string; cookie: string }> = {};
  beforeAll(async () => {
    const type = (code: string, startLocal: string, endLocal: string) => {
      const id = newId();
      getDb()
        .insert(shiftTypes)
        .values({
          id,
          teamId: trust.ward7.id,
          code,
          name: code,
          startLocal,
          endLocal,
          colour: "blue",
        })
        .run();
      return id;
    };
    const day = type("HD", "08:00", "20:00");
    const night = type("HN", "20:00", "08:00");
    const person = async (name: string, clinical = true) => {
      const p = await createPerson({ organisationId: trust.organisation.id, name });
      const { id: membershipId } = addToTeam(p.id, trust.ward7.id, "staff");
      if (!clinical) setClinical(membershipId, false);
      people[name] = { id: p.id, cookie: signInAs(p.id).cookie };
      return p.id;
    };
    const outgoing = await person("Olive Outgoing");
    const incoming = await person("Ivan Incoming");
    const clerk = await person("Cora Clerk", false);
    await person("Nell Notonshift");
    const manager = actorFor(trust.manager7.id);
    const { periodId } = createRotaPeriod({
      actor: manager,
      teamId: trust.ward7.id,
      startDate: "2027-05-03",
      endDate: "2027-05-09",
    });
    const add = (userId: string, shiftTypeId: string) =>
      addShift({
        actor: manager,
        teamId: trust.ward7.id,
        periodId,
        userId,
        shiftTypeId,
        date: "2027-05-03",
      });
    add(outgoing, day);
    add(clerk, day);
    add(incoming, night);
    publishRotaPeriod({ actor: manager, teamId: trust.ward7.id, periodId });
  });
  const page = () => ({
    path: `/handover/${trust.ward7.id}/${at}`,
    params: { teamId: trust.ward7.id, at },
  });
  const statusOf = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };
  const viewers = () =>
    [
      ["the ward's manager", cookies.manager7, 200],
      ["clinical staff on the outgoing shift", people["Olive Outgoing"]!.cookie, 200],
      ["clinical staff on the incoming shift", people["Ivan Incoming"]!.cookie, 200],
      ["a non-clinical member on the outgoing shift", people["Cora Clerk"]!.cookie, 404],
      ["staff of the ward not on either shift", people["Nell Notonshift"]!.cookie, 404],
      ["staff of the ward in no shift at all", cookies.staff7, 404],
      ["an administrator not on the shifts", cookies.admin, 404],
      ["another ward's manager", cookies.manager12, 404],
      ["another ward's staff", cookies.staff12, 404],
    ] as const;

  it("opens the page to the outgoing and incoming clinical staff and the ward's managers; anyone else gets 404", async () => {
    const seen = [];
    for (const [who, cookie] of viewers())
      seen.push([who, await statusOf(() => callLoader(handoverLoader, { ...page(), cookie }))]);
    expect(seen).toEqual(viewers().map(([who, , status]) => [who, status]));
  });

  it("answers 404 to every form of the page for those who may not see it, and changes nothing", async () => {
    for (const [, cookie, status] of viewers()) {
      if (status === 200) continue;
      const answer = await statusOf(() =>
        callAction(handoverAction, { ...page(), cookie, form: { intent: "start" } }),
      );
      expect(answer).toBe(404);
    }
    expect(getDb().select().from(handovers).all()).toHaveLength(0);
  });

  it("lets the outgoing nurse start it; the print view then follows the same rule, and the export waits for acceptance", async () => {
    const started = await statusOf(() =>
      callAction(handoverAction, {
        ...page(),
        cookie: people["Olive Outgoing"]!.cookie,
        form: { intent: "start" },
      }),
    );
    expect(started).toBe(302);
    const printPath = { path: `${page().path}/print`, params: page().params };
    const seen = [];
    for (const [who, cookie] of viewers())
      seen.push([
        who,
        await statusOf(() => callLoader(handoverPrintLoader, { ...printPath, cookie })),
      ]);
    expect(seen).toEqual(viewers().map(([who, , status]) => [who, status]));
    expect(
      await statusOf(() =>
        callLoader(handoverFhirLoader, {
          path: `${page().path}/fhir.json`,
          params: page().params,
          cookie: cookies.manager7,
        }),
      ),
    ).toBe(409);
    expect(
      await statusOf(() =>
        callLoader(handoverFhirLoader, {
          path: `${page().path}/fhir.json`,
          params: page().params,
          cookie: cookies.staff12,
        }),
      ),
    ).toBe(404);
  });

  it("answers 404 for an address that is not a shift change", async () => {
    for (const bad of ["20270503T1901Z", "not-a-time"]) {
      expect(
        await statusOf(() =>
          callLoader(handoverLoader, {
            path: `/handover/${trust.ward7.id}/${bad}`,
            params: { teamId: trust.ward7.id, at: bad },
            cookie: cookies.manager7,
          }),
        ),
      ).toBe(404);
    }
  });

  it("lets the ward's managers and administrators set its templates; anyone else gets 404", async () => {
    const path = {
      path: `/handover/templates/${trust.ward7.id}`,
      params: { teamId: trust.ward7.id },
    };
    const who = ["admin", "manager7", "staff7", "manager12", "staff12"] as const;
    const seen = [];
    for (const w of who)
      seen.push(
        await statusOf(() => callLoader(handoverTemplatesLoader, { ...path, cookie: cookies[w] })),
      );
    expect(seen).toEqual([200, 200, 404, 404, 404]);
  });
});

describe("the day view and notifications (issue 12)", () => {
  const who = ["admin", "manager7", "staff7", "manager12", "staff12"] as const;
  const outcome = async (run: () => Promise<unknown>) => {
    try {
      const answer = await run();
      return answer instanceof Response ? answer.status : 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };

  it("shows a ward's day to its members and administrators, and 404 to other wards", async () => {
    const day = {
      path: `/team/${trust.ward7.id}/day/2027-01-05`,
      params: { teamId: trust.ward7.id, date: "2027-01-05" },
    };
    const seen = await Promise.all(
      who.map((w) => outcome(() => callLoader(dayLoader, { ...day, cookie: cookies[w] }))),
    );
    expect(seen).toEqual([200, 200, 200, 404, 404]);
    const notADate = {
      path: `/team/${trust.ward7.id}/day/soon`,
      params: { teamId: trust.ward7.id, date: "soon" },
    };
    expect(
      await outcome(() => callLoader(dayLoader, { ...notADate, cookie: cookies.staff7 })),
    ).toBe(404);
  });

  it("opens a notification for its own person only", async () => {
    writeTransaction(() =>
      notify({
        userIds: [trust.staff7.id],
        kind: "membership.changed",
        title: "Yours",
        link: "/shifts",
      }),
    );
    const note = listNotifications({ actor: actorFor(trust.staff7.id) })[0]!;
    const open = { path: `/notifications/${note.id}`, params: { notificationId: note.id } };
    const opened = await Promise.all(
      who.map((w) =>
        outcome(() => callLoader(openNotificationLoader, { ...open, cookie: cookies[w] })),
      ),
    );
    expect(opened).toEqual([404, 404, 302, 404, 404]);
  });
});

describe("editing, deleting, pinning and searching messages (issue 14)", () => {
  const who = ["admin", "manager7", "staff7", "manager12", "staff12"] as const;
  let clients = 0;
  /** What the conversation page's action did: the redirect's status, 404, or "refused" (a message). */
  const outcome = async (conversationId: string, cookie: string, form: Record<string, string>) => {
    try {
      const data = (await callAction(conversationAction, {
        path: `/messages/${conversationId}`,
        params: { conversationId },
        cookie,
        form,
      })) as Response | { errors?: unknown[]; change?: { confirm?: unknown } };
      if (data instanceof Response) return data.status;
      if (data?.change?.confirm) return "asks first";
      return data?.errors?.length ? "refused" : "answered";
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };
  const send = (userId: string, conversationId: string, body: string) =>
    sendMessage({
      actor: actorFor(userId),
      conversationId,
      clientId: `matrix-${clients++}`,
      body,
    }).message.id;

  it("lets only the sender edit; a colleague is told so and everyone else gets 404", async () => {
    const channel = openTeamChannel({ actor: actorFor(trust.staff7.id), teamId: trust.ward7.id });
    const messageId = send(trust.staff7.id, channel.id, "Handover at 19:45");
    const seen = [];
    for (const w of who) {
      seen.push(
        await outcome(channel.id, cookies[w], { intent: "edit", messageId, body: `By ${w}` }),
      );
    }
    expect(seen).toEqual([404, "refused", 302, 404, 404]);
  });

  it("lets anyone in the conversation pin and unpin; anyone else gets 404", async () => {
    const channel = openTeamChannel({ actor: actorFor(trust.staff7.id), teamId: trust.ward7.id });
    const messageId = send(trust.staff7.id, channel.id, "Keys in the office");
    const seen = [];
    for (const w of who) {
      seen.push(await outcome(channel.id, cookies[w], { intent: "pin", messageId }));
      seen.push(await outcome(channel.id, cookies[w], { intent: "unpin", messageId }));
    }
    expect(seen).toEqual([404, 404, 302, 302, 302, 302, 404, 404, 404, 404]);
  });

  it("lets the sender and the ward's manager delete in the team channel, asking first; anyone else gets 404", async () => {
    const channel = openTeamChannel({ actor: actorFor(trust.staff7.id), teamId: trust.ward7.id });
    const seen = [];
    for (const w of who) {
      const messageId = send(trust.staff7.id, channel.id, `For ${w} to delete`);
      seen.push([
        await outcome(channel.id, cookies[w], { intent: "delete", messageId }),
        await outcome(channel.id, cookies[w], { intent: "delete", messageId, confirmed: "yes" }),
      ]);
    }
    expect(seen).toEqual([
      [404, 404],
      ["asks first", 302],
      ["asks first", 302],
      [404, 404],
      [404, 404],
    ]);
  });

  it("lets only the sender delete in a group, even with a manager and an administrator in it", async () => {
    const group = createGroup({
      actor: actorFor(trust.staff7.id),
      name: "Matrix group",
      userIds: [trust.manager7.id, trust.admin.id],
    });
    const messageId = send(trust.staff7.id, group.id, "Mine to delete");
    const seen = [];
    for (const w of who) {
      seen.push(
        await outcome(group.id, cookies[w], { intent: "delete", messageId, confirmed: "yes" }),
      );
    }
    expect(seen).toEqual([404, 404, 302, 404, 404]);
  });

  it("searches only the conversations each person may read", async () => {
    const channel = openTeamChannel({ actor: actorFor(trust.staff7.id), teamId: trust.ward7.id });
    send(trust.staff7.id, channel.id, "Matrixword in the ward 7 channel");
    const found = [];
    for (const w of who) {
      const data = (await callAction(searchAction, {
        path: "/messages/search",
        cookie: cookies[w],
        form: { q: "matrixword" },
      })) as { page: { results: unknown[] } | null };
      found.push(data.page?.results.length);
    }
    expect(found).toEqual([0, 1, 1, 0, 0]);
  });
});

describe("photos and files in messages (issue 14)", () => {
  const who = ["admin", "manager7", "staff7", "manager12", "staff12"] as const;
  const outcome = async (run: () => Promise<unknown>) => {
    try {
      const answer = await run();
      return answer instanceof Response ? answer.status : 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  };
  const fetchAll = (loader: typeof attachmentLoader, path: string, attachmentId: string) =>
    Promise.all(
      who.map((w) =>
        outcome(() => callLoader(loader, { path, params: { attachmentId }, cookie: cookies[w] })),
      ),
    );

  it("serves a team channel's photo and thumbnail to the team's people only", async () => {
    const channel = openTeamChannel({ actor: actorFor(trust.staff7.id), teamId: trust.ward7.id });
    const { message } = await sendMessageWithFiles({
      actor: actorFor(trust.staff7.id),
      conversationId: channel.id,
      clientId: "matrix-photo",
      body: "",
      files: [{ name: "a.jpg", bytes: await phonePhoto() }],
    });
    const [file] = attachmentsByMessage([message.id]).get(message.id) ?? [];
    const id = file!.id;
    expect(await fetchAll(attachmentLoader, `/attachments/${id}`, id)).toEqual([
      404, 200, 200, 404, 404,
    ]);
    expect(await fetchAll(thumbnailLoader, `/attachments/${id}/thumbnail`, id)).toEqual([
      404, 200, 200, 404, 404,
    ]);
  });

  it("serves a direct message's file to its two people only, even an administrator gets 404", async () => {
    const direct = openDirectConversation({
      actor: actorFor(trust.manager7.id),
      userId: trust.admin.id,
    });
    const { message } = await sendMessageWithFiles({
      actor: actorFor(trust.manager7.id),
      conversationId: direct.id,
      clientId: "matrix-pdf",
      body: "",
      files: [{ name: "b.pdf", bytes: simplePdf(["Rota notes"]) }],
    });
    const [file] = attachmentsByMessage([message.id]).get(message.id) ?? [];
    const id = file!.id;
    expect(await fetchAll(attachmentLoader, `/attachments/${id}`, id)).toEqual([
      200, 200, 404, 404, 404,
    ]);
  });
});
