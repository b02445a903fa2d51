import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { auditQueryFrom } from "~/audit-query";
import { SelectField, TextField } from "~/components/form-fields";
import { RouteErrorBoundary } from "~/components/route-error";
import { readAuditLog } from "~/models/audit-access.server";
import { requireSession } from "~/session-cookie.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const url = new URL(request.url);
  const events = readAuditLog({
    actor,
    query: auditQueryFrom(url),
    ipAddress: context.clientAddress,
  });
  return {
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
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
  const { events } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Audit log</h1>
      <Form method="get" className="baton-card">
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
          label="From"
          defaultValue={params.get("from") ?? ""}
        />
        <TextField id="to" name="to" type="date" label="To" defaultValue={params.get("to") ?? ""} />
        <TextField
          id="q"
          name="q"
          label="Containing"
          hint="An email address, a team or user id"
          defaultValue={params.get("q") ?? ""}
        />
        <div className="baton-row">
          <button className="nhsuk-button" type="submit">
            Filter
          </button>
          <a
            className="nhsuk-button nhsuk-button--secondary"
            href={`/admin/audit.csv?${params.toString()}`}
            download
          >
            Export CSV
          </a>
        </div>
      </Form>
      <p className="nhsuk-body-s">
        Showing the newest {events.length} matching events. The export holds every match.
      </p>
      <div className="baton-table-wrap">
        <table className="nhsuk-table">
          <caption className="nhsuk-u-visually-hidden">Audit events, newest first</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Event</th>
              <th scope="col">Who</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {events.map((e) => (
              <tr key={e.seq}>
                <td>{e.at.replace("T", " ").slice(0, 19)}</td>
                <td>{e.action}</td>
                <td className="baton-audit-detail">{e.actorUserId ?? "—"}</td>
                <td className="baton-audit-detail">
                  {e.targetType ? `${e.targetType} ${e.targetId ?? ""} ` : ""}
                  {e.detail !== "{}" ? e.detail : ""}
                  {e.ipAddress ? ` from ${e.ipAddress}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit log – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
