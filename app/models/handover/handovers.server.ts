// Handovers (issue 11): one per team and shift change. The outgoing staff (and the team's
// managers) write items and actions and decide every carried one; each receiver reads it and
// records a synthesis of every watcher and unstable item; an incoming member accepts it, which
// locks it, and corrections become addenda. Who is outgoing and incoming comes from the live
// rota (shift-changes.server.ts, docs/decisions/020). Every view, print and export is audited;
// events and notifications carry ids and times, never handover content.
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import {
  type HandoverPeople,
  handoverActions,
  handoverAddenda,
  handoverItems,
  handoverReads,
  handoverSyntheses,
  handovers,
  memberships,
  users,
} from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { type AuditAction, recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { instantAt as instantAtLocal, localDateKey } from "../local-time";
import { isValidNhsNumber } from "../nhs-number";
import { appendEvent } from "../notifications/events.server";
import { notify } from "../notifications/notifications.server";
import { teamRoster } from "../rota/roster.server";
import { formatClock, formatDay } from "../rota/shift-display";
import { checkLength } from "../text-limits";
import { changeKey, type ShiftChange } from "./shift-change";
import {
  allTeams,
  type HandoverRelation,
  type HandoverTeam,
  liveShiftChangeAt,
  liveShiftChangesBetween,
  relationsTo,
  type TeamShift,
  teamOf,
} from "./shift-changes.server";
import { templateForNewHandover } from "./template-settings.server";
import { checkFieldValues, type Severity, severityRank } from "./templates";

/** A handover not accepted this long after the incoming shift starts is flagged to managers. */
export const OVERDUE_AFTER_MINUTES = 30;

type HandoverRow = typeof handovers.$inferSelect;
type ItemRow = typeof handoverItems.$inferSelect;
type ActionRow = typeof handoverActions.$inferSelect;

/** What the actor may open: the team, the change (null if gone from the rota), their relations. */
export type OpenedChange = {
  team: HandoverTeam;
  at: number;
  change: ShiftChange<TeamShift> | null;
  relations: HandoverRelation[];
  handover: HandoverRow | undefined;
};

const handoverAtChange = preparedOnce((db) =>
  db
    .select()
    .from(handovers)
    .where(
      and(eq(handovers.teamId, sql.placeholder("teamId")), eq(handovers.at, sql.placeholder("at"))),
    )
    .prepare(),
);

/**
 * The shift change at `at` for the actor, or the audited 404 when the actor may not see it: only
 * clinical staff on its outgoing or incoming shifts and the team's managers may (a change no
 * longer on the rota, once its handover exists, stays open to the managers alone).
 */
export function openShiftChange({
  actor,
  teamId,
  at,
  ipAddress,
  attempted = "handover.view",
}: {
  actor: Actor;
  teamId: string;
  at: number;
  ipAddress?: string;
  attempted?: string;
}): OpenedChange {
  const team = teamOf(actor, teamId);
  const change = team ? liveShiftChangeAt(team.id, at) : null;
  const handover = team ? handoverAtChange().get({ teamId, at }) : undefined;
  const relations = team ? relationsTo(actor, team.id, change) : [];
  if (!team || relations.length === 0 || (!change && !handover)) {
    throw refuse(actor, {
      attempted,
      targetType: "shift_change",
      targetId: `${teamId}/${changeKey(at)}`,
      ipAddress,
    });
  }
  return { team, at, change, relations, handover };
}

const handoverById = preparedOnce((db) =>
  db
    .select()
    .from(handovers)
    .where(eq(handovers.id, sql.placeholder("id")))
    .prepare(),
);

/** A handover by id for the actor (same access as its change), or the audited 404. */
export function openHandover({
  actor,
  handoverId,
  ipAddress,
  attempted,
}: {
  actor: Actor;
  handoverId: string;
  ipAddress?: string;
  attempted: string;
}): OpenedChange & { handover: HandoverRow } {
  const row = handoverById().get({ id: handoverId });
  if (!row) {
    throw refuse(actor, { attempted, targetType: "handover", targetId: handoverId, ipAddress });
  }
  const opened = openShiftChange({
    actor,
    teamId: row.teamId,
    at: row.at.getTime(),
    ipAddress,
    attempted,
  });
  return { ...opened, handover: row };
}

function audit(
  actor: Actor | null,
  team: HandoverTeam,
  action: AuditAction,
  handoverId: string,
  detail: Record<string, unknown> = {},
  ipAddress?: string,
) {
  recordAudit({
    organisationId: team.organisationId,
    actorUserId: actor?.userId ?? null,
    action,
    targetType: "handover",
    targetId: handoverId,
    ipAddress,
    detail: { teamId: team.id, ...detail },
  });
}

/** Tells the team's open pages that a handover changed (ids only, never content). */
function announce(teamId: string, handoverId: string, now: Date) {
  appendEvent({
    audience: { type: "team", id: teamId },
    kind: "handover.changed",
    ids: { handoverId, teamId },
    now,
  });
}

/** "Tue 1 Dec, 19:30": a shift change as people name it. */
export function describeChange(at: number, timeZone: string): string {
  return `${formatDay(localDateKey(at, timeZone))}, ${formatClock(at, timeZone)}`;
}

// ---------------------------------------------------------------- starting and carrying forward

/**
 * Makes the handover of a change inside the caller's transaction: the team's template as it is
 * now (a snapshot), and a copy of every open item and open action of the team's last accepted
 * handover before this change, each remembering where its chain began and how many handovers
 * it has been carried. Returns the existing handover if one is already there. If a handover
 * between them is accepted later, it carries into this one again (`carryAgainIntoNext`).
 */
function startWithin(team: HandoverTeam, at: number, by: string | null, now: Date): HandoverRow {
  const db = getDb();
  const existing = handoverAtChange().get({ teamId: team.id, at });
  if (existing) return existing;
  const previous = db
    .select()
    .from(handovers)
    .where(
      and(
        eq(handovers.teamId, team.id),
        eq(handovers.state, "accepted"),
        lt(handovers.at, new Date(at)),
      ),
    )
    .orderBy(desc(handovers.at))
    .limit(1)
    .get();
  const row: HandoverRow = {
    id: newId(),
    teamId: team.id,
    at: new Date(at),
    date: localDateKey(at, team.timeZone),
    template: templateForNewHandover(team.id),
    state: "open",
    carriedFromHandoverId: previous?.id ?? null,
    startedByUserId: by,
    createdAt: now,
    readyAt: null,
    readyByUserId: null,
    acceptedByUserId: null,
    acceptedAt: null,
    people: null,
    overdueFlaggedAt: null,
    updatedAt: now,
  };
  db.insert(handovers).values(row).run();
  if (previous) carryForward(previous, row, now);
  announce(team.id, row.id, now);
  return row;
}

/**
 * Copies the open items of `previous` and their open actions into `next`. An item whose chain
 * `next` already holds (in `kept`, when carrying again after a later acceptance) is not copied
 * again; its open actions go under the kept item unless that chain's action is there too.
 */
function carryForward(
  previous: HandoverRow,
  next: HandoverRow,
  now: Date,
  kept: { items: ItemRow[]; actions: ActionRow[] } = { items: [], actions: [] },
) {
  const db = getDb();
  const items = db
    .select()
    .from(handoverItems)
    .where(and(eq(handoverItems.handoverId, previous.id), eq(handoverItems.status, "open")))
    .orderBy(asc(handoverItems.createdAt))
    .all();
  if (items.length === 0) return;
  const actions = db
    .select()
    .from(handoverActions)
    .where(
      and(
        inArray(
          handoverActions.itemId,
          items.map((i) => i.id),
        ),
        eq(handoverActions.status, "open"),
      ),
    )
    .orderBy(asc(handoverActions.createdAt))
    .all();
  items.forEach((item, index) => {
    // Carried into `next` before `previous` was accepted, and decided or edited there since.
    const already = item.carriedFromItemId
      ? kept.items.find((k) => k.carriedFromItemId === item.carriedFromItemId)
      : undefined;
    const id = already?.id ?? newId();
    if (!already)
      db.insert(handoverItems)
        .values({
          ...item,
          id,
          handoverId: next.id,
          status: "open",
          dropReason: "",
          carriedFromItemId: item.id,
          originHandoverId: item.originHandoverId ?? previous.id,
          originAt: item.originAt ?? previous.at,
          carryCount: item.carryCount + 1,
          decidedByUserId: null,
          decidedAt: null,
          // Keeps the previous handover's order among carried items.
          createdAt: new Date(now.getTime() - items.length + index),
          updatedAt: now,
        })
        .run();
    for (const action of actions.filter((a) => a.itemId === item.id)) {
      if (
        action.carriedFromActionId &&
        kept.actions.some((k) => k.carriedFromActionId === action.carriedFromActionId)
      )
        continue;
      db.insert(handoverActions)
        .values({
          ...action,
          id: newId(),
          handoverId: next.id,
          itemId: id,
          // The owner was one of the last incoming staff, now going off: the new outgoing staff
          // choose again when they carry it.
          ownerUserId: null,
          dueAt: null,
          carriedFromActionId: action.id,
          originHandoverId: action.originHandoverId ?? previous.id,
          originAt: action.originAt ?? previous.at,
          carryCount: action.carryCount + 1,
          decidedByUserId: null,
          decidedAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
  });
}

const CONTENT_KEYS = [
  "ward",
  "bay",
  "bed",
  "patient",
  "nhsNumber",
  "severity",
  "contingency",
] as const;

function sameContent(a: ItemRow, b: ItemRow | undefined): boolean {
  return (
    !!b &&
    CONTENT_KEYS.every((key) => a[key] === b[key]) &&
    JSON.stringify(a.fields) === JSON.stringify(b.fields)
  );
}

/**
 * When `accepted` is accepted, inside its transaction: the team's next handover, if it is open,
 * was started (by someone, or the overdue sweep) from an older accepted handover. Its carried
 * rows nobody has touched yet are replaced by the carry from `accepted`, so what `accepted`
 * resolved leaves and what it added arrives; carried patients already decided, edited, added to
 * or synthesised there, and carried actions already decided, stay as they are.
 */
function carryAgainIntoNext(accepted: HandoverRow, now: Date) {
  const db = getDb();
  const next = db
    .select()
    .from(handovers)
    .where(and(eq(handovers.teamId, accepted.teamId), gt(handovers.at, accepted.at)))
    .orderBy(asc(handovers.at))
    .limit(1)
    .get();
  if (next?.state !== "open") return;
  const items = db
    .select()
    .from(handoverItems)
    .where(eq(handoverItems.handoverId, next.id))
    .all()
    .filter((i) => i.carriedFromItemId);
  const actions = db
    .select()
    .from(handoverActions)
    .where(eq(handoverActions.handoverId, next.id))
    .all();
  const synthesised = new Set(
    db
      .select({ itemId: handoverSyntheses.itemId })
      .from(handoverSyntheses)
      .where(eq(handoverSyntheses.handoverId, next.id))
      .all()
      .map((s) => s.itemId),
  );
  const sources = items.length
    ? db
        .select()
        .from(handoverItems)
        .where(
          inArray(
            handoverItems.id,
            items.map((i) => i.carriedFromItemId!),
          ),
        )
        .all()
    : [];
  const undecidedCarried = (a: ActionRow) => !!a.carriedFromActionId && !a.decidedAt;
  const untouched = items.filter(
    (i) =>
      !i.decidedAt &&
      !synthesised.has(i.id) &&
      actions.filter((a) => a.itemId === i.id).every(undecidedCarried) &&
      sameContent(
        i,
        sources.find((s) => s.id === i.carriedFromItemId),
      ),
  );
  const replacedActions = actions.filter(undecidedCarried).map((a) => a.id);
  if (replacedActions.length)
    db.delete(handoverActions).where(inArray(handoverActions.id, replacedActions)).run();
  if (untouched.length)
    db.delete(handoverItems)
      .where(
        inArray(
          handoverItems.id,
          untouched.map((i) => i.id),
        ),
      )
      .run();
  db.update(handovers)
    .set({ carriedFromHandoverId: accepted.id, updatedAt: now })
    .where(eq(handovers.id, next.id))
    .run();
  carryForward(accepted, next, now, {
    items: items.filter((i) => !untouched.includes(i)),
    actions: actions.filter((a) => !undecidedCarried(a)),
  });
  announce(next.teamId, next.id, now);
}

/**
 * Starts the handover of a shift change (anyone who may open it), carrying in the open items
 * and actions of the team's last accepted handover. Idempotent: a second start finds the first.
 *
 * @returns the handover's id.
 */
export function startHandover({
  actor,
  teamId,
  at,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  teamId: string;
  at: number;
  ipAddress?: string;
  now?: Date;
}): { handoverId: string } {
  return writeTransaction(() => {
    const opened = openShiftChange({ actor, teamId, at, ipAddress, attempted: "handover.start" });
    if (opened.handover) return { handoverId: opened.handover.id };
    const row = startWithin(opened.team, at, actor.userId, now);
    audit(actor, opened.team, "handover.started", row.id, { at: changeKey(at) }, ipAddress);
    return { handoverId: row.id };
  });
}

// ---------------------------------------------------------------- writing (outgoing and managers)

/** The open handover for a writer (outgoing staff or a manager), or an InputError saying why not. */
function openForWriting(
  actor: Actor,
  handoverId: string,
  ipAddress: string | undefined,
  attempted: string,
) {
  const opened = openHandover({ actor, handoverId, ipAddress, attempted });
  if (opened.handover.state !== "open")
    throw new InputError("This handover has been accepted and is locked. Add an addendum instead.");
  if (!opened.relations.includes("outgoing") && !opened.relations.includes("manager"))
    throw new InputError("Only the outgoing staff and the team's managers write the handover.");
  return opened;
}

export type ItemInput = {
  ward: string;
  bay: string;
  bed: string;
  patient: string;
  nhsNumber: string;
  severity: Severity;
  fields: Record<string, string | undefined>;
  contingency: string;
};

function checkItem(input: ItemInput, template: HandoverRow["template"]) {
  const patient = input.patient.trim();
  if (!patient) throw new InputError("Enter the patient's name or initials.", "patient");
  checkLength(patient, "handoverPatient", {
    label: "The patient's name or initials",
    field: "patient",
  });
  for (const place of ["ward", "bay", "bed"] as const) {
    checkLength(input[place].trim(), "handoverPlace", {
      label: place[0]!.toUpperCase() + place.slice(1),
      field: place,
    });
  }
  const digits = input.nhsNumber.replace(/[\s-]/g, "");
  if (digits && !/^\d{10}$/.test(digits))
    throw new InputError("An NHS number has 10 digits, like 943 476 5919.", "nhsNumber");
  if (digits && !isValidNhsNumber(digits))
    throw new InputError(
      "That is not a valid NHS number: its check digit does not match. Check each digit, or leave it blank.",
      "nhsNumber",
    );
  checkLength(input.contingency.trim(), "handoverContingency", {
    label: "The contingency",
    field: "contingency",
  });
  return {
    ward: input.ward.trim(),
    bay: input.bay.trim(),
    bed: input.bed.trim(),
    patient,
    nhsNumber: digits || null,
    severity: input.severity,
    fields: checkFieldValues(template, input.fields),
    contingency: input.contingency.trim(),
  };
}

/** Adds an item (a patient or location) to an open handover. @returns the item's id. */
export function addHandoverItem({
  actor,
  handoverId,
  item,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  item: ItemInput;
  ipAddress?: string;
  now?: Date;
}): { itemId: string } {
  return writeTransaction(() => {
    const { handover } = openForWriting(actor, handoverId, ipAddress, "handover.write");
    const values = checkItem(item, handover.template);
    const id = newId();
    getDb()
      .insert(handoverItems)
      .values({
        id,
        handoverId,
        ...values,
        status: "open",
        createdByUserId: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    touch(handover, now);
    return { itemId: id };
  });
}

/**
 * Rewrites an item of an open handover (its place, patient, severity, fields, contingency). A
 * change of what it says removes its receivers' syntheses, which were of what it said before.
 */
export function updateHandoverItem({
  actor,
  handoverId,
  itemId,
  item,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  itemId: string;
  item: ItemInput;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover } = openForWriting(actor, handoverId, ipAddress, "handover.write");
    const current = itemOf(handover, itemId);
    const values = checkItem(item, handover.template);
    getDb()
      .update(handoverItems)
      .set({ ...values, updatedAt: now })
      .where(eq(handoverItems.id, itemId))
      .run();
    // A receiver confirmed what the item said: once it says something else, they confirm again.
    if (!sameContent(current, { ...current, ...values }))
      getDb().delete(handoverSyntheses).where(eq(handoverSyntheses.itemId, itemId)).run();
    touch(handover, now);
  });
}

function itemOf(handover: HandoverRow, itemId: string): ItemRow {
  const item = getDb()
    .select()
    .from(handoverItems)
    .where(and(eq(handoverItems.id, itemId), eq(handoverItems.handoverId, handover.id)))
    .get();
  if (!item) throw new InputError("That patient is not in this handover.");
  return item;
}

function actionOf(handover: HandoverRow, actionId: string): ActionRow {
  const action = getDb()
    .select()
    .from(handoverActions)
    .where(and(eq(handoverActions.id, actionId), eq(handoverActions.handoverId, handover.id)))
    .get();
  if (!action) throw new InputError("That action is not in this handover.");
  return action;
}

function touch(handover: HandoverRow, now: Date) {
  getDb().update(handovers).set({ updatedAt: now }).where(eq(handovers.id, handover.id)).run();
  announce(handover.teamId, handover.id, now);
}

/** An owner must be one of the incoming staff at the change now. */
function checkOwner(change: ShiftChange<TeamShift> | null, ownerUserId: string | null) {
  if (!ownerUserId) return null;
  if (!change?.incoming.some((s) => s.userId === ownerUserId))
    throw new InputError("Choose the owner from the incoming staff.", "ownerUserId");
  return ownerUserId;
}

/**
 * The instant of "by when" typed as a wall-clock time: the first such time at or after the
 * change (a 06:00 job at a 19:30 change is the next morning's). Null for no time.
 */
export function dueInstant(at: number, time: string, timeZone: string): number | null {
  if (!time) return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new InputError("Enter the time as HH:MM, like 22:00.", "due");
  const date = localDateKey(at, timeZone);
  for (const offset of [0, 1]) {
    const day = new Date(`${date}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + offset);
    const key = day.toISOString().slice(0, 10);
    // instantAt keeps wall-clock times right across a clock change.
    const candidate = instantAtLocal(key, Number(match[1]), Number(match[2]), timeZone);
    if (candidate >= at) return candidate;
  }
  return null;
}

/** Adds an action to an item. @returns the action's id. */
export function addHandoverAction({
  actor,
  handoverId,
  itemId,
  what,
  ownerUserId,
  due,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  itemId: string;
  what: string;
  ownerUserId: string | null;
  /** "HH:MM" in the team's zone, or "". */
  due: string;
  ipAddress?: string;
  now?: Date;
}): { actionId: string } {
  return writeTransaction(() => {
    const { handover, change, team } = openForWriting(
      actor,
      handoverId,
      ipAddress,
      "handover.write",
    );
    const item = itemOf(handover, itemId);
    if (item.status !== "open") throw new InputError("That patient is no longer handed over.");
    const text = what.trim();
    if (!text) throw new InputError("Say what needs doing.", "what");
    checkLength(text, "handoverAction", { label: "The action", field: "what" });
    const dueAt = dueInstant(handover.at.getTime(), due.trim(), team.timeZone);
    const id = newId();
    getDb()
      .insert(handoverActions)
      .values({
        id,
        handoverId,
        itemId,
        what: text,
        ownerUserId: checkOwner(change, ownerUserId),
        dueAt: dueAt === null ? null : new Date(dueAt),
        status: "open",
        createdByUserId: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    touch(handover, now);
    return { actionId: id };
  });
}

/**
 * Ticks an action done (or not done) in an open handover. A carried action is decided instead
 * (`decideCarriedAction`), so that its decision is recorded.
 */
export function setHandoverActionDone({
  actor,
  handoverId,
  actionId,
  done,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  actionId: string;
  done: boolean;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover } = openForWriting(actor, handoverId, ipAddress, "handover.write");
    const action = actionOf(handover, actionId);
    if (action.carriedFromActionId)
      throw new InputError("Decide a carried action: done, carry again or drop.");
    if (!done) refuseOpenUnderClosed(handover, action);
    getDb()
      .update(handoverActions)
      .set({ status: done ? "done" : "open", updatedAt: now })
      .where(eq(handoverActions.id, actionId))
      .run();
    touch(handover, now);
  });
}

/**
 * An action stays open only under a patient who is handed over: only open patients are carried,
 * so an open action under a resolved or dropped one would vanish at the next handover.
 */
function refuseOpenUnderClosed(handover: HandoverRow, action: ActionRow) {
  if (itemOf(handover, action.itemId).status !== "open")
    throw new InputError(
      "This patient is no longer handed over, so their actions cannot be reopened or carried.",
    );
}

export type CarriedDecision = "done" | "carry" | "drop";

function checkDecision(decision: CarriedDecision, reason: string) {
  const text = reason.trim();
  if (decision === "drop") {
    if (!text) throw new InputError("Say why it is dropped.", "reason");
    checkLength(text, "handoverDropReason", { label: "The reason", field: "reason" });
  }
  return decision === "drop" ? text : "";
}

/**
 * Decides a carried item: resolved ("done"), carried again (it stays in this handover and goes
 * on to the next), or dropped with a reason. Resolving or dropping it needs its open actions
 * decided first, so no job disappears with its patient.
 */
export function decideCarriedItem({
  actor,
  handoverId,
  itemId,
  decision,
  reason = "",
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  itemId: string;
  decision: CarriedDecision;
  reason?: string;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover } = openForWriting(actor, handoverId, ipAddress, "handover.write");
    const item = itemOf(handover, itemId);
    if (!item.carriedFromItemId) throw new InputError("Only a carried patient needs a decision.");
    const dropReason = checkDecision(decision, reason);
    if (decision !== "carry") {
      const open = getDb()
        .select({ id: handoverActions.id })
        .from(handoverActions)
        .where(and(eq(handoverActions.itemId, itemId), eq(handoverActions.status, "open")))
        .all();
      if (open.length)
        throw new InputError(
          "Decide this patient's open actions first: mark them done, or drop them with a reason.",
        );
    }
    getDb()
      .update(handoverItems)
      .set({
        status: decision === "done" ? "resolved" : decision === "drop" ? "dropped" : "open",
        dropReason,
        decidedByUserId: actor.userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(handoverItems.id, itemId))
      .run();
    touch(handover, now);
  });
}

/** Decides a carried action: done, carried again (optionally to a new owner), or dropped. */
export function decideCarriedAction({
  actor,
  handoverId,
  actionId,
  decision,
  reason = "",
  ownerUserId = null,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  actionId: string;
  decision: CarriedDecision;
  reason?: string;
  ownerUserId?: string | null;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover, change } = openForWriting(actor, handoverId, ipAddress, "handover.write");
    const action = actionOf(handover, actionId);
    if (!action.carriedFromActionId)
      throw new InputError("Only a carried action needs a decision.");
    const dropReason = checkDecision(decision, reason);
    if (decision === "carry") refuseOpenUnderClosed(handover, action);
    getDb()
      .update(handoverActions)
      .set({
        status: decision === "done" ? "done" : decision === "drop" ? "dropped" : "open",
        dropReason,
        ownerUserId: decision === "carry" ? checkOwner(change, ownerUserId) : action.ownerUserId,
        decidedByUserId: actor.userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(handoverActions.id, actionId))
      .run();
    touch(handover, now);
  });
}

// ---------------------------------------------------------------- receiving

function openForReceiving(
  actor: Actor,
  handoverId: string,
  ipAddress: string | undefined,
  attempted: string,
) {
  const opened = openHandover({ actor, handoverId, ipAddress, attempted });
  if (opened.handover.state !== "open")
    throw new InputError("This handover has already been accepted.");
  if (!opened.relations.includes("incoming"))
    throw new InputError("Only the incoming staff receive the handover.");
  return opened;
}

/** Records that an incoming member has read the handover (once; later reads keep the first). */
export function markHandoverRead({
  actor,
  handoverId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover } = openForReceiving(actor, handoverId, ipAddress, "handover.receive");
    getDb()
      .insert(handoverReads)
      .values({ handoverId, userId: actor.userId, readAt: now })
      .onConflictDoNothing()
      .run();
    touch(handover, now);
  });
}

/**
 * A receiver's synthesis of a watcher or unstable item: one tap confirms it, with an optional
 * note (their restatement, or what they will watch for). Recording it again replaces the note.
 */
export function recordSynthesis({
  actor,
  handoverId,
  itemId,
  note = "",
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  itemId: string;
  note?: string;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover } = openForReceiving(actor, handoverId, ipAddress, "handover.receive");
    const item = itemOf(handover, itemId);
    if (item.severity === "stable" || item.status !== "open")
      throw new InputError("A synthesis is for a watcher or unstable patient who is handed over.");
    const text = note.trim();
    checkLength(text, "handoverSynthesisNote", { label: "The note", field: "note" });
    getDb()
      .insert(handoverSyntheses)
      .values({ itemId, userId: actor.userId, handoverId, note: text, confirmedAt: now })
      .onConflictDoUpdate({
        target: [handoverSyntheses.itemId, handoverSyntheses.userId],
        set: { note: text, confirmedAt: now },
      })
      .run();
    getDb()
      .insert(handoverReads)
      .values({ handoverId, userId: actor.userId, readAt: now })
      .onConflictDoNothing()
      .run();
    touch(handover, now);
  });
}

// Acceptance checks these on every accept (and the page on every load, with its own rows).
const blockerItemsOf = preparedOnce((db) =>
  db
    .select({
      id: handoverItems.id,
      carriedFromItemId: handoverItems.carriedFromItemId,
      decidedAt: handoverItems.decidedAt,
      status: handoverItems.status,
      severity: handoverItems.severity,
    })
    .from(handoverItems)
    .where(eq(handoverItems.handoverId, sql.placeholder("handoverId")))
    .prepare(),
);
const blockerActionsOf = preparedOnce((db) =>
  db
    .select({
      itemId: handoverActions.itemId,
      carriedFromActionId: handoverActions.carriedFromActionId,
      decidedAt: handoverActions.decidedAt,
      status: handoverActions.status,
    })
    .from(handoverActions)
    .where(eq(handoverActions.handoverId, sql.placeholder("handoverId")))
    .prepare(),
);
const synthesisedItemsOf = preparedOnce((db) =>
  db
    .select({ itemId: handoverSyntheses.itemId })
    .from(handoverSyntheses)
    .where(eq(handoverSyntheses.handoverId, sql.placeholder("handoverId")))
    .prepare(),
);

/**
 * What still stops a handover being accepted, in words, or [] when it can be: every carried item
 * and action decided, and every watcher or unstable item handed over has a receiver's synthesis.
 */
export function acceptanceBlockers(handoverId: string): string[] {
  const byHandover = { handoverId };
  return blockersOf({
    items: blockerItemsOf().all(byHandover),
    actions: blockerActionsOf().all(byHandover),
    syntheses: synthesisedItemsOf().all(byHandover),
  });
}

/** `acceptanceBlockers` for rows already read (the handover's page reads them all anyway). */
export function blockersOf({
  items,
  actions,
  syntheses,
}: {
  items: {
    id: string;
    carriedFromItemId: string | null;
    decidedAt: Date | null;
    status: string;
    severity: Severity;
  }[];
  actions: {
    itemId: string;
    carriedFromActionId: string | null;
    decidedAt: Date | null;
    status: string;
  }[];
  syntheses: { itemId: string }[];
}): string[] {
  const synthesised = new Set(syntheses.map((s) => s.itemId));
  const blockers: string[] = [];
  const undecidedItems = items.filter((i) => i.carriedFromItemId && !i.decidedAt).length;
  const undecidedActions = actions.filter((a) => a.carriedFromActionId && !a.decidedAt).length;
  if (undecidedItems)
    blockers.push(
      `${undecidedItems} carried ${undecidedItems === 1 ? "patient needs" : "patients need"} a decision: done, carry again or drop.`,
    );
  if (undecidedActions)
    blockers.push(
      `${undecidedActions} carried ${undecidedActions === 1 ? "action needs" : "actions need"} a decision: done, carry again or drop.`,
    );
  const closed = new Set(items.filter((i) => i.status !== "open").map((i) => i.id));
  const orphaned = actions.filter((a) => a.status === "open" && closed.has(a.itemId)).length;
  if (orphaned)
    blockers.push(
      `${orphaned} open ${orphaned === 1 ? "action is" : "actions are"} under a resolved or dropped patient: mark ${orphaned === 1 ? "it" : "them"} done or drop ${orphaned === 1 ? "it" : "them"}.`,
    );
  const missing = items.filter(
    (i) => i.status === "open" && i.severity !== "stable" && !synthesised.has(i.id),
  ).length;
  if (missing)
    blockers.push(
      `${missing} watcher or unstable ${missing === 1 ? "patient needs" : "patients need"} a receiver's synthesis.`,
    );
  return blockers;
}

/**
 * The incoming lead accepts the handover: it is locked from then on (addenda only). Refused with
 * the blockers in words while anything is undecided or unsynthesised.
 */
export function acceptHandover({
  actor,
  handoverId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover, team, change, relations } = openForReceiving(
      actor,
      handoverId,
      ipAddress,
      "handover.accept",
    );
    // Receiving is the incoming staff's step: whoever handed it over does not accept it.
    if (relations.includes("outgoing"))
      throw new InputError("You are handing this over: someone on the incoming shift accepts it.");
    const leads = incomingLeads(team.id, change);
    if (leads.length && !leads.some((l) => l.userId === actor.userId))
      throw new InputError(
        `The incoming nurse in charge accepts the handover: ${leads.map((l) => l.name).join(" or ")}.`,
      );
    const blockers = acceptanceBlockers(handoverId);
    if (blockers.length) throw new InputError(`Not yet: ${blockers.join(" ")}`);
    const person = (s: TeamShift) => ({
      userId: s.userId,
      name: s.name,
      grade: s.grade,
      code: s.code,
    });
    const people: HandoverPeople = {
      outgoing: change?.outgoing.map(person) ?? [],
      incoming: change?.incoming.map(person) ?? [],
    };
    const changed = getDb()
      .update(handovers)
      .set({
        state: "accepted",
        acceptedByUserId: actor.userId,
        acceptedAt: now,
        people,
        updatedAt: now,
      })
      .where(and(eq(handovers.id, handoverId), eq(handovers.state, "open")))
      .run().changes;
    if (changed !== 1) throw new InputError("This handover has already been accepted.");
    getDb()
      .insert(handoverReads)
      .values({ handoverId, userId: actor.userId, readAt: now })
      .onConflictDoNothing()
      .run();
    carryAgainIntoNext(handover, now);
    audit(actor, team, "handover.accepted", handoverId, {}, ipAddress);
    // The outgoing staff may go: tell them who took over (in Baton only; the push is generic).
    const receiver = change?.incoming.find((s) => s.userId === actor.userId)?.name;
    notify({
      userIds: uniqueOthers(people.outgoing, actor.userId),
      kind: "handover.accepted",
      title: "Handover accepted",
      body: `${team.name}, ${describeChange(handover.at.getTime(), team.timeZone)}: accepted by ${receiver ?? "the incoming shift"}.`,
      link: `/handover/${team.id}/${changeKey(handover.at.getTime())}`,
      now,
    });
    announce(handover.teamId, handoverId, now);
  });
}

/** The distinct people of a list of shifts, leaving out `exceptUserId` (the one who acted). */
function uniqueOthers(shifts: { userId: string }[], exceptUserId: string): string[] {
  return [...new Set(shifts.map((s) => s.userId))].filter((id) => id !== exceptUserId);
}

/**
 * The outgoing staff (or a manager) say the handover is ready to receive: the incoming staff are
 * told once, by a notification and (through the push policy) an alert, so they need not watch
 * the page or be rung. Issue 13: "a handover for my incoming shift ready".
 *
 * @throws InputError when the handover is accepted, the actor does not write it, or the incoming
 *   staff were told already (the message says when).
 */
export function markHandoverReady({
  actor,
  handoverId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const { handover, team, change } = openForWriting(
      actor,
      handoverId,
      ipAddress,
      "handover.ready",
    );
    if (handover.readyAt)
      throw new InputError(
        `The incoming staff were told it was ready at ${formatClock(handover.readyAt, team.timeZone)}.`,
      );
    const changed = getDb()
      .update(handovers)
      .set({ readyAt: now, readyByUserId: actor.userId, updatedAt: now })
      .where(and(eq(handovers.id, handoverId), isNull(handovers.readyAt)))
      .run().changes;
    if (changed !== 1) throw new InputError("The incoming staff have been told already.");
    const incoming = uniqueOthers(change?.incoming ?? [], actor.userId);
    notify({
      userIds: incoming,
      kind: "handover.ready",
      title: "Handover ready",
      body: `${team.name}, ${describeChange(handover.at.getTime(), team.timeZone)}: ready for you to receive.`,
      link: `/handover/${team.id}/${changeKey(handover.at.getTime())}`,
      now,
    });
    audit(actor, team, "handover.ready", handoverId, { told: incoming.length }, ipAddress);
    announce(handover.teamId, handoverId, now);
  });
}

/** The skill that marks the nurse in charge (the demo's and the NHS's usual name for it). */
export const LEAD_SKILL = "nurse in charge";

/**
 * The incoming lead (issue 11: "the incoming lead accepts the handover"): the incoming staff with
 * the "Nurse in charge" skill on the team. None of them has it: any incoming member may accept.
 */
export function incomingLeads(
  teamId: string,
  change: ShiftChange<TeamShift> | null,
): { userId: string; name: string }[] {
  const incoming = new Set(change?.incoming.map((s) => s.userId) ?? []);
  return teamRoster(teamId)
    .filter(
      (m) => incoming.has(m.userId) && m.skills.some((k) => k.trim().toLowerCase() === LEAD_SKILL),
    )
    .map((m) => ({ userId: m.userId, name: m.name }));
}

/**
 * A correction to an accepted handover, kept with its author and time and never changed (the
 * table refuses updates and deletes). Anyone who may see the handover may add one.
 */
export function addHandoverAddendum({
  actor,
  handoverId,
  itemId = null,
  body,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  handoverId: string;
  itemId?: string | null;
  body: string;
  ipAddress?: string;
  now?: Date;
}): { addendumId: string } {
  return writeTransaction(() => {
    const { handover, team } = openHandover({
      actor,
      handoverId,
      ipAddress,
      attempted: "handover.addendum",
    });
    if (handover.state !== "accepted")
      throw new InputError("The handover is still open: change it directly until it is accepted.");
    if (itemId) itemOf(handover, itemId);
    const text = body.trim();
    if (!text) throw new InputError("Write the correction.", "body");
    checkLength(text, "handoverAddendum", { label: "The addendum", field: "body" });
    const id = newId();
    getDb()
      .insert(handoverAddenda)
      .values({ id, handoverId, itemId, authorUserId: actor.userId, body: text, createdAt: now })
      .run();
    audit(actor, team, "handover.addendum_added", handoverId, { addendumId: id }, ipAddress);
    announce(handover.teamId, handoverId, now);
    return { addendumId: id };
  });
}

// ---------------------------------------------------------------- overdue

/**
 * Flags each shift change whose handover is not accepted OVERDUE_AFTER_MINUTES after the incoming
 * shift started (looking back 12 hours) to the team's managers, once: an in-app notification
 * naming the team and the time, never the content. A change nobody started gets its handover
 * started by Baton, so that the carried actions wait there for the incoming staff. It runs every
 * minute: it reads with prepared statements and opens a write transaction only for a change that
 * is due to be flagged.
 *
 * @returns how many were flagged.
 */
export function flagOverdueHandovers({ now = new Date() }: { now?: Date } = {}): number {
  const cutoff = now.getTime() - OVERDUE_AFTER_MINUTES * 60_000;
  let flagged = 0;
  for (const team of allTeams()) {
    const changes = liveShiftChangesBetween(team.id, now.getTime() - 12 * 3_600_000, cutoff);
    for (const change of changes) {
      // Read first, outside any transaction: most minutes nothing is due, and a write
      // transaction takes the database's write lock. The check is made again inside.
      const found = handoverAtChange().get({ teamId: team.id, at: change.at });
      if (found && (found.state === "accepted" || found.overdueFlaggedAt)) continue;
      writeTransaction(() => {
        const row = startWithin(team, change.at, null, now);
        if (row.state === "accepted" || row.overdueFlaggedAt) return;
        getDb()
          .update(handovers)
          .set({ overdueFlaggedAt: now })
          .where(eq(handovers.id, row.id))
          .run();
        const managers = getDb()
          .select({ userId: memberships.userId })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(
            and(
              eq(memberships.teamId, team.id),
              eq(memberships.role, "manager"),
              isNull(users.deactivatedAt),
            ),
          )
          .all()
          .map((m) => m.userId);
        notify({
          userIds: managers,
          kind: "handover.overdue",
          title: "Handover overdue",
          body: `${team.name}, ${describeChange(change.at, team.timeZone)}: not accepted ${OVERDUE_AFTER_MINUTES} minutes after the shift began.`,
          link: `/handover/${team.id}/${changeKey(change.at)}`,
          now,
        });
        audit(null, team, "handover.overdue_flagged", row.id, { at: changeKey(change.at) });
        flagged++;
      });
    }
  }
  return flagged;
}

/** Whether a handover (or a change without one) is overdue at `now`. */
export function isOverdue(at: number, state: HandoverRow["state"] | null, now: number): boolean {
  return state !== "accepted" && now >= at + OVERDUE_AFTER_MINUTES * 60_000;
}

/** Items in the order every screen shows them: unstable first, then watchers, then stable. */
export function sortItems<T extends { severity: Severity; createdAt: Date }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
}

/** Records a view, print or export of a handover in the audit log (who and when). */
export function auditHandoverAccess(
  actor: Actor,
  opened: OpenedChange & { handover: HandoverRow },
  action: "handover.viewed" | "handover.printed" | "handover.exported",
  ipAddress?: string,
) {
  writeTransaction(() => audit(actor, opened.team, action, opened.handover.id, {}, ipAddress));
}
