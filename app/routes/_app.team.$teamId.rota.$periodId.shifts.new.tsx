import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ShiftForm } from "~/components/shift-form";
import { mondayOf } from "~/models/local-time";
import { describePeriod } from "~/models/rota/rota-period-rules";
import { addShift, shiftFormChoices } from "~/models/rota/shifts.server";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { ShiftFormSchema } from "~/web/shift-form";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const choices = shiftFormChoices({
    actor,
    teamId: params.teamId!,
    periodId: params.periodId!,
    ipAddress: context.clientAddress,
  });
  const url = new URL(request.url);
  return {
    team: { id: choices.team.id, name: choices.team.name },
    period: {
      id: choices.period.id,
      startDate: choices.period.startDate,
      endDate: choices.period.endDate,
      status: choices.period.status,
      label: describePeriod(choices.period.startDate, choices.period.endDate),
    },
    people: choices.people,
    shiftTypes: choices.shiftTypes,
    values: {
      userId: url.searchParams.get("userId") ?? undefined,
      date: url.searchParams.get("date") ?? undefined,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(ShiftFormSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    const result = addShift({
      actor,
      teamId: params.teamId!,
      periodId: params.periodId!,
      ...parsed.data,
      ipAddress: context.clientAddress,
    });
    const { period } = shiftFormChoices({
      actor,
      teamId: params.teamId!,
      periodId: params.periodId!,
    });
    const told = period.status === "published" ? " The person has been told." : "";
    const n = result.warnings.length;
    // With breaches, to the new shift's page, where they are listed; otherwise to the grid.
    if (n)
      throw redirectWithToast(request, `/team/${params.teamId}/shifts/${result.shiftId}`, {
        kind: "success",
        message: `Shift added.${told} As it stands it breaks ${
          n === 1 ? "a working-time rule" : `${n} working-time rules`
        }, listed below.`,
      });
    throw redirectWithToast(
      request,
      `/team/${params.teamId}/rota?week=${mondayOf(parsed.data.date)}`,
      {
        kind: "success",
        message: `Shift added.${told}`,
      },
    );
  } catch (error) {
    return { errors: inputErrors(error) };
  }
}

export default function AddShift() {
  const { team, period, people, shiftTypes, values } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/rota/${period.id}`}>Back to {period.label}</Link>
      </p>
      <h1 className="nhsuk-heading-l">Add a shift</h1>
      {period.status === "published" ? (
        <p>This rota is published: the person will be told about the new shift.</p>
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      <ShiftForm
        choices={{ people, shiftTypes, period }}
        values={values}
        errorFor={(field) => fieldError(errors, field)}
        submitLabel="Add shift"
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Add a shift – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
