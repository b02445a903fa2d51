import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  useFetcher,
  useLoaderData,
  useLocation,
  useNavigate,
  useNavigation,
  useRouteLoaderData,
} from "@remix-run/react";
import {
  type FormEvent,
  type MouseEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { z } from "zod";
import { ConfirmStep } from "~/components/confirm";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { ComposerFiles, chosenFiles, filesProblem, MessageFiles } from "~/components/message-files";
import {
  DeletedMessage,
  deleteConfirmation,
  EditMessageForm,
  MessageMenu,
  PinnedStrip,
} from "~/components/message-menu";
import {
  itemsOf,
  messageOutbox,
  newClientId,
  type OutboxItem,
  serverOutboxSnapshot,
} from "~/components/message-outbox";
import { QuotedText, RetentionRemoved } from "~/components/message-retention";
import { MessageText, NotTheRecord } from "~/components/message-text";
import { useOnline } from "~/components/online";
import { RouteErrorBoundary } from "~/components/route-error";
import { sendMessageWithFiles } from "~/messaging/attachments/send-with-files.server";
import { isMultipart, readUpload } from "~/messaging/attachments/upload.server";
import { takeUploadSlot, uploadsBusy } from "~/messaging/attachments/upload-slots.server";
import { viewConversation } from "~/messaging/conversation-view.server";
import {
  deleteMessage,
  editMessage,
  pinMessage,
  unpinMessage,
} from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { SendMessageForm, SendMessageWithFilesForm } from "~/messaging/send-form";
import { startHistory, withDeleted, withNewest, withOlder } from "~/messaging/thread-history";
import { unreadMessageTotal } from "~/messaging/unread-total.server";
import { acknowledgeUrgent } from "~/messaging/urgent.server";
import type { Actor } from "~/models/accounts/permissions";
import { InputError } from "~/models/errors";
import { newId } from "~/models/ids.server";
import { markNotificationsSeenAt } from "~/models/notifications/notifications.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { askFirst, isConfirmed } from "~/web/confirm";
import { type FormErrors, fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";
import type { loader as layoutLoader } from "./_app";

const PageQuery = z.object({
  before: z.string().max(60).optional(),
  replyTo: z.string().max(40).optional(),
  edit: z.string().max(40).optional(),
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
      edit: query.data.edit || undefined,
      ipAddress: context.clientAddress,
    });
    // Reading the conversation is seeing what its notifications (a mention) announced.
    markNotificationsSeenAt({ actor, path: `/messages/${params.conversationId}` });
    return {
      ...page,
      // The cursor this page was asked for: the browser adds an older page it loaded above the
      // messages it holds only if it is the one it asked for (thread-history.ts).
      before: query.data.before || null,
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
  SendMessageForm,
  z.object({ intent: z.literal("acknowledge"), messageId: z.string().min(1).max(40) }),
]);

// With photos or files (a multipart post), the message may be empty.
const ActionWithFilesSchema = z.discriminatedUnion("intent", [
  SendMessageWithFilesForm,
  z.object({ intent: z.literal("acknowledge"), messageId: z.string().min(1).max(40) }),
]);

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  // The session is checked once, in conversationAction: one without a session is sent to sign
  // in there before any body is read, giving its place straight back.
  if (!isMultipart(request)) return conversationAction(args);
  // Photos and files are held in memory while checked and re-encoded: a few at a time.
  const release = takeUploadSlot();
  if (!release) return uploadsBusy();
  try {
    return await conversationAction(args);
  } finally {
    release();
  }
}

