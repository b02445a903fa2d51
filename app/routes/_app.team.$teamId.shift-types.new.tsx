import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ShiftTypeForm } from "~/components/shift-type-form";
import { getTeamToManage } from "~/models/accounts/teams.server";
import { createShiftType } from "~/models/rota/shift-types.server";
import { inputErrors, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { readShiftTypeForm } from "~/web/shift-type-form";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const team = getTeamToManage({ actor, teamId: params.teamId!, ipAddress: context.clientAddress });
  return { team: { id: team.id, name: team.name } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const read = readShiftTypeForm(await readForm(request));
  if (!read.ok) return { errors: read.errors };
  try {
    createShiftType({
      actor,
      teamId: params.teamId!,
      input: read.input,
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return { errors: inputErrors(error) };
  }
  throw redirectWithToast(request, `/team/${params.teamId}/shift-types`, {
    kind: "success",
    message: `Shift type ${read.input.code} added.`,
  });
}

export default function NewShiftType() {
  const { team } = useLoaderData<typeof loader>();
  const errors = useKeptActionData<typeof action>()?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/shift-types`}>Back to shift types</Link>
      </p>
      <h1 className="nhsuk-heading-l">Add a shift type</h1>
      <ShiftTypeForm
        defaults={{
          code: "",
          name: "",
          startLocal: "07:30",
          endLocal: "15:30",
          paidBreakMinutes: 30,
          colour: "blue",
          requirements: "",
        }}
        errors={errors}
        submitLabel="Add shift type"
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Add a shift type – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
