// What a loader sends is what that viewer may see (issue 6, part 7). Every page's loader runs as
// an administrator, each ward's manager and staff from each ward, over the demo trust (two wards,
// about 40 people, rotas, leave, patterns) plus a pending invitation, with a real session. The
// data each returns, serialised as the page would receive it, is searched for other people's
// email addresses, secrets and people from teams the viewer is not in (docs/permissions.md).
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  conversations,
  handovers,
  invitations,
  memberships,
  messages,
  openShifts,
  rotaPeriods,
  sessions,
  shifts,
  shiftTypes,
  swapRequests,
  teams,
  users,
} from "~/db/schema.server";
import { seedDemoConversations } from "~/messaging/demo-conversations.server";
import { invitePerson } from "~/models/accounts/invitations.server";
import { createDemoTrust, DEMO_DOMAIN, demoEmail } from "~/models/demo/demo-trust.server";
import { changeKey } from "~/models/handover/shift-change";
import { actorFor, signInAs } from "../support/factories";
import { callLoader } from "../support/requests";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
const routes = import.meta.glob<{ loader?: Loader }>("../../app/routes/*.tsx", { eager: true });
const loaders = Object.entries(routes)
  .filter(([, module]) => module.loader)
  .map(([file, module]) => ({ route: path.basename(file, ".tsx"), loader: module.loader! }));

type Viewer = { label: string; userId: string; email: string; isOrgAdmin: boolean };
type Page = { path: string; params: Record<string, string> };

let viewers: Viewer[] = [];
let everyone: { id: string; email: string; name: string }[] = [];
let teamsOf = new Map<string, { teamId: string; role: string }[]>();
let pendingInvitations: { email: string; teamId: string | null }[] = [];
let secrets: string[] = [];
/** Pages that answered with data, so that a sweep of nothing but 404s cannot pass unnoticed. */
let pagesWithData = 0;
/** Conversation pages among them: the demo's conversations, as their members see them. */
let conversationPagesWithData = 0;
/** People pages among them (/messages/<id>/people). */
let peoplePagesWithData = 0;
/** Handover pages among them (/handover/<team>/<change>). */
let handoverPagesWithData = 0;

beforeAll(async () => {
  await createDemoTrust();
  seedDemoConversations();
  const db = getDb();
  const ward7 = db.select().from(teams).all()[0]!;
  const grace = db
    .select()
    .from(users)
    .where(eq(users.email, demoEmail("Grace Okafor")))
    .get()!;
  invitePerson({
    actor: actorFor(grace.id),
    email: "pending.invitee@elsewhere.example",
    teamId: ward7.id,
    member: { role: "staff", grade: "HCA", skills: [], clinical: true },
  });
  everyone = db.select({ id: users.id, email: users.email, name: users.name }).from(users).all();
  teamsOf = new Map();
  for (const m of db.select().from(memberships).all()) {
    teamsOf.set(m.userId, [...(teamsOf.get(m.userId) ?? []), { teamId: m.teamId, role: m.role }]);
  }
  pendingInvitations = db
    .select({ email: invitations.email, teamId: invitations.teamId })
    .from(invitations)
    .all();

  const admin = db.select().from(users).where(eq(users.isOrgAdmin, true)).get()!;
  const pick = (role: string) =>
    db
      .select()
      .from(teams)
      .all()
      .map((team) => {
        const m = db
          .select()
          .from(memberships)
          .where(eq(memberships.teamId, team.id))
          .all()
          .find((row) => row.role === role)!;
        return db.select().from(users).where(eq(users.id, m.userId)).get()!;
      });
  viewers = [
    { label: "administrator", user: admin },
    ...pick("manager").map((user) => ({ label: `manager ${user.name}`, user })),
    ...pick("staff").map((user) => ({ label: `staff ${user.name}`, user })),
    {
      label: "staff Amelia Hughes",
      user: db
        .select()
        .from(users)
        .where(eq(users.email, demoEmail("Amelia Hughes")))
        .get()!,
    },
  ].map(({ label, user }) => ({
    label,
    userId: user.id,
    email: user.email,
    isOrgAdmin: user.isOrgAdmin,
  }));
  for (const viewer of viewers) signInAs(viewer.userId);
  secrets = [
    ...db
      .select({ h: users.passwordHash })
      .from(users)
      .all()
      .map((r) => r.h),
    ...db
      .select({ h: sessions.id })
      .from(sessions)
      .all()
      .map((r) => r.h),
    ...db
      .select({ h: invitations.tokenHash })
      .from(invitations)
      .all()
      .map((r) => r.h),
  ];
});

