import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { localDateKey, mondayOf } from "~/models/local-time";
import { describeGaps } from "~/models/rota/coverage";
import { LEAVE_KINDS, type LeaveKind } from "~/models/rota/leave-rules";
import { applyRotaPatterns } from "~/models/rota/rota-patterns.server";
import { describePeriod } from "~/models/rota/rota-period-rules";
import {
  deleteDraftPeriod,
  getRotaPeriod,
  publishRotaPeriod,
} from "~/models/rota/rota-periods.server";
import { reviewRotaPeriod } from "~/models/rota/rota-review.server";
import { formatDay } from "~/models/rota/shift-display";
import { listPeriodChanges } from "~/models/rota/shifts.server";
import { RULE_SET_NAMES } from "~/models/rules/working-time-rules";
import { openShiftFromGap } from "~/models/swaps/open-shifts.server";
import { TEXT_LIMITS } from "~/models/text-limits";
import { inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const teamId = params.teamId!;
  const periodId = params.periodId!;
  const ipAddress = context.clientAddress;
  const { team } = getRotaPeriod({ actor, teamId, periodId, ipAddress });
  // Staff see a published period in the grid; this page is for building and reviewing it.
  if (!team.canManage) throw redirect(`/team/${teamId}/rota?period=${periodId}`);
  const review = reviewRotaPeriod({ actor, teamId, periodId, ipAddress });
  const { period } = review;
  // A gap on a published rota, from today on, can become an open shift in one tap.
  const today = localDateKey(new Date(), team.timeZone);
  const canOpen = (date: string) => period.status === "published" && date >= today;
  const gapsByDate = new Map<
    string,
    { shiftTypeId: string; code: string; name: string; text: string; short: string[] }[]
  >();
  for (const gap of review.gaps) {
    const list = gapsByDate.get(gap.date) ?? [];
    list.push({
      shiftTypeId: gap.shiftTypeId,
      code: gap.code,
      name: gap.name,
      text: describeGaps(gap.gaps),
      short: canOpen(gap.date) ? gap.gaps.map((g) => g.qualification) : [],
    });
    gapsByDate.set(gap.date, list);
  }
  const imported = /^(\d+)-(\d+)-(\d+)$/.exec(
    new URL(request.url).searchParams.get("imported") ?? "",
  );
  return {
    imported: imported && {
      added: Number(imported[1]),
      removed: Number(imported[2]),
      people: Number(imported[3]),
    },
    team: { id: team.id, name: team.name, ruleSet: team.ruleSet },
    period: {
      id: period.id,
      status: period.status,
      label: describePeriod(period.startDate, period.endDate),
      startDate: period.startDate,
    },
    shiftCount: review.shiftCount,
    peopleCount: review.peopleCount,
    gapWeeks: groupByWeek(
      [...gapsByDate.entries()].map(([date, gaps]) => ({ date, day: formatDay(date), gaps })),
    ),
    gapCount: review.gaps.length,
    breaches: review.breaches,
    duringLeave: review.duringLeave.map((s) => ({ ...s, day: formatDay(s.date) })),
    changes:
      period.status === "published"
        ? listPeriodChanges({ actor, teamId, periodId }).map((c) => ({
            id: c.id,
            kind: c.kind,
            summary: c.summary,
            person: c.person,
            by: c.by,
            at: c.at.toLocaleString("en-GB", {
              timeZone: team.timeZone,
              dateStyle: "medium",
              timeStyle: "short",
            }),
          }))
        : [],
  };
}

/**
 * "Make open shift" tells everyone eligible at once, so it asks first: a plain form, so it works
 * without JavaScript (the second post carries confirmed=yes), as "Give back as open" does.
 */
function ConfirmOpenShift({ confirm, shiftName }: { confirm: ConfirmOpen; shiftName: string }) {
  return (
    <div className="nhsuk-warning-callout" role="alert">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>Make an open shift for{" "}
        {confirm.qualification}?
      </h2>
      <p>
        {shiftName}, {confirm.day}: everyone who could work it is told it is open and can claim it.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="open-from-gap" />
        <input type="hidden" name="shiftTypeId" value={confirm.shiftTypeId} />
        <input type="hidden" name="date" value={confirm.date} />
        <input type="hidden" name="qualification" value={confirm.qualification} />
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" className="nhsuk-button nhsuk-button--warning">
          Yes, make it open
        </button>
      </Form>
      <p>
        <Link to=".">No, go back</Link>
      </p>
    </div>
  );
}

