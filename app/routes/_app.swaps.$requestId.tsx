import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { effectVerdict, SwapEffect } from "~/components/swap-effect";
import { ConfirmCancel } from "~/components/swap-forms";
import { ToastBanner } from "~/components/toast";
import { getTeam } from "~/models/accounts/teams.server";
import { localDateKey } from "~/models/local-time";
import { markNotificationsSeenAt } from "~/models/notifications/notifications.server";
import { formatClock, formatDay } from "~/models/rota/shift-display";
import { previewSwapRequest } from "~/models/swaps/swap-requests.server";
import { LIVE_SWAP_STATES } from "~/models/swaps/swap-rules";
import { TEXT_LIMITS } from "~/models/text-limits";
import { fieldError, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import {
  redirectAfterSwap,
  refused,
  runSwapAction,
  SwapActionSchema,
} from "~/web/swap-actions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const preview = previewSwapRequest({
    actor,
    requestId: params.requestId!,
    ipAddress: context.clientAddress,
  });
  const { request: r, role, check } = preview;
  // Seeing the request is seeing what its notifications announced (one notion of seen).
  markNotificationsSeenAt({ actor, path: `/swaps/${r.id}` });
  const team = getTeam({ actor, teamId: r.teamId });
  const live = LIVE_SWAP_STATES.includes(r.state);
  const them = r.requester.userId === actor.userId ? r.colleague : r.requester;
  return {
    sent: new URL(request.url).searchParams.has("sent"),
    request: {
      id: r.id,
      kind: r.kind,
      state: r.state,
      // From the viewer's side: "Waiting for your answer" reads better than "for the colleague".
      stateLabel:
        r.state === "awaiting-colleague" && (role === "colleague" || role === "candidate")
          ? "Waiting for your answer"
          : r.state === "awaiting-colleague" && r.colleague && role !== "colleague"
            ? `Waiting for ${r.colleague.name}`
            : r.stateLabel,
      reason: r.reason,
      requester: r.requester,
      colleague: r.colleague,
      gives: r.gives?.summary ?? null,
      takes: r.takes?.summary ?? null,
      closes: `${formatDay(localDateKey(r.expiresAt, team.timeZone))} at ${formatClock(r.expiresAt, team.timeZone)}`,
    },
    teamName: team.name,
    role,
    otherName: them?.name ?? null,
    check,
    wouldApproveAutomatically: preview.wouldApproveAutomatically,
    can: {
      accept:
        live && r.state === "awaiting-colleague" && (role === "colleague" || role === "candidate"),
      decline: live && r.state === "awaiting-colleague" && role === "colleague",
      cancel: live && role === "requester",
      decide:
        r.state === "awaiting-manager" &&
        role === "manager" &&
        r.requester.userId !== actor.userId &&
        r.colleague?.userId !== actor.userId,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  // The page acts only on its own request, whatever the form says.
  form.set("requestId", params.requestId!);
  const parsed = parseForm(SwapActionSchema, form);
  if (!parsed.ok) return refused(parsed.errors);
  if (parsed.data.intent === "claim")
    return refused([{ message: "Claim open shifts from the Swaps page." }]);
  const answer = runSwapAction(parsed.data, actor, context.clientAddress);
  if ("done" in answer && answer.done)
    throw redirectAfterSwap(request, `/swaps/${params.requestId}`, answer.done);
  return answer;
}

function title(r: { kind: string; requester: { name: string } }, role: string) {
  if (r.kind === "pick-up") return `${r.requester.name} claims an open shift`;
  if (role === "requester") return r.kind === "swap" ? "Your swap request" : "Your offer";
  return r.kind === "swap"
    ? `${r.requester.name} asks to swap`
    : `${r.requester.name} offers a shift`;
}

export default function SwapRequestPage() {
  const {
    sent,
    request: r,
    teamName,
    role,
    check,
    wouldApproveAutomatically,
    can,
  } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors ?? [];
  const colleague = r.colleague?.name ?? "Anyone eligible";
  const reasonError = fieldError(errors, "reason");
  return (
    <>
      <p>
        <Link to="/swaps">Back to Swaps</Link>
      </p>
      <h1 className="nhsuk-heading-l">{title(r, role)}</h1>
      <ErrorSummary errors={errors} />
      {sent && !actionData ? (
        <ToastBanner
          toast={{
            kind: "success",
            message: `Sent. ${r.colleague ? `${r.colleague.name} has` : "Everyone eligible has"} been told.`,
          }}
        />
      ) : null}
      {actionData?.confirmCancel ? <ConfirmCancel requestId={actionData.confirmCancel} /> : null}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">State</dt>
          <dd className="nhsuk-summary-list__value">
            <strong>{r.stateLabel}</strong>
            {r.reason ? <p className="nhsuk-body-s">{r.reason}</p> : null}
          </dd>
        </div>
        {r.gives ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{r.requester.name} gives</dt>
            <dd className="nhsuk-summary-list__value">
              {r.gives} <span className="baton-list__meta">to {colleague}</span>
            </dd>
          </div>
        ) : null}
        {r.takes ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">
              {r.kind === "pick-up" ? "Open shift" : `${colleague} gives`}
            </dt>
            <dd className="nhsuk-summary-list__value">
              {r.takes}{" "}
              <span className="baton-list__meta">
                {r.kind === "pick-up" ? `for ${r.requester.name}` : `to ${r.requester.name}`}
              </span>
            </dd>
          </div>
        ) : null}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Team</dt>
          <dd className="nhsuk-summary-list__value">{teamName}</dd>
        </div>
        {can.accept || can.cancel || can.decide ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Closes</dt>
            <dd className="nhsuk-summary-list__value">{r.closes}, if not approved by then</dd>
          </div>
        ) : null}
      </dl>

      {can.accept ? (
        <section className="baton-card" aria-labelledby="decide">
          <h2 className="nhsuk-heading-m" id="decide">
            Your answer
          </h2>
          {check ? (
            <p>
              <strong>{effectVerdict(check)}</strong> The details are below.
            </p>
          ) : null}
          <p className="nhsuk-body-s">
            {wouldApproveAutomatically
              ? "The team approves changes like this at once: accepting changes the rota straight away."
              : "If you accept, a manager approves it before the rota changes."}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="accept" />
            <button type="submit" className="nhsuk-button baton-effect__button">
              Accept
            </button>
          </Form>
          {can.decline ? (
            <Form method="post">
              <input type="hidden" name="intent" value="decline" />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                Decline
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {can.decide ? (
        <section className="baton-card" aria-labelledby="decide">
          <h2 className="nhsuk-heading-m" id="decide">
            {r.kind === "pick-up" ? "Give them the shift?" : "Approve this swap?"}
          </h2>
          {check ? (
            <p>
              <strong>{effectVerdict(check)}</strong> The details are below.
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <button type="submit" className="nhsuk-button baton-effect__button">
              Approve
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="refuse" />
            <div className={`nhsuk-form-group${reasonError ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="reason">
                Or decline it: why? Both people are told.
              </label>
              {reasonError ? (
                <span className="nhsuk-error-message" id="reason-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {reasonError}
                </span>
              ) : null}
              <input
                className="nhsuk-input"
                id="reason"
                name="reason"
                maxLength={TEXT_LIMITS.swapReason}
                aria-describedby={reasonError ? "reason-error" : undefined}
              />
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Decline
            </button>
          </Form>
        </section>
      ) : null}

      {check ? (
        <section aria-labelledby="effect">
          <h2 className="nhsuk-heading-m" id="effect">
            What it changes
          </h2>
          <p className="nhsuk-body-s">As the rota stands now.</p>
          <SwapEffect check={check} headingLevel={3} />
        </section>
      ) : LIVE_SWAP_STATES.includes(r.state) && r.kind === "give-away" && !r.colleague ? (
        <p>Each colleague who could take it sees what it does to their hours before accepting.</p>
      ) : null}

      {can.cancel && !actionData?.confirmCancel ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Cancel this request
          </button>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Swap request – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
