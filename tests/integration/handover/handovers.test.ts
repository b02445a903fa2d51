// Handovers on a real ward's published rota (issue 11): who writes and receives at a change, the
// access rule, items and NHS numbers, actions, synthesis, acceptance and locking, addenda,
// carry-forward chains over three handovers, template snapshots, overdue flags, audit, events.
import { and, desc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  auditEvents,
  events,
  handoverAddenda,
  handoverItems,
  handovers,
  notifications,
} from "~/db/schema.server";
import { InputError } from "~/models/errors";
import { exportHandoverAsFhir, viewHandover } from "~/models/handover/handover-view.server";
import {
  acceptHandover,
  addHandoverAction,
  addHandoverAddendum,
  addHandoverItem,
  decideCarriedAction,
  decideCarriedItem,
  flagOverdueHandovers,
  type ItemInput,
  markHandoverRead,
  recordSynthesis,
  setHandoverActionDone,
  startHandover,
  updateHandoverItem,
} from "~/models/handover/handovers.server";
import { myShiftChanges } from "~/models/handover/my-handovers.server";
import {
  chooseHandoverTemplate,
  saveHandoverTemplate,
} from "~/models/handover/template-settings.server";
import { recordSickness } from "~/models/rota/leave.server";
import { changeShift } from "~/models/rota/shifts.server";
import { actorFor, addToTeam, createPerson } from "../../support/factories";
import { addShiftType, createWard, thrownResponse, type Ward } from "../../support/ward";

let w: Ward;
let D: string;
let dora: { id: string };
let shifts: string[];
// January: London is on UTC, so these are the wall-clock times too.
const change1 = Date.UTC(2027, 0, 5, 20, 0); // day (Nia, Cal) -> night (Omar, Pat)
const change2 = Date.UTC(2027, 0, 6, 8, 0); // night (Omar, Pat) -> day (Nia)
const change3 = Date.UTC(2027, 0, 6, 20, 0); // day (Nia) -> night (Omar, Dora)

beforeAll(async () => {
  w = await createWard();
  D = addShiftType(w.ward, "D", "08:00", "20:00");
  dora = await createPerson({ organisationId: w.trust.organisation.id, name: "Dora Nurse" });
  addToTeam(dora.id, w.ward, "staff");
  ({ shiftIds: shifts } = w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: D, date: "2027-01-05" },
    { userId: w.cal.id, type: D, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
    { userId: w.pat.id, type: w.types.N, date: "2027-01-05" },
    { userId: w.nia.id, type: D, date: "2027-01-06" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-06" },
    { userId: w.pat.id, type: w.types.N, date: "2027-01-06" },
  ]));
});

const as = (id: string) => actorFor(id);
const item = (overrides: Partial<ItemInput> = {}): ItemInput => ({
  ward: "Ward 7",
  bay: "Bay 1",
  bed: "2",
  patient: "J.S.",
  nhsNumber: "",
  severity: "stable",
  fields: { summary: "Day 2 of IV antibiotics" },
  contingency: "",
  ...overrides,
});
function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("who writes and who receives at a shift change", () => {
  it("names the day staff outgoing and the night staff incoming, from the live rota, clinical staff only", () => {
    const view = viewHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 });
    expect(view.outgoing.map((p) => p.name)).toEqual(["Nia Nurse"]);
    expect(view.incoming.map((p) => p.name)).toEqual(["Omar Nurse", "Pat Nurse"]);
    expect(view.relations).toEqual(["outgoing"]);
    expect(view.handover).toBeNull();
  });

  const refusedAt = (userId: string, at = change1) =>
    thrownResponse(() => viewHandover({ actor: as(userId), teamId: w.ward, at })).status;

  it("answers 404 to the ward clerk on the outgoing shift, a colleague not on it, another ward and an administrator", () => {
    expect(refusedAt(w.cal.id)).toBe(404);
    expect(refusedAt(dora.id)).toBe(404);
    expect(refusedAt(w.trust.manager12.id)).toBe(404);
    expect(refusedAt(w.trust.staff12.id)).toBe(404);
    expect(refusedAt(w.trust.admin.id)).toBe(404);
    expect(refusedAt(w.outsider.id)).toBe(404);
  });

  it("answers 404 for an instant that is no shift change, even to the ward's manager", () => {
    expect(refusedAt(w.trust.manager7.id, change1 + 60_000)).toBe(404);
  });

  it("lets the ward's manager in, and records each refusal in the audit log", () => {
    expect(viewHandover({ actor: w.manager(), teamId: w.ward, at: change1 }).relations).toEqual([
      "manager",
    ]);
    refusedAt(dora.id);
    const last = getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).get()!;
    expect(last).toMatchObject({ action: "permission.denied", actorUserId: dora.id });
  });
});

