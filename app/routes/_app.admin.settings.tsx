import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmStep } from "~/components/confirm";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import { messagesDueUnder } from "~/messaging/retention.server";
import {
  getRetentionPolicy,
  getSessionPolicy,
  SESSION_LIMITS,
  updateRetentionPolicy,
  updateSessionPolicy,
} from "~/models/accounts/organisations.server";
import { RETENTION_LIMITS } from "~/models/accounts/retention-policy";
import { askFirst, isConfirmed } from "~/web/confirm";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const policy = getSessionPolicy({ actor, ipAddress: context.clientAddress });
  const retention = getRetentionPolicy({ actor, ipAddress: context.clientAddress });
  return {
    name: policy.name,
    idleHours: policy.idleMinutes / 60,
    absoluteDays: policy.absoluteMinutes / 1440,
    retention,
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

const days = (what: string, { min, max }: { min: number; max: number }) =>
  z.coerce
    .number({ message: `Enter ${what} in days.` })
    .int(`Enter ${what} as a whole number of days.`)
    .min(min, `${what[0]?.toUpperCase()}${what.slice(1)} must be at least ${min} days.`)
    .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} can be at most ${max} days.`);
const RetentionSchema = z.object({
  shiftDays: days("shift threads' retention", RETENTION_LIMITS.shiftDays),
  otherDays: days("other conversations' retention", RETENTION_LIMITS.otherDays),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  if (form.get("intent") === "retention") {
    // Administrators only (the audited 404 for anyone else), before anything they sent is read.
    const current = getRetentionPolicy({ actor, ipAddress: context.clientAddress });
    const parsed = parseForm(RetentionSchema, form);
    if (!parsed.ok) return { errors: parsed.errors, saved: null };
    // Shortening either window removes messages within the hour: that asks first, saying how
    // many (docs/decisions/024). Lengthening, or saving the same values, acts at once.
    const shortens =
      parsed.data.shiftDays < current.shiftDays || parsed.data.otherDays < current.otherDays;
    if (shortens && !isConfirmed(form)) {
      const removed = messagesDueUnder({
        organisationId: actor.organisationId,
        policy: parsed.data,
      });
      return {
        errors: [],
        saved: null,
        removed,
        ...askFirst("retention", {
          shiftDays: String(parsed.data.shiftDays),
          otherDays: String(parsed.data.otherDays),
        }),
      };
    }
    try {
      updateRetentionPolicy({ actor, ...parsed.data, ipAddress: context.clientAddress });
    } catch (error) {
      return { errors: inputErrors(error), saved: null };
    }
    return { errors: [], saved: "retention" as const };
  }
  const parsed = parseForm(PolicySchema, form);
  if (!parsed.ok) return { errors: parsed.errors, saved: null };
  try {
    updateSessionPolicy({
      actor,
      idleMinutes: Math.round(parsed.data.idleHours * 60),
      absoluteMinutes: Math.round(parsed.data.absoluteDays * 1440),
      ipAddress: context.clientAddress,
    });
  } catch (error) {
    return { errors: inputErrors(error), saved: null };
  }
  return { errors: [], saved: "sessions" as const };
}

export default function OrganisationSettings() {
  const { name, idleHours, absoluteDays, retention } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  const asking = actionData && "confirm" in actionData ? actionData.confirm : null;
  const shorten: Confirmation[] =
    asking && actionData && "removed" in actionData
      ? [
          {
            intent: "retention",
            fields: asking.fields,
            label: "Save retention",
            question: "Keep messages for less time?",
            consequence: (
              <p>
                Shift threads: {asking.fields.shiftDays} days after the shift ends. Other
                conversations: {asking.fields.otherDays} days after sending.{" "}
                {actionData.removed === 0
                  ? "No message is older than that yet; from now on messages are removed sooner."
                  : `${actionData.removed === 1 ? "1 message is" : `${actionData.removed.toLocaleString("en-GB")} messages are`} already older than that and will be removed within the hour, for good.`}
              </p>
            ),
            confirmLabel: "Yes, keep messages for less time",
          },
        ]
      : [];
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
            message:
              actionData.saved === "retention"
                ? "Saved. Messages past the new limits are removed within the hour."
                : "Saved. The new limits apply to every session from its next request.",
          }}
        />
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      <ConfirmStep asking={asking} confirmations={shorten} />
      <h2 className="nhsuk-heading-m">Sessions</h2>
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
      <h2 className="nhsuk-heading-m" id="retention">
        Message retention
      </h2>
      <p>
        Messages are not the clinical record. Their text and files are removed automatically after
        these times; who wrote in which conversation and when stays in the audit log.
      </p>
      <Form method="post" noValidate aria-labelledby="retention">
        <input type="hidden" name="intent" value="retention" />
        <TextField
          id="shiftDays"
          name="shiftDays"
          inputMode="numeric"
          label="Remove shift thread messages this many days after the shift ends"
          hint={`Default ${RETENTION_LIMITS.shiftDays.default} days; from ${RETENTION_LIMITS.shiftDays.min} to ${RETENTION_LIMITS.shiftDays.max}.`}
          defaultValue={String(retention.shiftDays)}
          error={fieldError(errors, "shiftDays")}
        />
        <TextField
          id="otherDays"
          name="otherDays"
          inputMode="numeric"
          label="Remove other messages (team channels, direct messages, groups) this many days after they are sent"
          hint={`Default ${RETENTION_LIMITS.otherDays.default} days; from ${RETENTION_LIMITS.otherDays.min} to ${RETENTION_LIMITS.otherDays.max}.`}
          defaultValue={String(retention.otherDays)}
          error={fieldError(errors, "otherDays")}
        />
        <button className="nhsuk-button" type="submit">
          Save retention
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisation settings – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
