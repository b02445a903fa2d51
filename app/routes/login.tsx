import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { PlainErrorBoundary, PlainPage } from "~/components/plain-page";
import { needsFirstRunSetup } from "~/models/accounts/organisations.server";
import { deleteSession } from "~/models/accounts/sessions.server";
import { signIn } from "~/models/accounts/sign-in.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { parseForm, readForm } from "~/web/forms";
import { getSession, safeNextPath, sessionCookie } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (needsFirstRunSetup()) throw redirect("/setup");
  if (getSession(request))
    throw redirect(safeNextPath(new URL(request.url).searchParams.get("next")));
  return null;
}

const SignInSchema = z.object({
  email: z
    .string({ required_error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(TEXT_LIMITS.email, tooLongMessage("Email address", TEXT_LIMITS.email)),
  password: z
    .string({ required_error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(256),
  next: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  // What the person typed as their email comes back to the form; a password never does.
  const typedEmail = String(form.get("email") ?? "").slice(0, TEXT_LIMITS.email);
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, email: typedEmail, answeredAt: Date.now() };
  const result = await signIn({
    email: parsed.data.email,
    password: parsed.data.password,
    ipAddress: context.clientAddress,
    userAgent: request.headers.get("User-Agent") ?? "",
  });
  if (result.ok) {
    // Signing in again (another account, or the same) ends the session this browser had.
    const previous = getSession(request);
    if (previous) deleteSession(previous.sessionId);
    throw redirect(safeNextPath(parsed.data.next), {
      headers: {
        "Set-Cookie": sessionCookie(request, result.session.token, result.session.expiresAt),
      },
    });
  }
  if (result.reason === "locked") {
    const wait =
      result.retryAfterMinutes === 1 ? "1 minute" : `${result.retryAfterMinutes} minutes`;
    return {
      errors: [{ message: `Too many failed attempts to sign in. Wait ${wait}, then try again.` }],
      email: typedEmail,
      answeredAt: Date.now(),
    };
  }
  return {
    errors: [
      {
        field: "email",
        message: "The email address or password is not right. Check both and try again.",
      },
    ],
    email: typedEmail,
    answeredAt: Date.now(),
  };
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors ?? [];
  return (
    <PlainPage>
      <h1 className="nhsuk-heading-l">Sign in to Baton</h1>
      <ErrorSummary errors={errors} />
      {/* A whole new page after signing in: nothing of whoever used this tab before stays. */}
      <Form method="post" noValidate reloadDocument>
        <input type="hidden" name="next" value={searchParams.get("next") ?? ""} />
        <TextField
          id="email"
          maxLength={TEXT_LIMITS.email}
          name="email"
          type="email"
          label="Email address"
          autoComplete="username"
          spellCheck={false}
          defaultValue={actionData?.email ?? ""}
          required
        />
        {/* Empty after every failed attempt, whatever the browser kept: drawn afresh per answer. */}
        <TextField
          key={actionData?.answeredAt ?? "first"}
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          required
        />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="nhsuk-body-s">New to Baton? Ask your ward manager for an invitation link.</p>
    </PlainPage>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in – Baton" }];

export const ErrorBoundary = PlainErrorBoundary;
