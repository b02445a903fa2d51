import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PersonSelectField, SelectField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { SwapEffect } from "~/components/swap-effect";
import {
  type NewRequestPreview,
  previewNewRequest,
  swapChoices,
} from "~/models/swaps/swap-choices.server";
import { offerShift, requestSwap } from "~/models/swaps/swap-requests.server";
import { type FormErrors, fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return swapChoices({
    actor,
    teamId: params.teamId!,
    shiftId: params.shiftId!,
    ipAddress: context.clientAddress,
  });
}

const id = z.string().max(64);
const RequestSchema = z
  .object({
    intent: z.enum(["preview", "send"]),
    mode: z.enum(["swap", "give", "anyone"], { message: "Choose how to offer your shift." }),
    colleagueShiftId: id.optional(),
    toUserId: id.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.mode === "swap" && !value.colleagueShiftId)
      ctx.addIssue({
        code: "custom",
        path: ["colleagueShiftId"],
        message: "Choose a shift to swap for.",
      });
    if (value.mode === "give" && !value.toUserId)
      ctx.addIssue({ code: "custom", path: ["toUserId"], message: "Choose who to give it to." });
  });
type Choice = Pick<z.infer<typeof RequestSchema>, "mode" | "colleagueShiftId" | "toUserId">;

type Answer = { errors: FormErrors; preview: NewRequestPreview | null; choice: Choice | null };
const refused = (errors: FormErrors) =>
  data<Answer>({ errors, preview: null, choice: null }, { status: 400 });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(RequestSchema, await readForm(request));
  if (!parsed.ok) return refused(parsed.errors);
  const { intent, mode } = parsed.data;
  const teamId = params.teamId!;
  const shiftId = params.shiftId!;
  const ipAddress = context.clientAddress;
  const choice: Choice = {
    mode,
    colleagueShiftId: mode === "swap" ? parsed.data.colleagueShiftId : undefined,
    toUserId: mode === "give" ? parsed.data.toUserId : undefined,
  };
  try {
    if (intent === "preview") {
      const preview = previewNewRequest({ actor, teamId, shiftId, ...choice, ipAddress });
      return { errors: [], preview, choice } satisfies Answer;
    }
    const { requestId } =
      mode === "swap"
        ? requestSwap({
            actor,
            teamId,
            shiftId,
            colleagueShiftId: choice.colleagueShiftId!,
            ipAddress,
          })
        : offerShift({
            actor,
            teamId,
            shiftId,
            toUserId: mode === "give" ? choice.toUserId! : null,
            ipAddress,
          });
    throw redirect(`/swaps/${requestId}?sent=1`);
  } catch (error) {
    return refused(inputErrors(error));
  }
}

export default function SwapOrGiveAway() {
  const { team, shift, alreadyOffered, tooLate, swapFor, takers } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors ?? [];
  const preview = actionData?.preview;
  return (
    <>
      <p>
        <Link to="/shifts">Back to your shifts</Link>
      </p>
      <h1 className="nhsuk-heading-l">Swap or give away</h1>
      <p>
        <strong>{shift.summary}</strong>
        <span className="baton-list__meta">{team.name}</span>
      </p>
      <ErrorSummary errors={errors} />
      {alreadyOffered ? (
        <p>
          You have already offered this shift.{" "}
          <Link to={`/swaps/${alreadyOffered}`}>See that request</Link>; cancel it there to offer
          the shift another way.
        </p>
      ) : tooLate ? (
        <p>
          It is too late to swap this shift: requests close before it starts. Speak to your manager.
        </p>
      ) : preview && actionData?.choice ? (
        <section className="baton-card" aria-labelledby="preview">
          <h2 className="nhsuk-heading-m" id="preview">
            Check before you send
          </h2>
          <p>{preview.summary}.</p>
          {preview.check ? (
            <SwapEffect check={preview.check} headingLevel={3} />
          ) : (
            <p>
              {preview.takerCount} {preview.takerCount === 1 ? "colleague" : "colleagues"} could
              take it, and each is told. Each sees what it does to their hours before accepting; the
              first to accept takes it, then a manager approves.
            </p>
          )}
          {preview.check?.ineligible.length ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value="send" />
              <input type="hidden" name="mode" value={actionData.choice.mode} />
              {actionData.choice.colleagueShiftId ? (
                <input
                  type="hidden"
                  name="colleagueShiftId"
                  value={actionData.choice.colleagueShiftId}
                />
              ) : null}
              {actionData.choice.toUserId ? (
                <input type="hidden" name="toUserId" value={actionData.choice.toUserId} />
              ) : null}
              <button type="submit" className="nhsuk-button baton-effect__button">
                Send the request
              </button>
            </Form>
          )}
          <p>
            <Link to=".">Choose again</Link>
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="swap">
            <h2 className="nhsuk-heading-m" id="swap">
              Swap for a colleague's shift
            </h2>
            {swapFor.length ? (
              <Form method="post">
                <input type="hidden" name="intent" value="preview" />
                <input type="hidden" name="mode" value="swap" />
                <SelectField
                  id="colleagueShiftId"
                  name="colleagueShiftId"
                  label="Their shift"
                  hint="Only shifts within a week that you both could work without a new breach."
                  defaultValue=""
                  error={fieldError(errors, "colleagueShiftId")}
                >
                  <option value="" disabled>
                    Choose a shift
                  </option>
                  {swapFor.map((s) => (
                    <option key={s.shiftId} value={s.shiftId}>
                      {s.name}: {s.summary}
                    </option>
                  ))}
                </SelectField>
                <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                  Preview the swap
                </button>
              </Form>
            ) : (
              <p>No colleague's shift within a week could be swapped for this one.</p>
            )}
          </section>
          <section aria-labelledby="give">
            <h2 className="nhsuk-heading-m" id="give">
              Give it away
            </h2>
            {takers.length ? (
              <>
                <Form method="post">
                  <input type="hidden" name="intent" value="preview" />
                  <input type="hidden" name="mode" value="give" />
                  <PersonSelectField
                    id="toUserId"
                    label="To a colleague"
                    people={takers}
                    error={fieldError(errors, "toUserId")}
                  />
                  <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                    Preview giving it to them
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="preview" />
                  <input type="hidden" name="mode" value="anyone" />
                  <p>
                    Or offer it to everyone who could take it ({takers.length}{" "}
                    {takers.length === 1 ? "colleague" : "colleagues"}).
                  </p>
                  <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                    Preview offering it to anyone
                  </button>
                </Form>
              </>
            ) : (
              <p>Nobody in the team could take this shift as things stand.</p>
            )}
          </section>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Swap or give away – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
