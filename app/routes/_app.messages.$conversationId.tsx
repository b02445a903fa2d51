import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ErrorSummary } from "~/components/form-fields";
import { MessageText, NotTheRecord } from "~/components/message-text";
import { RouteErrorBoundary } from "~/components/route-error";
import { viewConversation } from "~/messaging/conversation-view.server";
import { sendMessage } from "~/messaging/messages.server";
import { unreadMessageTotal } from "~/messaging/unread-total.server";
import { acknowledgeUrgent } from "~/messaging/urgent.server";
import { InputError } from "~/models/errors";
import { newId } from "~/models/ids.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

const PageQuery = z.object({
  before: z.string().max(60).optional(),
  replyTo: z.string().max(40).optional(),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const query = PageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("Bad request", { status: 400 });
  try {
    const page = viewConversation({
      actor,
      conversationId: params.conversationId ?? "",
      before: query.data.before || undefined,
      replyTo: query.data.replyTo || undefined,
      ipAddress: context.clientAddress,
    });
    return {
      ...page,
      // Made when the page renders, so that sending the same form twice makes one message.
      clientId: newId(),
      // For the Messages tab, counted after this page read the conversation.
      unreadMessages: unreadMessageTotal({ actor }),
    };
  } catch (error) {
    if (error instanceof InputError) throw new Response(error.message, { status: 400 });
    throw error;
  }
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("send"),
    clientId: z
      .string()
      .min(1, "Reload the page and send the message again.")
      .max(
        TEXT_LIMITS.messageClientId,
        tooLongMessage("The client id", TEXT_LIMITS.messageClientId),
      ),
    body: z
      .string({ required_error: "Write a message." })
      .max(TEXT_LIMITS.messageBody, tooLongMessage("A message", TEXT_LIMITS.messageBody))
      .refine((body) => body.trim().length > 0, "Write a message."),
    urgent: z.literal("yes").optional(),
    replyToMessageId: z.string().max(40).optional(),
  }),
  z.object({ intent: z.literal("acknowledge"), messageId: z.string().min(1).max(40) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const conversationId = params.conversationId ?? "";
  const ipAddress = context.clientAddress;
  const form = await readForm(request);
  const parsed = parseForm(ActionSchema, form);
  // What the person wrote stays in the box whatever went wrong.
  const kept = {
    body: String(form.get("body") ?? "").slice(0, TEXT_LIMITS.messageBody),
    urgent: form.get("urgent") === "yes",
  };
  if (!parsed.ok) return { errors: parsed.errors, ...kept };
  const input = parsed.data;
  try {
    if (input.intent === "send") {
      sendMessage({
        actor,
        conversationId,
        clientId: input.clientId,
        body: input.body,
        urgent: input.urgent === "yes",
        replyToMessageId: input.replyToMessageId || null,
        ipAddress,
      });
    } else {
      acknowledgeUrgent({ actor, messageId: input.messageId, ipAddress });
    }
  } catch (error) {
    return { errors: inputErrors(error), ...kept };
  }
  return redirect(`/messages/${conversationId}#latest`);
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Conversation() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = answer?.errors ?? [];
  const bodyError = fieldError(errors, "body");
  const sending = navigation.state === "submitting";
  const composer = useComposer(page.clientId);
  useFollowNewest(page.newest ? page.messages.at(-1)?.id : undefined);
  return (
    <>
      <p className="baton-back">
        <Link to="/messages">Messages</Link>
      </p>
      <h1 className="nhsuk-heading-l baton-conversation__title">{page.title}</h1>
      <p className="baton-list__meta">
        {page.about} ·{" "}
        <Link to={`/messages/${page.id}/people`}>
          {page.memberCount} {page.memberCount === 1 ? "person" : "people"}
        </Link>{" "}
        · times in {page.zoneLabel}
      </p>
      <NotTheRecord />
      {page.awaitingMe.length ? <AwaitingMe items={page.awaitingMe} /> : null}
      {page.older ? (
        <p>
          <Link to={`?before=${encodeURIComponent(page.older)}`}>Show older messages</Link>
        </p>
      ) : null}
      {page.messages.length ? (
        <ol className="baton-messages" aria-label="Messages">
          {page.messages.map((m, i) => (
            <li
              key={m.id}
              id={page.newest && i === page.messages.length - 1 ? "latest" : undefined}
              className={`baton-message${m.mine ? " baton-message--mine" : ""}${m.urgent ? " baton-message--urgent" : ""}`}
            >
              <div className="baton-message__head">
                <span className="baton-message__sender">{m.mine ? "You" : m.senderName}</span>{" "}
                <time dateTime={m.at}>{m.when}</time>
                {m.urgent ? <span className="baton-tag baton-tag--warning">Urgent</span> : null}
              </div>
              {m.replyTo ? (
                <blockquote className="baton-message__quote">
                  <span className="baton-message__sender">{m.replyTo.senderName}</span>
                  <span className="baton-message__quote-text">{m.replyTo.body}</span>
                </blockquote>
              ) : null}
              <MessageText body={m.body} />
              {m.acknowledgements ? <Acknowledgements {...m.acknowledgements} /> : null}
              {page.seen?.messageId === m.id ? <SeenBy {...page.seen} /> : null}
              <Link
                className="baton-message__reply"
                to={`?replyTo=${m.id}#message`}
                preventScrollReset
              >
                Reply<span className="nhsuk-u-visually-hidden"> to {m.senderName}</span>
              </Link>
            </li>
          ))}
        </ol>
      ) : (
        <div className="baton-card">
          <p>No messages yet. Say hello.</p>
        </div>
      )}
      {page.newest ? null : (
        <p>
          <Link to=".#latest">Show the newest messages</Link>
        </p>
      )}
      <Form method="post" className="baton-composer" key={composer.key}>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="send" />
        <input type="hidden" name="clientId" value={composer.clientId} />
        {page.replyingTo ? (
          <div className="baton-composer__reply">
            <input type="hidden" name="replyToMessageId" value={page.replyingTo.id} />
            <span>
              Replying to <strong>{page.replyingTo.senderName}</strong>:{" "}
              {page.replyingTo.body.slice(0, 120)}
            </span>{" "}
            <Link to=".#message" preventScrollReset>
              Cancel reply
            </Link>
          </div>
        ) : null}
        <div className={`nhsuk-form-group${bodyError ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="message">
            Message
          </label>
          {bodyError ? (
            <span className="nhsuk-error-message" id="message-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {bodyError}
            </span>
          ) : null}
          <textarea
            className={`nhsuk-textarea${bodyError ? " nhsuk-textarea--error" : ""}`}
            id="message"
            name="body"
            rows={3}
            maxLength={TEXT_LIMITS.messageBody}
            defaultValue={answer?.body ?? ""}
            aria-describedby={bodyError ? "message-error" : undefined}
            aria-invalid={bodyError ? true : undefined}
          />
        </div>
        <div className="baton-composer__actions">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="urgent"
              name="urgent"
              type="checkbox"
              value="yes"
              defaultChecked={answer?.urgent ?? false}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="urgent">
              Urgent: people on shift must acknowledge
            </label>
          </div>
          <button type="submit" className="nhsuk-button baton-composer__send" disabled={sending}>
            Send
          </button>
        </div>
      </Form>
    </>
  );
}

/**
 * The composer belongs to the page as navigated to. Each load makes a new client id, but a live
 * update reloads the same location (a revalidation keeps the location's key): the composer then
 * stays as it is, with what is being typed and the id it will be sent with. A new location
 * (after sending, or another page of the thread) gives a fresh, empty composer.
 */
function useComposer(clientId: string): { key: string; clientId: string } {
  const location = useLocation();
  const [composer, setComposer] = useState({ key: location.key, clientId });
  if (composer.key !== location.key) {
    const next = { key: location.key, clientId };
    setComposer(next);
    return next;
  }
  return composer;
}

/**
 * When a live update brings a newer message while the person is at the foot of the thread (where
 * the page opens, by #latest), keeps them there: the new message shows above the composer, which
 * stays in view. Someone reading further up is left where they are.
 */
function useFollowNewest(newestId: string | undefined) {
  const location = useLocation();
  const atFoot = useRef(false);
  const shown = useRef({ newestId, at: location.key });
  useEffect(() => {
    const measure = () => {
      const page = document.documentElement;
      atFoot.current = window.innerHeight + window.scrollY >= page.scrollHeight - 64;
    };
    measure();
    window.addEventListener("scroll", measure, { passive: true });
    window.addEventListener("resize", measure);
    return () => {
      window.removeEventListener("scroll", measure);
      window.removeEventListener("resize", measure);
    };
  }, []);
  useEffect(() => {
    const before = shown.current;
    shown.current = { newestId, at: location.key };
    if (before.newestId === newestId || before.at !== location.key || !newestId) return;
    if (atFoot.current) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [newestId, location.key]);
}

function AwaitingMe({ items }: { items: Page["awaitingMe"] }) {
  return (
    <section className="baton-urgent" aria-labelledby="awaiting-me">
      <h2 className="nhsuk-heading-s" id="awaiting-me">
        Urgent: please acknowledge
      </h2>
      <ul className="baton-urgent__list">
        {items.map((u) => (
          <li key={u.id}>
            <div className="baton-message__head">
              <span className="baton-message__sender">{u.senderName}</span> {u.when}
            </div>
            <MessageText body={u.body} />
            <Form method="post">
              <input type="hidden" name="intent" value="acknowledge" />
              <input type="hidden" name="messageId" value={u.id} />
              <button type="submit" className="nhsuk-button nhsuk-button--small">
                Acknowledge
                <span className="nhsuk-u-visually-hidden"> {u.senderName}'s message</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Acknowledgements({
  acknowledged,
  waiting,
}: {
  acknowledged: string[];
  waiting: string[];
}) {
  const all = acknowledged.length + waiting.length;
  if (all === 0)
    return <p className="baton-list__meta">Nobody else was on shift to acknowledge.</p>;
  return (
    <details className="baton-details">
      <summary>
        Acknowledged by {acknowledged.length} of {all}
      </summary>
      <p className="baton-list__meta">
        Acknowledged: {acknowledged.length ? acknowledged.join(", ") : "nobody yet"}
      </p>
      {waiting.length ? <p className="baton-list__meta">Not yet: {waiting.join(", ")}</p> : null}
    </details>
  );
}

function SeenBy({ seen, notSeen }: Page["seen"] & {}) {
  const all = seen.length + notSeen.length;
  if (all === 0) return null;
  return (
    <details className="baton-details">
      <summary>
        Seen by {seen.length} of {all}
      </summary>
      <p className="baton-list__meta">
        Seen: {seen.length ? seen.map((p) => p.name).join(", ") : "nobody yet"}
      </p>
      {notSeen.length ? (
        <p className="baton-list__meta">Not yet: {notSeen.map((p) => p.name).join(", ")}</p>
      ) : null}
    </details>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? "Conversation"} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
