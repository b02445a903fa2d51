// The Handover tab: the shift changes the actor writes or receives now and next, and, for a
// team's managers, the team's recent and coming changes with any that are overdue. Computed
// from the live rota like every handover question (docs/decisions/020).
import { and, count, eq, gte, lte, sql } from "drizzle-orm";
import { preparedOnce } from "~/db/prepared.server";
import { handoverItems, handovers } from "~/db/schema.server";
import { type Actor, managesTeam } from "../accounts/permissions";
import { describeChange, isOverdue } from "./handovers.server";
import { changeKey } from "./shift-change";
import { liveShiftChangesBetween, teamOf } from "./shift-changes.server";

const HOUR = 3_600_000;

const handoversOfTeamBetween = preparedOnce((db) =>
  db
    .select({
      id: handovers.id,
      at: handovers.at,
      state: handovers.state,
      items: count(handoverItems.id),
    })
    .from(handovers)
    // Patients still handed over: not those marked done or dropped.
    .leftJoin(
      handoverItems,
      and(eq(handoverItems.handoverId, handovers.id), eq(handoverItems.status, "open")),
    )
    .where(
      and(
        eq(handovers.teamId, sql.placeholder("teamId")),
        gte(handovers.at, sql.placeholder("from")),
        lte(handovers.at, sql.placeholder("to")),
      ),
    )
    .groupBy(handovers.id)
    .prepare(),
);

export type ChangeSummary = {
  teamId: string;
  teamName: string;
  key: string;
  label: string;
  /** What the actor does here: writes (outgoing), receives (incoming); null for a manager's list. */
  role: "write" | "receive" | null;
  outgoingCodes: string[];
  incomingCodes: string[];
  state: "not-started" | "open" | "accepted";
  items: number;
  overdue: boolean;
  past: boolean;
};

/**
 * The actor's shift changes from 12 hours ago to 36 hours ahead (what they must write, what they
 * must receive), and for each team they manage its changes from 24 hours ago to 24 hours ahead.
 */
export function myShiftChanges({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  const mine: ChangeSummary[] = [];
  const managed: { teamId: string; teamName: string; changes: ChangeSummary[] }[] = [];
  const t = now.getTime();
  for (const { teamId } of actor.teams) {
    const team = teamOf(actor, teamId);
    if (!team) continue;
    const manages = managesTeam(actor, teamId);
    const from = t - (manages ? 24 : 12) * HOUR;
    const to = t + (manages ? 36 : 36) * HOUR;
    const changes = liveShiftChangesBetween(teamId, from, to);
    const rows = new Map(
      handoversOfTeamBetween()
        .all({ teamId, from, to })
        .map((r) => [r.at.getTime(), r]),
    );
    const summary = (
      change: (typeof changes)[number],
      role: ChangeSummary["role"],
    ): ChangeSummary => {
      const row = rows.get(change.at);
      const state = row?.state ?? "not-started";
      return {
        teamId,
        teamName: team.name,
        key: changeKey(change.at),
        label: describeChange(change.at, team.timeZone),
        role,
        outgoingCodes: [...new Set(change.outgoing.map((s) => s.code))],
        incomingCodes: [...new Set(change.incoming.map((s) => s.code))],
        state,
        items: row?.items ?? 0,
        overdue: isOverdue(change.at, row?.state ?? null, t),
        past: change.at <= t,
      };
    };
    for (const change of changes) {
      if (change.at < t - 12 * HOUR) continue;
      const writes = change.outgoing.some((s) => s.userId === actor.userId);
      const receives = change.incoming.some((s) => s.userId === actor.userId);
      // A past change stays on the list only while its handover is not accepted.
      if (writes || receives) {
        const s = summary(change, writes ? "write" : "receive");
        if (!s.past || s.state !== "accepted") mine.push(s);
      }
    }
    if (manages) {
      managed.push({
        teamId,
        teamName: team.name,
        changes: changes.filter((c) => c.at <= t + 24 * HOUR).map((c) => summary(c, null)),
      });
    }
  }
  mine.sort((a, b) => a.key.localeCompare(b.key));
  return { mine: mine.slice(0, 3), managed };
}
