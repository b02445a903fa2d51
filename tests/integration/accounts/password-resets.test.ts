// Account recovery: reset links a manager or administrator makes for a member, used once, before
// they expire, ending every session of the person; and changing one's own password in Settings.
import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, passwordResets, sessions, users } from "~/db/schema.server";
import { changeOwnPassword } from "~/models/accounts/password-change.server";
import {
  issuePasswordReset,
  lookUpPasswordReset,
  redeemPasswordReset,
} from "~/models/accounts/password-resets.server";
import { verifyPassword } from "~/models/accounts/passwords.server";
import { validateSessionToken } from "~/models/accounts/sessions.server";
import { signIn } from "~/models/accounts/sign-in.server";
import { InputError } from "~/models/errors";
import { hashSecretToken } from "~/models/ids.server";
import {
  actorFor,
  addToTeam,
  createOrganisation,
  createPerson,
  createTwoWardTrust,
  signInAs,
  TEST_PASSWORD,
} from "../../support/factories";
import { thrownResponse } from "../../support/requests";

const NEW_PASSWORD = "marmalade lighthouse cobble fern";
const request = { ipAddress: "10.1.2.3", userAgent: "Mozilla/5.0 (iPhone) Safari/605.1" };

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;
beforeEach(async () => {
  trust = await createTwoWardTrust();
});

const manager7 = () => actorFor(trust.manager7.id);
const issueForStaff = (now?: Date) =>
  issuePasswordReset({ actor: manager7(), userId: trust.staff7.id, now });
const lastAudit = () =>
  getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get()!;
// The file's database is shared by its tests: each looks only at its own trust's rows.
const auditsOf = (action: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.action, action), eq(auditEvents.organisationId, trust.organisation.id)),
    )
    .all();
const resetRows = () =>
  getDb()
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.organisationId, trust.organisation.id))
    .all();
const passwordHashOf = (userId: string) =>
  getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()!.hash;

async function inputError(run: () => Promise<unknown> | unknown): Promise<InputError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("making a reset link", () => {
  it("stores only the token's hash, with an expiry a day away, and audits who made it", () => {
    const now = new Date("2026-12-01T09:00:00Z");
    const { token, expiresAt } = issueForStaff(now);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(expiresAt.toISOString()).toBe("2026-12-02T09:00:00.000Z");
    const rows = resetRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: trust.staff7.id,
      createdByUserId: trust.manager7.id,
      tokenHash: hashSecretToken(token),
      usedAt: null,
    });
    expect(JSON.stringify(rows)).not.toContain(token);
    const audit = lastAudit();
    expect(audit).toMatchObject({
      action: "password_reset.issued",
      actorUserId: trust.manager7.id,
      targetId: trust.staff7.id,
    });
    expect(audit.detail).not.toContain(token);
  });

  it("stops an earlier link that was not used when a new one is made", async () => {
    const first = issueForStaff();
    const second = issueForStaff();
    expect(lookUpPasswordReset(first.token)).toEqual({ status: "revoked" });
    expect(lookUpPasswordReset(second.token)).toMatchObject({ status: "valid", name: "Sam Staff" });
    const error = await inputError(() =>
      redeemPasswordReset({ token: first.token, password: NEW_PASSWORD, ...request }),
    );
    expect(error.message).toMatch(/^This link was replaced by a newer one/);
  });

  it("refuses a deactivated account, asking for it to be reactivated first", async () => {
    getDb()
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, trust.staff7.id))
      .run();
    const error = await inputError(() => issueForStaff());
    expect(error.message).toBe(
      "This account is deactivated. Reactivate it before resetting its password.",
    );
    expect(resetRows()).toEqual([]);
  });
});