describe("writing, receiving and accepting a handover", () => {
  let handoverId: string;
  let unstable: string;
  let actionId: string;

  it("starts once, whoever starts it, and audits the start", () => {
    handoverId = startHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 }).handoverId;
    expect(startHandover({ actor: as(w.omar.id), teamId: w.ward, at: change1 }).handoverId).toBe(
      handoverId,
    );
    expect(getDb().select().from(handovers).all()).toHaveLength(1);
  });

  it("refuses an invalid NHS number with a clear message and stores nothing", () => {
    const error = inputError(() =>
      addHandoverItem({
        actor: as(w.nia.id),
        handoverId,
        item: item({ nhsNumber: "943 476 5918" }),
      }),
    );
    expect(error.field).toBe("nhsNumber");
    expect(error.message).toMatch(/not a valid NHS number/);
    expect(getDb().select().from(handoverItems).all()).toHaveLength(0);
  });

  it("keeps a valid NHS number as ten digits and lists unstable patients first", () => {
    addHandoverItem({ actor: as(w.nia.id), handoverId, item: item({ patient: "A.B." }) });
    unstable = addHandoverItem({
      actor: as(w.nia.id),
      handoverId,
      item: item({ patient: "C.D.", severity: "unstable", nhsNumber: "943 476 5919" }),
    }).itemId;
    const view = viewHandover({ actor: as(w.omar.id), teamId: w.ward, at: change1 });
    expect(view.handover!.items.map((i) => [i.patient, i.severity, i.nhsNumber])).toEqual([
      ["C.D.", "unstable", "9434765919"],
      ["A.B.", "stable", null],
    ]);
  });

  it("asks for the template's required field", () => {
    expect(
      inputError(() =>
        addHandoverItem({ actor: as(w.nia.id), handoverId, item: item({ fields: {} }) }),
      ).message,
    ).toBe('Fill in "Patient summary".');
  });

  it("takes action owners from the incoming staff only", () => {
    expect(
      inputError(() =>
        addHandoverAction({
          actor: as(w.nia.id),
          handoverId,
          itemId: unstable,
          what: "Repeat lactate",
          ownerUserId: w.nia.id,
          due: "22:00",
        }),
      ).field,
    ).toBe("ownerUserId");
    actionId = addHandoverAction({
      actor: as(w.nia.id),
      handoverId,
      itemId: unstable,
      what: "Repeat lactate",
      ownerUserId: w.omar.id,
      due: "06:00",
    }).actionId;
    const view = viewHandover({ actor: as(w.omar.id), teamId: w.ward, at: change1 });
    const action = view.handover!.items[0]!.actions[0]!;
    expect(action).toMatchObject({ what: "Repeat lactate", owner: "Omar Nurse", due: "06:00" });
    // 06:00 after a 20:00 change is the next morning.
    expect(action.dueIso).toBe("2027-01-06T06:00:00.000Z");
  });

  it("lets only the outgoing staff and managers write, and only the incoming staff receive", () => {
    expect(
      inputError(() => addHandoverItem({ actor: as(w.omar.id), handoverId, item: item() })).message,
    ).toMatch(/outgoing staff/);
    expect(inputError(() => acceptHandover({ actor: as(w.nia.id), handoverId })).message).toMatch(
      /incoming staff/,
    );
    expect(inputError(() => markHandoverRead({ actor: w.manager(), handoverId })).message).toMatch(
      /incoming staff/,
    );
  });

  it("refuses acceptance until every watcher and unstable patient has a receiver's synthesis", () => {
    markHandoverRead({ actor: as(w.pat.id), handoverId });
    expect(inputError(() => acceptHandover({ actor: as(w.omar.id), handoverId })).message).toBe(
      "Not yet: 1 watcher or unstable patient needs a receiver's synthesis.",
    );
    recordSynthesis({
      actor: as(w.omar.id),
      handoverId,
      itemId: unstable,
      note: "MAP under 65: registrar",
    });
    acceptHandover({ actor: as(w.omar.id), handoverId });
    const view = viewHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 });
    expect(view.handover).toMatchObject({ state: "accepted", acceptedBy: "Omar Nurse" });
    expect(view.handover!.reads.map((r) => r.name).sort()).toEqual(["Omar Nurse", "Pat Nurse"]);
    expect(view.handover!.items[0]!.syntheses[0]).toMatchObject({
      name: "Omar Nurse",
      note: "MAP under 65: registrar",
    });
  });

  it("locks an accepted handover: no edits, no ticks, corrections as addenda with author and time", () => {
    expect(
      inputError(() => addHandoverItem({ actor: as(w.nia.id), handoverId, item: item() })).message,
    ).toMatch(/locked/);
    expect(
      inputError(() =>
        updateHandoverItem({ actor: w.manager(), handoverId, itemId: unstable, item: item() }),
      ).message,
    ).toMatch(/locked/);
    expect(
      inputError(() =>
        setHandoverActionDone({ actor: as(w.nia.id), handoverId, actionId, done: true }),
      ).message,
    ).toMatch(/locked/);
    addHandoverAddendum({
      actor: as(w.nia.id),
      handoverId,
      itemId: unstable,
      body: "C.D. is in bed 3, not bed 2.",
      now: new Date(change1 + 3_600_000),
    });
    const view = viewHandover({ actor: as(w.pat.id), teamId: w.ward, at: change1 });
    expect(view.handover!.addenda).toEqual([
      expect.objectContaining({ author: "Nia Nurse", body: "C.D. is in bed 3, not bed 2." }),
    ]);
    expect(() => getDb().update(handoverAddenda).set({ body: "changed" }).run()).toThrow(
      /append-only/,
    );
    expect(() => getDb().delete(handoverAddenda).run()).toThrow(/append-only/);
  });

  it("exports the accepted handover as a FHIR Composition and audits every view and export", () => {
    const before = getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).get()!.seq;
    viewHandover({ actor: as(w.pat.id), teamId: w.ward, at: change1, purpose: "handover.printed" });
    const composition = exportHandoverAsFhir({ actor: w.manager(), teamId: w.ward, at: change1 });
    expect(composition).toMatchObject({ resourceType: "Composition", status: "final" });
    const rows = getDb()
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, before))
      .all()
      .map((r) => [r.action, r.actorUserId, r.targetId]);
    expect(rows).toEqual([
      ["handover.printed", w.pat.id, handoverId],
      ["handover.exported", w.trust.manager7.id, handoverId],
    ]);
    for (const row of getDb().select().from(auditEvents).all()) {
      expect(row.detail).not.toContain("C.D.");
    }
  });

  it("says in events only that a handover changed, by id, never its content", () => {
    const rows = getDb().select().from(events).where(eq(events.kind, "handover.changed")).all();
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(JSON.parse(row.ids)).toEqual({ handoverId, teamId: w.ward });
    }
  });
});

