import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { invitations, memberships, users } from "~/db/schema.server";
import {
  acceptInvitation,
  invitePerson,
  lookUpInvitation,
  revokeInvitation,
} from "~/models/accounts/invitations.server";
import { validateSessionToken } from "~/models/accounts/sessions.server";
import { action as inviteAction } from "~/routes/_app.team.$teamId.invite";
import { action as acceptAction, loader as acceptLoader } from "~/routes/invite.$token";
import { actorFor, createTwoWardTrust, signInAs } from "../../support/factories";
import { callAction, callLoader, thrownResponse } from "../../support/requests";

const HOUR = 3_600_000;
const member = { role: "staff" as const, grade: "Band 5 RN", skills: ["IV"], clinical: true };

let invited = 0;
let email = "";

/** A fresh trust and an invitation to Ward 7 for a new email address (kept in `email`). */
async function invite(now = new Date()) {
  const trust = await createTwoWardTrust();
  invited++;
  const outcome = invitePerson({
    actor: actorFor(trust.manager7.id),
    email: `New.Starter${invited}@Trust.example`,
    teamId: trust.ward7.id,
    member,
    now,
  });
  if (outcome.kind !== "invited") throw new Error("expected an invitation");
  email = `new.starter${invited}@trust.example`;
  return { trust, ...outcome };
}

const accept = (token: string, now = new Date()) =>
  acceptInvitation({
    token,
    name: "Nia Starter",
    password: "marmalade sandwich",
    ipAddress: "10.0.0.5",
    userAgent: "phone",
    now,
  });

