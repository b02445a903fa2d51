import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { organisations, sessions } from "~/db/schema.server";
import { setAccountActive, signOutEverywhere } from "~/models/accounts/members.server";
import { updateSessionPolicy } from "~/models/accounts/organisations.server";
import {
  listUserSessions,
  purgeExpiredSessions,
  validateSessionToken,
} from "~/models/accounts/sessions.server";
import { hashSecretToken } from "~/models/ids.server";
import { action as devicesAction, loader as devicesLoader } from "~/routes/_app.settings.devices";
import { loader as shiftsLoader } from "~/routes/_app.shifts";
import { action as logoutAction } from "~/routes/logout";
import { actorFor, createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

const HOUR = 3_600_000;

describe("sessions", () => {
  it("stores only the SHA-256 of the token", async () => {
    const trust = await createTwoWardTrust();
    const session = signInAs(trust.staff7.id);
    const row = getDb()
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashSecretToken(session.token)))
      .get();
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(session.token);
  });

  it("ends a session left idle for the organisation's idle timeout (12 h by default)", async () => {
    const trust = await createTwoWardTrust();
    const t0 = new Date("2026-11-25T08:00:00Z");
    const session = signInAs(trust.staff7.id, t0);
    expect(
      validateSessionToken(session.token, new Date(t0.getTime() + 12 * HOUR - 1000)),
    ).not.toBeNull();
    // That use slid the idle window on: 11 h later it is still alive...
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 23 * HOUR))).not.toBeNull();
    // ...but 12 h of silence after that ends it, and it stays ended.
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 35 * HOUR))).toBeNull();
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 23 * HOUR))).toBeNull();
  });

  it("ends a session at its absolute lifetime (14 days by default) however active it is", async () => {
    const trust = await createTwoWardTrust();
    const t0 = new Date("2026-11-01T08:00:00Z");
    const session = signInAs(trust.staff7.id, t0);
    for (let hour = 10; hour < 14 * 24; hour += 10) {
      expect(
        validateSessionToken(session.token, new Date(t0.getTime() + hour * HOUR)),
      ).not.toBeNull();
    }
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 14 * 24 * HOUR))).toBeNull();
  });

  it("follows the organisation's own idle and absolute settings", async () => {
    const trust = await createTwoWardTrust();
    getDb()
      .update(organisations)
      .set({ sessionIdleMinutes: 30, sessionAbsoluteMinutes: 120 })
      .where(eq(organisations.id, trust.organisation.id))
      .run();
    const t0 = new Date("2026-11-25T08:00:00Z");
    const idle = signInAs(trust.staff7.id, t0);
    expect(validateSessionToken(idle.token, new Date(t0.getTime() + 31 * 60_000))).toBeNull();
    const busy = signInAs(trust.staff7.id, t0);
    for (let m = 20; m < 120; m += 20)
      expect(validateSessionToken(busy.token, new Date(t0.getTime() + m * 60_000))).not.toBeNull();
    expect(validateSessionToken(busy.token, new Date(t0.getTime() + 120 * 60_000))).toBeNull();
  });

  it("refuses a malformed or unknown token without touching the database", () => {
    expect(validateSessionToken("not-a-token")).toBeNull();
    expect(validateSessionToken("a".repeat(32))).toBeNull();
  });

  it("gives a new session on every sign-in", async () => {
    const trust = await createTwoWardTrust();
    const a = signInAs(trust.staff7.id);
    const b = signInAs(trust.staff7.id);
    expect(a.token).not.toBe(b.token);
  });
});