describe("carried items and actions over three handovers", () => {
  let second: string;

  it("carries the open patients and open actions into the next handover, marked with where they began", () => {
    const first = viewHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 }).handover!;
    // A done action is not carried.
    second = startHandover({ actor: as(w.omar.id), teamId: w.ward, at: change2 }).handoverId;
    const view = viewHandover({ actor: as(w.omar.id), teamId: w.ward, at: change2 });
    expect(view.handover!.items.map((i) => [i.patient, i.carried?.count])).toEqual([
      ["C.D.", 1],
      ["A.B.", 1],
    ]);
    expect(view.handover!.items[0]!.carried!.label).toBe(
      "From the Tue 5 Jan 20:00 handover, carried once",
    );
    expect(
      view.handover!.items[0]!.actions.map((a) => [a.what, a.carried?.count, a.owner]),
    ).toEqual([["Repeat lactate", 1, null]]);
    expect(first.items).toHaveLength(2);
  });

  it("refuses acceptance until each carried patient and action is done, carried again or dropped", () => {
    const view = viewHandover({ actor: as(w.omar.id), teamId: w.ward, at: change2 }).handover!;
    const [cd, ab] = view.items;
    expect(
      inputError(() => acceptHandover({ actor: as(w.nia.id), handoverId: second })).message,
    ).toBe(
      "Not yet: 2 carried patients need a decision: done, carry again or drop. 1 carried action needs a decision: done, carry again or drop. 1 watcher or unstable patient needs a receiver's synthesis.",
    );
    expect(
      inputError(() =>
        decideCarriedItem({
          actor: as(w.omar.id),
          handoverId: second,
          itemId: cd!.id,
          decision: "done",
        }),
      ).message,
    ).toMatch(/open actions first/);
    expect(
      inputError(() =>
        decideCarriedItem({
          actor: as(w.omar.id),
          handoverId: second,
          itemId: ab!.id,
          decision: "drop",
        }),
      ).field,
    ).toBe("reason");
    decideCarriedItem({
      actor: as(w.omar.id),
      handoverId: second,
      itemId: ab!.id,
      decision: "drop",
      reason: "Discharged home",
    });
    decideCarriedAction({
      actor: as(w.omar.id),
      handoverId: second,
      actionId: cd!.actions[0]!.id,
      decision: "carry",
      ownerUserId: w.nia.id,
    });
    decideCarriedItem({
      actor: as(w.omar.id),
      handoverId: second,
      itemId: cd!.id,
      decision: "carry",
    });
    recordSynthesis({ actor: as(w.nia.id), handoverId: second, itemId: cd!.id });
    acceptHandover({ actor: as(w.nia.id), handoverId: second });
  });

  it("carries again into a third handover, counting twice and keeping where the chain began", () => {
    startHandover({ actor: as(w.nia.id), teamId: w.ward, at: change3 });
    const view = viewHandover({ actor: as(w.nia.id), teamId: w.ward, at: change3 }).handover!;
    expect(view.items.map((i) => [i.patient, i.carried?.count, i.carried?.label])).toEqual([
      ["C.D.", 2, "From the Tue 5 Jan 20:00 handover, carried 2 times"],
    ]);
    expect(view.items[0]!.actions.map((a) => [a.what, a.carried?.count])).toEqual([
      ["Repeat lactate", 2],
    ]);
  });
});

