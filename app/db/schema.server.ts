// The whole database schema in one place. drizzle-kit reads this file to generate the SQL
// migrations in drizzle/; never edit a migration once it has landed, add a new one.
import { relations, sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/** Instants are stored as milliseconds since the epoch (UTC), so comparisons are numeric. */
const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () => instant("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);
const id = () => text("id").primaryKey();

export const organisations = sqliteTable("organisations", {
  id: id(),
  name: text("name").notNull(),
  /** Sign a session out after this long without a request (default 12 h). */
  sessionIdleMinutes: integer("session_idle_minutes").notNull().default(720),
  /** Sign a session out this long after sign-in, however active (default 14 days). */
  sessionAbsoluteMinutes: integer("session_absolute_minutes").notNull().default(20160),
  /** Shift threads' messages are purged this many days after the shift ends (default 30). */
  retentionShiftDays: integer("retention_shift_days").notNull().default(30),
  /** Channels', direct messages' and groups' messages: this many days after posting (default 90). */
  retentionOtherDays: integer("retention_other_days").notNull().default(90),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Lower-cased and trimmed; unique across the installation so sign-in needs no organisation. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isOrgAdmin: integer("is_org_admin", { mode: "boolean" }).notNull().default(false),
    deactivatedAt: instant("deactivated_at"),
    /**
     * SHA-256 of the secret in the person's calendar feed address; null while the feed is off.
     * Regenerating replaces it, so the old address stops working at once.
     */
    calendarTokenHash: text("calendar_token_hash"),
    /** When the person last opened My shifts: later changes to their shifts are highlighted. */
    shiftsSeenAt: instant("shifts_seen_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_calendar_token_unique").on(t.calendarTokenHash),
    index("users_org_idx").on(t.organisationId),
  ],
);

export const teams = sqliteTable(
  "teams",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    /** IANA zone: shifts are stored in UTC and shown in this zone. */
    timeZone: text("time_zone").notNull().default("Europe/London"),
    /** The working-time rules the team's rota is checked against; null checks none. */
    ruleSet: text("rule_set", { enum: ["tcs2016", "wtr"] }),
    /** Minutes between re-alerts of an urgent message nobody acknowledged (issue 13; at least 2). */
    urgentRepeatMinutes: integer("urgent_repeat_minutes").notNull().default(5),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_org_name_unique").on(t.organisationId, t.name)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ["manager", "staff"] }).notNull(),
    /** Grade or staff group, e.g. "Band 5 RN", "HCA", "FY1", "Registrar". */
    grade: text("grade").notNull(),
    /** JSON array of skill names, e.g. ["IV", "Paeds"]. */
    skills: text("skills", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    clinical: integer("clinical", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_team_user_unique").on(t.teamId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** SHA-256 of the token in the link; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    /** Null for an organisation administrator invited to no team. */
    teamId: text("team_id").references(() => teams.id),
    role: text("role", { enum: ["manager", "staff"] }),
    grade: text("grade"),
    skills: text("skills", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    clinical: integer("clinical", { mode: "boolean" }).notNull().default(true),
    asOrgAdmin: integer("as_org_admin", { mode: "boolean" }).notNull().default(false),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    acceptedUserId: text("accepted_user_id").references(() => users.id),
    revokedAt: instant("revoked_at"),
  },
  (t) => [
    uniqueIndex("invitations_token_unique").on(t.tokenHash),
    index("invitations_team_idx").on(t.teamId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 (hex) of the cookie token: a stolen database yields no usable session. */
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: instant("last_seen_at").notNull(),
    /** The absolute end; the idle end is lastSeenAt + the organisation's idle minutes. */
    expiresAt: instant("expires_at").notNull(),
    userAgent: text("user_agent").notNull().default(""),
    ipAddress: text("ip_address").notNull().default(""),
    /** What the person calls this device ("My phone"); null shows the browser and system. */
    deviceName: text("device_name"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * A single-use link that lets a person who forgot their password set a new one. A team's manager
 * or an administrator makes it and passes it on, as with invitations; only the token's SHA-256
 * is kept. Making a new link for a person withdraws any earlier one still unused.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Whose password the link resets. */
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the token in the link; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull(),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    /** Set when a newer link replaces this one, or the person changes their password themselves. */
    revokedAt: instant("revoked_at"),
  },
  (t) => [
    uniqueIndex("password_resets_token_unique").on(t.tokenHash),
    index("password_resets_user_idx").on(t.userId),
  ],
);

export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: instant("at").notNull(),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
  },
  (t) => [
    index("sign_in_attempts_email_at_idx").on(t.email, t.at),
    index("sign_in_attempts_ip_at_idx").on(t.ipAddress, t.at),
  ],
);

/**
 * Append-only: triggers in the migration refuse UPDATE and DELETE, and each row carries the
 * hash of the row before it so that an edit made behind the triggers' back is detectable.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: instant("at").notNull(),
    organisationId: text("organisation_id"),
    actorUserId: text("actor_user_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ipAddress: text("ip_address"),
    /** JSON object with the event's details: never passwords, tokens or patient data. */
    detail: text("detail").notNull().default("{}"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_org_at_idx").on(t.organisationId, t.at),
    index("audit_action_idx").on(t.action),
  ],
);

/**
 * A team's kinds of shift: "E" early 07:30-15:30, "N" night 20:00-08:00. Times are wall-clock in
 * the team's zone; an end at or before the start ends the next day.
 */
export const shiftTypes = sqliteTable(
  "shift_types",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    startLocal: text("start_local").notNull(),
    endLocal: text("end_local").notNull(),
    paidBreakMinutes: integer("paid_break_minutes").notNull().default(0),
    colour: text("colour").notNull(),
    /** Staffing needed on each shift of this type: [{ count: 2, qualification: "Band 5 RN" }]. */
    requirements: text("requirements", { mode: "json" })
      .$type<{ count: number; qualification: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Retired types keep their past shifts but are offered for no new ones. */
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("shift_types_team_code_unique").on(t.teamId, t.code)],
);

/**
 * In-app notifications: "Rota published", "You were added to Ward 7". Push (a later feature)
 * delivers the same events to phones. Never patient information: these are about the rota.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    /** A path inside Baton to open, e.g. "/team/abc". */
    link: text("link"),
    createdAt: createdAt(),
    readAt: instant("read_at"),
  },
  (t) => [index("notifications_user_created_idx").on(t.userId, t.createdAt)],
);

/**
 * Leave: annual and study leave requested by the person, sickness recorded by a manager. Dates
 * are local calendar dates ("YYYY-MM-DD", end inclusive): leave is taken in days, not instants.
 */
export const leaveRequests = sqliteTable(
  "leave_requests",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["annual", "study", "sick", "other"] }).notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    status: text("status", { enum: ["requested", "approved", "declined", "cancelled"] }).notNull(),
    note: text("note").notNull().default(""),
    requestedByUserId: text("requested_by_user_id")
      .notNull()
      .references(() => users.id),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    decidedAt: instant("decided_at"),
    /** Why a manager declined: shown to the person (TEXT_LIMITS.leaveDecisionReason). */
    decisionReason: text("decision_reason").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index("leave_team_dates_idx").on(t.teamId, t.startDate),
    index("leave_user_idx").on(t.userId),
  ],
);

