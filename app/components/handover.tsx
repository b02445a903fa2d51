// Pieces of the handover screens: the severity mark (high contrast, readable in black and white:
// it says its word, not only a colour) and the patient form used to add and to edit an item.
import { Form } from "@remix-run/react";
import type { HandoverTemplateField } from "~/models/handover/templates";
import { TEXT_LIMITS } from "~/models/text-limits";

type Severity = "stable" | "watcher" | "unstable";
const SEVERITY_WORDS: Record<Severity, string> = {
  unstable: "Unstable",
  watcher: "Watcher",
  stable: "Stable",
};

export function SeverityTag({ severity }: { severity: Severity }) {
  return (
    <span className={`baton-severity baton-severity--${severity}`}>{SEVERITY_WORDS[severity]}</span>
  );
}

/** "Bay 1, Bed 2", or the words the ward used ("Side room 1") when they are not numbers. */
export function placeOf(item: { ward: string; bay: string; bed: string }): string {
  const named = (word: string, value: string) =>
    /^\d+[A-Za-z]?$/.test(value) ? `${word} ${value}` : value;
  return [item.ward, item.bay && named("Bay", item.bay), item.bed && named("Bed", item.bed)]
    .filter(Boolean)
    .join(", ");
}

export type ItemValues = {
  ward: string;
  bay: string;
  bed: string;
  patient: string;
  nhsNumber: string | null;
  severity: Severity;
  contingency: string;
  fields: { key: string; value: string }[];
};

type Errors = { field?: string; message: string }[];

function errorFor(errors: Errors, field: string) {
  return errors.find((e) => e.field === field)?.message;
}

function Field({
  id,
  label,
  error,
  children,
  hint,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

/**
 * Add a patient (no `itemId`) or edit one. Ids are prefixed per form so that thirty items' forms
 * on one page stay distinct; the first fields are the ones a nurse fills at the bedside.
 */
export function ItemForm({
  templateFields,
  itemId = null,
  values,
  errors = [],
  prefix,
  submitLabel,
}: {
  templateFields: HandoverTemplateField[];
  itemId?: string | null;
  values?: ItemValues;
  errors?: Errors;
  prefix: string;
  submitLabel: string;
}) {
  const id = (name: string) => `${prefix}-${name}`;
  const severity = values?.severity ?? "stable";
  const fieldValue = (key: string) => values?.fields.find((f) => f.key === key)?.value ?? "";
  return (
    <Form method="post" className="baton-item-form" preventScrollReset>
      <input type="hidden" name="intent" value={itemId ? "update-item" : "add-item"} />
      {itemId ? <input type="hidden" name="itemId" value={itemId} /> : null}
      <div className="baton-item-form__place">
        <Field id={id("bay")} label="Bay" error={errorFor(errors, "bay")}>
          <input
            className="nhsuk-input"
            id={id("bay")}
            name="bay"
            defaultValue={values?.bay}
            maxLength={TEXT_LIMITS.handoverPlace}
          />
        </Field>
        <Field id={id("bed")} label="Bed" error={errorFor(errors, "bed")}>
          <input
            className="nhsuk-input"
            id={id("bed")}
            name="bed"
            defaultValue={values?.bed}
            maxLength={TEXT_LIMITS.handoverPlace}
          />
        </Field>
      </div>
      <Field
        id={id("patient")}
        label="Patient (initials or name)"
        error={errorFor(errors, "patient")}
      >
        <input
          className="nhsuk-input"
          id={id("patient")}
          name="patient"
          required
          autoComplete="off"
          defaultValue={values?.patient}
          maxLength={TEXT_LIMITS.handoverPatient}
        />
      </Field>
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          Illness severity
        </legend>
        <div className="nhsuk-radios nhsuk-radios--inline">
          {(["unstable", "watcher", "stable"] as const).map((s) => (
            <div className="nhsuk-radios__item" key={s}>
              <input
                className="nhsuk-radios__input"
                id={id(`severity-${s}`)}
                name="severity"
                type="radio"
                value={s}
                defaultChecked={severity === s}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={id(`severity-${s}`)}>
                {SEVERITY_WORDS[s]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      {templateFields.map((field) => {
        const name = `field-${field.key}`;
        const fid = id(name);
        const error = errorFor(errors, name);
        const label = `${field.label}${field.required ? "" : " (optional)"}`;
        if (field.kind === "checkbox")
          return (
            <div className="nhsuk-checkboxes__item" key={field.key}>
              <input
                className="nhsuk-checkboxes__input"
                id={fid}
                name={name}
                type="checkbox"
                value="yes"
                defaultChecked={fieldValue(field.key) === "yes"}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={fid}>
                {label}
              </label>
            </div>
          );
        return (
          <Field key={field.key} id={fid} label={label} error={error}>
            {field.kind === "long" ? (
              <textarea
                className="nhsuk-textarea"
                id={fid}
                name={name}
                rows={3}
                required={field.required}
                defaultValue={fieldValue(field.key)}
                maxLength={TEXT_LIMITS.handoverLongField}
              />
            ) : field.kind === "choice" ? (
              <select
                className="nhsuk-select"
                id={fid}
                name={name}
                defaultValue={fieldValue(field.key)}
              >
                <option value="">Not given</option>
                {field.choices?.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            ) : (
              <input
                className="nhsuk-input"
                id={fid}
                name={name}
                required={field.required}
                defaultValue={fieldValue(field.key)}
                maxLength={TEXT_LIMITS.handoverShortField}
              />
            )}
          </Field>
        );
      })}
      <Field
        id={id("contingency")}
        label="Contingency (optional)"
        hint="If this happens, then do that."
        error={errorFor(errors, "contingency")}
      >
        <textarea
          className="nhsuk-textarea"
          id={id("contingency")}
          name="contingency"
          rows={2}
          defaultValue={values?.contingency}
          maxLength={TEXT_LIMITS.handoverContingency}
        />
      </Field>
      <details className="baton-details">
        <summary>Ward and NHS number (optional)</summary>
        <Field id={id("ward")} label="Ward" error={errorFor(errors, "ward")}>
          <input
            className="nhsuk-input"
            id={id("ward")}
            name="ward"
            defaultValue={values?.ward}
            maxLength={TEXT_LIMITS.handoverPlace}
          />
        </Field>
        <Field
          id={id("nhsNumber")}
          label="NHS number"
          hint="10 digits. It is checked before it is saved."
          error={errorFor(errors, "nhsNumber")}
        >
          <input
            className="nhsuk-input nhsuk-input--width-10"
            id={id("nhsNumber")}
            name="nhsNumber"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={values?.nhsNumber ?? ""}
            maxLength={12}
          />
        </Field>
      </details>
      <button type="submit" className="nhsuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}
