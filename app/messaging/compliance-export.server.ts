// The compliance export (issue 14): an organisation administrator takes the messages of one
// conversation, or those one person sent, over a range of dates, as CSV or JSON, for a subject
// access request or an investigation. Only what retention has not purged has text: a purged
// message is listed with its marker and no text, because the text is gone. Every export is
// written to the audit log with what was asked for; the text itself never is.
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { conversations, messages, teams, users } from "~/db/schema.server";
import { type Actor, canAdministerOrganisation } from "~/models/accounts/permissions";
import { recordAudit } from "~/models/audit/audit.server";
import { toCsv } from "~/models/audit/audit-export";
import { refuse } from "~/models/audit/refusals.server";
import { InputError } from "~/models/errors";
import { addDays, type DateKey, daysBetween, instantAt, isDateKey } from "~/models/local-time";
import { formatDay } from "~/models/rota/shift-display";
import { shiftTypeNames } from "~/models/rota/shift-types.server";
import { attachmentsByMessage } from "./attachments/attachments.server";
import { EXPORT_LIST_LIMIT, EXPORT_MAX_DAYS, EXPORT_ZONE } from "./compliance-export";

export type ExportScope =
  | { kind: "conversation"; conversationId: string }
  | { kind: "person"; userId: string };
export type ExportFormat = "csv" | "json";
export type ExportRange = { from: DateKey; to: DateKey };

function requireAdministrator(actor: Actor, targetType: string, targetId: string, ip?: string) {
  if (!canAdministerOrganisation(actor))
    throw refuse(actor, { attempted: "messages.export", targetType, targetId, ipAddress: ip });
}

/**
 * Checks that the actor may use the compliance export (an organisation administrator).
 *
 * @throws Response 404, audited as a refusal, for anyone else.
 */
export function requireExportAccess({ actor, ipAddress }: { actor: Actor; ipAddress?: string }) {
  requireAdministrator(actor, "organisation", actor.organisationId, ipAddress);
}

/**
 * The instants a range of UK dates covers: from 00:00 on `from` to 00:00 after `to`.
 *
 * @throws InputError (fields `from`, `to`) for a date that is not "YYYY-MM-DD", a range that ends
 *   before it starts, or one longer than EXPORT_MAX_DAYS.
 */
export function exportWindow({ from, to }: ExportRange): { start: number; end: number } {
  if (!isDateKey(from)) throw new InputError("Enter the first day as a real date.", "from");
  if (!isDateKey(to)) throw new InputError("Enter the last day as a real date.", "to");
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw new InputError("The last day must be on or after the first day.", "to");
  if (days > EXPORT_MAX_DAYS)
    throw new InputError(`Choose at most ${EXPORT_MAX_DAYS} days at a time.`, "to");
  return {
    start: instantAt(from, 0, 0, EXPORT_ZONE),
    end: instantAt(addDays(to, 1), 0, 0, EXPORT_ZONE),
  };
}

type ConversationRow = typeof conversations.$inferSelect;

/** A conversation as an investigator names it, whoever they are: "Shift thread: Ward 7, N…". */
function describeConversations(rows: ConversationRow[]): Map<string, string> {
  const db = getDb();
  const teamIds = [...new Set(rows.flatMap((c) => (c.teamId ? [c.teamId] : [])))];
  const typeIds = [...new Set(rows.flatMap((c) => (c.shiftTypeId ? [c.shiftTypeId] : [])))];
  const personIds = [...new Set(rows.flatMap((c) => (c.directKey ?? "").split(":")))].filter(
    Boolean,
  );
  const teamName = new Map(
    teamIds.length
      ? db
          .select({ id: teams.id, name: teams.name })
          .from(teams)
          .where(inArray(teams.id, teamIds))
          .all()
          .map((t) => [t.id, t.name])
      : [],
  );
  const typeName = shiftTypeNames(typeIds);
  const personName = new Map(
    personIds.length
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, personIds))
          .all()
          .map((u) => [u.id, u.name])
      : [],
  );
  const team = (c: ConversationRow) => teamName.get(c.teamId ?? "") ?? "a team";
  return new Map(
    rows.map((c) => {
      if (c.kind === "shift")
        return [
          c.id,
          `Shift thread: ${team(c)}, ${typeName.get(c.shiftTypeId ?? "") ?? "shift"}, ${formatDay(c.date ?? "")} ${c.date?.slice(0, 4) ?? ""}`,
        ];
      if (c.kind === "team") return [c.id, `Team channel: ${team(c)}`];
      if (c.kind === "group") return [c.id, `Group: ${c.name ?? ""}`];
      const names = (c.directKey ?? "")
        .split(":")
        .map((id) => personName.get(id) ?? "someone")
        .sort((a, b) => a.localeCompare(b));
      return [c.id, `Direct message: ${names.join(" and ")}`];
    }),
  );
}

