import { type ReactNode, useEffect, useRef } from "react";
import { MIN_PASSWORD_LENGTH } from "~/models/accounts/password-policy";

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | string[];
};

function errorText(error: FieldProps["error"]): string | undefined {
  return Array.isArray(error) ? error[0] : error;
}

function describedBy(id: string, hint?: string, error?: string) {
  return (
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

/** Label, hint and error message around a control, wired up with aria-describedby. */
function FieldShell({
  id,
  label,
  hint,
  message,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  message?: string;
  children: ReactNode;
}) {
  return (
    <div className={`nhsuk-form-group${message ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {message ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {message}
        </span>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  ...input
}: FieldProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, "id">) {
  const message = errorText(error);
  return (
    <FieldShell id={id} label={label} hint={hint} message={message}>
      <input
        className={`nhsuk-input${message ? " nhsuk-input--error" : ""}`}
        id={id}
        aria-describedby={describedBy(id, hint, message)}
        aria-invalid={message ? true : undefined}
        {...input}
      />
    </FieldShell>
  );
}

/** A new password: the policy in the hint, and the browser told to suggest a strong one. */
export function NewPasswordField({
  error,
  label = "Choose a password",
}: {
  error?: string;
  label?: string;
}) {
  return (
    <TextField
      id="password"
      name="password"
      type="password"
      label={label}
      hint={`At least ${MIN_PASSWORD_LENGTH} characters. Three or four unrelated words make a strong password that is easy to remember.`}
      error={error}
      autoComplete="new-password"
      required
    />
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  children,
  ...select
}: FieldProps & { children: ReactNode } & Omit<
    React.SelectHTMLAttributes<HTMLSelectElement>,
    "id"
  >) {
  const message = errorText(error);
  return (
    <FieldShell id={id} label={label} hint={hint} message={message}>
      <select
        className={`nhsuk-select${message ? " nhsuk-select--error" : ""}`}
        id={id}
        aria-describedby={describedBy(id, hint, message)}
        {...select}
      >
        {children}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({
  id,
  label,
  hint,
  ...input
}: Omit<FieldProps, "error"> & Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "type">) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            type="checkbox"
            aria-describedby={hint ? `${id}-hint` : undefined}
            {...input}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint ? (
            <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** The summary at the top of a form that failed: focusable, linking to each field in error. */
export function ErrorSummary({ errors }: { errors: { field?: string; message: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // It takes focus when it appears (the NHS.UK pattern), so it is in view and read out even when
  // the button that failed was at the foot of the page.
  const shown = errors.map((e) => e.message).join("\n");
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (errors.length === 0) return null;
  return (
    <div
      ref={ref}
      className="nhsuk-error-summary"
      aria-labelledby="error-summary-title"
      role="alert"
      tabIndex={-1}
    >
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((error) => (
            <li key={`${error.field ?? "form"}-${error.message}`}>
              {error.field ? <a href={`#${error.field}`}>{error.message}</a> : error.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Choosing one person of a team, by name (and grade, where it helps tell people apart). */
export function PersonSelectField({
  id,
  label,
  people,
  error,
  defaultValue = "",
}: {
  id: string;
  label: string;
  people: { userId: string; name: string; grade?: string }[];
  error?: string;
  defaultValue?: string;
}) {
  return (
    <SelectField id={id} name={id} label={label} defaultValue={defaultValue} error={error}>
      <option value="" disabled>
        Choose a person
      </option>
      {people.map((p) => (
        <option key={p.userId} value={p.userId}>
          {p.grade ? `${p.name} (${p.grade})` : p.name}
        </option>
      ))}
    </SelectField>
  );
}
