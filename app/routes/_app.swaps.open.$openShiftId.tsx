import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { localDateKey } from "~/models/local-time";
import { markNotificationsSeenAt } from "~/models/notifications/notifications.server";
import { formatClock, formatDay } from "~/models/rota/shift-display";
import { openShiftClaimants, withdrawOpenShift } from "~/models/swaps/open-shifts.server";
import { approveSwapRequest } from "~/models/swaps/swap-requests.server";
import { type FormErrors, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectAfterSwap } from "~/web/swap-actions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const { openShift, status, claimants } = openShiftClaimants({
    actor,
    openShiftId: params.openShiftId!,
    ipAddress: context.clientAddress,
  });
  const when = (at: Date | null) =>
    at
      ? `${formatDay(localDateKey(at, openShift.timeZone))} at ${formatClock(at, openShift.timeZone)}`
      : "";
  // Seeing the open shift is seeing what its notifications announced (one notion of seen).
  markNotificationsSeenAt({ actor, path: `/swaps/open/${openShift.id}` });
  return {
    status:
      status.state === "filled"
        ? `Filled by ${status.filledByName}${status.filledAt ? `, ${when(status.filledAt)}` : ""}.`
        : status.state === "withdrawn"
          ? `Withdrawn, ${when(status.at)}.`
          : null,
    openShift: {
      id: openShift.id,
      teamName: openShift.teamName,
      summary: openShift.summary,
      requiredGrade: openShift.requiredGrade,
      claimsWait: openShift.claimsWait,
    },
    claimants: claimants.map((c) => ({
      requestId: c.requestId,
      name: c.name,
      grade: c.grade,
      hoursThisWeek: c.hoursThisWeek,
      addedBreaches: c.addedBreaches,
      problems: c.problems,
    })),
  };
}

const OpenShiftActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pick"), requestId: z.string().min(1).max(64) }),
  // Withdrawing asks first: without `confirmed` the page shows the question.
  z.object({ intent: z.literal("withdraw"), confirmed: z.literal("yes").optional() }),
]);

type Answer = { errors: FormErrors; confirmWithdraw: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(OpenShiftActionSchema, await readForm(request));
  if (!parsed.ok)
    return data<Answer>({ errors: parsed.errors, confirmWithdraw: false }, { status: 400 });
  const ipAddress = context.clientAddress;
  const openShiftId = params.openShiftId!;
  // The pick is checked against this open shift's own claimants: another page's request is 404.
  const { claimants } = openShiftClaimants({ actor, openShiftId, ipAddress });
  try {
    if (parsed.data.intent === "withdraw") {
      if (parsed.data.confirmed !== "yes")
        return { errors: [], confirmWithdraw: true } satisfies Answer;
      withdrawOpenShift({ actor, openShiftId, ipAddress });
      throw redirectAfterSwap(request, "/swaps", "withdrawn");
    }
    const { requestId } = parsed.data;
    if (!claimants.some((c) => c.requestId === requestId))
      return data<Answer>(
        {
          errors: [{ message: "That person's claim is no longer waiting." }],
          confirmWithdraw: false,
        },
        { status: 409 },
      );
    const result = approveSwapRequest({ actor, requestId, ipAddress });
    if (result.outcome === "no-longer-valid")
      return data<Answer>(
        { errors: [{ message: `Not given: ${result.reason}` }], confirmWithdraw: false },
        { status: 409 },
      );
    throw redirectAfterSwap(request, "/swaps", "picked");
  } catch (error) {
    return data<Answer>({ errors: inputErrors(error), confirmWithdraw: false }, { status: 409 });
  }
}

export default function OpenShiftClaims() {
  const { openShift, status, claimants } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/swaps">Back to Swaps</Link>
      </p>
      <h1 className="nhsuk-heading-l">Open shift</h1>
      <p>
        <strong>{openShift.summary}</strong>
        <span className="baton-list__meta">
          {openShift.teamName}
          {openShift.requiredGrade ? ` · needs ${openShift.requiredGrade}` : ""}
        </span>
      </p>
      <ErrorSummary errors={actionData?.errors ?? []} />
      {status ? (
        <div className="nhsuk-inset-text">
          <p>{status}</p>
        </div>
      ) : null}
      {status ? null : (
        <ClaimsAndWithdraw
          openShift={openShift}
          claimants={claimants}
          confirmWithdraw={actionData?.confirmWithdraw ?? false}
        />
      )}
    </>
  );
}

/** An open shift still open: who claimed it (when claims wait) and withdrawing it. */
function ClaimsAndWithdraw({
  openShift,
  claimants,
  confirmWithdraw,
}: {
  openShift: { claimsWait: boolean };
  claimants: ReturnType<typeof useLoaderData<typeof loader>>["claimants"];
  confirmWithdraw: boolean;
}) {
  return (
    <>
      <h2 className="nhsuk-heading-m">Who claimed it</h2>
      {!openShift.claimsWait ? (
        <p>The team's first valid claim gets it: nobody has claimed it yet.</p>
      ) : claimants.length === 0 ? (
        <p>Nobody has claimed it yet. Each claim waits here for you to choose.</p>
      ) : (
        <ul className="baton-list">
          {claimants.map((c) => (
            <li key={c.requestId}>
              <span className="baton-list__title">
                {c.name} <span className="baton-list__meta">{c.grade}</span>
              </span>
              <span className="baton-list__meta">
                {c.hoursThisWeek} hours that week before this shift ·{" "}
                {c.addedBreaches.length
                  ? `${c.addedBreaches.length} new breach${c.addedBreaches.length === 1 ? "" : "es"}`
                  : "no new breach"}
              </span>
              {[...c.problems, ...c.addedBreaches].length ? (
                <ul className="baton-effect__new">
                  {[...new Set([...c.problems, ...c.addedBreaches])].map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              ) : null}
              {c.problems.length ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="pick" />
                  <input type="hidden" name="requestId" value={c.requestId} />
                  <button
                    type="submit"
                    className="nhsuk-button nhsuk-button--small baton-effect__button"
                  >
                    Give it to {c.name}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {confirmWithdraw ? (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Withdraw this open shift?
          </h2>
          <p>It comes off the Swaps page, and anyone who claimed it is told.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="confirmed" value="yes" />
            <button type="submit" className="nhsuk-button nhsuk-button--warning">
              Yes, withdraw it
            </button>
          </Form>
        </div>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Withdraw this open shift
          </button>
        </Form>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Open shift – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
