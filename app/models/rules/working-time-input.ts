// Reading shifts for the rules engine from JSON (the `npm run rules` command, and later imports):
// every problem is named by its position in the array, and nothing is evaluated until all is well.
import { z } from "zod";
import { nonexistentDateMessage } from "../local-time";
import type { WorkPeriod } from "./working-time-rules";

// ISO 8601 with an explicit offset or Z: a bare local time would be ambiguous across a clock change.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;

const instant = z.string({ invalid_type_error: "must be a string" }).transform((value, ctx) => {
  const parts = INSTANT.exec(value);
  if (!parts) {
    ctx.addIssue({
      code: "custom",
      message: "must be an ISO 8601 date-time with an offset, e.g. 2026-10-24T20:00:00+01:00",
    });
    return z.NEVER;
  }
  // Date.parse rolls 31 April over to 1 May and reads 24:00 as the next midnight: check first.
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = parts;
  const missingDate = nonexistentDateMessage(Number(year), Number(month), Number(day));
  if (missingDate) {
    ctx.addIssue({ code: "custom", message: `is not a real date: ${missingDate.slice(0, -1)}` });
    return z.NEVER;
  }
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
    ctx.addIssue({
      code: "custom",
      message: `is not a real time: ${hour}:${minute}${second ? `:${second}` : ""} does not exist (times run from 00:00 to 23:59)`,
    });
    return z.NEVER;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time) || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) {
    ctx.addIssue({ code: "custom", message: "is not a real date and time" });
    return z.NEVER;
  }
  return new Date(time);
});

const ShiftSchema = z.object({
  start: instant,
  end: instant,
  onCall: z.boolean({ invalid_type_error: "must be true or false" }).optional(),
  breakMinutes: z.number({ invalid_type_error: "must be a number" }).int().min(0).optional(),
});

export type ParsedShifts = { ok: true; shifts: WorkPeriod[] } | { ok: false; problems: string[] };

export function parseShiftsJson(text: string): ParsedShifts {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The file is not valid JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(data))
    return { ok: false, problems: ["The file must hold a JSON array of shifts."] };
  const problems: string[] = [];
  const shifts: WorkPeriod[] = [];
  data.forEach((item, index) => {
    const result = ShiftSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.length ? `"${issue.path.join(".")}" ` : "";
        problems.push(`Shift ${index}: ${field}${issue.message}.`);
      }
      return;
    }
    const { start, end, onCall, breakMinutes } = result.data;
    if (end.getTime() <= start.getTime()) {
      problems.push(`Shift ${index}: "end" must be after "start".`);
      return;
    }
    shifts.push({ start, end, onCall, breakMinutes });
  });
  return problems.length ? { ok: false, problems } : { ok: true, shifts };
}
