import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ShiftTypeForm } from "~/components/shift-type-form";
import { formatRequirements } from "~/models/rota/shift-type-rules";
import { getShiftTypeToManage, updateShiftType } from "~/models/rota/shift-types.server";
import { inputErrors, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { readShiftTypeForm } from "~/web/shift-type-form";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const shiftType = getShiftTypeToManage({
    actor,
    teamId: params.teamId!,
    shiftTypeId: params.shiftTypeId!,
    ipAddress: context.clientAddress,
  });
  return {
    teamId: shiftType.teamId,
    shiftTypeId: shiftType.id,
    defaults: {
      code: shiftType.code,
      name: shiftType.name,
      startLocal: shiftType.startLocal,
      endLocal: shiftType.endLocal,
      paidBreakMinutes: shiftType.paidBreakMinutes,
      colour: shiftType.colour,
      requirements: formatRequirements(shiftType.requirements),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const read = readShiftTypeForm(await readForm(request));
  if (!read.ok) return { errors: read.errors };
  try {
    updateShiftType({
      actor,
      teamId: params.teamId!,
      shiftTypeId: params.shiftTypeId!,
      input: read.input,
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return { errors: inputErrors(error) };
  }
  throw redirectWithToast(request, `/team/${params.teamId}/shift-types`, {
    kind: "success",
    message: `Shift type ${read.input.code} saved.`,
  });
}

export default function EditShiftType() {
  const { teamId, shiftTypeId, defaults } = useLoaderData<typeof loader>();
  const errors = useKeptActionData<typeof action>()?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${teamId}/shift-types`}>Back to shift types</Link>
      </p>
      <h1 className="nhsuk-heading-l">
        {defaults.code} {defaults.name}
      </h1>
      <ShiftTypeForm defaults={defaults} errors={errors} submitLabel="Save changes" />
      <section className="baton-card" aria-labelledby="archive">
        <h2 className="nhsuk-heading-s" id="archive">
          No longer worked?
        </h2>
        <p>
          Archiving keeps this type on past rotas but stops it being offered for new shifts. You can
          restore it later.
        </p>
        <Form method="post" action={`/team/${teamId}/shift-types`}>
          <input type="hidden" name="intent" value="archive" />
          <input type="hidden" name="shiftTypeId" value={shiftTypeId} />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Archive {defaults.name}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.defaults.name ?? "Shift type"} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
