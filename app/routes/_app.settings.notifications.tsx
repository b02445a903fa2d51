import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useKeptActionData } from "~/components/kept-action-data";
import { PushSwitch } from "~/components/push-alerts";
import { RouteErrorBoundary } from "~/components/route-error";
import { planTestAlert } from "~/messaging/push/push-planner.server";
import {
  myPushDevices,
  pushChoicesOf,
  removeSubscription,
  savePushChoices,
} from "~/messaging/push/push-subscriptions.server";
import { vapidSetting } from "~/messaging/push/vapid.server";
import { parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, sessionId } = requireSession(request);
  const vapid = vapidSetting();
  return {
    publicKey: vapid.ok ? vapid.details.publicKey : null,
    offBecause: vapid.ok ? null : vapid.why,
    choices: pushChoicesOf(actor.userId),
    devices: myPushDevices({ actor, sessionId }).map((d) => ({
      id: d.id,
      deviceName: d.deviceName || "A browser",
      thisDevice: d.thisDevice,
      since: d.createdAt.toISOString(),
      lastSuccess: d.lastSuccessAt?.toISOString() ?? null,
      lastFailure: d.lastFailureAt?.toISOString() ?? null,
    })),
  };
}

const NotificationsForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("choices"),
    mode: z.enum(["rota", "urgent-only", "everything"], {
      message: "Choose when Baton alerts you.",
    }),
    openShifts: z.literal("yes").optional(),
  }),
  z.object({ intent: z.literal("remove"), subscriptionId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("test") }),
]);

type Answer = { message: string | null; error: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(NotificationsForm, await readForm(request));
  if (!parsed.ok)
    return data<Answer>(
      { message: null, error: parsed.errors[0]?.message ?? "That was not understood." },
      { status: 400 },
    );
  const input = parsed.data;
  if (input.intent === "choices") {
    savePushChoices({
      actor,
      choices: { mode: input.mode, openShifts: input.openShifts === "yes" },
    });
    return { message: "Saved: Baton alerts you as chosen.", error: null } satisfies Answer;
  }
  if (input.intent === "remove") {
    removeSubscription({
      actor,
      subscriptionId: input.subscriptionId,
      ipAddress: context.clientAddress,
    });
    throw redirect("/settings/notifications");
  }
  const devices = planTestAlert({ userId: actor.userId });
  return (
    devices
      ? {
          message: `A test alert is on its way to ${devices === 1 ? "your device" : `your ${devices} devices`}.`,
          error: null,
        }
      : { message: null, error: "Alerts are not on for any of your devices yet." }
  ) satisfies Answer;
}

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/London",
  });

export default function NotificationSettings() {
  const { publicKey, offBecause, choices, devices } = useLoaderData<typeof loader>();
  const answer = useKeptActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Notifications</h1>
      <p>
        Alerts on your phone say only where something happened ("New message in Ward 7 night, Tue 3
        Dec"), never what was written: open Baton to read it.
      </p>
      {answer?.message ? (
        <p role="status" className="nhsuk-inset-text">
          {answer.message}
        </p>
      ) : null}
      {answer?.error ? (
        <p role="alert" className="nhsuk-error-message">
          {answer.error}
        </p>
      ) : null}
      <h2 className="nhsuk-heading-m">This device</h2>
      {publicKey ? (
        <>
          <PushSwitch publicKey={publicKey} />
          <noscript>
            <p>Turning alerts on needs JavaScript, which is off in this browser.</p>
          </noscript>
        </>
      ) : (
        <p>{offBecause}</p>
      )}
      <h2 className="nhsuk-heading-m">When to alert me</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="choices" />
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend">Alerts</legend>
          <div className="nhsuk-radios">
            {(
              [
                [
                  "rota",
                  "When I am on duty",
                  "Everything for me while I am on shift or starting within 2 hours; off duty, only urgent messages, direct messages and decisions on my own requests.",
                ],
                ["urgent-only", "Urgent messages only", "Nothing else, on duty or off."],
                [
                  "everything",
                  "Everything, always",
                  "Every message in my conversations and every change, on duty or off.",
                ],
              ] as const
            ).map(([value, label, hint]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`mode-${value}`}
                  name="mode"
                  type="radio"
                  value={value}
                  defaultChecked={choices.mode === value}
                  aria-describedby={`mode-${value}-hint`}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`mode-${value}`}>
                  {label}
                </label>
                <div className="nhsuk-hint nhsuk-radios__hint" id={`mode-${value}-hint`}>
                  {hint}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="nhsuk-checkboxes">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="openShifts"
              name="openShifts"
              type="checkbox"
              value="yes"
              defaultChecked={choices.openShifts}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="openShifts">
              Open shifts I could work
            </label>
          </div>
        </div>
        <button type="submit" className="nhsuk-button nhsuk-u-margin-top-4">
          Save
        </button>
      </Form>
      <h2 className="nhsuk-heading-m">Devices with alerts on</h2>
      {devices.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <>
          <ul className="baton-list">
            {devices.map((d) => (
              <li key={d.id}>
                <span className="baton-list__title">
                  {d.deviceName}
                  {d.thisDevice ? <span className="baton-tag">This device</span> : null}
                </span>
                <span className="baton-list__meta">
                  On since {when(d.since)}
                  {d.lastSuccess ? ` · last alert delivered ${when(d.lastSuccess)}` : ""}
                  {d.lastFailure && (!d.lastSuccess || d.lastFailure > d.lastSuccess)
                    ? ` · last alert failed ${when(d.lastFailure)}`
                    : ""}
                </span>
                <Form method="post" className="baton-inline-form">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="subscriptionId" value={d.id} />
                  <button
                    type="submit"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  >
                    Turn off
                    <span className="nhsuk-u-visually-hidden"> alerts on {d.deviceName}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Send a test alert
            </button>
          </Form>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Notifications – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
