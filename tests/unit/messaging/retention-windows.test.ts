// The retention windows: whole local days in the conversation's zone, across both clock changes,
// and a shift thread's window starting when its shift ends.
import { describe, expect, it } from "vitest";
import { purgeMessagesUpTo, retentionCutoff, shiftThreadEnd } from "~/messaging/retention-windows";

const LONDON = "Europe/London";
const at = (iso: string) => Date.parse(iso);
const policy = { shiftDays: 30, otherDays: 90 };

describe("retentionCutoff", () => {
  it("is the same wall-clock time the given number of days earlier, on a day with no clock change", () => {
    expect(retentionCutoff({ now: at("2026-12-01T09:00:00Z"), days: 30, zone: LONDON })).toBe(
      at("2026-11-01T09:00:00Z"),
    );
  });

  it("keeps a message posted at 09:00 BST until 09:00 GMT thirty days later, across the autumn change", () => {
    // Posted 1 Oct 2026 09:00 BST (08:00Z); the clocks go back on 25 Oct.
    const posted = at("2026-10-01T08:00:00Z");
    const cutoffAt = (iso: string) => retentionCutoff({ now: at(iso), days: 30, zone: LONDON });
    // 30 × 24 hours have passed at 08:00Z, but the ward's clock reads 08:00: still kept.
    expect(posted <= cutoffAt("2026-10-31T08:59:59.999Z")).toBe(false);
    expect(posted <= cutoffAt("2026-10-31T09:00:00.000Z")).toBe(true);
  });

  it("purges a message posted at 09:00 GMT at 09:00 BST thirty days later, across the spring change", () => {
    // Posted 15 Mar 2026 09:00 GMT; the clocks go forward on 29 Mar.
    const posted = at("2026-03-15T09:00:00Z");
    const cutoffAt = (iso: string) => retentionCutoff({ now: at(iso), days: 30, zone: LONDON });
    expect(posted <= cutoffAt("2026-04-14T07:59:59.999Z")).toBe(false);
    expect(posted <= cutoffAt("2026-04-14T08:00:00.000Z")).toBe(true);
  });

  it("counts days in the zone it is given, not UTC's", () => {
    // 23:30 on 1 Dec in Auckland (UTC+13) is 10:30Z.
    expect(
      retentionCutoff({ now: at("2026-12-01T10:30:00Z"), days: 1, zone: "Pacific/Auckland" }),
    ).toBe(at("2026-11-30T10:30:00Z"));
  });
});

describe("shiftThreadEnd", () => {
  it("ends a day shift on its own date", () => {
    expect(
      shiftThreadEnd({ date: "2026-12-01", startLocal: "07:30", endLocal: "15:30", zone: LONDON }),
    ).toBe(at("2026-12-01T15:30:00Z"));
  });

  it("ends a night the next morning, in the zone's time after the clocks go back", () => {
    expect(
      shiftThreadEnd({ date: "2026-10-24", startLocal: "20:00", endLocal: "08:00", zone: LONDON }),
    ).toBe(at("2026-10-25T08:00:00Z"));
  });

  it("ends a night the next morning, in the zone's time after the clocks go forward", () => {
    expect(
      shiftThreadEnd({ date: "2026-03-28", startLocal: "20:00", endLocal: "08:00", zone: LONDON }),
    ).toBe(at("2026-03-29T07:00:00Z"));
  });

  it("treats an end equal to the start as the next day (a 24-hour shift)", () => {
    expect(
      shiftThreadEnd({ date: "2026-12-01", startLocal: "08:00", endLocal: "08:00", zone: LONDON }),
    ).toBe(at("2026-12-02T08:00:00Z"));
  });
});

describe("purgeMessagesUpTo", () => {
  const night = { date: "2026-10-24", startLocal: "20:00", endLocal: "08:00" };

  it("purges nothing in a shift thread until 30 local days after the night ends", () => {
    // The night of the autumn change ends 25 Oct 08:00 GMT; 30 days later is 24 Nov 08:00 GMT.
    expect(
      purgeMessagesUpTo({
        now: at("2026-11-24T07:59:59Z"),
        zone: LONDON,
        policy,
        shift: night,
      }),
    ).toBeNull();
    expect(
      purgeMessagesUpTo({ now: at("2026-11-24T08:00:00Z"), zone: LONDON, policy, shift: night }),
    ).toBe(at("2026-10-25T08:00:00Z"));
  });

  it("keeps a late follow-up in an old shift thread for its own 30 days", () => {
    const upTo = purgeMessagesUpTo({
      now: at("2026-12-10T12:00:00Z"),
      zone: LONDON,
      policy,
      shift: night,
    });
    expect(upTo).toBe(at("2026-11-10T12:00:00Z"));
    // A message posted on 20 Nov into that thread is after the cutoff: kept.
    expect(at("2026-11-20T10:00:00Z") <= (upTo ?? 0)).toBe(false);
  });

  it("counts other conversations' days from posting, with their own setting", () => {
    expect(
      purgeMessagesUpTo({ now: at("2026-12-01T12:00:00Z"), zone: LONDON, policy, shift: null }),
    ).toBe(at("2026-09-02T11:00:00Z"));
  });
});
