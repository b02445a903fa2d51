// The account pages through their routes, with real sessions: naming a device and the confirmed
// Sign out everywhere (Settings > Devices), Settings > Change password, and /reset/<token>.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { users } from "~/db/schema.server";
import { issuePasswordReset } from "~/models/accounts/password-resets.server";
import { verifyPassword } from "~/models/accounts/passwords.server";
import { validateSessionToken } from "~/models/accounts/sessions.server";
import { calendarFeedStatus, enableCalendarFeed } from "~/models/rota/calendar-feed.server";
import { TEXT_LIMITS } from "~/models/text-limits";
import { action as devicesAction, loader as devicesLoader } from "~/routes/_app.settings.devices";
import {
  action as passwordAction,
  loader as passwordLoader,
} from "~/routes/_app.settings.password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset.$token";
import { actorFor, createTwoWardTrust, signInAs, TEST_PASSWORD } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

const NEW_PASSWORD = "marmalade lighthouse cobble fern";
type Devices = {
  devices: { key: string; name: string | null; device: string; isCurrent: boolean }[];
};

describe("Settings > Devices", () => {
  it("names a device, shows the name, and an empty name goes back to the browser", async () => {
    const trust = await createTwoWardTrust();
    const me = signInAs(trust.staff7.id);
    const devices = () =>
      callLoader(devicesLoader, {
        path: "/settings/devices",
        cookie: me.cookie,
      }) as Promise<Devices>;
    const key = (await devices()).devices[0]!.key;
    const named = await thrownResponse(() =>
      callAction(devicesAction, {
        path: "/settings/devices",
        cookie: me.cookie,
        form: { intent: "name-device", key, name: "  My   phone " },
      }),
    );
    expect(named.headers.get("Location")).toBe("/settings/devices");
    expect((await devices()).devices[0]).toMatchObject({
      name: "My phone",
      device: "Chrome on Android",
    });
    await thrownResponse(() =>
      callAction(devicesAction, {
        path: "/settings/devices",
        cookie: me.cookie,
        form: { intent: "name-device", key, name: "" },
      }),
    );
    expect((await devices()).devices[0]?.name).toBeNull();
  });

  it("answers a name over the limit beside the field", async () => {
    const trust = await createTwoWardTrust();
    const me = signInAs(trust.staff7.id);
    const answer = (await callAction(devicesAction, {
      path: "/settings/devices",
      cookie: me.cookie,
      form: {
        intent: "name-device",
        key: me.sessionId.slice(0, 16),
        name: "n".repeat(TEXT_LIMITS.deviceName + 1),
      },
    })) as { errors: { field?: string; message: string }[] };
    expect(answer.errors).toEqual([
      { field: "name", message: "Device name must be 40 characters or fewer." },
    ]);
  });

  it("says whether the calendar feed is on, for the confirmation to offer turning it off", async () => {
    const trust = await createTwoWardTrust();
    const me = signInAs(trust.staff7.id);
    const before = (await callLoader(devicesLoader, {
      path: "/settings/devices?confirm=everywhere",
      cookie: me.cookie,
    })) as { calendarFeedOn: boolean };
    expect(before.calendarFeedOn).toBe(false);
    enableCalendarFeed({ actor: me.actor });
    const after = (await callLoader(devicesLoader, {
      path: "/settings/devices?confirm=everywhere",
      cookie: me.cookie,
    })) as { calendarFeedOn: boolean };
    expect(after.calendarFeedOn).toBe(true);
  });

  it("signs out everywhere and turns the calendar feed off when the box is ticked", async () => {
    const trust = await createTwoWardTrust();
    const phone = signInAs(trust.staff7.id);
    const me = signInAs(trust.staff7.id);
    enableCalendarFeed({ actor: me.actor });
    const response = await thrownResponse(() =>
      callAction(devicesAction, {
        path: "/settings/devices",
        cookie: me.cookie,
        form: { intent: "sign-out-all", turnOffCalendarFeed: "yes" },
      }),
    );
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.get("Clear-Site-Data")).toBe('"cache", "cookies", "storage"');
    expect(validateSessionToken(phone.token)).toBeNull();
    expect(validateSessionToken(me.token)).toBeNull();
    expect(calendarFeedStatus({ actor: actorFor(trust.staff7.id) }).on).toBe(false);
  });

  it("leaves the calendar feed on when the box is not ticked", async () => {
    const trust = await createTwoWardTrust();
    const me = signInAs(trust.staff7.id);
    enableCalendarFeed({ actor: me.actor });
    await thrownResponse(() =>
      callAction(devicesAction, {
        path: "/settings/devices",
        cookie: me.cookie,
        form: { intent: "sign-out-all" },
      }),
    );
    expect(validateSessionToken(me.token)).toBeNull();
    expect(calendarFeedStatus({ actor: actorFor(trust.staff7.id) }).on).toBe(true);
  });
});

