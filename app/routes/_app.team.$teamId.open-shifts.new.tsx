import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { getTeamToManage } from "~/models/accounts/teams.server";
import { isDateKey } from "~/models/local-time";
import { formatDay } from "~/models/rota/shift-display";
import { listShiftTypes } from "~/models/rota/shift-types.server";
import { postOpenShift } from "~/models/swaps/open-shifts.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { type FormErrors, fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectAfterSwap } from "~/web/swap-actions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const team = getTeamToManage({ actor, teamId: params.teamId!, ipAddress: context.clientAddress });
  const { shiftTypes } = listShiftTypes({ actor, teamId: team.id });
  const url = new URL(request.url);
  const date = url.searchParams.get("date") ?? "";
  return {
    team: { id: team.id, name: team.name },
    shiftTypes: shiftTypes
      .filter((t) => !t.archivedAt)
      .map((t) => ({ id: t.id, code: t.code, name: t.name })),
    values: {
      date: isDateKey(date) ? date : "",
      shiftTypeId: url.searchParams.get("shiftTypeId") ?? "",
    },
  };
}

const OpenShiftSchema = z.object({
  intent: z.enum(["check", "post"]),
  shiftTypeId: z.string().min(1, "Choose a shift type.").max(64),
  date: z.string().min(1, "Enter the date."),
  requiredGrade: z
    .string()
    .trim()
    .max(TEXT_LIMITS.grade, tooLongMessage("The grade", TEXT_LIMITS.grade))
    .optional(),
});
type Values = z.infer<typeof OpenShiftSchema>;
type Answer = { errors: FormErrors; confirm: (Values & { label: string }) | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(OpenShiftSchema, await readForm(request));
  if (!parsed.ok) return data<Answer>({ errors: parsed.errors, confirm: null }, { status: 400 });
  const { intent, shiftTypeId, date, requiredGrade } = parsed.data;
  const ipAddress = context.clientAddress;
  const teamId = params.teamId!;
  if (intent === "check") {
    // Posting tells everyone eligible, so it asks first (a plain form: no JavaScript needed).
    const team = getTeamToManage({ actor, teamId, ipAddress });
    const type = listShiftTypes({ actor, teamId: team.id }).shiftTypes.find(
      (t) => t.id === shiftTypeId && !t.archivedAt,
    );
    if (!type)
      return data<Answer>(
        {
          errors: [{ field: "shiftTypeId", message: "Choose one of the team's shift types." }],
          confirm: null,
        },
        { status: 400 },
      );
    if (!isDateKey(date))
      return data<Answer>(
        { errors: [{ field: "date", message: "Enter the date as a real date." }], confirm: null },
        { status: 400 },
      );
    const label = `${type.name} (${type.code}) on ${formatDay(date)}${requiredGrade ? `, needs ${requiredGrade}` : ""}`;
    return { errors: [], confirm: { ...parsed.data, label } } satisfies Answer;
  }
  try {
    postOpenShift({
      actor,
      teamId,
      shiftTypeId,
      date,
      requiredGrade: requiredGrade || null,
      ipAddress,
    });
  } catch (error) {
    return data<Answer>({ errors: inputErrors(error), confirm: null }, { status: 400 });
  }
  throw redirectAfterSwap(request, "/swaps", "posted");
}

export default function PostOpenShift() {
  const { team, shiftTypes, values } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors ?? [];
  const confirm = actionData?.confirm;
  return (
    <>
      <p>
        <Link to="/swaps">Back to Swaps</Link>
      </p>
      <h1 className="nhsuk-heading-l">Post an open shift</h1>
      <p>
        A shift {team.name} needs someone for. Everyone who could work it is told and can claim it
        from their Shifts page.
      </p>
      <ErrorSummary errors={errors} />
      {confirm ? (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Post it and tell everyone
            eligible?
          </h2>
          <p>{confirm.label}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="post" />
            <input type="hidden" name="shiftTypeId" value={confirm.shiftTypeId} />
            <input type="hidden" name="date" value={confirm.date} />
            <input type="hidden" name="requiredGrade" value={confirm.requiredGrade ?? ""} />
            <button type="submit" className="nhsuk-button">
              Post the open shift
            </button>
          </Form>
          <p>
            <Link to=".">Change it</Link>
          </p>
        </div>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="check" />
          <SelectField
            id="shiftTypeId"
            name="shiftTypeId"
            label="Shift"
            defaultValue={values.shiftTypeId}
            error={fieldError(errors, "shiftTypeId")}
            required
          >
            <option value="" disabled>
              Choose a shift type
            </option>
            {shiftTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.code})
              </option>
            ))}
          </SelectField>
          <TextField
            id="date"
            name="date"
            type="date"
            label="Date"
            hint="On a published rota."
            defaultValue={values.date}
            error={fieldError(errors, "date")}
            required
          />
          <TextField
            id="requiredGrade"
            name="requiredGrade"
            label="Needs a grade or skill (optional)"
            hint={`For example "Band 6". Leave it empty and anyone who meets one of the shift's requirements may claim it.`}
            maxLength={TEXT_LIMITS.grade}
            error={fieldError(errors, "requiredGrade")}
          />
          <button type="submit" className="nhsuk-button">
            Continue
          </button>
        </Form>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Post an open shift – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
