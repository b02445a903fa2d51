import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { CheckboxField, ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { describeDevice } from "~/models/accounts/device-name";
import { endOwnSessions, listOwnDevices, nameOwnDevice } from "~/models/accounts/devices.server";
import { calendarFeedStatus } from "~/models/rota/calendar-feed.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { clearedSessionCookie, requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = requireSession(request);
  const devices = listOwnDevices({ actor: session.actor, currentSessionId: session.sessionId });
  return {
    devices: devices.map((d) => ({
      key: d.key,
      name: d.name,
      device: describeDevice(d.userAgent),
      isCurrent: d.isCurrent,
      firstSeen: d.createdAt.toISOString(),
      lastSeen: d.lastSeenAt.toISOString(),
    })),
    calendarFeedOn: calendarFeedStatus({ actor: session.actor }).on,
  };
}

const DevicesSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign-out-device"), key: z.string().min(1) }),
  z.object({ intent: z.literal("sign-out-others") }),
  z.object({
    intent: z.literal("sign-out-all"),
    turnOffCalendarFeed: z.literal("yes").optional(),
  }),
  z.object({
    intent: z.literal("name-device"),
    key: z.string().min(1),
    name: z
      .string()
      .trim()
      .max(TEXT_LIMITS.deviceName, tooLongMessage("Device name", TEXT_LIMITS.deviceName))
      .optional()
      .default(""),
  }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const session = requireSession(request);
  const parsed = parseForm(DevicesSchema, await readForm(request));
  if (!parsed.ok) {
    // A name too long is the person's to fix; anything else did not come from this page.
    if (parsed.errors.some((e) => e.field === "name")) return { errors: parsed.errors, key: null };
    throw new Response("That request was not understood.", { status: 400 });
  }
  const input = parsed.data;
  if (input.intent === "name-device") {
    try {
      nameOwnDevice({ actor: session.actor, key: input.key, name: input.name });
    } catch (error) {
      return { errors: inputErrors(error), key: input.key };
    }
    throw redirect("/settings/devices");
  }
  const { endedCurrent } = endOwnSessions({
    actor: session.actor,
    currentSessionId: session.sessionId,
    which:
      input.intent === "sign-out-device"
        ? { key: input.key }
        : input.intent === "sign-out-others"
          ? "others"
          : "all",
    turnOffCalendarFeed: input.intent === "sign-out-all" && input.turnOffCalendarFeed === "yes",
    ipAddress: context.clientAddress,
  });
  if (endedCurrent) {
    const headers = new Headers({ "Clear-Site-Data": '"cache", "cookies", "storage"' });
    headers.append("Set-Cookie", clearedSessionCookie(request));
    throw redirect("/login", { headers });
  }
  throw redirect("/settings/devices");
}

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/London",
  });

