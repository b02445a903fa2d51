// A conversation's People page: who is in it now and why (on the shift, a manager of the team,
// a member of the team, in the group), which of them are not clinical staff (the patient-data
// guard refuses NHS numbers wherever one is), and what the viewer may change: a group's creator
// adds people and renames it; any member of a group may leave it.
import { and, eq } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { memberships } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { formatClock } from "~/models/rota/shift-display";
import { workersOf } from "~/models/rota/shift-occurrences.server";
import { type Colleague, colleaguesToMessage } from "./colleagues.server";
import { getConversationToRead, membersOf } from "./conversation-access.server";
import { nameOf } from "./conversation-view.server";
import { GROUP_SIZE_LIMIT, groupPlacesTaken } from "./conversations.server";

export type PersonInConversation = {
  userId: string;
  name: string;
  /** "On this shift, 20:00 to 08:00", "Manager", "Made the group", or "" for nothing to say. */
  part: string;
  clinical: boolean;
  you: boolean;
};

export type ConversationPeople = {
  id: string;
  kind: "shift" | "team" | "direct" | "group";
  title: string;
  about: string;
  people: PersonInConversation[];
  /** The names of the members who are not clinical staff. */
  notClinical: string[];
  /** For a group's creator: the group's name to change, and people of their teams to add. */
  manage: { name: string; spaces: number; candidates: Colleague[] } | null;
  /** Whether the viewer may leave (any member of a group). */
  mayLeave: boolean;
};

function managerIdsOf(teamId: string): Set<string> {
  return new Set(
    getDb()
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "manager")))
      .all()
      .map((m) => m.userId),
  );
}

/**
 * The people of a conversation the actor may read, as its People page shows them: for a shift
 * thread, who is on (with their times) before the managers; otherwise by name.
 *
 * @throws Response 404 when the actor may not read it (the same as for the conversation).
 */
export function viewConversationPeople({
  actor,
  conversationId,
  ipAddress,
}: {
  actor: Actor;
  conversationId: string;
  ipAddress?: string;
}): ConversationPeople {
  const conversation = getConversationToRead({ actor, conversationId, ipAddress });
  const members = membersOf(conversation);
  const { title, about, zone } = nameOf(actor, conversation);
  const teamId = conversation.teamId ?? "";
  const managers = conversation.kind === "group" || !teamId ? new Set() : managerIdsOf(teamId);
  const working = new Map<string, string>();
  if (conversation.kind === "shift") {
    for (const w of workersOf({
      teamId,
      shiftTypeId: conversation.shiftTypeId ?? "",
      date: conversation.date ?? "",
    })) {
      working.set(
        w.userId,
        `On this shift, ${formatClock(w.startsAt, zone)} to ${formatClock(w.endsAt, zone)}`,
      );
    }
  }
  const partOf = (userId: string) => {
    if (working.has(userId)) return working.get(userId) ?? "";
    if (managers.has(userId)) return "Manager";
    if (conversation.kind === "group" && userId === conversation.createdByUserId)
      return "Made the group";
    return "";
  };
  const people = members
    .map((m) => ({
      userId: m.userId,
      name: m.name,
      part: partOf(m.userId),
      clinical: m.clinical,
      you: m.userId === actor.userId,
    }))
    // Who is on first, then everyone else; by name within each (membersOf's order).
    .sort((a, b) => Number(working.has(b.userId)) - Number(working.has(a.userId)));
  const isGroup = conversation.kind === "group";
  const isCreator = isGroup && conversation.createdByUserId === actor.userId;
  const inIt = new Set(members.map((m) => m.userId));
  return {
    id: conversation.id,
    kind: conversation.kind,
    title,
    about,
    people,
    notClinical: people.filter((p) => !p.clinical).map((p) => p.name),
    manage: isCreator
      ? {
          name: conversation.name ?? "",
          spaces: Math.max(0, GROUP_SIZE_LIMIT - groupPlacesTaken(conversation.id)),
          candidates: colleaguesToMessage({ actor }).filter((c) => !inIt.has(c.userId)),
        }
      : null,
    mayLeave: isGroup,
  };
}
