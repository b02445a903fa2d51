// When retention purges a message: pure, no database. The windows are counted in whole local
// days in the conversation's zone (the team's; UK time for direct messages and groups), so a
// message posted at 09:00 goes at 09:00 thirty days later on the clock the ward reads, whether or
// not the clocks changed in between (docs/decisions/027).
import {
  addDays,
  type DateKey,
  instantAt,
  localParts,
  localTimeMinutes,
} from "~/models/local-time";

/**
 * The instant a shift type's occurrence on a local date ends: its end time on that date in the
 * zone, or on the next date when the end is at or before the start (a night, 20:00 to 08:00).
 *
 * @param date "YYYY-MM-DD", the local date the shift starts on.
 * @param startLocal, endLocal "HH:MM" wall-clock times.
 * @returns milliseconds since the epoch (UTC).
 * @throws Error when a time is not "HH:MM".
 */
export function shiftThreadEnd({
  date,
  startLocal,
  endLocal,
  zone,
}: {
  date: DateKey;
  startLocal: string;
  endLocal: string;
  zone: string;
}): number {
  const start = localTimeMinutes(startLocal);
  const end = localTimeMinutes(endLocal);
  if (start === null || end === null) throw new Error("A shift type's times must be HH:MM.");
  const endDate = end <= start ? addDays(date, 1) : date;
  return instantAt(endDate, Math.floor(end / 60), end % 60, zone);
}

/**
 * The latest instant whose retention window of `days` local days has run out at `now`: the same
 * wall-clock time `days` dates earlier in `zone`. Something that happened at or before it is
 * due for purging; anything later is kept. Across a clock change the window is 23 or 25 hours
 * longer or shorter than `days` × 24 hours, never a different wall-clock time.
 *
 * @returns milliseconds since the epoch (UTC).
 */
export function retentionCutoff({
  now,
  days,
  zone,
}: {
  now: Date | number;
  days: number;
  zone: string;
}): number {
  const ms = typeof now === "number" ? now : now.getTime();
  const wall = localParts(ms, zone);
  // Seconds and milliseconds carry over unchanged: zone offsets are whole minutes.
  return instantAt(addDays(wall.dateKey, -days), wall.hour, wall.minute, zone) + (ms % 60_000);
}

/**
 * Up to which instant a conversation's messages are due for purging at `now`, or null when none
 * are. A shift thread keeps everything until `shiftDays` after its shift ends, and then a
 * message posted after the shift (a late follow-up) still keeps its own `shiftDays` from
 * posting; other conversations keep each message `otherDays` from posting.
 *
 * @returns milliseconds since the epoch: purge messages created at or before it.
 */
export function purgeMessagesUpTo({
  now,
  zone,
  policy,
  shift,
}: {
  now: Date | number;
  zone: string;
  policy: { shiftDays: number; otherDays: number };
  /** For a shift thread: its occurrence (the shift type's times on its date). */
  shift: { date: DateKey; startLocal: string; endLocal: string } | null;
}): number | null {
  if (!shift) return retentionCutoff({ now, days: policy.otherDays, zone });
  const cutoff = retentionCutoff({ now, days: policy.shiftDays, zone });
  return shiftThreadEnd({ ...shift, zone }) <= cutoff ? cutoff : null;
}
