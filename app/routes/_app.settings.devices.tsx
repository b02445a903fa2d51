import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/route-error";
import { describeDevice } from "~/models/accounts/device-name";
import { endOwnSessions, listOwnDevices } from "~/models/accounts/devices.server";
import { parseForm, readForm } from "~/web/forms";
import { clearedSessionCookie, requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = requireSession(request);
  const devices = listOwnDevices({ actor: session.actor, currentSessionId: session.sessionId });
  return {
    devices: devices.map((d) => ({
      key: d.key,
      device: describeDevice(d.userAgent),
      isCurrent: d.isCurrent,
      firstSeen: d.createdAt.toISOString(),
      lastSeen: d.lastSeenAt.toISOString(),
    })),
  };
}

const DevicesSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign-out-device"), key: z.string().min(1) }),
  z.object({ intent: z.literal("sign-out-others") }),
  z.object({ intent: z.literal("sign-out-all") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const session = requireSession(request);
  const parsed = parseForm(DevicesSchema, await readForm(request));
  if (!parsed.ok) throw new Response("That request was not understood.", { status: 400 });
  const input = parsed.data;
  const { endedCurrent } = endOwnSessions({
    actor: session.actor,
    currentSessionId: session.sessionId,
    which:
      input.intent === "sign-out-device"
        ? { key: input.key }
        : input.intent === "sign-out-others"
          ? "others"
          : "all",
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
  const { devices } = useLoaderData<typeof loader>();
  const others = devices.filter((d) => !d.isCurrent).length;
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Devices</h1>
      <p>
        You are signed in to Baton on these devices. Sign out any you do not recognise or no longer
        use.
      </p>
      <ul className="baton-list">
        {devices.map((d) => (
          <li key={d.key}>
            <span className="baton-list__title">
              {d.device}
              {d.isCurrent ? <span className="baton-tag">This device</span> : null}
            </span>
            <span className="baton-list__meta">
              First signed in {when(d.firstSeen)} · last used {when(d.lastSeen)}
            </span>
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
                  {d.isCurrent ? "this device" : d.device}
                </span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <div className="baton-row">
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="sign-out-others" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Sign out all other devices
            </button>
          </Form>
        ) : null}
        <Form method="post" reloadDocument>
          <input type="hidden" name="intent" value="sign-out-all" />
          <button type="submit" className="nhsuk-button nhsuk-button--warning">
            Sign out everywhere
          </button>
        </Form>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Devices – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
