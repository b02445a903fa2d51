import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { SwapEffect, type SwapEffectData } from "~/components/swap-effect";
import { ConfirmCancel } from "~/components/swap-forms";
import { managesTeam } from "~/models/accounts/permissions";
import { listTeams } from "~/models/accounts/teams.server";
import { openShiftsForMe } from "~/models/swaps/open-shifts.server";
import { openShiftsToManage } from "~/models/swaps/swap-choices.server";
import {
  mySwapRequests,
  type SwapRequestView,
  swapApprovalQueue,
  swapOffersForMe,
} from "~/models/swaps/swap-requests.server";
import { LIVE_SWAP_STATES } from "~/models/swaps/swap-rules";
import { TEXT_LIMITS } from "~/models/text-limits";
import { parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import {
  redirectAfterSwap,
  refused,
  runSwapAction,
  SwapActionSchema,
} from "~/web/swap-actions.server";

/** A request as the lists show it: who, what, its state; nothing the viewer may not see. */
function listed(r: SwapRequestView) {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    stateLabel: r.stateLabel,
    live: LIVE_SWAP_STATES.includes(r.state),
    reason: r.reason,
    requester: r.requester,
    colleague: r.colleague,
    gives: r.gives?.summary ?? null,
    takes: r.takes?.summary ?? null,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const now = new Date();
  const ipAddress = context.clientAddress;
  const managed = listTeams({ actor }).filter((t) => managesTeam(actor, t.id));
  const offers = swapOffersForMe({ actor, now }).map(listed);
  return {
    me: actor.userId,
    openShifts: openShiftsForMe({ actor, now }).map((o) => ({
      id: o.id,
      teamName: o.teamName,
      summary: o.summary,
      requiredGrade: o.requiredGrade,
      claimsWait: o.claimsWait,
    })),
    offers,
    // Offers waiting for the viewer's answer are listed once, under Offers for you.
    mine: mySwapRequests({ actor, now, limit: 20 })
      .filter((r) => !offers.some((o) => o.id === r.id))
      .map(listed),
    // Claims of open shifts are chosen among on the open shift's own page, side by side.
    queues: managed.map((team) => ({
      team: { id: team.id, name: team.name },
      waiting: swapApprovalQueue({ actor, teamId: team.id, now, ipAddress })
        .filter((p) => p.request.kind !== "pick-up")
        .map((p) => ({ request: listed(p.request), check: p.check })),
    })),
    posted: openShiftsToManage({ actor, now }),
    managedTeams: managed.map((t) => ({ id: t.id, name: t.name })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(SwapActionSchema, await readForm(request));
  if (!parsed.ok) return refused(parsed.errors);
  const answer = runSwapAction(parsed.data, actor, context.clientAddress);
  if ("done" in answer && answer.done) throw redirectAfterSwap(request, "/swaps", answer.done);
  return answer;
}

type Listed = ReturnType<typeof listed>;

export default function Swaps() {
  const { me, openShifts, offers, mine, queues, posted, managedTeams } =
    useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const waitingCount = queues.reduce((n, q) => n + q.waiting.length, 0);
  return (
    <>
      <p>
        <Link to="/shifts">Back to your shifts</Link>
      </p>
      <h1 className="nhsuk-heading-l">Swaps</h1>
      <ErrorSummary errors={actionData?.errors ?? []} />
      {actionData?.confirmCancel ? <ConfirmCancel requestId={actionData.confirmCancel} /> : null}

      {managedTeams.length ? (
        <section aria-labelledby="approvals">
          <h2 className="nhsuk-heading-m" id="approvals">
            Waiting for your approval{waitingCount ? ` (${waitingCount})` : ""}
          </h2>
          {waitingCount === 0 ? <p>No swap waits for a manager.</p> : null}
          {queues.map(({ team, waiting }) =>
            waiting.map(({ request, check }) => (
              <Approval key={request.id} teamName={team.name} request={request} check={check} />
            )),
          )}
        </section>
      ) : null}

      <section aria-labelledby="offers">
        <h2 className="nhsuk-heading-m" id="offers">
          Offers for you
        </h2>
        {offers.length ? (
          <ul className="baton-list">
            {offers.map((r) => (
              <li key={r.id}>
                <Link className="baton-list__title" to={`/swaps/${r.id}`}>
                  {requestSummary(r, me)}
                </Link>
                <span className="baton-list__meta">
                  See what it does to your hours and the ward's cover, then accept or decline.
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Nobody is offering you a shift or a swap right now.</p>
        )}
      </section>

      <section aria-labelledby="open-shifts">
        <h2 className="nhsuk-heading-m" id="open-shifts">
          Open shifts you can claim
        </h2>
        {openShifts.length ? (
          <ul className="baton-list">
            {openShifts.map((o) => (
              <li key={o.id}>
                <span className="baton-list__title">{o.summary}</span>
                <span className="baton-list__meta">
                  {o.teamName}
                  {o.requiredGrade ? ` · needs ${o.requiredGrade}` : ""}
                  {o.claimsWait ? " · a manager chooses among claims" : " · first to claim gets it"}
                </span>
                {actionData?.about === o.id && actionData.errors.length ? (
                  <p className="nhsuk-error-message">{actionData.errors[0]?.message}</p>
                ) : null}
                <Form method="post" className="baton-inline-form">
                  <input type="hidden" name="intent" value="claim" />
                  <input type="hidden" name="openShiftId" value={o.id} />
                  <button
                    type="submit"
                    className="nhsuk-button nhsuk-button--small baton-effect__button"
                  >
                    Claim<span className="nhsuk-u-visually-hidden"> {o.summary}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>No open shifts you could work right now.</p>
        )}
      </section>

      <section aria-labelledby="mine">
        <h2 className="nhsuk-heading-m" id="mine">
          Your requests
        </h2>
        {mine.length ? (
          <ul className="baton-list">
            {mine.map((r) => (
              <li key={r.id}>
                <Link className="baton-list__title" to={`/swaps/${r.id}`}>
                  {requestSummary(r, me)}
                </Link>
                <span className="baton-list__meta">
                  <span className={`baton-tag${r.live ? "" : " baton-tag--warning"}`}>
                    {r.stateLabel}
                  </span>
                  {r.reason ? ` ${r.reason}` : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>
            You have no swap requests. To swap or give away a shift, choose "Swap or give away"
            beside it on your <Link to="/shifts">Shifts</Link> page.
          </p>
        )}
      </section>

      {managedTeams.length ? (
        <section aria-labelledby="posted">
          <h2 className="nhsuk-heading-m" id="posted">
            Open shifts you posted
          </h2>
          {posted.length ? (
            <ul className="baton-list">
              {posted.map((o) => (
                <li key={o.id}>
                  <Link className="baton-list__title" to={`/swaps/open/${o.id}`}>
                    {o.summary}
                  </Link>
                  <span className="baton-list__meta">
                    {o.teamName}
                    {o.requiredGrade ? ` · needs ${o.requiredGrade}` : ""} ·{" "}
                    {o.claims ? `${o.claims} waiting to be chosen` : "nobody has claimed it yet"}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p>None open.</p>
          )}
          <ul className="baton-list baton-actions">
            {managedTeams.map((t) => (
              <li key={t.id}>
                <Link className="baton-actions__item" to={`/team/${t.id}/open-shifts/new`}>
                  Post an open shift{managedTeams.length > 1 ? ` on ${t.name}` : ""}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** "Swap: your E Tue 3 Dec for Omar's N Thu 5 Dec", from the viewer's side. */
function requestSummary(r: Listed, me: string): string {
  const other = r.requester.userId === me ? r.colleague?.name : r.requester.name;
  if (r.kind === "pick-up") return `Claim: ${r.takes ?? "an open shift"}`;
  if (r.kind === "give-away")
    return r.requester.userId === me
      ? `Give away: ${r.gives ?? "a shift"}${other ? ` to ${other}` : " to anyone eligible"}`
      : `${r.requester.name} offers you ${r.gives ?? "a shift"}`;
  return r.requester.userId === me
    ? `Swap: your ${r.gives ?? "shift"} for ${other ?? "a colleague"}'s ${r.takes ?? "shift"}`
    : `${r.requester.name} asks to swap their ${r.gives ?? "shift"} for your ${r.takes ?? "shift"}`;
}

/** One request waiting for a manager: both people, the change, its effect, approve or decline. */
function Approval({
  teamName,
  request,
  check,
}: {
  teamName: string;
  request: Listed;
  check: SwapEffectData | null;
}) {
  const actionData = useKeptActionData<typeof action>();
  const added = check?.people.reduce((n, p) => n + p.added.length, 0) ?? 0;
  const worse =
    check?.cover.some((c) =>
      c.after.some((r, i) => r.have < r.count && r.have < (c.before[i]?.have ?? 0)),
    ) ?? false;
  const heading = `${request.requester.name} and ${request.colleague?.name ?? "a colleague"}`;
  return (
    <article className="baton-card" aria-label={heading}>
      <h3 className="nhsuk-heading-s">
        <Link to={`/swaps/${request.id}`}>{heading}</Link>{" "}
        <span className="baton-list__meta">{teamName}</span>
      </h3>
      <p className="nhsuk-body-s">
        {request.kind === "swap"
          ? `${request.requester.name}'s ${request.gives} for ${request.colleague?.name}'s ${request.takes}`
          : `${request.requester.name}'s ${request.gives} to ${request.colleague?.name}`}
      </p>
      {check ? (
        <>
          <p className="nhsuk-body-s">
            <strong>
              {check.ineligible.length
                ? "Cannot happen as the rota stands."
                : added
                  ? `Adds ${added} working-time breach${added === 1 ? "" : "es"}.`
                  : "Adds no working-time breach."}{" "}
              {worse ? "Leaves cover short." : "Cover no worse."}
            </strong>
          </p>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Breaches and cover, before and after
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <SwapEffect check={check} headingLevel={3} />
            </div>
          </details>
        </>
      ) : (
        <p className="nhsuk-body-s">A shift in this request is no longer on the rota.</p>
      )}
      {actionData?.about === request.id && actionData.errors.length ? (
        <p className="nhsuk-error-message">{actionData.errors[0]?.message}</p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="approve" />
        <input type="hidden" name="requestId" value={request.id} />
        <button type="submit" className="nhsuk-button baton-effect__button">
          Approve<span className="nhsuk-u-visually-hidden"> {heading}</span>
        </button>
      </Form>
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Decline with a reason</span>
        </summary>
        <div className="nhsuk-details__text">
          <Form method="post">
            <input type="hidden" name="intent" value="refuse" />
            <input type="hidden" name="requestId" value={request.id} />
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor={`reason-${request.id}`}>
                Why? Both people are told.
              </label>
              <input
                className="nhsuk-input"
                id={`reason-${request.id}`}
                name="reason"
                maxLength={TEXT_LIMITS.swapReason}
                required
              />
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Decline<span className="nhsuk-u-visually-hidden"> {heading}</span>
            </button>
          </Form>
        </div>
      </details>
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "Swaps – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
