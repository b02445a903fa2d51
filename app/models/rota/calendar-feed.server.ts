// A person's own calendar feed: a secret address their calendar app (Google, Apple, Outlook)
// subscribes to, listing their published shifts. The address is the only credential (calendar
// apps cannot sign in), so it is a 160-bit random token of which only the SHA-256 is stored, like
// a session: it is shown once, a new one replaces it at once, and turning the feed off ends it.
import { and, asc, eq, gte, isNotNull, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { memberships, rotaPeriods, shifts, shiftTypes, teams, users } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { recordAudit } from "../audit/audit.server";
import { hashSecretToken, newSecretToken } from "../ids.server";
import { type CalendarEvent, sequenceFor, writeCalendar } from "./icalendar";
import { absencesOverlapping } from "./leave.server";
import { shiftCounts } from "./shift-counts";
import { formatDuration, formatShiftTimes } from "./shift-display";

/** How far back the feed reaches: enough for timesheets and "when did I last work nights". */
export const FEED_HISTORY_WEEKS = 8;

export const CALENDAR_NAME = "Baton shifts";

const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function calendarFeedStatus({ actor }: { actor: Actor }): { on: boolean } {
  const row = getDb()
    .select({ hash: users.calendarTokenHash })
    .from(users)
    .where(eq(users.id, actor.userId))
    .get();
  return { on: Boolean(row?.hash) };
}

/**
 * Turns the feed on, or gives it a new address if it is on already: the new token's hash
 * replaces the old one, so the old address stops working with this commit. Returns the token,
 * which is never stored and cannot be shown again.
 */
export function enableCalendarFeed({
  actor,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  ipAddress?: string;
  now?: Date;
}): { token: string } {
  const token = newSecretToken();
  const db = getDb();
  writeTransaction(() => {
    const regenerated = calendarFeedStatus({ actor }).on;
    db.update(users)
      .set({ calendarTokenHash: hashSecretToken(token) })
      .where(eq(users.id, actor.userId))
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "calendar_feed.enabled",
      targetType: "user",
      targetId: actor.userId,
      ipAddress,
      detail: { regenerated },
      at: now,
    });
  });
  return { token };
}

/** Turns the feed off: its address answers 404 from now on. Returns whether it was on. */
export function disableCalendarFeed({
  actor,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  ipAddress?: string;
  now?: Date;
}): { wasOn: boolean } {
  const db = getDb();
  return writeTransaction(() => {
    // Conditional, so pressing Turn off twice records one event, not two.
    const ended = db
      .update(users)
      .set({ calendarTokenHash: null })
      .where(and(eq(users.id, actor.userId), isNotNull(users.calendarTokenHash)))
      .run();
    if (ended.changes === 0) return { wasOn: false };
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "calendar_feed.disabled",
      targetType: "user",
      targetId: actor.userId,
      ipAddress,
      at: now,
    });
    return { wasOn: true };
  });
}

/**
 * The feed a token opens, as iCalendar text, or null when the token is not (or no longer) a
 * feed's, or its owner's account is deactivated. Callers answer null with the same 404 in every
 * case, so an address reveals nothing about whether it ever worked.
 *
 * It lists the person's shifts in published rotas only (a draft is the managers' until they
 * publish it), in the teams they are still in, ending no more than FEED_HISTORY_WEEKS ago, and
 * only those worked (`shiftCounts`): a day of leave or sickness is not a working day. A shift
 * that stops counting (removed, or leave approved over it) leaves the feed, which calendar apps
 * take as deleting the event on their next fetch; if it counts again (the leave is cancelled) it
 * comes back under the same UID. See docs/decisions/013.
 */
export function calendarFeedFor(token: string, now = new Date()): string | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = getDb();
  const person = db
    .select({
      id: users.id,
      organisationId: users.organisationId,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .where(eq(users.calendarTokenHash, hashSecretToken(token)))
    .get();
  if (!person || person.deactivatedAt) return null;

  const since = new Date(now.getTime() - FEED_HISTORY_WEEKS * 7 * 86_400_000);
  const rows = db
    .select({
      id: shifts.id,
      userId: shifts.userId,
      date: shifts.date,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
      createdAt: shifts.createdAt,
      updatedAt: shifts.updatedAt,
      typeCode: shiftTypes.code,
      typeName: shiftTypes.name,
      teamName: teams.name,
      timeZone: teams.timeZone,
    })
    .from(shifts)
    .innerJoin(
      rotaPeriods,
      and(eq(rotaPeriods.id, shifts.rotaPeriodId), eq(rotaPeriods.status, "published")),
    )
    .innerJoin(
      teams,
      and(eq(teams.id, shifts.teamId), eq(teams.organisationId, person.organisationId)),
    )
    // Leaving a team ends what its rota tells you, as it ends seeing the team in Baton.
    .innerJoin(
      memberships,
      and(eq(memberships.teamId, shifts.teamId), eq(memberships.userId, person.id)),
    )
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(and(eq(shifts.userId, person.id), isNull(shifts.removedAt), gte(shifts.endsAt, since)))
    .orderBy(asc(shifts.startsAt))
    .all();

  const absences = absencesOverlapping(rows);
  const worked = rows.filter((row) =>
    shiftCounts({ ...row, personActive: !person.deactivatedAt }, absences),
  );
  const events: CalendarEvent[] = worked.map((row) => {
    const type = `${row.typeName} (${row.typeCode})`;
    return {
      uid: `${row.id}@baton`,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      timeZone: row.timeZone,
      summary: `${type} – ${row.teamName}`,
      location: row.teamName,
      // Rota facts only: nothing from handovers or threads ever goes into a calendar app.
      description: `${type}, ${formatShiftTimes(row.startsAt, row.endsAt, row.timeZone)} (${formatDuration(row.startsAt, row.endsAt)}). From the ${row.teamName} rota in Baton, which always has the latest.`,
      createdAt: row.createdAt,
      lastModifiedAt: row.updatedAt,
      sequence: sequenceFor(row.updatedAt),
    };
  });
  return writeCalendar({
    name: CALENDAR_NAME,
    events,
    now,
    extraTimeZones: events.length ? [] : [firstTeamZone(person.id)],
  });
}

/** The zone an empty feed describes, so it still holds a component (RFC 5545 3.4). */
function firstTeamZone(userId: string): string {
  const team = getDb()
    .select({ timeZone: teams.timeZone })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .get();
  return team?.timeZone ?? "Europe/London";
}
