import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";
import { formatDay } from "~/models/rota/shift-display";
import { isShiftColour } from "~/models/rota/shift-type-rules";

export type RotaGridData = {
  teamId: string;
  canManage: boolean;
  days: {
    date: string;
    weekday: number;
    isToday: boolean;
    inPeriod: boolean;
    gaps: { code: string; text: string }[];
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
 * People down the side, days across. On a phone the names column stays put while the days
 * scroll sideways (position: sticky inside a horizontally scrolling region). Each cell has a
 * full accessible name, since a screen reader user cannot glance along the row and column.
 */
export function RotaGrid({ data, caption }: { data: RotaGridData; caption: string }) {
  const { days, people, teamId, canManage, periodOfDate } = data;
  // Every cell's accessible name says its day: format each day once, not once per cell.
  const dayNames = days.map((day) => formatDay(day.date));
  const onGridClick = useGridNavigation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    // biome-ignore lint/a11y/useKeyWithClickEvents: the handler only speeds up clicks on the links inside, which keep their own keyboard behaviour
    <section className="baton-grid" aria-label={caption} tabIndex={0} onClick={onGridClick}>
      <table className="baton-grid__table">
        <caption className="nhsuk-u-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="baton-grid__person">
              Person
            </th>
            {days.map((day, i) => (
              <th
                key={day.date}
                scope="col"
                className={`baton-grid__day${day.isToday ? " baton-grid__day--today" : ""}${day.weekday === 0 || day.weekday === 6 ? " baton-grid__day--weekend" : ""}`}
              >
                <span aria-hidden="true">
                  {WEEKDAYS[day.weekday]}
                  <br />
                  {Number(day.date.slice(8))}
                </span>
                <span className="nhsuk-u-visually-hidden">{dayNames[i]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.userId} className={person.isMe ? "baton-grid__me" : undefined}>
              <th scope="row" className="baton-grid__person">
                {person.name}
                <span className="baton-grid__grade">
                  {person.deactivated ? "Account deactivated" : person.grade}
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
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="baton-grid__person">
              Gaps
            </th>
            {days.map((day) => (
              <td key={day.date} className={day.gaps.length ? "baton-grid__gap" : undefined}>
                {day.gaps.length ? (
                  <span title={day.gaps.map((g) => `${g.code}: ${g.text}`).join("; ")}>
                    {day.gaps.length}
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {day.gaps.length === 1 ? "shift" : "shifts"} short:{" "}
                      {day.gaps.map((g) => `${g.code}, ${g.text}`).join("; ")}
                    </span>
                  </span>
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
