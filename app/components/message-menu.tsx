// What a person can do to a message after it was sent (issue 14), and the pinned strip at the top
// of a thread. Plain forms posting the conversation page's action, so each works without
// JavaScript; deleting asks first (docs/decisions/024): a <dialog> once hydrated, the server's
// confirmation step without. The server decides who may do what; these only show what it allows.
import { Form, Link, useLocation } from "@remix-run/react";
import { TEXT_LIMITS } from "~/models/text-limits";
import type { FormErrors } from "~/web/forms";
import { type Confirmation, ConfirmButton } from "./confirm";
import { MessageText } from "./message-text";

/** A message as the menu needs it: from the conversation page's loader (conversation-view). */
export type MenuMessage = {
  id: string;
  senderName: string;
  mine: boolean;
  mayEdit: boolean;
  mayDelete: boolean;
  pinned: boolean;
};

/** The confirmation of deleting one message: the same words in the dialog and the step. */
export function deleteConfirmation(message: Pick<MenuMessage, "id" | "senderName" | "mine">) {
  const whose = message.mine ? "your message" : `${message.senderName}'s message`;
  return {
    intent: "delete",
    fields: { messageId: message.id },
    label: (
      <>
        Delete<span className="nhsuk-u-visually-hidden"> {whose}</span>
      </>
    ),
    question: `Delete ${whose}?`,
    consequence: (
      <p>
        Its text goes for everyone in this conversation and cannot be brought back. "Message
        deleted" stays in its place, and the audit log keeps who deleted it and when.
      </p>
    ),
    confirmLabel: "Yes, delete it",
    buttonClassName: "baton-link-button baton-link-button--warning",
    formClassName: "baton-inline-form",
  } satisfies Confirmation;
}

/**
 * Under each message: Edit (the sender, for 15 minutes), Pin or Unpin (anyone in the
 * conversation; Pin only while fewer than five are pinned) and Delete (the sender, or a manager
 * in the team's threads), tucked in a disclosure so the thread stays easy to read on a phone.
 */
export function MessageMenu({ message, pinsFull }: { message: MenuMessage; pinsFull: boolean }) {
  // A new location (an action's answer, Edit) closes the menu; a live update keeps it as it is.
  const { key } = useLocation();
  const mayPin = message.pinned || !pinsFull;
  if (!message.mayEdit && !message.mayDelete && !mayPin) return null;
  const whose = message.mine ? "your message" : `${message.senderName}'s message`;
  return (
    <details className="baton-message__more" key={key}>
      <summary className="baton-message__more-summary">
        More<span className="nhsuk-u-visually-hidden"> for {whose}</span>
      </summary>
      <div className="baton-message__menu">
        {message.mayEdit ? (
          <Link to={`?edit=${message.id}#m-${message.id}`} preventScrollReset>
            Edit<span className="nhsuk-u-visually-hidden"> {whose}</span>
          </Link>
        ) : null}
        {mayPin ? (
          <Form method="post" className="baton-inline-form" preventScrollReset>
            <input type="hidden" name="intent" value={message.pinned ? "unpin" : "pin"} />
            <input type="hidden" name="messageId" value={message.id} />
            <button type="submit" className="baton-link-button">
              {message.pinned ? "Unpin" : "Pin"}
              <span className="nhsuk-u-visually-hidden"> {whose}</span>
            </button>
          </Form>
        ) : null}
        {message.mayDelete ? <ConfirmButton confirmation={deleteConfirmation(message)} /> : null}
      </div>
    </details>
  );
}

/**
 * The sender's own message, open for changes: the text in a box, Save and Cancel. Its errors
 * (the patient-data guard, too long, the 15 minutes passed) show beside the box, with what was
 * typed kept.
 */
export function EditMessageForm({
  messageId,
  body,
  errors,
}: {
  messageId: string;
  body: string;
  errors: FormErrors;
}) {
  const error = errors.map((e) => e.message).join(" ");
  const fieldId = `edit-${messageId}`;
  return (
    <Form method="post" className="baton-message__edit" preventScrollReset>
      <input type="hidden" name="intent" value="edit" />
      <input type="hidden" name="messageId" value={messageId} />
      <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
        <label className="nhsuk-label" htmlFor={fieldId}>
          Change your message
        </label>
        {error ? (
          <span className="nhsuk-error-message" id={`${fieldId}-error`} role="alert">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <textarea
          className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
          id={fieldId}
          name="body"
          rows={3}
          maxLength={TEXT_LIMITS.messageBody}
          defaultValue={body}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          aria-invalid={error ? true : undefined}
          // biome-ignore lint/a11y/noAutofocus: the person just chose Edit for this message
          autoFocus
        />
      </div>
      <div className="baton-message__edit-actions">
        <button type="submit" className="nhsuk-button nhsuk-button--small">
          Save
        </button>
        <Link to={`.#m-${messageId}`} preventScrollReset>
          Cancel
        </Link>
      </div>
    </Form>
  );
}

/** Where a deleted message was: no text, only that it was deleted. */
export function DeletedMessage() {
  return <p className="baton-message__text baton-message__deleted">Message deleted</p>;
}

/** The pinned messages at the top of a thread, each with Unpin. */
export function PinnedStrip({
  pins,
}: {
  pins: { id: string; senderName: string; body: string; when: string }[];
}) {
  if (pins.length === 0) return null;
  return (
    <section className="baton-pins" aria-labelledby="pinned-heading">
      <h2 className="nhsuk-heading-xs baton-pins__heading" id="pinned-heading">
        Pinned ({pins.length})
      </h2>
      <ul className="baton-pins__list">
        {pins.map((pin) => (
          <li key={pin.id} className="baton-pins__item">
            <div className="baton-message__head">
              <span className="baton-message__sender">{pin.senderName}</span> {pin.when}
            </div>
            <div className="baton-pins__text">
              <MessageText body={pin.body} />
            </div>
            <Form method="post" className="baton-inline-form" preventScrollReset>
              <input type="hidden" name="intent" value="unpin" />
              <input type="hidden" name="messageId" value={pin.id} />
              <button type="submit" className="baton-link-button">
                Unpin<span className="nhsuk-u-visually-hidden"> {pin.senderName}'s message</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