/**
 * A stretch of the rota (typically four or six weeks of local dates, both ends inclusive). A
 * draft is seen only by the team's managers; once published, everyone in the team sees it and
 * every later change is recorded in shift_changes and told to the people it affects.
 */
export const rotaPeriods = sqliteTable(
  "rota_periods",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    publishedAt: instant("published_at"),
    publishedByUserId: text("published_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("rota_periods_team_start_idx").on(t.teamId, t.startDate)],
);

/**
 * A person's recurring pattern in a team: either a recurrence rule (RFC 5545 RRULE) of one shift
 * type from a start date, or a rotating rota of weekly lines of shift codes that the person
 * enters at `startLine`. Applying patterns to a draft period turns them into shifts.
 */
export const rotaPatterns = sqliteTable(
  "rota_patterns",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["recurrence", "lines"] }).notNull(),
    /** For a recurrence: the shift type it repeats, the RRULE and its first local date. */
    shiftTypeId: text("shift_type_id").references(() => shiftTypes.id),
    rule: text("rule"),
    startDate: text("start_date"),
    /** For rota lines: weeks of seven shift codes (Monday first, null for a day off). */
    lines: text("lines", { mode: "json" }).$type<(string | null)[][]>(),
    cycleStart: text("cycle_start"),
    startLine: integer("start_line"),
    /** A stopped pattern is applied to no new period; the shifts it made stay. */
    stoppedAt: instant("stopped_at"),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("rota_patterns_team_idx").on(t.teamId, t.userId)],
);

/**
 * One person's shift: a shift type on a local date, stored as UTC instants so that hours are real
 * across clock changes. A shift made from a pattern remembers the occurrence it came from
 * (pattern and date), so re-applying the pattern skips it even after it was moved or removed.
 * Removed shifts are kept (removed_at) for that reason and for the change history.
 */
