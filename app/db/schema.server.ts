// The whole database schema in one place. drizzle-kit reads this file to generate the SQL
// migrations in drizzle/; never edit a migration once it has landed, add a new one.
import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
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
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
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
    createdAt: createdAt(),
  },
  (t) => [
    index("leave_team_dates_idx").on(t.teamId, t.startDate),
    index("leave_user_idx").on(t.userId),
  ],
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