/** Gaps a week at a time, so a month of them folds into four lines on a phone. */
function groupByWeek<T extends { date: string }>(days: T[]) {
  const weeks = new Map<string, T[]>();
  for (const day of days) {
    const monday = mondayOf(day.date);
    weeks.set(monday, [...(weeks.get(monday) ?? []), day]);
  }
  return [...weeks.entries()].map(([monday, list]) => ({ monday: formatDay(monday), days: list }));
}

const PeriodActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.enum(["apply-patterns", "publish", "delete"]),
    // Sent back from the "shifts during leave" confirmation; the model checks it still matches.
    confirmation: z.string().max(100).optional(),
  }),
  z.object({
    intent: z.literal("open-from-gap"),
    shiftTypeId: z.string().min(1).max(64),
    date: z.string().min(1).max(10),
    // Matched against the shift type's own requirements; the open shift stores that requirement.
    qualification: z.string().min(1).max(TEXT_LIMITS.requirements),
    // It tells everyone eligible at once: the first tap asks, the second ("yes") posts it.
    confirmed: z.literal("yes").optional(),
  }),
]);

type ConfirmOpen = { shiftTypeId: string; date: string; day: string; qualification: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(PeriodActionSchema, await readForm(request));
  const none = { applied: null, published: null, opened: null, confirmOpen: null };
  if (!parsed.ok) return { ...none, errors: parsed.errors };
  const args = {
    actor,
    teamId: params.teamId!,
    periodId: params.periodId!,
    ipAddress: context.clientAddress,
  };
  try {
    switch (parsed.data.intent) {
      case "apply-patterns":
        return { ...none, errors: [], applied: applyRotaPatterns(args) };
      case "publish":
        return {
          ...none,
          errors: [],
          published: publishRotaPeriod({ ...args, confirmation: parsed.data.confirmation }),
        };
      case "open-from-gap": {
        const { shiftTypeId, date, qualification, confirmed } = parsed.data;
        if (confirmed !== "yes") {
          const confirmOpen: ConfirmOpen = {
            shiftTypeId,
            date,
            day: formatDay(date),
            qualification,
          };
          return { ...none, errors: [], confirmOpen };
        }
        openShiftFromGap({
          actor,
          teamId: args.teamId,
          shiftTypeId,
          date,
          qualification,
          ipAddress: args.ipAddress,
        });
        return {
          ...none,
          errors: [],
          opened: `Open shift posted for ${qualification} on ${formatDay(date)}. Everyone eligible has been told.`,
        };
      }
      case "delete":
        deleteDraftPeriod(args);
        throw redirect(`/team/${params.teamId}/rota`);
    }
  } catch (error) {
    return { ...none, errors: inputErrors(error) };
  }
}

