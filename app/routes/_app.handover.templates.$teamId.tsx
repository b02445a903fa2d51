import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import type { HandoverTemplateField } from "~/db/schema.server";
import {
  chooseHandoverTemplate,
  handoverTemplatesToManage,
  saveHandoverTemplate,
} from "~/models/handover/template-settings.server";
import { FIELD_KIND_LABELS, FIELD_KINDS, MAX_TEMPLATE_FIELDS } from "~/models/handover/templates";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { type FormErrors, fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const settings = handoverTemplatesToManage({
    actor,
    teamId: params.teamId!,
    ipAddress: context.clientAddress,
  });
  return { ...settings, saved: new URL(request.url).searchParams.has("saved") };
}

const Schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("choose"),
    templateId: z.string().min(1, "Choose a template.").max(64),
  }),
  z.object({
    intent: z.literal("save"),
    templateId: z.string().max(64).optional(),
    name: z
      .string()
      .max(
        TEXT_LIMITS.handoverTemplateName,
        tooLongMessage("The name", TEXT_LIMITS.handoverTemplateName),
      )
      .default(""),
  }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(Schema, form);
  // A refusal is a 400 with its messages; nothing changed.
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const teamId = params.teamId!;
  const ipAddress = context.clientAddress;
  try {
    if (parsed.data.intent === "choose") {
      chooseHandoverTemplate({ actor, teamId, templateId: parsed.data.templateId, ipAddress });
    } else {
      const fields = Array.from({ length: MAX_TEMPLATE_FIELDS }, (_, i) => {
        const n = i + 1;
        const value = (name: string) => {
          const v = form.get(`${name}-${n}`);
          return typeof v === "string" ? v : "";
        };
        return {
          label: value("label"),
          kind: value("kind") || "long",
          required: value("required") === "yes",
          choices: value("choices"),
        };
      });
      saveHandoverTemplate({
        actor,
        teamId,
        templateId: parsed.data.templateId || null,
        name: parsed.data.name,
        fields,
        ipAddress,
      });
    }
  } catch (error) {
    return data({ errors: inputErrors(error) }, { status: 400 });
  }
  throw redirect(`/handover/templates/${teamId}?saved`);
}

export default function HandoverTemplates() {
  const { team, inUse, templates, saved } = useLoaderData<typeof loader>();
  const answer = useKeptActionData<typeof action>();
  const errors: FormErrors = answer?.errors ?? [];
  const custom = templates.filter((t) => t.id !== "ipass" && t.id !== "sbar");
  return (
    <>
      <p>
        <Link to="/handover">Back to Handover</Link>
      </p>
      <h1 className="nhsuk-heading-l">
        Handover templates
        <span className="nhsuk-caption-l">{team.name}</span>
      </h1>
      <ErrorSummary errors={errors} />
      {saved && !answer ? (
        <div className="nhsuk-inset-text" role="status">
          <p>Saved. Handovers already started keep the template they started with.</p>
        </div>
      ) : null}
      <Form method="post" className="baton-card">
        <input type="hidden" name="intent" value="choose" />
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            New handovers use
          </legend>
          <div className="nhsuk-radios">
            {templates.map((t) => (
              <div className="nhsuk-radios__item" key={t.id}>
                <input
                  className="nhsuk-radios__input"
                  id={`use-${t.id}`}
                  name="templateId"
                  type="radio"
                  value={t.id}
                  defaultChecked={t.id === inUse}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`use-${t.id}`}>
                  {t.name}
                </label>
                <div className="nhsuk-hint nhsuk-radios__hint">
                  {t.fields.map((f) => f.label).join(", ")}; with illness severity, actions,
                  contingency and the receiver's synthesis.
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="nhsuk-button">
          Use this template
        </button>
      </Form>
      {custom.map((t) => (
        <details className="baton-card baton-details" key={t.id}>
          <summary>Edit {t.name}</summary>
          <TemplateForm templateId={t.id} name={t.name} fields={t.fields} errors={errors} />
        </details>
      ))}
      <details className="baton-card baton-details" open={errors.some((e) => e.field === "name")}>
        <summary>Make a template of your own</summary>
        <TemplateForm templateId={null} name="" fields={[]} errors={errors} />
      </details>
    </>
  );
}

function TemplateForm({
  templateId,
  name,
  fields,
  errors,
}: {
  templateId: string | null;
  name: string;
  fields: HandoverTemplateField[];
  errors: FormErrors;
}) {
  const prefix = templateId ?? "new";
  const rows = Math.min(MAX_TEMPLATE_FIELDS, Math.max(fields.length + 2, 4));
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      {templateId ? <input type="hidden" name="templateId" value={templateId} /> : null}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={`${prefix}-name`}>
          Name
        </label>
        {fieldError(errors, "name") ? (
          <span className="nhsuk-error-message">{fieldError(errors, "name")}</span>
        ) : null}
        <input
          className="nhsuk-input"
          id={`${prefix}-name`}
          name="name"
          defaultValue={name}
          maxLength={TEXT_LIMITS.handoverTemplateName}
        />
      </div>
      <p className="nhsuk-body-s">
        Every item also has illness severity, actions, a contingency and the receiver's synthesis.
        Leave a row's label blank to leave it out. Choices are separated by commas.
      </p>
      {Array.from({ length: rows }, (_, i) => {
        const n = i + 1;
        const field = fields[i];
        const id = (what: string) => `${prefix}-${what}-${n}`;
        return (
          <fieldset className="nhsuk-fieldset baton-template-row" key={n}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Field {n}</legend>
            <label className="nhsuk-label" htmlFor={id("label")}>
              Label
            </label>
            <input
              className="nhsuk-input"
              id={id("label")}
              name={`label-${n}`}
              defaultValue={field?.label}
              maxLength={TEXT_LIMITS.handoverFieldLabel}
            />
            <label className="nhsuk-label" htmlFor={id("kind")}>
              Kind
            </label>
            <select
              className="nhsuk-select"
              id={id("kind")}
              name={`kind-${n}`}
              defaultValue={field?.kind ?? "long"}
            >
              {FIELD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {FIELD_KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <label className="nhsuk-label" htmlFor={id("choices")}>
              Choices (for a choice)
            </label>
            <input
              className="nhsuk-input"
              id={id("choices")}
              name={`choices-${n}`}
              defaultValue={field?.choices?.join(", ")}
              maxLength={TEXT_LIMITS.handoverFieldChoices}
            />
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={id("required")}
                name={`required-${n}`}
                type="checkbox"
                value="yes"
                defaultChecked={field?.required}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id("required")}>
                Required
              </label>
            </div>
          </fieldset>
        );
      })}
      <button type="submit" className="nhsuk-button">
        Save template
      </button>
    </Form>
  );
}

export const meta: MetaFunction = () => [{ title: "Handover templates – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