export const shifts = sqliteTable(
  "shifts",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    rotaPeriodId: text("rota_period_id")
      .notNull()
      .references(() => rotaPeriods.id),
    shiftTypeId: text("shift_type_id")
      .notNull()
      .references(() => shiftTypes.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** The local date the shift starts on, "YYYY-MM-DD" in the team's zone. */
    date: text("date").notNull(),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    patternId: text("pattern_id").references(() => rotaPatterns.id),
    patternDate: text("pattern_date"),
    removedAt: instant("removed_at"),
    createdAt: createdAt(),
    /** The last change people were told of (after publishing): drives "changed since you looked". */
    updatedAt: instant("updated_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("shifts_pattern_occurrence_unique").on(t.patternId, t.patternDate),
    index("shifts_team_date_idx").on(t.teamId, t.date),
    index("shifts_user_starts_idx").on(t.userId, t.startsAt),
    index("shifts_period_idx").on(t.rotaPeriodId),
  ],
);

/** Every change to a published rota: who changed what, when, and for whom. */
export const shiftChanges = sqliteTable(
  "shift_changes",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    rotaPeriodId: text("rota_period_id")
      .notNull()
      .references(() => rotaPeriods.id),
    shiftId: text("shift_id")
      .notNull()
      .references(() => shifts.id),
    /** The person whose shift it is (for a reassignment, each side gets a row). */
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["added", "changed", "removed"] }).notNull(),
    summary: text("summary").notNull(),
    byUserId: text("by_user_id")
      .notNull()
      .references(() => users.id),
    at: instant("at").notNull(),
  },
  (t) => [
    index("shift_changes_period_at_idx").on(t.rotaPeriodId, t.at),
    index("shift_changes_user_at_idx").on(t.userId, t.at),
  ],
);

/**
 * The event log: an append-only outbox of what happened, one row per change, written in the same
 * write transaction as the change (DESIGN.md, "Real time"). The sequence is the stream's event id:
 * readers resume with "seq greater than the last one seen", which is safe because SQLite's single
 * writer commits sequences in order. Rows carry ids only, never message text. A trigger in the
 * migration refuses UPDATE; retention deletes the oldest rows.
 */
export const events = sqliteTable("events", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  at: instant("at").notNull(),
  /** Who may see it: the members of a conversation, a team, or one person. */
  audienceType: text("audience_type", { enum: ["conversation", "team", "user"] }).notNull(),
  audienceId: text("audience_id").notNull(),
  /** What happened, e.g. "message.created", "rota.shift-changed". */
  kind: text("kind").notNull(),
  /** JSON object of ids (and small codes), e.g. {"messageId": "..."}: never content. */
  ids: text("ids").notNull().default("{}"),
  // No index beyond the sequence: the hub, a resuming stream and retention all read by it.
});

/**
 * A conversation: a shift thread (one per team, shift type and local date: the ward's night on
 * Tue 3 Dec), a team channel (one per team), a direct conversation (one per pair of people) or a
 * named group. Shift thread and team channel members are computed from the rota and the team at
 * query time (docs/decisions/016); direct and group members are rows in conversation_members.
 * Shift threads and team channels are made on first use.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind", { enum: ["shift", "team", "direct", "group"] }).notNull(),
    /** Shift threads and team channels: the team. */
    teamId: text("team_id").references(() => teams.id),
    /** Shift threads: the shift type and the local date ("YYYY-MM-DD") of the occurrence. */
    shiftTypeId: text("shift_type_id").references(() => shiftTypes.id),
    date: text("date"),
    /** Direct conversations: the two user ids, sorted, joined by ":" (one conversation per pair). */
    directKey: text("direct_key"),
    /** Groups: the name its creator gave it. */
    name: text("name"),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    /** The newest message's time: the Messages list orders by it. */
    lastMessageAt: instant("last_message_at"),
  },
  (t) => [
    uniqueIndex("conversations_shift_unique")
      .on(t.teamId, t.shiftTypeId, t.date)
      .where(sql`kind = 'shift'`),
    uniqueIndex("conversations_team_channel_unique").on(t.teamId).where(sql`kind = 'team'`),
    uniqueIndex("conversations_direct_unique").on(t.directKey),
    index("conversations_team_date_idx").on(t.teamId, t.date),
  ],
);

/** The people in a direct conversation or group. Shift threads and team channels have no rows. */
export const conversationMembers = sqliteTable(
  "conversation_members",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    addedByUserId: text("added_by_user_id")
      .notNull()
      .references(() => users.id),
    addedAt: instant("added_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index("conversation_members_user_idx").on(t.userId),
  ],
);

/**
 * A message. The sender's browser gives each message a client id: a retry with the same id in
 * the same conversation finds the stored message instead of making a second (unique index).
 */
