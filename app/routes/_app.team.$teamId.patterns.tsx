import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
import { ErrorSummary, PersonSelectField, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import { listTeamMembers } from "~/models/accounts/members.server";
import { addDays, isDateKey, localDateKey, mondayOf, realDateMessage } from "~/models/local-time";
import { weeklyRecurrence } from "~/models/rota/rota-patterns";
import {
  createRecurrencePattern,
  createRotaLinePatterns,
  listRotaPatterns,
  stopRotaPattern,
} from "~/models/rota/rota-patterns.server";
import { formatDay } from "~/models/rota/shift-display";
import { listShiftTypes } from "~/models/rota/shift-types.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { askFirst, isConfirmed } from "~/web/confirm";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const ipAddress = context.clientAddress;
  const { team, weekly, rotas } = listRotaPatterns({ actor, teamId: params.teamId!, ipAddress });
  const { members } = listTeamMembers({ actor, teamId: team.id });
  const { shiftTypes } = listShiftTypes({ actor, teamId: team.id });
  const today = localDateKey(Date.now(), team.timeZone);
  return {
    team: { id: team.id, name: team.name },
    weekly: weekly.map((w) => ({ ...w, from: formatDay(w.startDate) })),
    rotas: rotas.map((r) => ({
      ...r,
      from: formatDay(r.cycleStart),
      // Each line's seven days, Monday first; null is a day off.
      grid: r.lines.split("\n").map((line) =>
        line
          .trim()
          .split(/\s+/)
          .map((cell) => (cell === "-" ? null : cell)),
      ),
    })),
    people: members
      .filter((m) => !m.deactivatedAt)
      .map((m) => ({ userId: m.userId, name: m.name, grade: m.grade })),
    shiftTypes: shiftTypes
      .filter((t) => !t.archivedAt)
      .map((t) => ({ id: t.id, code: t.code, name: t.name })),
    nextMonday: addDays(mondayOf(today), 7),
  };
}

const WEEKDAYS = [
  ["MO", "Monday"],
  ["TU", "Tuesday"],
  ["WE", "Wednesday"],
  ["TH", "Thursday"],
  ["FR", "Friday"],
  ["SA", "Saturday"],
  ["SU", "Sunday"],
] as const;

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** How many lines the pickers offer (line1 to line6 below); a longer cycle is typed (up to 52). */
const PICKER_LINES = 6;
// One select per day, all named for their line: a line arrives as up to seven values in order.
const pickerRow = list.pipe(
  z.array(z.string().max(16, "Choose a shift code.")).max(7, "A line has seven days."),
);
/**
 * The pickers' lines as text for `parseRotaLinesText`: a line with nothing chosen is not used;
 * in a used line, a day left blank is a day off ("-").
 */
function linesFromPickers(rows: string[][]): string {
  return rows
    .filter((row) => row.some((cell) => cell.trim() !== ""))
    .map((row) => Array.from({ length: 7 }, (_, d) => (row[d] ?? "").trim() || "-").join(" "))
    .join("\n");
}

const PatternActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("weekly"),
    userId: z.string().min(1, "Choose a person."),
    shiftTypeId: z.string().min(1, "Choose a shift."),
    startDate: z.string().min(1, "Enter the first date."),
    days: list,
    interval: z.coerce.number().int().min(1).max(8).default(1),
    untilDate: z.string().optional().default(""),
    rule: z
      .string()
      .max(TEXT_LIMITS.recurrenceRule, tooLongMessage("The rule", TEXT_LIMITS.recurrenceRule))
      .optional()
      .default(""),
  }),
  z.object({
    intent: z.literal("lines"),
    // Typed lines (for a cycle longer than the pickers offer) win over the pickers.
    lines: z
      .string()
      .max(TEXT_LIMITS.rotaLines, tooLongMessage("The rota lines", TEXT_LIMITS.rotaLines))
      .optional()
      .default(""),
    line1: pickerRow,
    line2: pickerRow,
    line3: pickerRow,
    line4: pickerRow,
    line5: pickerRow,
    line6: pickerRow,
    cycleStart: z.string().min(1, "Choose the Monday the cycle starts."),
    userIds: list,
  }),
  z.object({ intent: z.literal("stop"), patternId: z.string().min(1) }),
]);

