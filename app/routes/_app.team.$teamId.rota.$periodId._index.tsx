import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import { localDateKey, mondayOf } from "~/models/local-time";
import { describeGaps } from "~/models/rota/coverage";
import { LEAVE_KINDS, type LeaveKind } from "~/models/rota/leave-rules";
import { applyRotaPatterns } from "~/models/rota/rota-patterns.server";
import { describePeriod } from "~/models/rota/rota-period-rules";
import {
  deleteDraftPeriod,
  getRotaPeriod,
  publishConfirmation,
  publishRotaPeriod,
} from "~/models/rota/rota-periods.server";
import { reviewRotaPeriod } from "~/models/rota/rota-review.server";
import { formatDay } from "~/models/rota/shift-display";
import { listPeriodChanges } from "~/models/rota/shifts.server";
import { RULE_SET_NAMES } from "~/models/rules/working-time-rules";
import { openShiftFromGap } from "~/models/swaps/open-shifts.server";
import { TEXT_LIMITS } from "~/models/text-limits";
import { askFirst, isConfirmed } from "~/web/confirm";
import { inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

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
  return {
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
    // Sent back with Publish: it confirms the shifts during leave listed in the same question.
    publishConfirmation:
      period.status === "draft" ? publishConfirmation(period.id).confirmation : null,
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
  }),
]);

