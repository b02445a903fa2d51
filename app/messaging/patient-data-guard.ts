// The patient-data guard (issue 9): a message holding an NHS number goes only to conversations
// whose members are all clinical staff. NHS messaging guidance (DOMAIN.md) names patient
// information sent to non-clinical staff as a risk seen in practice, and says the chat is not
// the clinical record. Pure: the caller passes the members as they are now.
import { containsNhsNumber } from "~/models/nhs-number";

export const PATIENT_DATA_REFUSAL =
  "This message has an NHS number in it, and not everyone in this conversation is clinical " +
  "staff, so it was not sent. Patient details belong in the handover or the patient record: " +
  "write them there, and send this without the number.";

/**
 * Why the message may not be sent here, or null when it may: a valid NHS number in a
 * conversation with at least one non-clinical member.
 */
export function patientDataProblem(
  body: string,
  members: readonly { clinical: boolean }[],
): string | null {
  if (members.every((m) => m.clinical)) return null;
  return containsNhsNumber(body) ? PATIENT_DATA_REFUSAL : null;
}
