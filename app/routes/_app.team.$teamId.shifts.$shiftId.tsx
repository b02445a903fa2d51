import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { BreachWarnings, ShiftForm } from "~/components/shift-form";
import { mondayOf } from "~/models/local-time";
import { absencesOverlapping } from "~/models/rota/leave.server";
import { describeLeaveDates, LEAVE_KINDS } from "~/models/rota/leave-rules";
import { describePeriod } from "~/models/rota/rota-period-rules";
import { breachesForShift } from "~/models/rota/rota-review.server";
import { describeShift, formatDay } from "~/models/rota/shift-display";
import {
  changeShift,
  getShiftToManage,
  removeShift,
  shiftFormChoices,
} from "~/models/rota/shifts.server";
import { giveShiftBackAsOpen } from "~/models/swaps/open-shifts.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { askFirst, isConfirmed } from "~/web/confirm";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { ShiftFormSchema } from "~/web/shift-form";
import { redirectAfterSwap } from "~/web/swap-actions.server";
import { redirectWithToast } from "~/web/toast.server";

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
  // The person's leave or sickness that day, which is often why the manager opened the shift.
  // Managers may see sickness (docs/permissions.md), and only managers reach this page.
  const absence = absencesOverlapping([{ userId: shift.userId, date: shift.date }])
    .get(shift.userId)
    ?.find((a) => a.startDate <= shift.date && shift.date <= a.endDate);
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
    absence: absence
      ? {
          kind: LEAVE_KINDS[absence.kind],
          dates: describeLeaveDates(absence.startDate, absence.endDate),
          day: formatDay(shift.date),
        }
      : null,
  };
}

/**
 * Saving a change, removing the shift, giving it back as open. Removing and giving back act only
 * when confirmed (docs/decisions/024): without `confirmed=yes` they answer `askFirst`. Each
 * success returns to the rota with a toast saying what is now true, breaches included.
 */
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
  const none = { errors: [], confirm: null };
  const intent = form.get("intent");
  if (intent === "give-back" || intent === "remove") {
    if (!isConfirmed(form)) {
      // Only someone who may act is asked: anyone else gets the same 404 as for acting.
      getShiftToManage({ actor, teamId, shiftId, ipAddress });
      return { ...none, ...askFirst(intent) };
    }
    // Giving back may say who can claim it, as posting an open shift does; read before anything.
    const giveBack = parseForm(GiveBackSchema, form);
    if (intent === "give-back" && !giveBack.ok)
      return { ...none, errors: giveBack.errors, ...askFirst(intent) };
    try {
      if (intent === "give-back") {
        giveShiftBackAsOpen({
          actor,
          teamId,
          shiftId,
          requiredGrade: (giveBack.ok && giveBack.data.requiredGrade) || null,
          ipAddress,
        });
        // On to the Swaps page, where the open shift now is, with the result (decision 024).
        throw redirectAfterSwap(request, "/swaps", "given-back");
      }
      const { shift, shiftType, team, period, person } = getShiftToManage({
        actor,
        teamId,
        shiftId,
        ipAddress,
      });
      removeShift({ actor, teamId, shiftId, ipAddress });
      throw redirectWithToast(request, `/team/${teamId}/rota?week=${mondayOf(shift.date)}`, {
        kind: "success",
        message: `Shift removed: ${person.name}, ${describeShift(shift, shiftType, team.timeZone)}.${
          period.status === "published" ? ` ${person.name} has been told.` : ""
        }`,
      });
    } catch (error) {
      return { ...none, errors: inputErrors(error) };
    }
  }
  const parsed = parseForm(ShiftFormSchema, form);
  if (!parsed.ok) return { ...none, errors: parsed.errors };
  try {
    const { period, shift } = getShiftToManage({ actor, teamId, shiftId, ipAddress });
    const { warnings } = changeShift({ actor, teamId, shiftId, ...parsed.data, ipAddress });
    const same =
      parsed.data.userId === shift.userId &&
      parsed.data.shiftTypeId === shift.shiftTypeId &&
      parsed.data.date === shift.date;
    if (same)
      throw redirectWithToast(request, `/team/${teamId}/shifts/${shiftId}`, {
        kind: "success",
        message: "Nothing to save: the shift is as it was.",
      });
    const told = period.status === "published" ? " The people affected have been told." : "";
    // With breaches, back to this page, where they are listed; otherwise back to the grid.
    if (warnings.length)
      throw redirectWithToast(request, `/team/${teamId}/shifts/${shiftId}`, {
        kind: "success",
        message: `Shift saved.${told} As it stands it breaks ${breachCount(warnings.length)}, listed below.`,
      });
    throw redirectWithToast(request, `/team/${teamId}/rota?week=${mondayOf(parsed.data.date)}`, {
      kind: "success",
      message: `Shift saved.${told}`,
    });
  } catch (error) {
    return { ...none, errors: inputErrors(error) };
  }
}

/** "a working-time rule", "3 working-time rules". */
function breachCount(n: number): string {
  return n === 1 ? "a working-time rule" : `${n} working-time rules`;
}

export default function ChangeShift() {
  const { team, period, people, shiftTypes, shift, warnings, absence } =
    useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  const published = period.status === "published";
  const giveBack: Confirmation = {
    intent: "give-back",
    label: "Give back as open",
    question: "Give this shift back as open?",
    consequence: (
      <p>
        {shift.personName} comes off it and is told. Everyone who could work it is told it is open
        and can claim it.
      </p>
    ),
    inputs: (where) => (
      <TextField
        id={where === "step" ? "requiredGrade" : "requiredGrade-dialog"}
        name="requiredGrade"
        label="Needs a grade or skill (optional)"
        hint={`For example "Band 6". Leave it empty and anyone who could work the shift may claim it.`}
        maxLength={TEXT_LIMITS.grade}
        error={where === "step" ? fieldError(errors, "requiredGrade") : undefined}
      />
    ),
    confirmLabel: "Yes, give it back as open",
  };
  const remove: Confirmation = {
    intent: "remove",
    label: "Remove this shift",
    question: "Remove this shift?",
    consequence: (
      <p>
        {shift.personName}, {shift.times} comes off the rota
        {published ? `, and ${shift.personName} is told` : ""}. Nobody is put on it instead.
      </p>
    ),
    confirmLabel: "Yes, remove the shift",
  };
  return (
    <>
      <p>
        <Link to={`/team/${team.id}/rota?week=${mondayOf(shift.date)}`}>Back to the rota</Link>
      </p>
      <h1 className="nhsuk-heading-l">Change a shift</h1>
      <p>
        {shift.personName}, {shift.times}. {period.label}
        {published
          ? ". The rota is published: the people affected will be told of any change you save."
          : " (draft)."}
      </p>
      <ErrorSummary errors={errors ?? []} />
      <ConfirmStep
        asking={actionData?.confirm}
        confirmations={published ? [giveBack, remove] : [remove]}
      />
      {absence ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            {absence.kind} on {absence.day}
          </h2>
          <p>
            {shift.personName} is on {absence.kind.toLowerCase()}: {absence.dates}. This shift
            counts for no cover: give it to someone else
            {published ? ", give it back as open" : ""} or remove it.
          </p>
        </div>
      ) : null}
      <BreachWarnings warnings={warnings} />
      <ShiftForm
        choices={{ people, shiftTypes, period }}
        values={shift}
        errorFor={(field) => fieldError(errors, field)}
        submitLabel="Save changes"
      />
      {published ? <ConfirmButton confirmation={giveBack} /> : null}
      <ConfirmButton confirmation={remove} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Change a shift – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
