// Rules for a team's shift types that need no database: codes, times, breaks, colours and the
// staffing requirement a manager types as "2 x Band 5 RN, 1 x HCA".
import { isValidLocalTime } from "../local-time";
import { TEXT_LIMITS, tooLongMessage } from "../text-limits";

/** Colours for shift codes in the grid, each with white text at WCAG AA contrast (4.5:1 or more). */
export const SHIFT_COLOURS = {
  blue: "#005eb8",
  darkBlue: "#003087",
  purple: "#330072",
  green: "#007f3b",
  darkGreen: "#00401e",
  red: "#d5281b",
  grey: "#425563",
  brown: "#7a4b00",
} as const;
export type ShiftColour = keyof typeof SHIFT_COLOURS;

export function isShiftColour(value: string): value is ShiftColour {
  return Object.hasOwn(SHIFT_COLOURS, value);
}

export type Requirement = { count: number; qualification: string };

/**
 * Reads "2 x Band 5 RN, 1 x HCA" (also "2x", "2 ×", or a bare "HCA" for one). Returns the
 * requirements or the first problem in words a manager can act on.
 */
export function parseRequirements(
  text: string,
): { ok: true; requirements: Requirement[] } | { ok: false; message: string } {
  const requirements: Requirement[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const match = /^(\d+)\s*[x×*]\s*(.+)$/i.exec(part);
    const count = match ? Number(match[1]) : 1;
    const qualification = (match ? match[2]! : part).trim().replace(/\s+/g, " ");
    if (count < 1 || count > 50)
      return { ok: false, message: `"${part}": the number must be between 1 and 50.` };
    if (qualification.length > 60)
      return { ok: false, message: `"${part}": keep the grade or skill under 60 characters.` };
    const same = requirements.find(
      (r) => r.qualification.toLowerCase() === qualification.toLowerCase(),
    );
    if (same) same.count += count;
    else requirements.push({ count, qualification });
  }
  return { ok: true, requirements };
}

export function formatRequirements(requirements: Requirement[]): string {
  return requirements.map((r) => `${r.count} x ${r.qualification}`).join(", ");
}

/** Minutes from start to end on an ordinary day (no clock change); an end at or before the start is the next day. */
export function nominalMinutes(startLocal: string, endLocal: string): number {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const difference = toMinutes(endLocal) - toMinutes(startLocal);
  return difference > 0 ? difference : difference + 24 * 60;
}

export type ShiftTypeInput = {
  code: string;
  name: string;
  startLocal: string;
  endLocal: string;
  paidBreakMinutes: number;
  colour: string;
  requirements: string;
};

export type CheckedShiftType = Omit<ShiftTypeInput, "requirements" | "colour"> & {
  colour: ShiftColour;
  requirements: Requirement[];
};

/** Every problem with a shift type as typed, by field; or the cleaned-up values. */
export function checkShiftType(
  input: ShiftTypeInput,
):
  | { ok: true; value: CheckedShiftType }
  | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const code = input.code.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,4}$/.test(code))
    errors.push({
      field: "code",
      message: "Use a code of 1 to 4 letters or digits, for example E, LD or N.",
    });
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name.length < 2 || name.length > TEXT_LIMITS.shiftTypeName)
    errors.push({
      field: "name",
      message: `Enter a name of 2 to ${TEXT_LIMITS.shiftTypeName} characters, for example Long day.`,
    });
  if (!isValidLocalTime(input.startLocal))
    errors.push({
      field: "startLocal",
      message: "Enter the start time as HH:MM, for example 07:30.",
    });
  if (!isValidLocalTime(input.endLocal))
    errors.push({ field: "endLocal", message: "Enter the end time as HH:MM, for example 20:00." });
  const breakMinutes = input.paidBreakMinutes;
  if (!Number.isInteger(breakMinutes) || breakMinutes < 0 || breakMinutes > 180) {
    errors.push({
      field: "paidBreakMinutes",
      message: "Enter the paid break in whole minutes, from 0 to 180.",
    });
  } else if (
    isValidLocalTime(input.startLocal) &&
    isValidLocalTime(input.endLocal) &&
    breakMinutes >= nominalMinutes(input.startLocal, input.endLocal)
  ) {
    errors.push({
      field: "paidBreakMinutes",
      message: "The break must be shorter than the shift.",
    });
  }
  if (!isShiftColour(input.colour))
    errors.push({ field: "colour", message: "Choose a colour from the list." });
  const requirements =
    input.requirements.length > TEXT_LIMITS.requirements
      ? {
          ok: false as const,
          message: tooLongMessage("Staff needed on each shift", TEXT_LIMITS.requirements),
        }
      : parseRequirements(input.requirements);
  if (!requirements.ok) errors.push({ field: "requirements", message: requirements.message });
  if (errors.length || !requirements.ok || !isShiftColour(input.colour))
    return { ok: false, errors };
  return {
    ok: true,
    value: {
      code,
      name,
      startLocal: input.startLocal,
      endLocal: input.endLocal,
      paidBreakMinutes: breakMinutes,
      colour: input.colour,
      requirements: requirements.requirements,
    },
  };
}
