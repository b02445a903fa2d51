// The push sender: delivers the pending rows of the push outbox (push_deliveries) to their push
// services, records every attempt (outcome, status code, time), retries with backoff, and
// deletes a subscription the push service says is gone (404 or 410). Requests are built with
// web-push's generateRequestDetails (RFC 8291 encryption, RFC 8292 VAPID) and sent with fetch.
//
// Exactly once: a delivery is planned once (push-planner). If the process dies after a push
// service accepted a push but before its row says "sent", the row is sent again on restart; the
// repeat carries the same Topic (RFC 8030 section 5.4), so the push service replaces one not yet
// delivered, and the same notification tag, so the phone replaces the one it shows: one alert.
import { createHash } from "node:crypto";
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import webpush from "web-push";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { pushAttempts, pushDeliveries, pushSubscriptions } from "~/db/schema.server";
import { outcomeOfStatus, RETRY_DELAYS_MS } from "./push-policy";
import { pushServiceAllowed } from "./push-services.server";
import type { VapidDetails } from "./vapid.server";

/** What the service worker receives (push payload JSON): nothing patient-identifiable. */
export type PushPayload = {
  title: string;
  body: string;
  path: string;
  tag: string;
  /** Alert again even though it replaces a notification with the same tag (a re-alert). */
  renotify?: true;
};

/** Sends one HTTP request; fetch unless a test wants a slow or failing network. */
export type PushTransport = (request: {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}) => Promise<number>;

/** fetch, with a 10 s timeout so one dead push service cannot hold the queue. */
export const fetchTransport: PushTransport = async ({ endpoint, method, headers, body }) => {
  const response = await fetch(endpoint, {
    method,
    headers,
    body: body ? new Uint8Array(body) : null,
    // A push service answers; it never sends us elsewhere (that would be an address we did not check).
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  // The body is not needed, but must be read (or cancelled) to free the connection.
  await response.body?.cancel();
  return response.status;
};

const orphansGone = preparedOnce((db) =>
  db
    .update(pushDeliveries)
    .set({ state: "gone" })
    .where(and(eq(pushDeliveries.state, "pending"), isNull(pushDeliveries.subscriptionId)))
    .prepare(),
);

/** What an attempt that could not even be made counts as: a request that will never work. */
const UNUSABLE = 400;

const dueDeliveries = preparedOnce((db) =>
  db
    .select({ delivery: pushDeliveries, subscription: pushSubscriptions })
    .from(pushDeliveries)
    .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, pushDeliveries.subscriptionId))
    .where(
      and(
        eq(pushDeliveries.state, "pending"),
        lte(pushDeliveries.nextAttemptAt, sql.placeholder("now")),
      ),
    )
    .orderBy(asc(pushDeliveries.nextAttemptAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** RFC 8030 Topic: at most 32 base64url characters; the same tag gives the same topic. */
function topicOf(tag: string): string {
  return createHash("sha256").update(tag).digest("base64url").slice(0, 32);
}

type Due = {
  delivery: typeof pushDeliveries.$inferSelect;
  subscription: typeof pushSubscriptions.$inferSelect;
};

/** Records one attempt's answer and what follows from it, in one transaction. */
function recordAttempt(
  { delivery, subscription }: Due,
  status: number | null,
  now: Date,
): "sent" | "gone" | "retry" | "failed" {
  let outcome = outcomeOfStatus(status);
  const attempts = delivery.attempts + 1;
  const expiresAt = delivery.createdAt.getTime() + delivery.ttlSeconds * 1000;
  const delay = RETRY_DELAYS_MS[attempts - 1];
  if (outcome === "retry" && (delay === undefined || now.getTime() + delay >= expiresAt))
    outcome = "failed";
  writeTransaction(() => {
    const db = getDb();
    db.insert(pushAttempts)
      .values({ deliveryId: delivery.id, at: now, statusCode: status, outcome })
      .run();
    if (outcome === "sent") {
      db.update(pushDeliveries)
        .set({ state: "sent", attempts, sentAt: now })
        .where(eq(pushDeliveries.id, delivery.id))
        .run();
      db.update(pushSubscriptions)
        .set({ lastSuccessAt: now })
        .where(eq(pushSubscriptions.id, subscription.id))
        .run();
    } else if (outcome === "gone") {
      db.update(pushDeliveries)
        .set({ state: "gone", attempts })
        .where(eq(pushDeliveries.id, delivery.id))
        .run();
      // The browser unsubscribed or the push service dropped it: it will never work again.
      db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id)).run();
    } else {
      db.update(pushDeliveries)
        .set({
          state: outcome === "retry" ? "pending" : "failed",
          attempts,
          nextAttemptAt: new Date(now.getTime() + (delay ?? 0)),
        })
        .where(eq(pushDeliveries.id, delivery.id))
        .run();
      db.update(pushSubscriptions)
        .set({ lastFailureAt: now })
        .where(eq(pushSubscriptions.id, subscription.id))
        .run();
    }
  });
  return outcome;
}

export type SendReport = { sent: number; retry: number; gone: number; failed: number };

/**
 * Sends up to `limit` due deliveries, `concurrency` at a time, and records each attempt.
 * A subscription whose push service is not on the allowed list (push-services.server.ts) fails
 * without a request: the server never posts to an address a browser made up.
 */
export async function sendDuePushes({
  vapid,
  now = () => new Date(),
  limit = 500,
  concurrency = 16,
  transport = fetchTransport,
}: {
  vapid: VapidDetails;
  now?: () => Date;
  limit?: number;
  concurrency?: number;
  transport?: PushTransport;
}): Promise<SendReport> {
  // Deliveries whose device was turned off or pruned meanwhile will never go.
  orphansGone().run();
  const due = dueDeliveries().all({ now: now().getTime(), limit });
  const report: SendReport = { sent: 0, retry: 0, gone: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const item = due[next++]!;
      // One delivery's trouble (a key web-push cannot use, say) fails that delivery alone: every
      // row taken here is recorded before the run ends, so none is taken again while in flight.
      let outcome: keyof SendReport;
      try {
        outcome = recordAttempt(item, await attempt(item, vapid, transport), now());
      } catch {
        outcome = recordAttempt(item, UNUSABLE, now());
      }
      report[outcome]++;
    }
  };
  await Promise.allSettled(Array.from({ length: Math.min(concurrency, due.length) }, worker));
  return report;
}

/** One request to the push service: its status, or null when it could not be reached. */
async function attempt(
  { delivery, subscription }: Due,
  vapid: VapidDetails,
  transport: PushTransport,
): Promise<number | null> {
  if (!pushServiceAllowed(subscription.endpoint)) return 403;
  const payload: PushPayload = {
    title: delivery.title,
    body: delivery.body,
    path: delivery.path,
    tag: delivery.tag,
    ...(delivery.kind === "message.urgent-repeat" ? { renotify: true as const } : {}),
  };
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      },
      JSON.stringify(payload),
      {
        vapidDetails: vapid,
        TTL: Math.max(1, delivery.ttlSeconds),
        urgency: delivery.urgency,
        topic: topicOf(delivery.tag),
        contentEncoding: "aes128gcm",
      },
    );
  } catch {
    // Keys or VAPID details web-push cannot use: this will never work.
    return UNUSABLE;
  }
  try {
    return await transport({
      endpoint: details.endpoint,
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: (details.body as Buffer | null) ?? null,
    });
  } catch {
    return null;
  }
}
