import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SelectField, TextField } from "~/components/form-fields";
import { RouteErrorBoundary } from "~/components/route-error";
import { formatWhenExactly } from "~/components/when";
import { readAuditLog } from "~/models/audit/audit-access.server";
import { TEXT_LIMITS } from "~/models/text-limits";
import { AUDIT_FILTER_FIELDS, auditFilterProblems, auditQueryFrom } from "~/web/audit-query";
import { fieldError } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const url = new URL(request.url);
  // A date that does not exist is named, not read as another day (31 April as 1 May), and
  // text too long to search is refused. Access is still checked, so only its readers get this far.
  const errors = auditFilterProblems(url.searchParams);
  const rows = readAuditLog({
    actor,
    query: errors.length ? null : auditQueryFrom(url.searchParams),
    ipAddress: context.clientAddress,
  });
  return {
    // An unusable filter shows no rows rather than the whole log under an error.
    events: rows.map(({ event, actorName }) => ({
      seq: event.seq,
      at: event.at.toISOString(),
      action: event.action,
      actorName,
      actorUserId: event.actorUserId,
      target: event.targetType ? `${event.targetType} ${event.targetId ?? ""}`.trim() : null,
      ipAddress: event.ipAddress,
      detail: JSON.parse(event.detail) as Record<string, unknown>,
    })),
    errors,
  };
}

const ACTION_GROUPS = [
  ["", "All events"],
  ["sign_in", "Sign-ins"],
  ["sign_out", "Sign-outs"],
  ["session", "Session revocations"],
  ["permission.denied", "Permission refusals"],
  ["invitation", "Invitations"],
  ["membership", "Membership changes"],
  ["account", "Deactivations"],
  ["team", "Teams"],
  ["organisation", "Organisation"],
  ["audit", "Audit exports"],
] as const;

export default function AuditLog() {
  const { events, errors } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Audit log</h1>
      <details className="nhsuk-details" open={params.size > 0}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Filter and export</span>
        </summary>
        <div className="nhsuk-details__text">
          <Form method="get">
            <SelectField
              id="action"
              name="action"
              label="Events"
              defaultValue={params.get("action") ?? ""}
            >
              {ACTION_GROUPS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
            <TextField
              id="from"
              name="from"
              type="date"
              label="From (UK date)"
              error={fieldError(errors, "from")}
              defaultValue={params.get("from") ?? ""}
            />
            <TextField
              id="to"
              name="to"
              type="date"
              label="To (UK date)"
              error={fieldError(errors, "to")}
              defaultValue={params.get("to") ?? ""}
            />
            <TextField
              id="q"
              name="q"
              label="Containing"
              hint="An email address, or a team, user or invitation id"
              maxLength={TEXT_LIMITS.auditFilter}
              error={fieldError(errors, "q") ?? fieldError(errors, "action")}
              defaultValue={params.get("q") ?? ""}
            />
            <div className="baton-row">
              <button className="nhsuk-button" type="submit">
                Filter
              </button>
            </div>
          </Form>
          <Form method="post" action="/admin/audit.csv" reloadDocument>
            {AUDIT_FILTER_FIELDS.map((field) => (
              <input key={field} type="hidden" name={field} value={params.get(field) ?? ""} />
            ))}
            <button className="nhsuk-button nhsuk-button--secondary" type="submit">
              Export these events as CSV
            </button>
          </Form>
        </div>
      </details>
      <p className="nhsuk-body-s">
        Newest first: the latest {events.length} matching events. The CSV export holds every match,
        with the hash chain.
      </p>
      <ol className="baton-list baton-audit">
        {events.map((e) => (
          <li key={e.seq}>
            <span className="baton-list__title">{e.action}</span>
            <span className="baton-list__meta">
              <time dateTime={e.at}>{formatWhenExactly(e.at)}</time>
              {" · "}
              {e.actorName ?? (e.actorUserId ? `user ${e.actorUserId}` : "nobody signed in")}
              {e.ipAddress ? ` · from ${e.ipAddress}` : ""}
            </span>
            {e.target || Object.keys(e.detail).length ? (
              <dl className="baton-audit__detail">
                {e.target ? (
                  <div>
                    <dt>target</dt>
                    <dd>{e.target}</dd>
                  </div>
                ) : null}
                {Object.entries(e.detail).map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit log – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
