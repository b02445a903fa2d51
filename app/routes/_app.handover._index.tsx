import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error";
import { myShiftChanges } from "~/models/handover/my-handovers.server";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return myShiftChanges({ actor });
}

type Change = ReturnType<typeof useLoaderData<typeof loader>>["mine"][number];

const STATE_WORDS: Record<Change["state"], string> = {
  "not-started": "Not started",
  open: "Open",
  accepted: "Accepted",
};

function ChangeLink({ change }: { change: Change }) {
  const who = `${change.outgoingCodes.join(", ")} to ${change.incomingCodes.join(", ")}`;
  return (
    <li>
      <Link className="baton-list__title" to={`/handover/${change.teamId}/${change.key}`}>
        {change.role === "write"
          ? "You hand over"
          : change.role === "receive"
            ? "You receive"
            : "Handover"}
        , {change.label}
      </Link>
      <span className="baton-list__meta">
        {change.teamName}: {who}. {STATE_WORDS[change.state]}
        {change.state === "not-started"
          ? ""
          : `, ${change.items} ${change.items === 1 ? "patient" : "patients"}`}
        .{change.overdue ? <span className="baton-tag baton-tag--warning">Overdue</span> : null}
      </span>
    </li>
  );
}

export default function Handover() {
  const { mine, managed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="nhsuk-heading-l">Handover</h1>
      <h2 className="nhsuk-heading-m">Your shift changes</h2>
      {mine.length ? (
        <ul className="baton-list">
          {mine.map((change) => (
            <ChangeLink key={`${change.teamId}/${change.key}`} change={change} />
          ))}
        </ul>
      ) : (
        <div className="baton-card">
          <p>
            No handover for you in the next day and a half. When your shift ends at a shift change
            you write the handover here; when it starts at one, you receive it.
          </p>
        </div>
      )}
      {managed.map((team) => (
        <section key={team.teamId} aria-labelledby={`team-${team.teamId}`}>
          <h2 className="nhsuk-heading-m" id={`team-${team.teamId}`}>
            {team.teamName}
          </h2>
          {team.changes.length ? (
            <ul className="baton-list">
              {team.changes.map((change) => (
                <ChangeLink key={change.key} change={change} />
              ))}
            </ul>
          ) : (
            <p>No shift changes on the published rota in the last or next day.</p>
          )}
          <p>
            <Link to={`/handover/templates/${team.teamId}`}>Handover templates</Link>
          </p>
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Handover – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
