// Review fixes of issue 11 on a real SQLite file: a handover started before the previous one is
// accepted is carried into again when it is; an open action never hides under a closed patient;
// the overdue sweep writes nothing when nothing is due; a synthesis is of the item as it is.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, onCommit } from "~/db/connection.server";
import { auditEvents, handoverActions, handovers, notifications } from "~/db/schema.server";
import { InputError } from "~/models/errors";
import { viewHandover } from "~/models/handover/handover-view.server";
import {
  acceptanceBlockers,
  acceptHandover,
  addHandoverAction,
  addHandoverItem,
  decideCarriedAction,
  decideCarriedItem,
  flagOverdueHandovers,
  type ItemInput,
  recordSynthesis,
  setHandoverActionDone,
  startHandover,
  updateHandoverItem,
} from "~/models/handover/handovers.server";
import { actorFor } from "../../support/factories";
import { addShiftType, createWard, type Ward } from "../../support/ward";

let w: Ward;
// January: London is on UTC.
const change1 = Date.UTC(2027, 0, 5, 20, 0); // day (Nia) -> night (Omar)
const change2 = Date.UTC(2027, 0, 6, 8, 0); // night (Omar) -> day (Pat)
const change3 = Date.UTC(2027, 0, 6, 20, 0); // day (Pat) -> night (Nia)
const change4 = Date.UTC(2027, 0, 8, 20, 0); // day (Nia) -> night (Omar)
const change5 = Date.UTC(2027, 0, 9, 8, 0); // night (Omar) -> day (Pat)
const change6 = Date.UTC(2027, 0, 9, 20, 0); // day (Pat) -> night (Nia)

beforeAll(async () => {
  w = await createWard();
  const D = addShiftType(w.ward, "D", "08:00", "20:00");
  w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: D, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
    { userId: w.pat.id, type: D, date: "2027-01-06" },
    { userId: w.nia.id, type: w.types.N, date: "2027-01-06" },
    { userId: w.nia.id, type: D, date: "2027-01-08" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-08" },
    { userId: w.pat.id, type: D, date: "2027-01-09" },
    { userId: w.nia.id, type: w.types.N, date: "2027-01-09" },
  ]);
});

const as = (id: string) => actorFor(id);
const item = (patient: string): ItemInput => ({
  ward: "Ward 7",
  bay: "Bay 1",
  bed: "2",
  patient,
  nhsNumber: "",
  severity: "stable",
  fields: { summary: `About ${patient}` },
  contingency: "",
});
const itemsAt = (at: number) =>
  viewHandover({ actor: w.manager(), teamId: w.ward, at }).handover!.items;

describe("a handover started before the previous one is accepted", () => {
  it("is carried into again when the previous one is accepted: what it resolved goes, what it added comes", () => {
    const first = startHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 }).handoverId;
    addHandoverItem({ actor: as(w.nia.id), handoverId: first, item: item("A") });
    addHandoverItem({ actor: as(w.nia.id), handoverId: first, item: item("B") });
    acceptHandover({ actor: as(w.omar.id), handoverId: first });

    const second = startHandover({ actor: as(w.omar.id), teamId: w.ward, at: change2 }).handoverId;
    const carried = itemsAt(change2);
    const decide = (patient: string, decision: "done" | "carry") =>
      decideCarriedItem({
        actor: as(w.omar.id),
        handoverId: second,
        itemId: carried.find((i) => i.patient === patient)!.id,
        decision,
      });
    decide("A", "done");
    decide("B", "carry");
    addHandoverItem({ actor: as(w.omar.id), handoverId: second, item: item("C") });

    // Nobody accepted the second in time: the sweep starts the third, carrying from the first.
    expect(flagOverdueHandovers({ now: new Date(change3 + 31 * 60_000) })).toBe(1);
    expect(itemsAt(change3).map((i) => i.patient)).toEqual(["A", "B"]);

    acceptHandover({
      actor: as(w.pat.id),
      handoverId: second,
      now: new Date(change3 + 40 * 60_000),
    });
    const third = itemsAt(change3);
    expect(third.map((i) => [i.patient, i.status, i.carried?.count]).sort()).toEqual([
      ["B", "open", 2],
      ["C", "open", 1],
    ]);
    const row = getDb()
      .select()
      .from(handovers)
      .where(eq(handovers.at, new Date(change3)))
      .get()!;
    expect(row.carriedFromHandoverId).toBe(second);
  });
});

