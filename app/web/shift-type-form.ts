// The shift type form, shared by "new" and "edit": read it, check every field (so the page can
// show all the problems at once), and hand the model a ShiftTypeInput.

import { checkShiftType, type ShiftTypeInput } from "../models/rota/shift-type-rules";
import type { FormErrors } from "./forms";

export function readShiftTypeForm(
  form: FormData,
): { ok: true; input: ShiftTypeInput } | { ok: false; errors: FormErrors } {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const breakText = text("paidBreakMinutes").trim();
  const input: ShiftTypeInput = {
    code: text("code"),
    name: text("name"),
    startLocal: text("startLocal").trim(),
    endLocal: text("endLocal").trim(),
    paidBreakMinutes:
      breakText === "" ? 0 : /^\d+$/.test(breakText) ? Number(breakText) : Number.NaN,
    colour: text("colour"),
    requirements: text("requirements"),
  };
  const result = checkShiftType(input);
  return result.ok ? { ok: true, input } : { ok: false, errors: result.errors };
}