export default function Devices() {
  const { devices, calendarFeedOn } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const confirming = searchParams.get("confirm") === "everywhere";
  const others = devices.filter((d) => !d.isCurrent).length;
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Devices</h1>
      {confirming ? (
        <ConfirmSignOutEverywhere devices={devices.length} calendarFeedOn={calendarFeedOn} />
      ) : null}
      <ErrorSummary errors={actionData?.errors ?? []} />
      <p>
        You are signed in to Baton on these devices. Give each a name you will recognise, and sign
        out any you do not recognise or no longer use.
      </p>
      <ul className="baton-list">
        {devices.map((d) => {
          const label = d.name ?? d.device;
          const nameError =
            actionData?.key === d.key ? fieldError(actionData.errors, "name") : undefined;
          return (
            <li key={d.key}>
              <span className="baton-list__title">
                {label}
                {d.isCurrent ? <span className="baton-tag">This device</span> : null}
              </span>
              <span className="baton-list__meta">
                {d.name ? `${d.device} · ` : ""}First signed in {when(d.firstSeen)} · last used{" "}
                {when(d.lastSeen)}
              </span>
              <details className="nhsuk-details baton-device-name" open={Boolean(nameError)}>
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">
                    {d.name ? "Rename" : "Name"}
                    <span className="nhsuk-u-visually-hidden"> {label}</span>
                  </span>
                </summary>
                <div className="nhsuk-details__text">
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="name-device" />
                    <input type="hidden" name="key" value={d.key} />
                    <TextField
                      id={`name-${d.key}`}
                      name="name"
                      label="Device name"
                      hint="For example My phone or Ward 7 desk computer. Leave it empty to show the browser again."
                      maxLength={TEXT_LIMITS.deviceName}
                      defaultValue={d.name ?? ""}
                      error={nameError}
                      autoComplete="off"
                    />
                    <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                      Save name
                    </button>
                  </Form>
                </div>
              </details>
              {/* Signing this device out loads a whole new page: nothing of this person stays in memory. */}
              <Form method="post" className="baton-inline-form" reloadDocument={d.isCurrent}>
                <input type="hidden" name="intent" value="sign-out-device" />
                <input type="hidden" name="key" value={d.key} />
                <button
                  type="submit"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                >
                  Sign out
                  <span className="nhsuk-u-visually-hidden">
                    {" "}
                    {d.isCurrent ? "this device" : label}
                  </span>
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
      <h2 className="nhsuk-heading-m">Sign out more than one device</h2>
      <dl className="baton-explained">
        {others > 0 ? (
          <>
            <dt>Sign out all other devices</dt>
            <dd>
              Every device except this one has to sign in again. Use it if you signed in on a shared
              computer and forgot to sign out.
            </dd>
          </>
        ) : null}
        <dt>Sign out everywhere</dt>
        <dd>
          For a lost or stolen phone: every device, this one included, has to sign in again. It asks
          you first, and offers to turn off your calendar feed too
          {calendarFeedOn
            ? ", which the lost phone's calendar can still read without signing in."
            : " (it is off now)."}
        </dd>
      </dl>
      {confirming ? null : (
        <div className="baton-row">
          {others > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="sign-out-others" />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                Sign out all other devices
              </button>
            </Form>
          ) : null}
          {/* A link, not a form: the confirmation step is a page of its own, with or without JavaScript. */}
          <Link
            to="?confirm=everywhere"
            className="nhsuk-button nhsuk-button--warning"
            preventScrollReset={false}
          >
            Sign out everywhere…
          </Link>
        </div>
      )}
    </>
  );
}

/** The lost-phone action asks first, saying what will happen, and offers to stop the feed. */
function ConfirmSignOutEverywhere({
  devices,
  calendarFeedOn,
}: {
  devices: number;
  calendarFeedOn: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="baton-card baton-confirm" aria-labelledby="confirm-everywhere">
      <h2 className="nhsuk-heading-m" id="confirm-everywhere" tabIndex={-1} ref={heading}>
        Sign out everywhere?
      </h2>
      <p>
        {devices === 1
          ? "This device will have to sign in again."
          : `All ${devices} devices, this one included, will have to sign in again.`}{" "}
        A message still waiting to be sent is lost.
      </p>
      {/* Signs this device out: a whole new page, so nothing of this person stays in memory. */}
      <Form method="post" reloadDocument>
        <input type="hidden" name="intent" value="sign-out-all" />
        {calendarFeedOn ? (
          <CheckboxField
            id="turnOffCalendarFeed"
            name="turnOffCalendarFeed"
            value="yes"
            defaultChecked
            label="Also turn off my calendar feed"
            hint="Your calendar app reads your shifts from a secret address without signing in, so a lost phone keeps showing them until the feed is off. You can turn it on again in Settings, with a new address."
          />
        ) : (
          <p>Your calendar feed is off, so there is nothing more to stop.</p>
        )}
        <div className="baton-row">
          <button type="submit" className="nhsuk-button nhsuk-button--warning">
            Yes, sign out everywhere
          </button>
          <Link to="/settings/devices" className="nhsuk-button nhsuk-button--secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Devices – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
