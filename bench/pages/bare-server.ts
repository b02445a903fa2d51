// The yardstick for the pages benchmark: a bare node:http handler that does what the served pages'
// loaders do against the database (the session check once, the layout's organisation and unread
// counts, then the page's own model functions) and answers JSON. What the served page costs beyond
// this is the framework's and ours: routing, rendering, headers, compression.
//   BATON_DATABASE_PATH=... PORT=... tsx bench/pages/bare-server.ts
import http from "node:http";
import { unreadMessageTotal } from "~/messaging/unread-total.server";
import { getOrganisation } from "~/models/accounts/organisations.server";
import { listTeams } from "~/models/accounts/teams.server";
import { addDays, localDateKey, mondayOf } from "~/models/local-time";
import {
  listNotifications,
  unreadNotificationCount,
} from "~/models/notifications/notifications.server";
import { openMyShifts, whoIsOn } from "~/models/rota/my-shifts.server";
import { teamRotaGrid } from "~/models/rota/rota-grid.server";
import { listRotaPeriods } from "~/models/rota/rota-periods.server";
import { openShiftsForMe } from "~/models/swaps/open-shifts.server";
import { getSession } from "~/web/session-cookie.server";

type Actor = NonNullable<ReturnType<typeof getSession>>["actor"];

const pages: Record<string, (actor: Actor, url: URL) => unknown> = {
  "/rota": (actor, url) => {
    const teamId = url.searchParams.get("team") ?? "";
    const { team, periods } = listRotaPeriods({ actor, teamId, ipAddress: "127.0.0.1" });
    const from = mondayOf(localDateKey(Date.now(), team.timeZone));
    const grid = teamRotaGrid({
      actor,
      teamId,
      from,
      to: addDays(from, 6),
      grade: null,
      ipAddress: "127.0.0.1",
    });
    return { team, periods, grid };
  },
  "/shifts": (actor) => {
    const now = new Date();
    const mine = openMyShifts({ actor, now });
    return {
      mine,
      onShift: whoIsOn({ actor, now }),
      teams: listTeams({ actor }),
      openShifts: openShiftsForMe({ actor, now }),
    };
  },
  "/notifications": (actor) => ({ notifications: listNotifications({ actor }) }),
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const page = pages[url.pathname];
  const request = new Request(url, { headers: { cookie: req.headers.cookie ?? "" } });
  const session = getSession(request);
  if (!page || !session) {
    res.writeHead(page ? 401 : 404).end();
    return;
  }
  const { actor } = session;
  const layout = {
    organisationName: getOrganisation(actor).name,
    unread: unreadNotificationCount({ actor }),
    unreadMessages: unreadMessageTotal({ actor }),
  };
  const body = JSON.stringify({ layout, page: page(actor, url) });
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(body);
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