describe("who may make a reset link", () => {
  it("lets a ward's manager make one for their staff, and an administrator for anyone", () => {
    expect(() => issueForStaff()).not.toThrow();
    expect(() =>
      issuePasswordReset({ actor: actorFor(trust.admin.id), userId: trust.manager12.id }),
    ).not.toThrow();
  });

  it.each([
    ["another ward's manager", "manager12", "staff7"],
    ["staff, for a colleague", "staff7", "manager7"],
    ["a manager, for themselves", "manager7", "manager7"],
  ] as const)("answers 404 to %s, audited, and makes nothing", async (_, who, target) => {
    const response = await thrownResponse(() =>
      issuePasswordReset({ actor: actorFor(trust[who].id), userId: trust[target].id }),
    );
    expect(response.status).toBe(404);
    expect(resetRows()).toEqual([]);
    expect(lastAudit()).toMatchObject({
      action: "permission.denied",
      actorUserId: trust[who].id,
      targetId: trust[target].id,
    });
  });

  it("answers 404 to a manager asking for an administrator in their own ward", async () => {
    const boss = await createPerson({
      organisationId: trust.organisation.id,
      name: "Bo Boss",
      isOrgAdmin: true,
    });
    addToTeam(boss.id, trust.ward7.id);
    const response = await thrownResponse(() =>
      issuePasswordReset({ actor: manager7(), userId: boss.id }),
    );
    expect(response.status).toBe(404);
  });

  it("answers 404 to an administrator asking for someone in another organisation", async () => {
    const elsewhere = createOrganisation("Other Trust");
    const stranger = await createPerson({ organisationId: elsewhere.id });
    const response = await thrownResponse(() =>
      issuePasswordReset({ actor: actorFor(trust.admin.id), userId: stranger.id }),
    );
    expect(response.status).toBe(404);
  });
});

describe("using a reset link", () => {
  it("sets the new password, ends every session the person had and signs this browser in", async () => {
    const phone = signInAs(trust.staff7.id);
    const desk = signInAs(trust.staff7.id);
    const colleague = signInAs(trust.manager7.id);
    const { token } = issueForStaff();
    const { userId, session, sessionsEnded } = await redeemPasswordReset({
      token,
      password: NEW_PASSWORD,
      ...request,
    });
    expect(userId).toBe(trust.staff7.id);
    expect(sessionsEnded).toBe(2);
    expect(validateSessionToken(phone.token)).toBeNull();
    expect(validateSessionToken(desk.token)).toBeNull();
    expect(validateSessionToken(session.token)?.actor.userId).toBe(trust.staff7.id);
    expect(validateSessionToken(colleague.token)).not.toBeNull();
    expect(
      getDb().select().from(sessions).where(eq(sessions.userId, trust.staff7.id)).all(),
    ).toHaveLength(1);
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), TEST_PASSWORD)).toBe(false);
  });

  it("works once: a second use, or a look afterwards, says it has been used", async () => {
    const { token } = issueForStaff();
    await redeemPasswordReset({ token, password: NEW_PASSWORD, ...request });
    expect(lookUpPasswordReset(token)).toEqual({ status: "used" });
    const error = await inputError(() =>
      redeemPasswordReset({ token, password: "another quite long password", ...request }),
    );
    expect(error.message).toMatch(/^This link has already been used/);
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), NEW_PASSWORD)).toBe(true);
  });

  it("stops working when it expires, and changes nothing after", async () => {
    const issuedAt = new Date("2026-12-01T09:00:00Z");
    const { token } = issueForStaff(issuedAt);
    const justBefore = new Date("2026-12-02T08:59:59Z");
    const atExpiry = new Date("2026-12-02T09:00:00Z");
    expect(lookUpPasswordReset(token, justBefore).status).toBe("valid");
    expect(lookUpPasswordReset(token, atExpiry)).toEqual({ status: "expired" });
    const before = passwordHashOf(trust.staff7.id);
    const error = await inputError(() =>
      redeemPasswordReset({ token, password: NEW_PASSWORD, ...request, now: atExpiry }),
    );
    expect(error.message).toBe("This link has expired. Ask your manager for a new one.");
    expect(passwordHashOf(trust.staff7.id)).toBe(before);
  });

  it("applies the password policy, and a refused password leaves the link usable", async () => {
    const { token } = issueForStaff();
    const short = await inputError(() =>
      redeemPasswordReset({ token, password: "too short", ...request }),
    );
    expect(short).toMatchObject({ field: "password", message: "Use at least 12 characters." });
    const personal = await inputError(() =>
      redeemPasswordReset({ token, password: "staff staff staff staff", ...request }),
    );
    expect(personal.message).toBe("Do not use your name or email address in your password.");
    expect(lookUpPasswordReset(token).status).toBe("valid");
    expect(auditsOf("password_reset.used")).toEqual([]);
  });

  it("is audited as the person's own action, naming how many sessions ended, then a sign-in", async () => {
    signInAs(trust.staff7.id);
    const { token } = issueForStaff();
    await redeemPasswordReset({ token, password: NEW_PASSWORD, ...request });
    const [used] = auditsOf("password_reset.used");
    expect(used).toMatchObject({
      actorUserId: trust.staff7.id,
      targetId: trust.staff7.id,
      ipAddress: "10.1.2.3",
    });
    expect(JSON.parse(used!.detail)).toMatchObject({ sessionsEnded: 1 });
    expect(lastAudit()).toMatchObject({ action: "sign_in.succeeded" });
    expect(JSON.parse(lastAudit().detail)).toEqual({ via: "password_reset" });
  });

  it("cannot be used once the account is deactivated", async () => {
    const { token } = issueForStaff();
    getDb()
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, trust.staff7.id))
      .run();
    expect(lookUpPasswordReset(token)).toEqual({ status: "revoked" });
    await inputError(() => redeemPasswordReset({ token, password: NEW_PASSWORD, ...request }));
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), TEST_PASSWORD)).toBe(true);
  });

  it("says an unknown or malformed link is not valid", () => {
    expect(lookUpPasswordReset("abcdefghijklmnopqrstuvwxyz234567")).toEqual({ status: "unknown" });
    expect(lookUpPasswordReset("../../etc/passwd")).toEqual({ status: "unknown" });
  });
});

