// Playwright fixtures: each test makes its own trust (organisation, team, people) straight in the
// SQLite file the server uses, and signs people in by writing a session row, as the app would.
//
// Only plain SQL here (tables as in drizzle/0000_foundation.sql). App modules are off limits:
// some import `.txt?raw`, which only Vite can load. Audit rows are never written by hand either:
// the audit log is a hash chain, and a forged row would break it. Fixture data has no audit trail.
import { createHash, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { hash } from "@node-rs/argon2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import {
  type Browser,
  type BrowserContext,
  test as base,
  expect,
  type Page,
  type TestInfo,
} from "@playwright/test";
import Database from "better-sqlite3";
import {
  DESKTOP,
  databaseFile,
  mainDataDirectory,
  PHONE,
  type ProjectName,
  serverPorts,
} from "./environment";

export { expect };

/** Every fixture person's password: long and uncommon enough for the password policy. */
export const PASSWORD = "kettle harbour violin plum";

export type Person = {
  userId: string;
  email: string;
  name: string;
  password: string;
  /** The person's membership of the trust's team (the administrator has none). */
  membershipId: string | null;
};

export type Trust = {
  organisationId: string;
  organisationName: string;
  teamId: string;
  teamName: string;
  /** An organisation administrator in no team. */
  admin: Person;
  /** The team's manager. */
  manager: Person;
  /** A member of staff in the team. */
  staff: Person;
};

/** As app/models/ids.server.ts: 80 random bits, base32. */
function newId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(10));
}

/** As app/models/ids.server.ts: 160 random bits, base32 (matches /^[a-z2-7]{32}$/). */
export function newSecretToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** What the database stores for a session or invitation token: its SHA-256, hex. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

// argon2id as the app hashes (m=19456 KiB, t=2, p=1). One hash per worker is enough: each
// user row gets the same string, which verifies the same password.
let passwordHash: Promise<string> | undefined;
function fixturePasswordHash(): Promise<string> {
  passwordHash ??= hash(PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  return passwordHash;
}

export function openDatabase(file: string): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  // The server writes to the same file at the same time: wait for its lock rather than fail.
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}