export type ExportChoices =
  | {
      kind: "conversations";
      /** Conversations with messages in the range, most recently active first. */
      conversations: { id: string; title: string; messages: number; removed: number }[];
      /** More conversations than EXPORT_LIST_LIMIT had messages: narrow the dates. */
      more: boolean;
    }
  | {
      kind: "person";
      person: { id: string; name: string; email: string } | null;
      messages: number;
      removed: number;
    };

/**
 * What the export page offers an administrator for a range of UK dates: with `email`, that
 * person's messages (their count); without, the conversations with messages in the range, each
 * with its count and how many retention removed. Names and counts only: never message text.
 *
 * @throws Response 404 (audited) for anyone but an administrator; InputError for a bad range.
 */
export function exportChoices({
  actor,
  range,
  email,
  ipAddress,
}: {
  actor: Actor;
  range: ExportRange;
  email?: string;
  ipAddress?: string;
}): ExportChoices {
  requireAdministrator(actor, "organisation", actor.organisationId, ipAddress);
  const { start, end } = exportWindow(range);
  const db = getDb();
  const inRange = and(
    gte(messages.createdAt, new Date(start)),
    lt(messages.createdAt, new Date(end)),
  );
  const counts = {
    messages: sql<number>`count(*)`,
    removed: sql<number>`count(${messages.purgedAt})`,
  };
  if (email !== undefined) {
    const person = db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(
        and(
          eq(users.organisationId, actor.organisationId),
          eq(users.email, email.trim().toLowerCase()),
        ),
      )
      .get();
    if (!person) return { kind: "person", person: null, messages: 0, removed: 0 };
    const n = db
      .select(counts)
      .from(messages)
      .where(and(eq(messages.senderUserId, person.id), inRange))
      .get();
    return { kind: "person", person, messages: n?.messages ?? 0, removed: n?.removed ?? 0 };
  }
  const rows = db
    .select({ conversation: conversations, ...counts })
    .from(conversations)
    .innerJoin(messages, eq(messages.conversationId, conversations.id))
    .where(and(eq(conversations.organisationId, actor.organisationId), inRange))
    .groupBy(conversations.id)
    .orderBy(desc(sql`max(${messages.createdAt})`), asc(conversations.id))
    .limit(EXPORT_LIST_LIMIT + 1)
    .all();
  const shown = rows.slice(0, EXPORT_LIST_LIMIT);
  const titles = describeConversations(shown.map((r) => r.conversation));
  return {
    kind: "conversations",
    conversations: shown.map((r) => ({
      id: r.conversation.id,
      title: titles.get(r.conversation.id) ?? "",
      messages: r.messages,
      removed: r.removed,
    })),
    more: rows.length > EXPORT_LIST_LIMIT,
  };
}

export type ExportedMessage = {
  conversationId: string;
  conversation: string;
  messageId: string;
  /** ISO 8601, UTC. */
  sentAt: string;
  authorId: string;
  authorName: string;
  authorEmail: string;
  /** "" when retention purged it. */
  text: string;
  urgent: boolean;
  replyToMessageId: string | null;
  /** ISO 8601, UTC: when retention removed the text; null while kept. */
  purgedAt: string | null;
  purgedAfterDays: number | null;
  /** ISO 8601, UTC: when its sender last changed the text; null if never. */
  editedAt: string | null;
  /** ISO 8601, UTC: when it was deleted (its text is then ""), and by whom; null if not. */
  deletedAt: string | null;
  deletedByUserId: string | null;
  /** Its photos and files still held: id, type and bytes (the files themselves are not in it). */
  attachments: { id: string; contentType: string; size: number }[];
};

export type ComplianceExport = {
  filename: string;
  contentType: string;
  body: string;
  messages: number;
};

/**
 * The messages of a conversation, or those a person sent, created within a range of UK dates,
 * oldest first, as a CSV (formula-safe, RFC 4180, through the audit export's `toCsv`) or JSON
 * download. Audited as `messages.exported` with the scope, range, format and count.
 *
 * @throws Response 404 (audited) for anyone but an administrator, and for a conversation or
 *   person outside the administrator's organisation (or none); InputError for a bad range.
 */
