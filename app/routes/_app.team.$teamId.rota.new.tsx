import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { getTeamToManage } from "~/models/accounts/teams.server";
import { localDateKey } from "~/models/local-time";
import { suggestNextPeriod } from "~/models/rota/rota-period-rules";
import { createRotaPeriod, listRotaPeriods } from "~/models/rota/rota-periods.server";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const team = getTeamToManage({ actor, teamId: params.teamId!, ipAddress: context.clientAddress });
  const { periods } = listRotaPeriods({ actor, teamId: team.id });
  return {
    team: { id: team.id, name: team.name },
    suggested: suggestNextPeriod(periods, localDateKey(Date.now(), team.timeZone)),
  };
}

const NewPeriodSchema = z.object({
  startDate: z.string().min(1, "Enter the first day of the period."),
  endDate: z.string().min(1, "Enter the last day of the period."),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(NewPeriodSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  let periodId: string;
  try {
    periodId = createRotaPeriod({
      actor,
      teamId: params.teamId!,
      startDate: parsed.data.startDate,
      endDate: parsed.data.endDate,
      ipAddress: context.clientAddress,
    }).periodId;
  } catch (error) {
    return { errors: inputErrors(error) };
  }
  throw redirectWithToast(request, `/team/${params.teamId}/rota/${periodId}`, {
    kind: "success",
    message: "Draft rota period made. Only managers can see it until you publish it.",
  });
}

export default function NewRotaPeriod() {
  const { team, suggested } = useLoaderData<typeof loader>();
  const errors = useKeptActionData<typeof action>()?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/rota`}>Back to the rota</Link>
      </p>
      <h1 className="nhsuk-heading-l">New rota period</h1>
      <p>
        A new period starts as a draft that only managers see. Fill it from patterns, a spreadsheet
        or shift by shift, check the gaps and breaches, then publish it.
      </p>
      <ErrorSummary errors={errors ?? []} />
      <Form method="post" noValidate>
        <TextField
          id="startDate"
          name="startDate"
          type="date"
          label="First day"
          defaultValue={suggested.startDate}
          error={fieldError(errors, "startDate")}
          required
        />
        <TextField
          id="endDate"
          name="endDate"
          type="date"
          label="Last day"
          hint="Up to 12 weeks. Four or six weeks is usual."
          defaultValue={suggested.endDate}
          error={fieldError(errors, "endDate")}
          required
        />
        <button type="submit" className="nhsuk-button">
          Create draft
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "New rota period – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
