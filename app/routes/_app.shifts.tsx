import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error";
import { managesTeam } from "~/models/accounts/permissions";
import { listTeams } from "~/models/accounts/teams.server";
import { addDays } from "~/models/local-time";
import { markShiftsSeen, openMyShifts, whoIsOn } from "~/models/rota/my-shifts.server";
import { dayViewPath, formatDay } from "~/models/rota/shift-display";
import { isShiftColour } from "~/models/rota/shift-type-rules";
import { openShiftsForMe } from "~/models/swaps/open-shifts.server";
import { readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const now = new Date();
  const mine = openMyShifts({ actor, now });
  return {
    me: actor.userId,
    isOrgAdmin: actor.isOrgAdmin,
    firstName: actor.name.replace(/^Dr /, "").split(" ")[0],
    today: mine.today,
    shifts: mine.shifts,
    removed: mine.removed,
    // Only teams with someone on now or next: a team without a published rota has nothing to say.
    onShift: whoIsOn({ actor, now })
      .filter((t) => t.onNow.length || t.next)
      .map(({ team, onNow, next }) => {
        const manages = managesTeam(actor, team.id);
        // A shift's thread is for the people on it and the team's managers (decision 016).
        const mine = new Set(
          onNow.filter((p) => p.userId === actor.userId).map((p) => `${p.shiftTypeId}/${p.date}`),
        );
        const threads = new Map<string, { code: string; href: string }>();
        for (const p of onNow) {
          const key = `${p.shiftTypeId}/${p.date}`;
          if ((manages || mine.has(key)) && !threads.has(key))
            threads.set(key, { code: p.code, href: `/messages/shift/${team.id}/${key}` });
        }
        return {
          team,
          next,
          onNow: onNow.map(({ shiftTypeId, date, ...p }) => ({
            ...p,
            messageHref: p.userId === actor.userId ? null : `/messages/direct/${p.userId}`,
          })),
          threads: [...threads.values()],
        };
      }),
    teams: listTeams({ actor }).filter((t) => t.myRole),
    openShifts: openShiftsForMe({ actor, now }).map((o) => ({
      id: o.id,
      teamName: o.teamName,
      summary: o.summary,
      requiredGrade: o.requiredGrade,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  // No fields, but a body that cannot be read is refused (400) before anything changes.
  await readForm(request);
  markShiftsSeen({ actor });
  return { seen: true };
}

function tone(colour: string) {
  return isShiftColour(colour) ? colour : "grey";
}

export default function Shifts() {
  const { me, isOrgAdmin, firstName, today, shifts, removed, onShift, teams, openShifts } =
    useLoaderData<typeof loader>();
  const dayName = (date: string) =>
    date === today ? "Today" : date === addDays(today, 1) ? "Tomorrow" : formatDay(date);
  const changed = shifts.filter((s) => s.change).length;
  return (
    <>
      <h1 className="nhsuk-heading-l">Hello, {firstName}</h1>
      {changed || removed.length ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            Since you last looked:{" "}
            {changed ? `${changed} new or changed shift${changed === 1 ? "" : "s"}` : ""}
            {changed && removed.length ? "; " : ""}
            {removed.length ? `${removed.length} removed` : ""}.
          </p>
          {removed.length ? (
            <ul>
              {removed.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; the same shift can be removed twice
                <li key={i}>
                  {r.summary} ({r.teamName})
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post">
            <button
              type="submit"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            >
              Mark as seen
            </button>
          </Form>
        </div>
      ) : null}
      {onShift.length ? (
        <section aria-labelledby="on-now">
          <h2 className="nhsuk-heading-m" id="on-now">
            On shift now
          </h2>
          {onShift.map(({ team, onNow, next, threads }) => (
            <div className="baton-card" key={team.id}>
              <h3 className="nhsuk-heading-s">{team.name}</h3>
              {onNow.length ? (
                <ul className="baton-people">
                  {onNow.map((p) => (
                    <li key={p.userId}>
                      <span className={`baton-shift-code baton-shift-code--${tone(p.colour)}`}>
                        {p.code}
                      </span>{" "}
                      {p.messageHref ? (
                        <Link to={p.messageHref}>
                          <span className="nhsuk-u-visually-hidden">Message </span>
                          {p.name}
                        </Link>
                      ) : p.userId === me ? (
                        "You"
                      ) : (
                        p.name
                      )}{" "}
                      <span className="baton-list__meta">to {p.until}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="nhsuk-body-s">Nobody is on a published shift right now.</p>
              )}
              {threads.map((t) => (
                <p className="nhsuk-body-s" key={t.href}>
                  <Link to={t.href}>
                    Message the {t.code} shift
                    <span className="nhsuk-u-visually-hidden"> on {team.name}</span>
                  </Link>
                </p>
              ))}
              {next ? (
                <p className="nhsuk-body-s">
                  Next, {next.day} at {next.at}:{" "}
                  {next.people
                    .map((p) => `${p.userId === me ? "you" : p.name} (${p.code})`)
                    .join(", ")}
                </p>
              ) : null}
              <div className="baton-shift__links">
                <Link className="baton-shift__swap" to={dayViewPath(team.id, today)}>
                  Who is on today<span className="nhsuk-u-visually-hidden"> on {team.name}</span>
                </Link>
                <Link className="baton-shift__swap" to={`/team/${team.id}/rota`}>
                  The rota<span className="nhsuk-u-visually-hidden"> for {team.name}</span>
                </Link>
              </div>
            </div>
          ))}
        </section>
      ) : null}
      {openShifts.length ? (
        <section aria-labelledby="open-shifts">
          <h2 className="nhsuk-heading-m" id="open-shifts">
            Open shifts you can claim
          </h2>
          <ul className="baton-list">
            {openShifts.map((o) => (
              <li key={o.id}>
                <span className="baton-list__title">{o.summary}</span>
                <span className="baton-list__meta">
                  {o.teamName}
                  {o.requiredGrade ? ` · needs ${o.requiredGrade}` : ""}
                </span>
                <Form method="post" action="/swaps" className="baton-inline-form">
                  <input type="hidden" name="intent" value="claim" />
                  <input type="hidden" name="openShiftId" value={o.id} />
                  <button type="submit" className="nhsuk-button nhsuk-button--small">
                    Claim<span className="nhsuk-u-visually-hidden"> {o.summary}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/swaps">Swaps and open shifts</Link>
      </p>
      <h2 className="nhsuk-heading-m">Your next eight weeks</h2>
      {shifts.length ? (
        <ul className="baton-shifts">
          {shifts.map((s) => (
            <li
              key={s.id}
              className={`baton-shift${s.change ? " baton-shift--changed" : ""}${s.inProgress ? " baton-shift--now" : ""}`}
            >
              <div className="baton-shift__day">
                {dayName(s.date)}
                {s.inProgress && !s.onLeave ? <span className="baton-tag">On now</span> : null}
                {s.onLeave ? (
                  <span className="baton-tag baton-tag--warning">
                    {s.onLeave === "sick" ? "Off sick" : "On leave"}
                  </span>
                ) : null}
                {s.change ? (
                  <span className="baton-tag baton-tag--warning">
                    {s.change === "new" ? "New" : "Changed"}
                  </span>
                ) : null}
              </div>
              <div className="baton-shift__what">
                <span className={`baton-shift-code baton-shift-code--${tone(s.colour)}`}>
                  {s.code}
                </span>{" "}
                {s.name}, {s.times} <span className="baton-list__meta">({s.length})</span>
              </div>
              {s.onLeave ? (
                <div className="baton-list__meta">
                  You are not expected: your manager will give this shift to someone else.
                </div>
              ) : null}
              <div className="baton-list__meta">
                {s.teamName}
                {s.colleagues.length
                  ? ` · with ${s.colleagues.map((c) => `${c.name} (${c.code})`).join(", ")}`
                  : " · nobody else on yet"}
              </div>
              <div className="baton-shift__links">
                <Link className="baton-shift__swap" to={dayViewPath(s.teamId, s.date)}>
                  Who is on
                  <span className="nhsuk-u-visually-hidden"> {dayName(s.date)}</span>
                </Link>
                {s.inProgress ? null : (
                  <Link className="baton-shift__swap" to={`/swaps/new/${s.teamId}/${s.id}`}>
                    Swap or give away
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {s.code} on {dayName(s.date)}
                    </span>
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <div className="baton-card">
          <p>
            No shifts in the next eight weeks. When your manager publishes the rota, your shifts
            appear here, with who else is on.
          </p>
        </div>
      )}
      <p>
        <Link to="/settings/calendar">Add your shifts to your phone's calendar</Link>
      </p>
      <h2 className="nhsuk-heading-m">Your teams</h2>
      {teams.length ? (
        <ul className="baton-list">
          {teams.map((team) => (
            <li key={team.id}>
              <Link className="baton-list__title" to={`/team/${team.id}`}>
                {team.name}
              </Link>
              <span className="baton-list__meta">
                {team.myRole === "manager" ? "You manage this team" : "Staff"} · {team.memberCount}{" "}
                people
              </span>
            </li>
          ))}
        </ul>
      ) : isOrgAdmin ? (
        // The administrator is the person others are told to ask: tell them what they can do.
        <p>
          You are not in a team. As an administrator you create teams and add people to them,
          yourself included: <Link to="/team">go to Teams</Link>.
        </p>
      ) : (
        <p>You are not in a team yet. An administrator or ward manager adds you to one.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Shifts – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