export function exportMessages({
  actor,
  scope,
  range,
  format,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  scope: ExportScope;
  range: ExportRange;
  format: ExportFormat;
  now?: Date;
  ipAddress?: string;
}): ComplianceExport {
  const [targetType, targetId] =
    scope.kind === "conversation"
      ? (["conversation", scope.conversationId] as const)
      : (["user", scope.userId] as const);
  requireAdministrator(actor, targetType, targetId, ipAddress);
  const { start, end } = exportWindow(range);
  const db = getDb();
  const found =
    scope.kind === "conversation"
      ? db
          .select({ id: conversations.id })
          .from(conversations)
          .where(
            and(
              eq(conversations.id, scope.conversationId),
              eq(conversations.organisationId, actor.organisationId),
            ),
          )
          .get()
      : db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.id, scope.userId), eq(users.organisationId, actor.organisationId)))
          .get();
  if (!found)
    throw refuse(actor, { attempted: "messages.export", targetType, targetId, ipAddress });
  const rows = db
    .select({ message: messages, conversation: conversations, author: users })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(
      and(
        scope.kind === "conversation"
          ? eq(messages.conversationId, scope.conversationId)
          : eq(messages.senderUserId, scope.userId),
        eq(conversations.organisationId, actor.organisationId),
        gte(messages.createdAt, new Date(start)),
        lt(messages.createdAt, new Date(end)),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .all();
  const titles = describeConversations([
    ...new Map(rows.map((r) => [r.conversation.id, r.conversation])).values(),
  ]);
  const files = attachmentsByMessage(rows.map((r) => r.message.id));
  const exported: ExportedMessage[] = rows.map(({ message: m, conversation: c, author: a }) => ({
    conversationId: c.id,
    conversation: titles.get(c.id) ?? "",
    messageId: m.id,
    sentAt: m.createdAt.toISOString(),
    authorId: a.id,
    authorName: a.name,
    authorEmail: a.email,
    // Purging blanks the body already; this says so where it is read.
    text: m.purgedAt ? "" : m.body,
    urgent: m.urgent,
    replyToMessageId: m.replyToMessageId,
    purgedAt: m.purgedAt?.toISOString() ?? null,
    purgedAfterDays: m.purgedAfterDays,
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
    deletedByUserId: m.deletedByUserId,
    attachments: (files.get(m.id) ?? []).map((f) => ({
      id: f.id,
      contentType: f.contentType,
      size: f.size,
    })),
  }));
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: "messages.exported",
    targetType,
    targetId,
    ipAddress,
    at: now,
    detail: { format, from: range.from, to: range.to, messages: exported.length },
  });
  const stem = `baton-messages-${targetType === "user" ? "person" : "conversation"}-${range.from}-to-${range.to}`;
  if (format === "json") {
    return {
      filename: `${stem}.json`,
      contentType: "application/json; charset=utf-8",
      body: `${JSON.stringify(
        {
          exportedAt: now.toISOString(),
          exportedBy: { id: actor.userId, name: actor.name },
          scope,
          range: { ...range, zone: EXPORT_ZONE },
          messages: exported,
        },
        null,
        2,
      )}\n`,
      messages: exported.length,
    };
  }
  return {
    filename: `${stem}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: toCsv(
      [
        "conversation_id",
        "conversation",
        "message_id",
        "sent_at_utc",
        "author_id",
        "author_name",
        "author_email",
        "text",
        "urgent",
        "reply_to_message_id",
        "purged_at_utc",
        "purged_after_days",
        "edited_at_utc",
        "deleted_at_utc",
        "deleted_by_user_id",
        "attachments",
      ],
      exported.map((m) => [
        m.conversationId,
        m.conversation,
        m.messageId,
        m.sentAt,
        m.authorId,
        m.authorName,
        m.authorEmail,
        m.text,
        m.urgent ? "yes" : "no",
        m.replyToMessageId,
        m.purgedAt,
        m.purgedAfterDays,
        m.editedAt,
        m.deletedAt,
        m.deletedByUserId,
        // "id image/jpeg 123456 bytes; …": one cell, so the columns stay fixed.
        m.attachments.map((f) => `${f.id} ${f.contentType} ${f.size} bytes`).join("; "),
      ]),
    ),
    messages: exported.length,
  };
}
