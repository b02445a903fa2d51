import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NotTheRecord } from "~/components/message-text";
import { RouteErrorBoundary } from "~/components/route-error";
import { formatWhen } from "~/components/when";
import { openInbox } from "~/messaging/inbox.server";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const inbox = openInbox({ actor });
  return {
    pinned: inbox.pinned,
    conversations: inbox.conversations.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      href: c.href,
      unread: c.unread,
      at: c.lastMessageAt?.toISOString() ?? null,
    })),
    teamChannels: inbox.teamChannels,
  };
}

const KIND = {
  shift: "Shift thread",
  team: "Team channel",
  direct: "Direct message",
  group: "Group",
};

export default function Messages() {
  const { pinned, conversations, teamChannels } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="nhsuk-heading-l">Messages</h1>
      <NotTheRecord />
      <p>
        <Link className="nhsuk-button nhsuk-button--secondary baton-button-link" to="/messages/new">
          New message or group
        </Link>
      </p>
      <p>
        <Link
          className="nhsuk-button nhsuk-button--secondary baton-button-link"
          to="/messages/search"
        >
          Search messages
        </Link>
      </p>
      {pinned.length ? (
        <section aria-labelledby="my-shifts">
          <h2 className="nhsuk-heading-m" id="my-shifts">
            Your shifts
          </h2>
          <ul className="baton-list">
            {pinned.map((p) => (
              <li key={p.href} className={p.unread ? "baton-unread" : undefined}>
                <Link className="baton-list__title" to={`${p.href}#latest`}>
                  {p.title}
                  <UnreadTag count={p.unread} />
                </Link>
                <span className="baton-list__meta">
                  {p.now ? "On now" : "Next"} · {p.teamName} · {p.times}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="conversations">
        <h2 className="nhsuk-heading-m" id="conversations">
          Conversations
        </h2>
        {conversations.length ? (
          <ul className="baton-list">
            {conversations.map((c) => (
              <li key={c.id} className={c.unread ? "baton-unread" : undefined}>
                <Link className="baton-list__title" to={`${c.href}#latest`}>
                  {c.title}
                  <UnreadTag count={c.unread} />
                </Link>
                <span className="baton-list__meta">
                  {KIND[c.kind]}
                  {c.at ? (
                    <>
                      {" · "}
                      <time dateTime={c.at}>{formatWhen(c.at)}</time>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <div className="baton-card">
            <p>
              No conversations yet. Each shift has its own thread for the people on it, and each
              team has a channel.
            </p>
          </div>
        )}
      </section>
      {teamChannels.length ? (
        <section aria-labelledby="channels">
          <h2 className="nhsuk-heading-m" id="channels">
            Team channels
          </h2>
          <ul className="baton-list">
            {teamChannels.map((t) => (
              <li key={t.teamId}>
                <Link to={`${t.href}`}>
                  {t.name}
                  <span className="nhsuk-u-visually-hidden"> team channel</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function UnreadTag({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span className="baton-tag">
      {count}
      <span className="nhsuk-u-visually-hidden"> unread</span>
    </span>
  );
}

export const meta: MetaFunction = () => [{ title: "Messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
