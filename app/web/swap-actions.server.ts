// The forms that act on one swap request (accept, decline, cancel, approve, decline with a
// reason) and claim an open shift, shared by the Swaps page and a request's own page: one zod
// schema, one call to the model, and the answer in words. A refusal is a 4xx with the message
// (400 for a field, 409 when the request or shift has moved on), and nothing changes.
import { data } from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/models/accounts/permissions";
import { InputError } from "~/models/errors";
import { claimOpenShift } from "~/models/swaps/open-shifts.server";
import {
  acceptSwapRequest,
  approveSwapRequest,
  cancelSwapRequest,
  declineSwapRequest,
  refuseSwapRequest,
} from "~/models/swaps/swap-requests.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import type { FormErrors } from "./forms";
import { redirectWithToast } from "./toast.server";

const id = z.string().min(1).max(64);

export const SwapActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim"), openShiftId: id }),
  z.object({ intent: z.literal("accept"), requestId: id }),
  z.object({ intent: z.literal("decline"), requestId: id }),
  // Cancelling asks first: without `confirmed` the page shows the question.
  z.object({ intent: z.literal("cancel"), requestId: id, confirmed: z.literal("yes").optional() }),
  z.object({ intent: z.literal("approve"), requestId: id }),
  z.object({
    intent: z.literal("refuse"),
    requestId: id,
    reason: z
      .string()
      .trim()
      .min(1, "Say why you are declining it.")
      .max(TEXT_LIMITS.swapReason, tooLongMessage("The reason", TEXT_LIMITS.swapReason)),
  }),
]);
export type SwapAction = z.infer<typeof SwapActionSchema>;

/**
 * What happened, by the code of the change: the page redirects after every change (so a reload
 * does not send the form again) with this as its toast (docs/decisions/024), which a live
 * revalidation arriving with the change cannot wipe.
 */
export const SWAP_DONE = {
  claimed: "The shift is yours. It is on your Shifts page.",
  "claim-waiting": "Claimed. A manager will choose who gets it, and you will be told.",
  approved: "Approved. The rota has changed and both people have been told.",
  "accepted-approved": "Accepted and approved at once: the rota has changed.",
  accepted: "Accepted. It now waits for a manager to approve it.",
  declined: "Declined. The person who asked has been told.",
  cancelled: "Cancelled. Everyone it reached has been told.",
  refused: "Declined. Both people have been told why.",
  posted: "Open shift posted. Everyone eligible has been told.",
  "given-back":
    "The shift is back with the team as an open shift. Everyone eligible has been told.",
  withdrawn: "Open shift withdrawn. Anyone who claimed it has been told.",
  picked: "Chosen. The shift is on the rota, and the others who claimed it have been told.",
} as const satisfies Record<string, string>;
export type SwapDoneCode = keyof typeof SWAP_DONE;

/** The redirect after a swap change: to `path`, with the change's message as the toast. */
export function redirectAfterSwap(request: Request, path: string, code: SwapDoneCode): Response {
  return redirectWithToast(request, path, { kind: "success", message: SWAP_DONE[code] });
}

export type SwapActionAnswer = {
  errors: FormErrors;
  /** A code of SWAP_DONE after a change: the route redirects with it. */
  done: SwapDoneCode | null;
  /** The request whose cancellation waits for a yes. */
  confirmCancel: string | null;
  /** The request or open shift the answer is about, so the page shows it beside that item. */
  about: string | null;
};

/** A refusal: the message, 400 for a field's problem, 409 when things moved on; nothing changed. */
export function refused(errors: FormErrors, about: string | null = null, status = 400) {
  return data<SwapActionAnswer>({ errors, done: null, confirmCancel: null, about }, { status });
}

function answer(done: SwapDoneCode, about: string) {
  return { errors: [], done, confirmCancel: null, about } satisfies SwapActionAnswer;
}

/**
 * Carries out one parsed swap action for the actor. A model's InputError becomes a refusal (409
 * unless it names a field); the audited 404 of a request the actor may not see is rethrown.
 */
export function runSwapAction(action: SwapAction, actor: Actor, ipAddress?: string) {
  const about = action.intent === "claim" ? action.openShiftId : action.requestId;
  try {
    switch (action.intent) {
      case "claim": {
        const claimed = claimOpenShift({ actor, openShiftId: action.openShiftId, ipAddress });
        return answer(claimed.outcome === "assigned" ? "claimed" : "claim-waiting", about);
      }
      case "accept": {
        const result = acceptSwapRequest({ actor, requestId: action.requestId, ipAddress });
        if (result.state === "no-longer-valid")
          return refused(
            [{ message: `This request is no longer valid: ${result.reason ?? ""}`.trim() }],
            about,
            409,
          );
        return answer(result.state === "approved" ? "accepted-approved" : "accepted", about);
      }
      case "decline":
        declineSwapRequest({ actor, requestId: action.requestId, ipAddress });
        return answer("declined", about);
      case "cancel":
        if (action.confirmed !== "yes")
          return { errors: [], done: null, confirmCancel: action.requestId, about };
        cancelSwapRequest({ actor, requestId: action.requestId, ipAddress });
        return answer("cancelled", about);
      case "approve": {
        const result = approveSwapRequest({ actor, requestId: action.requestId, ipAddress });
        if (result.outcome === "no-longer-valid")
          return refused(
            [{ message: `Not approved: this request is no longer valid. ${result.reason}` }],
            about,
            409,
          );
        return answer("approved", about);
      }
      case "refuse":
        refuseSwapRequest({
          actor,
          requestId: action.requestId,
          reason: action.reason,
          ipAddress,
        });
        return answer("refused", about);
    }
  } catch (error) {
    if (error instanceof InputError)
      return refused(
        [{ field: error.field, message: error.message }],
        about,
        error.field ? 400 : 409,
      );
    throw error;
  }
}
