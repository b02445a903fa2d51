// Who is pushed what, and when (issue 13): pure rules, no database. The planner
// (push-planner.server.ts) works out each person's reason and whether they are on duty, and asks
// here whether to push and how urgently.

/** What a person chose in Settings > Notifications; "rota" unless they chose. */
export type PushMode = "rota" | "urgent-only" | "everything";

/**
 * Why someone would be pushed:
 * - `urgent`: an urgent message in a conversation they are in;
 * - `direct`: a direct message to them;
 * - `mention`: an @mention of them;
 * - `shift-thread`: a message in the thread of a shift they are on now or that starts within 2 h;
 * - `conversation`: any other message in a conversation they are in (team channel, group, a
 *   thread of a shift not soon);
 * - `own-decision`: a decision on their own request (swap, leave, claim);
 * - `request-to-me`: a request waiting for them (a swap offered to them, leave to decide);
 * - `rota-change`: the rota published, their shifts changed, their teams changed;
 * - `open-shift`: an open shift they are eligible for (opt-in);
 * - `handover`: a handover for their incoming shift, or one overdue (managers);
 * - `other`: any other notification.
 */
export type PushReason =
  | "urgent"
  | "direct"
  | "mention"
  | "shift-thread"
  | "conversation"
  | "own-decision"
  | "request-to-me"
  | "rota-change"
  | "open-shift"
  | "handover"
  | "other";

/** A reason pushed even off duty under the default ("rota") mode. */
const ALWAYS: ReadonlySet<PushReason> = new Set(["urgent", "direct", "own-decision"]);
/** Reasons that are not alerts at all unless the person asked for everything. */
const ONLY_IF_EVERYTHING: ReadonlySet<PushReason> = new Set(["conversation"]);

/**
 * Whether to push: "urgent-only" pushes urgent messages alone; "everything" pushes every reason;
 * "rota" (the default) pushes urgent messages, direct messages and decisions on my own requests
 * at any time, and the rest only on duty (a worked shift now or starting within 2 hours).
 * Open shifts are pushed only to those who opted in, under the same rules. Source: issue 13,
 * "What is sent, to whom".
 */
export function shouldPush({
  reason,
  mode,
  onDuty,
  openShiftsOptIn,
}: {
  reason: PushReason;
  mode: PushMode;
  onDuty: boolean;
  openShiftsOptIn: boolean;
}): boolean {
  if (reason === "urgent") return true;
  if (mode === "urgent-only") return false;
  if (reason === "open-shift" && !openShiftsOptIn) return false;
  if (mode === "everything") return true;
  if (ONLY_IF_EVERYTHING.has(reason)) return false;
  return ALWAYS.has(reason) || onDuty;
}

/** The Web Push `Urgency` header (RFC 8030 section 5.3). */
export type PushUrgency = "very-low" | "low" | "normal" | "high";

/**
 * How urgently, and for how long (seconds, at least 1: web-push sends its four-week default for
 * 0), a push of this reason is worth delivering. `high` for urgent and direct messages and
 * handovers: a phone in Doze delays normal pushes by minutes.
 */
export function deliveryOf(reason: PushReason): { urgency: PushUrgency; ttlSeconds: number } {
  switch (reason) {
    case "urgent":
      return { urgency: "high", ttlSeconds: 60 * 60 };
    case "direct":
      return { urgency: "high", ttlSeconds: 24 * 60 * 60 };
    case "handover":
      return { urgency: "high", ttlSeconds: 2 * 60 * 60 };
    case "mention":
    case "shift-thread":
      return { urgency: "normal", ttlSeconds: 4 * 60 * 60 };
    case "open-shift":
      return { urgency: "normal", ttlSeconds: 6 * 60 * 60 };
    default:
      return { urgency: "normal", ttlSeconds: 24 * 60 * 60 };
  }
}

/** How long alerts of one conversation collapse into one (issue 13: within a minute). */
export const COLLAPSE_MS = 60_000;

/** How long before a shift starts its person counts as on duty (issue 13: 2 hours). */
export const ON_DUTY_LEAD_MS = 2 * 60 * 60_000;

/** Whether an instant falls in a shift's duty window: from 2 hours before its start to its end. */
export function inDutyWindow(
  shift: { startsAt: Date | number; endsAt: Date | number },
  now: Date | number,
): boolean {
  const t = typeof now === "number" ? now : now.getTime();
  const start = typeof shift.startsAt === "number" ? shift.startsAt : shift.startsAt.getTime();
  const end = typeof shift.endsAt === "number" ? shift.endsAt : shift.endsAt.getTime();
  return t >= start - ON_DUTY_LEAD_MS && t < end;
}

/** Retry delays after a failed attempt (ms): then the delivery fails, or sooner at its TTL. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 2 * 60 * 60_000];

/**
 * What an answer from a push service means (RFC 8030 section 5; RFC 8292): 201 or 202 delivered;
 * 404 or 410 the subscription is gone (delete it); 429, 5xx or no answer (null) try again later;
 * any other status (400 malformed, 403 VAPID refused, 413 too large) will not get better.
 */
export function outcomeOfStatus(status: number | null): "sent" | "gone" | "retry" | "failed" {
  if (status === null) return "retry";
  if (status === 201 || status === 202 || status === 200) return "sent";
  if (status === 404 || status === 410) return "gone";
  if (status === 429 || status >= 500) return "retry";
  return "failed";
}