export const messages = sqliteTable(
  "messages",
  {
    /** Time-ordered, so (created_at, id) is a stable cursor. */
    id: id(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    senderUserId: text("sender_user_id")
      .notNull()
      .references(() => users.id),
    clientId: text("client_id").notNull(),
    body: text("body").notNull(),
    /** The message this one replies to, in the same conversation. */
    replyToMessageId: text("reply_to_message_id").references((): AnySQLiteColumn => messages.id),
    /** Every member on shift at the time must acknowledge it (urgent_acknowledgements). */
    urgent: integer("urgent", { mode: "boolean" }).notNull().default(false),
    createdAt: instant("created_at").notNull(),
    /** When the sender last changed the text (within 15 minutes of sending); null if never. */
    editedAt: instant("edited_at"),
    /**
     * When the message was deleted, and by whom (its sender or a manager). The row stays, with
     * `body` blanked to '', so that replies, read positions and acknowledgements still point at
     * it and the page can say "Message deleted" (docs/decisions/025).
     */
    deletedAt: instant("deleted_at"),
    deletedByUserId: text("deleted_by_user_id").references(() => users.id),
    /**
     * Retention purged it (body blanked at this instant; the row stays for read positions,
     * replies and acknowledgements). `purgedAfterDays` is the setting that applied, for
     * "Removed after 30 days".
     */
    purgedAt: instant("purged_at"),
    purgedAfterDays: integer("purged_after_days"),
  },
  (t) => [
    uniqueIndex("messages_client_unique").on(t.conversationId, t.senderUserId, t.clientId),
    index("messages_conversation_created_idx").on(t.conversationId, t.createdAt, t.id),
    // The purge walks only what it has still to purge, oldest first: the index shrinks as
    // messages go, so an hourly run reads the messages not yet purged and nothing else.
    index("messages_unpurged_idx").on(t.createdAt, t.id).where(sql`purged_at IS NULL`),
    // The compliance export of one person's messages (a subject access request) over a range.
    index("messages_sender_created_idx").on(t.senderUserId, t.createdAt),
    // The thread page asks for the messages deleted lately, to blank the copies a phone holds.
    index("messages_conversation_deleted_idx")
      .on(t.conversationId, t.deletedAt)
      .where(sql`deleted_at IS NOT NULL`),
  ],
);

/**
 * A message pinned to the top of its conversation by one of its members: at most five per
 * conversation (checked in the same write transaction as the pin). Deleting a message unpins it.
 */
export const messagePins = sqliteTable(
  "message_pins",
  {
    messageId: text("message_id")
      .primaryKey()
      .references(() => messages.id),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    pinnedByUserId: text("pinned_by_user_id")
      .notNull()
      .references(() => users.id),
    pinnedAt: instant("pinned_at").notNull(),
  },
  (t) => [index("message_pins_conversation_idx").on(t.conversationId, t.pinnedAt)],
);

/**
 * The full-text index's key for each message with text: the FTS5 table `messages_fts` (made by
 * hand in the migration, with the triggers on `messages` that keep both in step) uses
 * `search_id` as its rowid. Messages have a text primary key, and VACUUM may renumber the hidden
 * rowid of such a table, so the index cannot key on it (docs/decisions/025). Only the triggers
 * write here.
 */
export const messageSearchRows = sqliteTable("message_search_rows", {
  searchId: integer("search_id").primaryKey(),
  messageId: text("message_id").notNull().unique(),
});

/**
 * A photo or PDF attached to a message (docs/decisions/026). The files themselves live on disk
 * under the data directory (app/messaging/attachments/storage.server.ts), never in the database;
 * these rows hold only their random names and what the page needs to show them. Images are the
 * server's re-encoding (no metadata), never the bytes that were uploaded; nothing the sender's
 * phone called the file is kept. Removing a message's files removes these rows (in the same
 * transaction) and then the files.
 */
export const messageAttachments = sqliteTable(
  "message_attachments",
  {
    /** Random (newId): the only thing about the file that appears in a URL. */
    id: id(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    /** Order within the message, from 0. */
    position: integer("position").notNull(),
    kind: text("kind", { enum: ["image", "pdf"] }).notNull(),
    /** Random file name (32 hex digits and an extension) under the attachments directory. */
    storedName: text("stored_name").notNull(),
    /** Images only: the thumbnail's random file name. */
    thumbnailName: text("thumbnail_name"),
    /** image/jpeg, image/png or application/pdf: what the stored file is. */
    contentType: text("content_type").notNull(),
    /** Bytes of the stored file. */
    size: integer("size").notNull(),
    /** Images only: pixels of the stored image and of its thumbnail. */
    width: integer("width"),
    height: integer("height"),
    thumbnailWidth: integer("thumbnail_width"),
    thumbnailHeight: integer("thumbnail_height"),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [
    index("message_attachments_message_idx").on(t.messageId, t.position),
    index("message_attachments_conversation_idx").on(t.conversationId),
  ],
);

/** The members a message @mentions (each was told through a notification). */
export const messageMentions = sqliteTable(
  "message_mentions",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.userId] }),
    index("message_mentions_user_idx").on(t.userId),
  ],
);