describe("the live rota decides", () => {
  it("takes the handover from someone moved off the incoming shift and gives it to who came on", () => {
    changeShift({
      actor: w.manager(),
      teamId: w.ward,
      shiftId: shifts[6]!,
      userId: dora.id,
      shiftTypeId: w.types.N,
      date: "2027-01-06",
    });
    expect(
      thrownResponse(() => viewHandover({ actor: as(w.pat.id), teamId: w.ward, at: change3 }))
        .status,
    ).toBe(404);
    expect(viewHandover({ actor: as(dora.id), teamId: w.ward, at: change3 }).relations).toEqual([
      "incoming",
    ]);
  });

  it("takes it from someone off sick for the shift", () => {
    recordSickness({
      actor: w.manager(),
      teamId: w.ward,
      userId: w.omar.id,
      startDate: "2027-01-06",
      endDate: "2027-01-06",
    });
    expect(
      thrownResponse(() => viewHandover({ actor: as(w.omar.id), teamId: w.ward, at: change3 }))
        .status,
    ).toBe(404);
  });
});

describe("templates", () => {
  it("keeps a handover's template when the team's template changes", () => {
    const { templateId } = saveHandoverTemplate({
      actor: w.manager(),
      teamId: w.ward,
      name: "Ward SBAR",
      fields: [{ label: "Situation", kind: "long", required: true, choices: "" }],
    });
    chooseHandoverTemplate({ actor: w.manager(), teamId: w.ward, templateId });
    const old = viewHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 }).handover!;
    expect(old.template.name).toBe("I-PASS");
    saveHandoverTemplate({
      actor: w.manager(),
      teamId: w.ward,
      templateId,
      name: "Ward SBAR v2",
      fields: [{ label: "Situation now", kind: "short", required: false, choices: "" }],
    });
    expect(
      viewHandover({ actor: as(w.nia.id), teamId: w.ward, at: change1 }).handover!.template.name,
    ).toBe("I-PASS");
  });

  it("lets only the team's managers change templates", () => {
    expect(
      thrownResponse(() =>
        chooseHandoverTemplate({ actor: as(w.nia.id), teamId: w.ward, templateId: "sbar" }),
      ).status,
    ).toBe(404);
  });
});

describe("overdue handovers", () => {
  it("flags a handover not accepted 30 minutes after the shift began to the managers, once, without content", () => {
    // The change at 2027-01-06 20:00 is open; the one at 08:00 was accepted.
    expect(flagOverdueHandovers({ now: new Date(change3 + 29 * 60_000) })).toBe(0);
    expect(flagOverdueHandovers({ now: new Date(change3 + 31 * 60_000) })).toBe(1);
    expect(flagOverdueHandovers({ now: new Date(change3 + 40 * 60_000) })).toBe(0);
    const told = getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, "handover.overdue")))
      .all();
    expect(told.map((n) => n.userId)).toEqual([w.trust.manager7.id]);
    expect(told[0]!.body).toMatch(/^Ward 7, Wed 6 Jan, 20:00: not accepted 30 minutes/);
    expect(`${told[0]!.title} ${told[0]!.body} ${told[0]!.link}`).not.toMatch(/C\.D\.|lactate/);
  });

  it("shows the overdue change to the manager on the Handover tab", () => {
    const tab = myShiftChanges({ actor: w.manager(), now: new Date(change3 + 31 * 60_000) });
    const ward = tab.managed.find((t) => t.teamId === w.ward)!;
    expect(ward.changes.filter((c) => c.overdue).map((c) => c.label)).toEqual(["Wed 6 Jan, 20:00"]);
  });
});

describe("the Handover tab", () => {
  it("shows a nurse what she must write and what she must receive", () => {
    const tab = myShiftChanges({ actor: as(w.nia.id), now: new Date(change2 - 3_600_000) });
    expect(tab.mine.map((c) => [c.label, c.role])).toEqual([
      ["Wed 6 Jan, 08:00", "receive"],
      ["Wed 6 Jan, 20:00", "write"],
    ]);
  });
});
