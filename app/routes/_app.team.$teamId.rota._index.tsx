import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SelectField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RotaGrid } from "~/components/rota-grid";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import { setTeamRuleSet } from "~/models/accounts/teams.server";
import { addDays, isDateKey, localDateKey, mondayOf } from "~/models/local-time";
import { teamRotaGrid } from "~/models/rota/rota-grid.server";
import { datesOf, describePeriod, isWithinRotaYears } from "~/models/rota/rota-period-rules";
import { getRotaPeriod, listRotaPeriods } from "~/models/rota/rota-periods.server";
import { formatDay } from "~/models/rota/shift-display";
import { RULE_SET_NAMES } from "~/models/rules/working-time-rules";
import { inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const url = new URL(request.url);
  const ipAddress = context.clientAddress;
  const teamId = params.teamId!;
  const periodParam = url.searchParams.get("period");
  const grade = url.searchParams.get("grade") || null;
  const { team, periods } = listRotaPeriods({ actor, teamId, ipAddress });

  let from: string;
  let to: string;
  let period: { id: string; startDate: string; endDate: string; status: string } | null = null;
  if (periodParam) {
    period = getRotaPeriod({ actor, teamId, periodId: periodParam, ipAddress }).period;
    from = period.startDate;
    to = period.endDate;
  } else {
    const week = url.searchParams.get("week");
    const today = localDateKey(Date.now(), team.timeZone);
    from = mondayOf(week && isDateKey(week) && isWithinRotaYears(week, today) ? week : today);
    to = addDays(from, 6);
  }
  const grid = teamRotaGrid({ actor, teamId, from, to, grade, ipAddress });
  const periodOfDate: Record<string, string> = {};
  if (team.canManage) {
    for (const p of grid.periods) {
      for (const date of datesOf(p.startDate, p.endDate)) periodOfDate[date] = p.id;
    }
  }
  return {
    team: {
      id: team.id,
      name: team.name,
      timeZone: team.timeZone,
      canManage: team.canManage,
      ruleSet: team.ruleSet,
    },
    view: period ? ("period" as const) : ("week" as const),
    period: period && { ...period, label: describePeriod(period.startDate, period.endDate) },
    from,
    to,
    grade,
    grades: grid.grades,
    legend: grid.legend,
    grid: {
      teamId: team.id,
      canManage: team.canManage,
      days: grid.days,
      people: grid.people,
      periodOfDate,
    },
    draftsShown: grid.periods.some((p) => p.status === "draft"),
    periods: periods.map((p) => ({
      id: p.id,
      status: p.status,
      label: describePeriod(p.startDate, p.endDate),
    })),
  };
}

