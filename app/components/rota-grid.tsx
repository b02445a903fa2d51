import { useNavigate } from "@remix-run/react";
import { Fragment, type MouseEvent } from "react";
import { dayViewPath, formatDay } from "~/models/rota/shift-display";
import { isShiftColour } from "~/models/rota/shift-type-rules";

export type RotaGridData = {
  teamId: string;
  canManage: boolean;
  days: {
    date: string;
    weekday: number;
    isToday: boolean;
    inPeriod: boolean;
    gaps: { code: string; shiftTypeId: string; text: string }[];
  }[];
  people: {
    userId: string;
    name: string;
    grade: string;
    isMe: boolean;
    deactivated?: boolean;
    cells: {
      /** `counts` false: on the rota but not worked (leave, sickness, closed account). */
      shifts: { id: string; code: string; colour: string; draft: boolean; counts: boolean }[];
      leave: string | null;
    }[];
  }[];
  /** For managers: the period each date belongs to, so an empty cell can offer "add a shift". */
  periodOfDate?: Record<string, string>;
};

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function ShiftCode({
  code,
  colour,
  draft,
  counts,
}: {
  code: string;
  colour: string;
  draft: boolean;
  counts: boolean;
}) {
  const tone = isShiftColour(colour) ? colour : "grey";
  return (
    <span
      className={`baton-shift-code baton-shift-code--${tone}${draft ? " baton-shift-code--draft" : ""}${counts ? "" : " baton-shift-code--not-worked"}`}
    >
      {code}
    </span>
  );
}

/**
 * Client-side navigation for the grid's links with one handler on the grid instead of a Remix
 * <Link> in each cell: a manager's week has a link in every cell, and rendering hundreds of
 * <Link>s (each resolving its path through the router) was a large part of the rota page's
 * server time. The links are plain <a href>, so they work before the scripts load and without
 * JavaScript; once hydrated, an ordinary click navigates without a full page load.
 */
function useGridNavigation() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest?.("a.baton-grid__link");
    const href = link?.getAttribute("href");
    if (!href?.startsWith("/") || href.startsWith("//")) return;
    event.preventDefault();
    navigate(href);
  };
}

/**
 * People down the side, days across. A week fits a 360 px phone without sideways scrolling: below
 * 640 px each person's name and grade sit on a row of their own above their seven cells (the
 * names column keeps its text for screen readers, visually hidden), so the days share the whole
 * width. Longer spans (a rota period) keep the names column, sticky, and scroll sideways. Each
 * day's heading leads to that day's "who is on", and a gap's count to what is short that day.
 * Each cell has a full accessible name, since a screen reader user cannot glance along the row
 * and column.
 */
