import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form-fields";
import { ItemForm, placeOf, SeverityTag } from "~/components/handover";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { notFound } from "~/models/errors";
import { type HandoverView, viewHandover } from "~/models/handover/handover-view.server";
import { openShiftChange } from "~/models/handover/handovers.server";
import { parseChangeKey } from "~/models/handover/shift-change";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, parseForm, readForm } from "~/web/forms";
import {
  fieldValues,
  HandoverActionSchema,
  handoverDoneMessage,
  itemFormValues,
  refusedHandoverAction,
  runHandoverAction,
} from "~/web/handover-actions.server";
import { requireSession } from "~/web/session-cookie.server";

function changeOf(params: { at?: string }): number {
  const at = parseChangeKey(params.at ?? "");
  if (at === null) throw notFound();
  return at;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const view = viewHandover({
    actor,
    teamId: params.teamId!,
    at: changeOf(params),
    ipAddress: context.clientAddress,
  });
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return { view, done: handoverDoneMessage(done) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  // The body first: one that cannot be read is a 400 whatever the address says.
  const form = await readForm(request);
  const at = changeOf(params);
  const parsed = parseForm(HandoverActionSchema, form);
  const intent = form.get("intent");
  const patientForm = intent === "add-item" || intent === "update-item";
  if (!parsed.ok) {
    // Beside the form it came from: the item or action it names, or the add-a-patient form.
    const about = form.get("itemId") ?? form.get("actionId") ?? form.get("intent");
    return refusedHandoverAction(
      parsed.errors,
      about === "add-item" ? "new" : typeof about === "string" ? about : null,
      patientForm ? itemFormValues(form) : null,
    );
  }
  // A template's fields are checked against the template by the model; none may exceed the
  // longest field's limit whatever the template, so an overlong one is refused here at once.
  const fields = fieldValues(form);
  const overlong = Object.keys(fields).find(
    (key) => (fields[key] ?? "").length > TEXT_LIMITS.handoverLongField,
  );
  if (overlong)
    return refusedHandoverAction(
      [
        {
          field: `field-${overlong}`,
          message: tooLongMessage("Each field", TEXT_LIMITS.handoverLongField),
        },
      ],
      parsed.data.intent === "add-item"
        ? "new"
        : "itemId" in parsed.data
          ? (parsed.data.itemId ?? null)
          : null,
      patientForm ? itemFormValues(form) : null,
    );
  const opened = openShiftChange({
    actor,
    teamId: params.teamId!,
    at,
    ipAddress: context.clientAddress,
    attempted: "handover.write",
  });
  const answer = runHandoverAction({
    action: parsed.data,
    fields,
    actor,
    teamId: params.teamId!,
    at,
    handoverId: opened.handover?.id ?? null,
    ipAddress: context.clientAddress,
    values: patientForm ? itemFormValues(form) : null,
  });
  if ("done" in answer && answer.done) {
    throw redirect(
      `/handover/${params.teamId}/${params.at}?done=${answer.done}${answer.anchor ? `#${answer.anchor}` : ""}`,
    );
  }
  return answer;
}

type Handover = NonNullable<HandoverView["handover"]>;
type Item = Handover["items"][number];

export default function HandoverPage() {
  const { view, done } = useLoaderData<typeof loader>();
  const answer = useKeptActionData<typeof action>();
  const errors = answer && "errors" in answer ? answer.errors : [];
  const about = answer && "about" in answer ? answer.about : null;
  const h = view.handover;
  return (
    <>
      <p>
        <Link to="/handover">Back to Handover</Link>
      </p>
      <h1 className="nhsuk-heading-l">
        {view.team.name}
        <span className="nhsuk-caption-l">Handover, {view.label}</span>
      </h1>
      <ErrorSummary errors={errors} />
      {done && !answer ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      <p>
        {h ? (
          h.state === "accepted" ? (
            <strong>
              Accepted by {h.acceptedBy}, {h.acceptedAt}. Locked.
            </strong>
          ) : (
            <strong>Open</strong>
          )
        ) : (
          <strong>Not started</strong>
        )}
        {view.overdue ? <span className="baton-tag baton-tag--warning">Overdue</span> : null}
        {h ? <span className="baton-list__meta">Template: {h.template.name}</span> : null}
      </p>
      <People view={view} />
      {h?.state === "open" && h.blockers.length ? (
        <p className="nhsuk-body-s">
          <a href="#receive">
            Not ready to accept: {h.blockers.length} {h.blockers.length === 1 ? "thing" : "things"}{" "}
            to do first
          </a>
        </p>
      ) : null}
      {h ? <Started view={view} h={h} errors={errors} about={about} /> : <NotStarted view={view} />}
    </>
  );
}

function People({ view }: { view: HandoverView }) {
  const list = (people: HandoverView["outgoing"]) =>
    people.length
      ? people.map((p) => `${p.name} (${p.code})`).join(", ")
      : "nobody on the rota now";
  return (
    <dl className="nhsuk-summary-list baton-handover-people">
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Handing over</dt>
        <dd className="nhsuk-summary-list__value">{list(view.outgoing)}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Receiving</dt>
        <dd className="nhsuk-summary-list__value">{list(view.incoming)}</dd>
      </div>
    </dl>
  );
}

function NotStarted({ view }: { view: HandoverView }) {
  const preview = view.preview!;
  return (
    <div className="baton-card">
      <p>Nobody has started this handover yet. It will use the {preview.templateName} template.</p>
      {preview.carried.items || preview.carried.actions ? (
        <p>
          From the last accepted handover it carries {preview.carried.items}{" "}
          {preview.carried.items === 1 ? "patient" : "patients"} and {preview.carried.actions} open{" "}
          {preview.carried.actions === 1 ? "action" : "actions"}, each needing a decision.
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <button type="submit" className="nhsuk-button">
          Start the handover
        </button>
      </Form>
    </div>
  );
}

function Started({
  view,
  h,
  errors,
  about,
}: {
  view: HandoverView;
  h: Handover;
  errors: { field?: string; message: string }[];
  about: string | null;
}) {
  const answer = useKeptActionData<typeof action>();
  const confirming = answer && "confirm" in answer ? answer.confirm : null;
  const confirmAccept = confirming === "accept";
  const refusedValues = answer && "values" in answer ? answer.values : null;
  const counts = {
    unstable: h.items.filter((i) => i.status === "open" && i.severity === "unstable").length,
    watcher: h.items.filter((i) => i.status === "open" && i.severity === "watcher").length,
    open: h.items.filter((i) => i.status === "open").length,
  };
  return (
    <>
      <p className="baton-list__meta">
        {counts.open} {counts.open === 1 ? "patient" : "patients"} handed over: {counts.unstable}{" "}
        unstable, {counts.watcher} {counts.watcher === 1 ? "watcher" : "watchers"}.
        {h.state === "accepted" ? (
          <>
            {" "}
            <Link to={`/handover/${view.team.id}/${view.key}/print`}>Print</Link> ·{" "}
            <a href={`/handover/${view.team.id}/${view.key}/fhir.json`} download>
              Export for the clinical record (FHIR)
            </a>
          </>
        ) : (
          <>
            {" "}
            <Link to={`/handover/${view.team.id}/${view.key}/print`}>Print</Link>
          </>
        )}
      </p>
      {h.may.write ? (
        <details
          className="baton-card baton-details"
          open={h.items.length === 0 || about === "new"}
        >
          <summary>
            <strong>Add a patient</strong>
          </summary>
          <ItemForm
            templateFields={h.template.fields}
            prefix="new"
            submitLabel="Add patient"
            errors={about === "new" ? errors : []}
            values={about === "new" ? (refusedValues ?? undefined) : undefined}
          />
        </details>
      ) : null}
      {h.items.length === 0 ? (
        <div className="baton-card">
          <p>No patients in this handover yet.</p>
        </div>
      ) : (
        <ol className="baton-handover-items">
          {h.items.map((item) => (
            <ItemCard
              key={item.id}
              item={item}
              h={h}
              view={view}
              errors={about === item.id || item.actions.some((a) => a.id === about) ? errors : []}
            />
          ))}
        </ol>
      )}
      {h.state === "open" ? (
        <section className="baton-card" aria-labelledby="receive">
          <h2 className="nhsuk-heading-m" id="receive">
            Receiving
          </h2>
          <ReadyToReceive view={view} h={h} confirming={confirming === "ready"} />
          <p>
            Read by:{" "}
            {h.reads.length ? h.reads.map((r) => `${r.name} (${r.at})`).join(", ") : "nobody yet"}.
          </p>
          {h.blockers.length ? (
            <>
              <p>Before it can be accepted:</p>
              <ul>
                {h.blockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>Everything is decided and synthesised: the incoming lead can accept it.</p>
          )}
          {h.leads.length ? (
            <p>The incoming nurse in charge accepts it: {h.leads.join(" or ")}.</p>
          ) : null}
          {h.may.receive && !h.iHaveRead ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read" />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                I have read it
              </button>
            </Form>
          ) : null}
          {h.may.accept ? (
            confirmAccept ? (
              <Form method="post" className="baton-card">
                <p>
                  <strong>Accept this handover?</strong> You take over responsibility for these
                  patients, and the handover is locked: corrections after this are addenda.
                </p>
                <input type="hidden" name="intent" value="accept" />
                <input type="hidden" name="confirmed" value="yes" />
                <button type="submit" className="nhsuk-button">
                  Yes, accept and lock
                </button>{" "}
                <Link to={`/handover/${view.team.id}/${view.key}`}>Not yet</Link>
              </Form>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <button type="submit" className="nhsuk-button">
                  Accept handover
                </button>
              </Form>
            )
          ) : null}
        </section>
      ) : (
        <Addenda h={h} errors={about === "addendum" ? errors : []} />
      )}
    </>
  );
}

/**
 * Whether the outgoing staff have said it is ready, and (for them) the step that tells the
 * incoming staff: a broadcast, so it asks first, with or without JavaScript.
 */
function ReadyToReceive({
  view,
  h,
  confirming,
}: {
  view: HandoverView;
  h: Handover;
  confirming: boolean;
}) {
  if (h.ready)
    return (
      <p>
        <strong>Ready to receive</strong> since {h.ready.at}
        {h.ready.by ? ` (${h.ready.by})` : ""}.
      </p>
    );
  if (!h.may.ready) return <p>The outgoing staff have not said it is ready yet.</p>;
  const told = view.incoming.length;
  if (confirming)
    return (
      <Form method="post" className="baton-card">
        <p>
          <strong>
            Tell {told} incoming {told === 1 ? "person" : "people"} the handover is ready?
          </strong>{" "}
          They get an alert on their phone (it says only that a handover is ready).
        </p>
        <input type="hidden" name="intent" value="ready" />
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" className="nhsuk-button">
          Yes, tell them
        </button>{" "}
        <Link to={`/handover/${view.team.id}/${view.key}`}>Not yet</Link>
      </Form>
    );
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="ready" />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        Ready to hand over
      </button>
    </Form>
  );
}

function ItemCard({
  item,
  h,
  view,
  errors,
}: {
  item: Item;
  h: Handover;
  view: HandoverView;
  errors: { field?: string; message: string }[];
}) {
  const closed = item.status !== "open";
  const reasonError = fieldError(errors, "reason");
  return (
    <li
      className={`baton-card baton-item baton-item--${item.severity}${closed ? " baton-item--closed" : ""}`}
      id={`item-${item.id}`}
    >
      <h2 className="baton-item__head">
        <SeverityTag severity={item.severity} /> <span>{item.patient}</span>
        <span className="baton-item__place">{placeOf(item)}</span>
      </h2>
      {item.nhsNumber ? (
        <p className="baton-list__meta">
          NHS {item.nhsNumber.slice(0, 3)} {item.nhsNumber.slice(3, 6)} {item.nhsNumber.slice(6)}
        </p>
      ) : null}
      {item.carried ? (
        <p className="baton-item__carried">
          <span className="baton-tag">Carried</span> {item.carried.label}.
          {item.status === "resolved" ? " Marked done." : null}
          {item.status === "dropped" ? ` Dropped: ${item.dropReason}` : null}
          {item.carried.decided && item.status === "open" ? " Carried again." : null}
        </p>
      ) : null}
      {errors.length ? (
        <p className="nhsuk-error-message" role="alert">
          {errors.map((e) => e.message).join(" ")}
        </p>
      ) : null}
      <dl className="baton-item__fields">
        {item.fields
          .filter((f) => f.value)
          .map((f) => (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd>{f.kind === "checkbox" ? "Yes" : f.value}</dd>
            </div>
          ))}
        {item.contingency ? (
          <div>
            <dt>Contingency</dt>
            <dd>{item.contingency}</dd>
          </div>
        ) : null}
      </dl>
      {item.actions.length ? (
        <ul className="baton-item__actions">
          {item.actions.map((a) => (
            <li key={a.id} id={`action-${a.id}`} className="baton-item__action">
              <span className={a.status === "open" ? "" : "baton-item__done"}>
                {a.status === "done" ? "Done: " : a.status === "dropped" ? "Dropped: " : ""}
                {a.what}
              </span>
              <span className="baton-list__meta">
                {[a.owner ?? "No owner yet", a.due ? `by ${a.due}` : null]
                  .filter(Boolean)
                  .join(", ")}
                {a.carried
                  ? ` · Carried: ${a.carried.label}${a.carried.decided ? " (decided)" : ""}`
                  : ""}
                {a.status === "dropped" && a.dropReason ? ` · ${a.dropReason}` : ""}
              </span>
              {/* An action of a resolved or dropped patient cannot be reopened. */}
              {h.may.write && !a.carried && (a.status === "open" || !closed) ? (
                <Form method="post" className="baton-inline-form" preventScrollReset>
                  <input type="hidden" name="intent" value="action-done" />
                  <input type="hidden" name="actionId" value={a.id} />
                  <input type="hidden" name="done" value={a.status === "done" ? "no" : "yes"} />
                  <button type="submit" className="baton-link-button">
                    {a.status === "done" ? "Mark not done" : "Mark done"}
                  </button>
                </Form>
              ) : null}
              {h.may.write &&
              a.carried &&
              (!a.carried.decided || (closed && a.status === "open")) ? (
                <DecideForm
                  kind="action"
                  id={a.id}
                  incoming={view.incoming}
                  reasonError={reasonError}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {h.may.write && item.carried && !item.carried.decided ? (
        <div className="baton-item__decide">
          <p className="nhsuk-u-margin-bottom-2">
            <strong>Carried patient: done, carry again, or drop?</strong>
          </p>
          <DecideForm kind="item" id={item.id} incoming={[]} reasonError={reasonError} />
        </div>
      ) : null}
      {item.syntheses.length ? (
        <ul className="baton-item__syntheses">
          {item.syntheses.map((s) => (
            <li key={s.name}>
              Synthesis confirmed by {s.name}, {s.at}
              {s.note ? `: ${s.note}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {h.may.receive && item.needsSynthesis && !item.syntheses.some((s) => s.mine) ? (
        <Form method="post" className="baton-item__synthesis" preventScrollReset>
          <input type="hidden" name="intent" value="synthesis" />
          <input type="hidden" name="itemId" value={item.id} />
          <label className="nhsuk-label" htmlFor={`note-${item.id}`}>
            Your synthesis (optional note)
          </label>
          <input
            className="nhsuk-input"
            id={`note-${item.id}`}
            name="note"
            maxLength={TEXT_LIMITS.handoverSynthesisNote}
          />
          <button type="submit" className="nhsuk-button nhsuk-button--small">
            Confirm synthesis
          </button>
        </Form>
      ) : null}
      {h.may.write && item.status === "open" ? (
        <details className="baton-details">
          <summary>Add an action</summary>
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="add-action" />
            <input type="hidden" name="itemId" value={item.id} />
            <label className="nhsuk-label" htmlFor={`what-${item.id}`}>
              What needs doing
            </label>
            <input
              className="nhsuk-input"
              id={`what-${item.id}`}
              name="what"
              required
              maxLength={TEXT_LIMITS.handoverAction}
            />
            <label className="nhsuk-label" htmlFor={`owner-${item.id}`}>
              Who (incoming)
            </label>
            <select
              className="nhsuk-select"
              id={`owner-${item.id}`}
              name="ownerUserId"
              defaultValue=""
            >
              <option value="">Not yet decided</option>
              {view.incoming.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </select>
            <label className="nhsuk-label" htmlFor={`due-${item.id}`}>
              By when (optional)
            </label>
            <input
              className="nhsuk-input nhsuk-input--width-5"
              id={`due-${item.id}`}
              name="due"
              type="time"
            />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Add action
            </button>
          </Form>
        </details>
      ) : null}
      {h.may.write && item.status === "open" ? (
        <details className="baton-details">
          <summary>Edit this patient</summary>
          <ItemForm
            templateFields={h.template.fields}
            itemId={item.id}
            prefix={`edit-${item.id}`}
            values={item}
            submitLabel="Save changes"
            errors={errors}
          />
        </details>
      ) : null}
      {h.addenda
        .filter((a) => a.itemId === item.id)
        .map((a) => (
          <p key={a.id} className="baton-item__addendum">
            <strong>Addendum</strong> by {a.author}, {a.at}: {a.body}
          </p>
        ))}
    </li>
  );
}

function DecideForm({
  kind,
  id,
  incoming,
  reasonError,
}: {
  kind: "item" | "action";
  id: string;
  incoming: HandoverView["incoming"];
  reasonError?: string;
}) {
  const name = kind === "item" ? "itemId" : "actionId";
  const intent = kind === "item" ? "decide-item" : "decide-action";
  const hidden = (decision: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={name} value={id} />
      <input type="hidden" name="decision" value={decision} />
    </>
  );
  return (
    <div className="baton-decide">
      <div className="baton-decide__row">
        <Form method="post" preventScrollReset>
          {hidden("done")}
          <button
            type="submit"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
          >
            Done
          </button>
        </Form>
        <Form method="post" className="baton-decide__carry" preventScrollReset>
          {hidden("carry")}
          {kind === "action" && incoming.length ? (
            <>
              <label className="nhsuk-u-visually-hidden" htmlFor={`carry-owner-${id}`}>
                Owner when carried again
              </label>
              <select
                className="nhsuk-select baton-decide__owner"
                id={`carry-owner-${id}`}
                name="ownerUserId"
                defaultValue=""
              >
                <option value="">Owner later</option>
                {incoming.map((p) => (
                  <option key={p.userId} value={p.userId}>
                    {p.name}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <button
            type="submit"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
          >
            Carry again
          </button>
        </Form>
      </div>
      <details className="baton-details" open={Boolean(reasonError)}>
        <summary>Drop it, with a reason</summary>
        <Form method="post" preventScrollReset>
          {hidden("drop")}
          <label className="nhsuk-label" htmlFor={`reason-${id}`}>
            Why is it dropped?
          </label>
          {reasonError ? <span className="nhsuk-error-message">{reasonError}</span> : null}
          <input
            className="nhsuk-input"
            id={`reason-${id}`}
            name="reason"
            maxLength={TEXT_LIMITS.handoverDropReason}
          />
          <button
            type="submit"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
          >
            Drop
          </button>
        </Form>
      </details>
    </div>
  );
}

function Addenda({ h, errors }: { h: Handover; errors: { field?: string; message: string }[] }) {
  const bodyError = fieldError(errors, "body");
  return (
    <section className="baton-card" aria-labelledby="addenda-title" id="addenda">
      <h2 className="nhsuk-heading-m" id="addenda-title">
        Addenda
      </h2>
      {h.addenda.length ? (
        <ul className="baton-list">
          {h.addenda.map((a) => (
            <li key={a.id}>
              <span className="baton-list__meta">
                {a.author}, {a.at}
                {a.itemId ? ` (${h.items.find((i) => i.id === a.itemId)?.patient ?? ""})` : ""}
              </span>
              {a.body}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          No addenda. The handover is locked: a correction is added here with your name and the
          time.
        </p>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="addendum" />
        <label className="nhsuk-label" htmlFor="addendum-item">
          About
        </label>
        <select className="nhsuk-select" id="addendum-item" name="itemId" defaultValue="">
          <option value="">The whole handover</option>
          {h.items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.patient} {placeOf(i)}
            </option>
          ))}
        </select>
        <div className={`nhsuk-form-group${bodyError ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="body">
            Correction
          </label>
          {bodyError ? <span className="nhsuk-error-message">{bodyError}</span> : null}
          <textarea
            className="nhsuk-textarea"
            id="body"
            name="body"
            rows={3}
            maxLength={TEXT_LIMITS.handoverAddendum}
          />
        </div>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Add addendum
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Handover – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
