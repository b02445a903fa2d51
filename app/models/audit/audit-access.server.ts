// Reading and exporting the audit log: administrators only, their own organisation only.

import { type Actor, canAdministerOrganisation } from "../accounts/permissions";
import { checkLength } from "../text-limits";
import { type AuditFilter, allAuditEvents, listAuditEvents, recordAudit } from "./audit.server";
import { toCsv } from "./audit-export";
import { refuse } from "./refusals.server";

export type AuditQuery = Omit<AuditFilter, "organisationId">;

function requireAdministrator(actor: Actor, attempted: string, ipAddress?: string) {
  if (!canAdministerOrganisation(actor)) {
    throw refuse(actor, {
      attempted,
      targetType: "audit_log",
      targetId: actor.organisationId,
      ipAddress,
    });
  }
}

/**
 * The organisation's audit events matching `query`, for its administrators (anyone else gets the
 * audited 404). `query: null` says the filter could not be used: access is still checked, and
 * nothing is read.
 */
export function readAuditLog({
  actor,
  query,
  ipAddress,
}: {
  actor: Actor;
  query: AuditQuery | null;
  ipAddress?: string;
}) {
  requireAdministrator(actor, "audit.view", ipAddress);
  if (!query) return [];
  return listAuditEvents({ ...query, organisationId: actor.organisationId });
}

export function exportAuditLog({
  actor,
  query,
  ipAddress,
}: {
  actor: Actor;
  query: AuditQuery;
  ipAddress?: string;
}): string {
  requireAdministrator(actor, "audit.export", ipAddress);
  // The query is kept in the export's own audit row below.
  checkLength(query.text ?? "", "auditFilter", { label: "Search text", field: "q" });
  checkLength(query.action ?? "", "auditFilter", { label: "Action", field: "action" });
  const rows = allAuditEvents({ ...query, organisationId: actor.organisationId });
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: "audit.exported",
    targetType: "audit_log",
    targetId: actor.organisationId,
    ipAddress,
    detail: { rows: rows.length, query },
  });
  return toCsv(
    [
      "seq",
      "at",
      "action",
      "actor_user_id",
      "target_type",
      "target_id",
      "ip_address",
      "detail",
      "prev_hash",
      "hash",
    ],
    rows.map((r) => [
      r.seq,
      r.at.toISOString(),
      r.action,
      r.actorUserId,
      r.targetType,
      r.targetId,
      r.ipAddress,
      r.detail,
      r.prevHash,
      r.hash,
    ]),
  );
}