describe("carrying again keeps what the next handover already decided", () => {
  it("keeps a carried patient decided there, and does not carry its chain twice", () => {
    // The fourth carries B and C in from the second, the last accepted.
    const fourth = startHandover({ actor: as(w.nia.id), teamId: w.ward, at: change4 }).handoverId;
    for (const i of itemsAt(change4))
      decideCarriedItem({
        actor: as(w.nia.id),
        handoverId: fourth,
        itemId: i.id,
        decision: "carry",
      });
    acceptHandover({ actor: as(w.omar.id), handoverId: fourth });

    const fifth = startHandover({ actor: as(w.omar.id), teamId: w.ward, at: change5 }).handoverId;
    const inFifth = itemsAt(change5);
    decideCarriedItem({
      actor: as(w.omar.id),
      handoverId: fifth,
      itemId: inFifth.find((i) => i.patient === "B")!.id,
      decision: "done",
    });
    decideCarriedItem({
      actor: as(w.omar.id),
      handoverId: fifth,
      itemId: inFifth.find((i) => i.patient === "C")!.id,
      decision: "carry",
    });
    const d = addHandoverItem({ actor: as(w.omar.id), handoverId: fifth, item: item("D") }).itemId;
    addHandoverAction({
      actor: as(w.omar.id),
      handoverId: fifth,
      itemId: d,
      what: "Bloods",
      ownerUserId: null,
      due: "",
    });

    expect(flagOverdueHandovers({ now: new Date(change6 + 31 * 60_000) })).toBe(1);
    const sixth = getDb()
      .select()
      .from(handovers)
      .where(eq(handovers.at, new Date(change6)))
      .get()!;
    // Pat, writing the sixth, already dropped C there.
    decideCarriedItem({
      actor: as(w.pat.id),
      handoverId: sixth.id,
      itemId: itemsAt(change6).find((i) => i.patient === "C")!.id,
      decision: "drop",
      reason: "Transferred to Ward 9",
    });

    acceptHandover({
      actor: as(w.pat.id),
      handoverId: fifth,
      now: new Date(change6 + 40 * 60_000),
    });
    expect(
      itemsAt(change6)
        .map((i) => [i.patient, i.status])
        .sort(),
    ).toEqual([
      ["C", "dropped"],
      ["D", "open"],
    ]);
  });
});

describe("an open action never hides under a resolved or dropped patient", () => {
  let sixth: string;
  let d: ReturnType<typeof itemsAt>[number];
  let ticked: string;
  const inputError = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error("expected an InputError");
  };
  const statusOf = (actionId: string) =>
    getDb().select().from(handoverActions).where(eq(handoverActions.id, actionId)).get()!.status;

  beforeAll(() => {
    sixth = getDb()
      .select()
      .from(handovers)
      .where(eq(handovers.at, new Date(change6)))
      .get()!.id;
    d = itemsAt(change6).find((i) => i.patient === "D")!;
    // D came with its carried action; Pat adds one of her own, does both, and resolves D.
    ticked = addHandoverAction({
      actor: as(w.pat.id),
      handoverId: sixth,
      itemId: d.id,
      what: "Chase the scan",
      ownerUserId: null,
      due: "",
    }).actionId;
    setHandoverActionDone({ actor: as(w.pat.id), handoverId: sixth, actionId: ticked, done: true });
    decideCarriedAction({
      actor: as(w.pat.id),
      handoverId: sixth,
      actionId: d.actions[0]!.id,
      decision: "done",
    });
    decideCarriedItem({ actor: as(w.pat.id), handoverId: sixth, itemId: d.id, decision: "done" });
  });

  it("refuses to mark an action of a resolved patient not done, and changes nothing", () => {
    expect(
      inputError(() =>
        setHandoverActionDone({
          actor: as(w.pat.id),
          handoverId: sixth,
          actionId: ticked,
          done: false,
        }),
      ).message,
    ).toMatch(/no longer handed over/);
    expect(statusOf(ticked)).toBe("done");
  });

  it("refuses to carry again a carried action of a resolved patient, and changes nothing", () => {
    expect(
      inputError(() =>
        decideCarriedAction({
          actor: as(w.pat.id),
          handoverId: sixth,
          actionId: d.actions[0]!.id,
          decision: "carry",
        }),
      ).message,
    ).toMatch(/no longer handed over/);
    expect(statusOf(d.actions[0]!.id)).toBe("done");
  });

  it("does not let a handover with an open action under a closed patient be accepted", () => {
    expect(acceptanceBlockers(sixth)).toEqual([]);
    // Such a row from before this rule, written directly.
    getDb()
      .update(handoverActions)
      .set({ status: "open" })
      .where(eq(handoverActions.id, ticked))
      .run();
    expect(acceptanceBlockers(sixth)).toEqual([
      "1 open action is under a resolved or dropped patient: mark it done or drop it.",
    ]);
    expect(
      inputError(() => acceptHandover({ actor: as(w.nia.id), handoverId: sixth })).message,
    ).toMatch(/under a resolved or dropped patient/);
    expect(getDb().select().from(handovers).where(eq(handovers.id, sixth)).get()!.state).toBe(
      "open",
    );
  });
});

