// Every stored text has a length limit (issue 6, part 6). Each form's action gets an overlong
// value in every text field, through the real route with a real session and database, and must
// answer with the field's message (or a 4xx) and write nothing. The form list is checked against
// the route files: a new action, or a new field in a form, fails here until it is listed.
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { sessions, signInAttempts, users } from "~/db/schema.server";
import { createGroup, openTeamChannel } from "~/messaging/conversations.server";
import { nameOwnDevice } from "~/models/accounts/devices.server";
import { invitePerson } from "~/models/accounts/invitations.server";
import { updateMembership } from "~/models/accounts/members.server";
import { createSession } from "~/models/accounts/sessions.server";
import { signIn } from "~/models/accounts/sign-in.server";
import { InputError } from "~/models/errors";
import { requestLeave } from "~/models/rota/leave.server";
import { createShiftType } from "~/models/rota/shift-types.server";
import { TEXT_LIMITS } from "~/models/text-limits";
import { createTwoWardTrust, signInAs } from "../support/factories";
import { callAction } from "../support/requests";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
type Trust = Awaited<ReturnType<typeof createTwoWardTrust>> & {
  cookies: Record<"admin" | "manager7" | "staff7", string>;
  shiftTypeId: string;
  invitationToken: string;
  /** Settings > Devices' key for the session behind cookies.staff7. */
  staffDeviceKey: string;
  /** A staff member's leave request waiting for the manager: what "decline leave" declines. */
  pendingLeaveId: string;
};

/** One form: who posts it where, valid values for its fields, and its stored text fields. */
type FormCase = {
  route: string;
  form: string;
  setup?: "empty-database";
  request: (t: Trust) => { path: string; params?: Record<string, string>; cookie?: string };
  valid: (t: Trust) => Record<string, string>;
  /** Each stored text field and the limit it must keep to. */
  text: Record<string, number>;
};

const FUTURE = "2099-06-01";