/** Stopping a pattern acts only when confirmed (docs/decisions/024); without it, it asks. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(PatternActionSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, done: null };
  if (parsed.data.intent === "stop" && !isConfirmed(form))
    return { errors: [], done: null, ...askFirst("stop", { patternId: parsed.data.patternId }) };
  const teamId = params.teamId!;
  const ipAddress = context.clientAddress;
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "weekly":
        if (!input.rule.trim() && input.days.length === 0)
          return { errors: [{ field: "days", message: "Choose at least one day." }], done: null };
        if (!input.rule.trim() && !isDateKey(input.untilDate))
          return {
            errors: [
              {
                field: "untilDate",
                message: realDateMessage(input.untilDate, "Enter the last date of the pattern."),
              },
            ],
            done: null,
          };
        createRecurrencePattern({
          actor,
          teamId,
          userId: input.userId,
          shiftTypeId: input.shiftTypeId,
          startDate: input.startDate,
          // A rule typed in full wins over the simple form.
          rule: input.rule.trim() || weeklyRecurrence(input),
          ipAddress,
        });
        return { errors: [], done: "Pattern saved. Fill a draft period from patterns to use it." };
      case "lines": {
        const linesText =
          input.lines.trim() ||
          linesFromPickers([
            input.line1,
            input.line2,
            input.line3,
            input.line4,
            input.line5,
            input.line6,
          ]);
        if (!linesText)
          return {
            errors: [{ field: "lines", message: "Choose the shifts of at least one line." }],
            done: null,
          };
        const { patternIds } = createRotaLinePatterns({
          actor,
          teamId,
          linesText,
          cycleStart: input.cycleStart,
          userIds: input.userIds,
          ipAddress,
        });
        return {
          errors: [],
          done: `Rotating rota saved for ${patternIds.length} ${patternIds.length === 1 ? "person" : "people"}.`,
        };
      }
      case "stop":
        stopRotaPattern({ actor, teamId, patternId: input.patternId, ipAddress });
        throw redirectWithToast(request, `/team/${teamId}/patterns`, {
          kind: "success",
          message: "Pattern stopped. The shifts it already made stay.",
        });
    }
  } catch (error) {
    return { errors: inputErrors(error), done: null };
  }
}

export default function Patterns() {
  const { team, weekly, rotas, people, shiftTypes, nextMonday } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/rota`}>Back to the rota</Link>
      </p>
      <h1 className="nhsuk-heading-l">Patterns</h1>
      <p>
        Patterns repeat on the ward's calendar: an early on Mondays stays a 07:30 start when the
        clocks change. They make shifts when you fill a draft period from them; filling again never
        doubles a shift, and shifts you moved or removed stay as you left them.
      </p>
      {actionData?.done ? (
        <ToastBanner toast={{ kind: "success", message: actionData.done }} />
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      <ConfirmStep
        asking={actionData && "confirm" in actionData ? actionData.confirm : null}
        confirmations={[
          ...rotas.flatMap((r) => r.people.map((p) => stopPattern(p.id, p.name))),
          ...weekly.map((w) => stopPattern(w.id, w.name)),
        ]}
      />
      <section aria-labelledby="current">
        <h2 className="nhsuk-heading-m" id="current">
          In use
        </h2>
        {weekly.length === 0 && rotas.length === 0 ? <p>No patterns yet.</p> : null}
        {rotas.map((rota) => (
          <details className="baton-card baton-pattern" key={`${rota.cycleStart}-${rota.lines}`}>
            <summary className="baton-pattern__summary">
              Rotating rota of {rota.lineCount} week{rota.lineCount === 1 ? "" : "s"}, from the week
              of {rota.from}
              <span className="baton-list__meta">
                {rota.people.length} {rota.people.length === 1 ? "person" : "people"}
              </span>
            </summary>
            <RotaLinesTable grid={rota.grid} caption={`Lines of the rota from ${rota.from}`} />
            <ul className="baton-list">
              {rota.people.map((person) => (
                <li key={person.id} className="baton-split">
                  <span>
                    {person.name}
                    <span className="baton-list__meta">Starts on line {person.line}</span>
                  </span>
                  <StopButton patternId={person.id} name={person.name} />
                </li>
              ))}
            </ul>
          </details>
        ))}
        {weekly.map((w) => (
          <details className="baton-card baton-pattern" key={w.id}>
            <summary className="baton-pattern__summary">
              {w.name}
              <span className="baton-list__meta">{w.shift}</span>
            </summary>
            <div className="baton-split">
              <span>
                From {w.from}, {w.repeats}
              </span>
              <StopButton patternId={w.id} name={w.name} />
            </div>
          </details>
        ))}
      </section>

      <h2 className="nhsuk-heading-m">New pattern</h2>
      <details className="baton-card baton-pattern" open={errors?.length ? true : undefined}>
        <summary className="baton-pattern__summary" id="weekly">
          A weekly pattern for one person
        </summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="weekly" />
          <PersonSelectField
            id="userId"
            label="Person"
            people={people}
            error={fieldError(errors, "userId")}
          />
          <SelectField
            id="shiftTypeId"
            name="shiftTypeId"
            label="Shift"
            defaultValue=""
            error={fieldError(errors, "shiftTypeId")}
          >
            <option value="" disabled>
              Choose a shift
            </option>
            {shiftTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.code} {t.name}
              </option>
            ))}
          </SelectField>
          <fieldset
            className={`nhsuk-fieldset nhsuk-form-group${fieldError(errors, "days") ? " nhsuk-form-group--error" : ""}`}
            id="days"
          >
            <legend className="nhsuk-fieldset__legend nhsuk-label">On these days</legend>
            {fieldError(errors, "days") ? (
              <span className="nhsuk-error-message">
                <span className="nhsuk-u-visually-hidden">Error:</span> {fieldError(errors, "days")}
              </span>
            ) : null}
            <div className="nhsuk-checkboxes baton-weekdays">
              {WEEKDAYS.map(([code, name]) => (
                <div className="nhsuk-checkboxes__item" key={code}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={`day-${code}`}
                    type="checkbox"
                    name="days"
                    value={code}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`day-${code}`}>
                    {name}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <SelectField id="interval" name="interval" label="Repeat" defaultValue="1">
            <option value="1">Every week</option>
            <option value="2">Every 2 weeks</option>
            <option value="3">Every 3 weeks</option>
            <option value="4">Every 4 weeks</option>
          </SelectField>
          <TextField
            id="startDate"
            name="startDate"
            type="date"
            label="From"
            defaultValue={nextMonday}
            error={fieldError(errors, "startDate")}
          />
          <TextField
            id="untilDate"
            name="untilDate"
            type="date"
            label="Until"
            error={fieldError(errors, "untilDate")}
          />
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Type a repeat rule instead</span>
            </summary>
            <div className="nhsuk-details__text">
              <TextField
                id="rule"
                maxLength={TEXT_LIMITS.recurrenceRule}
                name="rule"
                label="Repeat rule (iCalendar RRULE)"
                hint="For example FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;COUNT=6. It replaces the days and dates above."
                error={fieldError(errors, "rule")}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
          </details>
          <button type="submit" className="nhsuk-button">
            Save pattern
          </button>
        </Form>
      </details>

      <details className="baton-card baton-pattern" open={errors?.length ? true : undefined}>
        <summary className="baton-pattern__summary" id="lines">
          A rotating rota
        </summary>
        <p>
          Each line is a week, Monday to Sunday. The first person you tick starts on line 1, the
          second on line 2, and so on; each moves down a line every week and back to the top after
          the last.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="lines" />
          <fieldset
            className={`nhsuk-fieldset nhsuk-form-group${fieldError(errors, "lines") ? " nhsuk-form-group--error" : ""}`}
            id="lines-pickers"
            aria-describedby={`lines-hint${fieldError(errors, "lines") ? " lines-error" : ""}`}
          >
            <legend className="nhsuk-fieldset__legend nhsuk-label">Lines</legend>
            <div className="nhsuk-hint" id="lines-hint">
              Choose each day's shift; "Off" or a blank day is a day off. Lines with nothing chosen
              are not used.
            </div>
            {fieldError(errors, "lines") ? (
              <span className="nhsuk-error-message" id="lines-error">
                <span className="nhsuk-u-visually-hidden">Error:</span>{" "}
                {fieldError(errors, "lines")}
              </span>
            ) : null}
            <table className="baton-lines-grid">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="nhsuk-u-visually-hidden">Line</span>
                  </th>
                  {WEEKDAYS.map(([code, name]) => (
                    <th scope="col" key={code}>
                      <span aria-hidden="true">{name.slice(0, 3)}</span>
                      <span className="nhsuk-u-visually-hidden">{name}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: PICKER_LINES }, (_, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed number of lines
                  <tr key={r}>
                    <th scope="row">{r + 1}</th>
                    {WEEKDAYS.map(([code, name]) => (
                      <td key={code}>
                        <label className="nhsuk-u-visually-hidden" htmlFor={`line${r + 1}-${code}`}>
                          Line {r + 1}, {name}
                        </label>
                        <select
                          className="baton-lines-grid__select"
                          id={`line${r + 1}-${code}`}
                          name={`line${r + 1}`}
                          defaultValue=""
                        >
                          <option value="">·</option>
                          <option value="-">Off</option>
                          {shiftTypes.map((t) => (
                            <option key={t.id} value={t.code}>
                              {t.code}
                            </option>
                          ))}
                        </select>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Type the lines instead (a cycle of more than {PICKER_LINES} weeks)
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <label className="nhsuk-label" htmlFor="lines-text">
                Lines as text
              </label>
              <div className="nhsuk-hint" id="lines-text-hint">
                One line a week, shift codes separated by spaces, - for a day off. For example: E E
                L L - - -. Used instead of the choices above.
              </div>
              <textarea
                className="nhsuk-textarea baton-lines"
                id="lines-text"
                name="lines"
                maxLength={TEXT_LIMITS.rotaLines}
                rows={5}
                aria-describedby="lines-text-hint"
                spellCheck={false}
                autoCapitalize="characters"
              />
            </div>
          </details>
          <TextField
            id="cycleStart"
            name="cycleStart"
            type="date"
            label="First week starts on (a Monday)"
            defaultValue={nextMonday}
            error={fieldError(errors, "cycleStart")}
          />
          <fieldset className="nhsuk-fieldset nhsuk-form-group" id="userIds">
            <legend className="nhsuk-fieldset__legend nhsuk-label">People, in line order</legend>
            {fieldError(errors, "userIds") ? (
              <span className="nhsuk-error-message">
                <span className="nhsuk-u-visually-hidden">Error:</span>{" "}
                {fieldError(errors, "userIds")}
              </span>
            ) : null}
            <div className="nhsuk-checkboxes">
              {people.map((p) => (
                <div className="nhsuk-checkboxes__item" key={p.userId}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={`person-${p.userId}`}
                    type="checkbox"
                    name="userIds"
                    value={p.userId}
                  />
                  <label
                    className="nhsuk-label nhsuk-checkboxes__label"
                    htmlFor={`person-${p.userId}`}
                  >
                    {p.name} ({p.grade})
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="nhsuk-button">
            Save rotating rota
          </button>
        </Form>
      </details>
    </>
  );
}

/** A rotating rota's lines as a table: a row a week, Monday to Sunday; "Off" for a day off. */
function RotaLinesTable({ grid, caption }: { grid: (string | null)[][]; caption: string }) {
  return (
    <table className="baton-lines-grid baton-lines-grid--show">
      <caption className="nhsuk-u-visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          {WEEKDAYS.map(([code, name]) => (
            <th scope="col" key={code}>
              <span aria-hidden="true">{name.slice(0, 3)}</span>
              <span className="nhsuk-u-visually-hidden">{name}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.map((line, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are numbered by position
          <tr key={r}>
            <th scope="row">{r + 1}</th>
            {line.map((cell, d) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: seven days in order
              <td key={d}>{cell ?? <span className="baton-lines-grid__off">Off</span>}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Stopping a pattern asks first: what it stops, and that what it made stays. */
function stopPattern(patternId: string, name: string): Confirmation {
  return {
    intent: "stop",
    fields: { patternId },
    label: (
      <>
        Stop<span className="nhsuk-u-visually-hidden"> {name}'s pattern</span>
      </>
    ),
    buttonClassName: "nhsuk-button nhsuk-button--secondary nhsuk-button--small",
    formClassName: "baton-inline-form",
    question: `Stop ${name}'s pattern?`,
    consequence: (
      <p>
        Filling a draft from patterns will no longer make shifts for {name} from it. The shifts it
        has already made stay on the rota.
      </p>
    ),
    confirmLabel: "Yes, stop the pattern",
  };
}

function StopButton({ patternId, name }: { patternId: string; name: string }) {
  return <ConfirmButton confirmation={stopPattern(patternId, name)} />;
}

export const meta: MetaFunction = () => [{ title: "Patterns – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