describe("the overdue sweep", () => {
  const sweepCommits = (now: number) => {
    let commits = 0;
    const stop = onCommit(() => {
      commits++;
    });
    const rows = () => [
      getDb().select().from(handovers).all(),
      getDb().select().from(notifications).all().length,
      getDb().select().from(auditEvents).all().length,
    ];
    const before = rows();
    try {
      expect(flagOverdueHandovers({ now: new Date(now) })).toBe(0);
    } finally {
      stop();
    }
    expect(rows()).toEqual(before);
    return commits;
  };

  it("writes nothing, not even an empty transaction, when every change is accepted", () => {
    // The changes at 8 Jan 20:00 and 9 Jan 08:00 are both accepted.
    expect(sweepCommits(change5 + 31 * 60_000)).toBe(0);
  });

  it("writes nothing when the only overdue handover has been flagged already", () => {
    expect(sweepCommits(change6 + 50 * 60_000)).toBe(0);
  });
});

describe("a receiver's synthesis is of the patient as handed over", () => {
  let third: string;
  let watcher: string;
  const needsSynthesis = () => acceptanceBlockers(third).filter((b) => /synthesis/.test(b));
  const syntheses = () => itemsAt(change3).find((i) => i.id === watcher)!.syntheses;
  const watcherItem = (summary: string): ItemInput => ({
    ...item("E"),
    severity: "watcher",
    fields: { summary },
  });

  beforeAll(() => {
    third = getDb()
      .select()
      .from(handovers)
      .where(eq(handovers.at, new Date(change3)))
      .get()!.id;
    watcher = addHandoverItem({
      actor: as(w.pat.id),
      handoverId: third,
      item: watcherItem("NEWS 4, on 2 L oxygen"),
    }).itemId;
    recordSynthesis({ actor: as(w.nia.id), handoverId: third, itemId: watcher, note: "Oxygen" });
  });

  it("keeps the synthesis when the patient is saved unchanged", () => {
    expect(needsSynthesis()).toEqual([]);
    updateHandoverItem({
      actor: as(w.pat.id),
      handoverId: third,
      itemId: watcher,
      item: watcherItem("NEWS 4, on 2 L oxygen"),
    });
    expect(needsSynthesis()).toEqual([]);
    expect(syntheses().map((s) => s.note)).toEqual(["Oxygen"]);
  });

  it("asks for it again when the outgoing staff change what the receiver confirmed", () => {
    updateHandoverItem({
      actor: as(w.pat.id),
      handoverId: third,
      itemId: watcher,
      item: watcherItem("NEWS 7, on 6 L oxygen: outreach called"),
    });
    expect(syntheses()).toEqual([]);
    expect(needsSynthesis()).toEqual([
      "1 watcher or unstable patient needs a receiver's synthesis.",
    ]);
  });
});