/**
 * "Read up to here": one row per person and conversation, holding the newest message they have
 * read. Every earlier message counts as read, so a receipt is one row, not one per message.
 */
export const conversationReads = sqliteTable(
  "conversation_reads",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** The newest message read, and its created_at: the (created_at, id) position read up to. */
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    messageCreatedAt: instant("message_created_at").notNull(),
    readAt: instant("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
);

/**
 * Who must acknowledge an urgent message: the members on shift when it was sent, fixed then.
 * acknowledged_at stays null until they tap.
 */
export const urgentAcknowledgements = sqliteTable(
  "urgent_acknowledgements",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    acknowledgedAt: instant("acknowledged_at"),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.userId] }),
    index("urgent_acknowledgements_user_idx").on(t.userId, t.acknowledgedAt),
  ],
);

/**
 * A team's rules for swaps and open shifts (one row per team, made when a manager first saves
 * them; a team without a row uses the defaults). The grade order runs from lowest to highest.
 */
export const teamSwapSettings = sqliteTable("team_swap_settings", {
  teamId: text("team_id")
    .primaryKey()
    .references(() => teams.id),
  /** Grades from lowest to highest, e.g. ["Band 2 HCA", "Band 5 RN", "Band 6 RN"]. */
  gradeOrder: text("grade_order", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  /** Someone at or above a requirement's grade in the order may take a shift that needs it. */
  higherGradeCovers: integer("higher_grade_covers", { mode: "boolean" }).notNull().default(false),
  /** Approve an accepted request at once when it adds no breach and leaves cover no worse. */
  autoApprove: integer("auto_approve", { mode: "boolean" }).notNull().default(false),
  /** Claims of an open shift wait for a manager to choose, instead of first claim wins. */
  claimsWaitForManager: integer("claims_wait_for_manager", { mode: "boolean" })
    .notNull()
    .default(false),
  /** Requests close this many minutes before the first shift they touch starts. */
  cutoffMinutes: integer("cutoff_minutes").notNull().default(120),
  updatedByUserId: text("updated_by_user_id").references(() => users.id),
  updatedAt: instant("updated_at"),
});

/**
 * A shift the team needs someone for: a shift type on a local date, with its instants computed
 * when posted (decision 008), optionally needing a grade. Posted by a manager, from a coverage
 * gap, or from a shift given back. Filled by one conditional write (docs/decisions/019).
 */
export const openShifts = sqliteTable(
  "open_shifts",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    shiftTypeId: text("shift_type_id")
      .notNull()
      .references(() => shiftTypes.id),
    date: text("date").notNull(),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    /** "Band 6": only people meeting it (or above it, if the team allows) may claim. */
    requiredGrade: text("required_grade"),
    state: text("state", { enum: ["open", "filled", "withdrawn"] }).notNull(),
    postedByUserId: text("posted_by_user_id")
      .notNull()
      .references(() => users.id),
    /** The shift a manager gave back to the team as this open shift. */
    fromShiftId: text("from_shift_id").references(() => shifts.id),
    filledByUserId: text("filled_by_user_id").references(() => users.id),
    /** The shift made for whoever filled it. */
    filledShiftId: text("filled_shift_id").references(() => shifts.id),
    filledAt: instant("filled_at"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("open_shifts_team_state_date_idx").on(t.teamId, t.state, t.date)],
);

/**
 * A swap (my shift for a colleague's), a give-away (my shift to a colleague, or to anyone
 * eligible while colleague_user_id is null) or a pick-up (a claim of an open shift that waits
 * for a manager). The snapshot holds what was checked when it was made (each touched shift's
 * person, instants and updated_at, each person's grade); applying re-checks it (decision 019).
 */
export const swapRequests = sqliteTable(
  "swap_requests",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    kind: text("kind", { enum: ["swap", "give-away", "pick-up"] }).notNull(),
    requesterUserId: text("requester_user_id")
      .notNull()
      .references(() => users.id),
    /** The requester's shift (swap, give-away); null for a pick-up. */
    requesterShiftId: text("requester_shift_id").references(() => shifts.id),
    /** The named colleague, or whoever took an offer to anyone eligible; null until then. */
    colleagueUserId: text("colleague_user_id").references(() => users.id),
    /** The colleague's shift the requester would work instead (swap only). */
    colleagueShiftId: text("colleague_shift_id").references(() => shifts.id),
    /** The open shift claimed (pick-up only). */
    openShiftId: text("open_shift_id").references(() => openShifts.id),
    state: text("state", {
      enum: [
        "awaiting-colleague",
        "awaiting-manager",
        "approved",
        "colleague-declined",
        "manager-declined",
        "cancelled",
        "expired",
        "no-longer-valid",
      ],
    }).notNull(),
    /** Why it closed: the manager's reason, or what moved; shown to everyone in it. */
    reason: text("reason").notNull().default(""),
    snapshot: text("snapshot", { mode: "json" }).$type<SwapSnapshot>().notNull(),
    /** The first touched shift's start less the team's cut-off: after this, it expires. */
    expiresAt: instant("expires_at").notNull(),
    createdAt: createdAt(),
    acceptedAt: instant("accepted_at"),
    decidedAt: instant("decided_at"),
    /** The manager who approved or declined; null when approved automatically. */
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    index("swap_requests_team_state_idx").on(t.teamId, t.state),
    index("swap_requests_requester_idx").on(t.requesterUserId),
    index("swap_requests_colleague_idx").on(t.colleagueUserId),
    // One live request per shift offered, and one waiting claim per person per open shift.
    uniqueIndex("swap_requests_live_shift_unique")
      .on(t.requesterShiftId)
      .where(sql`state in ('awaiting-colleague', 'awaiting-manager')`),
    uniqueIndex("swap_requests_live_claim_unique")
      .on(t.openShiftId, t.requesterUserId)
      .where(sql`state in ('awaiting-colleague', 'awaiting-manager')`),
  ],
);

