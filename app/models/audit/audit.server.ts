// The append-only audit log. Each row's hash covers its own fields and the previous row's hash,
// so editing or removing a row (behind the database triggers' back) breaks the chain that
// `npm run audit:verify` checks.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { and, asc, desc, eq, gte, like, lt, or, type SQL } from "drizzle-orm";
import { type Db, getDb, writeTransaction } from "~/db/connection.server";
import { auditEvents, users } from "~/db/schema.server";

export type AuditAction =
  | "organisation.created"
  | "organisation.settings_changed"
  | "sign_in.succeeded"
  | "sign_in.failed"
  | "sign_in.locked"
  | "sign_out"
  | "session.revoked"
  | "sessions.revoked_all"
  | "password.changed"
  | "password.change_failed"
  | "password_reset.issued"
  | "password_reset.used"
  | "permission.denied"
  | "invitation.created"
  | "invitation.accepted"
  | "invitation.revoked"
  | "team.created"
  | "team.updated"
  | "membership.added"
  | "membership.changed"
  | "membership.removed"
  | "account.deactivated"
  | "account.reactivated"
  | "audit.exported"
  | "shift_type.created"
  | "shift_type.updated"
  | "shift_type.archived"
  | "shift_type.restored"
  | "leave.requested"
  | "leave.recorded"
  | "leave.approved"
  | "leave.declined"
  | "leave.cancelled"
  | "team.rule_set_changed"
  | "rota_period.created"
  | "rota_period.deleted"
  | "rota_period.published"
  | "rota.imported"
  | "rota.exported"
  | "rota_pattern.created"
  | "rota_pattern.stopped"
  | "rota_pattern.applied"
  | "shift.added"
  | "shift.changed"
  | "shift.removed"
  | "calendar_feed.enabled"
  | "calendar_feed.disabled"
  | "swap_settings.changed"
  | "swap.requested"
  | "swap.accepted"
  | "swap.declined"
  | "swap.cancelled"
  | "swap.approved"
  | "swap.refused"
  | "swap.expired"
  | "swap.invalidated"
  | "open_shift.posted"
  | "open_shift.claimed"
  | "open_shift.withdrawn"
  | "handover.started"
  | "handover.viewed"
  | "handover.printed"
  | "handover.exported"
  | "handover.ready"
  | "handover.accepted"
  | "handover.addendum_added"
  | "handover.overdue_flagged"
  | "handover_template.created"
  | "handover_template.updated"
  | "handover_template.chosen"
  | "push.subscribed"
  | "push.unsubscribed"
  | "message.deleted"
  | "messages.purged"
  | "messages.exported";

export type AuditInput = {
  organisationId: string | null;
  actorUserId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  ipAddress?: string;
  detail?: Record<string, unknown>;
  at?: Date;
};

export const GENESIS_HASH = "0".repeat(64);

type HashedFields = {
  seq: number;
  at: number;
  organisationId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ipAddress: string | null;
  detail: string;
  prevHash: string;
};

/** The hash of a row: SHA-256 over a fixed-order JSON array of every field but the hash. */
export function hashAuditRow(row: HashedFields): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.organisationId,
    row.actorUserId,
    row.action,
    row.targetType,
    row.targetId,
    row.ipAddress,
    row.detail,
    row.prevHash,
  ]);
  return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));
}

/**
 * Appends one event. Runs inside the caller's transaction when there is one (one connection per
 * process, and better-sqlite3 nests transactions as savepoints), so the event commits or rolls
 * back with the change it records.
 */
export function recordAudit(input: AuditInput): void {
  writeTransaction(() => {
    const last = getDb()
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1)
      .get();
    const fields: HashedFields = {
      seq: (last?.seq ?? 0) + 1,
      at: (input.at ?? new Date()).getTime(),
      organisationId: input.organisationId,
      actorUserId: input.actorUserId,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      ipAddress: input.ipAddress ?? null,
      detail: JSON.stringify(input.detail ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    getDb()
      .insert(auditEvents)
      .values({ ...fields, at: new Date(fields.at), hash: hashAuditRow(fields) })
      .run();
  });
}

export type AuditChainReport =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenAtSeq: number; reason: string };

/** Walks the whole log in order and reports the first row whose chain does not hold. */
export function verifyAuditChain(db: Db = getDb()): AuditChainReport {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  const statement = db.$client.prepare(
    "SELECT seq, at, organisation_id, actor_user_id, action, target_type, target_id, ip_address, detail, prev_hash, hash FROM audit_events ORDER BY seq",
  );
  for (const raw of statement.iterate() as Iterable<Record<string, unknown>>) {
    const row: HashedFields & { hash: string } = {
      seq: raw.seq as number,
      at: raw.at as number,
      organisationId: raw.organisation_id as string | null,
      actorUserId: raw.actor_user_id as string | null,
      action: raw.action as string,
      targetType: raw.target_type as string | null,
      targetId: raw.target_id as string | null,
      ipAddress: raw.ip_address as string | null,
      detail: raw.detail as string,
      prevHash: raw.prev_hash as string,
      hash: raw.hash as string,
    };
    rows++;
    if (row.seq !== expectedSeq) {
      return { ok: false, rows, brokenAtSeq: row.seq, reason: `row ${expectedSeq} is missing` };
    }
    if (row.prevHash !== prevHash) {
      return {
        ok: false,
        rows,
        brokenAtSeq: row.seq,
        reason: "it does not follow the row before it",
      };
    }
    if (hashAuditRow(row) !== row.hash) {
      return { ok: false, rows, brokenAtSeq: row.seq, reason: "its contents were changed" };
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  return { ok: true, rows, lastHash: prevHash };
}

export type AuditFilter = {
  organisationId: string;
  action?: string;
  actorUserId?: string;
  /** Free text matched against the target id and the details. */
  text?: string;
  from?: Date;
  to?: Date;
};

function auditWhere(filter: AuditFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(auditEvents.organisationId, filter.organisationId)];
  if (filter.action) conditions.push(like(auditEvents.action, `${filter.action}%`));
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.at, filter.to));
  if (filter.text) {
    const pattern = `%${filter.text}%`;
    conditions.push(or(like(auditEvents.targetId, pattern), like(auditEvents.detail, pattern)));
  }
  return and(...conditions);
}

/** The newest matching events, each with the name of the person who acted (if any). */
export function listAuditEvents(filter: AuditFilter, limit = 200) {
  return getDb()
    .select({ event: auditEvents, actorName: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(auditWhere(filter))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
    .all();
}

export function allAuditEvents(filter: AuditFilter) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(auditWhere(filter))
    .orderBy(asc(auditEvents.seq))
    .all();
}
