// What one person's event stream carries: the event log (models/notifications/events.server.ts)
// scoped by messaging's access rule, so a conversation's events reach only the people who may
// read it at the moment they are read (a nurse taken off a shift stops receiving its thread).
import type { Actor } from "~/models/accounts/permissions";
import { type EventsPage, readEventsAfter } from "~/models/notifications/events.server";
import { readableConversationIds } from "./conversation-access.server";

/**
 * The events the actor may see after sequence `after` (the stream's Last-Event-ID), in order;
 * see `readEventsAfter` for `through`, `more` and `tooOld`.
 */
export function eventsFor({
  actor,
  after,
  limit,
}: {
  actor: Actor;
  after: number;
  limit?: number;
}): EventsPage {
  return readEventsAfter({
    actor,
    after,
    limit,
    mayReadConversations: (ids) => readableConversationIds(actor, ids),
  });
}
