import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error";
import { formatWhen } from "~/components/when";
import {
  listNotifications,
  markNotificationsRead,
} from "~/models/notifications/notifications.server";
import { readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return {
    notifications: listNotifications({ actor }).map((n) => ({
      id: n.id,
      title: n.title,
      body: n.body,
      at: n.createdAt.toISOString(),
      unread: !n.readAt,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  // No fields, but a body that cannot be read is refused (400) before anything changes.
  await readForm(request);
  markNotificationsRead({ actor });
  return { done: true };
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => n.unread).length;
  return (
    <>
      <h1 className="nhsuk-heading-l">Notifications</h1>
      {unread ? (
        <Form method="post">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Mark all as read
          </button>
        </Form>
      ) : null}
      {notifications.length ? (
        <ul className="baton-list baton-list--links">
          {notifications.map((n) => (
            <li key={n.id} className={n.unread ? "baton-unread" : undefined}>
              <span className="baton-list__title">
                {/* Opening it marks it read, then leads to what it is about. */}
                <Link to={`/notifications/${n.id}`}>{n.title}</Link>
                {n.unread ? <span className="baton-tag">New</span> : null}
              </span>
              {n.body ? <span className="baton-list__meta">{n.body}</span> : null}
              <span className="baton-list__meta">
                <time dateTime={n.at}>{formatWhen(n.at)}</time>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <div className="baton-card">
          <p>
            Nothing yet. Changes to your teams, and later your rota, swaps and handovers, appear
            here.
          </p>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Notifications – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
