import { Form } from "@remix-run/react";

/** Cancelling asks first; a plain form, so it works without JavaScript. */
export function ConfirmCancel({ requestId }: { requestId: string }) {
  return (
    <div className="nhsuk-warning-callout" role="alert">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>Cancel this request?
      </h2>
      <p>Your colleague (and a manager, if it reached one) will be told it is cancelled.</p>
      <Form method="post">
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="requestId" value={requestId} />
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" className="nhsuk-button nhsuk-button--warning">
          Yes, cancel it
        </button>
      </Form>
    </div>
  );
}
