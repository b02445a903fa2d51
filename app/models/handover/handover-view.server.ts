// What a handover's page, print view and export show: the change and its people, and, once
// started, the items (unstable first) with their actions, carried marks, syntheses, who has
// read it, and the addenda. Only for an actor `openShiftChange` let through; every view is
// audited by the caller's entry point here.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import {
  handoverActions,
  handoverAddenda,
  handoverItems,
  handoverReads,
  handoverSyntheses,
  handovers,
  users,
} from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { InputError } from "../errors";
import { localDateKey } from "../local-time";
import { formatClock, formatDay } from "../rota/shift-display";
import { handoverComposition } from "./fhir-composition";
import {
  auditHandoverAccess,
  blockersOf,
  describeChange,
  incomingLeads,
  isOverdue,
  type OpenedChange,
  openShiftChange,
  sortItems,
} from "./handovers.server";
import { changeKey } from "./shift-change";
import { templateForNewHandover } from "./template-settings.server";
import { SEVERITY_LABELS } from "./templates";

function names(userIds: (string | null)[]): Map<string, string> {
  const ids = [...new Set(userIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  return new Map(
    getDb()
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map((u) => [u.id, u.name]),
  );
}

/** "started Tue 1 Dec 19:30, carried 2 times": where a carried chain began, in the team's zone. */
function carriedLabel(originAt: Date | null, count: number, timeZone: string): string {
  const when = originAt
    ? `${formatDay(localDateKey(originAt, timeZone))} ${formatClock(originAt, timeZone)}`
    : "an earlier handover";
  return `From the ${when} handover, carried ${count === 1 ? "once" : `${count} times`}`;
}

// The page's queries, prepared once (decision 014): a handover's page reloads on every change.
const itemsOf = preparedOnce((db) =>
  db
    .select()
    .from(handoverItems)
    .where(eq(handoverItems.handoverId, sql.placeholder("handoverId")))
    .orderBy(asc(handoverItems.createdAt))
    .prepare(),
);
const actionsOf = preparedOnce((db) =>
  db
    .select()
    .from(handoverActions)
    .where(eq(handoverActions.handoverId, sql.placeholder("handoverId")))
    .orderBy(asc(handoverActions.createdAt))
    .prepare(),
);
const synthesesOf = preparedOnce((db) =>
  db
    .select()
    .from(handoverSyntheses)
    .where(eq(handoverSyntheses.handoverId, sql.placeholder("handoverId")))
    .orderBy(asc(handoverSyntheses.confirmedAt))
    .prepare(),
);
const readsOf = preparedOnce((db) =>
  db
    .select()
    .from(handoverReads)
    .where(eq(handoverReads.handoverId, sql.placeholder("handoverId")))
    .orderBy(asc(handoverReads.readAt))
    .prepare(),
);
const addendaOf = preparedOnce((db) =>
  db
    .select()
    .from(handoverAddenda)
    .where(eq(handoverAddenda.handoverId, sql.placeholder("handoverId")))
    .orderBy(asc(handoverAddenda.createdAt))
    .prepare(),
);

/** The whole handover as the viewer may see it; see the module comment. */
export function buildHandoverView(opened: OpenedChange, actor: Actor, now = new Date()) {
  const { team, at, change, relations, handover } = opened;
  const person = (s: { userId: string; name: string; grade: string; code: string }) => ({
    userId: s.userId,
    name: s.name,
    grade: s.grade,
    code: s.code,
  });
  // An accepted handover is a locked record: its people as they were when it was accepted.
  const kept = handover?.state === "accepted" ? handover.people : null;
  const outgoing = kept ? kept.outgoing : (change?.outgoing.map(person) ?? []);
  const incoming = kept ? kept.incoming : (change?.incoming.map(person) ?? []);
  const base = {
    team: { id: team.id, name: team.name },
    key: changeKey(at),
    at,
    label: describeChange(at, team.timeZone),
    outgoing,
    incoming,
    relations,
    overdue: isOverdue(at, handover?.state ?? null, now.getTime()),
  };
  if (!handover) {
    const carried = countCarriedInto(team.id, at);
    return {
      ...base,
      handover: null,
      preview: { templateName: templateForNewHandover(team.id).name, carried },
    };
  }
  const byHandover = { handoverId: handover.id };
  const items = sortItems(itemsOf().all(byHandover));
  const actions = actionsOf().all(byHandover);
  const syntheses = synthesesOf().all(byHandover);
  const reads = readsOf().all(byHandover);
  const addenda = addendaOf().all(byHandover);
  const nameOf = names([
    ...actions.map((a) => a.ownerUserId),
    ...actions.map((a) => a.decidedByUserId),
    ...items.map((i) => i.decidedByUserId),
    ...syntheses.map((s) => s.userId),
    ...reads.map((r) => r.userId),
    ...addenda.map((a) => a.authorUserId),
    handover.acceptedByUserId,
    handover.readyByUserId,
  ]);
  const zone = team.timeZone;
  const time = (d: Date) => `${formatDay(localDateKey(d, zone))} ${formatClock(d, zone)}`;
  const open = handover.state === "open";
  const mayWrite = open && (relations.includes("outgoing") || relations.includes("manager"));
  const mayReceive = open && relations.includes("incoming");
  const blockers = open ? blockersOf({ items, actions, syntheses }) : [];
  // Who accepts: the incoming nurse in charge when the shift has one, else any receiver.
  const leadPeople = open ? incomingLeads(team.id, change) : [];
  const leads = leadPeople.map((l) => l.name);
  const mayAccept =
    mayReceive &&
    !relations.includes("outgoing") &&
    (leadPeople.length === 0 || leadPeople.some((l) => l.userId === actor.userId));
  return {
    ...base,
    preview: null,
    handover: {
      id: handover.id,
      state: handover.state,
      template: handover.template,
      ready: handover.readyAt
        ? {
            by: handover.readyByUserId ? (nameOf.get(handover.readyByUserId) ?? "") : "",
            at: time(handover.readyAt),
          }
        : null,
      acceptedBy: handover.acceptedByUserId ? (nameOf.get(handover.acceptedByUserId) ?? "") : null,
      acceptedAt: handover.acceptedAt ? time(handover.acceptedAt) : null,
      acceptedAtIso: handover.acceptedAt?.toISOString() ?? null,
      atIso: handover.at.toISOString(),
      reads: reads.map((r) => ({ name: nameOf.get(r.userId) ?? "", at: time(r.readAt) })),
      iHaveRead: reads.some((r) => r.userId === actor.userId),
      blockers,
      leads,
      may: {
        write: mayWrite,
        ready: mayWrite && !handover.readyAt,
        receive: mayReceive,
        accept: mayAccept && blockers.length === 0,
        addendum: !open,
      },
      items: items.map((item) => ({
        id: item.id,
        ward: item.ward,
        bay: item.bay,
        bed: item.bed,
        patient: item.patient,
        nhsNumber: item.nhsNumber,
        severity: item.severity,
        severityLabel: SEVERITY_LABELS[item.severity],
        fields: handover.template.fields.map((f) => ({
          key: f.key,
          label: f.label,
          kind: f.kind,
          value: item.fields[f.key] ?? "",
        })),
        contingency: item.contingency,
        status: item.status,
        dropReason: item.dropReason,
        carried: item.carriedFromItemId
          ? {
              label: carriedLabel(item.originAt, item.carryCount, zone),
              count: item.carryCount,
              decided: Boolean(item.decidedAt),
              decidedBy: item.decidedByUserId ? (nameOf.get(item.decidedByUserId) ?? "") : null,
            }
          : null,
        actions: actions
          .filter((a) => a.itemId === item.id)
          .map((a) => ({
            id: a.id,
            what: a.what,
            owner: a.ownerUserId ? (nameOf.get(a.ownerUserId) ?? "") : null,
            due: a.dueAt ? formatClock(a.dueAt, zone) : null,
            dueIso: a.dueAt?.toISOString() ?? null,
            status: a.status,
            dropReason: a.dropReason,
            carried: a.carriedFromActionId
              ? {
                  label: carriedLabel(a.originAt, a.carryCount, zone),
                  count: a.carryCount,
                  decided: Boolean(a.decidedAt),
                }
              : null,
          })),
        syntheses: syntheses
          .filter((s) => s.itemId === item.id)
          .map((s) => ({
            name: nameOf.get(s.userId) ?? "",
            note: s.note,
            at: time(s.confirmedAt),
            mine: s.userId === actor.userId,
          })),
        needsSynthesis: item.status === "open" && item.severity !== "stable",
      })),
      addenda: addenda.map((a) => ({
        id: a.id,
        itemId: a.itemId,
        author: nameOf.get(a.authorUserId) ?? "",
        at: time(a.createdAt),
        atIso: a.createdAt.toISOString(),
        body: a.body,
      })),
    },
  };
}

export type HandoverView = ReturnType<typeof buildHandoverView>;

/** How many items and actions a handover started now at `at` would carry in. */
function countCarriedInto(teamId: string, at: number): { items: number; actions: number } {
  const db = getDb();
  const previous = db
    .select({ id: handovers.id, at: handovers.at })
    .from(handovers)
    .where(and(eq(handovers.teamId, teamId), eq(handovers.state, "accepted")))
    .all()
    .filter((h) => h.at.getTime() < at)
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (!previous) return { items: 0, actions: 0 };
  const items = db
    .select({ id: handoverItems.id })
    .from(handoverItems)
    .where(and(eq(handoverItems.handoverId, previous.id), eq(handoverItems.status, "open")))
    .all();
  const actions = items.length
    ? db
        .select({ id: handoverActions.id })
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
        .all()
    : [];
  return { items: items.length, actions: actions.length };
}

/**
 * A shift change's handover page for the actor, audited as a view when the handover exists
 * (the audited 404 for anyone who may not see it).
 */
export function viewHandover({
  actor,
  teamId,
  at,
  ipAddress,
  purpose = "handover.viewed",
  now = new Date(),
}: {
  actor: Actor;
  teamId: string;
  at: number;
  ipAddress?: string;
  purpose?: "handover.viewed" | "handover.printed" | "handover.exported";
  now?: Date;
}): HandoverView {
  const opened = openShiftChange({ actor, teamId, at, ipAddress });
  if (opened.handover) {
    const key = `${actor.userId}:${opened.handover.id}`;
    const repeatView = purpose === "handover.viewed" && viewedLately(key, now);
    if (!repeatView) {
      auditHandoverAccess(actor, { ...opened, handover: opened.handover }, purpose, ipAddress);
      if (purpose === "handover.viewed") noteViewAudited(key, now);
    }
  }
  return buildHandoverView(opened, actor, now);
}

/** A view recorded within this long stands for later loads by the same person (ms). */
export const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;
const lastViewAudited = new Map<string, number>();

/**
 * Whether this person's view of this handover (`key`: "<userId>:<handoverId>") was audited
 * within the window. The page reloads on every change to the handover (the live stream) and
 * after each form: the audit log should say who read it and when, not hold a row per reload.
 * Kept in the process: after a restart the next view is recorded again, erring towards more.
 */
function viewedLately(key: string, now: Date): boolean {
  const last = lastViewAudited.get(key);
  const since = last === undefined ? -1 : now.getTime() - last;
  return since >= 0 && since < VIEW_AUDIT_WINDOW_MS;
}

function noteViewAudited(key: string, now: Date): void {
  // Bounded: forget views older than the window once there are many.
  if (lastViewAudited.size >= 10_000)
    for (const [k, at] of lastViewAudited)
      if (now.getTime() - at >= VIEW_AUDIT_WINDOW_MS) lastViewAudited.delete(k);
  lastViewAudited.set(key, now.getTime());
}

/**
 * An accepted handover as a FHIR R4 Composition, audited as an export. A handover still open is
 * not exported: it is not yet anyone's record.
 *
 * @throws InputError when the handover has not been accepted.
 */
export function exportHandoverAsFhir({
  actor,
  teamId,
  at,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  at: number;
  ipAddress?: string;
}): Record<string, unknown> {
  const opened = openShiftChange({ actor, teamId, at, ipAddress, attempted: "handover.export" });
  if (opened.handover?.state !== "accepted")
    throw new InputError("Only an accepted handover can be exported to the clinical record.");
  auditHandoverAccess(
    actor,
    { ...opened, handover: opened.handover },
    "handover.exported",
    ipAddress,
  );
  const view = buildHandoverView(opened, actor);
  const h = view.handover!;
  return handoverComposition({
    id: h.id,
    teamName: view.team.name,
    label: view.label,
    atIso: h.atIso,
    acceptedAtIso: h.acceptedAtIso ?? h.atIso,
    acceptedBy: h.acceptedBy ?? "",
    outgoing: view.outgoing.map((p) => p.name),
    template: h.template,
    items: h.items,
    addenda: h.addenda,
  });
}
