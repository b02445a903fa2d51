import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, signInAttempts, users } from "~/db/schema.server";
import { validateSessionToken } from "~/models/accounts/sessions.server";
import { MAX_FAILURES_PER_ACCOUNT, signIn } from "~/models/accounts/sign-in.server";
import { action as loginAction } from "~/routes/login";
import { createOrganisation, createPerson, signInAs, TEST_PASSWORD } from "../../support/factories";
import { callAction } from "../../support/requests";

const T0 = new Date("2026-11-25T09:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
let person: { id: string; email: string };

beforeEach(async () => {
  getDb().delete(signInAttempts).run();
  const org = createOrganisation();
  person = await createPerson({ organisationId: org.id });
});

const attempt = (password: string, at: Date, ipAddress = "10.0.0.1", email = person.email) =>
  signIn({ email, password, ipAddress, userAgent: "test", now: at });

describe("sign-in", () => {
  it("signs in with the right password, whatever the case and spacing of the email", async () => {
    const result = await attempt(TEST_PASSWORD, T0, "10.0.0.1", `  ${person.email.toUpperCase()} `);
    expect(result.ok).toBe(true);
  });

  it("refuses a wrong password and an unknown email with the same answer", async () => {
    expect(await attempt("wrong password here", T0)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(TEST_PASSWORD, T0, "10.0.0.1", "nobody@trust.example")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses a deactivated account even with the right password", async () => {
    getDb().update(users).set({ deactivatedAt: T0 }).where(eq(users.id, person.id)).run();
    expect(await attempt(TEST_PASSWORD, minutes(1))).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks the account after 10 failures in 15 minutes, even for the right password, and says how long", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      await attempt("wrong password here", minutes(i));
    const locked = await attempt(TEST_PASSWORD, minutes(10));
    // The first failure (minute 0) leaves the window at minute 15: five minutes to wait.
    expect(locked).toEqual({ ok: false, reason: "locked", retryAfterMinutes: 5 });
  });

  it("locks a burst of simultaneous guesses too: no more than 10 reach the password check", async () => {
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => attempt("wrong password here", T0)),
    );
    expect(burst.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(
      MAX_FAILURES_PER_ACCOUNT,
    );
    expect(burst.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(
      30 - MAX_FAILURES_PER_ACCOUNT,
    );
    expect((await attempt(TEST_PASSWORD, minutes(1))).ok).toBe(false);
  });

  it("lifts the lock once the earliest failure leaves the 15-minute window", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      await attempt("wrong password here", minutes(i));
    expect((await attempt(TEST_PASSWORD, minutes(14))).ok).toBe(false);
    expect((await attempt(TEST_PASSWORD, minutes(15))).ok).toBe(true);
  });

  it("does not lock after 9 failures", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++)
      await attempt("wrong password here", minutes(i));
    expect((await attempt(TEST_PASSWORD, minutes(9))).ok).toBe(true);
  });

  it("locks an address that fails across many accounts", async () => {
    for (let i = 0; i < 50; i++) {
      await signIn({
        email: `guess${i}@trust.example`,
        password: "wrong password here",
        ipAddress: "203.0.113.9",
        userAgent: "t",
        now: minutes(i / 10),
      });
    }
    const fromThatAddress = await attempt(TEST_PASSWORD, minutes(6), "203.0.113.9");
    expect(fromThatAddress).toMatchObject({ ok: false, reason: "locked" });
    expect((await attempt(TEST_PASSWORD, minutes(6), "10.0.0.2")).ok).toBe(true);
  });

  it("audits every attempt: success, failure and lockout", async () => {
    const before = getDb().select().from(auditEvents).all().length;
    await attempt(TEST_PASSWORD, T0);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      await attempt("wrong password here", minutes(1));
    await attempt(TEST_PASSWORD, minutes(2));
    const events = getDb()
      .select()
      .from(auditEvents)
      .all()
      .slice(before)
      .map((e) => e.action);
    expect(events).toEqual([
      "sign_in.succeeded",
      ...Array(MAX_FAILURES_PER_ACCOUNT).fill("sign_in.failed"),
      "sign_in.locked",
    ]);
  });

  it("never writes the password into the audit log", async () => {
    await attempt("my secret wrong password", T0);
    const details = getDb()
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.detail)
      .join("\n");
    expect(details).not.toContain("my secret wrong password");
  });
});

describe("the sign-in page", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie and redirects to the page asked for", async () => {
    const response = (await callAction(loginAction, {
      path: "/login",
      form: { email: person.email, password: TEST_PASSWORD, next: "/team" },
    }).catch((e) => e)) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/team");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^baton_session=[a-z2-7]{32};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });

  it("ends the browser's previous session when someone signs in over it", async () => {
    const before = signInAs(person.id);
    await callAction(loginAction, {
      path: "/login",
      cookie: before.cookie,
      form: { email: person.email, password: TEST_PASSWORD },
    }).catch((e) => e);
    expect(validateSessionToken(before.token)).toBeNull();
  });

  it("uses a Secure __Host- cookie over HTTPS", async () => {
    const request = new Request("https://baton.example/login", {
      method: "POST",
      headers: {
        Origin: "https://baton.example",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: person.email, password: TEST_PASSWORD }).toString(),
    });
    const response = (await loginAction({
      request,
      params: {},
      context: { cspNonce: "", clientAddress: "10.0.0.3" },
    }).catch((e) => e)) as Response;
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^__Host-baton_session=/);
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Domain");
  });

  it("tells a locked-out person how many minutes to wait", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      await attempt("wrong password here", new Date());
    const result = (await callAction(loginAction, {
      path: "/login",
      form: { email: person.email, password: TEST_PASSWORD },
    })) as {
      errors: { message: string }[];
    };
    expect(result.errors[0]?.message).toMatch(
      /^Too many failed attempts to sign in\. Wait 1[45] minutes, then try again\.$/,
    );
  });

  it("answers an empty form with a message and records no attempt", async () => {
    const result = (await callAction(loginAction, {
      path: "/login",
      form: { email: "", password: "" },
    })) as {
      errors: { field?: string; message: string }[];
    };
    expect(result.errors.map((e) => e.field)).toEqual(["email", "password"]);
    expect(getDb().select().from(signInAttempts).all()).toHaveLength(0);
  });
});