/**
 * Web push (issue 13): one row per browser that turned alerts on. The endpoint is the push
 * service's address for that browser (a capability: whoever has it and the keys can push to it).
 * `sessionId` is the session that subscribed: signing out of that device or revoking the session
 * removes the subscription; a session that merely expires leaves it (set null), so a phone whose
 * sign-in lapsed is still alerted and signs in again on the tap.
 */
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    endpoint: text("endpoint").notNull(),
    /** The browser's P-256 public key and auth secret (base64url), for RFC 8291 encryption. */
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** "Chrome on Android", from the user agent, to tell devices apart in Settings. */
    deviceName: text("device_name").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
    lastSuccessAt: instant("last_success_at"),
    lastFailureAt: instant("last_failure_at"),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_unique").on(t.endpoint),
    index("push_subscriptions_user_idx").on(t.userId),
    index("push_subscriptions_session_idx").on(t.sessionId),
  ],
);

/** What a person wants pushed (issue 13): the defaults when they never chose. */
export const pushPreferences = sqliteTable("push_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  /** "rota": the rota decides (off duty only urgent, direct and my decisions). */
  mode: text("mode", { enum: ["rota", "urgent-only", "everything"] }).notNull(),
  /** Open shifts I am eligible for (opt-in). */
  openShifts: integer("open_shifts", { mode: "boolean" }).notNull().default(false),
  updatedAt: instant("updated_at").notNull(),
});

/**
 * The push outbox: one row per alert per device, planned from the event log in the same
 * transaction that moves the planner's cursor (push_cursor), so a crash loses none and plans
 * none twice (unique source + subscription). The payload holds no message text and no patient
 * information: a title, a generic line and a path.
 */
