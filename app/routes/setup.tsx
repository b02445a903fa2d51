import { type ActionFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, NewPasswordField, TextField } from "~/components/form-fields";
import { PlainErrorBoundary, PlainPage } from "~/components/plain-page";
import {
  createOrganisationWithAdministrator,
  needsFirstRunSetup,
} from "~/models/accounts/organisations.server";
import { signIn } from "~/models/accounts/sign-in.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { sessionCookie } from "~/web/session-cookie.server";

export async function loader() {
  if (!needsFirstRunSetup()) throw redirect("/login");
  return null;
}

const SetupSchema = z.object({
  organisationName: z
    .string({ required_error: "Enter your organisation's name." })
    .trim()
    .min(3, "Enter your organisation's name.")
    .max(
      TEXT_LIMITS.organisationName,
      tooLongMessage("Organisation name", TEXT_LIMITS.organisationName),
    ),
  name: z
    .string({ required_error: "Enter your full name." })
    .trim()
    .min(2, "Enter your full name.")
    .max(TEXT_LIMITS.personName, tooLongMessage("Your name", TEXT_LIMITS.personName)),
  email: z
    .string({ required_error: "Enter your email address." })
    .trim()
    .max(TEXT_LIMITS.email, tooLongMessage("Email address", TEXT_LIMITS.email))
    .email("Enter an email address like name@nhs.net."),
  password: z.string({ required_error: "Choose a password." }).max(256),
});

export async function action({ request, context }: ActionFunctionArgs) {
  // Read first, as every action does, so an unreadable body is a 400 whatever state Baton is in.
  const form = await readForm(request);
  if (!needsFirstRunSetup()) throw redirect("/login");
  const parsed = parseForm(SetupSchema, form);
  if (!parsed.ok) return { errors: parsed.errors };
  const { organisationName, name, email, password } = parsed.data;
  try {
    await createOrganisationWithAdministrator({
      organisationName,
      adminName: name,
      adminEmail: email,
      password,
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return { errors: inputErrors(error) };
  }
  const result = await signIn({
    email,
    password,
    ipAddress: context.clientAddress,
    userAgent: request.headers.get("User-Agent") ?? "",
  });
  if (!result.ok) throw redirect("/login");
  throw redirect("/team", {
    headers: {
      "Set-Cookie": sessionCookie(request, result.session.token, result.session.expiresAt),
    },
  });
}

export default function Setup() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const busy = useNavigation().state === "submitting";
  return (
    <PlainPage>
      <h1 className="nhsuk-heading-l">Set up Baton</h1>
      <p>
        Name your organisation and create the first administrator account. You can add teams and
        invite people next.
      </p>
      <ErrorSummary errors={errors ?? []} />
      {/* Signs the person in: a whole new page, so nothing of whoever used this tab stays. */}
      <Form method="post" noValidate reloadDocument>
        <TextField
          id="organisationName"
          maxLength={TEXT_LIMITS.organisationName}
          name="organisationName"
          label="Organisation name"
          hint="For example, Northgate Hospitals NHS Foundation Trust"
          error={fieldError(errors, "organisationName")}
          autoComplete="organization"
          required
        />
        <TextField
          id="name"
          maxLength={TEXT_LIMITS.personName}
          name="name"
          label="Your full name"
          error={fieldError(errors, "name")}
          autoComplete="name"
          required
        />
        <TextField
          id="email"
          maxLength={TEXT_LIMITS.email}
          name="email"
          type="email"
          label="Your work email address"
          error={fieldError(errors, "email")}
          autoComplete="email"
          spellCheck={false}
          required
        />
        <NewPasswordField error={fieldError(errors, "password")} />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? "Setting up…" : "Create organisation"}
        </button>
      </Form>
    </PlainPage>
  );
}

export const meta: MetaFunction = () => [{ title: "Set up Baton" }];

export const ErrorBoundary = PlainErrorBoundary;
