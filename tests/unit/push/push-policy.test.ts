import { describe, expect, it } from "vitest";
import {
  deliveryOf,
  inDutyWindow,
  outcomeOfStatus,
  type PushMode,
  type PushReason,
  shouldPush,
} from "~/messaging/push/push-policy";
import { roundsDue } from "~/messaging/push/urgent-escalation.server";
import { vapidSubjectProblem } from "~/messaging/push/vapid.server";

const REASONS: PushReason[] = [
  "urgent",
  "direct",
  "mention",
  "shift-thread",
  "conversation",
  "own-decision",
  "request-to-me",
  "rota-change",
  "open-shift",
  "handover",
  "other",
];

function pushed(mode: PushMode, onDuty: boolean, openShiftsOptIn = false) {
  return REASONS.filter((reason) => shouldPush({ reason, mode, onDuty, openShiftsOptIn }));
}

describe("who is pushed (the off-duty matrix, issue 13)", () => {
  it("off duty under the rota's rules: only urgent, direct and decisions on my own requests", () => {
    expect(pushed("rota", false)).toEqual(["urgent", "direct", "own-decision"]);
    expect(pushed("rota", false, true)).toEqual(["urgent", "direct", "own-decision"]);
  });

  it("on duty: everything but chatter in conversations, and open shifts only when opted in", () => {
    const onDuty = REASONS.filter((r) => r !== "conversation" && r !== "open-shift");
    expect(pushed("rota", true)).toEqual(onDuty);
    expect(pushed("rota", true, true)).toEqual(REASONS.filter((r) => r !== "conversation"));
  });

  it("urgent only: urgent messages and nothing else, on duty or off", () => {
    expect(pushed("urgent-only", true, true)).toEqual(["urgent"]);
    expect(pushed("urgent-only", false, true)).toEqual(["urgent"]);
  });

  it("everything: every reason at any time, open shifts still only when opted in", () => {
    expect(pushed("everything", false)).toEqual(REASONS.filter((r) => r !== "open-shift"));
    expect(pushed("everything", false, true)).toEqual(REASONS);
  });
});

describe("how a push is delivered", () => {
  it("is high urgency for urgent and direct messages and handovers, with a TTL of at least 1 s", () => {
    for (const reason of REASONS) {
      const { urgency, ttlSeconds } = deliveryOf(reason);
      expect(ttlSeconds).toBeGreaterThanOrEqual(1);
      expect(urgency === "high").toBe(["urgent", "direct", "handover"].includes(reason));
    }
  });

  it("reads the push service's answer", () => {
    expect(outcomeOfStatus(201)).toBe("sent");
    expect(outcomeOfStatus(202)).toBe("sent");
    expect(outcomeOfStatus(404)).toBe("gone");
    expect(outcomeOfStatus(410)).toBe("gone");
    expect(outcomeOfStatus(429)).toBe("retry");
    expect(outcomeOfStatus(503)).toBe("retry");
    expect(outcomeOfStatus(null)).toBe("retry");
    expect(outcomeOfStatus(400)).toBe("failed");
    expect(outcomeOfStatus(403)).toBe("failed");
    expect(outcomeOfStatus(413)).toBe("failed");
  });
});

describe("on duty", () => {
  const night = {
    startsAt: new Date("2027-03-27T20:00:00Z"),
    // The night of the clock change: 20:00 GMT to 08:00 BST is 11 hours.
    endsAt: new Date("2027-03-28T07:00:00Z"),
  };
  it("from 2 hours before a shift starts until it ends", () => {
    expect(inDutyWindow(night, new Date("2027-03-27T17:59:59Z"))).toBe(false);
    expect(inDutyWindow(night, new Date("2027-03-27T18:00:00Z"))).toBe(true);
    expect(inDutyWindow(night, new Date("2027-03-28T06:59:59Z"))).toBe(true);
    expect(inDutyWindow(night, new Date("2027-03-28T07:00:00Z"))).toBe(false);
  });
});

describe("the VAPID subject", () => {
  it("accepts mailto: at a real domain and https: at a real host", () => {
    expect(vapidSubjectProblem("mailto:rota-office@northgate.nhs.uk")).toBeNull();
    expect(vapidSubjectProblem("https://baton.northgate.nhs.uk")).toBeNull();
  });
  it("refuses what Apple refuses, and anything else", () => {
    for (const subject of [
      "mailto:admin@localhost",
      "mailto:admin@baton.local",
      "mailto:admin@baton.invalid",
      "https://localhost:3000",
      "https://127.0.0.1",
      "http://baton.northgate.nhs.uk",
      "mailto:",
      "baton@northgate.nhs.uk",
    ])
      expect(vapidSubjectProblem(subject), subject).not.toBeNull();
  });
});

describe("escalation rounds", () => {
  const sent = new Date("2027-01-05T21:00:00Z");
  const at = (minutes: number) => new Date(sent.getTime() + minutes * 60_000);
  it("re-alert at each interval three times, then the managers at the fourth", () => {
    expect(roundsDue(sent, 5, at(4.9))).toEqual([]);
    expect(roundsDue(sent, 5, at(5))).toEqual([1]);
    expect(roundsDue(sent, 5, at(15))).toEqual([1, 2, 3]);
    expect(roundsDue(sent, 5, at(20))).toEqual([1, 2, 3, 4]);
    expect(roundsDue(sent, 5, at(600))).toEqual([1, 2, 3, 4]);
  });
  it("never more often than every 2 minutes, whatever is stored", () => {
    expect(roundsDue(sent, 1, at(1.5))).toEqual([]);
    expect(roundsDue(sent, 1, at(2))).toEqual([1]);
  });
});
