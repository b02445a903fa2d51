// When something happened, as UK staff read it, in UK time. Lists format a date per row, and
// `toLocaleString` with options builds a new Intl.DateTimeFormat on every call (the notifications
// page spent a twentieth of its time there), so each style's formatter is made once.
const LONDON = "Europe/London";

const shortWhen = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

const fullWhen = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  dateStyle: "medium",
  timeStyle: "medium",
});

/** "Mon 30 Nov, 19:02": an instant (ISO string or Date) in UK time, to the minute. */
export function formatWhen(instant: string | Date): string {
  return shortWhen.format(new Date(instant));
}

/** "30 Nov 2026, 19:02:31": an instant in UK time, to the second (the audit log). */
export function formatWhenExactly(instant: string | Date): string {
  return fullWhen.format(new Date(instant));
}