export async function createTrust(db: Database.Database): Promise<Trust> {
  const suffix = randomBytes(4).toString("hex");
  const now = Date.now();
  const passwordHash = await fixturePasswordHash();
  const organisationId = newId();
  const organisationName = `Northgate Hospitals ${suffix}`;
  const teamId = newId();
  const teamName = "Ward 7 Acute Medical Unit";

  const insertUser = db.prepare(
    `INSERT INTO users (id, organisation_id, email, name, password_hash, is_org_admin, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMembership = db.prepare(
    `INSERT INTO memberships (id, team_id, user_id, role, grade, skills, clinical, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const person = (
    role: "admin" | "manager" | "staff",
    name: string,
    grade: string,
    skills: string[],
  ): Person => {
    const userId = newId();
    const email = `${role}-${suffix}@e2e.nhs.net`;
    insertUser.run(
      userId,
      organisationId,
      email,
      name,
      passwordHash,
      role === "admin" ? 1 : 0,
      now,
    );
    let membershipId: string | null = null;
    if (role !== "admin") {
      membershipId = newId();
      insertMembership.run(membershipId, teamId, userId, role, grade, JSON.stringify(skills), now);
    }
    return { userId, email, name, password: PASSWORD, membershipId };
  };

  return db.transaction(() => {
    db.prepare("INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)").run(
      organisationId,
      organisationName,
      now,
    );
    db.prepare(
      "INSERT INTO teams (id, organisation_id, name, time_zone, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(teamId, organisationId, teamName, "Europe/London", now);
    return {
      organisationId,
      organisationName,
      teamId,
      teamName,
      admin: person("admin", "Olusegun Adeyemi", "", []),
      manager: person("manager", "Priya Raman", "Band 7 Ward Manager", ["Nurse in charge"]),
      staff: person("staff", "Tom Whitfield", "Band 5 RN", ["IV"]),
    };
  })();
}

/** Starts a session for the person, as signing in would, and gives its cookie to the context. */
export async function signInAs(
  db: Database.Database,
  context: BrowserContext,
  person: Person,
  { baseURL, userAgent }: { baseURL: string; userAgent: string },
): Promise<string> {
  const token = newSecretToken();
  const now = Date.now();
  db.prepare(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip_address)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    hashSecretToken(token),
    person.userId,
    now,
    now,
    now + 14 * 86_400_000,
    userAgent,
    "127.0.0.1",
  );
  await context.addCookies([
    { name: "baton_session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" },
  ]);
  return token;
}

/** An invitation row as invitePerson would write it; returns the token for the link. */
export function createInvitation(
  db: Database.Database,
  trust: Trust,
  { email, expiresAt }: { email: string; expiresAt: number },
): string {
  const token = newSecretToken();
  db.prepare(
    `INSERT INTO invitations (id, organisation_id, token_hash, email, team_id, role, grade, skills,
       clinical, as_org_admin, created_by_user_id, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, 'staff', 'HCA', '[]', 1, 0, ?, ?, ?)`,
  ).run(
    newId(),
    trust.organisationId,
    hashSecretToken(token),
    email,
    trust.teamId,
    trust.manager.userId,
    Date.now(),
    expiresAt,
  );
  return token;
}

/**
 * A password reset link's row as issuePasswordReset would write it (password_resets, drizzle/0008);
 * returns the token for the link.
 */
export function createPasswordReset(
  db: Database.Database,
  trust: Trust,
  { person, expiresAt }: { person: Person; expiresAt: number },
): string {
  const token = newSecretToken();
  db.prepare(
    `INSERT INTO password_resets (id, organisation_id, user_id, token_hash, created_by_user_id,
       created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    newId(),
    trust.organisationId,
    person.userId,
    hashSecretToken(token),
    trust.manager.userId,
    Date.now(),
    expiresAt,
  );
  return token;
}

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}@e2e.nhs.net`;
}

/** The device shape of the test's project, for extra contexts (a second phone, say). */
export function deviceOf(testInfo: TestInfo) {
  return testInfo.project.name === "phone" ? PHONE : DESKTOP;
}

export function firstRunURL(testInfo: TestInfo): string {
  const project = testInfo.project.name as ProjectName;
  const port = serverPorts().firstRun[project];
  if (!port) throw new Error(`No first-run server for project ${testInfo.project.name}`);
  return `http://127.0.0.1:${port}`;
}

/** WCAG 2.2 AA as axe tests it; serious and critical violations fail the test. */
export async function expectNoSeriousAccessibilityViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  const report = serious
    .map(
      (v) =>
        `${v.impact}: ${v.id} (${v.help}) ${v.helpUrl}\n${v.nodes
          .map(
            (n) =>
              `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`,
          )
          .join("\n")}`,
    )
    .join("\n\n");
  expect(serious, `Accessibility violations on ${page.url()}:\n\n${report}`).toEqual([]);
}

type TestFixtures = {
  /** A fresh organisation with a team, its manager, a member of staff and an administrator. */
  trust: Trust;
  /** Signs the person in, in the given context (default: the test's own page's context). */
  signIn: (person: Person, context?: BrowserContext) => Promise<string>;
  /** Another browser context shaped like the test's project (or as given); closed afterwards. */
  newContext: (options?: Parameters<Browser["newContext"]>[0]) => Promise<BrowserContext>;
};

type WorkerFixtures = {
  /** The main server's database, opened once per worker. */
  db: Database.Database;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const db = openDatabase(databaseFile(mainDataDirectory()));
      await use(db);
      db.close();
    },
    { scope: "worker" },
  ],
  trust: async ({ db }, use) => {
    await use(await createTrust(db));
  },
  signIn: async ({ db, context, baseURL, userAgent }, use) => {
    await use((person, other) =>
      signInAs(db, other ?? context, person, {
        baseURL: baseURL ?? `http://127.0.0.1:${serverPorts().main}`,
        // What Settings > Devices shows for the session (the project's browser, near enough).
        userAgent: userAgent ?? "",
      }),
    );
  },
  newContext: async ({ browser, baseURL }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext({ ...deviceOf(testInfo), baseURL, ...options });
      contexts.push(context);
      return context;
    });
    for (const context of contexts) await context.close();
  },
});
