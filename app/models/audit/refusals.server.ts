import type { Actor } from "../accounts/permissions";
import { notFound } from "../errors";
import { recordAudit } from "./audit.server";

/**
 * Records a permission refusal in the audit log and returns the 404 to throw: the caller learns
 * nothing about whether the object exists, the administrators learn that somebody tried.
 */
export function refuse(
  actor: Actor,
  attempt: { attempted: string; targetType: string; targetId: string; ipAddress?: string },
): Response {
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: "permission.denied",
    targetType: attempt.targetType,
    targetId: attempt.targetId,
    ipAddress: attempt.ipAddress,
    detail: { attempted: attempt.attempted },
  });
  return notFound();
}