const RuleSetSchema = z.object({
  intent: z.literal("rule-set"),
  ruleSet: z.enum(["none", "tcs2016", "wtr"], { message: "Choose one of the rule sets." }),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(RuleSetSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors, done: null };
  try {
    setTeamRuleSet({
      actor,
      teamId: params.teamId!,
      ruleSet: parsed.data.ruleSet === "none" ? null : parsed.data.ruleSet,
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return { errors: inputErrors(error), done: null };
  }
  return { errors: [], done: "Working-time rules saved." };
}

export default function TeamRota() {
  const data = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { team, view, period, from, to, grade, grades, legend, grid, periods } = data;
  const keep = (extra: Record<string, string>) => {
    const next = new URLSearchParams();
    if (grade) next.set("grade", grade);
    for (const [key, value] of Object.entries(extra)) next.set(key, value);
    return `?${next.toString()}`;
  };
  const caption =
    view === "period" && period
      ? `${team.name} rota, ${period.label}`
      : `${team.name} rota, week of ${formatDay(from)}`;
  return (
    <>
      <p className="baton-back">
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l baton-rota__title">Rota</h1>
      <p className="baton-rota__dates">
        {view === "period" && period ? period.label : `${formatDay(from)} to ${formatDay(to)}`} ·
        times in {team.timeZone}
      </p>
      <nav className="baton-pager baton-pager--tight" aria-label="Rota dates">
        {view === "week" ? (
          <>
            <Link to={keep({ week: addDays(from, -7) })}>
              <span aria-hidden="true">‹ </span>Previous
              <span className="baton-wide-only"> week</span>
            </Link>
            <Link to={keep({})}>This week</Link>
            <Link to={keep({ week: addDays(from, 7) })}>
              Next<span className="baton-wide-only"> week</span>
              <span aria-hidden="true"> ›</span>
            </Link>
          </>
        ) : (
          <Link to={keep({ week: from })}>Week view</Link>
        )}
      </nav>
      {/* Folded, so the grid starts near the top on a phone; open while a grade is chosen. */}
      <details className="baton-fold" open={grade ? true : undefined}>
        <summary>{grade ? `Showing ${grade} only` : "Show one grade"}</summary>
        <Form method="get" className="baton-row baton-filter">
          {view === "period" && period ? (
            <input type="hidden" name="period" value={period.id} />
          ) : null}
          {view === "week" && searchParams.get("week") ? (
            <input type="hidden" name="week" value={from} />
          ) : null}
          <SelectField id="grade" name="grade" label="Show grade" defaultValue={grade ?? ""}>
            <option value="">Everyone</option>
            {grades.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </SelectField>
          <button
            type="submit"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          >
            Filter
          </button>
        </Form>
      </details>
      {grid.people.length ? (
        <RotaGrid data={grid} caption={caption} />
      ) : (
        <p>Nobody in this team has that grade.</p>
      )}
      {data.draftsShown ? (
        <p className="nhsuk-body-s">
          <span className="baton-shift-code baton-shift-code--grey baton-shift-code--draft">E</span>{" "}
          Dashed codes are drafts: only managers see them until the rota is published.
        </p>
      ) : null}
      <p className="nhsuk-body-s">
        Tap a day for who is on, by shift
        {team.canManage ? ", or a shift to change it" : ""}.
      </p>
      {legend.length ? (
        <ul className="baton-legend" aria-label="Shift codes">
          {legend.map((t) => (
            <li key={t.code}>
              <span className={`baton-shift-code baton-shift-code--${t.colour}`}>{t.code}</span>{" "}
              {t.name} {t.times}
            </li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="periods">
        <h2 className="nhsuk-heading-m" id="periods">
          Rota periods
        </h2>
        {periods.length ? (
          <ul className="baton-list">
            {periods.map((p) => (
              <li key={p.id}>
                <span className="baton-list__title">
                  <Link to={team.canManage ? `/team/${team.id}/rota/${p.id}` : `?period=${p.id}`}>
                    {p.label}
                  </Link>
                  {p.status === "draft" ? (
                    <span className="baton-tag baton-tag--warning">Draft</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>No rota has been published yet.</p>
        )}
        {team.canManage ? (
          <div className="baton-row">
            <Link className="nhsuk-button" to={`/team/${team.id}/rota/new`}>
              New rota period
            </Link>
            <Link className="nhsuk-button nhsuk-button--secondary" to={`/team/${team.id}/patterns`}>
              Patterns
            </Link>
          </div>
        ) : null}
      </section>
      {team.canManage ? (
        <section className="baton-card" aria-labelledby="rules">
          <h2 className="nhsuk-heading-m" id="rules">
            Working-time rules
          </h2>
          {actionData?.done ? (
            <ToastBanner toast={{ kind: "success", message: actionData.done }} />
          ) : null}
          <ErrorSummary errors={actionData?.errors ?? []} />
          <Form method="post">
            <input type="hidden" name="intent" value="rule-set" />
            <SelectField
              id="ruleSet"
              name="ruleSet"
              label="Check this team's rota against"
              hint="Breaches are shown before you publish and when you change a shift. They never stop you."
              defaultValue={team.ruleSet ?? "none"}
            >
              <option value="none">No rules</option>
              <option value="tcs2016">{RULE_SET_NAMES.tcs2016}</option>
              <option value="wtr">{RULE_SET_NAMES.wtr}</option>
            </SelectField>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Save rules
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rota – ${data?.team.name ?? "Team"} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