async function conversationAction({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const conversationId = params.conversationId ?? "";
  const ipAddress = context.clientAddress;
  // The composer posts multipart (it has a file input); photos and files are read in memory here
  // and only written once checked (app/messaging/attachments).
  const upload = isMultipart(request)
    ? await readUpload(request)
    : { form: await readForm(request), files: [], problem: null };
  const form = upload.form;
  const files = upload.files;
  // Edit, delete, pin and unpin (issue 14) answer for themselves, apart from the composer.
  if (CHANGE_INTENTS.has(String(form.get("intent"))))
    return changeMessage({ request, form, actor, conversationId, ipAddress });
  const parsed = parseForm(files.length ? ActionWithFilesSchema : ActionSchema, form);
  // What the person wrote stays in the box whatever went wrong.
  const kept = {
    body: String(form.get("body") ?? "").slice(0, TEXT_LIMITS.messageBody),
    urgent: form.get("urgent") === "yes",
  };
  // A file over the limit: refused with the reason (413), nothing read further or written.
  if (upload.problem)
    return data(
      { errors: [{ field: "files", message: upload.problem }], ...kept },
      { status: 413 },
    );
  if (!parsed.ok) return { errors: parsed.errors, ...kept };
  const input = parsed.data;
  try {
    if (input.intent === "send") {
      const message = {
        actor,
        conversationId,
        clientId: input.clientId,
        body: input.body,
        urgent: input.urgent === "yes",
        replyToMessageId: input.replyToMessageId || null,
        ipAddress,
      };
      if (files.length) await sendMessageWithFiles({ ...message, files });
      else sendMessage(message);
    } else {
      acknowledgeUrgent({ actor, messageId: input.messageId, ipAddress });
    }
  } catch (error) {
    return { errors: inputErrors(error), ...kept };
  }
  return redirect(`/messages/${conversationId}#latest`);
}

const CHANGE_INTENTS = new Set(["edit", "delete", "pin", "unpin"]);
const MessageId = z.string().min(1).max(40);
const ChangeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("edit"),
    messageId: MessageId,
    body: z
      .string({ required_error: "Write a message." })
      .max(TEXT_LIMITS.messageBody, tooLongMessage("A message", TEXT_LIMITS.messageBody)),
  }),
  z.object({ intent: z.enum(["delete", "pin", "unpin"]), messageId: MessageId }),
]);

/**
 * Edit, delete, pin or unpin a message (issue 14). Deleting acts only when confirmed (decision
 * 024). A refusal comes back as `change` (with the edited text kept); success returns to the
 * message, the newest page of the thread.
 */