export const pushDeliveries = sqliteTable(
  "push_deliveries",
  {
    id: id(),
    subscriptionId: text("subscription_id").references(() => pushSubscriptions.id, {
      onDelete: "set null",
    }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** "event:<seq>" or "escalation:<messageId>:<round>": what it announces. */
    source: text("source").notNull(),
    kind: text("kind").notNull(),
    /** The notification tag: alerts with the same one replace each other on the device. */
    tag: text("tag").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    path: text("path").notNull(),
    urgency: text("urgency", { enum: ["very-low", "low", "normal", "high"] }).notNull(),
    ttlSeconds: integer("ttl_seconds").notNull(),
    state: text("state", { enum: ["pending", "sent", "failed", "gone"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    createdAt: createdAt(),
    sentAt: instant("sent_at"),
  },
  (t) => [
    uniqueIndex("push_deliveries_source_unique").on(t.source, t.subscriptionId),
    index("push_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    index("push_deliveries_user_tag_idx").on(t.userId, t.tag, t.createdAt),
  ],
);

/** Every attempt to deliver a push: when, the push service's status code, and what it meant. */
export const pushAttempts = sqliteTable(
  "push_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => pushDeliveries.id, { onDelete: "cascade" }),
    at: instant("at").notNull(),
    /** The HTTP status from the push service, or null when it could not be reached. */
    statusCode: integer("status_code"),
    outcome: text("outcome", { enum: ["sent", "retry", "gone", "failed"] }).notNull(),
  },
  (t) => [index("push_attempts_delivery_idx").on(t.deliveryId)],
);

/**
 * Escalation rounds done for an urgent message (issue 13): rounds 1 to 3 re-alert those who have
 * not acknowledged it, round 4 tells the managers who has not. A row is written when the round
 * is planned, whether or not anyone had a device, so no round runs twice.
 */
export const urgentEscalations = sqliteTable(
  "urgent_escalations",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id),
    round: integer("round").notNull(),
    at: instant("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.round] })],
);

/** How far the push planner has read the event log (one row, name "planner"). */
export const pushCursor = sqliteTable("push_cursor", {
  name: text("name").primaryKey(),
  seq: integer("seq").notNull(),
});

/** What a swap request checked when it was made, compared again before it is applied. */
export type SwapSnapshot = {
  shifts: { id: string; userId: string; startsAt: number; endsAt: number; updatedAt: number }[];
  people: { userId: string; grade: string }[];
};

/** One field of a handover template: what the outgoing writer fills in for each patient. */
export type HandoverTemplateField = {
  /** Stable within the template: item values are stored under it. */
  key: string;
  label: string;
  kind: "short" | "long" | "choice" | "checkbox";
  required: boolean;
  /** For a choice: the options offered. */
  choices?: string[];
};

/** A copy of a template as it was when a handover started: template edits never reach it. */
export type HandoverTemplateSnapshot = {
  /** "ipass" or "sbar" for a preset, else the custom template's id. */
  id: string;
  name: string;
  fields: HandoverTemplateField[];
};

/**
 * A team's custom handover templates (SBAR and I-PASS are presets in code, not rows). Editing one
 * changes handovers started afterwards only: each handover keeps a snapshot of its template.
 */
export const handoverTemplates = sqliteTable(
  "handover_templates",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    name: text("name").notNull(),
    fields: text("fields", { mode: "json" }).$type<HandoverTemplateField[]>().notNull(),
    archivedAt: instant("archived_at"),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("handover_templates_team_idx").on(t.teamId)],
);

/** Which template a team's new handovers use; a team without a row uses the I-PASS preset. */
export const teamHandoverSettings = sqliteTable("team_handover_settings", {
  teamId: text("team_id")
    .primaryKey()
    .references(() => teams.id),
  /** "ipass", "sbar", or the id of one of the team's handover_templates. */
  templateId: text("template_id").notNull(),
  updatedByUserId: text("updated_by_user_id").references(() => users.id),
  updatedAt: instant("updated_at"),
});

/**
 * A handover: one team's shift change at one instant (docs/decisions/020). Who writes it and who
 * receives it is not stored: it is computed from the live rota each time (the outgoing and
 * incoming shifts at `at`). Open until the incoming lead accepts it; then locked, and
 * corrections are addenda.
 */
/** A handover's people when it was accepted: name, grade and shift code of each. */
export type HandoverPeople = {
  outgoing: { userId: string; name: string; grade: string; code: string }[];
  incoming: { userId: string; name: string; grade: string; code: string }[];
};

export const handovers = sqliteTable(
  "handovers",
  {
    id: id(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id),
    /** The shift change: the instant the incoming shifts start. */
    at: instant("at").notNull(),
    /** The local date of `at` in the team's zone, "YYYY-MM-DD". */
    date: text("date").notNull(),
    template: text("template", { mode: "json" }).$type<HandoverTemplateSnapshot>().notNull(),
    state: text("state", { enum: ["open", "accepted"] }).notNull(),
    /** The accepted handover whose open items and actions this one carried in when it started. */
    carriedFromHandoverId: text("carried_from_handover_id").references(
      (): AnySQLiteColumn => handovers.id,
    ),
    /** Null when Baton started it itself (to flag it overdue). */
    startedByUserId: text("started_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    /**
     * When the outgoing staff said it was ready to receive, and who (the incoming staff were told
     * then; once).
     */
    readyAt: instant("ready_at"),
    readyByUserId: text("ready_by_user_id").references(() => users.id),
    acceptedByUserId: text("accepted_by_user_id").references(() => users.id),
    acceptedAt: instant("accepted_at"),
    /**
     * Who handed over and who received, as the rota stood when it was accepted: the locked record
     * (its print and FHIR authors) keeps them whatever the rota does afterwards.
     */
    people: text("people", { mode: "json" }).$type<HandoverPeople>(),
    /** When the team's managers were told it was overdue (once). */
    overdueFlaggedAt: instant("overdue_flagged_at"),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("handovers_team_at_unique").on(t.teamId, t.at),
    index("handovers_team_state_at_idx").on(t.teamId, t.state, t.at),
  ],
);

/**
 * One patient (or location) in a handover. A carried item is a copy of an open item of the last
 * accepted handover, with where its chain started and how many handovers it has been carried;
 * it needs a decision (done, carried again, dropped with a reason) before acceptance.
 */
export const handoverItems = sqliteTable(
  "handover_items",
  {
    id: id(),
    handoverId: text("handover_id")
      .notNull()
      .references(() => handovers.id),
    ward: text("ward").notNull().default(""),
    bay: text("bay").notNull().default(""),
    bed: text("bed").notNull().default(""),
    /** Name or initials. */
    patient: text("patient").notNull(),
    /** Ten digits with a valid modulus-11 check digit, or null. */
    nhsNumber: text("nhs_number"),
    severity: text("severity", { enum: ["stable", "watcher", "unstable"] }).notNull(),
    /** The template's fields: key -> text (or "yes" for a ticked checkbox). */
    fields: text("fields", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** "If X then Y". */
    contingency: text("contingency").notNull().default(""),
    /** open: handed over (and carried to the next handover); resolved or dropped: not carried. */
    status: text("status", { enum: ["open", "resolved", "dropped"] }).notNull(),
    dropReason: text("drop_reason").notNull().default(""),
    carriedFromItemId: text("carried_from_item_id").references(
      (): AnySQLiteColumn => handoverItems.id,
    ),
    /** The handover where the chain began, and when (copied along the chain). */
    originHandoverId: text("origin_handover_id").references((): AnySQLiteColumn => handovers.id),
    originAt: instant("origin_at"),
    carryCount: integer("carry_count").notNull().default(0),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    decidedAt: instant("decided_at"),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("handover_items_handover_idx").on(t.handoverId)],
);

/** A job for the incoming shift: what, whose (one of the incoming staff), by when, done. */
export const handoverActions = sqliteTable(
  "handover_actions",
  {
    id: id(),
    handoverId: text("handover_id")
      .notNull()
      .references(() => handovers.id),
    itemId: text("item_id")
      .notNull()
      .references(() => handoverItems.id),
    what: text("what").notNull(),
    ownerUserId: text("owner_user_id").references(() => users.id),
    dueAt: instant("due_at"),
    status: text("status", { enum: ["open", "done", "dropped"] }).notNull(),
    dropReason: text("drop_reason").notNull().default(""),
    carriedFromActionId: text("carried_from_action_id").references(
      (): AnySQLiteColumn => handoverActions.id,
    ),
    originHandoverId: text("origin_handover_id").references((): AnySQLiteColumn => handovers.id),
    originAt: instant("origin_at"),
    carryCount: integer("carry_count").notNull().default(0),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    decidedAt: instant("decided_at"),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    index("handover_actions_handover_idx").on(t.handoverId),
    index("handover_actions_item_idx").on(t.itemId),
  ],
);

/** A receiver's synthesis of a watcher or unstable item: confirmed, with an optional note. */
export const handoverSyntheses = sqliteTable(
  "handover_syntheses",
  {
    itemId: text("item_id")
      .notNull()
      .references(() => handoverItems.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    handoverId: text("handover_id")
      .notNull()
      .references(() => handovers.id),
    note: text("note").notNull().default(""),
    confirmedAt: instant("confirmed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.userId] }),
    index("handover_syntheses_handover_idx").on(t.handoverId),
  ],
);

/** A receiver has read the handover. */
export const handoverReads = sqliteTable(
  "handover_reads",
  {
    handoverId: text("handover_id")
      .notNull()
      .references(() => handovers.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    readAt: instant("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.handoverId, t.userId] })],
);

/** A correction to an accepted (locked) handover: text with its author and time, never edited. */
export const handoverAddenda = sqliteTable(
  "handover_addenda",
  {
    id: id(),
    handoverId: text("handover_id")
      .notNull()
      .references(() => handovers.id),
    /** The item it corrects, or null for the handover as a whole. */
    itemId: text("item_id").references(() => handoverItems.id),
    authorUserId: text("author_user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("handover_addenda_handover_idx").on(t.handoverId)],
);

export const organisationsRelations = relations(organisations, ({ many }) => ({
  teams: many(teams),
  users: many(users),
}));
export const teamsRelations = relations(teams, ({ one, many }) => ({
  organisation: one(organisations, {
    fields: [teams.organisationId],
    references: [organisations.id],
  }),
  memberships: many(memberships),
}));
export const usersRelations = relations(users, ({ one, many }) => ({
  organisation: one(organisations, {
    fields: [users.organisationId],
    references: [organisations.id],
  }),
  memberships: many(memberships),
  sessions: many(sessions),
}));
export const membershipsRelations = relations(memberships, ({ one }) => ({
  team: one(teams, { fields: [memberships.teamId], references: [teams.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));