export function RotaGrid({ data, caption }: { data: RotaGridData; caption: string }) {
  const { days, people, teamId, canManage, periodOfDate } = data;
  // Every cell's accessible name says its day: format each day once, not once per cell.
  const dayNames = days.map((day) => formatDay(day.date));
  const onGridClick = useGridNavigation();
  const week = days.length <= 7;
  const span = days.length + 1;
  const gridClass = week ? "baton-grid baton-grid--week" : "baton-grid";
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    // biome-ignore lint/a11y/useKeyWithClickEvents: the handler only speeds up clicks on the links inside, which keep their own keyboard behaviour
    <section className={gridClass} aria-label={caption} tabIndex={0} onClick={onGridClick}>
      <table className="baton-grid__table">
        <caption className="nhsuk-u-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="baton-grid__person">
              <span className="baton-grid__person-text">Person</span>
            </th>
            {days.map((day, i) => (
              <th
                key={day.date}
                scope="col"
                className={`baton-grid__day${day.isToday ? " baton-grid__day--today" : ""}${day.weekday === 0 || day.weekday === 6 ? " baton-grid__day--weekend" : ""}`}
              >
                <a
                  className="baton-grid__link baton-grid__day-link"
                  href={dayViewPath(teamId, day.date)}
                >
                  <span aria-hidden="true">
                    {WEEKDAYS[day.weekday]}
                    <br />
                    {Number(day.date.slice(8))}
                  </span>
                  <span className="nhsuk-u-visually-hidden">{dayNames[i]}: who is on</span>
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => {
            const grade = person.deactivated ? "Account deactivated" : person.grade;
            return (
              <Fragment key={person.userId}>
                {week ? (
                  // The name as a phone shows it: read once, from the row's own header below.
                  <tr className={`baton-grid__name-row${person.isMe ? " baton-grid__me" : ""}`}>
                    <td colSpan={span} aria-hidden="true">
                      <span className="baton-grid__name">{person.name}</span>{" "}
                      <span className="baton-grid__grade">{grade}</span>
                    </td>
                  </tr>
                ) : null}
                <tr className={person.isMe ? "baton-grid__me" : undefined}>
                  <th scope="row" className="baton-grid__person">
                    <span className="baton-grid__person-text">
                      {person.name}
                      <span className="baton-grid__grade">{grade}</span>
                    </span>
                  </th>
                  {person.cells.map((cell, i) => {
                    const day = days[i]!;
                    const label = `${person.name}, ${dayNames[i]}`;
                    const periodId = periodOfDate?.[day.date];
                    return (
                      <td
                        key={day.date}
                        className={
                          cell.leave
                            ? `baton-grid__leave${cell.shifts.length ? " baton-grid__clash" : ""}`
                            : undefined
                        }
                      >
                        {cell.shifts.map((shift) =>
                          canManage ? (
                            <a
                              key={shift.id}
                              className="baton-grid__link"
                              href={`/team/${teamId}/shifts/${shift.id}`}
                              aria-label={`${label}: ${shift.code}${shift.draft ? " (draft)" : ""}${cell.leave ? `, but ${cell.leave === "Sick" ? "off sick" : "on leave"}` : ""}${shift.counts ? "" : ", not counted for cover"}. Change`}
                            >
                              <ShiftCode {...shift} />
                            </a>
                          ) : (
                            <ShiftCode key={shift.id} {...shift} />
                          ),
                        )}
                        {cell.leave ? (
                          <span className="baton-grid__leave-label">{cell.leave}</span>
                        ) : null}
                        {canManage &&
                        periodId &&
                        !person.deactivated &&
                        cell.shifts.length === 0 &&
                        !cell.leave ? (
                          <a
                            className="baton-grid__link baton-grid__add"
                            href={`/team/${teamId}/rota/${periodId}/shifts/new?userId=${person.userId}&date=${day.date}`}
                            aria-label={`Add a shift for ${label}`}
                          >
                            +
                          </a>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              </Fragment>
            );
          })}
        </tbody>
        <tfoot>
          {week ? (
            <tr className="baton-grid__name-row">
              <td colSpan={span} aria-hidden="true">
                <span className="baton-grid__name">Gaps</span>{" "}
                <span className="baton-grid__grade">tap a number to see what is short</span>
              </td>
            </tr>
          ) : null}
          <tr>
            <th scope="row" className="baton-grid__person">
              <span className="baton-grid__person-text">Gaps</span>
            </th>
            {days.map((day, i) => (
              <td key={day.date} className={day.gaps.length ? "baton-grid__gap" : undefined}>
                {day.gaps.length ? (
                  // A link, not a tooltip: touch screens never show a hover (issue 12).
                  <a
                    className="baton-grid__link baton-grid__gap-link"
                    href={`${dayViewPath(teamId, day.date)}#short-${day.gaps[0]!.code}`}
                  >
                    {day.gaps.length}
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {day.gaps.length === 1 ? "shift" : "shifts"} short on {dayNames[i]}:{" "}
                      {day.gaps.map((g) => `${g.code}, ${g.text}`).join("; ")}
                    </span>
                  </a>
                ) : day.inPeriod ? (
                  <>
                    <span aria-hidden="true">✓</span>
                    <span className="nhsuk-u-visually-hidden">covered</span>
                  </>
                ) : null}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
