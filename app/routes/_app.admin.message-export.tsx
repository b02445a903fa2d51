import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { RouteErrorBoundary } from "~/components/route-error";
import { EXPORT_LIST_LIMIT, EXPORT_MAX_DAYS, EXPORT_ZONE } from "~/messaging/compliance-export";
import {
  type ExportChoices,
  exportChoices,
  requireExportAccess,
} from "~/messaging/compliance-export.server";
import { addDays, localDateKey } from "~/models/local-time";
import { TEXT_LIMITS } from "~/models/text-limits";
import { type FormErrors, fieldError, inputErrors } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

// The compliance export, step one: a plain GET form chooses the dates (and a person), the page
// lists what there is (names and counts, never text), and each row's buttons post the download
// to /admin/message-export/download, which audits it.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  requireExportAccess({ actor, ipAddress: context.clientAddress });
  const url = new URL(request.url);
  const today = localDateKey(new Date(), EXPORT_ZONE);
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  const email = (url.searchParams.get("email") ?? "").slice(0, TEXT_LIMITS.email);
  const asked = url.searchParams.has("from") || url.searchParams.has("to");
  let choices: ExportChoices | null = null;
  let errors: FormErrors = [];
  if (asked) {
    try {
      choices = exportChoices({
        actor,
        range: { from, to },
        email: email.trim() ? email : undefined,
        ipAddress: context.clientAddress,
      });
    } catch (error) {
      errors = inputErrors(error);
    }
  }
  return {
    form: asked ? { from, to, email } : { from: addDays(today, -30), to: today, email: "" },
    choices,
    errors,
  };
}

export default function MessageExport() {
  const { form, choices, errors } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Export messages</h1>
      <p>
        For a subject access request or an investigation: the messages of one conversation, or those
        one person sent, as a spreadsheet (CSV) or JSON. Messages already removed by retention are
        listed without their text. Every export is recorded in the audit log.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="get" noValidate>
        <TextField
          id="from"
          name="from"
          type="date"
          label="First day (UK date)"
          defaultValue={form.from}
          error={fieldError(errors, "from")}
        />
        <TextField
          id="to"
          name="to"
          type="date"
          label="Last day (UK date)"
          hint={`At most ${EXPORT_MAX_DAYS} days.`}
          defaultValue={form.to}
          error={fieldError(errors, "to")}
        />
        <TextField
          id="email"
          name="email"
          type="email"
          autoComplete="off"
          label="Person's email address (optional)"
          hint="For the messages one person sent. Leave it empty to choose a conversation."
          maxLength={TEXT_LIMITS.email}
          defaultValue={form.email}
        />
        <button className="nhsuk-button" type="submit">
          Find messages
        </button>
      </Form>
      {choices ? <Choices choices={choices} from={form.from} to={form.to} /> : null}
    </>
  );
}

function Choices({ choices, from, to }: { choices: ExportChoices; from: string; to: string }) {
  if (choices.kind === "person") {
    if (!choices.person)
      return (
        <p role="status">
          Nobody in your organisation has that email address. Check it and try again.
        </p>
      );
    return (
      <>
        <h2 className="nhsuk-heading-m">{choices.person.name}</h2>
        <p role="status">
          {count(choices.messages, choices.removed)} sent from {from} to {to}.
        </p>
        {choices.messages ? (
          <DownloadButtons scope="person" id={choices.person.id} from={from} to={to} />
        ) : null}
      </>
    );
  }
  if (!choices.conversations.length)
    return (
      <p role="status">
        No conversation has messages from {from} to {to}.
      </p>
    );
  return (
    <>
      <h2 className="nhsuk-heading-m">Conversations with messages</h2>
      <p role="status">
        {choices.more
          ? `The ${EXPORT_LIST_LIMIT} most recently active of more: choose fewer days to see others.`
          : `${choices.conversations.length} from ${from} to ${to}, most recently active first.`}
      </p>
      <ul className="baton-list">
        {choices.conversations.map((c) => (
          <li key={c.id}>
            <span className="baton-list__title">{c.title}</span>
            <span className="baton-list__meta">{count(c.messages, c.removed)}</span>
            <DownloadButtons scope="conversation" id={c.id} from={from} to={to} label={c.title} />
          </li>
        ))}
      </ul>
    </>
  );
}

function count(messages: number, removed: number) {
  const n = `${messages} ${messages === 1 ? "message" : "messages"}`;
  return removed ? `${n} (${removed} removed by retention)` : n;
}

/** Two plain forms: a download is a POST, so that another site cannot make one (and its audit row). */
function DownloadButtons({
  scope,
  id,
  from,
  to,
  label,
}: {
  scope: "conversation" | "person";
  id: string;
  from: string;
  to: string;
  label?: string;
}) {
  return (
    <div className="baton-row">
      {(["csv", "json"] as const).map((format) => (
        <Form key={format} method="post" action="/admin/message-export/download" reloadDocument>
          <input type="hidden" name="scope" value={scope} />
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="from" value={from} />
          <input type="hidden" name="to" value={to} />
          <input type="hidden" name="format" value={format} />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Download {format.toUpperCase()}
            {label ? <span className="nhsuk-u-visually-hidden"> of {label}</span> : null}
          </button>
        </Form>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Export messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
