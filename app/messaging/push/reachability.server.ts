// Who can be reached by push (issue 13): for the sender of an urgent message, who on shift has no
// working push device; for a manager, each member's last successful push; and the team's
// re-alert interval for unacknowledged urgent messages.
import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { pushSubscriptions, teams } from "~/db/schema.server";
import { type Actor, canManageTeam } from "~/models/accounts/permissions";
import { getTeam } from "~/models/accounts/teams.server";
import { recordAudit } from "~/models/audit/audit.server";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import {
  DEFAULT_REPEAT_MINUTES,
  MAX_REPEAT_MINUTES,
  MIN_REPEAT_MINUTES,
} from "./urgent-escalation.server";

export type PushReach = {
  /** Devices with alerts on. */
  devices: number;
  /** The last push a push service accepted for any of them, or null. */
  lastSuccessAt: Date | null;
  /** At least one device whose last attempt did not fail (or that has not been tried yet). */
  working: boolean;
};

const devicesOfPeople = preparedOnce((db) =>
  db
    .select({
      userId: pushSubscriptions.userId,
      lastSuccessAt: pushSubscriptions.lastSuccessAt,
      lastFailureAt: pushSubscriptions.lastFailureAt,
    })
    .from(pushSubscriptions)
    .where(inList(pushSubscriptions.userId, "userIds"))
    .prepare(),
);

/** Each person's push reach; people with no device are absent from the map. */
export function pushReachOf(userIds: string[]): Map<string, PushReach> {
  const reach = new Map<string, PushReach>();
  if (userIds.length === 0) return reach;
  for (const d of devicesOfPeople().all({ userIds: jsonList(userIds) })) {
    const was = reach.get(d.userId) ?? { devices: 0, lastSuccessAt: null, working: false };
    const working =
      !d.lastFailureAt || (d.lastSuccessAt !== null && d.lastSuccessAt > d.lastFailureAt);
    reach.set(d.userId, {
      devices: was.devices + 1,
      lastSuccessAt:
        d.lastSuccessAt && (!was.lastSuccessAt || d.lastSuccessAt > was.lastSuccessAt)
          ? d.lastSuccessAt
          : was.lastSuccessAt,
      working: was.working || working,
    });
  }
  return reach;
}

const repeatOfTeam = preparedOnce((db) =>
  db
    .select({ minutes: teams.urgentRepeatMinutes })
    .from(teams)
    .where(eq(teams.id, sql.placeholder("teamId")))
    .prepare(),
);

/** The team's minutes between re-alerts of an unacknowledged urgent message. */
export function urgentRepeatMinutesOf(teamId: string): number {
  return repeatOfTeam().get({ teamId })?.minutes ?? DEFAULT_REPEAT_MINUTES;
}

/**
 * A manager sets how often an unacknowledged urgent message re-alerts (issue 13: at least 2
 * minutes; at most an hour here).
 *
 * @throws the audited 404 for anyone who does not manage the team; InputError for a value out
 *   of range.
 */
export function setUrgentRepeatMinutes({
  actor,
  teamId,
  minutes,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  minutes: number;
  ipAddress?: string;
}): void {
  const team = getTeam({ actor, teamId, ipAddress });
  if (!canManageTeam(actor, team.id))
    throw refuse(actor, {
      attempted: "team.urgent_repeat",
      targetType: "team",
      targetId: team.id,
      ipAddress,
    });
  if (!Number.isInteger(minutes) || minutes < MIN_REPEAT_MINUTES || minutes > MAX_REPEAT_MINUTES)
    throw new InputError(
      `Enter a whole number of minutes from ${MIN_REPEAT_MINUTES} to ${MAX_REPEAT_MINUTES}.`,
      "urgentRepeatMinutes",
    );
  writeTransaction(() => {
    getDb().update(teams).set({ urgentRepeatMinutes: minutes }).where(eq(teams.id, team.id)).run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "team.updated",
      targetType: "team",
      targetId: team.id,
      ipAddress,
      detail: { urgentRepeatMinutes: minutes },
    });
  });
}
