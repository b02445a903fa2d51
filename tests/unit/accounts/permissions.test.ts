import { describe, expect, it } from "vitest";
import {
  type Actor,
  canActOnAccount,
  canAdministerOrganisation,
  canManageTeam,
  canViewTeam,
} from "~/models/accounts/permissions";

const actor = (overrides: Partial<Actor>): Actor => ({
  userId: "me",
  organisationId: "org",
  name: "Me",
  isOrgAdmin: false,
  teams: [],
  ...overrides,
});

const admin = actor({ isOrgAdmin: true });
const manager = actor({
  teams: [
    { teamId: "ward7", role: "manager" },
    { teamId: "ward9", role: "staff" },
  ],
});
const staff = actor({ teams: [{ teamId: "ward7", role: "staff" }] });

describe("permissions matrix", () => {
  it("lets members and administrators view a team, and nobody else", () => {
    expect(canViewTeam(admin, "ward7")).toBe(true);
    expect(canViewTeam(manager, "ward7")).toBe(true);
    expect(canViewTeam(staff, "ward7")).toBe(true);
    expect(canViewTeam(staff, "ward12")).toBe(false);
  });

  it("lets a manager manage only the teams they manage", () => {
    expect(canManageTeam(manager, "ward7")).toBe(true);
    expect(canManageTeam(manager, "ward9")).toBe(false);
    expect(canManageTeam(staff, "ward7")).toBe(false);
    expect(canManageTeam(admin, "anything")).toBe(true);
  });

  it("keeps organisation administration to administrators", () => {
    expect(canAdministerOrganisation(admin)).toBe(true);
    expect(canAdministerOrganisation(manager)).toBe(false);
  });

  it("lets a manager act on the account of someone in a team they manage", () => {
    expect(canActOnAccount(manager, { userId: "sam", isOrgAdmin: false, teamIds: ["ward7"] })).toBe(
      true,
    );
    expect(canActOnAccount(manager, { userId: "sam", isOrgAdmin: false, teamIds: ["ward9"] })).toBe(
      false,
    );
    expect(canActOnAccount(staff, { userId: "sam", isOrgAdmin: false, teamIds: ["ward7"] })).toBe(
      false,
    );
  });

  it("never lets a manager lock out an administrator, nor anyone act on their own account this way", () => {
    expect(canActOnAccount(manager, { userId: "boss", isOrgAdmin: true, teamIds: ["ward7"] })).toBe(
      false,
    );
    expect(canActOnAccount(admin, { userId: "me", isOrgAdmin: true, teamIds: [] })).toBe(false);
    expect(canActOnAccount(admin, { userId: "other-admin", isOrgAdmin: true, teamIds: [] })).toBe(
      true,
    );
  });
});
