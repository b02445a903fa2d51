import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import {
  handoverActions,
  handoverItems,
  handovers,
  leaveRequests,
  memberships,
  openShifts,
  rotaPeriods,
  shiftTypes,
  swapRequests,
  teams,
  users,
} from "~/db/schema.server";
import { signIn } from "~/models/accounts/sign-in.server";
import { verifyAuditChain } from "~/models/audit/audit.server";
import {
  createDemoTrust,
  DEMO_PASSWORD,
  demoEmail,
  demoSignIns,
} from "~/models/demo/demo-trust.server";
import { importRotaCsv, rotaImportPage } from "~/models/rota/rota-import.server";
import { applyRotaPatterns } from "~/models/rota/rota-patterns.server";
import { actorFor } from "../support/factories";

describe("the demo trust", () => {
  it("has two wards, about 40 staff with grades, a manager per ward and an administrator, who can all sign in", async () => {
    const signIns = await createDemoTrust();
    const db = getDb();
    expect(db.select().from(teams).all()).toHaveLength(2);
    const people = db.select().from(users).all();
    expect(people.length).toBeGreaterThanOrEqual(38);
    expect(people.filter((p) => p.isOrgAdmin)).toHaveLength(1);
    const roles = db.select().from(memberships).all();
    for (const team of db.select().from(teams).all()) {
      expect(roles.filter((m) => m.teamId === team.id && m.role === "manager")).toHaveLength(1);
    }
    expect(new Set(roles.map((m) => m.grade)).size).toBeGreaterThan(8);
    const types = db.select().from(shiftTypes).all();
    expect(types.map((t) => t.code).sort()).toEqual(["E", "E", "L", "L", "LD", "LD", "N", "N"]);
    const leave = db.select().from(leaveRequests).all();
    expect(leave.map((l) => `${l.kind}:${l.status}`).sort()).toEqual([
      "annual:requested",
      "sick:approved",
      "study:approved",
    ]);
    expect(demoSignIns()).toEqual(signIns);
    for (const { email } of signIns) {
      expect(
        (
          await signIn({
            email,
            password: DEMO_PASSWORD,
            ipAddress: "127.0.0.1",
            userAgent: "test",
          })
        ).ok,
      ).toBe(true);
    }
    expect(verifyAuditChain().ok).toBe(true);
  });

  it("has an open night on Ward 7, a swap waiting for Grace's approval and one waiting for Amelia", () => {
    const db = getDb();
    const ward7 = db
      .select()
      .from(teams)
      .all()
      .find((t) => t.name.startsWith("Ward 7"))!;
    const open = db.select().from(openShifts).where(eq(openShifts.teamId, ward7.id)).all();
    const night = db
      .select()
      .from(shiftTypes)
      .where(eq(shiftTypes.teamId, ward7.id))
      .all()
      .find((t) => t.code === "N")!;
    expect(open.map((o) => [o.shiftTypeId, o.state])).toEqual([[night.id, "open"]]);
    const idOf = (name: string) =>
      db
        .select()
        .from(users)
        .where(eq(users.email, demoEmail(name)))
        .get()!.id;
    const requests = db.select().from(swapRequests).all();
    expect(
      requests.filter((r) => r.state === "awaiting-manager" && r.kind === "swap"),
    ).toHaveLength(1);
    const forAmelia = requests.filter((r) => r.state === "awaiting-colleague");
    expect(forAmelia.map((r) => r.colleagueUserId)).toEqual([idOf("Amelia Hughes")]);
  });

  it("has last night's accepted handover on Ward 7 and tonight's in progress with carried actions, patients by initials only", () => {
    const db = getDb();
    const ward7 = db
      .select()
      .from(teams)
      .all()
      .find((t) => t.name.startsWith("Ward 7"))!;
    const rows = db
      .select()
      .from(handovers)
      .where(eq(handovers.teamId, ward7.id))
      .all()
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    expect(rows.map((h) => h.state)).toEqual(["accepted", "open"]);
    const [last, tonight] = rows;
    expect(tonight!.carriedFromHandoverId).toBe(last!.id);
    const carriedActions = db
      .select()
      .from(handoverActions)
      .where(eq(handoverActions.handoverId, tonight!.id))
      .all()
      .filter((a) => a.carriedFromActionId);
    expect(carriedActions.length).toBeGreaterThanOrEqual(2);
    expect(carriedActions.some((a) => !a.decidedAt)).toBe(true);
    for (const item of db.select().from(handoverItems).all()) {
      expect(item.patient).toMatch(/^([A-Z]\.){2}$/);
      expect(item.nhsNumber).toBeNull();
    }
  });

  it("fills its draft from its own patterns without a clash (issue 12)", () => {
    const db = getDb();
    for (const team of db.select().from(teams).all()) {
      const manager = db
        .select()
        .from(memberships)
        .where(eq(memberships.teamId, team.id))
        .all()
        .find((m) => m.role === "manager")!;
      const draft = db
        .select()
        .from(rotaPeriods)
        .where(eq(rotaPeriods.teamId, team.id))
        .all()
        .find((p) => p.status === "draft")!;
      const filled = applyRotaPatterns({
        actor: actorFor(manager.userId),
        teamId: team.id,
        periodId: draft.id,
      });
      expect(filled.skipped).toEqual([]);
    }
  });

  it("imports the import page's example as it stands, once its addresses are the ward's", () => {
    const db = getDb();
    const ward7 = db
      .select()
      .from(teams)
      .all()
      .find((t) => t.name.startsWith("Ward 7"))!;
    const draft = db
      .select()
      .from(rotaPeriods)
      .where(eq(rotaPeriods.teamId, ward7.id))
      .all()
      .find((p) => p.status === "draft")!;
    const grace = actorFor(
      db
        .select()
        .from(users)
        .where(eq(users.email, demoEmail("Grace Okafor")))
        .get()!.id,
    );
    const page = rotaImportPage({ actor: grace, teamId: ward7.id, periodId: draft.id });
    // The demo's day: E 07:30, LD 07:30, L 13:30, N 19:30; an early and a late overlap.
    expect(page.example[2]).toContain("E+N");
    // Two people with no shifts of their own around those days: the ward clerk and an FY1.
    const csvText = page.example
      .join("\n")
      .replace("sam.jones@example.nhs.uk", demoEmail("Karen Doyle"))
      .replace("alex.khan@example.nhs.uk", demoEmail("Dr Ben Carter"));
    const result = importRotaCsv({ actor: grace, teamId: ward7.id, periodId: draft.id, csvText });
    // Karen: E and LD; Ben: E, then E+N.
    expect(result).toMatchObject({ ok: true, people: 2, added: 5 });
  });
});
