import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { RouteErrorBoundary } from "~/components/route-error";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, email } = requireSession(request);
  return { name: actor.name, email, isOrgAdmin: actor.isOrgAdmin };
}

export default function Settings() {
  const { name, email, isOrgAdmin } = useLoaderData<typeof loader>();
  // A password reset link lands here once it has set the new password.
  const [searchParams] = useSearchParams();
  const wasReset = searchParams.get("password") === "reset";
  const status = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (wasReset) status.current?.focus();
  }, [wasReset]);
  return (
    <>
      <h1 className="nhsuk-heading-l">Settings</h1>
      {wasReset ? (
        <div className="nhsuk-inset-text" role="status" tabIndex={-1} ref={status}>
          <p>Your new password is saved. Every other device you used is signed out.</p>
        </div>
      ) : null}
      <div className="baton-card">
        <p className="nhsuk-u-margin-bottom-0">
          <strong>{name}</strong>
          <br />
          {email}
        </p>
      </div>
      <ul className="baton-list">
        <li>
          <Link className="baton-list__title" to="/settings/password">
            Change password
          </Link>
          <span className="baton-list__meta">With your current password</span>
        </li>
        <li>
          <Link className="baton-list__title" to="/settings/devices">
            Devices
          </Link>
          <span className="baton-list__meta">
            Where you are signed in; name a device; sign out a lost phone
          </span>
        </li>
        <li>
          <Link className="baton-list__title" to="/settings/notifications">
            Notifications
          </Link>
          <span className="baton-list__meta">Alerts on this phone, and when Baton sends them</span>
        </li>
        <li>
          <Link className="baton-list__title" to="/settings/calendar">
            Calendar feed
          </Link>
          <span className="baton-list__meta">Your shifts in Google, Apple or Outlook calendar</span>
        </li>
        {isOrgAdmin ? (
          <>
            <li>
              <Link className="baton-list__title" to="/team">
                Teams
              </Link>
              <span className="baton-list__meta">Create teams and appoint their managers</span>
            </li>
            <li>
              <Link className="baton-list__title" to="/admin/settings">
                Organisation settings
              </Link>
              <span className="baton-list__meta">
                How long people stay signed in; how long messages are kept
              </span>
            </li>
            <li>
              <Link className="baton-list__title" to="/admin/message-export">
                Export messages
              </Link>
              <span className="baton-list__meta">
                A conversation's or a person's messages, for a request or an investigation
              </span>
            </li>
            <li>
              <Link className="baton-list__title" to="/admin/audit">
                Audit log
              </Link>
              <span className="baton-list__meta">
                Sign-ins, refusals, invitations and changes; export as CSV
              </span>
            </li>
          </>
        ) : null}
      </ul>
      {/* A whole new page, so nothing of this person (the outbox's messages) stays in memory. */}
      <Form method="post" action="/logout" reloadDocument>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Sign out
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Settings – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
