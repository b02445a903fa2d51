import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error";
import { notFound } from "~/models/errors";
import { addDays, isDateKey, mondayOf } from "~/models/local-time";
import { markNotificationsSeenAt } from "~/models/notifications/notifications.server";
import { shiftsOfDay } from "~/models/rota/day-view";
import { teamRotaGrid } from "~/models/rota/rota-grid.server";
import { isWithinRotaYears } from "~/models/rota/rota-period-rules";
import { dayViewPath, formatLongDay } from "~/models/rota/shift-display";
import { isShiftColour } from "~/models/rota/shift-type-rules";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const date = params.date!;
  if (!isDateKey(date)) throw notFound();
  const grid = teamRotaGrid({
    actor,
    teamId: params.teamId!,
    from: date,
    to: date,
    ipAddress: context.clientAddress,
  });
  if (!isWithinRotaYears(date, grid.today)) throw notFound();
  const { team } = grid;
  // Seeing the day is seeing what a notification about a shift on it announced.
  markNotificationsSeenAt({ actor, path: dayViewPath(team.id, date) });
  const day = grid.days[0]!;
  const { shifts, away } = shiftsOfDay({
    people: grid.people,
    dayIndex: 0,
    legend: grid.legend,
    gaps: day.gaps,
  });
  const period = grid.periods[0];
  return {
    team: { id: team.id, name: team.name, canManage: team.canManage, timeZone: team.timeZone },
    date,
    isToday: day.isToday,
    inPeriod: day.inPeriod,
    draft: period?.status === "draft",
    // Where a manager adds a shift on this day: the period it belongs to.
    periodId: team.canManage ? (period?.id ?? null) : null,
    shifts,
    away,
  };
}

function tone(colour: string) {
  return isShiftColour(colour) ? colour : "grey";
}

export default function DayView() {
  const { team, date, isToday, inPeriod, draft, periodId, shifts, away } =
    useLoaderData<typeof loader>();
  const day = formatLongDay(date);
  return (
    <>
      <p className="baton-back">
        <Link to={`/team/${team.id}/rota?week=${mondayOf(date)}`}>
          Back to the week<span className="nhsuk-u-visually-hidden"> of {day}</span>
        </Link>
      </p>
      <h1 className="nhsuk-heading-l">
        Who is on {isToday ? "today" : day}
        <span className="baton-heading-caption">{team.name}</span>
      </h1>
      {isToday ? <p>{day}</p> : null}
      <nav className="baton-pager" aria-label="Days">
        <Link to={dayViewPath(team.id, addDays(date, -1))}>
          <span aria-hidden="true">‹ </span>Previous day
        </Link>
        <Link to={dayViewPath(team.id, addDays(date, 1))}>
          Next day<span aria-hidden="true"> ›</span>
        </Link>
      </nav>
      {draft ? (
        <p className="baton-hint">
          This day is in a draft rota: only managers see it until it is published.
        </p>
      ) : null}
      {!inPeriod ? (
        <p>No rota has been published for this day yet.</p>
      ) : shifts.length === 0 ? (
        <p>Nobody is on the rota this day.</p>
      ) : (
        shifts.map((s) => (
          <section
            key={s.code}
            className={`baton-card baton-day__shift${s.short ? " baton-day__shift--short" : ""}`}
            aria-labelledby={`shift-${s.code}`}
          >
            <h2 className="nhsuk-heading-s baton-day__heading" id={`shift-${s.code}`}>
              <span className={`baton-shift-code baton-shift-code--${tone(s.colour)}`}>
                {s.code}
              </span>{" "}
              {s.name}
              {s.times ? <span className="baton-list__meta">{s.times}</span> : null}
            </h2>
            {s.short ? (
              <div className="baton-day__short" id={`short-${s.code}`}>
                <p>
                  <strong>Short:</strong> {s.short}.
                </p>
                {team.canManage && s.shiftTypeId ? (
                  <ul className="baton-list baton-actions">
                    <li>
                      <Link
                        className="baton-actions__item"
                        to={`/team/${team.id}/open-shifts/new?date=${date}&shiftTypeId=${s.shiftTypeId}`}
                      >
                        Post an open shift
                        <span className="nhsuk-u-visually-hidden"> for {s.code}</span>
                      </Link>
                    </li>
                    {periodId ? (
                      <li>
                        <Link
                          className="baton-actions__item"
                          to={`/team/${team.id}/rota/${periodId}/shifts/new?date=${date}`}
                        >
                          Add a shift<span className="nhsuk-u-visually-hidden"> for {s.code}</span>
                        </Link>
                      </li>
                    ) : null}
                  </ul>
                ) : null}
              </div>
            ) : null}
            {s.on.length ? (
              <ul className="baton-day__people">
                {s.on.map((p) => (
                  <li key={p.shiftId}>
                    <Person person={p} teamId={team.id} canManage={team.canManage} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>Nobody is working it.</p>
            )}
            {s.notWorking.length ? (
              <>
                <p className="baton-day__subhead">On the rota but not working:</p>
                <ul className="baton-day__people">
                  {s.notWorking.map((p) => (
                    <li key={p.shiftId}>
                      <Person person={p} teamId={team.id} canManage={team.canManage} /> ({p.why})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ))
      )}
      {away.length ? (
        <section aria-labelledby="away">
          <h2 className="nhsuk-heading-s" id="away">
            Away
          </h2>
          <ul className="baton-day__people">
            {away.map((p) => (
              <li key={p.userId}>
                {p.name} ({p.mark})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function Person({
  person,
  teamId,
  canManage,
}: {
  person: { name: string; grade: string; isMe: boolean; shiftId: string; draft: boolean };
  teamId: string;
  canManage: boolean;
}) {
  const name = person.isMe ? `${person.name} (you)` : person.name;
  return (
    <>
      {canManage ? <Link to={`/team/${teamId}/shifts/${person.shiftId}`}>{name}</Link> : name}
      <span className="baton-list__meta">
        {person.grade}
        {person.draft ? " · draft" : ""}
      </span>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Who is on ${formatLongDay(data.date)} – ${data.team.name} – Baton`
      : "Who is on – Baton",
  },
];
export const ErrorBoundary = RouteErrorBoundary;
