import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import {
  getSessionPolicy,
  SESSION_LIMITS,
  updateSessionPolicy,
} from "~/models/accounts/organisations.server";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const policy = getSessionPolicy({ actor, ipAddress: context.clientAddress });
  return {
    name: policy.name,
    idleHours: policy.idleMinutes / 60,
    absoluteDays: policy.absoluteMinutes / 1440,
  };
}

const { idleMinutes, absoluteMinutes } = SESSION_LIMITS;
const PolicySchema = z.object({
  idleHours: z.coerce
    .number({ message: "Enter the idle timeout in hours." })
    .min(idleMinutes.min / 60, `The idle timeout must be at least ${idleMinutes.min} minutes.`)
    .max(idleMinutes.max / 60, `The idle timeout can be at most ${idleMinutes.max / 60} hours.`),
  absoluteDays: z.coerce
    .number({ message: "Enter the absolute lifetime in days." })
    .min(absoluteMinutes.min / 1440, "The absolute lifetime must be at least 1 hour.")
    .max(
      absoluteMinutes.max / 1440,
      `The absolute lifetime can be at most ${absoluteMinutes.max / 1440} days.`,
    ),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(PolicySchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors, saved: false };
  try {
    updateSessionPolicy({
      actor,
      idleMinutes: Math.round(parsed.data.idleHours * 60),
      absoluteMinutes: Math.round(parsed.data.absoluteDays * 1440),
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return { errors: inputErrors(error), saved: false };
  }
  return { errors: [], saved: true };
}

export default function OrganisationSettings() {
  const { name, idleHours, absoluteDays } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <>
      <p>
        <Link to="/settings">Back to settings</Link>
      </p>
      <h1 className="nhsuk-heading-l">Organisation settings</h1>
      <p>{name}</p>
      {actionData?.saved ? (
        <ToastBanner
          toast={{
            kind: "success",
            message: "Saved. The new limits apply to every session from its next request.",
          }}
        />
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      <Form method="post" noValidate>
        <TextField
          id="idleHours"
          name="idleHours"
          inputMode="decimal"
          label="Sign out after this many hours without use"
          hint="Default 12 hours: one shift."
          defaultValue={String(idleHours)}
          error={fieldError(errors, "idleHours")}
        />
        <TextField
          id="absoluteDays"
          name="absoluteDays"
          inputMode="decimal"
          label="Sign in again after this many days, however active"
          hint="Default 14 days."
          defaultValue={String(absoluteDays)}
          error={fieldError(errors, "absoluteDays")}
        />
        <button className="nhsuk-button" type="submit">
          Save settings
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisation settings – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
