import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { BreachWarnings, ShiftForm } from "~/components/shift-form";
import { mondayOf } from "~/models/local-time";
import { describePeriod } from "~/models/rota/rota-period-rules";
import { breachesForShift } from "~/models/rota/rota-review.server";
import { describeShift } from "~/models/rota/shift-display";
import {
  changeShift,
  getShiftToManage,
  removeShift,
  shiftFormChoices,
} from "~/models/rota/shifts.server";
import { giveShiftBackAsOpen } from "~/models/swaps/open-shifts.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { ShiftFormSchema } from "~/web/shift-form";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const ipAddress = context.clientAddress;
  const { team, period, shift, shiftType, person } = getShiftToManage({
    actor,
    teamId: params.teamId!,
    shiftId: params.shiftId!,
    ipAddress,
  });
  const choices = shiftFormChoices({ actor, teamId: team.id, periodId: period.id });
  return {
    team: { id: team.id, name: team.name },
    period: {
      id: period.id,
      startDate: period.startDate,
      endDate: period.endDate,
      status: period.status,
      label: describePeriod(period.startDate, period.endDate),
    },
    people: choices.people,
    shiftTypes: choices.shiftTypes,
    shift: {
      id: shift.id,
      userId: shift.userId,
      date: shift.date,
      shiftTypeId: shift.shiftTypeId,
      personName: person.deactivatedAt ? `${person.name} (account deactivated)` : person.name,
      times: describeShift(shift, shiftType, team.timeZone),
    },
    warnings: breachesForShift({ team, userId: shift.userId, shiftId: shift.id }),
  };
}

// Giving a shift back may say who can claim it, as posting an open shift does.
const GiveBackSchema = z.object({
  requiredGrade: z
    .string()
    .trim()
    .max(TEXT_LIMITS.grade, tooLongMessage("The grade", TEXT_LIMITS.grade))
    .optional(),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const teamId = params.teamId!;
  const shiftId = params.shiftId!;
  const ipAddress = context.clientAddress;
  if (form.get("intent") === "give-back") {
    // It takes the shift from its person and tells everyone eligible: it asks first.
    if (form.get("confirmed") !== "yes") return { errors: [], saved: false, confirmGiveBack: true };
    const giveBack = parseForm(GiveBackSchema, form);
    if (!giveBack.ok) return { errors: giveBack.errors, saved: false, confirmGiveBack: true };
    try {
      giveShiftBackAsOpen({
        actor,
        teamId,
        shiftId,
        requiredGrade: giveBack.data.requiredGrade || null,
        ipAddress,
      });
    } catch (error) {
      return { errors: inputErrors(error), saved: false, confirmGiveBack: false };
    }
    throw redirect("/swaps?done=given-back");
  }
  if (form.get("intent") === "remove") {
    const { periodId } = removeShift({ actor, teamId, shiftId, ipAddress });
    throw redirect(`/team/${teamId}/rota/${periodId}`);
  }
  const parsed = parseForm(ShiftFormSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, saved: false, confirmGiveBack: false };
  try {
    const result = changeShift({ actor, teamId, shiftId, ...parsed.data, ipAddress });
    if (result.warnings.length === 0)
      throw redirect(`/team/${teamId}/rota?week=${mondayOf(parsed.data.date)}`);
  } catch (error) {
    return { errors: inputErrors(error), saved: false, confirmGiveBack: false };
  }
  return { errors: [], saved: true, confirmGiveBack: false };
}

export default function ChangeShift() {
  const { team, period, people, shiftTypes, shift, warnings } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/rota?week=${mondayOf(shift.date)}`}>Back to the rota</Link>
      </p>
      <h1 className="nhsuk-heading-l">Change a shift</h1>
      <p>
        {shift.personName}, {shift.times}. {period.label}
        {period.status === "published"
          ? ". The rota is published: the people affected will be told of any change."
          : " (draft)."}
      </p>
      {actionData?.saved ? (
        <p role="status" className="nhsuk-body-s">
          Saved.
        </p>
      ) : null}
      <BreachWarnings warnings={warnings} />
      <ErrorSummary errors={errors ?? []} />
      <ShiftForm
        choices={{ people, shiftTypes, period }}
        values={shift}
        errorFor={(field) => fieldError(errors, field)}
        submitLabel="Save changes"
      />
      {period.status === "published" ? (
        actionData?.confirmGiveBack ? (
          <div className="nhsuk-warning-callout" role="alert">
            <h2 className="nhsuk-warning-callout__label">
              <span className="nhsuk-u-visually-hidden">Important: </span>Give this shift back as
              open?
            </h2>
            <p>
              {shift.personName} comes off it and is told. Everyone who could work it is told it is
              open and can claim it.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="give-back" />
              <input type="hidden" name="confirmed" value="yes" />
              <TextField
                id="requiredGrade"
                name="requiredGrade"
                label="Needs a grade or skill (optional)"
                hint={`For example "Band 6". Leave it empty and anyone who could work the shift may claim it.`}
                maxLength={TEXT_LIMITS.grade}
                error={fieldError(errors, "requiredGrade")}
              />
              <button type="submit" className="nhsuk-button nhsuk-button--warning">
                Yes, give it back as open
              </button>
            </Form>
          </div>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="give-back" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Give back as open
            </button>
          </Form>
        )
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Remove this shift
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Change a shift – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
