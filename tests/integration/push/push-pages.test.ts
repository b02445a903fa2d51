// Settings > Notifications and POST /push/subscription through their real loaders and actions:
// a person's own devices only, choices saved from a plain form, bad input refused with nothing
// changed, and the push address and keys never sent back to the browser (issue 13).
import { createECDH, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import webpush from "web-push";
import { getDb } from "~/db/connection.server";
import { pushPreferences, pushSubscriptions, teams } from "~/db/schema.server";
import { forgetVapidSetting } from "~/messaging/push/vapid.server";
import * as settingsPage from "~/routes/_app.settings.notifications";
import * as teamPage from "~/routes/_app.team.$teamId._index";
import * as subscriptionRoute from "~/routes/push.subscription";
import { createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

const SERVICE = "https://fcm.googleapis.com/fcm/send/";
let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
const keys = webpush.generateVAPIDKeys();

beforeAll(() => {
  process.env.BATON_VAPID_SUBJECT = "mailto:rota-office@northgate.example";
  process.env.BATON_VAPID_PUBLIC_KEY = keys.publicKey;
  process.env.BATON_VAPID_PRIVATE_KEY = keys.privateKey;
  forgetVapidSetting();
});
afterAll(() => {
  delete process.env.BATON_VAPID_SUBJECT;
  delete process.env.BATON_VAPID_PUBLIC_KEY;
  delete process.env.BATON_VAPID_PRIVATE_KEY;
  forgetVapidSetting();
});
beforeEach(async () => {
  trust = await createTwoWardTrust();
  getDb().delete(pushSubscriptions).run();
  getDb().delete(pushPreferences).run();
});

// A real browser's subscription keys: a P-256 public key (65 bytes) and a 16-byte secret.
const p256dh =
  "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
const auth = "tBHItJI5svbpez7KI4CCXg";

async function subscribeAs(userId: string, endpoint: string) {
  const { cookie } = signInAs(userId);
  return callAction(subscriptionRoute.action, {
    path: "/push/subscription",
    form: { endpoint, p256dh, auth },
    cookie,
  });
}

describe("POST /push/subscription", () => {
  it("saves this browser's subscription for the person signed in", async () => {
    const answer = (await subscribeAs(trust.staff7.id, `${SERVICE}abc`)) as Response;
    expect(answer.status).toBe(200);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([
      expect.objectContaining({ userId: trust.staff7.id, endpoint: `${SERVICE}abc` }),
    ]);
  });

  it("refuses an address that is not a push service's, or keys it cannot read, changing nothing", async () => {
    for (const endpoint of [
      "http://127.0.0.1:8080/admin",
      "https://evil.example/collect",
      "not a url",
    ])
      expect(((await subscribeAs(trust.staff7.id, endpoint)) as Response).status).toBe(422);
    const { cookie } = signInAs(trust.staff7.id);
    const badKey = (await callAction(subscriptionRoute.action, {
      path: "/push/subscription",
      form: { endpoint: `${SERVICE}x`, p256dh: "not base64!", auth },
      cookie,
    })) as Response;
    expect(badKey.status).toBe(422);
    const tooLong = (await callAction(subscriptionRoute.action, {
      path: "/push/subscription",
      form: { endpoint: `${SERVICE}${"a".repeat(3000)}`, p256dh, auth },
      cookie,
    })) as Response;
    expect(tooLong.status).toBe(422);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([]);
  });

  it("refuses keys that are not a browser's push keys (web-push could never encrypt to them)", async () => {
    const { cookie } = signInAs(trust.staff7.id);
    for (const [badP256dh, badAuth] of [
      ["AAAA", auth],
      [`${p256dh.slice(0, -2)}AA`, auth],
      [p256dh, "AAAA"],
    ]) {
      const answer = (await callAction(subscriptionRoute.action, {
        path: "/push/subscription",
        form: { endpoint: `${SERVICE}k`, p256dh: badP256dh!, auth: badAuth! },
        cookie,
      })) as Response;
      expect(answer.status).toBe(422);
    }
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([]);
  });

  it("on a page load only refreshes a subscription held for this person: never creates or moves one", async () => {
    const refresh = (userId: string, endpoint: string) =>
      callAction(subscriptionRoute.action, {
        path: "/push/subscription",
        form: { endpoint, p256dh, auth, refresh: "1" },
        cookie: signInAs(userId).cookie,
      }) as Promise<Response>;
    expect((await refresh(trust.staff7.id, `${SERVICE}new`)).status).toBe(404);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([]);
    await subscribeAs(trust.staff7.id, `${SERVICE}mine`);
    expect((await refresh(trust.staff7.id, `${SERVICE}mine`)).status).toBe(200);
    expect((await refresh(trust.staff12.id, `${SERVICE}mine`)).status).toBe(404);
    expect(getDb().select().from(pushSubscriptions).get()).toMatchObject({
      userId: trust.staff7.id,
    });
  });

  it("replaces this browser's subscription when the browser changed it, and only for the session that turned it on", async () => {
    const { cookie } = signInAs(trust.staff7.id);
    const post = (endpoint: string, keys: { p256dh: string; auth: string }, as = cookie) =>
      callAction(subscriptionRoute.action, {
        path: "/push/subscription",
        form: { endpoint, ...keys, refresh: "1" },
        cookie: as,
      }) as Promise<Response>;
    await callAction(subscriptionRoute.action, {
      path: "/push/subscription",
      form: { endpoint: `${SERVICE}before`, p256dh, auth },
      cookie,
    });
    const [before] = getDb().select().from(pushSubscriptions).all();
    // The push service rotated it: a new address and new keys (pushsubscriptionchange, or the
    // next page load).
    const rotated = {
      p256dh: createECDH("prime256v1").generateKeys().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    };
    expect((await post(`${SERVICE}after`, rotated)).status).toBe(200);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([
      expect.objectContaining({ id: before!.id, endpoint: `${SERVICE}after`, ...rotated }),
    ]);
    // Another browser of the same person, where alerts were never turned on: nothing is created.
    expect(
      (await post(`${SERVICE}elsewhere`, rotated, signInAs(trust.staff7.id).cookie)).status,
    ).toBe(404);
    // Turned off here: a later change does not sign this browser up again.
    getDb().delete(pushSubscriptions).run();
    expect((await post(`${SERVICE}later`, { p256dh, auth })).status).toBe(404);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([]);
  });

  it("refuses to move another browser's subscription to someone who has only its address", async () => {
    await subscribeAs(trust.staff7.id, `${SERVICE}victim`);
    const { cookie } = signInAs(trust.staff12.id);
    const otherKey =
      "BOr6Ce1YOKNQZNtsiyeIOxS-vxhp6aNbOdmMvrcqlBlImdpxNW-IP7i2VcNwz8ygBGZhZcLRq3VXVodsewAL8jo";
    const answer = (await callAction(subscriptionRoute.action, {
      path: "/push/subscription",
      form: { endpoint: `${SERVICE}victim`, p256dh: otherKey, auth: "AAAAAAAAAAAAAAAAAAAAAA" },
      cookie,
    })) as Response;
    expect(answer.status).toBe(422);
    expect(getDb().select().from(pushSubscriptions).get()).toMatchObject({
      userId: trust.staff7.id,
      p256dh,
    });
  });

  it("sends someone signed out to sign in", async () => {
    const response = await thrownResponse(() =>
      callAction(subscriptionRoute.action, {
        path: "/push/subscription",
        form: { endpoint: `${SERVICE}abc`, p256dh, auth },
      }),
    );
    expect(response.status).toBe(302);
  });

  it("moves a shared computer's subscription to the person now signed in", async () => {
    await subscribeAs(trust.staff7.id, `${SERVICE}shared`);
    await subscribeAs(trust.staff12.id, `${SERVICE}shared`);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([
      expect.objectContaining({ userId: trust.staff12.id }),
    ]);
  });
});

describe("Settings > Notifications", () => {
  it("lists only the person's own devices, without their push address or keys", async () => {
    await subscribeAs(trust.staff7.id, `${SERVICE}mine`);
    await subscribeAs(trust.staff12.id, `${SERVICE}theirs`);
    const data = (await callLoader(settingsPage.loader, {
      path: "/settings/notifications",
      cookie: signInAs(trust.staff7.id).cookie,
    })) as Awaited<ReturnType<typeof settingsPage.loader>>;
    expect(data.publicKey).toBe(keys.publicKey);
    expect(data.devices).toHaveLength(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain("fcm.googleapis.com");
    expect(text).not.toContain(p256dh);
    expect(text).not.toContain(auth);
  });

  it("turns off the person's own device, and answers 404 for someone else's", async () => {
    await subscribeAs(trust.staff12.id, `${SERVICE}theirs`);
    const theirs = getDb().select().from(pushSubscriptions).get()!;
    const refused = await thrownResponse(() =>
      callAction(settingsPage.action, {
        path: "/settings/notifications",
        form: { intent: "remove", subscriptionId: theirs.id },
        cookie: signInAs(trust.manager12.id).cookie,
      }),
    );
    expect(refused.status).toBe(404);
    expect(getDb().select().from(pushSubscriptions).all()).toHaveLength(1);
    const done = await thrownResponse(() =>
      callAction(settingsPage.action, {
        path: "/settings/notifications",
        form: { intent: "remove", subscriptionId: theirs.id },
        cookie: signInAs(trust.staff12.id).cookie,
      }),
    );
    expect(done.status).toBe(302);
    expect(getDb().select().from(pushSubscriptions).all()).toEqual([]);
  });

  it("saves when to alert from a plain form, and refuses a choice it does not know", async () => {
    const cookie = signInAs(trust.staff7.id).cookie;
    const bad = (await callAction(settingsPage.action, {
      path: "/settings/notifications",
      form: { intent: "choices", mode: "sometimes" },
      cookie,
    })) as { init: { status: number } };
    expect(bad.init.status).toBe(400);
    expect(getDb().select().from(pushPreferences).all()).toEqual([]);
    await callAction(settingsPage.action, {
      path: "/settings/notifications",
      form: { intent: "choices", mode: "urgent-only", openShifts: "yes" },
      cookie,
    });
    expect(
      getDb()
        .select()
        .from(pushPreferences)
        .where(eq(pushPreferences.userId, trust.staff7.id))
        .get(),
    ).toMatchObject({ mode: "urgent-only", openShifts: true });
  });
});

describe("who can be reached", () => {
  it("shows a team's managers each member's last delivered alert, and staff nothing of it", async () => {
    await subscribeAs(trust.staff7.id, `${SERVICE}staff7`);
    const page = (who: string) =>
      callLoader(teamPage.loader, {
        path: `/team/${trust.ward7.id}`,
        params: { teamId: trust.ward7.id },
        cookie: signInAs(who).cookie,
      }) as ReturnType<typeof teamPage.loader>;
    const managerView = await page(trust.manager7.id);
    const staffRow = managerView.members.find((m) => m.name === trust.staff7.name)!;
    expect(staffRow.lastPush).toBe("Alerts on, none delivered yet");
    const managerRow = managerView.members.find((m) => m.name === trust.manager7.name)!;
    expect(managerRow.lastPush).toBe("No alerts on");
    expect(managerView.urgentRepeatMinutes).toBe(5);
    const staffView = await page(trust.staff7.id);
    expect(staffView.members.every((m) => !("lastPush" in m))).toBe(true);
    expect(staffView.urgentRepeatMinutes).toBeNull();
  });

  it("lets a team's managers set how often an urgent message alerts again: 2 to 60 minutes", async () => {
    const post = (who: string, minutes: string) =>
      callAction(teamPage.action, {
        path: `/team/${trust.ward7.id}`,
        params: { teamId: trust.ward7.id },
        form: { intent: "urgent-repeat", urgentRepeatMinutes: minutes },
        cookie: signInAs(who).cookie,
      });
    const repeat = () =>
      getDb().select().from(teams).where(eq(teams.id, trust.ward7.id)).get()!.urgentRepeatMinutes;
    expect((await thrownResponse(() => post(trust.staff7.id, "3"))).status).toBe(404);
    expect((await thrownResponse(() => post(trust.manager12.id, "3"))).status).toBe(404);
    for (const bad of ["1", "61", "2.5", "soon"]) {
      const answer = (await post(trust.manager7.id, bad)) as { errors: { field?: string }[] };
      expect(answer.errors[0]?.field, bad).toBe("urgentRepeatMinutes");
    }
    expect(repeat()).toBe(5);
    expect((await thrownResponse(() => post(trust.manager7.id, "3"))).status).toBe(302);
    expect(repeat()).toBe(3);
  });
});
