import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { PersonSelectField, SelectField, TextField } from "./form-fields";

export type ShiftFormChoices = {
  people: { userId: string; name: string; grade: string }[];
  shiftTypes: { id: string; code: string; name: string; times: string }[];
  period: { startDate: string; endDate: string };
};

/** Person, date and shift type: the whole of a shift, for adding one or changing it. */
export function ShiftForm({
  choices,
  values,
  errorFor,
  submitLabel,
  children,
}: {
  choices: ShiftFormChoices;
  values: { userId?: string; date?: string; shiftTypeId?: string };
  errorFor: (field: string) => string | undefined;
  submitLabel: string;
  children?: ReactNode;
}) {
  return (
    <Form method="post" noValidate>
      {children}
      <PersonSelectField
        id="userId"
        label="Person"
        people={choices.people}
        defaultValue={values.userId}
        error={errorFor("userId")}
      />
      <TextField
        id="date"
        name="date"
        type="date"
        label="Date the shift starts"
        min={choices.period.startDate}
        max={choices.period.endDate}
        defaultValue={values.date ?? choices.period.startDate}
        error={errorFor("date")}
        required
      />
      <SelectField
        id="shiftTypeId"
        name="shiftTypeId"
        label="Shift"
        defaultValue={values.shiftTypeId ?? ""}
        error={errorFor("shiftTypeId")}
      >
        <option value="" disabled>
          Choose a shift
        </option>
        {choices.shiftTypes.map((t) => (
          <option key={t.id} value={t.id}>
            {t.code} {t.name}, {t.times}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="nhsuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}

/** The working-time breaches the shift makes as it stands now: shown, never blocking. */
export function BreachWarnings({ warnings }: { warnings: { rule: string; message: string }[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="nhsuk-warning-callout" role="status">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        Working-time rules
      </h2>
      <p>
        As it stands, this shift breaks{" "}
        {warnings.length === 1 ? "a rule" : `${warnings.length} rules`}:
      </p>
      <ul>
        {warnings.map((w) => (
          <li key={`${w.rule}-${w.message}`}>{w.message}</li>
        ))}
      </ul>
      <p>Change it if the rota allows; rules warn, they never block.</p>
    </div>
  );
}
