// The push fan-out benchmark (issue 13): one urgent message to a team channel of 100 people
// with five devices each (500 subscriptions on web-push-testing, a real push service in its own
// process on this machine), planned from the event log and sent: the planning, the sending, the
// total from the commit to the last push accepted, and pushes a second. Every device is then
// checked for exactly one alert. The push service decrypts every push on the same two cores, so
// the figures are a floor for a real push service over the network, not a ceiling.
import { eq } from "drizzle-orm";
import webpush from "web-push";
import { getDb } from "~/db/connection.server";
import { memberships, organisations, pushDeliveries, teams, users } from "~/db/schema.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { planPushes } from "~/messaging/push/push-planner.server";
import { sendDuePushes } from "~/messaging/push/push-sender.server";
import { saveSubscription } from "~/messaging/push/push-subscriptions.server";
import { createSession } from "~/models/accounts/sessions.server";
import { newId } from "~/models/ids.server";
import { actorFor } from "../tests/support/factories";
import { startPushService } from "../tests/support/push-service";
import { UNUSABLE_PASSWORD_HASH } from "./large-trust";
import { figure } from "./report";

const PEOPLE = 100;
const DEVICES_EACH = 5;

export async function benchPush(): Promise<void> {
  const service = await startPushService();
  process.env.BATON_PUSH_SERVICES = service.origin;
  try {
    const db = getDb();
    const organisationId = newId();
    db.insert(organisations).values({ id: organisationId, name: "Push Bench Trust" }).run();
    const teamId = newId();
    db.insert(teams).values({ id: teamId, organisationId, name: "Ward 1" }).run();
    const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: newId(), n: i }));
    db.insert(users)
      .values(
        people.map((p) => ({
          id: p.id,
          organisationId,
          email: `push${p.n}@bench-trust.example`,
          name: `Person ${p.n}`,
          passwordHash: UNUSABLE_PASSWORD_HASH,
        })),
      )
      .run();
    db.insert(memberships)
      .values(
        people.map((p) => ({
          id: newId(),
          teamId,
          userId: p.id,
          role: p.n === 0 ? ("manager" as const) : ("staff" as const),
          grade: "Band 5 RN",
          skills: [],
          clinical: true,
        })),
      )
      .run();
    const vapid = {
      subject: "mailto:rota-office@bench-trust.example",
      ...webpush.generateVAPIDKeys(),
    };
    const devices = [];
    for (const person of people) {
      const { sessionId } = createSession({
        userId: person.id,
        userAgent: "bench",
        ipAddress: "127.0.0.1",
      });
      for (let d = 0; d < DEVICES_EACH; d++) {
        const device = await service.subscribe(vapid.publicKey);
        saveSubscription({
          actor: actorFor(person.id),
          sessionId,
          endpoint: device.endpoint,
          p256dh: device.p256dh,
          auth: device.auth,
          userAgent: "bench",
        });
        devices.push({ ...device, userId: person.id });
      }
    }
    // The planner starts at the newest event: everything so far is behind it.
    planPushes();
    const sender = people[0]!;
    const channel = openTeamChannel({ actor: actorFor(sender.id), teamId });
    const started = performance.now();
    sendMessage({
      actor: actorFor(sender.id),
      conversationId: channel.id,
      clientId: "bench-urgent",
      body: "Fire alarm: evacuate bay 2",
      urgent: true,
    });
    const committed = performance.now();
    const { planned } = planPushes();
    const plannedAt = performance.now();
    let sent = 0;
    for (;;) {
      const report = await sendDuePushes({ vapid, concurrency: 32 });
      sent += report.sent;
      if (report.sent + report.retry + report.failed + report.gone === 0) break;
    }
    const done = performance.now();
    const expected = (PEOPLE - 1) * DEVICES_EACH;
    figure(
      "push fan-out: planned",
      `${planned} pushes in ${(plannedAt - committed).toFixed(0)} ms (expected ${expected})`,
    );
    figure(
      "push fan-out: sent",
      `${sent} in ${(done - plannedAt).toFixed(0)} ms, ${((sent / (done - plannedAt)) * 1000).toFixed(0)} pushes/s`,
    );
    figure("push fan-out: commit to last accepted", `${(done - started).toFixed(0)} ms`);
    let once = 0;
    for (const device of devices) {
      if (device.userId === sender.id) continue;
      if ((await service.received(device)).length === 1) once++;
    }
    figure("push fan-out: devices with exactly one alert", `${once} of ${expected}`, {
      text: `all ${expected}`,
      met: once === expected,
    });
    const failed = db.select().from(pushDeliveries).where(eq(pushDeliveries.state, "failed")).all();
    if (failed.length) figure("push fan-out: failed", String(failed.length));
  } finally {
    service.stop();
  }
}