const FORMS: FormCase[] = [
  {
    route: "setup",
    form: "first-run setup",
    setup: "empty-database",
    request: () => ({ path: "/setup" }),
    valid: () => ({
      organisationName: "Northgate Trust",
      name: "Ada Admin",
      email: "ada@trust.example",
      password: "correct horse battery staple",
    }),
    text: {
      organisationName: TEXT_LIMITS.organisationName,
      name: TEXT_LIMITS.personName,
      email: TEXT_LIMITS.email,
    },
  },
  {
    route: "_app.settings.devices",
    form: "name a device",
    request: (t) => ({ path: "/settings/devices", cookie: t.cookies.staff7 }),
    valid: (t) => ({ intent: "name-device", key: t.staffDeviceKey, name: "My phone" }),
    text: { name: TEXT_LIMITS.deviceName },
  },
  {
    route: "login",
    form: "sign in",
    request: () => ({ path: "/login" }),
    valid: () => ({ email: "someone@trust.example", password: "not the password" }),
    text: { email: TEXT_LIMITS.email },
  },
  {
    route: "invite.$token",
    form: "accept an invitation",
    request: (t) => ({
      path: `/invite/${t.invitationToken}`,
      params: { token: t.invitationToken },
    }),
    valid: () => ({ name: "New Person", password: "correct horse battery staple" }),
    text: { name: TEXT_LIMITS.personName },
  },
  {
    route: "_app.team._index",
    form: "create a team",
    request: (t) => ({ path: "/team", cookie: t.cookies.admin }),
    valid: () => ({ name: "Ward 9", timeZone: "Europe/London" }),
    text: { name: TEXT_LIMITS.teamName },
  },
  {
    route: "_app.team.$teamId._index",
    form: "team details",
    request: (t) => ({
      path: `/team/${t.ward7.id}`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.admin,
    }),
    valid: () => ({ intent: "update-team", name: "Ward 7 East", timeZone: "Europe/London" }),
    text: { name: TEXT_LIMITS.teamName },
  },
  {
    route: "_app.team.$teamId.invite",
    form: "add a person",
    request: (t) => ({
      path: `/team/${t.ward7.id}/invite`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: () => ({
      email: "new.nurse@trust.example",
      role: "staff",
      grade: "Band 5 RN",
      skills: "IV, Paeds",
      clinical: "yes",
    }),
    text: { email: TEXT_LIMITS.email, grade: TEXT_LIMITS.grade, skills: TEXT_LIMITS.skills },
  },
  {
    route: "_app.team.$teamId.members.$membershipId",
    form: "change a member",
    request: (t) => ({
      path: `/team/${t.ward7.id}/members/${t.staff7.membershipId}`,
      params: { teamId: t.ward7.id, membershipId: t.staff7.membershipId },
      cookie: t.cookies.manager7,
    }),
    valid: () => ({ intent: "update", role: "staff", grade: "Band 6 RN", skills: "IV" }),
    text: { grade: TEXT_LIMITS.grade, skills: TEXT_LIMITS.skills },
  },
  {
    route: "_app.team.$teamId.leave",
    form: "request leave",
    request: (t) => ({
      path: `/team/${t.ward7.id}/leave`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.staff7,
    }),
    valid: () => ({
      intent: "request",
      kind: "annual",
      startDate: FUTURE,
      endDate: FUTURE,
      note: "Wedding",
    }),
    text: { note: TEXT_LIMITS.leaveNote },
  },
  {
    route: "_app.team.$teamId.leave",
    form: "decline leave",
    request: (t) => ({
      path: `/team/${t.ward7.id}/leave`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: (t) => ({
      intent: "decline",
      leaveId: t.pendingLeaveId,
      confirmed: "yes",
      reason: "Two others are already off that week.",
    }),
    text: { reason: TEXT_LIMITS.leaveDecisionReason },
  },
  {
    route: "_app.team.$teamId.patterns",
    form: "a weekly pattern",
    request: (t) => ({
      path: `/team/${t.ward7.id}/patterns`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: (t) => ({
      intent: "weekly",
      userId: t.staff7.id,
      shiftTypeId: t.shiftTypeId,
      startDate: "2027-01-04",
      rule: "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
    }),
    text: { rule: TEXT_LIMITS.recurrenceRule },
  },
  {
    route: "_app.team.$teamId.patterns",
    form: "rota lines",
    request: (t) => ({
      path: `/team/${t.ward7.id}/patterns`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: (t) => ({
      intent: "lines",
      lines: "E E E E E - -",
      cycleStart: "2027-01-04",
      userIds: t.staff7.id,
    }),
    text: { lines: TEXT_LIMITS.rotaLines },
  },
  ...(["new", "$shiftTypeId"] as const).map(
    (page): FormCase => ({
      route: `_app.team.$teamId.shift-types.${page}`,
      form: page === "new" ? "new shift type" : "change a shift type",
      request: (t) => ({
        path: `/team/${t.ward7.id}/shift-types/${page === "new" ? "new" : t.shiftTypeId}`,
        params: { teamId: t.ward7.id, shiftTypeId: t.shiftTypeId },
        cookie: t.cookies.manager7,
      }),
      valid: () => ({
        code: "LD",
        name: "Long day",
        startLocal: "07:30",
        endLocal: "20:00",
        paidBreakMinutes: "60",
        colour: "blue",
        requirements: "2 x Band 5 RN",
      }),
      // The code's own rule (1 to 4 letters or digits) is stricter than any length limit.
      text: { code: 4, name: TEXT_LIMITS.shiftTypeName, requirements: TEXT_LIMITS.requirements },
    }),
  ),
  {
    route: "_app.messages.$conversationId",
    form: "send a message",
    request: (t) => {
      const channel = openTeamChannel({ actor: signInAs(t.staff7.id).actor, teamId: t.ward7.id });
      return {
        path: `/messages/${channel.id}`,
        params: { conversationId: channel.id },
        cookie: t.cookies.staff7,
      };
    },
    valid: () => ({ intent: "send", clientId: "client-1", body: "Handover at 19:45" }),
    text: { body: TEXT_LIMITS.messageBody, clientId: TEXT_LIMITS.messageClientId },
  },
  {
    route: "_app.messages.$conversationId",
    form: "edit a message",
    // The text is checked before the message is looked up: any id shows the refusal.
    request: (t) => {
      const channel = openTeamChannel({ actor: signInAs(t.staff7.id).actor, teamId: t.ward7.id });
      return {
        path: `/messages/${channel.id}`,
        params: { conversationId: channel.id },
        cookie: t.cookies.staff7,
      };
    },
    valid: () => ({ intent: "edit", messageId: "m1", body: "Handover at 19:45" }),
    text: { body: TEXT_LIMITS.messageBody },
  },
  {
    route: "_app.messages.search",
    form: "search messages",
    request: (t) => ({ path: "/messages/search", cookie: t.cookies.staff7 }),
    valid: () => ({ q: "handover" }),
    text: { q: TEXT_LIMITS.searchQuery },
  },
  {
    route: "_app.messages.new",
    form: "new group",
    request: (t) => ({ path: "/messages/new", cookie: t.cookies.staff7 }),
    valid: (t) => ({ userIds: t.manager7.id, name: "Bay 3" }),
    text: { name: TEXT_LIMITS.conversationName },
  },
  ...(["_app.swaps._index", "_app.swaps.$requestId"] as const).map(
    (route): FormCase => ({
      route,
      form: route === "_app.swaps._index" ? "decline from the approval queue" : "decline a swap",
      // The reason is checked before the request is looked up: any id shows the refusal.
      request: (t) => ({
        path: route === "_app.swaps._index" ? "/swaps" : "/swaps/r1",
        params: { requestId: "r1" },
        cookie: t.cookies.manager7,
      }),
      valid: () => ({ intent: "refuse", requestId: "r1", reason: "We need you on the early" }),
      text: { reason: TEXT_LIMITS.swapReason },
    }),
  ),
  // Handover (issue 11): each form of a handover's page. Its fields are checked before the
  // handover is looked up, so a shift change with no handover shows the refusal.
  ...(
    [
      [
        "add a patient to a handover",
        {
          intent: "add-item",
          ward: "Ward 7",
          bay: "1",
          bed: "2",
          patient: "J.S.",
          severity: "stable",
          "field-summary": "Day 2 of IV antibiotics",
          contingency: "If febrile, cultures",
        },
        {
          ward: TEXT_LIMITS.handoverPlace,
          bay: TEXT_LIMITS.handoverPlace,
          bed: TEXT_LIMITS.handoverPlace,
          patient: TEXT_LIMITS.handoverPatient,
          contingency: TEXT_LIMITS.handoverContingency,
          "field-summary": TEXT_LIMITS.handoverLongField,
        },
      ],
      [
        "add an action to a handover item",
        { intent: "add-action", itemId: "i1", what: "Repeat lactate", due: "22:00" },
        { what: TEXT_LIMITS.handoverAction },
      ],
      [
        "drop a carried item",
        { intent: "decide-item", itemId: "i1", decision: "drop", reason: "Discharged" },
        { reason: TEXT_LIMITS.handoverDropReason },
      ],
      [
        "record a synthesis",
        { intent: "synthesis", itemId: "i1", note: "Watching MAP" },
        { note: TEXT_LIMITS.handoverSynthesisNote },
      ],
      [
        "add an addendum",
        { intent: "addendum", body: "Bed 3, not bed 2" },
        { body: TEXT_LIMITS.handoverAddendum },
      ],
    ] as const
  ).map(
    ([form, valid, text]): FormCase => ({
      route: "_app.handover.$teamId.$at",
      form,
      request: (t) => ({
        path: `/handover/${t.ward7.id}/20990601T1930Z`,
        params: { teamId: t.ward7.id, at: "20990601T1930Z" },
        cookie: t.cookies.manager7,
      }),
      valid: () => ({ ...valid }),
      text: { ...text },
    }),
  ),
  {
    route: "_app.handover.templates.$teamId",
    form: "save a handover template",
    request: (t) => ({
      path: `/handover/templates/${t.ward7.id}`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: () => ({
      intent: "save",
      name: "Night SBAR",
      "label-1": "Mobility",
      "kind-1": "choice",
      "choices-1": "Independent, Hoist",
    }),
    text: {
      name: TEXT_LIMITS.handoverTemplateName,
      "label-1": TEXT_LIMITS.handoverFieldLabel,
      "choices-1": TEXT_LIMITS.handoverFieldChoices,
    },
  },
  {
    route: "_app.team.$teamId.open-shifts.new",
    form: "post an open shift",
    request: (t) => ({
      path: `/team/${t.ward7.id}/open-shifts/new`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: (t) => ({
      intent: "post",
      shiftTypeId: t.shiftTypeId,
      date: FUTURE,
      requiredGrade: "Band 6",
    }),
    text: { requiredGrade: TEXT_LIMITS.grade },
  },
  {
    route: "_app.team.$teamId.shifts.$shiftId",
    form: "give a shift back as open",
    // The grade is read before the shift is looked up: an overlong one is refused either way.
    request: (t) => ({
      path: `/team/${t.ward7.id}/shifts/s1`,
      params: { teamId: t.ward7.id, shiftId: "s1" },
      cookie: t.cookies.manager7,
    }),
    valid: () => ({ intent: "give-back", confirmed: "yes", requiredGrade: "Band 6" }),
    text: { requiredGrade: TEXT_LIMITS.grade },
  },
  {
    route: "_app.team.$teamId.swap-settings",
    form: "swap settings",
    request: (t) => ({
      path: `/team/${t.ward7.id}/swap-settings`,
      params: { teamId: t.ward7.id },
      cookie: t.cookies.manager7,
    }),
    valid: () => ({ gradeOrder: "Band 5\nBand 6", cutoffMinutes: "120" }),
    // One grade a line: each line keeps to a grade's limit (the whole list to swapGradeOrder).
    text: { gradeOrder: TEXT_LIMITS.grade },
  },
  {
    route: "_app.messages.$conversationId_.people",
    form: "rename a group",
    request: (t) => {
      const group = createGroup({
        actor: signInAs(t.staff7.id).actor,
        name: "Bay 3",
        userIds: [t.manager7.id],
      });
      return {
        path: `/messages/${group.id}/people`,
        params: { conversationId: group.id },
        cookie: t.cookies.staff7,
      };
    },
    valid: () => ({ intent: "rename", name: "Bay 3 and 4" }),
    text: { name: TEXT_LIMITS.conversationName },
  },
  {
    route: "_app.admin.audit[.]csv",
    form: "audit export",
    request: (t) => ({ path: "/admin/audit.csv", cookie: t.cookies.admin }),
    valid: () => ({ action: "", q: "ward", from: "", to: "" }),
    text: { q: TEXT_LIMITS.auditFilter, action: TEXT_LIMITS.auditFilter },
  },
];

/**
 * Fields of the other forms that carry no free text to store: ids chosen from a list, dates,
 * numbers, choices, flags and files (the CSV import has its own size and row limits).
 */
const NOT_FREE_TEXT: Record<string, string[]> = {
  login: ["password", "next"],
  "invite.$token": ["username", "password"],
  setup: ["password"],
  "_app.admin.audit[.]csv": ["from", "to"],
  "_app.admin.settings": [
    "idleHours",
    "absoluteDays",
    "intent",
    "shiftDays",
    "otherDays",
    "confirmed",
  ],
  // The compliance export's download stores only its parameters in the audit log: a choice, an id
  // found in the organisation (or refused), dates checked as real dates, and a format.
  "_app.admin.message-export_.download": ["scope", "id", "from", "to", "format"],
  // files: photos and PDFs, limited in bytes (10 MB each, 4 a message) and stored re-encoded
  // under random names: nothing the sender typed or named is kept (docs/decisions/026).
  "_app.messages.$conversationId": [
    "intent",
    "urgent",
    "replyToMessageId",
    "messageId",
    "confirmed",
    "files",
  ],
  // The cursor of the page of results before: checked for its shape, never stored.
  "_app.messages.search": ["before"],
  "_app.messages.new": ["userIds", "q"],
  "_app.messages.$conversationId_.people": ["intent", "userIds"],
  "_app.notifications": [],
  // The claim button posts to the Swaps page's action.
  "_app.shifts": ["intent", "openShiftId"],
  "_app.swaps._index": ["intent", "openShiftId", "requestId", "confirmed"],
  "_app.swaps.$requestId": ["intent", "requestId", "confirmed"],
  "_app.swaps.new.$teamId.$shiftId": ["intent", "mode", "colleagueShiftId", "toUserId"],
  "_app.swaps.open.$openShiftId": ["intent", "requestId", "confirmed"],
  "_app.team.$teamId.open-shifts.new": ["intent", "shiftTypeId", "date"],
  "_app.team.$teamId.swap-settings": [
    "higherGradeCovers",
    "autoApprove",
    "claimsWaitForManager",
    "cutoffMinutes",
  ],
  "_app.settings.calendar": ["intent", "confirmed"],
  "_app.settings.devices": ["intent", "key", "turnOffCalendarFeed"],
  "_app.settings.password": ["username", "currentPassword", "password", "signOutOthers"],
  "reset.$token": ["username", "password"],
  "_app.team.$teamId.members.$membershipId_.password-reset": ["intent"],
  // Stored, but chosen from a list (mode) or a flag; the subscription id names a row.
  "_app.settings.notifications": ["intent", "mode", "openShifts", "subscriptionId"],
  "_app.team._index": ["timeZone"],
  "_app.team.$teamId._index": [
    "intent",
    "invitationId",
    "timeZone",
    "urgentRepeatMinutes",
    "confirmed",
  ],
  "_app.team.$teamId.invite": ["role", "clinical", "asOrgAdmin"],
  "_app.team.$teamId.members.$membershipId": ["intent", "role", "clinical", "confirmed"],
  "_app.team.$teamId.leave": [
    "intent",
    "kind",
    "startDate",
    "endDate",
    "leaveId",
    "userId",
    "confirmed",
  ],
  "_app.team.$teamId.patterns": [
    "intent",
    "userId",
    "shiftTypeId",
    "startDate",
    "days",
    "interval",
    "untilDate",
    "cycleStart",
    "userIds",
    "patternId",
    "confirmed",
  ],
  "_app.team.$teamId.rota._index": ["intent", "ruleSet", "grade", "period", "week"],
  "_app.team.$teamId.rota.new": ["startDate", "endDate"],
  // qualification is matched against the shift type's requirements; the open shift stores that.
  "_app.team.$teamId.rota.$periodId._index": [
    "intent",
    "confirmation",
    "shiftTypeId",
    "date",
    "qualification",
    "confirmed",
  ],
  "_app.team.$teamId.rota.$periodId.import": ["file"],
  "_app.team.$teamId.rota.$periodId.shifts.new": ["userId", "date", "shiftTypeId"],
  "_app.team.$teamId.shifts.$shiftId": ["intent", "userId", "date", "shiftTypeId", "confirmed"],
  "_app.team.$teamId.shift-types._index": ["intent", "shiftTypeId"],
  "_app.team.$teamId.shift-types.new": ["startLocal", "endLocal", "paidBreakMinutes", "colour"],
  "_app.team.$teamId.shift-types.$shiftTypeId": [
    "intent",
    "shiftTypeId",
    "startLocal",
    "endLocal",
    "paidBreakMinutes",
    "colour",
  ],
  logout: [],
  // The severity is one of three; the NHS number is checked as ten digits; ids and codes.
  "_app.handover.$teamId.$at": [
    "intent",
    "itemId",
    "actionId",
    "done",
    "decision",
    "ownerUserId",
    "confirmed",
    "severity",
    "nhsNumber",
    "due",
  ],
  "_app.handover.templates.$teamId": ["intent", "templateId"],
};

const routes = import.meta.glob<{ action?: Action }>("../../app/routes/*.tsx", { eager: true });
const routeName = (file: string) => path.basename(file, ".tsx");
const actionOf = (route: string) => {
  const entry = Object.entries(routes).find(([file]) => routeName(file) === route);
  if (!entry?.[1].action) throw new Error(`no action in route ${route}`);
  return entry[1].action;
};

/** Field names a route's page posts: name="..." in the route and the components it renders. */
function fieldNamesOf(route: string): Set<string> {
  const source = fs.readFileSync(path.resolve("app/routes", `${route}.tsx`), "utf8");
  // Page-specific components; form-fields is the generic field kit, handled below.
  const components = [...source.matchAll(/from "~\/components\/([\w-]+)"/g)]
    .filter((m) => m[1] !== "form-fields")
    .map((m) => {
      const file = path.resolve("app/components", `${m[1]}.tsx`);
      // Plain helpers (.ts) render no fields of their own.
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    });
  const names = new Set<string>();
  for (const text of [source, ...components]) {
    for (const m of text.matchAll(/\bname="(\w+)"/g)) names.add(m[1]!);
  }
  // Fields whose name lives inside a shared component rather than in the page's own markup.
  if (source.includes("ShiftForm")) names.add("userId");
  if (source.includes("<NewPasswordField")) names.add("password");
  return names;
}

/** Every row of every table but sessions (whose last-seen time may tick): what "nothing written" means. */
function snapshot(): string {
  const client = getDb().$client;
  const tables = client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name <> 'sessions' ORDER BY name",
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, client.prepare(`SELECT * FROM "${name}"`).all()]),
  );
}

let trust: Trust | undefined;
async function theTrust(): Promise<Trust> {
  if (trust) return trust;
  const base = await createTwoWardTrust();
  const staffSession = signInAs(base.staff7.id);
  const cookies = {
    admin: signInAs(base.admin.id).cookie,
    manager7: signInAs(base.manager7.id).cookie,
    staff7: staffSession.cookie,
  };
  const manager = signInAs(base.manager7.id).actor;
  const { shiftTypeId } = createShiftType({
    actor: manager,
    teamId: base.ward7.id,
    input: {
      code: "E",
      name: "Early",
      startLocal: "07:30",
      endLocal: "15:30",
      paidBreakMinutes: 30,
      colour: "blue",
      requirements: "",
    },
  });
  const invitation = invitePerson({
    actor: manager,
    email: "invited@trust.example",
    teamId: base.ward7.id,
    member: { role: "staff", grade: "HCA", skills: [], clinical: true },
  });
  if (invitation.kind !== "invited") throw new Error("expected an invitation");
  const { leaveId: pendingLeaveId } = requestLeave({
    actor: signInAs(base.staff7.id).actor,
    teamId: base.ward7.id,
    kind: "annual",
    startDate: "2099-03-01",
    endDate: "2099-03-02",
  });
  trust = {
    ...base,
    cookies,
    shiftTypeId,
    invitationToken: invitation.token,
    staffDeviceKey: staffSession.sessionId.slice(0, 16),
    pendingLeaveId,
  };
  return trust;
}

/** What the action answered, as a status and the messages it showed, whether returned or thrown. */
async function post(
  action: Action,
  request: ReturnType<FormCase["request"]>,
  form: Record<string, string>,
) {
  let result: unknown;
  try {
    result = await callAction(action, { ...request, form });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response)
    return {
      status: result.status,
      errors: [] as { field?: string; message: string }[],
      text: await result.text(),
    };
  // An action that answers a refusal with its status: `data({ errors }, { status: 400 })`.
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit") {
    const errors = (wrapped.data as { errors?: { field?: string; message: string }[] })?.errors;
    return {
      status: wrapped.init?.status ?? 200,
      errors: errors ?? [],
      text: (errors ?? []).map((e) => e.message).join(" "),
    };
  }
  const errors =
    (result as { errors?: { field?: string; message: string }[] } | null)?.errors ?? [];
  return { status: 200, errors, text: "" };
}

const cases = FORMS.flatMap((form) =>
  Object.entries(form.text).map(([field, max]) => ({ ...form, field, max })),
);

describe("every form refuses an overlong value in each stored text field", () => {
  it.each(cases)(
    "$form ($route): $field over $max characters is refused and nothing is written",
    async (c) => {
      const t = c.setup === "empty-database" ? (undefined as unknown as Trust) : await theTrust();
      const action = actionOf(c.route);
      const request = c.request(t);
      const values = c.valid(t);
      // Still well-formed for its kind (an email stays an email), only too long.
      const overlong =
        c.field === "email"
          ? `${"a".repeat(c.max)}@trust.example`
          : `${values[c.field] ?? ""}${"x".repeat(c.max + 1)}`.slice(0, c.max + 20);
      const before = snapshot();
      const answer = await post(action, request, { ...values, [c.field]: overlong });
      expect(snapshot()).toBe(before);
      if (answer.status >= 400 && answer.status < 500) {
        expect(answer.text).toMatch(/characters or fewer/);
      } else {
        expect(answer.status).toBe(200);
        expect(answer.errors.find((e) => e.field === c.field)?.message).toBeTruthy();
      }
    },
  );

  it("a value at the limit is accepted by the same form (the limit is not one too tight)", async () => {
    const t = await theTrust();
    const answer = await post(
      actionOf("_app.team.$teamId.members.$membershipId"),
      FORMS.find((f) => f.form === "change a member")!.request(t),
      {
        intent: "update",
        role: "staff",
        grade: "G".repeat(TEXT_LIMITS.grade),
        skills: "s".repeat(TEXT_LIMITS.skills),
      },
    );
    expect(answer.errors).toEqual([]);
  });
});

describe("the list of forms above is complete", () => {
  it("names every route that has an action", () => {
    const withActions = Object.entries(routes)
      .filter(([, module]) => module.action)
      .map(([file]) => routeName(file))
      .sort();
    const listed = new Set([...FORMS.map((f) => f.route), ...Object.keys(NOT_FREE_TEXT)]);
    expect(withActions.filter((route) => !listed.has(route))).toEqual([]);
  });

  it.each(Object.keys(NOT_FREE_TEXT))("classifies every field that %s's page posts", (route) => {
    const known = new Set([
      ...(NOT_FREE_TEXT[route] ?? []),
      ...FORMS.filter((f) => f.route === route).flatMap((f) => Object.keys(f.text)),
    ]);
    expect([...fieldNamesOf(route)].filter((name) => !known.has(name))).toEqual([]);
  });
});

describe("model functions keep to the limits whoever calls them", () => {
  it("refuses a device name longer than the limit, and keeps the name the device had", async () => {
    const t = await theTrust();
    const me = signInAs(t.staff7.id);
    const key = me.sessionId.slice(0, 16);
    expect(nameOwnDevice({ actor: me.actor, key, name: "Ward 7 desk PC" })).toBe(true);
    expect(() =>
      nameOwnDevice({ actor: me.actor, key, name: "x".repeat(TEXT_LIMITS.deviceName + 1) }),
    ).toThrow(
      new InputError(`Device name must be ${TEXT_LIMITS.deviceName} characters or fewer.`, "name"),
    );
    const row = getDb()
      .select({ name: sessions.deviceName })
      .from(sessions)
      .where(eq(sessions.id, me.sessionId))
      .get();
    expect(row?.name).toBe("Ward 7 desk PC");
  });

  it("refuses skills longer than the limit when a membership is changed, and stores nothing", async () => {
    const t = await theTrust();
    const manager = signInAs(t.manager7.id).actor;
    const before = snapshot();
    expect(() =>
      updateMembership({
        actor: manager,
        teamId: t.ward7.id,
        membershipId: t.staff7.membershipId,
        fields: {
          role: "staff",
          grade: "Band 5 RN",
          skills: ["x".repeat(100_000)],
          clinical: true,
        },
      }),
    ).toThrow(
      new InputError(`Skills must be ${TEXT_LIMITS.skills} characters or fewer.`, "skills"),
    );
    expect(snapshot()).toBe(before);
  });

  it("refuses an invitation to a 316-character email address", async () => {
    const t = await theTrust();
    const manager = signInAs(t.manager7.id).actor;
    expect(() =>
      invitePerson({
        actor: manager,
        email: `${"a".repeat(300)}@trust.example`,
        teamId: t.ward7.id,
        member: { role: "staff", grade: "HCA", skills: [], clinical: true },
      }),
    ).toThrow(/Email address must be 254 characters or fewer/);
  });

  it("refuses a leave note over the limit instead of cutting it silently", async () => {
    const t = await theTrust();
    expect(() =>
      requestLeave({
        actor: signInAs(t.staff7.id).actor,
        teamId: t.ward7.id,
        kind: "annual",
        startDate: "2099-07-01",
        endDate: "2099-07-01",
        note: "n".repeat(TEXT_LIMITS.leaveNote + 1),
      }),
    ).toThrow(/The note must be 200 characters or fewer/);
  });

  it("records a sign-in with an overlong email as a failure, keeping at most the limit", async () => {
    const result = await signIn({
      email: `${"z".repeat(5000)}@trust.example`,
      password: "whatever it is",
      ipAddress: "192.0.2.7",
      userAgent: "test",
    });
    expect(result.ok).toBe(false);
    const stored = getDb()
      .select({ email: signInAttempts.email })
      .from(signInAttempts)
      .where(eq(signInAttempts.ipAddress, "192.0.2.7"))
      .all();
    expect(stored.map((s) => s.email.length)).toEqual([TEXT_LIMITS.email]);
  });

  it("keeps at most the limit of a very long User-Agent with a session", async () => {
    const t = await theTrust();
    const session = createSession({
      userId: t.staff7.id,
      userAgent: "Mozilla/5.0 ".repeat(10_000),
      ipAddress: "127.0.0.1",
    });
    const row = getDb()
      .query.sessions.findFirst({ where: (s, { eq }) => eq(s.id, session.sessionId) })
      .sync();
    expect(row?.userAgent.length).toBe(TEXT_LIMITS.userAgent);
    expect(getDb().select().from(users).where(eq(users.id, t.staff7.id)).get()).toBeTruthy();
  });
});
