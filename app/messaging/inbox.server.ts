// The Messages tab as a person reads it: the threads of their current and next shift pinned and
// named the way the ward says them ("Night, Tue 3 Dec", times in the team's zone), then their
// conversations by latest activity, and a way into each of their team channels.
import { inArray } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { teams } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { formatDay, formatShiftTimes } from "~/models/rota/shift-display";
import { shiftTypeNames } from "~/models/rota/shift-types.server";
import { type ConversationSummary, listMyConversations } from "./conversation-list.server";

export type PinnedThread = {
  /** "Night, Tue 3 Dec". */
  title: string;
  teamName: string;
  /** "Tue 3 Dec 19:30 to Wed 4 Dec 08:00", in the team's zone. */
  times: string;
  /** Whether the shift is in progress (otherwise it is the next one). */
  now: boolean;
  unread: number;
  /** The thread's page: the conversation, or the address that opens (and makes) it. */
  href: string;
};

export type Inbox = {
  pinned: PinnedThread[];
  conversations: (ConversationSummary & { href: string })[];
  /** The channel of each of the actor's teams: the address opens it (making it on first use). */
  teamChannels: { teamId: string; name: string; href: string }[];
};

/** The actor's Messages tab at `now`. */
export function openInbox({ actor, now = new Date() }: { actor: Actor; now?: Date }): Inbox {
  const list = listMyConversations({ actor, now });
  const db = getDb();
  const teamIds = actor.teams.map((t) => t.teamId);
  const myTeams = teamIds.length
    ? db
        .select({ id: teams.id, name: teams.name, timeZone: teams.timeZone })
        .from(teams)
        .where(inArray(teams.id, teamIds))
        .all()
    : [];
  const typeNames = shiftTypeNames(list.pinned.map((p) => p.shiftTypeId));
  const pinned = list.pinned.map((p) => {
    const team = myTeams.find((t) => t.id === p.teamId);
    return {
      title: `${typeNames.get(p.shiftTypeId) ?? p.code}, ${formatDay(p.date)}`,
      teamName: team?.name ?? "",
      times: formatShiftTimes(p.startsAt, p.endsAt, team?.timeZone ?? "Europe/London"),
      now: p.startsAt.getTime() <= now.getTime(),
      unread: p.unread,
      href: p.conversationId
        ? `/messages/${p.conversationId}`
        : `/messages/shift/${p.teamId}/${p.shiftTypeId}/${p.date}`,
    };
  });
  return {
    pinned,
    conversations: list.conversations.map((c) => ({ ...c, href: `/messages/${c.id}` })),
    teamChannels: myTeams
      .map((t) => ({ teamId: t.id, name: t.name, href: `/messages/team/${t.id}` }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
