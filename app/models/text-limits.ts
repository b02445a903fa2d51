// The longest text Baton keeps in each stored field, in one place. Forms check these in their zod
// schemas so a person sees the message beside the field; the model functions that write the
// field check them again, so a CSV import, a script or a future caller cannot store more. Lengths
// are JavaScript string lengths (UTF-16 code units), which is what zod and `maxLength` count.
import { InputError } from "./errors";

export const TEXT_LIMITS = {
  /** RFC 5321 section 4.5.3.1.3 as corrected by erratum 1690: a path of 256 octets less the angle brackets. */
  email: 254,
  /** A full name with titles and double-barrelled surnames fits well within this; the grid shows it on a phone. */
  personName: 100,
  /** "Northgate and District Hospitals NHS Foundation Trust" is 55: NHS trust names run to about 90. */
  organisationName: 120,
  /** A ward or department name ("Ward 7 Acute Medical Unit"), shown as a heading. */
  teamName: 80,
  /** A grade or staff group ("Band 5 RN", "Specialty Registrar ST3"), shown in the grid beside every name. */
  grade: 60,
  /** All of a member's skills as typed ("IV, Paeds, Tracheostomy"): sent to every colleague's team page. */
  skills: 500,
  /** A shift type's name ("Long day"), shown in the legend and on every shift. */
  shiftTypeName: 40,
  /** A shift type's staffing as typed ("2 x Band 5 RN, 1 x HCA"): a few grades, each at most 60. */
  requirements: 500,
  /** The note on a leave request: a reason for the manager, not a document. */
  leaveNote: 200,
  /** A manager's reason for declining leave, which the person sees: a sentence or two. */
  leaveDecisionReason: 300,
  /** An RFC 5545 RRULE typed in full; the longest sensible one (every BY part) is under 200. */
  recurrenceRule: 300,
  /** Rota lines as typed: at most 52 lines of 7 short codes (rota-patterns' own limit), with room for spacing. */
  rotaLines: 4000,
  /** The audit log's search text and action filter, which an export records in its own audit row. */
  auditFilter: 200,
  /** A browser's User-Agent header kept with a session to name the device; longer ones are cut, not refused. */
  userAgent: 400,
  /** What a person calls one of their devices in Settings > Devices ("Ward 7 desk PC", "My phone"). */
  deviceName: 40,
  /** A message: room for a full handover-style paragraph or a list, not a document (issue 9). */
  messageBody: 4000,
  /** What a person types into message search: a few words, never stored (it is checked all the same). */
  searchQuery: 200,
  /** A group's name ("Bay 3 HCAs", "Night coordinators"), shown as a heading in the Messages list. */
  conversationName: 80,
  /** The id a browser gives a message so that a retry finds it: a UUID is 36; room for other forms. */
  messageClientId: 64,
  /** An event-log row's ids (JSON): a few ids of 16 to 26 characters; never content. */
  eventIds: 2000,
  /** Why a swap request closed: a manager's reason for declining, or what moved; a sentence or two. */
  swapReason: 300,
  /** A team's grade order as JSON: up to 30 grades of at most 60 characters, with quotes and commas. */
  swapGradeOrder: 2000,
  /** A swap request's snapshot (JSON): at most two shifts and two people, each a few ids and numbers. */
  swapSnapshot: 2000,
  /** A handover template's name ("Ward 7 night SBAR"), shown in the settings and on each handover. */
  handoverTemplateName: 60,
  /** A template field's label ("Mobility", "Lines and drains"), shown beside every item. */
  handoverFieldLabel: 60,
  /** A choice field's options as typed, comma-separated: up to 12 short options. */
  handoverFieldChoices: 500,
  /** Ward, bay or bed ("Ward 7", "Bay 3", "Side room 2"), shown on every item. */
  handoverPlace: 30,
  /** A patient's name or initials: initials are enough; a full name with titles fits. */
  handoverPatient: 100,
  /** A short template field: a line, not a paragraph. */
  handoverShortField: 200,
  /** A long template field (summary, situation): a paragraph; a 30-item handover stays printable. */
  handoverLongField: 1500,
  /** "If X then Y": a sentence or two. */
  handoverContingency: 600,
  /** An action ("Repeat lactate at 22:00"): one job. */
  handoverAction: 200,
  /** Why a carried item or action was dropped: a sentence. */
  handoverDropReason: 300,
  /** A receiver's note with their synthesis: a sentence or two. */
  handoverSynthesisNote: 500,
  /** A correction to a locked handover: a paragraph. */
  handoverAddendum: 1500,
  /** A push subscription's endpoint: push services' addresses run to a few hundred characters. */
  pushEndpoint: 2048,
  /** A push subscription's key or auth secret, base64url: 87 and 22 characters in practice. */
  pushKey: 200,
} as const;

export type LimitedText = keyof typeof TEXT_LIMITS;

/** "Skills must be 500 characters or fewer.": the one message for every overlong field. */
export function tooLongMessage(label: string, max: number): string {
  return `${label} must be ${max} characters or fewer.`;
}

/**
 * Throws an InputError naming `field` when `value` is longer than TEXT_LIMITS[limit]; for model
 * functions, so that every writer of a field checks it, whichever way the text arrived.
 */
export function checkLength(
  value: string,
  limit: LimitedText,
  { label, field }: { label: string; field?: string },
): void {
  const max = TEXT_LIMITS[limit];
  if (value.length > max) throw new InputError(tooLongMessage(label, max), field);
}
