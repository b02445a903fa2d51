import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import {
  calendarFeedStatus,
  disableCalendarFeed,
  enableCalendarFeed,
} from "~/models/rota/calendar-feed.server";
import { askFirst, isConfirmed } from "~/web/confirm";
import { parseForm, readForm } from "~/web/forms";
import { publicOrigin, requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return calendarFeedStatus({ actor });
}

const CalendarFeedSchema = z.object({
  intent: z.enum(["turn-on", "new-address", "turn-off"]),
});

/**
 * Turning the feed off and getting a new address both stop the address a calendar app holds, so
 * they act only when confirmed (docs/decisions/024). The new address stays in this answer (never
 * in a toast cookie): it is a secret shown once.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(CalendarFeedSchema, form);
  if (!parsed.ok) throw new Response("That request was not understood.", { status: 400 });
  if (parsed.data.intent !== "turn-on" && !isConfirmed(form)) return askFirst(parsed.data.intent);
  if (parsed.data.intent === "turn-off") {
    disableCalendarFeed({ actor, ipAddress: context.clientAddress });
    throw redirectWithToast(request, "/settings/calendar", {
      kind: "success",
      message: "Your calendar feed is off. Its address no longer works.",
    });
  }
  const { token } = enableCalendarFeed({ actor, ipAddress: context.clientAddress });
  const address = `${publicOrigin(request)}/calendar/${token}.ics`;
  return {
    // Shown in this response only: the database keeps just the token's hash.
    issued: {
      address,
      webcalAddress: address.replace(/^https?:/, "webcal:"),
      isNew: parsed.data.intent === "new-address",
    },
  };
}

export default function CalendarFeed() {
  const { on } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const issued = actionData && "issued" in actionData ? actionData.issued : null;
  const newAddress: Confirmation = {
    intent: "new-address",
    label: "Get a new address",
    question: "Get a new calendar address?",
    consequence: (
      <p>
        The address your calendar apps use now stops working at once: they stop showing your shifts
        until you subscribe again with the new address.
      </p>
    ),
    confirmLabel: "Yes, get a new address",
  };
  const turnOff: Confirmation = {
    intent: "turn-off",
    label: "Turn off",
    buttonClassName: "nhsuk-button nhsuk-button--warning",
    question: "Turn off your calendar feed?",
    consequence: (
      <p>
        Its address stops working at once, and your calendar apps stop showing your shifts. You can
        turn it on again later, with a new address.
      </p>
    ),
    confirmLabel: "Yes, turn it off",
  };
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Calendar feed</h1>
      <p>
        Turn on the feed to see your published shifts in Google Calendar, Apple Calendar or Outlook:
        your calendar app subscribes to a private address and picks up rota changes by itself.
        Anyone who has the address can see your shift times without signing in, so treat it like a
        password. If it gets out, get a new address here and the old one stops working at once.
      </p>
      <ConfirmStep
        asking={actionData && "confirm" in actionData ? actionData.confirm : null}
        confirmations={on ? [newAddress, turnOff] : []}
      />
      {issued ? (
        <ToastBanner
          toast={{
            kind: "success",
            message: issued.isNew
              ? "You have a new address: the old one no longer works. Copy this one now; Baton shows it only once."
              : "Your calendar feed is on. Copy its address now; Baton shows it only once.",
          }}
        />
      ) : null}
      {issued ? <NewAddress {...issued} /> : null}
      {on ? (
        <>
          {issued ? null : (
            <div className="baton-card">
              <p>
                Your calendar feed is <strong>on</strong>. Baton cannot show its address again: it
                keeps only a fingerprint of it, like a password. If you need the address for another
                app, or think someone else has it, get a new address and subscribe again.
              </p>
            </div>
          )}
          <div className="baton-row">
            <ConfirmButton confirmation={newAddress} />
            <ConfirmButton confirmation={turnOff} />
          </div>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="turn-on" />
          <button type="submit" className="nhsuk-button">
            Turn on
          </button>
        </Form>
      )}
    </>
  );
}

function NewAddress({
  address,
  webcalAddress,
  isNew,
}: {
  address: string;
  webcalAddress: string;
  isNew: boolean;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="baton-card">
      <h2 className="nhsuk-heading-m">Your calendar address</h2>
      <p>
        {isNew ? "Your old address has stopped working. " : null}
        Copy it into your calendar app now: it is shown only this once.
      </p>
      <p className="nhsuk-u-visually-hidden">Calendar address:</p>
      <p className="baton-link-box">{address}</p>
      <div className="baton-row">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() =>
            navigator.clipboard?.writeText(address).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy address
        </button>
        <a className="nhsuk-button nhsuk-button--secondary" href={webcalAddress}>
          Subscribe on this device
        </a>
      </div>
      <p role="status">{copied ? "Address copied." : ""}</p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>iPhone, iPad, Mac or Outlook on a computer: choose Subscribe on this device.</li>
        <li>
          Google Calendar: on a computer, open Google Calendar, choose the plus beside Other
          calendars, then From URL, and paste the address. It then shows on your phone too.
        </li>
        <li>Outlook on the web: choose Add calendar, then Subscribe from web.</li>
      </ul>
      <p className="nhsuk-body-s">
        Calendar apps check for changes on their own timetable: Google Calendar can take a day.
        Baton always has the latest rota.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Calendar feed – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
