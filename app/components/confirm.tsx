// The browser's half of "asks first" (docs/decisions/024). `ConfirmButton` is a plain form that
// posts the action without `confirmed`: with JavaScript off the server refuses to act and the
// page shows `ConfirmStep`, a confirmation with the same words; once the page is hydrated the
// button opens a <dialog> with those words instead, whose form sends `confirmed=yes`.
import { Form, Link } from "@remix-run/react";
import { type ReactNode, useEffect, useId, useRef } from "react";

/** One destructive or broadcast action and what to say before it happens. */
export type Confirmation = {
  /** The form's `intent`. */
  intent: string;
  /** Other hidden fields the action needs (the object's id); they also tell confirmations apart. */
  fields?: Record<string, string>;
  /** The button that asks: "Delete this draft". */
  label: ReactNode;
  /** The question: "Delete this draft?" */
  question: string;
  /** What will happen, in numbers where there are any: "221 shifts will be deleted." */
  consequence: ReactNode;
  /** The button that acts: "Yes, delete this draft". */
  confirmLabel: string;
  /** Where "No, go back" leads on the confirmation step; the page itself unless said. */
  backTo?: string;
  /** The asking button's look; a secondary button unless said. */
  buttonClassName?: string;
  /** The asking form's class (`baton-inline-form` to sit in a line of text). */
  formClassName?: string;
  /**
   * Fields the confirmation asks for (a reason for declining), inside the form that acts. Called
   * once for the dialog and once for the confirmation step, so ids can differ between them.
   */
  inputs?: (where: "dialog" | "step") => ReactNode;
};

function HiddenFields({ intent, fields }: { intent: string; fields?: Record<string, string> }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
    </>
  );
}

/** The form that acts: only a confirmation renders it, and it alone sends confirmed=yes. */
function ConfirmForm({
  confirmation,
  where,
  onSubmit,
}: {
  confirmation: Confirmation;
  where: "dialog" | "step";
  onSubmit?: () => void;
}) {
  return (
    <Form method="post" className="baton-confirm__act" onSubmit={onSubmit} noValidate>
      <HiddenFields intent={confirmation.intent} fields={confirmation.fields} />
      <input type="hidden" name="confirmed" value="yes" />
      {confirmation.inputs?.(where)}
      <button type="submit" className="nhsuk-button nhsuk-button--warning">
        {confirmation.confirmLabel}
      </button>
    </Form>
  );
}

/**
 * The button for a destructive or broadcast action. Without JavaScript it posts the action
 * unconfirmed (the server then asks with `ConfirmStep`); with it, it opens a <dialog> that asks.
 */
export function ConfirmButton({ confirmation }: { confirmation: Confirmation }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  return (
    <>
      <Form method="post" className={confirmation.formClassName}>
        <HiddenFields intent={confirmation.intent} fields={confirmation.fields} />
        <button
          type="submit"
          className={confirmation.buttonClassName ?? "nhsuk-button nhsuk-button--secondary"}
          onClick={(event) => {
            if (!dialog.current?.showModal) return; // no <dialog>: the server asks instead
            event.preventDefault();
            dialog.current.showModal();
            // Focus starts on "No, go back", so a second stray tap or Enter does nothing harmful.
            cancel.current?.focus();
          }}
        >
          {confirmation.label}
        </button>
      </Form>
      <dialog ref={dialog} className="baton-dialog" aria-labelledby={titleId}>
        <h2 className="nhsuk-heading-m" id={titleId}>
          {confirmation.question}
        </h2>
        <div className="baton-confirm__consequence">{confirmation.consequence}</div>
        {/* Closed as it is sent: a modal dialog left open would keep the page (and the toast that
            follows) inert, and hold focus away from the result. */}
        <ConfirmForm
          confirmation={confirmation}
          where="dialog"
          onSubmit={() => dialog.current?.close()}
        />
        <button
          type="button"
          ref={cancel}
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => dialog.current?.close()}
        >
          No, go back
        </button>
      </dialog>
    </>
  );
}

/** The server names the object it asks about (`askFirst`'s fields); other hidden fields may differ. */
function namesSameObject(fields: Record<string, string> = {}, asked: Record<string, string>) {
  return Object.entries(asked).every(([name, value]) => fields[name] === value);
}

/**
 * The confirmation step the server renders when an action was posted without confirmation
 * (JavaScript off, or a plain POST): the question, what will happen and the button that acts, at
 * the top of the page, taking focus. `asking` is the action's answer (`askFirst`); the step
 * shows the one of `confirmations` it names, or nothing.
 */
export function ConfirmStep({
  asking,
  confirmations,
}: {
  asking: { intent: string; fields: Record<string, string> } | null | undefined;
  confirmations: Confirmation[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const confirmation = asking
    ? confirmations.find(
        (c) => c.intent === asking.intent && namesSameObject(c.fields, asking.fields),
      )
    : undefined;
  const shown = confirmation
    ? `${confirmation.intent}:${JSON.stringify(confirmation.fields ?? {})}`
    : null;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (!confirmation) return null;
  return (
    <div
      ref={ref}
      className="nhsuk-warning-callout baton-confirm"
      role="alert"
      tabIndex={-1}
      id="confirm"
    >
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        {confirmation.question}
      </h2>
      <div className="baton-confirm__consequence">{confirmation.consequence}</div>
      <p>Nothing has changed yet.</p>
      <ConfirmForm confirmation={confirmation} where="step" />
      <p>
        <Link to={confirmation.backTo ?? "."}>No, go back</Link>
      </p>
    </div>
  );
}
