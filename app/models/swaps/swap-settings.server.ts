// A team's rules for swaps and open shifts: the grade order, whether a higher grade may cover a
// lower one, automatic approval, whether claims wait for a manager, and the cut-off before a
// shift after which its requests close. A team that never saved them uses the defaults.
import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import { teamSwapSettings } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { InputError } from "../errors";
import { checkLength, TEXT_LIMITS } from "../text-limits";
import { DEFAULT_CUTOFF_MINUTES, MAX_CUTOFF_MINUTES } from "./swap-rules";

export type SwapSettings = {
  /** Grades from lowest to highest. */
  gradeOrder: string[];
  higherGradeCovers: boolean;
  autoApprove: boolean;
  claimsWaitForManager: boolean;
  /** Minutes before the first touched shift starts when requests close. */
  cutoffMinutes: number;
};

export const DEFAULT_SWAP_SETTINGS: SwapSettings = {
  gradeOrder: [],
  higherGradeCovers: false,
  autoApprove: false,
  claimsWaitForManager: false,
  cutoffMinutes: DEFAULT_CUTOFF_MINUTES,
};

const settingsOfTeam = preparedOnce((db) =>
  db
    .select()
    .from(teamSwapSettings)
    .where(eq(teamSwapSettings.teamId, sql.placeholder("teamId")))
    .prepare(),
);

/** The team's swap settings, or the defaults. No permission check: callers have the team. */
export function swapSettingsOf(teamId: string): SwapSettings {
  const row = settingsOfTeam().get({ teamId });
  if (!row) return { ...DEFAULT_SWAP_SETTINGS };
  const { gradeOrder, higherGradeCovers, autoApprove, claimsWaitForManager, cutoffMinutes } = row;
  return { gradeOrder, higherGradeCovers, autoApprove, claimsWaitForManager, cutoffMinutes };
}

/** The settings form for a team's managers: the settings and the team. */
export function swapSettingsToManage({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  return { team, settings: swapSettingsOf(team.id) };
}

/**
 * A manager saves the team's swap settings (all of them at once).
 *
 * @param gradeOrder grades lowest first; blank entries dropped, duplicates refused; each at most
 *   TEXT_LIMITS.grade, all together at most TEXT_LIMITS.swapGradeOrder as JSON.
 * @param cutoffMinutes 0 to MAX_CUTOFF_MINUTES (a week), whole minutes.
 * @throws InputError naming the field; the audited 404 for anyone who does not manage the team.
 */
export function updateSwapSettings({
  actor,
  teamId,
  settings,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  settings: SwapSettings;
  now?: Date;
  ipAddress?: string;
}): SwapSettings {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const gradeOrder = settings.gradeOrder.map((g) => g.trim()).filter(Boolean);
  for (const grade of gradeOrder)
    checkLength(grade, "grade", { label: "Each grade", field: "gradeOrder" });
  const seen = new Set<string>();
  for (const grade of gradeOrder) {
    const key = grade.toLowerCase();
    if (seen.has(key)) throw new InputError(`${grade} is in the grade order twice.`, "gradeOrder");
    seen.add(key);
  }
  if (JSON.stringify(gradeOrder).length > TEXT_LIMITS.swapGradeOrder)
    throw new InputError("The grade order is too long: list fewer grades.", "gradeOrder");
  const cutoff = settings.cutoffMinutes;
  if (!Number.isInteger(cutoff) || cutoff < 0 || cutoff > MAX_CUTOFF_MINUTES)
    throw new InputError(
      `Enter the cut-off as whole minutes from 0 to ${MAX_CUTOFF_MINUTES} (a week).`,
      "cutoffMinutes",
    );
  const saved: SwapSettings = { ...settings, gradeOrder, cutoffMinutes: cutoff };
  writeTransaction(() => {
    const values = { ...saved, updatedByUserId: actor.userId, updatedAt: now };
    getDb()
      .insert(teamSwapSettings)
      .values({ teamId: team.id, ...values })
      .onConflictDoUpdate({ target: teamSwapSettings.teamId, set: values })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "swap_settings.changed",
      targetType: "team",
      targetId: team.id,
      ipAddress,
      detail: { ...saved },
    });
  });
  return saved;
}