/** Every page each route can show: one per team, period, member, shift type and shift. */
function pagesOf(route: string): Page[] {
  const db = getDb();
  // "$conversationId_" (a path segment outside its parent's layout) is the parameter "conversationId".
  const names = [...route.matchAll(/\$([A-Za-z0-9]+)/g)].map((m) => m[1]!);
  const urlOf = (params: Record<string, string>) =>
    `/${route
      .replace(/^_app\./, "")
      .replace(/\[\.\]/g, ".")
      .split(".")
      .filter((part) => part !== "_index")
      .map((part) => (part.startsWith("$") ? params[part.slice(1).replace(/_$/, "")] : part))
      .join("/")}`.replace(/\/\./g, ".");
  if (names.length === 0) return [{ path: urlOf({}), params: {} }];
  if (names.includes("token")) return [{ path: urlOf({ token: "x" }), params: { token: "x" } }];
  const pages: Page[] = [];
  for (const team of db.select().from(teams).all()) {
    const choices: Record<string, string[]> = {
      teamId: [team.id],
      periodId: db
        .select({ id: rotaPeriods.id })
        .from(rotaPeriods)
        .where(eq(rotaPeriods.teamId, team.id))
        .all()
        .map((r) => r.id),
      membershipId: db
        .select({ id: memberships.id })
        .from(memberships)
        .where(eq(memberships.teamId, team.id))
        .all()
        .slice(0, 3)
        .map((r) => r.id),
      shiftTypeId: db
        .select({ id: shiftTypes.id })
        .from(shiftTypes)
        .where(eq(shiftTypes.teamId, team.id))
        .all()
        .map((r) => r.id),
      // Each team's shift threads and channel, and the direct conversations and groups whose
      // creator is in the team.
      conversationId: db
        .select({
          id: conversations.id,
          teamId: conversations.teamId,
          by: conversations.createdByUserId,
        })
        .from(conversations)
        .all()
        .filter(
          (c) =>
            c.teamId === team.id ||
            (c.teamId === null &&
              (teamsOf.get(c.by ?? "") ?? []).some((t) => t.teamId === team.id)),
        )
        .map((c) => c.id),
      date: [
        ...new Set(
          db
            .select({ date: shifts.date })
            .from(shifts)
            .where(eq(shifts.teamId, team.id))
            .limit(200)
            .all()
            .map((r) => r.date),
        ),
      ].slice(0, 2),
      shiftId: [
        ...db
          .select({ id: shifts.id })
          .from(shifts)
          .where(eq(shifts.teamId, team.id))
          .limit(2)
          .all()
          .map((r) => r.id),
        // The shifts in the demo's swap requests: "Swap or give away" as their own people see it.
        ...db
          .select({ id: swapRequests.requesterShiftId })
          .from(swapRequests)
          .where(eq(swapRequests.teamId, team.id))
          .all()
          .flatMap((r) => (r.id ? [r.id] : [])),
      ],
      // The demo's swap requests and open shifts (issue 10).
      requestId: db
        .select({ id: swapRequests.id })
        .from(swapRequests)
        .where(eq(swapRequests.teamId, team.id))
        .all()
        .map((r) => r.id),
      openShiftId: db
        .select({ id: openShifts.id })
        .from(openShifts)
        .where(eq(openShifts.teamId, team.id))
        .all()
        .map((r) => r.id),
      // The demo's handovers (issue 11): a shift change is its team and its instant.
      at: db
        .select({ at: handovers.at })
        .from(handovers)
        .where(eq(handovers.teamId, team.id))
        .all()
        .map((r) => changeKey(r.at.getTime())),
    };
    let combos: Record<string, string>[] = [{}];
    for (const name of names) {
      combos = combos.flatMap((c) => (choices[name] ?? []).map((id) => ({ ...c, [name]: id })));
    }
    pages.push(...combos.map((params) => ({ path: urlOf(params), params })));
    // The rota page also shows a whole period (?period=), drafts included for managers.
    if (route === "_app.team.$teamId.rota._index") {
      for (const periodId of choices.periodId ?? []) {
        pages.push({
          path: `${urlOf({ teamId: team.id })}?period=${periodId}`,
          params: { teamId: team.id },
        });
      }
    }
  }
  return pages;
}

/** The loader's answer as text, the way it leaves the server; nothing for a redirect or a 404. */
async function loaderOutput(loader: Loader, page: Page, cookie: string): Promise<string> {
  try {
    const result = await callLoader(loader, { path: page.path, params: page.params, cookie });
    if (result instanceof Response) return result.ok ? await result.text() : "";
    return JSON.stringify(result ?? null);
  } catch (thrown) {
    if (thrown instanceof Response) return "";
    throw thrown;
  }
}

/** The email addresses this viewer may be sent (docs/permissions.md). */
function allowedEmails(viewer: Viewer): Set<string> {
  if (viewer.isOrgAdmin)
    return new Set([...everyone.map((p) => p.email), ...pendingInvitations.map((i) => i.email)]);
  const managed = new Set(
    (teamsOf.get(viewer.userId) ?? []).filter((t) => t.role === "manager").map((t) => t.teamId),
  );
  const allowed = new Set([viewer.email]);
  // A manager sees the people of the teams they manage: the member page, invitations, the rota
  // spreadsheet (which names each person by email).
  for (const person of everyone) {
    if ((teamsOf.get(person.id) ?? []).some((t) => managed.has(t.teamId)))
      allowed.add(person.email);
  }
  for (const invitation of pendingInvitations) {
    if (invitation.teamId && managed.has(invitation.teamId)) allowed.add(invitation.email);
  }
  return allowed;
}