describe("Settings > Change password", () => {
  it("tells the person how many other devices they are signed in on", async () => {
    const trust = await createTwoWardTrust();
    signInAs(trust.staff7.id);
    const me = signInAs(trust.staff7.id);
    expect(
      await callLoader(passwordLoader, { path: "/settings/password", cookie: me.cookie }),
    ).toEqual({ otherDevices: 1, email: trust.staff7.email });
  });

  it("answers a wrong current password beside its field and changes nothing", async () => {
    const trust = await createTwoWardTrust();
    const me = signInAs(trust.staff7.id);
    const answer = (await callAction(passwordAction, {
      path: "/settings/password",
      cookie: me.cookie,
      form: { currentPassword: "not it at all", password: NEW_PASSWORD, signOutOthers: "yes" },
    })) as { errors: { field?: string }[]; done: string | null };
    expect(answer.done).toBeNull();
    expect(answer.errors.map((e) => e.field)).toEqual(["currentPassword"]);
  });

  it("changes the password and says how many other devices were signed out", async () => {
    const trust = await createTwoWardTrust();
    const other = signInAs(trust.staff7.id);
    const me = signInAs(trust.staff7.id);
    const answer = (await callAction(passwordAction, {
      path: "/settings/password",
      cookie: me.cookie,
      form: { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, signOutOthers: "yes" },
    })) as { errors: unknown[]; done: string };
    expect(answer).toMatchObject({
      errors: [],
      done: "Your password is changed. Your other device was signed out.",
    });
    expect(validateSessionToken(other.token)).toBeNull();
    expect(validateSessionToken(me.token)).not.toBeNull();
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await thrownResponse(() =>
      callLoader(passwordLoader, { path: "/settings/password" }),
    );
    expect(response.headers.get("Location")).toBe("/login?next=%2Fsettings%2Fpassword");
  });
});

describe("a reset link's page (/reset/<token>)", () => {
  it("shows whose password it sets, and nothing but a problem for a bad link", async () => {
    const trust = await createTwoWardTrust();
    const { token } = issuePasswordReset({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
    });
    expect(await callLoader(resetLoader, { path: `/reset/${token}`, params: { token } })).toEqual({
      reset: { name: "Sam Staff", email: trust.staff7.email },
      problem: null,
    });
    expect(
      await callLoader(resetLoader, { path: "/reset/nope", params: { token: "nope" } }),
    ).toEqual({
      reset: null,
      problem:
        "This link is not valid. Check you copied all of it, or ask your manager for a new one.",
    });
  });

  it("sets the password, signs this browser in and ends the session it had", async () => {
    const trust = await createTwoWardTrust();
    const { token } = issuePasswordReset({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
    });
    // A shared ward phone, still signed in as a colleague.
    const colleague = signInAs(trust.manager7.id);
    const response = await thrownResponse(() =>
      callAction(resetAction, {
        path: `/reset/${token}`,
        params: { token },
        cookie: colleague.cookie,
        form: { password: NEW_PASSWORD },
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings?password=reset");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    const newToken = /baton_session=([a-z2-7]{32})/.exec(cookie)?.[1] ?? "";
    expect(validateSessionToken(newToken)?.actor.userId).toBe(trust.staff7.id);
    expect(validateSessionToken(colleague.token)).toBeNull();
    const row = getDb().select().from(users).where(eq(users.id, trust.staff7.id)).get()!;
    expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it("answers a weak password beside the field, and the link still works", async () => {
    const trust = await createTwoWardTrust();
    const { token } = issuePasswordReset({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
    });
    const answer = (await callAction(resetAction, {
      path: `/reset/${token}`,
      params: { token },
      form: { password: "short" },
    })) as { errors: { field?: string; message: string }[] };
    expect(answer.errors).toEqual([{ field: "password", message: "Use at least 12 characters." }]);
    expect(
      (
        (await callLoader(resetLoader, { path: `/reset/${token}`, params: { token } })) as {
          problem: string | null;
        }
      ).problem,
    ).toBeNull();
  });
});
