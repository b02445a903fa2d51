import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import { MAX_CUTOFF_MINUTES } from "~/models/swaps/swap-rules";
import { swapSettingsToManage, updateSwapSettings } from "~/models/swaps/swap-settings.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { type FormErrors, fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const { team, settings } = swapSettingsToManage({
    actor,
    teamId: params.teamId!,
    ipAddress: context.clientAddress,
  });
  return { team: { id: team.id, name: team.name }, settings };
}

const checkbox = z
  .literal("yes")
  .optional()
  .transform((v) => v === "yes");

const CUTOFF_MISSING =
  "Enter the cut-off in minutes: 0 keeps requests open until the shift starts.";

const SwapSettingsSchema = z.object({
  gradeOrder: z
    .string()
    .max(TEXT_LIMITS.swapGradeOrder, tooLongMessage("The grade order", TEXT_LIMITS.swapGradeOrder))
    .default(""),
  higherGradeCovers: checkbox,
  autoApprove: checkbox,
  claimsWaitForManager: checkbox,
  // A blank field is not 0: 0 (requests open until the shift starts) only when typed.
  cutoffMinutes: z
    .string({ message: CUTOFF_MISSING })
    .trim()
    .min(1, CUTOFF_MISSING)
    .pipe(
      z.coerce
        .number({ message: "Enter the cut-off as a number of minutes." })
        .int("Enter the cut-off as whole minutes.")
        .min(0, "The cut-off cannot be negative.")
        .max(
          MAX_CUTOFF_MINUTES,
          `The cut-off can be at most ${MAX_CUTOFF_MINUTES} minutes (a week).`,
        ),
    ),
});

type Answer = { errors: FormErrors; saved: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(SwapSettingsSchema, await readForm(request));
  if (!parsed.ok) return data<Answer>({ errors: parsed.errors, saved: false }, { status: 400 });
  try {
    updateSwapSettings({
      actor,
      teamId: params.teamId!,
      settings: { ...parsed.data, gradeOrder: parsed.data.gradeOrder.split(/\r?\n/) },
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return data<Answer>({ errors: inputErrors(error), saved: false }, { status: 400 });
  }
  return { errors: [], saved: true } satisfies Answer;
}

export default function SwapSettings() {
  const { team, settings } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors ?? [];
  const gradeError = fieldError(errors, "gradeOrder");
  return (
    <>
      <p>
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l">Swap settings</h1>
      <ErrorSummary errors={errors} />
      {actionData?.saved ? (
        <ToastBanner
          toast={{ kind: "success", message: "Saved. New requests follow these settings." }}
        />
      ) : null}
      <Form method="post">
        <div className={`nhsuk-form-group${gradeError ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="gradeOrder">
            Grade order
          </label>
          <div className="nhsuk-hint" id="gradeOrder-hint">
            One grade a line, lowest first, as grades are written on the team page (for example
            "Band 5", then "Band 6").
          </div>
          {gradeError ? (
            <span className="nhsuk-error-message" id="gradeOrder-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {gradeError}
            </span>
          ) : null}
          <textarea
            className={`nhsuk-textarea${gradeError ? " nhsuk-textarea--error" : ""}`}
            id="gradeOrder"
            name="gradeOrder"
            rows={5}
            maxLength={TEXT_LIMITS.swapGradeOrder}
            defaultValue={settings.gradeOrder.join("\n")}
            aria-describedby={`gradeOrder-hint${gradeError ? " gradeOrder-error" : ""}`}
          />
        </div>
        <CheckboxField
          id="higherGradeCovers"
          name="higherGradeCovers"
          value="yes"
          label="A higher grade may cover a lower one"
          hint="A Band 6 may take a Band 5's shift, by the grade order above."
          defaultChecked={settings.higherGradeCovers}
        />
        <CheckboxField
          id="autoApprove"
          name="autoApprove"
          value="yes"
          label="Approve automatically"
          hint="When the colleague accepts, and the change adds no working-time breach and leaves cover no worse."
          defaultChecked={settings.autoApprove}
        />
        <CheckboxField
          id="claimsWaitForManager"
          name="claimsWaitForManager"
          value="yes"
          label="Claims of open shifts wait for a manager"
          hint="A manager chooses among everyone who claims. Otherwise the first valid claim gets the shift."
          defaultChecked={settings.claimsWaitForManager}
        />
        <TextField
          id="cutoffMinutes"
          name="cutoffMinutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_CUTOFF_MINUTES}
          label="Cut-off, in minutes before the shift"
          hint="Requests not approved by then close. 120 is two hours."
          defaultValue={settings.cutoffMinutes}
          error={fieldError(errors, "cutoffMinutes")}
        />
        <button type="submit" className="nhsuk-button">
          Save settings
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Swap settings – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