/**
 * Publish (tells everyone on the rota), delete (loses every shift in the draft) and make open
 * shift (tells everyone eligible) act only when confirmed (docs/decisions/024); without
 * `confirmed=yes` they answer `askFirst` and change nothing. Each success redirects here, or to
 * the rota, with a toast saying what is now true.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(PeriodActionSchema, form);
  const none = { applied: null, published: null, confirm: null };
  if (!parsed.ok) return { ...none, errors: parsed.errors };
  const teamId = params.teamId!;
  const periodId = params.periodId!;
  const args = { actor, teamId, periodId, ipAddress: context.clientAddress };
  const here = `/team/${teamId}/rota/${periodId}`;
  const input = parsed.data;
  if (input.intent !== "apply-patterns" && !isConfirmed(form)) {
    // Only someone who may act is asked: anyone else gets the same 404 as for acting.
    getRotaPeriod({ ...args, manage: true });
    const fields: Record<string, string> =
      input.intent === "open-from-gap"
        ? { shiftTypeId: input.shiftTypeId, date: input.date, qualification: input.qualification }
        : {};
    return { ...none, errors: [], ...askFirst(input.intent, fields) };
  }
  try {
    switch (input.intent) {
      case "apply-patterns":
        // Stays on the page (no redirect): what could not be added is a list too long for a
        // cookie, shown under the same result banner.
        return { ...none, errors: [], applied: applyRotaPatterns(args) };
      case "publish": {
        const published = publishRotaPeriod({ ...args, confirmation: input.confirmation });
        // The list of shifts during leave changed since the page was drawn: ask again, with it.
        if (!published.published) return { ...none, errors: [], published };
        throw redirectWithToast(request, here, {
          kind: "success",
          message: `Published. ${published.told} ${
            published.told === 1 ? "person has" : "people have"
          } been told.`,
        });
      }
      case "open-from-gap": {
        const { shiftTypeId, date, qualification } = input;
        openShiftFromGap({
          actor,
          teamId,
          shiftTypeId,
          date,
          qualification,
          ipAddress: args.ipAddress,
        });
        throw redirectWithToast(request, here, {
          kind: "success",
          message: `Open shift posted for ${qualification} on ${formatDay(date)}. Everyone eligible has been told.`,
          links: [{ to: "/swaps", label: "See it on Swaps" }],
        });
      }
      case "delete": {
        const { period } = getRotaPeriod(args);
        const { shiftCount } = reviewRotaPeriod(args);
        deleteDraftPeriod(args);
        throw redirectWithToast(request, `/team/${teamId}/rota`, {
          kind: "success",
          message: `The draft for ${describePeriod(period.startDate, period.endDate)} has been deleted, with its ${shiftCount} shift${shiftCount === 1 ? "" : "s"}.`,
        });
      }
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return { ...none, errors: inputErrors(error) };
  }
}

export default function RotaPeriodPage() {
  const {
    team,
    period,
    shiftCount,
    peopleCount,
    gapWeeks,
    gapCount,
    breaches,
    duringLeave,
    changes,
    publishConfirmation,
  } = useLoaderData<typeof loader>();
  const breachCount = breaches.reduce((sum, p) => sum + p.breaches.length, 0);
  const actionData = useKeptActionData<typeof action>();
  const draft = period.status === "draft";
  const base = `/team/${team.id}/rota/${period.id}`;
  const people = `${peopleCount} ${peopleCount === 1 ? "person" : "people"}`;
  const shifts = `${shiftCount} shift${shiftCount === 1 ? "" : "s"}`;
  const publish: Confirmation = {
    intent: "publish",
    fields: publishConfirmation ? { confirmation: publishConfirmation } : {},
    label: "Publish rota",
    buttonClassName: "nhsuk-button",
    question: "Publish this rota?",
    consequence: (
      <>
        <p>
          {peopleCount === 1 ? "The 1 person" : `The ${people}`} on it will be told, and everyone in{" "}
          {team.name} will see it. After that, every change is recorded and told to the person it
          affects.
        </p>
        {duringLeave.length ? (
          <>
            <p>
              {duringLeave.length} shift{duringLeave.length === 1 ? " falls" : "s fall"} during
              leave or sickness and will count for no cover:
            </p>
            <ul>
              {duringLeave.map((s) => (
                <li key={s.shiftId}>
                  {s.name}, {s.day} {s.code} ({s.reason})
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ),
    confirmLabel: `Yes, publish and tell ${people}`,
  };
  const remove: Confirmation = {
    intent: "delete",
    label: "Delete this draft",
    question: "Delete this draft?",
    consequence: (
      <p>
        All {shifts} in this draft, for {people}, will be deleted. This cannot be undone. Published
        rotas are not affected.
      </p>
    ),
    confirmLabel: `Yes, delete the draft and its ${shifts}`,
  };
  const openFromGap = gapWeeks.flatMap((week) =>
    week.days.flatMap((day) =>
      day.gaps.flatMap((gap) =>
        gap.short.map(
          (qualification): Confirmation => ({
            intent: "open-from-gap",
            fields: { shiftTypeId: gap.shiftTypeId, date: day.date, qualification },
            label: (
              <>
                Make open shift for {qualification}
                <span className="nhsuk-u-visually-hidden">
                  {" "}
                  on {gap.name}, {day.day}
                </span>
              </>
            ),
            buttonClassName: "baton-link-button",
            formClassName: "baton-inline-form",
            question: `Make an open shift for ${qualification}?`,
            consequence: (
              <p>
                {gap.name}, {day.day}: everyone who could work it is told it is open and can claim
                it.
              </p>
            ),
            confirmLabel: "Yes, make it open",
          }),
        ),
      ),
    ),
  );
  const confirmations = [publish, remove, ...openFromGap];
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
      <ConfirmStep asking={actionData?.confirm} confirmations={confirmations} />
      {actionData?.applied ? <PatternsApplied applied={actionData.applied} /> : null}
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
                            <ConfirmButton
                              key={qualification}
                              confirmation={
                                openFromGap.find(
                                  (c) =>
                                    c.fields?.date === day.date &&
                                    c.fields.shiftTypeId === gap.shiftTypeId &&
                                    c.fields.qualification === qualification,
                                ) as Confirmation
                              }
                            />
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
          <div className="baton-row">
            <ConfirmButton confirmation={publish} />
          </div>
          <h3 className="nhsuk-heading-s">Not needed?</h3>
          <ConfirmButton confirmation={remove} />
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

/** What "Fill from patterns" did: the result banner, with what could not be added under it. */
function PatternsApplied({
  applied,
}: {
  applied: {
    added: number;
    skipped: { name: string; date: string; code: string; reason: string }[];
  };
}) {
  const skipped = applied.skipped.length;
  return (
    <ToastBanner
      toast={{
        kind: "success",
        message: `Patterns added ${applied.added} shift${applied.added === 1 ? "" : "s"}.${
          skipped ? ` ${skipped} could not be added:` : ""
        }`,
      }}
    >
      {skipped ? (
        <ul>
          {applied.skipped.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, shown once; two people may share a name
            <li key={i}>
              {s.name}, {formatDay(s.date)} {s.code}: {s.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </ToastBanner>
  );
}

/**
 * Publishing stopped to ask again: the shifts on their person's leave or sickness changed after
 * the page (and its "Publish?" question) was drawn. A plain
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
        The rota has not been published: the shifts during leave changed since the page was drawn.
        These shifts fall on days their person is on leave or off sick. Published as they are, they
        count for no cover and show as not working to the person and their colleagues. Give each to
        someone else, or publish anyway.
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
        <input type="hidden" name="confirmed" value="yes" />
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