export default function RotaPeriodPage() {
  const {
    imported,
    team,
    period,
    shiftCount,
    peopleCount,
    gapWeeks,
    gapCount,
    breaches,
    duringLeave,
    changes,
  } = useLoaderData<typeof loader>();
  const breachCount = breaches.reduce((sum, p) => sum + p.breaches.length, 0);
  const actionData = useKeptActionData<typeof action>();
  const draft = period.status === "draft";
  const base = `/team/${team.id}/rota/${period.id}`;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/rota`}>Back to the rota</Link>
      </p>
      <h1 className="nhsuk-heading-l">
        {period.label}{" "}
        <span className={`baton-tag${draft ? " baton-tag--warning" : ""}`}>
          {draft ? "Draft" : "Published"}
        </span>
      </h1>
      <p>
        {shiftCount} shift{shiftCount === 1 ? "" : "s"} for {peopleCount}{" "}
        {peopleCount === 1 ? "person" : "people"}.{" "}
        {draft
          ? "Only managers can see this draft."
          : "Everyone in the team can see it; each change you make is recorded and told to the person."}
      </p>
      <ErrorSummary errors={actionData?.errors ?? []} />
      {actionData?.applied ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            Patterns added {actionData.applied.added} shift
            {actionData.applied.added === 1 ? "" : "s"}.
            {actionData.applied.skipped.length
              ? ` ${actionData.applied.skipped.length} could not be added:`
              : ""}
          </p>
          {actionData.applied.skipped.length ? (
            <ul>
              {actionData.applied.skipped.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, shown once; two people may share a name
                <li key={i}>
                  {s.name}, {formatDay(s.date)} {s.code}: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {actionData?.confirmOpen ? (
        <ConfirmOpenShift
          confirm={actionData.confirmOpen}
          shiftName={
            gapWeeks
              .flatMap((w) => w.days)
              .find((d) => d.date === actionData.confirmOpen?.date)
              ?.gaps.find((g) => g.shiftTypeId === actionData.confirmOpen?.shiftTypeId)?.name ??
            "the shift"
          }
        />
      ) : null}
      {actionData?.opened ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            {actionData.opened} <Link to="/swaps">See it on Swaps</Link>
          </p>
        </div>
      ) : null}
      {imported && !actionData ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            Spreadsheet imported for {imported.people} {imported.people === 1 ? "person" : "people"}
            : {imported.added} shift
            {imported.added === 1 ? "" : "s"} added, {imported.removed} removed.
          </p>
        </div>
      ) : null}
      {actionData?.published?.published ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            Published. {actionData.published.told}{" "}
            {actionData.published.told === 1 ? "person has" : "people have"} been told.
          </p>
        </div>
      ) : null}
      {actionData?.published && !actionData.published.published ? (
        <ConfirmPublish
          teamId={team.id}
          duringAbsence={actionData.published.duringAbsence}
          confirmation={actionData.published.confirmation}
        />
      ) : null}
      <ul className="baton-list baton-actions">
        <li>
          <Link className="baton-actions__item" to={`/team/${team.id}/rota?period=${period.id}`}>
            See the grid
          </Link>
        </li>
        <li>
          <Link className="baton-actions__item" to={`${base}/shifts/new`}>
            Add a shift
          </Link>
        </li>
        {draft ? null : (
          <li>
            <Link className="baton-actions__item" to={`/team/${team.id}/open-shifts/new`}>
              Post an open shift
            </Link>
          </li>
        )}
        {draft ? (
          <>
            <li>
              <Form method="post">
                <input type="hidden" name="intent" value="apply-patterns" />
                <button type="submit" className="baton-link-button">
                  Fill from patterns
                </button>
              </Form>
            </li>
            <li>
              <Link className="baton-actions__item" to={`${base}/import`}>
                Import a spreadsheet
              </Link>
            </li>
          </>
        ) : null}
        <li>
          <a
            className="baton-actions__item"
            href={`/team/${team.id}/rota/${period.id}.csv`}
            download
          >
            Download as a spreadsheet (CSV)
          </a>
        </li>
      </ul>
      <p>
        <a href="#gaps">
          {gapCount} shift{gapCount === 1 ? "" : "s"} short of staff
        </a>
        {team.ruleSet ? (
          <>
            {" · "}
            <a href="#breaches">
              {breachCount} working-time breach{breachCount === 1 ? "" : "es"}
            </a>
          </>
        ) : null}
      </p>

      {duringLeave.length ? (
        <section aria-labelledby="during-leave">
          <h2 className="nhsuk-heading-m" id="during-leave">
            Shifts during leave
          </h2>
          <p>
            Leave or sickness was recorded after these shifts were made. They count for no cover:
            give each to someone else.
          </p>
          <ul className="baton-list">
            {duringLeave.map((s) => (
              <li key={s.shiftId}>
                <Link to={`/team/${team.id}/shifts/${s.shiftId}`}>
                  {s.name}, {s.day} {s.code}
                </Link>
                <span className="baton-list__meta">{s.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="gaps">
        <h2 className="nhsuk-heading-m" id="gaps">
          Coverage gaps
        </h2>
        {gapCount === 0 ? (
          <p>Every shift has the staff its shift type asks for.</p>
        ) : (
          gapWeeks.map((week) => (
            <details className="nhsuk-details" key={week.monday}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  Week of {week.monday}: {week.days.reduce((n, d) => n + d.gaps.length, 0)} short
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <ul className="nhsuk-list">
                  {week.days.map((day) => (
                    <li key={day.date}>
                      <strong>{day.day}</strong>
                      {day.gaps.map((gap) => (
                        <div key={gap.code}>
                          <span className="baton-list__meta">
                            {gap.name} ({gap.code}): {gap.text}
                          </span>
                          {gap.short.map((qualification) => (
                            <Form method="post" key={qualification} className="baton-inline-form">
                              <input type="hidden" name="intent" value="open-from-gap" />
                              <input type="hidden" name="shiftTypeId" value={gap.shiftTypeId} />
                              <input type="hidden" name="date" value={day.date} />
                              <input type="hidden" name="qualification" value={qualification} />
                              <button type="submit" className="baton-link-button">
                                Make open shift for {qualification}
                                <span className="nhsuk-u-visually-hidden">
                                  {" "}
                                  on {gap.name}, {day.day}
                                </span>
                              </button>
                            </Form>
                          ))}
                        </div>
                      ))}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          ))
        )}
      </section>

      <section aria-labelledby="breaches">
        <h2 className="nhsuk-heading-m" id="breaches">
          Working-time breaches
        </h2>
        {!team.ruleSet ? (
          <p>
            This team's rota is not checked against working-time rules.{" "}
            <Link to={`/team/${team.id}/rota#rules`}>Choose a rule set</Link>.
          </p>
        ) : breaches.length === 0 ? (
          <p>None under the {RULE_SET_NAMES[team.ruleSet]}.</p>
        ) : (
          breaches.map((person) => (
            <details className="nhsuk-details" key={person.userId}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  {person.name}: {person.breaches.length} breach
                  {person.breaches.length === 1 ? "" : "es"}
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <ul className="nhsuk-list">
                  {person.breaches.map((b) => (
                    <li key={`${b.rule}-${b.shifts.join(",")}`}>
                      {b.message} <span className="baton-list__meta">Rule {b.rule}</span>
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          ))
        )}
      </section>

      {draft ? (
        <section className="baton-card" aria-labelledby="publish">
          <h2 className="nhsuk-heading-m" id="publish">
            Publish
          </h2>
          <p>
            Publishing shows this rota to everyone in {team.name} and tells each of the{" "}
            {peopleCount} {peopleCount === 1 ? "person" : "people"} on it. After that, every change
            is recorded and told to the person it affects.
          </p>
          <Form method="post" className="baton-row">
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="nhsuk-button">
              Publish rota
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Delete this draft
            </button>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="changes">
          <h2 className="nhsuk-heading-m" id="changes">
            Changes since publishing
          </h2>
          {changes.length ? (
            <ul className="baton-list">
              {changes.map((c) => (
                <li key={c.id}>
                  <span className="baton-list__title">
                    {c.person}: {c.kind}
                  </span>
                  <span className="baton-list__meta">{c.summary}</span>
                  <span className="baton-list__meta">
                    by {c.by}, {c.at}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p>No changes yet.</p>
          )}
        </section>
      )}
    </>
  );
}

/**
 * Publishing stopped to ask: these shifts fall on their person's leave or sickness. A plain
 * form, so it works without JavaScript: publishing again sends the confirmation back.
 */
function ConfirmPublish({
  teamId,
  duringAbsence,
  confirmation,
}: {
  teamId: string;
  duringAbsence: { shiftId: string; name: string; date: string; code: string; kind: LeaveKind }[];
  confirmation: string;
}) {
  const count = duringAbsence.length;
  return (
    <div className="nhsuk-warning-callout" role="alert">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        {count} shift{count === 1 ? "" : "s"} during leave
      </h2>
      <p>
        The rota has not been published. These shifts fall on days their person is on leave or off
        sick. Published as they are, they count for no cover and show as not working to the person
        and their colleagues. Give each to someone else, or publish anyway.
      </p>
      <table className="nhsuk-table">
        <caption className="nhsuk-u-visually-hidden">Shifts during leave or sickness</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Date</th>
            <th scope="col">Shift</th>
            <th scope="col">Leave</th>
          </tr>
        </thead>
        <tbody>
          {duringAbsence.map((s) => (
            <tr key={s.shiftId}>
              <td>
                <Link to={`/team/${teamId}/shifts/${s.shiftId}`}>{s.name}</Link>
              </td>
              <td>{formatDay(s.date)}</td>
              <td>{s.code}</td>
              <td>{LEAVE_KINDS[s.kind]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post">
        <input type="hidden" name="intent" value="publish" />
        <input type="hidden" name="confirmation" value={confirmation} />
        <button type="submit" className="nhsuk-button nhsuk-button--warning">
          Publish with these shifts
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rota ${data?.period.label ?? ""} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
