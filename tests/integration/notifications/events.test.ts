// The event log (DESIGN.md, "Real time"): appended inside the change's write transaction, read
// back after a sequence number in order, scoped to what the person may see.
import { eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, writeTransaction } from "~/db/connection.server";
import { events } from "~/db/schema.server";
import {
  appendEvent,
  oldestKeptEventSeq,
  readEventsAfter,
} from "~/models/notifications/events.server";
import { changeShift } from "~/models/rota/shifts.server";
import { actorFor } from "../../support/factories";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
beforeAll(async () => {
  w = await createWard();
});

const lastSeq = () =>
  getDb().$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM events").get() as {
    seq: number;
  };
const noConversations = () => new Set<string>();

function append(audience: Parameters<typeof appendEvent>[0]["audience"], n: number) {
  return writeTransaction(() => appendEvent({ audience, kind: "message.created", ids: { n } }));
}

describe("appending events", () => {
  it("refuses to append outside a write transaction", () => {
    expect(() =>
      appendEvent({ audience: { type: "user", id: w.nia.id }, kind: "message.created", ids: {} }),
    ).toThrow(/inside the change's write transaction/);
  });

  it("keeps no event from a transaction that failed", () => {
    const before = lastSeq().seq;
    expect(() =>
      writeTransaction(() => {
        appendEvent({ audience: { type: "user", id: w.nia.id }, kind: "message.created", ids: {} });
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(getDb().select().from(events).where(gt(events.seq, before)).all()).toEqual([]);
  });

  it("refuses to change an event once written", () => {
    const seq = append({ type: "user", id: w.nia.id }, 1);
    expect(() =>
      getDb().update(events).set({ kind: "edited" }).where(eq(events.seq, seq)).run(),
    ).toThrow(/append-only/);
  });
});

describe("reading events", () => {
  it("returns the events after a sequence in order: the person's own, their teams' and their conversations'", () => {
    const after = lastSeq().seq;
    const mine = append({ type: "user", id: w.nia.id }, 1);
    append({ type: "user", id: w.omar.id }, 2);
    const team = append({ type: "team", id: w.ward }, 3);
    append({ type: "team", id: w.trust.ward12.id }, 4);
    const readable = append({ type: "conversation", id: "conv-readable" }, 5);
    append({ type: "conversation", id: "conv-hidden" }, 6);
    const page = readEventsAfter({
      actor: actorFor(w.nia.id),
      after,
      mayReadConversations: (ids) => new Set(ids.filter((id) => id === "conv-readable")),
    });
    expect(page.events.map((e) => e.seq)).toEqual([mine, team, readable]);
    expect(page.events.map((e) => e.ids)).toEqual([{ n: 1 }, { n: 3 }, { n: 5 }]);
    expect(page).toMatchObject({ more: false, tooOld: false });
  });

  it("reads in batches, saying where to resume so that nothing is skipped or repeated", () => {
    const after = lastSeq().seq;
    const seqs = [1, 2, 3, 4, 5].map((n) => append({ type: "user", id: w.pat.id }, n));
    const actor = actorFor(w.pat.id);
    const first = readEventsAfter({
      actor,
      after,
      limit: 3,
      mayReadConversations: noConversations,
    });
    expect(first).toMatchObject({ through: seqs[2], more: true });
    const second = readEventsAfter({
      actor,
      after: first.through,
      limit: 3,
      mayReadConversations: noConversations,
    });
    expect([...first.events, ...second.events].map((e) => e.seq)).toEqual(seqs);
    expect(second.more).toBe(false);
  });

  it("names the lowest sequence kept, and says a resume point older than it is too old to replay", () => {
    append({ type: "user", id: w.nia.id }, 1);
    const kept = append({ type: "user", id: w.nia.id }, 2);
    // Retention removes the oldest rows.
    getDb().delete(events).where(gt(events.seq, -1)).run();
    const newest = append({ type: "user", id: w.nia.id }, 3);
    expect(oldestKeptEventSeq()).toBe(newest);
    const actor = actorFor(w.nia.id);
    expect(
      readEventsAfter({ actor, after: kept, mayReadConversations: noConversations }).tooOld,
    ).toBe(false);
    expect(
      readEventsAfter({ actor, after: kept - 1, mayReadConversations: noConversations }).tooOld,
    ).toBe(true);
  });
});

describe("events from the rota", () => {
  it("appends rota.shift-changed for the team when a published shift is reassigned, naming the shift, both people and the occurrence", () => {
    const { shiftIds } = w.rota("2027-01-04", "2027-01-10", [
      { userId: w.nia.id, type: w.types.N, date: "2027-01-05" },
    ]);
    const after = lastSeq().seq;
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.omar.id,
      shiftTypeId: w.types.N,
      date: "2027-01-06",
    });
    const written = getDb().select().from(events).where(gt(events.seq, after)).all();
    // Both people are also told (notifications, each with its own event addressed to them).
    const told = written.filter((r) => r.kind === "notification.created");
    expect(told.map((r) => r.audienceId).sort()).toEqual([w.nia.id, w.omar.id].sort());
    const rows = written.filter((r) => r.kind !== "notification.created");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      audienceType: "team",
      audienceId: w.ward,
      kind: "rota.shift-changed",
    });
    expect(JSON.parse(rows[0]!.ids)).toEqual({
      shiftId: shiftIds[0],
      teamId: w.ward,
      userIds: [w.nia.id, w.omar.id],
      occurrences: [`${w.types.N}/2027-01-05`, `${w.types.N}/2027-01-06`],
    });
  });

  it("appends nothing for a change to a draft, which nobody but managers can see", () => {
    const { shiftIds } = w.rota(
      "2027-02-01",
      "2027-02-07",
      [{ userId: w.nia.id, type: w.types.N, date: "2027-02-02" }],
      { draft: true },
    );
    const after = lastSeq().seq;
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shiftIds[0]!,
      userId: w.pat.id,
      shiftTypeId: w.types.N,
      date: "2027-02-02",
    });
    expect(getDb().select().from(events).where(gt(events.seq, after)).all()).toEqual([]);
  });

  it("appends rota.published for the team when a period is published", () => {
    const after = lastSeq().seq;
    const { periodId } = w.rota("2027-03-01", "2027-03-07", [
      { userId: w.nia.id, type: w.types.E, date: "2027-03-02" },
    ]);
    const rows = getDb().select().from(events).where(gt(events.seq, after)).all();
    expect(rows.map((r) => [r.kind, r.audienceId, Object.keys(JSON.parse(r.ids))])).toEqual([
      ["rota.published", w.ward, ["teamId", "rotaPeriodId"]],
      // Nia, who is on it, is told: the event names the notification only.
      ["notification.created", w.nia.id, ["notificationId"]],
    ]);
    expect(JSON.parse(rows[0]!.ids)).toEqual({ teamId: w.ward, rotaPeriodId: periodId });
  });
});
