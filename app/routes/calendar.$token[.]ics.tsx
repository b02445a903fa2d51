// The personal calendar feed that calendar apps subscribe to. No session: calendar apps cannot
// sign in, so the secret in the address is the credential (Settings > Calendar feed issues it).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFeedFor } from "~/models/rota/calendar-feed.server";

const PRIVATE_HEADERS = {
  "Cache-Control": "no-store",
  // A leaked address must not end up in a search index either.
  "X-Robots-Tag": "noindex, nofollow",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const feed = calendarFeedFor(params.token ?? "");
  if (feed === null) {
    // The same answer for a mistyped, replaced, turned-off or deactivated address: nothing to
    // tell a guesser which addresses once worked.
    return new Response("Not found.", {
      status: 404,
      headers: { ...PRIVATE_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(feed, {
    headers: {
      ...PRIVATE_HEADERS,
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="baton-shifts.ics"',
    },
  });
}