describe("revocation", () => {
  it("signs a person out on their next request once a manager signs them out everywhere (lost phone)", async () => {
    const trust = await createTwoWardTrust();
    const phone = signInAs(trust.staff7.id);
    const laptop = signInAs(trust.staff7.id);
    await callLoader(shiftsLoader, { path: "/shifts", cookie: phone.cookie });

    const ended = signOutEverywhere({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
    });
    expect(ended).toBe(2);

    for (const device of [phone, laptop]) {
      const response = await thrownResponse(() =>
        callLoader(shiftsLoader, { path: "/shifts", cookie: device.cookie }),
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/login?next=%2Fshifts");
      expect(response.headers.get("Set-Cookie")).toContain("Max-Age=0");
      expect(response.headers.get("Clear-Site-Data")).toBe('"cache", "storage"');
    }
  });

  it("signs a deactivated person out everywhere and keeps them out", async () => {
    const trust = await createTwoWardTrust();
    const phone = signInAs(trust.staff7.id);
    setAccountActive({
      actor: actorFor(trust.manager7.id),
      userId: trust.staff7.id,
      active: false,
    });
    expect(validateSessionToken(phone.token)).toBeNull();
    // Even a session created behind the model's back is refused while deactivated.
    const sneaky = signInAs(trust.staff7.id);
    expect(validateSessionToken(sneaky.token)).toBeNull();
  });

  it("does not let a manager sign out someone from another ward, and answers 404", async () => {
    const trust = await createTwoWardTrust();
    const other = signInAs(trust.staff12.id);
    const response = await thrownResponse(() =>
      signOutEverywhere({ actor: actorFor(trust.manager7.id), userId: trust.staff12.id }),
    );
    expect(response.status).toBe(404);
    expect(validateSessionToken(other.token)).not.toBeNull();
  });

  it("lets a person see their devices and sign out one of them", async () => {
    const trust = await createTwoWardTrust();
    const phone = signInAs(trust.staff7.id);
    const laptop = signInAs(trust.staff7.id);
    const { devices } = (await callLoader(devicesLoader, {
      path: "/settings/devices",
      cookie: phone.cookie,
    })) as {
      devices: { key: string; isCurrent: boolean; device: string }[];
    };
    expect(devices).toHaveLength(2);
    expect(devices.filter((d) => d.isCurrent)).toHaveLength(1);
    expect(devices[0]?.device).toBe("Chrome on Android");
    const laptopKey = devices.find((d) => !d.isCurrent)!.key;
    await thrownResponse(() =>
      callAction(devicesAction, {
        path: "/settings/devices",
        cookie: phone.cookie,
        form: { intent: "sign-out-device", key: laptopKey },
      }),
    );
    expect(validateSessionToken(laptop.token)).toBeNull();
    expect(validateSessionToken(phone.token)).not.toBeNull();
  });

  it("ignores a device key that is not the person's own", async () => {
    const trust = await createTwoWardTrust();
    const mine = signInAs(trust.staff7.id);
    const theirs = signInAs(trust.staff12.id);
    const theirKey = hashSecretToken(theirs.token).slice(0, 16);
    await thrownResponse(() =>
      callAction(devicesAction, {
        path: "/settings/devices",
        cookie: mine.cookie,
        form: { intent: "sign-out-device", key: theirKey },
      }),
    );
    expect(validateSessionToken(theirs.token)).not.toBeNull();
  });

  it("signs out with Clear-Site-Data and a cleared cookie, and the old cookie no longer works", async () => {
    const trust = await createTwoWardTrust();
    const session = signInAs(trust.staff7.id);
    const response = await thrownResponse(() =>
      callAction(logoutAction, { path: "/logout", cookie: session.cookie, form: {} }),
    );
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.get("Clear-Site-Data")).toBe('"cache", "cookies", "storage"');
    expect(response.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(validateSessionToken(session.token)).toBeNull();
  });
});

describe("changing the session policy", () => {
  it("reaches existing sessions when an administrator shortens the absolute lifetime", async () => {
    const trust = await createTwoWardTrust();
    const t0 = new Date("2026-11-25T08:00:00Z");
    const session = signInAs(trust.staff7.id, t0);
    updateSessionPolicy({
      actor: actorFor(trust.admin.id),
      idleMinutes: 120,
      absoluteMinutes: 240,
    });
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 1.5 * HOUR))).not.toBeNull();
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 3 * HOUR))).not.toBeNull();
    expect(validateSessionToken(session.token, new Date(t0.getTime() + 4 * HOUR))).toBeNull();
  });

  it("refuses limits outside the allowed range in the model itself, and changes nothing", async () => {
    const trust = await createTwoWardTrust();
    const actor = actorFor(trust.admin.id);
    expect(() => updateSessionPolicy({ actor, idleMinutes: 5, absoluteMinutes: 240 })).toThrow(
      /between 15 minutes/,
    );
    expect(() => updateSessionPolicy({ actor, idleMinutes: 600, absoluteMinutes: 300 })).toThrow(
      /cannot be longer/,
    );
    const row = getDb()
      .select()
      .from(organisations)
      .where(eq(organisations.id, trust.organisation.id))
      .get();
    expect(row).toMatchObject({ sessionIdleMinutes: 720, sessionAbsoluteMinutes: 20160 });
  });
});

describe("housekeeping", () => {
  it("shows and counts only live sessions, and purges dead ones", async () => {
    const trust = await createTwoWardTrust();
    const old = signInAs(trust.staff7.id, new Date(Date.now() - 13 * HOUR));
    const live = signInAs(trust.staff7.id);
    expect(listUserSessions(trust.staff7.id).map((s) => s.id)).toEqual([live.sessionId]);
    expect(purgeExpiredSessions().sessions).toBeGreaterThanOrEqual(1);
    expect(
      getDb().select().from(sessions).where(eq(sessions.id, old.sessionId)).get(),
    ).toBeUndefined();
    expect(validateSessionToken(live.token)).not.toBeNull();
  });
});
