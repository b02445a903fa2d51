import { Form } from "@remix-run/react";
import { SHIFT_COLOURS } from "~/models/rota/shift-type-rules";
import { TEXT_LIMITS } from "~/models/text-limits";
import { type FormErrors, fieldError } from "~/web/forms";
import { ErrorSummary, SelectField, TextField } from "./form-fields";

export type ShiftTypeDefaults = {
  code: string;
  name: string;
  startLocal: string;
  endLocal: string;
  paidBreakMinutes: number;
  colour: string;
  requirements: string;
};

const COLOUR_NAMES: Record<keyof typeof SHIFT_COLOURS, string> = {
  blue: "Blue",
  darkBlue: "Dark blue",
  purple: "Purple",
  green: "Green",
  darkGreen: "Dark green",
  red: "Red",
  grey: "Grey",
  brown: "Brown",
};

/** The fields of a shift type; the same form creates one and edits one. */
export function ShiftTypeForm({
  defaults,
  errors,
  submitLabel,
}: {
  defaults: ShiftTypeDefaults;
  errors?: FormErrors;
  submitLabel: string;
}) {
  return (
    <>
      <ErrorSummary errors={errors ?? []} />
      <Form method="post" noValidate>
        <TextField
          id="code"
          name="code"
          label="Code"
          hint="1 to 4 letters or digits, as it shows on the rota: E, L, LD, N"
          defaultValue={defaults.code}
          error={fieldError(errors, "code")}
          autoCapitalize="characters"
          maxLength={4}
          required
        />
        <TextField
          id="name"
          name="name"
          label="Name"
          hint="For example Early, Long day, Night"
          maxLength={TEXT_LIMITS.shiftTypeName}
          defaultValue={defaults.name}
          error={fieldError(errors, "name")}
          required
        />
        <div className="baton-row">
          <TextField
            id="startLocal"
            name="startLocal"
            type="time"
            label="Starts"
            defaultValue={defaults.startLocal}
            error={fieldError(errors, "startLocal")}
            required
          />
          <TextField
            id="endLocal"
            name="endLocal"
            type="time"
            label="Ends"
            hint="Earlier than the start means the next day"
            defaultValue={defaults.endLocal}
            error={fieldError(errors, "endLocal")}
            required
          />
        </div>
        <TextField
          id="paidBreakMinutes"
          name="paidBreakMinutes"
          inputMode="numeric"
          label="Paid break (minutes)"
          defaultValue={String(defaults.paidBreakMinutes)}
          error={fieldError(errors, "paidBreakMinutes")}
        />
        <SelectField
          id="colour"
          name="colour"
          label="Colour on the rota"
          defaultValue={defaults.colour}
          error={fieldError(errors, "colour")}
        >
          {Object.keys(SHIFT_COLOURS).map((key) => (
            <option key={key} value={key}>
              {COLOUR_NAMES[key as keyof typeof SHIFT_COLOURS]}
            </option>
          ))}
        </SelectField>
        <TextField
          id="requirements"
          name="requirements"
          label="Staff needed on each shift (optional)"
          hint="Counts per grade or skill, separated by commas: 2 x Band 5 RN, 1 x HCA"
          maxLength={TEXT_LIMITS.requirements}
          defaultValue={defaults.requirements}
          error={fieldError(errors, "requirements")}
        />
        <button className="nhsuk-button" type="submit">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
