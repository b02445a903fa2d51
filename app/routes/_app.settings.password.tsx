import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { CheckboxField, ErrorSummary, NewPasswordField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { changeOwnPassword } from "~/models/accounts/password-change.server";
import { MAX_PASSWORD_LENGTH } from "~/models/accounts/password-policy";
import { listUserSessions } from "~/models/accounts/sessions.server";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = requireSession(request);
  return { otherDevices: listUserSessions(session.actor.userId).length - 1, email: session.email };
}

const ChangePasswordSchema = z.object({
  currentPassword: z
    .string({ required_error: "Enter your current password." })
    .min(1, "Enter your current password.")
    .max(MAX_PASSWORD_LENGTH, "Your current password is not right."),
  password: z
    .string({ required_error: "Choose a new password." })
    .min(1, "Choose a new password.")
    .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`),
  signOutOthers: z.literal("yes").optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const session = requireSession(request);
  // Each answer has its own stamp: the form is drawn afresh, so no password stays in a field.
  const answeredAt = Date.now();
  const parsed = parseForm(ChangePasswordSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors, done: null, answeredAt };
  try {
    const { otherSessionsEnded } = await changeOwnPassword({
      actor: session.actor,
      currentSessionId: session.sessionId,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.password,
      signOutOthers: parsed.data.signOutOthers === "yes",
      ipAddress: context.clientAddress,
    });
    const others =
      otherSessionsEnded === 0
        ? ""
        : ` Your ${otherSessionsEnded === 1 ? "other device was" : `${otherSessionsEnded} other devices were`} signed out.`;
    return { errors: [], done: `Your password is changed.${others}`, answeredAt };
  } catch (error) {
    return { errors: inputErrors(error), done: null, answeredAt };
  }
}

export default function ChangePassword() {
  const { otherDevices, email } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  const busy = useNavigation().state === "submitting";
  const done = useRef<HTMLDivElement>(null);
  // The confirmation takes focus, so it is seen and announced where the person is looking.
  useEffect(() => {
    if (actionData?.done) done.current?.focus();
  }, [actionData]);
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Change your password</h1>
      {actionData?.done ? (
        <div className="nhsuk-inset-text" role="status" tabIndex={-1} ref={done}>
          <p>{actionData.done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      <Form method="post" noValidate key={actionData?.answeredAt ?? "first"}>
        <input type="hidden" name="username" value={email} autoComplete="username" />
        <TextField
          id="currentPassword"
          name="currentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          error={fieldError(errors, "currentPassword")}
          required
        />
        <NewPasswordField error={fieldError(errors, "password")} label="New password" />
        {otherDevices > 0 ? (
          <CheckboxField
            id="signOutOthers"
            name="signOutOthers"
            value="yes"
            defaultChecked
            label={`Sign me out on my ${otherDevices === 1 ? "other device" : `${otherDevices} other devices`}`}
            hint="They will need the new password. This device stays signed in."
          />
        ) : null}
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </Form>
      <p className="nhsuk-body-s">
        Forgotten your current password? Ask your ward manager for a password reset link.
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Change your password – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