describe("invitations", () => {
  it("gives the inviter a single-use link whose token is stored only as a hash", async () => {
    const { token, invitationId } = await invite();
    const row = getDb().select().from(invitations).where(eq(invitations.id, invitationId)).get();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row?.email).toBe(email);
  });

  it("expires after 72 hours by default", async () => {
    const t0 = new Date("2026-11-25T09:00:00Z");
    const { token } = await invite(t0);
    expect(lookUpInvitation(token, new Date(t0.getTime() + 72 * HOUR - 1)).status).toBe("valid");
    expect(lookUpInvitation(token, new Date(t0.getTime() + 72 * HOUR)).status).toBe("expired");
    await expect(accept(token, new Date(t0.getTime() + 73 * HOUR))).rejects.toThrow(/expired/);
    expect(getDb().select().from(users).where(eq(users.email, email)).get()).toBeUndefined();
  });

  it("creates the account and membership on acceptance and signs the person in", async () => {
    const { token, trust } = await invite();
    const { userId, session } = await accept(token);
    const user = getDb().select().from(users).where(eq(users.id, userId)).get();
    expect(user).toMatchObject({
      name: "Nia Starter",
      email,
      organisationId: trust.organisation.id,
      isOrgAdmin: false,
    });
    const membership = getDb()
      .select()
      .from(memberships)
      .where(eq(memberships.userId, userId))
      .get();
    expect(membership).toMatchObject({
      teamId: trust.ward7.id,
      role: "staff",
      grade: "Band 5 RN",
      skills: ["IV"],
    });
    expect(validateSessionToken(session.token)?.actor.userId).toBe(userId);
  });

  it("works once: a second acceptance is refused and creates nothing", async () => {
    const { token } = await invite();
    await accept(token);
    await expect(accept(token)).rejects.toThrow(/already been used/);
    expect(getDb().select().from(users).where(eq(users.email, email)).all()).toHaveLength(1);
    expect(lookUpInvitation(token).status).toBe("used");
  });

  it("lets only one of two simultaneous acceptances win", async () => {
    const { token } = await invite();
    const results = await Promise.allSettled([accept(token), accept(token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(getDb().select().from(users).where(eq(users.email, email)).all()).toHaveLength(1);
  });

  it("refuses a weak password and leaves the invitation usable", async () => {
    const { token } = await invite();
    await expect(
      acceptInvitation({
        token,
        name: "Nia Starter",
        password: "qwerty123456",
        ipAddress: "x",
        userAgent: "x",
      }),
    ).rejects.toThrow(/most common/);
    await expect(
      acceptInvitation({
        token,
        name: "Nia Starter",
        password: "short",
        ipAddress: "x",
        userAgent: "x",
      }),
    ).rejects.toThrow(/at least 12/);
    expect(lookUpInvitation(token).status).toBe("valid");
  });

  it("stops working once withdrawn", async () => {
    const { token, invitationId, trust } = await invite();
    revokeInvitation({ actor: actorFor(trust.manager7.id), invitationId });
    expect(lookUpInvitation(token).status).toBe("revoked");
    await expect(accept(token)).rejects.toThrow(/withdrawn/);
  });

  it("cannot be withdrawn by another ward's manager", async () => {
    const { invitationId, trust } = await invite();
    const response = await thrownResponse(() =>
      revokeInvitation({ actor: actorFor(trust.manager12.id), invitationId }),
    );
    expect(response.status).toBe(404);
  });

  it("lets an administrator add someone who already has an account straight to the team", async () => {
    const trust = await createTwoWardTrust();
    const outcome = invitePerson({
      actor: actorFor(trust.admin.id),
      email: trust.staff12.email,
      teamId: trust.ward7.id,
      member,
    });
    expect(outcome.kind).toBe("added");
    const rows = getDb()
      .select()
      .from(memberships)
      .where(eq(memberships.userId, trust.staff12.id))
      .all();
    expect(rows.map((r) => r.teamId).sort()).toEqual([trust.ward12.id, trust.ward7.id].sort());
    expect(() =>
      invitePerson({
        actor: actorFor(trust.admin.id),
        email: trust.staff12.email,
        teamId: trust.ward7.id,
        member,
      }),
    ).toThrow(/already in this team/);
  });

  it("does not let a manager pull another ward's colleague into their team (and so gain power over their account)", async () => {
    const trust = await createTwoWardTrust();
    expect(() =>
      invitePerson({
        actor: actorFor(trust.manager7.id),
        email: trust.manager12.email,
        teamId: trust.ward7.id,
        member,
      }),
    ).toThrow(/Ask an organisation administrator/);
    const rows = getDb()
      .select()
      .from(memberships)
      .where(eq(memberships.userId, trust.manager12.id))
      .all();
    expect(rows.map((r) => r.teamId)).toEqual([trust.ward12.id]);
  });

  it("answers an email that has an account in another organisation exactly as a new one", async () => {
    const trust = await createTwoWardTrust();
    const elsewhere = await createTwoWardTrust();
    const outcome = invitePerson({
      actor: actorFor(trust.manager7.id),
      email: elsewhere.staff7.email,
      teamId: trust.ward7.id,
      member,
    });
    expect(outcome.kind).toBe("invited");
  });

  it("lets only administrators invite another administrator", async () => {
    const trust = await createTwoWardTrust();
    const refused = await thrownResponse(() =>
      invitePerson({
        actor: actorFor(trust.manager7.id),
        email: `boss${invited}@trust.example`,
        teamId: trust.ward7.id,
        member,
        asOrgAdmin: true,
      }),
    );
    expect(refused.status).toBe(404);
    const outcome = invitePerson({
      actor: actorFor(trust.admin.id),
      email: `boss${invited}@trust.example`,
      teamId: trust.ward7.id,
      member,
      asOrgAdmin: true,
    });
    if (outcome.kind !== "invited") throw new Error("expected an invitation");
    const { userId } = await acceptInvitation({
      token: outcome.token,
      name: "Bo Boss",
      password: "marmalade sandwich",
      ipAddress: "x",
      userAgent: "x",
    });
    expect(getDb().select().from(users).where(eq(users.id, userId)).get()?.isOrgAdmin).toBe(true);
  });
});

describe("the invitation pages", () => {
  it("shows the manager a link and a QR code", async () => {
    const trust = await createTwoWardTrust();
    const { cookie } = signInAs(trust.manager7.id);
    const result = (await callAction(inviteAction, {
      path: `/team/${trust.ward7.id}/invite`,
      params: { teamId: trust.ward7.id },
      cookie,
      form: {
        email: `fresh${invited}@trust.example`,
        role: "staff",
        grade: "HCA",
        skills: "",
        clinical: "yes",
      },
    })) as { invited: { link: string; qrImage: string } };
    expect(result.invited.link).toMatch(/^http:\/\/localhost:3000\/invite\/[a-z2-7]{32}$/);
    expect(result.invited.qrImage).toMatch(/^data:image\/png;base64,/);
  });

  it("explains an expired link instead of showing the form", async () => {
    const { token } = await invite(new Date(Date.now() - 100 * HOUR));
    const data = (await callLoader(acceptLoader, {
      path: `/invite/${token}`,
      params: { token },
    })) as { invitation: unknown; problem: string };
    expect(data.invitation).toBeNull();
    expect(data.problem).toMatch(/expired/);
  });

  it("signs the new person in with a cookie when they accept", async () => {
    const { token } = await invite();
    const response = await thrownResponse(() =>
      callAction(acceptAction, {
        path: `/invite/${token}`,
        params: { token },
        form: { name: "Nia Starter", password: "marmalade sandwich" },
      }),
    );
    expect(response.headers.get("Location")).toBe("/shifts");
    expect(response.headers.get("Set-Cookie")).toMatch(/^baton_session=[a-z2-7]{32};/);
  });
});
