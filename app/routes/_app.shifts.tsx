import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error";
import { listTeams } from "~/models/teams.server";
import { requireSession } from "~/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return {
    firstName: actor.name.replace(/^Dr /, "").split(" ")[0],
    teams: listTeams({ actor }).filter((t) => t.myRole),
  };
}

export default function Shifts() {
  const { firstName, teams } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="nhsuk-heading-l">Hello, {firstName}</h1>
      <h2 className="nhsuk-heading-m">Your shifts</h2>
      <div className="baton-card">
        <p>
          No shifts yet. When your manager publishes the rota, your next eight weeks of shifts
          appear here, with who else is on.
        </p>
      </div>
      <h2 className="nhsuk-heading-m">Your teams</h2>
      {teams.length ? (
        <ul className="baton-list">
          {teams.map((team) => (
            <li key={team.id}>
              <Link className="baton-list__title" to={`/team/${team.id}`}>
                {team.name}
              </Link>
              <span className="baton-list__meta">
                {team.myRole === "manager" ? "You manage this team" : "Staff"} · {team.memberCount}{" "}
                people
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>You are not in a team yet. An administrator or ward manager adds you to one.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Shifts – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
