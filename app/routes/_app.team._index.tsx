import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { createTeam, listTeams } from "~/models/accounts/teams.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { DEFAULT_TIME_ZONE, timeZoneChoices } from "~/models/time-zones";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const teams = listTeams({ actor });
  // Most people are in one team: take them straight to it.
  if (teams.length === 1 && !actor.isOrgAdmin) throw redirect(`/team/${teams[0]!.id}`);
  return {
    teams,
    canCreate: actor.isOrgAdmin,
    timeZones: actor.isOrgAdmin ? timeZoneChoices() : [],
  };
}

const CreateTeamSchema = z.object({
  name: z
    .string({ required_error: "Enter the team's name." })
    .trim()
    .min(2, "Enter the team's name.")
    .max(TEXT_LIMITS.teamName, tooLongMessage("Team name", TEXT_LIMITS.teamName)),
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(CreateTeamSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    const { teamId } = createTeam({ actor, ...parsed.data, ipAddress: context.clientAddress });
    throw redirectWithToast(request, `/team/${teamId}`, {
      kind: "success",
      message: `Team ${parsed.data.name} created.`,
    });
  } catch (error) {
    return { errors: inputErrors(error) };
  }
}

export default function Teams() {
  const { teams, canCreate, timeZones } = useLoaderData<typeof loader>();
  const errors = useKeptActionData<typeof action>()?.errors;
  return (
    <>
      <h1 className="nhsuk-heading-l">Teams</h1>
      {teams.length ? (
        <ul className="baton-list">
          {teams.map((team) => (
            <li key={team.id}>
              <Link className="baton-list__title" to={`/team/${team.id}`}>
                {team.name}
              </Link>
              <span className="baton-list__meta">
                {team.memberCount} {team.memberCount === 1 ? "person" : "people"} · {team.timeZone}
                {team.myRole === "manager" ? " · you manage this team" : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>
          {canCreate
            ? "There are no teams yet. Create the first one below."
            : "You are not in a team yet."}
        </p>
      )}
      {canCreate ? (
        <section className="baton-card" aria-labelledby="create-team">
          <h2 className="nhsuk-heading-m" id="create-team">
            Create a team
          </h2>
          <ErrorSummary errors={errors ?? []} />
          <Form method="post" noValidate>
            <TextField
              id="name"
              maxLength={TEXT_LIMITS.teamName}
              name="name"
              label="Team name"
              hint="A ward or department, for example Ward 7 Acute Medical Unit"
              error={fieldError(errors, "name")}
              required
            />
            <SelectField
              id="timeZone"
              name="timeZone"
              label="Time zone"
              defaultValue={DEFAULT_TIME_ZONE}
              error={fieldError(errors, "timeZone")}
            >
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </SelectField>
            <button className="nhsuk-button" type="submit">
              Create team
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Teams – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
