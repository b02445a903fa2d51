import { data, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  Outlet,
  type ShouldRevalidateFunction,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { AppNav } from "~/components/app-nav";
import { useLiveEvents } from "~/components/live-events";
import { refusedElsewhere } from "~/components/message-outbox";
import { useOutboxSender } from "~/components/outbox-sender";
import { usePushRefresh } from "~/components/push-alerts";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner, useKeptToast } from "~/components/toast";
import { pushPublicKey } from "~/messaging/push/vapid.server";
import { unreadMessageTotal } from "~/messaging/unread-total.server";
import { getOrganisation } from "~/models/accounts/organisations.server";
import { unreadNotificationCount } from "~/models/notifications/notifications.server";
import { requireSession } from "~/web/session-cookie.server";
import { takeToast } from "~/web/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const organisation = getOrganisation(actor);
  // An action's result, carried across its redirect: shown once, then the cookie is cleared.
  const { toast, headers } = takeToast(request);
  const layout = {
    me: { id: actor.userId, name: actor.name, isOrgAdmin: actor.isOrgAdmin },
    organisationName: organisation.name,
    unread: unreadNotificationCount({ actor }),
    unreadMessages: unreadMessageTotal({ actor }),
    pushKey: pushPublicKey(),
    toast,
  };
  // Plain data unless a toast's cookie must be cleared with this answer.
  return headers ? data(layout, { headers }) : layout;
}

/**
 * Besides the defaults (after a form is sent, on a reload, and on every revalidate(), which is
 * how a live event reloads the page: defaultShouldRevalidate is true then), the layout reloads when a person
 * moves into or out of Messages: opening a conversation reads it, and the tab's count follows.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) =>
  defaultShouldRevalidate ||
  currentUrl.pathname.startsWith("/messages") ||
  nextUrl.pathname.startsWith("/messages");

export default function AppLayout() {
  const { me, organisationName, unread, unreadMessages, toast, pushKey } =
    useLoaderData<typeof loader>();
  const shownToast = useKeptToast(toast);
  // Where alerts are allowed, this browser's push subscription is re-checked and saved.
  usePushRefresh(pushKey);
  // This browser's one event stream: every page under the layout reloads its data as things change.
  useLiveEvents();
  // Messages written offline go from here, whichever page is open.
  const outbox = useOutboxSender(me.id);
  const openConversation = /^\/messages\/([^/]+)$/.exec(useLocation().pathname)?.[1] ?? null;
  const refused = refusedElsewhere(outbox, me.id, openConversation);
  // A page that reads messages (a conversation) counts again after reading them: the layout's
  // loader ran alongside it, before the page marked them read.
  const afterReading = useMatches()
    .map((m) => (m.data as { unreadMessages?: unknown } | undefined)?.unreadMessages)
    .filter((n): n is number => typeof n === "number")
    .at(-1);
  return (
    <>
      <AppHeader name={me.name} organisationName={organisationName} unread={unread} />
      <main className="baton-main" id="main-content">
        {shownToast ? <ToastBanner toast={shownToast} id="toast" /> : null}
        {/* Read out as it appears; not a "status" role, which pages keep for their own news. */}
        <div aria-live="polite">
          {refused.map((r) => (
            <div className="baton-card baton-outbox-notice" key={r.conversationId}>
              <p className="nhsuk-u-margin-bottom-0">
                A message to {r.conversationTitle} was not sent:{" "}
                <Link to={`/messages/${r.conversationId}#message`}>open it</Link>
              </p>
            </div>
          ))}
        </div>
        <Outlet />
      </main>
      <AppNav unreadMessages={afterReading ?? unreadMessages} />
    </>
  );
}

function AppHeader({
  name,
  organisationName,
  unread = 0,
}: {
  name?: string;
  organisationName?: string;
  unread?: number;
}) {
  return (
    <header className="baton-header">
      <Link className="baton-header__brand" to="/shifts">
        Baton
      </Link>
      {name ? (
        <div className="baton-header__who">
          {name}
          <br />
          <span>{organisationName}</span>
        </div>
      ) : null}

      <Link
        className="baton-header__bell"
        to="/notifications"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
        </svg>
        {unread ? (
          <span className="baton-header__count">{unread > 99 ? "99+" : unread}</span>
        ) : null}
      </Link>
    </header>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  return (
    <>
      <AppHeader
        name={data?.me.name}
        organisationName={data?.organisationName}
        unread={data?.unread}
      />
      <main className="baton-main" id="main-content">
        <RouteErrorBoundary />
      </main>
      <AppNav unreadMessages={data?.unreadMessages} />
    </>
  );
}