async function changeMessage({
  request,
  form,
  actor,
  conversationId,
  ipAddress,
}: {
  request: Request;
  form: FormData;
  actor: Actor;
  conversationId: string;
  ipAddress?: string;
}) {
  const parsed = parseForm(ChangeSchema, form);
  const answer = {
    intent: String(form.get("intent")),
    messageId: String(form.get("messageId") ?? "").slice(0, 40),
    body: String(form.get("body") ?? "").slice(0, TEXT_LIMITS.messageBody),
  };
  if (!parsed.ok) return { change: answer, errors: parsed.errors };
  const input = parsed.data;
  const target = { actor, conversationId, messageId: input.messageId, ipAddress };
  try {
    if (input.intent === "edit") editMessage({ ...target, body: input.body });
    else if (input.intent === "pin") pinMessage(target);
    else if (input.intent === "unpin") unpinMessage(target);
    else {
      // The permission check comes first: a message the actor may not delete is the same 404
      // whether they confirmed or not.
      if (!isConfirmed(form)) {
        deleteMessage({ ...target, dryRun: true });
        return {
          change: { ...answer, ...askFirst("delete", { messageId: input.messageId }) },
          errors: [],
        };
      }
      deleteMessage(target);
      return redirectWithToast(request, `/messages/${conversationId}`, {
        kind: "success",
        message: "Message deleted.",
        links: [],
      });
    }
  } catch (error) {
    return { change: answer, errors: inputErrors(error) };
  }
  return redirect(`/messages/${conversationId}#m-${input.messageId}`);
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Conversation() {
  const page = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const answer = formAnswer(actionData);
  const change = changeAnswer(actionData);
  const navigation = useNavigation();
  const navigate = useNavigate();
  const location = useLocation();
  const online = useOnline();
  const [composer, setComposer] = useComposer(page.clientId, answer);
  const me = useRouteLoaderData<typeof layoutLoader>("routes/_app")?.me;
  const outbox = useOutbox(page, me?.id ?? null);
  const pending = page.newest ? outbox.filter((item) => item.conversationId === page.id) : [];
  const errors = composer.errors;
  const bodyError = fieldError(errors, "body");
  const sending = navigation.state === "submitting";
  const thread = useThreadHistory(page);
  const messages = thread.history.messages;
  useRefusedBackInComposer(page.id, me?.id ?? null, setComposer);
  useFollowNewest(page.newest ? (pending.at(-1)?.clientId ?? messages.at(-1)?.id) : undefined);

  /** With JavaScript: the message goes into the outbox and the composer is ready for the next. */
  const sendThroughOutbox = (event: FormEvent<HTMLFormElement>) => {
    // Photos and files never wait in the outbox (it is text only, in the tab's memory): they go
    // now, as the plain form posts them, or not at all (docs/decisions/026).
    const files = chosenFiles(event.currentTarget);
    if (files.length) {
      const problem = online
        ? filesProblem(files)
        : "You're offline. Photos and files send only while you're online: send this when you're back, or remove the file to send the words now.";
      if (problem) {
        event.preventDefault();
        setComposer((c) => ({ ...c, errors: [{ field: "files", message: problem }] }));
      }
      return;
    }
    event.preventDefault();
    if (!me) return;
    if (!composer.body.trim()) {
      setComposer((c) => ({ ...c, errors: [{ field: "body", message: "Write a message." }] }));
      return;
    }
    messageOutbox.enqueue({
      clientId: composer.clientId,
      ownerId: me.id,
      conversationId: page.id,
      conversationTitle: page.title,
      body: composer.body,
      urgent: composer.urgent,
      replyTo: page.replyingTo,
    });
    setComposer((c) => ({ ...c, clientId: newClientId(), body: "", urgent: false, errors: [] }));
    // The reply is in the address: sending ends it, as the plain form's redirect does.
    if (page.replyingTo) navigate(location.pathname, { replace: true, preventScrollReset: true });
  };

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
      <ConfirmStep
        asking={change?.confirm}
        confirmations={page.messages.filter((m) => m.mayDelete).map(deleteConfirmation)}
      />
      {change?.errors.length && change.intent !== "edit" ? (
        <ErrorSummary errors={change.errors} />
      ) : null}
      <PinnedStrip pins={page.pins} />
      {page.awaitingMe.length ? <AwaitingMe items={page.awaitingMe} /> : null}
      {thread.history.older ? (
        <p ref={thread.sentinel}>
          <Link
            to={`?before=${encodeURIComponent(thread.history.older)}`}
            onClick={thread.showOlder}
          >
            Show older messages
          </Link>
        </p>
      ) : messages.length ? (
        <p className="baton-list__meta baton-thread-start">Start of the conversation</p>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {thread.loading ? "Loading older messages." : ""}
      </p>
      {messages.length || pending.length ? (
        <ol className="baton-messages" aria-label="Messages" ref={thread.list}>
          {messages.map((m, i) => (
            <li
              key={m.id}
              id={
                page.newest && !pending.length && i === messages.length - 1 ? "latest" : undefined
              }
              className={`baton-message${m.mine ? " baton-message--mine" : ""}${m.urgent ? " baton-message--urgent" : ""}`}
            >
              <div className="baton-message__head" id={`m-${m.id}`}>
                <span className="baton-message__sender">{m.mine ? "You" : m.senderName}</span>{" "}
                <time dateTime={m.at}>{m.when}</time>
                {m.edited ? <span className="baton-message__edited">(edited)</span> : null}
                {m.urgent ? <span className="baton-tag baton-tag--warning">Urgent</span> : null}
              </div>
              {m.replyTo ? (
                <blockquote className="baton-message__quote">
                  <span className="baton-message__sender">{m.replyTo.senderName}</span>
                  <QuotedText body={m.replyTo.body} removed={m.replyTo.removed} />
                </blockquote>
              ) : null}
              {m.deleted ? (
                <DeletedMessage />
              ) : m.removedAfterDays !== null ? (
                <RetentionRemoved afterDays={m.removedAfterDays} />
              ) : page.editing?.id === m.id ? (
                <EditMessageForm
                  messageId={m.id}
                  body={
                    change?.intent === "edit" && change.messageId === m.id ? change.body : m.body
                  }
                  errors={
                    change?.intent === "edit" && change.messageId === m.id ? change.errors : []
                  }
                />
              ) : m.body ? (
                <MessageText body={m.body} />
              ) : null}
              {m.deleted || m.removedAfterDays !== null ? null : (
                <MessageFiles attachments={m.attachments} />
              )}
              {m.acknowledgements ? <Acknowledgements {...m.acknowledgements} /> : null}
              {page.seen?.messageId === m.id ? <SeenBy {...page.seen} /> : null}
              {m.deleted || m.removedAfterDays !== null ? null : (
                <div className="baton-message__foot">
                  <Link
                    className="baton-message__reply"
                    to={`?replyTo=${m.id}#message`}
                    preventScrollReset
                  >
                    Reply<span className="nhsuk-u-visually-hidden"> to {m.senderName}</span>
                  </Link>
                  <MessageMenu message={m} pinsFull={page.pinsFull} />
                </div>
              )}
            </li>
          ))}
          {pending.map((item, i) => (
            <PendingMessage
              key={item.clientId}
              item={item}
              online={online}
              latest={i === pending.length - 1}
            />
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
      <div className="baton-offline" role="status">
        {online ? null : (
          <p>
            <strong>Offline:</strong> messages will send when you're back online.
          </p>
        )}
      </div>
      <p className="nhsuk-u-visually-hidden" role="status">
        {outboxSummary(pending, online)}
      </p>
      <Form
        method="post"
        encType="multipart/form-data"
        className="baton-composer"
        key={composer.key}
        onSubmit={sendThroughOutbox}
      >
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
            value={composer.body}
            onChange={(event) => {
              const body = event.currentTarget.value;
              setComposer((c) => ({ ...c, body }));
            }}
            aria-describedby={bodyError ? "message-error" : undefined}
            aria-invalid={bodyError ? true : undefined}
          />
        </div>
        <ComposerFiles error={fieldError(errors, "files")} />
        <div className="baton-composer__actions">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="urgent"
              name="urgent"
              type="checkbox"
              value="yes"
              checked={composer.urgent}
              onChange={(event) => {
                const urgent = event.currentTarget.checked;
                setComposer((c) => ({ ...c, urgent }));
              }}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="urgent">
              Urgent: people on shift must acknowledge
            </label>
          </div>
          <button type="submit" className="nhsuk-button baton-composer__send" disabled={sending}>
            {sending ? "Sending…" : "Send"}
          </button>
        </div>
      </Form>
    </>
  );
}

/** The plain form's answer (a refusal with the text kept), from a post without the outbox. */
function formAnswer(
  data: unknown,
): { errors: FormErrors; body: string; urgent: boolean } | undefined {
  if (data && typeof data === "object" && "errors" in data && !("change" in data))
    return data as { errors: FormErrors; body: string; urgent: boolean };
  return undefined;
}

/** The answer to an edit, delete, pin or unpin that did not happen (refused, or asking first). */
function changeAnswer(data: unknown): ChangeAnswer | undefined {
  if (data && typeof data === "object" && "change" in data) {
    const { change, errors } = data as { change: Omit<ChangeAnswer, "errors">; errors: FormErrors };
    return { ...change, errors };
  }
  return undefined;
}

type ChangeAnswer = {
  intent: string;
  messageId: string;
  errors: FormErrors;
  body: string;
  confirm?: { intent: string; fields: Record<string, string> };
};

/** A message of the person's still in the outbox, at the foot of the thread. */
function PendingMessage({
  item,
  online,
  latest,
}: {
  item: OutboxItem;
  online: boolean;
  latest: boolean;
}) {
  const status =
    item.state === "stored"
      ? "Sent"
      : item.state === "waiting" || !online
        ? "Waiting for connection"
        : "Sending…";
  return (
    <li
      id={latest ? "latest" : undefined}
      className={`baton-message baton-message--mine baton-message--pending${item.urgent ? " baton-message--urgent" : ""}`}
    >
      <div className="baton-message__head">
        <span className="baton-message__sender">You</span>{" "}
        <span className="baton-message__status">{status}</span>
        {item.urgent ? <span className="baton-tag baton-tag--warning">Urgent</span> : null}
      </div>
      {item.replyTo ? (
        <blockquote className="baton-message__quote">
          <span className="baton-message__sender">{item.replyTo.senderName}</span>
          <span className="baton-message__quote-text">{item.replyTo.body}</span>
        </blockquote>
      ) : null}
      <MessageText body={item.body} />
    </li>
  );
}

/** What the hidden status line says, so that a screen reader hears a message wait or go. */
function outboxSummary(pending: OutboxItem[], online: boolean): string {
  const unsent = pending.filter((item) => item.state !== "stored");
  if (unsent.length === 0) return "";
  const count = unsent.length === 1 ? "1 message" : `${unsent.length} messages`;
  if (!online || unsent.some((item) => item.state === "waiting"))
    return `${count} waiting for connection: sent when you're back online.`;
  return `Sending ${count}.`;
}

/**
 * The person's own messages in the tab's outbox (the signed-in layout sends them) that the
 * page's data does not show yet. Messages the page's data now shows leave the outbox.
 */
function useOutbox(page: Page, userId: string | null): OutboxItem[] {
  const state = useSyncExternalStore(
    messageOutbox.subscribe,
    messageOutbox.getState,
    serverOutboxSnapshot,
  );
  const messages = page.messages;
  useEffect(() => {
    const shown = new Set(messages.flatMap((m) => (m.clientId ? [m.clientId] : [])));
    messageOutbox.shownByPage(shown);
  }, [messages]);

  if (!userId) return [];
  const shown = new Set(messages.flatMap((m) => (m.clientId ? [m.clientId] : [])));
  return itemsOf(state, userId).filter((item) => !shown.has(item.clientId));
}

/**
 * A message the server refused (an NHS number where someone is not clinical, say) comes back
 * into the composer with the reason, as the plain form keeps what was typed. Anything typed
 * since stays after it.
 */
function useRefusedBackInComposer(
  conversationId: string,
  userId: string | null,
  setComposer: (change: (composer: ComposerState) => ComposerState) => void,
) {
  const state = useSyncExternalStore(
    messageOutbox.subscribe,
    messageOutbox.getState,
    serverOutboxSnapshot,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `state` changing is what asks again.
  useEffect(() => {
    if (!userId) return;
    const refused = messageOutbox.takeRefused(conversationId, userId);
    if (refused.length === 0) return;
    setComposer((c) => ({
      ...c,
      clientId: newClientId(),
      body: [...refused.map((r) => r.body), c.body].filter((b) => b.trim()).join("\n\n"),
      urgent: c.urgent || refused.some((r) => r.urgent),
      errors: refused.flatMap((r) => r.errors),
    }));
  }, [state, conversationId, userId, setComposer]);
}

type ComposerState = {
  key: string;
  clientId: string;
  body: string;
  urgent: boolean;
  errors: FormErrors;
};

/**
 * The composer belongs to the page as navigated to. Each load makes a new client id, but a live
 * update reloads the same location (a revalidation keeps the location's key): the composer then
 * stays as it is, with what is being typed and the id it will be sent with. A new location
 * (another page of the thread, a reply, or the plain form's answer) gives a fresh composer,
 * holding what the plain form kept when it was refused. With JavaScript, sending keeps the
 * location and takes a new id made in the browser.
 */
function useComposer(
  clientId: string,
  answer: { errors: FormErrors; body: string; urgent: boolean } | undefined,
): [ComposerState, (change: (composer: ComposerState) => ComposerState) => void] {
  const location = useLocation();
  const fresh = (): ComposerState => ({
    key: location.key,
    clientId,
    body: answer?.body ?? "",
    urgent: answer?.urgent ?? false,
    errors: answer?.errors ?? [],
  });
  const [composer, setComposer] = useState(fresh);
  if (composer.key !== location.key) {
    const next = fresh();
    setComposer(next);
    return [next, setComposer];
  }
  return [composer, setComposer];
}

/**
 * A held copy of a message as the loader now shows it when it, or the message it quotes, was
 * deleted since it was loaded (issue 14); the message itself when neither was.
 */
function blankDeleted(
  m: Page["messages"][number],
  deleted: ReadonlySet<string>,
): Page["messages"][number] {
  const quoteGone = m.replyTo !== null && deleted.has(m.replyTo.id) && !m.replyTo.deleted;
  if (!(deleted.has(m.id) && !m.deleted) && !quoteGone) return m;
  const replyTo =
    quoteGone && m.replyTo ? { ...m.replyTo, body: "Message deleted", deleted: true } : m.replyTo;
  if (!deleted.has(m.id)) return { ...m, replyTo };
  return {
    ...m,
    replyTo,
    body: "",
    deleted: true,
    edited: false,
    mayEdit: false,
    mayDelete: false,
    pinned: false,
    acknowledgements: null,
  };
}

/** Measures and moves the page before the browser paints, where there is a page to move. */
const useBeforePaint = typeof document === "undefined" ? useEffect : useLayoutEffect;

/**
 * Every message the page has shown, oldest first, each once (thread-history.ts), and with
 * JavaScript the older pages loaded as the person nears the top. Without JavaScript "Show older
 * messages" is a link to the page before; with it, reaching or clicking the link loads that page
 * through a fetcher and adds it above, and the page is moved by as much as it grew above the
 * message that was at the top, so what the person was reading stays where it was.
 *
 * Each live update revalidates the loader, which returns the newest page again: it is merged in
 * below. What is held starts again when the loader's page is another one (another conversation,
 * or another `?before=` page reached without JavaScript's help, by Back say).
 */
function useThreadHistory(page: Page) {
  const key = `${page.id} ${page.before ?? ""}`;
  const [held, setHeld] = useState(() => ({ key, page, history: startHistory(page) }));
  let current = held;
  if (held.key !== key) current = { key, page, history: startHistory(page) };
  else if (held.page !== page)
    current = {
      key,
      page,
      history: withDeleted(withNewest(held.history, page), page.deletedLately, blankDeleted),
    };
  if (current !== held) setHeld(current);
  const history = current.history;
  const latest = useRef(history);
  latest.current = history;

  // A fetcher for each cursor: once its page is added the next cursor takes a fresh one, so the
  // router does not load pages already held again on every revalidation.
  const older = useFetcher<typeof loader>({
    key: `older-messages ${page.id} ${history.older ?? ""}`,
  });
  const online = useOnline();
  const idle = older.state === "idle";
  const loadOlder = useCallback(() => {
    const cursor = latest.current.older;
    // Offline the load would fail into the error page; the link waits for the connection.
    if (!cursor || !idle || !online) return;
    older.load(`/messages/${page.id}?before=${encodeURIComponent(cursor)}`);
  }, [idle, online, older.load, page.id]);

  const list = useRef<HTMLOListElement>(null);
  const anchor = useRef<{ node: Element; top: number } | null>(null);
  const data = older.data;
  useEffect(() => {
    if (!data || data.id !== page.id) return;
    const next = withOlder(latest.current, data);
    if (next === latest.current) return;
    // The first message shown now, and where it is: it is kept there once the page is added.
    // (Measured on an element rather than the document's height, so that a browser's own
    // scroll anchoring, which may already have moved the page, is never added to.)
    const first = list.current?.firstElementChild;
    anchor.current = first ? { node: first, top: first.getBoundingClientRect().top } : null;
    setHeld((h) => ({ ...h, history: withOlder(h.history, data) }));
  }, [data, page.id]);
  useBeforePaint(() => {
    const kept = anchor.current;
    anchor.current = null;
    if (!kept?.node.isConnected) return;
    const moved = kept.node.getBoundingClientRect().top - kept.top;
    if (moved) window.scrollBy(0, moved);
  }, [history]);

  // Near the top (within about a screen), the next page loads. A new observer for each cursor
  // and each idle spell reports at once if the top is still in reach, so a short page keeps
  // loading until it fills the screen or reaches the start.
  const sentinel = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const top = sentinel.current;
    if (!top || !history.older || !idle || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadOlder();
      },
      { rootMargin: "600px 0px 0px 0px" },
    );
    observer.observe(top);
    return () => observer.disconnect();
  }, [history.older, idle, loadOlder]);

  /** The link does with JavaScript what scrolling does; a new tab or window still gets the page. */
  const showOlder = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    loadOlder();
  };

  return { history, loading: !idle, list, sentinel, showOlder };
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
  unreachable,
}: {
  acknowledged: string[];
  waiting: string[];
  unreachable: string[];
}) {
  const all = acknowledged.length + waiting.length;
  if (all === 0)
    return <p className="baton-list__meta">Nobody else was on shift to acknowledge.</p>;
  return (
    <details className="baton-details">
      <summary>
        Acknowledged by {acknowledged.length} of {all}
        {unreachable.length ? ` · ${unreachable.length} with no working alerts` : ""}
      </summary>
      <p className="baton-list__meta">
        Acknowledged: {acknowledged.length ? acknowledged.join(", ") : "nobody yet"}
      </p>
      {waiting.length ? <p className="baton-list__meta">Not yet: {waiting.join(", ")}</p> : null}
      {unreachable.length ? (
        <p className="baton-list__meta">
          No working alerts on their phone (call them): {unreachable.join(", ")}
        </p>
      ) : null}
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