/** People the viewer shares no team with: nobody but an administrator may be sent their names. */
function strangers(viewer: Viewer) {
  if (viewer.isOrgAdmin) return [];
  const mine = new Set((teamsOf.get(viewer.userId) ?? []).map((t) => t.teamId));
  return everyone.filter(
    (person) => !(teamsOf.get(person.id) ?? []).some((t) => mine.has(t.teamId)),
  );
}

describe("the team page's data", () => {
  it("gives staff their colleagues' names, grades and roles, and no email address or account id", async () => {
    const amelia = viewers.find((v) => v.label === "staff Amelia Hughes")!;
    const teamId = teamsOf.get(amelia.userId)![0]!.teamId;
    const { loader } = loaders.find((l) => l.route === "_app.team.$teamId._index")!;
    const data = (await callLoader(loader, {
      path: `/team/${teamId}`,
      params: { teamId },
      cookie: signInAs(amelia.userId).cookie,
    })) as { members: Record<string, unknown>[] };
    expect(data.members.length).toBeGreaterThan(10);
    expect(Object.keys(data.members[0]!).sort()).toEqual([
      "clinical",
      "deactivated",
      "grade",
      "membershipId",
      "name",
      "role",
      "skills",
    ]);
    expect(data.members.every((m) => m.membershipId === null)).toBe(true);
    expect(JSON.stringify(data)).not.toContain("@");
  });
});

describe("what each loader sends to each viewer", () => {
  it("covers every route that has a loader", () => {
    expect(loaders.length).toBeGreaterThan(25);
    expect(viewers.map((v) => v.label)).toHaveLength(6);
    expect(everyone.some((p) => p.email.endsWith(`@${DEMO_DOMAIN}`))).toBe(true);
  });

  it.each(loaders.map((l) => l.route))(
    "%s sends no one's email address that the viewer may not see, no secret, and no one from another team",
    async (route) => {
      const { loader } = loaders.find((l) => l.route === route)!;
      const leaks: string[] = [];
      for (const viewer of viewers) {
        const cookie = signInAs(viewer.userId).cookie;
        const allowed = allowedEmails(viewer);
        const outsiders = strangers(viewer);
        for (const page of pagesOf(route)) {
          const text = (await loaderOutput(loader, page, cookie)).toLowerCase();
          if (!text) continue;
          pagesWithData++;
          if (route === "_app.messages.$conversationId") conversationPagesWithData++;
          if (route === "_app.messages.$conversationId_.people") peoplePagesWithData++;
          if (route === "_app.handover.$teamId.$at") handoverPagesWithData++;
          for (const email of [
            ...everyone.map((p) => p.email),
            ...pendingInvitations.map((i) => i.email),
          ]) {
            if (!allowed.has(email) && text.includes(email.toLowerCase()))
              leaks.push(`${viewer.label} at ${page.path}: email ${email}`);
          }
          for (const field of ["passwordhash", "tokenhash", "$argon2", "p256dh", "endpoint"]) {
            if (text.includes(field)) leaks.push(`${viewer.label} at ${page.path}: ${field}`);
          }
          for (const secret of secrets) {
            if (text.includes(secret.toLowerCase()))
              leaks.push(`${viewer.label} at ${page.path}: a stored hash`);
          }
          for (const person of outsiders) {
            if (text.includes(person.name.toLowerCase()))
              leaks.push(`${viewer.label} at ${page.path}: ${person.name} of another team`);
          }
        }
      }
      expect(leaks).toEqual([]);
    },
  );

  it("reached real pages with data (the sweep above ran after the demo trust was made)", () => {
    expect(pagesWithData).toBeGreaterThan(150);
  });

  it("reached the demo's conversations as their members see them", () => {
    expect(conversationPagesWithData).toBeGreaterThanOrEqual(3);
  });

  it("reached the demo's handovers as the people at their shift changes see them", () => {
    expect(handoverPagesWithData).toBeGreaterThanOrEqual(2);
  });

  it("reached the demo's conversations' People pages as their members see them", () => {
    expect(peoplePagesWithData).toBeGreaterThanOrEqual(3);
  });
});

describe("the compliance export page's data", () => {
  it("gives an administrator conversation names and counts for a range, never a message's text", async () => {
    const db = getDb();
    const admin = viewers.find((v) => v.isOrgAdmin)!;
    const bodies = db
      .select({ body: messages.body })
      .from(messages)
      .all()
      .map((m) => m.body)
      .filter((b) => b.length > 10);
    expect(bodies.length).toBeGreaterThan(3);
    const { loader } = loaders.find((l) => l.route === "_app.admin.message-export")!;
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const data = (await callLoader(loader, {
      path: `/admin/message-export?from=${monthAgo}&to=${today}`,
      cookie: signInAs(admin.userId).cookie,
    })) as { choices: { kind: string; conversations: { messages: number }[] } };
    expect(data.choices.kind).toBe("conversations");
    expect(data.choices.conversations.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(data);
    expect(bodies.filter((body) => text.includes(body))).toEqual([]);
  });
});
