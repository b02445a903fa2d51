// Views of a handover are audited (issue 11), once per person per 10 minutes: the page reloads on
// every change (the live stream), and the log should say who read it and when, not hold a row per
// reload. Prints and exports are recorded every time.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents } from "~/db/schema.server";
import { VIEW_AUDIT_WINDOW_MS, viewHandover } from "~/models/handover/handover-view.server";
import { startHandover } from "~/models/handover/handovers.server";
import { actorFor } from "../../support/factories";
import { addShiftType, createWard, type Ward } from "../../support/ward";

let w: Ward;
let handoverId: string;
const AT = Date.UTC(2027, 0, 5, 20, 0);
const T0 = new Date(Date.UTC(2027, 0, 5, 19, 30));
const later = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  w = await createWard();
  const D = addShiftType(w.ward, "D", "08:00", "20:00");
  w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: D, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
  ]);
  ({ handoverId } = startHandover({ actor: actorFor(w.nia.id), teamId: w.ward, at: AT }));
});

const recorded = (action: string, userId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        eq(auditEvents.targetId, handoverId),
        eq(auditEvents.actorUserId, userId),
      ),
    )
    .all().length;

describe("auditing views of a handover", () => {
  it("records a person's view once in 10 minutes, and again after", () => {
    const view = (userId: string, now: Date, purpose?: "handover.printed") =>
      viewHandover({ actor: actorFor(userId), teamId: w.ward, at: AT, now, purpose });
    view(w.omar.id, T0);
    view(w.omar.id, later(60_000));
    view(w.omar.id, later(VIEW_AUDIT_WINDOW_MS - 1));
    expect(recorded("handover.viewed", w.omar.id)).toBe(1);
    // Someone else's view is their own record.
    view(w.nia.id, later(60_000));
    expect(recorded("handover.viewed", w.nia.id)).toBe(1);
    view(w.omar.id, later(VIEW_AUDIT_WINDOW_MS + 60_000));
    expect(recorded("handover.viewed", w.omar.id)).toBe(2);
    // Printing is recorded every time.
    view(w.omar.id, later(VIEW_AUDIT_WINDOW_MS + 61_000), "handover.printed");
    view(w.omar.id, later(VIEW_AUDIT_WINDOW_MS + 62_000), "handover.printed");
    expect(recorded("handover.printed", w.omar.id)).toBe(2);
  });
});
