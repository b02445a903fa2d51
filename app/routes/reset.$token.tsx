import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, NewPasswordField } from "~/components/form-fields";
import { PlainErrorBoundary, PlainPage } from "~/components/plain-page";
import { MAX_PASSWORD_LENGTH } from "~/models/accounts/password-policy";
import {
  lookUpPasswordReset,
  passwordResetProblem,
  redeemPasswordReset,
} from "~/models/accounts/password-resets.server";
import { deleteSession } from "~/models/accounts/sessions.server";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { getSession, sessionCookie } from "~/web/session-cookie.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const lookup = lookUpPasswordReset(params.token ?? "");
  if (lookup.status !== "valid")
    return { reset: null, problem: passwordResetProblem(lookup.status) };
  // The person's own name and email: whoever holds the link is meant to be them.
  return { reset: { name: lookup.name, email: lookup.email }, problem: null };
}

const ResetSchema = z.object({
  password: z
    .string({ required_error: "Choose a password." })
    .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(ResetSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    const { session } = await redeemPasswordReset({
      token: params.token ?? "",
      password: parsed.data.password,
      ipAddress: context.clientAddress,
      userAgent: request.headers.get("User-Agent") ?? "",
    });
    // This browser may hold someone else's session (a shared ward phone): it ends, as at sign-in.
    const previous = getSession(request);
    if (previous) deleteSession(previous.sessionId);
    throw redirect("/settings?password=reset", {
      headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) },
    });
  } catch (error) {
    return { errors: inputErrors(error) };
  }
}

export default function ResetPassword() {
  const { reset, problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const busy = useNavigation().state === "submitting";
  if (!reset) {
    return (
      <PlainPage>
        <h1 className="nhsuk-heading-l">This link cannot be used</h1>
        <p>{problem}</p>
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </PlainPage>
    );
  }
  return (
    <PlainPage>
      <h1 className="nhsuk-heading-l">Choose a new password</h1>
      <p>
        For <strong>{reset.name}</strong> ({reset.email}). When you save it, Baton signs you out on
        every other device and signs you in here.
      </p>
      <ErrorSummary errors={errors ?? []} />
      {/* Signs the person in: a whole new page, so nothing of whoever used this tab stays. */}
      <Form method="post" noValidate reloadDocument>
        <input type="hidden" name="username" value={reset.email} autoComplete="username" />
        <NewPasswordField error={fieldError(errors, "password")} label="New password" />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save password and sign in"}
        </button>
      </Form>
    </PlainPage>
  );
}

export const meta: MetaFunction = () => [{ title: "Choose a new password – Baton" }];

export const ErrorBoundary = PlainErrorBoundary;