describe("changing one's own password", () => {
  const change = (
    me: ReturnType<typeof signInAs>,
    currentPassword: string,
    newPassword: string,
    signOutOthers = true,
  ) =>
    changeOwnPassword({
      actor: me.actor,
      currentSessionId: me.sessionId,
      currentPassword,
      newPassword,
      signOutOthers,
      ipAddress: request.ipAddress,
    });

  it("needs the current password, and a wrong one changes nothing and is audited", async () => {
    const me = signInAs(trust.staff7.id);
    const error = await inputError(() => change(me, "not my password at all", NEW_PASSWORD));
    expect(error).toMatchObject({
      field: "currentPassword",
      message: "Your current password is not right.",
    });
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), TEST_PASSWORD)).toBe(true);
    expect(lastAudit()).toMatchObject({
      action: "password.change_failed",
      actorUserId: trust.staff7.id,
    });
  });

  it("changes it, keeps this session and ends the others when asked", async () => {
    const other = signInAs(trust.staff7.id);
    const me = signInAs(trust.staff7.id);
    expect(await change(me, TEST_PASSWORD, NEW_PASSWORD)).toEqual({ otherSessionsEnded: 1 });
    expect(validateSessionToken(me.token)).not.toBeNull();
    expect(validateSessionToken(other.token)).toBeNull();
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), NEW_PASSWORD)).toBe(true);
    expect(lastAudit()).toMatchObject({ action: "password.changed", targetId: trust.staff7.id });
  });

  it("leaves other sessions alone when the person unticks the box", async () => {
    const other = signInAs(trust.staff7.id);
    const me = signInAs(trust.staff7.id);
    expect(await change(me, TEST_PASSWORD, NEW_PASSWORD, false)).toEqual({
      otherSessionsEnded: 0,
    });
    expect(validateSessionToken(other.token)).not.toBeNull();
  });

  it("applies the policy and refuses the same password again", async () => {
    const me = signInAs(trust.staff7.id);
    expect(await inputError(() => change(me, TEST_PASSWORD, "password123"))).toMatchObject({
      field: "password",
      message: "Use at least 12 characters.",
    });
    expect(await inputError(() => change(me, TEST_PASSWORD, TEST_PASSWORD))).toMatchObject({
      field: "password",
      message: "Choose a password different from your current one.",
    });
    expect(await verifyPassword(passwordHashOf(trust.staff7.id), TEST_PASSWORD)).toBe(true);
  });

  it("withdraws a reset link the person had not used", async () => {
    const { token } = issueForStaff();
    await change(signInAs(trust.staff7.id), TEST_PASSWORD, NEW_PASSWORD);
    expect(lookUpPasswordReset(token)).toEqual({ status: "revoked" });
  });

  it("counts wrong current passwords towards the sign-in lockout", async () => {
    const me = signInAs(trust.staff7.id);
    for (let i = 0; i < 10; i++)
      await inputError(() => change(me, `wrong guess ${i}`, NEW_PASSWORD));
    const locked = await inputError(() => change(me, TEST_PASSWORD, NEW_PASSWORD));
    expect(locked.message).toMatch(/^Too many wrong passwords\. Wait 15 minutes/);
    expect(
      await signIn({ email: trust.staff7.email, password: TEST_PASSWORD, ...request }),
    ).toMatchObject({ ok: false, reason: "locked" });
  });
});
