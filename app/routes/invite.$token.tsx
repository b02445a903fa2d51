import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, NewPasswordField, TextField } from "~/components/form-fields";
import { PlainErrorBoundary, PlainPage } from "~/components/plain-page";
import {
  acceptInvitation,
  invitationProblem,
  lookUpInvitation,
} from "~/models/accounts/invitations.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { sessionCookie } from "~/web/session-cookie.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const lookup = lookUpInvitation(params.token ?? "");
  if (lookup.status !== "valid")
    return { invitation: null, problem: invitationProblem(lookup.status) };
  return { invitation: lookup, problem: null };
}

const AcceptSchema = z.object({
  name: z
    .string({ required_error: "Enter your full name." })
    .trim()
    .min(2, "Enter your full name.")
    .max(TEXT_LIMITS.personName, tooLongMessage("Your name", TEXT_LIMITS.personName)),
  password: z.string({ required_error: "Choose a password." }).max(256),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(AcceptSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    const { session } = await acceptInvitation({
      token: params.token ?? "",
      name: parsed.data.name,
      password: parsed.data.password,
      ipAddress: context.clientAddress,
      userAgent: request.headers.get("User-Agent") ?? "",
    });
    throw redirect("/shifts", {
      headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) },
    });
  } catch (error) {
    return { errors: inputErrors(error) };
  }
}

export default function AcceptInvitation() {
  const { invitation, problem } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  if (!invitation) {
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
  const joining = invitation.teamName
    ? `${invitation.teamName} as ${invitation.role === "manager" ? "a manager" : "a member of staff"}`
    : `${invitation.organisationName} as an administrator`;
  return (
    <PlainPage>
      <h1 className="nhsuk-heading-l">Join {joining}</h1>
      <p>
        {invitation.organisationName} has invited <strong>{invitation.email}</strong> to Baton. Set
        your name and a password to finish.
      </p>
      <ErrorSummary errors={errors ?? []} />
      {/* Signs the person in: a whole new page, so nothing of whoever used this tab stays. */}
      <Form method="post" noValidate reloadDocument>
        <input type="hidden" name="username" value={invitation.email} autoComplete="username" />
        <TextField
          id="name"
          maxLength={TEXT_LIMITS.personName}
          name="name"
          label="Your full name"
          hint="As your colleagues know you, for example Amelia Hughes"
          error={fieldError(errors, "name")}
          autoComplete="name"
          required
        />
        <NewPasswordField error={fieldError(errors, "password")} />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? "Joining…" : "Join and sign in"}
        </button>
      </Form>
    </PlainPage>
  );
}

export const meta: MetaFunction = () => [{ title: "Accept your invitation – Baton" }];

export const ErrorBoundary = PlainErrorBoundary;
